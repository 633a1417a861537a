//! `/om`: what Fritid is, who runs it, how it treats personal data (personvern) and the
//! accessibility statement (tilgjengelighetserklæring).

use actix_web::web;
use askama::Template;

use crate::layout::{Layout, PageResult, Section, ok};
use crate::pages::AppData;
use crate::text::{NB, Text};
use fluent_bundle::FluentValue;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/om", web::get().to(about));
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    layout: Layout,
    t: &'static Text,
    /// The configuration the text states: `age`, from which a volunteer consents alone, and
    /// `days` after an opportunity closes before its sign-ups are erased.
    args: Vec<(&'static str, FluentValue<'static>)>,
}

async fn about(app: AppData) -> PageResult {
    let t: &'static Text = &NB;
    let config = app.volunteering();
    ok(&AboutPage {
        layout: Layout::new(t.get("about-title"), Section::About),
        t,
        args: vec![("age", config.consent_age.into()), ("days", config.retention_days.into())],
    })
}
