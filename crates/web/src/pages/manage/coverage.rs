//! `/admin/dekning`: how many public activities each kommunedel offers each target group,
//! for the municipality to see where the offer is thin. The same figures as the API's
//! `GET /api/v1/stats/coverage`, as one table; `free` narrows them the same way.

use std::borrow::Cow;

use actix_web::web;
use askama::Template;
use fritid_app::query::parse_bool;
use fritid_domain::ValidationErrors;
use fritid_domain::coverage::group_columns;

use super::admin::{Admin, AdminPage, StatusChoice};
use crate::layout::{Layout, PageError, PageResult, Section, ok};
use crate::pages::account::no_store;
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/dekning", web::get().to(coverage));
}

/// A district's line: its name and its counts (all its activities, then each group's).
struct Line {
    name: String,
    counts: Vec<u64>,
}

#[derive(Template)]
#[template(path = "admin/coverage.html")]
struct CoveragePage {
    layout: Layout,
    t: &'static Text,
    page: AdminPage,
    prices: Vec<StatusChoice>,
    caption: Cow<'static, str>,
    groups: Vec<Cow<'static, str>>,
    lines: Vec<Line>,
    totals: Vec<u64>,
    api_url: String,
}

/// The page's query: `free` as the API takes it; empty or absent, every activity.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CoverageQuery {
    free: Option<String>,
}

impl CoverageQuery {
    /// The price asked for. The drop-down offers only valid values, so anything else was
    /// typed into the address: 400.
    fn free(&self) -> Result<Option<bool>, PageError> {
        match self.free.as_deref().filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => parse_bool("free", v, &mut ValidationErrors::new())
                .map(Some)
                .ok_or(PageError::BadRequest),
        }
    }
}

async fn coverage(
    app: web::Data<fritid_app::App>, _admin: Admin, q: web::Query<CoverageQuery>,
) -> PageResult {
    let free = q.free()?;
    let t: &'static Text = &NB;
    let (districts, table) = app.coverage_overview(free).await?;
    let lines = districts
        .iter()
        .zip(table.lines)
        // A district taken out of use is left out unless something is still offered there.
        .filter(|(d, line)| !d.retired || line.count > 0)
        .map(|(d, line)| Line {
            name: d.name.clone(),
            counts: std::iter::once(line.count).chain(line.by_group).collect(),
        })
        .collect();
    let groups = group_columns()
        .into_iter()
        .map(|g| match g {
            Some(g) => t.attr("admin-coverage-groups", g.as_str()),
            None => t.get("admin-coverage-no-group"),
        })
        .collect();
    let price = |value: &'static str, id: &str, this: Option<bool>| StatusChoice {
        value,
        label: t.get(id),
        checked: free == this,
    };
    let prices = vec![
        price("", "admin-coverage-all-prices", None),
        price("true", "admin-coverage-free", Some(true)),
        price("false", "admin-coverage-paid", Some(false)),
    ];
    let caption = t.get(match free {
        None => "admin-coverage-caption",
        Some(true) => "admin-coverage-caption-free",
        Some(false) => "admin-coverage-caption-paid",
    });
    let api_url = match free {
        None => "/api/v1/stats/coverage".to_owned(),
        Some(free) => format!("/api/v1/stats/coverage?free={free}"),
    };
    let page = CoveragePage {
        layout: Layout::new(t.get("admin-coverage-title"), Section::MyPage),
        t,
        page: AdminPage::Coverage,
        prices,
        caption,
        groups,
        lines,
        totals: std::iter::once(table.total).chain(table.by_group).collect(),
        api_url,
    };
    ok(&page).map(no_store)
}
