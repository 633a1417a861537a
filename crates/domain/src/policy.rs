//! Who may do what: one pure function, `authorize(actor, action, resource)`, called by every
//! handler before it acts. Tested below as a table of every role × action.
//!
//! Denials come in three kinds so the HTTP layer can answer honestly without leaking:
//! `Unauthenticated` (401: log in first), `Forbidden` (403: you can see it but may not do
//! this) and `Hidden` (404: you may not even know it exists).

use uuid::Uuid;

use crate::account::{GlobalRole, OrgRole};
use crate::organisation::OrganisationStatus;

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User { id: Uuid, role: GlobalRole },
}

impl From<&crate::account::User> for Actor {
    fn from(user: &crate::account::User) -> Self {
        Actor::User { id: user.id, role: user.role }
    }
}

impl Actor {
    pub fn is_admin(&self) -> bool {
        matches!(self, Actor::User { role: GlobalRole::Admin, .. })
    }

    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User { id, .. } => Some(*id),
            Actor::Anonymous => None,
        }
    }
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    CreateOrganisation,
    ReadOrganisation,
    UpdateOrganisation,
    ArchiveOrganisation,
    /// Verify or reject (municipality moderators).
    ModerateOrganisation,
    ListMembers,
    InviteMember,
    /// Remove a member or change a member's role.
    ManageMember {
        target_is_self: bool,
    },
    ReadAuditLog,
    /// See the e-mail outbox (recipients masked): what waits, what was sent, what failed.
    ReadOutbox,
    /// Create, change, retire or delete kommunedeler and categories.
    ManageReferenceData,
    /// Export or erase everything held about an e-mail address.
    AdministerPersonalData,
    /// Create an activity or a volunteer opportunity in the organisation.
    CreateListing,
    ReadListing,
    /// Change, publish, unpublish or delete an activity or opportunity.
    EditListing,
    /// See the organisation's volunteer sign-ups (personal data): its members only.
    ReadSignups,
    /// Move sign-ups through their statuses, record a seen politiattest: its members only.
    ManageSignups,
}

/// What they want to do it to, with the facts the decision depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// The platform as a whole (creating an organisation, reading the audit log).
    Platform,
    Organisation {
        status: OrganisationStatus,
        /// The actor's role in this organisation, if any.
        membership: Option<OrgRole>,
    },
    /// An activity or a volunteer opportunity; `membership` is the actor's role in the
    /// organisation that owns it.
    Listing { is_public: bool, membership: Option<OrgRole> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(Denial),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    Unauthenticated,
    Forbidden,
    Hidden,
}

pub fn authorize(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    use Action::*;
    use Decision::{Allow, Deny};

    let is_admin = actor.is_admin();
    match resource {
        Resource::Platform => match (actor, action) {
            (Actor::Anonymous, _) => Deny(Denial::Unauthenticated),
            (_, CreateOrganisation) => Allow,
            // Moderation as a whole: the verification queue, every organisation in any state.
            (
                _,
                ReadAuditLog
                | ReadOutbox
                | AdministerPersonalData
                | ManageReferenceData
                | ModerateOrganisation,
            ) if is_admin => Allow,
            _ => Deny(Denial::Forbidden),
        },
        Resource::Listing { is_public, membership } => {
            let visible = *is_public || membership.is_some() || is_admin;
            match (action, actor) {
                (ReadListing, _) if visible => Allow,
                (ReadListing, _) => Deny(Denial::Hidden),
                (_, Actor::Anonymous) => Deny(Denial::Unauthenticated),
                _ if !visible => Deny(Denial::Hidden),
                (EditListing, _) if is_admin || membership.is_some() => Allow,
                _ => Deny(Denial::Forbidden),
            }
        }
        Resource::Organisation { status, membership } => {
            let visible = status.is_public() || membership.is_some() || is_admin;
            if action == ReadOrganisation {
                return if visible { Allow } else { Deny(Denial::Hidden) };
            }
            if matches!(actor, Actor::Anonymous) {
                return Deny(Denial::Unauthenticated);
            }
            if !visible {
                return Deny(Denial::Hidden);
            }
            if matches!(action, ReadSignups | ManageSignups) {
                // Volunteers gave their contact details to this organisation alone: not even
                // an admin reads them (requests about an address have their own tools).
                return if membership.is_some() { Allow } else { Deny(Denial::Forbidden) };
            }
            if is_admin {
                return Allow;
            }
            let allowed = match (membership, action) {
                (None, _) => false,
                (Some(_), ListMembers | UpdateOrganisation | CreateListing) => true,
                (Some(_), ManageMember { target_is_self: true }) => true,
                (
                    Some(OrgRole::Owner),
                    ArchiveOrganisation | InviteMember | ManageMember { .. },
                ) => true,
                (Some(_), _) => false,
            };
            if allowed { Allow } else { Deny(Denial::Forbidden) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Decision::Allow;
    use Denial::*;

    const A: Decision = Allow;
    const U: Decision = Decision::Deny(Unauthenticated);
    const F: Decision = Decision::Deny(Forbidden);
    const H: Decision = Decision::Deny(Hidden);

    fn user(role: GlobalRole) -> Actor {
        Actor::User { id: Uuid::nil(), role }
    }

    /// Checks one row of a role table: what each actor (the columns: anonymous, other user
    /// (not a member), editor, owner, admin) gets when doing `action` to `resource`, given
    /// their membership. `case` names the row in a failure.
    fn assert_row(
        action: Action, expected: [Decision; 5], resource: impl Fn(Option<OrgRole>) -> Resource,
        case: &str,
    ) {
        let actors = [
            (Actor::Anonymous, None),
            (user(GlobalRole::User), None),
            (user(GlobalRole::User), Some(OrgRole::Editor)),
            (user(GlobalRole::User), Some(OrgRole::Owner)),
            (user(GlobalRole::Admin), None),
        ];
        for ((actor, membership), want) in actors.into_iter().zip(expected) {
            assert_eq!(
                authorize(&actor, action, &resource(membership)),
                want,
                "{action:?} {case} by {actor:?} as {membership:?}"
            );
        }
    }

    /// Rows: actions. Columns: anonymous, other user (not a member), editor, owner, admin.
    /// The organisation is verified (public) in the first table and pending in the second.
    #[test]
    fn organisation_actions_by_role() {
        let actions = [
            (ReadOrganisation, [A, A, A, A, A], [H, H, A, A, A]),
            (UpdateOrganisation, [U, F, A, A, A], [U, H, A, A, A]),
            (ArchiveOrganisation, [U, F, F, A, A], [U, H, F, A, A]),
            (ModerateOrganisation, [U, F, F, F, A], [U, H, F, F, A]),
            (ListMembers, [U, F, A, A, A], [U, H, A, A, A]),
            (InviteMember, [U, F, F, A, A], [U, H, F, A, A]),
            (ManageMember { target_is_self: false }, [U, F, F, A, A], [U, H, F, A, A]),
            (ManageMember { target_is_self: true }, [U, F, A, A, A], [U, H, A, A, A]),
            (CreateListing, [U, F, A, A, A], [U, H, A, A, A]),
            (ReadSignups, [U, F, A, A, F], [U, H, A, A, F]),
            (ManageSignups, [U, F, A, A, F], [U, H, A, A, F]),
        ];
        for (action, verified, pending) in actions {
            for (status, expected) in
                [(OrganisationStatus::Verified, verified), (OrganisationStatus::Pending, pending)]
            {
                let organisation = |membership| Resource::Organisation { status, membership };
                assert_row(action, expected, organisation, &format!("on {status:?}"));
            }
        }
    }

    #[test]
    fn archived_and_rejected_organisations_are_hidden_from_outsiders_only() {
        for status in [OrganisationStatus::Archived, OrganisationStatus::Rejected] {
            let outsider = authorize(
                &user(GlobalRole::User),
                ReadOrganisation,
                &Resource::Organisation { status, membership: None },
            );
            assert_eq!(outsider, H);
            let member = authorize(
                &user(GlobalRole::User),
                ReadOrganisation,
                &Resource::Organisation { status, membership: Some(OrgRole::Editor) },
            );
            assert_eq!(member, A);
        }
    }

    /// Columns as above; the activity is public in the first table and a draft in the second.
    #[test]
    fn activity_actions_by_role() {
        let table = [
            (ReadListing, [A, A, A, A, A], [H, H, A, A, A]),
            (EditListing, [U, F, A, A, A], [U, H, A, A, A]),
        ];
        for (action, public, private) in table {
            for (is_public, expected) in [(true, public), (false, private)] {
                let listing = |membership| Resource::Listing { is_public, membership };
                assert_row(action, expected, listing, &format!("public={is_public}"));
            }
        }
    }

    #[test]
    fn platform_actions_by_role() {
        let table = [
            (CreateOrganisation, [U, A, A]),
            (ReadAuditLog, [U, F, A]),
            (ReadOutbox, [U, F, A]),
            (AdministerPersonalData, [U, F, A]),
            (ManageReferenceData, [U, F, A]),
            (ModerateOrganisation, [U, F, A]),
        ];
        for (action, expected) in table {
            let actors = [Actor::Anonymous, user(GlobalRole::User), user(GlobalRole::Admin)];
            for (actor, want) in actors.into_iter().zip(expected) {
                assert_eq!(
                    authorize(&actor, action, &Resource::Platform),
                    want,
                    "{action:?} {actor:?}"
                );
            }
        }
    }
}
