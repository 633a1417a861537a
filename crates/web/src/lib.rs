//! The web pages: server-rendered HTML for people, beside the JSON API for programs.
//!
//! Same binary, same port, same use cases (`fritid-app`) as the API; see
//! `../shared/docs/web.md` for the rules (no JavaScript needed, WCAG 2.1 AA, Designsystemet,
//! nothing from other hosts) and the page map. Each page module owns its routes and its
//! templates' view structs; `layout` holds what every page shares (the frame, the security
//! headers, the error pages), `text` every user-facing string (the Fluent catalog in `i18n/`),
//! `words` dates, schedules and amounts put into those strings.

mod assets;
mod jsonld;
mod layout;
mod origin;
mod pages;
mod schedule_form;
mod text;
mod words;

use std::sync::Arc;

use actix_web::web;

pub use layout::error_page;

/// Settings of the pages.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address people reach the service at, without a trailing slash: absolute links in
    /// structured data and calendar files are built from it.
    pub public_url: String,
}

/// Registers every page and the static assets.
pub fn routes(config: WebConfig) -> Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync> {
    Arc::new(move |cfg: &mut web::ServiceConfig| {
        cfg.app_data(web::Data::new(config.clone()));
        assets::routes(cfg);
        // One scope for every page, so that no form can be left out of the check; a path
        // none of them has still reaches the application's fallback (the 404 page).
        cfg.service(
            web::scope("")
                .wrap(actix_web::middleware::from_fn(origin::same_origin_forms))
                .configure(pages::routes),
        );
    })
}
