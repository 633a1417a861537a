//! `/`: the front page, a way in for every kind of visitor.

use actix_web::web;
use askama::Template;
use fritid_domain::activity::TargetGroup;
use fritid_domain::reference::{Category, District};

use crate::layout::{Layout, PageResult, Section, ok};
use crate::pages::AppData;
use std::borrow::Cow;

use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(front));
}

#[derive(Template)]
#[template(path = "front.html")]
struct FrontPage {
    layout: Layout,
    t: &'static Text,
    /// The target groups with a shortcut, by code, and their links' text.
    groups: Vec<(&'static str, Cow<'static, str>)>,
    districts: Vec<District>,
    /// Top-level categories.
    categories: Vec<Category>,
}

async fn front(app: AppData) -> PageResult {
    // Retired ones are not offered.
    let districts = app.districts().await?.into_iter().filter(|d| !d.retired).collect();
    let categories =
        app.categories().await?.into_iter().filter(|c| c.parent.is_none() && !c.retired).collect();
    let t: &'static Text = &NB;
    let groups =
        [TargetGroup::Children, TargetGroup::Youth, TargetGroup::Adults, TargetGroup::Seniors]
            .map(|g| (g.as_str(), t.attr("front-for-whom", g.as_str())))
            .into();
    ok(&FrontPage {
        layout: Layout::new(t.get("front-title"), Section::Home),
        t,
        groups,
        districts,
        categories,
    })
}
