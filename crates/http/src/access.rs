//! Loading a resource together with the caller's right to it: every handler goes through
//! here, so the policy in `fritid-domain` is asked the same way everywhere.

use fritid_domain::account::OrgRole;
use fritid_domain::policy::{Action, Actor, Resource};
use uuid::Uuid;

use crate::AppState;
use crate::auth::require;
use crate::problem::ApiError;

/// The actor's role in an organisation (none for anonymous callers).
pub(crate) async fn membership(
    state: &AppState,
    actor: &Actor,
    organisation_id: Uuid,
) -> Result<Option<OrgRole>, ApiError> {
    Ok(match actor.user_id() {
        Some(user) => state.store.membership(organisation_id, user).await?,
        None => None,
    })
}

/// Loads an organisation and checks that `actor` may do `action` to it.
pub(crate) async fn organisation(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    action: Action,
) -> Result<(fritid_domain::organisation::Organisation, Option<OrgRole>), ApiError> {
    let organisation = state.store.get_organisation(id).await?;
    let membership = membership(state, actor, id).await?;
    require(
        actor,
        action,
        &Resource::Organisation {
            status: organisation.status,
            membership,
        },
    )?;
    Ok((organisation, membership))
}

/// Checks `action` on a listing (an activity or a volunteer opportunity) of an organisation.
pub(crate) async fn listing(
    state: &AppState,
    actor: &Actor,
    organisation_id: Uuid,
    is_public: bool,
    action: Action,
) -> Result<(), ApiError> {
    let membership = membership(state, actor, organisation_id).await?;
    require(
        actor,
        action,
        &Resource::Listing {
            is_public,
            membership,
        },
    )
}

/// Districts and categories a request names, each with the field it came from.
#[derive(Debug, Default)]
pub(crate) struct NamedReferences<'a> {
    pub districts: Vec<(String, &'a str)>,
    pub categories: Vec<(String, &'a str)>,
}

/// The outcome of parsing a body, completed with what only the reference data can tell
/// (an unknown district or category), so that a 422 lists every bad field at once instead of
/// the database's objections coming one request later. The store checks again inside its
/// transaction.
pub(crate) async fn with_references<T>(
    state: &AppState,
    parsed: Result<T, fritid_domain::ValidationErrors>,
    named: NamedReferences<'_>,
) -> Result<T, ApiError> {
    use fritid_domain::reference::Slug;
    let refs = state.store.references().await?;
    let (value, mut errors) = match parsed {
        Ok(value) => (Some(value), fritid_domain::ValidationErrors::new()),
        Err(errors) => (None, errors),
    };
    let mut unknown = |field: String, value: &str, known: &dyn Fn(&Slug) -> bool, what: &str| {
        if let Ok(slug) = Slug::parse(&field, value)
            && !known(&slug)
            && !errors.0.iter().any(|e| e.field == field)
        {
            errors.push(field, format!("is not a known {what}"));
        }
    };
    for (field, value) in named.districts {
        unknown(field, value, &|s| refs.district_id(s).is_some(), "district");
    }
    for (field, value) in named.categories {
        unknown(field, value, &|s| refs.category_id(s).is_some(), "category");
    }
    match value {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(ApiError::Validation(errors)),
    }
}
