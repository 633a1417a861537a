//! Error responses that many operations share, named once for the OpenAPI annotations.
//!
//! `#[utoipa::path(responses(...))]` takes these types beside its own tuples, so a handler
//! lists `MemberOnly, IfMatchRequired` instead of repeating each problem+json line. What every
//! operation of a kind can answer (400/413/415/422 for bodies, 401 for tokens, 429, 503) is
//! added by `CommonResponses` in `lib.rs`; the sets here say what is particular to a handler.

use std::collections::BTreeMap;

use utoipa::openapi::response::Response;
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};

use crate::problem::PROBLEM_JSON;

/// The responses for `(status, description)` pairs, each with a problem+json body.
fn problems(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter()
        .map(|(status, description)| {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))))
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}

/// Declares a unit struct per set, implementing `utoipa::IntoResponses` with [`problems`].
macro_rules! problem_sets {
    ($($(#[$doc:meta])* $name:ident = [$(($status:literal, $description:literal)),+ $(,)?];)+) => {$(
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                problems(&[$(($status, $description)),+])
            }
        }
    )+};
}

problem_sets! {
    /// Operations only members of the organisation may do.
    MemberOnly = [(403, "Not a member.")];
    /// Operations only owners of the organisation may do.
    OwnerOnly = [(403, "Not an owner.")];
    /// Operations for the municipality's administrators.
    AdminOnly = [(403, "Not an admin.")];
    /// Writes that require the ETag the client read.
    IfMatchRequired = [(412, "Stale `If-Match`."), (428, "`If-Match` missing.")];
    /// Writes that check an ETag when the client sends one.
    IfMatchOptional = [(412, "Stale `If-Match`.")];
    /// A body with field errors; every bad field is listed.
    InvalidFields = [(422, "Invalid fields.")];
    /// Query parameters with errors; every bad one is listed.
    InvalidParameters = [(422, "Invalid parameters.")];
    /// Operations on one organisation.
    NoSuchOrganisation = [(404, "No such organisation.")];
    /// Operations on one kommunedel.
    NoSuchDistrict = [(404, "No such district.")];
    /// Operations on one category.
    NoSuchCategory = [(404, "No such category.")];
    /// Operations on one activity.
    NoSuchActivity = [(404, "No such activity.")];
    /// Operations on one activity, which the public sees only once published.
    NoVisibleActivity = [(404, "No such activity (or not visible).")];
    /// Feeds: a position is a timestamp and an id together.
    FeedPosition = [(422, "Only one of `afterTimestamp` and `afterId`.")];
    /// Writes refused because the organisation is archived.
    OrganisationArchived = [(409, "The organisation is archived.")];
    // Particular to one or two operations, named so the annotations read as a list.
    BadEmailToken = [(422, "The token is unknown, already used or expired.")];
    BadResetTokenOrPassword = [(422, "The token is unknown, already used or expired, or the new password is refused (`errors` names `token`, `password` or both).")];
    EmailNotVerified = [(403, "The caller's e-mail address is not confirmed yet (`urn:fritid:problem:email-not-verified`).")];
    MalformedJson = [(400, "Malformed JSON.")];
    BadRefreshToken = [(401, "Unknown, expired, revoked or reused token.")];
    WrongCredentials = [(401, "Wrong e-mail or password (one answer for both).")];
    InvitationForAnother = [(403, "Issued to another address.")];
    NotAMember = [(403, "Not a member of the organisation.")];
    NotAtTheCentre = [(403, "Not a member of this volunteer centre.")];
    NotOwnerOrEditor = [(403, "Not an owner or editor.")];
    NoPublicOpportunity = [(404, "No such public opportunity.")];
    NoSuchMember = [(404, "No such organisation or member.")];
    NoSuchOpportunity = [(404, "No such opportunity.")];
    NoSuchSignup = [(404, "No such sign-up.")];
    NoVisibleOpportunity = [(404, "No such opportunity (or not visible).")];
    NoVisibleOrganisation = [(404, "No such organisation (or not visible).")];
    NotVisibleToCaller = [(404, "No such organisation, or not visible to the caller.")];
    UsedInvitation = [(404, "Unknown, expired or already used.")];
    UsedWithdrawToken = [(404, "Unknown or already used token.")];
    ArchivedOrRejected = [(409, "The organisation is archived or rejected.")];
    ClosedOrFilled = [(409, "Closed or filled.")];
    InUse = [(409, "Something uses it.")];
    LastOwner = [(409, "The last owner cannot be removed.")];
    LastOwnerOfAny = [(409, "Last owner of an organisation.")];
    LeavesNoOwner = [(409, "It would leave the organisation without an owner.")];
    NotAVolunteerCentre = [(409, "The organisation is not a volunteer centre.")];
    OrgNumberTaken = [(409, "The organisasjonsnummer is taken.")];
    OrgNumberTakenOrArchived = [(409, "The organisasjonsnummer is taken, or the organisation is archived.")];
    OwnAddress = [(409, "The address is the caller's own.")];
    SlugOrCodeTaken = [(409, "The slug or the code is taken.")];
    SlugTaken = [(409, "The slug is taken.")];
    WithdrawnOrBackwards = [(409, "Withdrawn, or a move backwards.")];
    BodyTooLarge = [(413, "Body too large.")];
    NotJson = [(415, "Not JSON.")];
    InvalidCategoryFilter = [(422, "`parent` is not a known category, or `include_retired` not a boolean.")];
    InvalidEmail = [(422, "Invalid e-mail.")];
    InvalidFieldsAllListed = [(422, "Invalid fields (all listed).")];
    InvalidFieldsListed = [(422, "Invalid fields (all of them listed).")];
    InvalidOrTooMany = [(422, "Invalid parameters, or more sessions than one listing builds (narrow the window or the filters).")];
    InvalidParametersListed = [(422, "Invalid parameters (all of them listed).")];
    InvalidProfileChange = [(422, "Invalid fields, or `current_password` is wrong.")];
    InvalidSignup = [(422, "Invalid fields (consent missing, bad e-mail, …).")];
    InvalidWindow = [(422, "Invalid window.")];
    MissingReason = [(422, "Missing reason.")];
    UnknownRole = [(422, "Unknown role.")];
    NotReady = [(503, "Database unreachable or not migrated.")];
}

/// A conditional GET whose `If-None-Match` matched: no body.
pub struct NotModified;

impl utoipa::IntoResponses for NotModified {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let response = ResponseBuilder::new()
            .description("Unchanged since the ETag in `If-None-Match`.")
            .build();
        BTreeMap::from([("304".to_owned(), RefOr::T(response))])
    }
}
