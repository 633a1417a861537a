//! Organisations: self-service registration and profile, moderation by the municipality,
//! members and invitations.

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::{Email, OrgRole, User};
use fritid_domain::audit::Audit;
use fritid_domain::organisation::{
    Organisation, OrganisationInput, OrganisationStatus, PendingChanges,
};
use fritid_domain::policy::{Action, Actor, Resource};
use fritid_domain::text::clean_text;
use fritid_persistence::{
    InvitationError, Member, NewInvitation, OpenInvitation, OrganisationFilter, Page, StoreError,
};
use uuid::Uuid;

use crate::access::{NamedReferences, require};
use crate::auth::{hash_token, new_opaque_token};
use crate::{App, AppError};

/// An organisation as the actor may see it: members and admins also see the count of
/// sign-ups left unanswered (`insider`).
#[derive(Debug, Clone)]
pub struct OrganisationView {
    pub organisation: Organisation,
    /// `Some` for members and admins.
    pub stale_signups: Option<u64>,
}

/// A change of the profile: absent fields keep their value; for the optional ones,
/// `Some(None)` (JSON `null`) clears it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UpdateOrganisationRequest,
    description = "Absent fields keep their value; `null` clears an optional field."))]
pub struct OrganisationPatch {
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<fritid_domain::doc::OrganisationKindDto>))]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "fritid_domain::wire::present")]
    pub org_number: Option<Option<String>>,
    pub description: Option<String>,
    #[serde(default, deserialize_with = "fritid_domain::wire::present")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "fritid_domain::wire::present")]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "fritid_domain::wire::present")]
    pub website: Option<Option<String>>,
    pub districts: Option<Vec<String>>,
}

impl OrganisationPatch {
    fn apply(self, input: &mut OrganisationInput) {
        let patch = self;
        crate::apply_patch!(patch => input:
            name, kind, org_number, description, email, phone, website, districts
        );
    }
}

/// An invitation just made; the token is shown once (only its hash is kept).
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = InvitationDto,
    description = "An invitation. Until e-mail delivery exists, the owner passes the token on."))]
pub struct NewInvitationToken {
    pub id: Uuid,
    pub organisation_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub email: Email,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub role: OrgRole,
    /// Accept with `POST /api/v1/invitations/{token}/accept`. Shown once; only its hash is kept.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

fn districts_of(input: &OrganisationInput) -> NamedReferences<'_> {
    NamedReferences {
        districts: NamedReferences::each("districts", &input.districts),
        ..NamedReferences::default()
    }
}

fn conflict_on_org_number(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict { .. } => AppError::Conflict(
            "Another organisation is already registered with this organisasjonsnummer.".to_owned(),
        ),
        other => other.into(),
    }
}

fn archived(what: &str) -> AppError {
    AppError::Conflict(format!("The organisation is archived; {what}."))
}

impl App {
    /// Verified organisations in Norwegian alphabetical order.
    pub async fn list_organisations(
        &self, filter: &OrganisationFilter, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Organisation>, AppError> {
        Ok(self.store.list_public_organisations(filter, cursor, limit).await?)
    }

    async fn view(
        &self, organisation: Organisation, insider: bool,
    ) -> Result<OrganisationView, AppError> {
        let stale_signups = if insider {
            let before = self.volunteering.stale_before(Utc::now());
            Some(self.store.stale_signup_count(organisation.id, before).await?)
        } else {
            None
        };
        Ok(OrganisationView { organisation, stale_signups })
    }

    /// Registers an organisation; `user` becomes its owner and it waits as `pending` for the
    /// municipality.
    pub async fn create_organisation(
        &self, user: &User, input: OrganisationInput,
    ) -> Result<OrganisationView, AppError> {
        require(&actor(user), Action::CreateOrganisation, &Resource::Platform)?;
        // The municipality must be able to reach whoever registers an organisation.
        if !user.email_verified {
            return Err(AppError::EmailNotVerified);
        }
        let profile = self.with_references(input.parse(), districts_of(&input)).await?;
        let audit = Audit::new(
            Some(user.id),
            "organisation.create",
            format!("created organisation {:?}", profile.name),
        );
        let organisation = self
            .store
            .create_organisation(&profile, user.id, &audit)
            .await
            .map_err(conflict_on_org_number)?;
        self.view(organisation, true).await
    }

    /// One organisation: public once verified; members and admins see it in any state.
    pub async fn organisation(
        &self, actor: &Actor, id: Uuid,
    ) -> Result<OrganisationView, AppError> {
        let (organisation, membership) =
            self.organisation_for(actor, id, Action::ReadOrganisation).await?;
        self.view(organisation, membership.is_some() || actor.is_admin()).await
    }

    /// Changes the profile (`expected_version` from `If-Match`). On a verified organisation
    /// a new name, kind, organisasjonsnummer or website waits for an admin.
    pub async fn update_organisation(
        &self, user: &User, id: Uuid, expected_version: Option<i32>, patch: OrganisationPatch,
    ) -> Result<OrganisationView, AppError> {
        let (organisation, _) =
            self.organisation_for(&actor(user), id, Action::UpdateOrganisation).await?;
        if organisation.status == OrganisationStatus::Archived {
            return Err(AppError::Conflict(
                "The organisation is archived and can no longer be changed.".to_owned(),
            ));
        }
        let mut input = organisation.to_input();
        patch.apply(&mut input);
        let named = NamedReferences {
            kept_districts: organisation.profile.districts.clone(),
            ..districts_of(&input)
        };
        let proposed = self.with_references(input.parse(), named).await?;
        let (profile, pending) = if PendingChanges::need_approval(organisation.status) {
            PendingChanges::split(&organisation.profile, proposed)
        } else {
            (proposed, PendingChanges::default())
        };
        let audit = Audit::new(
            Some(user.id),
            "organisation.update",
            if pending.is_empty() {
                format!("updated organisation {:?}", profile.name)
            } else {
                format!(
                    "updated organisation {:?}; identity changes wait for approval",
                    profile.name
                )
            },
        );
        let updated = self
            .store
            .update_organisation(
                id,
                expected_version.unwrap_or(organisation.version),
                &profile,
                &pending,
                &audit,
            )
            .await
            .map_err(conflict_on_org_number)?;
        self.view(updated, true).await
    }

    /// Archives the organisation (owners): it stops being public and its listings are
    /// unpublished. Archiving an archived one changes nothing.
    pub async fn archive_organisation(
        &self, user: &User, id: Uuid, expected_version: Option<i32>,
    ) -> Result<(), AppError> {
        let (organisation, _) =
            self.organisation_for(&actor(user), id, Action::ArchiveOrganisation).await?;
        if organisation.status != OrganisationStatus::Archived {
            let audit = Audit::new(
                Some(user.id),
                "organisation.archive",
                format!("archived organisation {:?}", organisation.profile.name),
            );
            self.store
                .set_organisation_status(
                    id,
                    OrganisationStatus::Archived,
                    None,
                    expected_version,
                    &audit,
                )
                .await?;
        }
        Ok(())
    }

    /// Verifies an organisation (admins), or approves the pending changes of a verified one.
    pub async fn verify_organisation(
        &self, user: &User, id: Uuid,
    ) -> Result<OrganisationView, AppError> {
        self.moderate(user, id, true, None).await
    }

    /// Rejects an organisation (admins), or discards the pending changes of a verified one;
    /// the reason is shown to its members.
    pub async fn reject_organisation(
        &self, user: &User, id: Uuid, reason: &str,
    ) -> Result<OrganisationView, AppError> {
        let reason = clean_text("reason", reason, 1, 2000)?;
        self.moderate(user, id, false, Some(reason)).await
    }

    async fn moderate(
        &self, user: &User, id: Uuid, approve: bool, reason: Option<String>,
    ) -> Result<OrganisationView, AppError> {
        let (organisation, _) =
            self.organisation_for(&actor(user), id, Action::ModerateOrganisation).await?;
        if organisation.status == OrganisationStatus::Archived {
            return Err(archived("it cannot be moderated"));
        }
        // A verified organisation with changes waiting: the answer is about the changes,
        // and the organisation stays verified.
        let about_changes =
            organisation.status == OrganisationStatus::Verified && organisation.pending.is_some();
        let (action, verb) = match (about_changes, approve) {
            (true, true) => ("organisation.changes.approve", "approved the changes of"),
            (true, false) => ("organisation.changes.reject", "discarded the changes of"),
            (false, true) => ("organisation.verify", "verified"),
            (false, false) => ("organisation.reject", "rejected"),
        };
        let audit = Audit::new(
            Some(user.id),
            action,
            format!("{verb} organisation {:?}", organisation.profile.name),
        );
        let updated = if about_changes {
            self.store
                .resolve_pending_changes(id, approve, reason, &audit)
                .await
                .map_err(conflict_on_org_number)?
        } else {
            let status =
                if approve { OrganisationStatus::Verified } else { OrganisationStatus::Rejected };
            self.store.set_organisation_status(id, status, reason, None, &audit).await?
        };
        self.view(updated, true).await
    }

    /// The verification queue (admins): organisations waiting to be verified and verified
    /// ones with identity changes waiting, oldest first; at most `limit`.
    pub async fn moderation_queue(
        &self, user: &User, limit: u64,
    ) -> Result<Vec<Organisation>, AppError> {
        require(&actor(user), Action::ModerateOrganisation, &Resource::Platform)?;
        Ok(self.store.organisations_awaiting_moderation(limit).await?)
    }

    /// Every organisation in any state, or those with `status` (admins), by name.
    pub async fn all_organisations(
        &self, user: &User, status: Option<OrganisationStatus>, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Organisation>, AppError> {
        require(&actor(user), Action::ModerateOrganisation, &Resource::Platform)?;
        Ok(self.store.list_all_organisations(status, cursor, limit).await?)
    }

    /// The organisation's members (members and admins).
    pub async fn members(&self, user: &User, id: Uuid) -> Result<Vec<Member>, AppError> {
        self.organisation_for(&actor(user), id, Action::ListMembers).await?;
        Ok(self.store.list_members(id).await?)
    }

    /// Invites an address to the organisation (owners). Only the account with that address
    /// can accept. Limited per inviter and per address (`TooManyRequests`).
    pub async fn invite_member(
        &self, user: &User, id: Uuid, email: &str, role: &str,
    ) -> Result<NewInvitationToken, AppError> {
        let (organisation, _) =
            self.organisation_for(&actor(user), id, Action::InviteMember).await?;
        let mut errors = ValidationErrors::new();
        let email = errors.check(Email::parse("email", email));
        let role = errors.check(OrgRole::parse("role", role));
        let (Some(email), Some(role)) = (email, role) else {
            return Err(errors.into());
        };
        // Each invitation is a message from the service with the organisation's name in it:
        // limited per inviter (whose account needed a confirmed address of its own) and per
        // address invited.
        self.invite_limit.check_key(user.id.to_string()).await?;
        self.invite_address_limit.check_key(crate::limits::address_key(&email)).await?;
        let token = new_opaque_token()?;
        let ttl = chrono::Duration::from_std(self.auth.invitation_ttl)
            .unwrap_or(chrono::Duration::days(14));
        let expires_at = Utc::now() + ttl;
        let link = self.page_url(&format!("/invitasjon?token={token}"));
        let letter =
            crate::mail::invitation(&organisation.profile.name, role, &link, ttl.num_days());
        let mail = self.letter_to(&email, letter);
        let audit = Audit::new(
            Some(user.id),
            "invitation.create",
            format!("invited a new {}", role.as_str()),
        );
        let invitation_id = self
            .store
            .create_invitation(
                &NewInvitation {
                    organisation_id: id,
                    email: email.clone(),
                    role,
                    token_hash: hash_token(&token),
                    invited_by: user.id,
                    expires_at,
                },
                &mail,
                &audit,
            )
            .await?;
        Ok(NewInvitationToken {
            id: invitation_id,
            organisation_id: id,
            email,
            role,
            token,
            expires_at,
        })
    }

    /// The invitations to `user`'s address still open: each accepted with its link. None
    /// until the address is confirmed: anyone can register with an address they do not
    /// hold, and must not learn which organisations invited it.
    pub async fn open_invitations(&self, user: &User) -> Result<Vec<OpenInvitation>, AppError> {
        if !user.email_verified {
            return Ok(Vec::new());
        }
        Ok(self.store.open_invitations(&user.email, Utc::now()).await?)
    }

    /// Accepts an invitation issued to `user`'s address: the organisation and the role.
    pub async fn accept_invitation(
        &self, user: &User, token: &str,
    ) -> Result<(Uuid, OrgRole), AppError> {
        match self.store.accept_invitation(&hash_token(token), user.id, &user.email).await? {
            Ok(accepted) => Ok(accepted),
            Err(InvitationError::NotFound) => Err(AppError::NotFound),
            Err(InvitationError::WrongRecipient) => Err(AppError::Forbidden),
        }
    }

    /// Changes a member's role (owners), or removes the member (`role: None`; any member may
    /// remove themselves). The last owner can be neither demoted nor removed.
    pub async fn set_member_role(
        &self, user: &User, organisation: Uuid, member: Uuid, role: Option<&str>,
    ) -> Result<(), AppError> {
        let target_is_self = role.is_none() && member == user.id;
        self.organisation_for(&actor(user), organisation, Action::ManageMember { target_is_self })
            .await?;
        let role = role.map(|r| OrgRole::parse("role", r)).transpose()?;
        let audit = match role {
            Some(role) => Audit::new(
                Some(user.id),
                "member.role",
                format!("changed a member's role to {}", role.as_str()),
            ),
            None => Audit::new(Some(user.id), "member.remove", "removed a member"),
        };
        Ok(self.store.set_member_role(organisation, member, role, &audit).await?)
    }
}

/// The policy's view of a signed-in user.
pub(crate) fn actor(user: &User) -> Actor {
    Actor::from(user)
}
