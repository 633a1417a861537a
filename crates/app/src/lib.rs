//! Fritid's use cases: one method of [`App`] for each thing a person can do — register, log
//! in, create an organisation, publish an activity, sign up as a volunteer… Each takes the
//! actor and the input, and does the authorization (the policy in `fritid-domain`), the
//! domain rules, the store's transaction with its audit entry and feed position, and the
//! cache invalidation, in one place. The front doors (`fritid-http`, and the web pages)
//! parse requests, call these, and present the answers; they never reach the store.
//!
//! Errors are one [`AppError`], which each front door maps once.

mod access;
pub mod accounts;
pub mod activities;
pub mod auth;
mod error;
mod forms;
pub mod limits;
pub mod mail;
pub mod organisations;
mod platform;
pub mod reference;
mod scheduled;
pub mod search_index;
pub mod sessions;
pub mod throttle;
pub mod volunteering;

use std::sync::Arc;

use fritid_persistence::Store;

pub mod query;
pub mod query_reading;

pub use access::NamedReferences;
pub use error::AppError;
pub use forms::FORM_TOKEN_SECS;
/// Plain data the store hands out, as the front doors see it.
pub use fritid_persistence::{
    ActivitySearch, ActivitySort, AuditFilter, CoverageRow, FacetRequest, Facets, FeedEntry,
    Member, OpenInvitation, OpportunitySearch, OrganisationFilter, Page, PersonalData, Readiness,
    SearchHit, SearchPage, Signup, StaleCount, decode_cursor,
};
pub use fritid_persistence::{ClaimedMail, EmailLink};

/// The client's address as the front door determined it (the TCP peer, or the address a
/// trusted reverse proxy forwarded), kept with the request for every limit and log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// A `PATCH` field: `Some` replaces the value, `None` keeps it.
pub(crate) fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *target = v;
    }
}

/// Applies the named fields of a patch (each an `Option` of the input's field) to an input.
macro_rules! apply_patch {
    ($patch:ident => $input:ident: $($field:ident),+ $(,)?) => {
        $(crate::set(&mut $input.$field, $patch.$field);)+
    };
}
pub(crate) use apply_patch;

/// Volunteering settings.
#[derive(Debug, Clone)]
pub struct VolunteeringConfig {
    /// From this age a volunteer consents alone (13; a change to 15 is proposed).
    pub consent_age: u8,
    /// A sign-up still `new` after this many days is "stale".
    pub stale_after_days: u32,
    /// Anonymous sign-ups per client per hour, and the burst allowed.
    pub signups_per_hour: u32,
    pub signup_burst: u32,
    /// Days after an opportunity closes before its sign-ups are erased.
    pub retention_days: u32,
}

impl Default for VolunteeringConfig {
    fn default() -> Self {
        Self {
            consent_age: 13,
            stale_after_days: 7,
            signups_per_hour: 20,
            signup_burst: 5,
            retention_days: 365,
        }
    }
}

impl VolunteeringConfig {
    pub fn stale_before(
        &self, now: chrono::DateTime<chrono::Utc>,
    ) -> chrono::DateTime<chrono::Utc> {
        now - chrono::Duration::days(i64::from(self.stale_after_days))
    }
}

/// Links (confirmation or password reset) e-mailed to one address at once; after them, one
/// every 30 minutes: the lifetime of a reset link, so an address that someone else keeps at
/// its limit still has a working link in its inbox, and nobody can make the service flood
/// an inbox (its own messages would land in spam folders next).
const LINK_BURST_TO_AN_ADDRESS: u32 = 3;
const LINKS_PER_HOUR_TO_AN_ADDRESS: u32 = 2;

/// Sign-ups with one e-mail address at once, and then an hour (each sends a receipt to it):
/// room for a volunteer to offer help in many places in one evening.
const SIGNUPS_AT_ONCE_PER_ADDRESS: u32 = 10;
const SIGNUPS_PER_HOUR_PER_ADDRESS: u32 = 10;

/// Everything the use cases are configured with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub auth: auth::AuthConfig,
    pub throttle: throttle::ThrottleConfig,
    pub volunteering: VolunteeringConfig,
    /// Account registrations per client address per hour, and the burst allowed; requests
    /// for a password-reset link are limited by the same numbers, counted apart.
    pub registrations_per_hour: u32,
    pub registration_burst: u32,
    /// Invitations one person may send per hour, and the burst allowed: enough to bring a
    /// club's board in at once, too few for the service's mail to carry anyone's mailing.
    /// One address receives at most as many, counted apart.
    pub invitations_per_hour: u32,
    pub invitation_burst: u32,
    /// Where e-mail comes from and where its links lead.
    pub mail: mail::MailSettings,
}

/// The application: the store and the services every use case shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    auth: Arc<auth::AuthConfig>,
    throttle: Arc<throttle::LoginThrottle>,
    hasher: Arc<auth::HashQueue>,
    volunteering: Arc<VolunteeringConfig>,
    signup_limit: Arc<limits::ClientLimit>,
    register_limit: Arc<limits::ClientLimit>,
    reset_limit: Arc<limits::ClientLimit>,
    /// Links e-mailed to one address (confirmation, reset), whoever asks.
    address_limit: Arc<limits::ClientLimit>,
    /// Invitations sent by one person.
    invite_limit: Arc<limits::ClientLimit>,
    /// Invitations sent to one address (by the same numbers, counted apart).
    invite_address_limit: Arc<limits::ClientLimit>,
    /// Sign-up receipts e-mailed to one address.
    signup_address_limit: Arc<limits::ClientLimit>,
    mail: Arc<mail::MailSettings>,
    /// The public activity search's index, when this process keeps one.
    search: Option<Arc<search_index::SearchIndex>>,
}

impl App {
    pub fn new(store: Store, settings: Settings) -> Self {
        let enabled = settings.throttle.enabled;
        // Several nodes share a PostgreSQL database, so they share the failed attempts;
        // SQLite is one node by nature.
        let failure_log: Box<dyn throttle::FailureLog> = match store.backend() {
            fritid_persistence::Backend::Postgres => {
                Box::new(throttle::StoreFailureLog(store.clone()))
            }
            fritid_persistence::Backend::Sqlite => Box::<throttle::InMemoryFailureLog>::default(),
        };
        // Each limit counted where the store's nodes share it; off with the throttle.
        let limit = |name, per_hour, burst| {
            Arc::new(limits::ClientLimit::for_store(&store, name, enabled, per_hour, burst))
        };
        Self {
            signup_limit: limit(
                "signup",
                settings.volunteering.signups_per_hour,
                settings.volunteering.signup_burst,
            ),
            register_limit: limit(
                "register",
                settings.registrations_per_hour,
                settings.registration_burst,
            ),
            reset_limit: limit(
                "reset",
                settings.registrations_per_hour,
                settings.registration_burst,
            ),
            address_limit: limit("address", LINKS_PER_HOUR_TO_AN_ADDRESS, LINK_BURST_TO_AN_ADDRESS),
            invite_limit: limit("invite", settings.invitations_per_hour, settings.invitation_burst),
            invite_address_limit: limit(
                "invite-address",
                settings.invitations_per_hour,
                settings.invitation_burst,
            ),
            signup_address_limit: limit(
                "signup-address",
                SIGNUPS_PER_HOUR_PER_ADDRESS,
                SIGNUPS_AT_ONCE_PER_ADDRESS,
            ),
            auth: Arc::new(settings.auth),
            throttle: Arc::new(throttle::LoginThrottle::new(settings.throttle, failure_log)),
            hasher: Arc::new(auth::HashQueue::for_this_machine()),
            volunteering: Arc::new(settings.volunteering),
            mail: Arc::new(settings.mail),
            search: None,
            store,
        }
    }

    pub fn auth_config(&self) -> &auth::AuthConfig {
        &self.auth
    }

    pub fn volunteering(&self) -> &VolunteeringConfig {
        &self.volunteering
    }

    /// The per-client limit on anonymous sign-ups (shared by every front door).
    pub fn signup_limit(&self) -> &limits::ClientLimit {
        &self.signup_limit
    }
}
