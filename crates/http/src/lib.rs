//! Fritid's HTTP API on actix-web: routes, DTOs with OpenAPI schemas, problem+json errors,
//! the OpenAPI document and the offline docs page.
//!
//! [`app`] builds the whole application; the server binary only adds the listener. The
//! OpenAPI document comes from the same route registration ([`openapi`]), so it cannot
//! describe routes that do not exist.

mod accounts;
mod activities;
mod admin;
mod admin_reference;
pub mod auth;
pub mod cache;
pub mod client;
mod context;
mod cors;
pub mod etag;
pub mod extract;
mod feeds;
mod health;
mod json_time;
pub mod metrics;
mod middleware;
mod occurrences;
mod organisations;
mod pagination;
pub mod problem;
pub mod ratelimit;
mod reference;
mod responses;
mod routes;
mod volunteering;

use std::sync::Arc;

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, get, web};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

pub use extract::DEFAULT_MAX_BODY_BYTES;
pub use middleware::{RequestId, X_REQUEST_ID};
pub use problem::{ApiError, Problem};

/// Another front door served by the same application and port: the web pages. The API keeps
/// `/api/…` and its own routes ([`is_api_path`]); every other path is the front door's, and
/// an error there is its HTML page rather than problem+json.
#[derive(Clone)]
pub struct FrontDoor {
    /// Registers the front door's routes.
    pub routes: Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>,
    /// The page for an error status on the front door's paths, with the request id.
    pub error_page: fn(actix_web::http::StatusCode, Option<&str>) -> HttpResponse,
}

/// Whether `path` is the API's (answered with JSON and problem+json) rather than a page's.
pub fn is_api_path(path: &str) -> bool {
    path == "/api"
        || path.starts_with("/api/")
        || path.starts_with("/docs")
        || UNDOCUMENTED_ROUTES.iter().any(|(p, _)| *p == path)
        || matches!(path, "/healthz" | "/readyz")
}

/// Settings the HTTP layer needs.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Largest accepted request body; larger ones get 413.
    pub max_body_bytes: usize,
    /// Origins allowed to call authenticated endpoints from a browser (public GETs are open
    /// to every origin).
    pub cors_origins: Vec<String>,
    /// The address people reach the service at (`FRITID_PUBLIC_URL`, without a trailing
    /// slash). Links the service hands out (feed `next` pages) are built from it, never from
    /// request headers, which a client can set to anything.
    pub public_url: String,
    /// Reverse proxies whose forwarded client addresses are believed
    /// (`FRITID_TRUSTED_PROXIES`).
    pub trusted_proxies: client::TrustedProxies,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            cors_origins: Vec::new(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            trusted_proxies: client::TrustedProxies::default(),
        }
    }
}

/// What handlers share: the application (every use case) and what only the HTTP front
/// door needs.
#[derive(Debug, Clone)]
pub struct AppState {
    pub app: fritid_app::App,
    /// Every API request per client.
    pub api_limit: Arc<ratelimit::ApiLimit>,
    pub metrics: Arc<metrics::Metrics>,
    /// Anonymous public reads, briefly.
    pub cache: Arc<cache::PublicCache>,
    /// Search results' items as JSON, per version of an activity.
    pub rendered: Arc<activities::RenderedItems>,
}

/// The general per-client request limit.
#[derive(Debug, Clone)]
pub struct ApiLimits {
    pub enabled: bool,
    pub requests_per_minute: u32,
    pub burst: u32,
}

impl Default for ApiLimits {
    fn default() -> Self {
        Self { enabled: true, requests_per_minute: 600, burst: 200 }
    }
}

impl AppState {
    pub fn new(
        app: fritid_app::App, limits: ApiLimits, metrics_token: Option<String>,
        cache_ttl: std::time::Duration,
    ) -> Result<Self, ApiError> {
        let metrics = metrics::Metrics::new(metrics_token).map_err(ApiError::internal)?;
        Ok(Self {
            app,
            api_limit: Arc::new(ratelimit::ApiLimit::new(
                limits.enabled,
                limits.requests_per_minute,
                limits.burst,
            )),
            metrics: Arc::new(metrics),
            cache: Arc::new(cache::PublicCache::new(cache_ttl)),
            rendered: Arc::default(),
        })
    }
}

pub(crate) use client::client_ip;

#[derive(OpenApi)]
#[openapi(
    servers((url = "/", description = "This server")),
    info(
        title = "Fritid API",
        description = include_str!("../openapi-description.md"),
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    components(schemas(
        Problem,
        problem::ProblemField,
        activities::WeekdayDto,
        activities::SortDto,
        feeds::FeedPage
    )),
    modifiers(&BearerScheme),
    tags(
        (name = "accounts", description = "Registration, login, tokens and the signed-in user."),
        (name = "organisations", description = "Organisations, their members and invitations."),
        (name = "activities", description = "Activities (fritidstilbud): publishing, search, sessions, calendars."),
        (name = "volunteering", description = "Volunteer opportunities and sign-ups (personal data: see each operation)."),
        (name = "feeds", description = "Change feeds (OpenActive RPDE 1.0, modified-id ordering) to keep a full copy of everything public."),
        (name = "statistics", description = "Aggregated public figures for the municipality."),
        (name = "admin", description = "Municipality administration."),
        (name = "health", description = "Liveness and readiness."),
        (name = "reference data", description = "Kommunedeler (districts) and activity categories."),
    )
)]
struct ApiDoc;

/// Responses every operation of a kind can give, added in one place rather than on each
/// handler: malformed, oversized or non-JSON bodies (400, 413, 415), missing or bad tokens
/// where a token is accepted (401), and the per-client limit and database outages on the
/// API (429, 503).
struct CommonResponses;

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
        let problem = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/problem+json",
                        Content::new(Some(Ref::from_schema_name("Problem"))),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/");
            for op in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
                    .into_iter()
                    .flatten()
            {
                let mut add = |code: &str, description: &str| {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| problem(description));
                };
                let _ = &mut add;
                // Public operations say so explicitly (an empty requirement: no credentials).
                if op.security.is_none() {
                    op.security =
                        Some(vec![utoipa::openapi::security::SecurityRequirement::default()]);
                }
                let has_body = op.request_body.is_some();
                let has_query = op.parameters.as_ref().is_some_and(|ps| {
                    ps.iter().any(|p| {
                        matches!(p, RefOr::T(p) if p.parameter_in == utoipa::openapi::path::ParameterIn::Query)
                    })
                });
                if has_query {
                    add("422", "A query parameter is invalid; `errors` names it.");
                }
                let takes_token = op.security.as_ref().is_some_and(|reqs| {
                    reqs.iter()
                        .any(|r| *r != utoipa::openapi::security::SecurityRequirement::default())
                });
                if has_body {
                    add(
                        "422",
                        "The body is well-formed but invalid; `errors` lists every bad field.",
                    );
                    add("400", "The body is not valid JSON.");
                    add("413", "The body is larger than the configured limit.");
                    add("415", "The body is not `application/json`.");
                }
                if takes_token {
                    add("401", "The access token is missing, invalid or expired.");
                }
                if api {
                    add("429", "Too many requests from this client; see `Retry-After`.");
                    add("503", "The database is unavailable; retry after `Retry-After`.");
                }
            }
        }
    }
}

/// Declares the `bearer` security scheme that protected operations name.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from `POST /api/v1/auth/login`."))
                    .build(),
            ),
        );
    }
}

/// Registers every documented route. Used both to serve and to generate the document.
fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz).service(
        scope::scope("/api/v1")
            .service(accounts::register)
            .service(accounts::login)
            .service(accounts::refresh)
            .service(accounts::logout)
            .service(accounts::get_me)
            .service(accounts::update_me)
            .service(accounts::delete_me)
            .service(accounts::verify_email)
            .service(accounts::resend_verification)
            .service(accounts::request_password_reset)
            .service(accounts::reset_password)
            .service(organisations::list_organisations)
            .service(organisations::create_organisation)
            .service(organisations::get_organisation)
            .service(organisations::update_organisation)
            .service(organisations::archive_organisation)
            .service(organisations::verify_organisation)
            .service(organisations::reject_organisation)
            .service(organisations::list_members)
            .service(organisations::invite_member)
            .service(organisations::change_member_role)
            .service(organisations::remove_member)
            .service(organisations::accept_invitation)
            .service(activities::create_activity)
            .service(activities::list_organisation_activities)
            .service(activities::search_activities)
            .service(activities::get_activity)
            .service(activities::update_activity)
            .service(activities::delete_activity)
            .service(activities::publish_activity)
            .service(activities::unpublish_activity)
            .service(occurrences::activity_occurrences)
            .service(occurrences::activity_calendar_ics)
            .service(occurrences::search_occurrences)
            .service(occurrences::coverage)
            .service(volunteering::create_opportunity)
            .service(volunteering::list_organisation_opportunities)
            .service(volunteering::search_opportunities)
            .service(volunteering::get_opportunity)
            .service(volunteering::update_opportunity)
            .service(volunteering::delete_opportunity)
            .service(volunteering::create_signup)
            .service(volunteering::list_signups)
            .service(volunteering::update_signup)
            .service(volunteering::withdraw_signup)
            .service(volunteering::stale_counts)
            .service(admin::export_personal_data)
            .service(admin::erase_personal_data)
            .service(feeds::activities)
            .service(feeds::organisations)
            .service(feeds::opportunities)
            .service(admin::audit_log)
            .service(admin::outbox)
            .service(admin_reference::create_district)
            .service(admin_reference::update_district)
            .service(admin_reference::delete_district)
            .service(admin_reference::create_category)
            .service(admin_reference::update_category)
            .service(admin_reference::delete_category)
            .service(reference::list_districts)
            .service(reference::get_district)
            .service(reference::list_categories)
            .service(reference::get_category),
    );
}

/// The OpenAPI 3.1 document of this build.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(api_routes)
        .split_for_parts();
    // After the routes are in: the modifier works on their operations.
    utoipa::Modify::modify(&CommonResponses, &mut api);
    api
}

/// The document as served and committed: pretty JSON with a final newline.
pub fn openapi_json() -> String {
    let api = openapi();
    match api.to_pretty_json() {
        Ok(json) => json + "\n",
        // Serialising a document of plain structs cannot fail; keep the server up regardless.
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Routes outside the OpenAPI document, for the 405 table.
const UNDOCUMENTED_ROUTES: &[(&str, &[&str])] =
    &[("/openapi.json", &["GET"]), ("/docs", &["GET"]), ("/metrics", &["GET"])];

/// The whole application. `spec` is [`openapi_json`], computed once by the caller and shared
/// by all workers.
pub fn app(
    state: AppState, config: AppConfig, spec: Arc<String>, front_door: Option<FrontDoor>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(api_routes)
        .split_for_parts();
    let table = routes::RouteTable::from_openapi(&api, UNDOCUMENTED_ROUTES);
    let cors = cors::cors(&config.cors_origins);
    let pages = front_door.clone();
    app.app_data(web::Data::new(state.app.clone()))
        .app_data(web::Data::new(state))
        .app_data(web::Data::new(config))
        .app_data(web::Data::new(table))
        .app_data(web::Data::new(OpenApiJson(spec)))
        // Path segments that do not parse cannot name anything: 404.
        .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NOT_FOUND.into()))
        .service(openapi_document)
        .service(metrics::metrics)
        .service(docs_redirect)
        .service(
            SwaggerUi::new("/docs/{_:.*}").config(
                SwaggerConfig::new(["/openapi.json"])
                    .try_it_out_enabled(true)
                    .persist_authorization(false),
            ),
        )
        .configure(|cfg| {
            if let Some(pages) = &pages {
                (pages.routes)(cfg);
            }
        })
        .app_data(web::Data::new(front_door))
        .default_service(web::to(middleware::fallback))
        .wrap(from_fn(cache::public_cache))
        .wrap(from_fn(auth::bearer_check))
        .wrap(from_fn(middleware::unknown_query_parameters))
        .wrap(cors)
        .wrap(from_fn(middleware::api_rate_limit))
        .wrap(from_fn(middleware::problem_responses))
        .wrap(from_fn(middleware::request_context))
        .wrap(from_fn(client::client_address))
}

struct OpenApiJson(Arc<String>);

#[get("/openapi.json")]
async fn openapi_document(spec: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(spec.0.as_ref().clone())
}

#[get("/docs")]
async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish()
}
