//! `/om`: what Fritid is, who runs it, how it treats personal data (personvern) and the
//! accessibility statement (tilgjengelighetserklæring).

use actix_web::web;
use askama::Template;

use crate::layout::{Layout, PageResult, Section, ok};
use crate::pages::AppData;
use crate::text::about::{AboutText, NB};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/om", web::get().to(about));
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    layout: Layout,
    t: &'static AboutText,
    /// From this age a volunteer consents alone (configuration).
    consent_age: u8,
    /// Days after an opportunity closes before its sign-ups are erased (configuration).
    retention_days: u32,
}

impl AboutPage {
    /// `text` with the configured consent age and retention period filled in.
    fn fill(&self, text: &str) -> String {
        text.replace("{age}", &self.consent_age.to_string())
            .replace("{days}", &self.retention_days.to_string())
    }
}

async fn about(app: AppData) -> PageResult {
    let t = &NB;
    ok(&AboutPage {
        layout: Layout::new(t.title, Section::About),
        t,
        consent_age: app.volunteering().consent_age,
        retention_days: app.volunteering().retention_days,
    })
}
