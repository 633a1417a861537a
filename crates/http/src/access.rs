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
