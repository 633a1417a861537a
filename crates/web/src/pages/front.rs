//! `/`: the front page, a way in for every kind of visitor.

use actix_web::web;
use askama::Template;
use fritid_domain::reference::{Category, District};

use crate::layout::{Layout, PageResult, Section, ok};
use crate::pages::AppData;
use crate::text::activities::{ActivitiesText, NB};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(front));
}

#[derive(Template)]
#[template(path = "front.html")]
struct FrontPage {
    layout: Layout,
    t: &'static ActivitiesText,
    districts: Vec<District>,
    /// Top-level categories.
    categories: Vec<Category>,
}

async fn front(app: AppData) -> PageResult {
    // Retired ones are not offered.
    let districts = app.districts().await?.into_iter().filter(|d| !d.retired).collect();
    let categories =
        app.categories().await?.into_iter().filter(|c| c.parent.is_none() && !c.retired).collect();
    ok(&FrontPage {
        layout: Layout::new(NB.front_title, Section::Home),
        t: &NB,
        districts,
        categories,
    })
}
