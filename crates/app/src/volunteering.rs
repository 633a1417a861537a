//! Volunteering: opportunities posted by organisations, and sign-ups from residents without
//! an account, handled with the care personal data needs.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::{Email, User};
use fritid_domain::audit::Audit;
use fritid_domain::mail::Mail;
use fritid_domain::organisation::Organisation;
use fritid_domain::policy::{Action, Actor, Resource};
use fritid_domain::schedule::ScheduleRuleInput;
use fritid_domain::volunteering::{Opportunity, OpportunityInput, SignupInput, SignupStatus};
use fritid_persistence::{
    OpportunitySearch, Page, PersonalData, Signup, SignupRefusal, StaleCount,
};
use uuid::Uuid;

use crate::access::{NamedReferences, require};
use crate::auth::{hash_token, new_opaque_token};
use crate::mail;
use crate::organisations::actor;
use crate::{App, AppError};
#[cfg(feature = "openapi")]
use fritid_domain::doc::{CommitmentDto, OpportunityStatusDto};
use fritid_domain::wire;

/// A change of an opportunity: absent fields keep their value; for the optional ones,
/// `Some(None)` (JSON `null`) clears it: `starts_at`, `ends_at`, `min_age`, `spots`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UpdateOpportunityRequest,
    description = "Absent fields keep their value; `null` clears `starts_at`, `ends_at`, `min_age`, `spots`."))]
pub struct OpportunityPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub district: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CommitmentDto>))]
    pub commitment: Option<String>,
    #[serde(default, deserialize_with = "wire::present")]
    pub starts_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "wire::present")]
    pub ends_at: Option<Option<String>>,
    pub schedule: Option<Vec<ScheduleRuleInput>>,
    pub skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "wire::patch_whole")]
    pub min_age: Option<Option<i64>>,
    #[serde(default, deserialize_with = "wire::patch_whole")]
    pub spots: Option<Option<i64>>,
    pub requires_police_certificate: Option<bool>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OpportunityStatusDto>))]
    pub status: Option<String>,
}

impl OpportunityPatch {
    fn apply(self, input: &mut OpportunityInput) {
        let patch = self;
        crate::apply_patch!(patch => input:
            title, description, district, commitment, starts_at, ends_at, schedule, skills,
            min_age, spots, requires_police_certificate
        );
        if patch.status.is_some() {
            input.status = patch.status;
        }
    }
}

/// A change of a sign-up by its organisation, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UpdateSignupRequest,
    description = "Move the sign-up on, or record the date its politiattest was seen."))]
pub struct SignupChange {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<fritid_domain::doc::SignupStatusDto>))]
    pub status: Option<String>,
    /// `YYYY-MM-DD` the politiattest was seen; `null` clears it.
    #[serde(default, deserialize_with = "wire::present")]
    pub police_certificate_seen_on: Option<Option<String>>,
}

fn district_of(input: &OpportunityInput) -> NamedReferences<'_> {
    NamedReferences {
        districts: vec![("district".to_owned(), input.district.as_str())],
        ..NamedReferences::default()
    }
}

impl App {
    /// When a sign-up still `new` counts as unanswered.
    pub fn stale_before(&self) -> DateTime<Utc> {
        self.volunteering.stale_before(Utc::now())
    }

    async fn authorized_opportunity(
        &self, actor: &Actor, id: Uuid, action: Action,
    ) -> Result<Opportunity, AppError> {
        let o = self.store.get_opportunity(id).await?;
        self.listing_for(actor, o.organisation_id, o.is_public, action).await?;
        Ok(o)
    }

    /// Posts an opportunity (members of the organisation).
    pub async fn create_opportunity(
        &self, user: &User, organisation: Uuid, input: OpportunityInput,
    ) -> Result<Opportunity, AppError> {
        self.adding_listing(user, organisation).await?;
        let details = self.with_references(input.parse(), district_of(&input)).await?;
        let audit = Audit::new(
            Some(user.id),
            "opportunity.create",
            format!("created volunteer opportunity {:?}", details.title),
        );
        Ok(self.store.create_opportunity(organisation, &details, &audit).await?)
    }

    /// Public opportunities matching `search`.
    pub async fn search_opportunities(
        &self, search: &OpportunitySearch, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Opportunity>, AppError> {
        Ok(self.store.search_opportunities(search, true, cursor, limit).await?)
    }

    /// An organisation's opportunities: public ones for everyone, all for its members.
    pub async fn organisation_opportunities(
        &self, actor: &Actor, organisation: Uuid, mut search: OpportunitySearch,
        cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Opportunity>, AppError> {
        let (_, membership) =
            self.organisation_for(actor, organisation, Action::ReadOrganisation).await?;
        let insider = membership.is_some() || actor.is_admin();
        search.organisation = Some(organisation);
        Ok(self.store.search_opportunities(&search, !insider, cursor, limit).await?)
    }

    /// One opportunity: public when its organisation is verified; members always.
    pub async fn opportunity(&self, actor: &Actor, id: Uuid) -> Result<Opportunity, AppError> {
        self.authorized_opportunity(actor, id, Action::ReadListing).await
    }

    /// Changes an opportunity (members).
    pub async fn update_opportunity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>, patch: OpportunityPatch,
    ) -> Result<Opportunity, AppError> {
        self.change_opportunity(user, id, expected_version, |input| patch.apply(input)).await
    }

    /// Replaces every field of an opportunity with `input` (members): the edit page, whose
    /// form shows them all. Without a `status` it keeps its status.
    pub async fn replace_opportunity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>, input: OpportunityInput,
    ) -> Result<Opportunity, AppError> {
        self.change_opportunity(user, id, expected_version, |current| {
            let kept = current.status.take();
            *current = input;
            current.status = current.status.take().or(kept);
        })
        .await
    }

    /// Changes an opportunity's fields as `change` says, checked as a whole.
    async fn change_opportunity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>,
        change: impl FnOnce(&mut OpportunityInput),
    ) -> Result<Opportunity, AppError> {
        let o = self.authorized_opportunity(&actor(user), id, Action::EditListing).await?;
        let mut input = o.details.to_input();
        change(&mut input);
        let named = NamedReferences {
            kept_districts: vec![o.details.district.clone()],
            ..district_of(&input)
        };
        let details = self.with_references(input.parse(), named).await?;
        let audit = Audit::new(
            Some(user.id),
            "opportunity.update",
            format!("updated volunteer opportunity {:?}", details.title),
        );
        Ok(self
            .store
            .update_opportunity(id, expected_version.unwrap_or(o.version), &details, &audit)
            .await?)
    }

    /// Deletes an opportunity (members; it leaves the feed as a tombstone).
    pub async fn delete_opportunity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>,
    ) -> Result<(), AppError> {
        let o = self.authorized_opportunity(&actor(user), id, Action::EditListing).await?;
        let audit = Audit::new(
            Some(user.id),
            "opportunity.delete",
            format!("deleted volunteer opportunity {:?}", o.details.title),
        );
        Ok(self.store.delete_opportunity(id, expected_version, &audit).await?)
    }

    /// A resident offers to help, without an account (limited per client and per e-mail
    /// address, which gets a receipt): the sign-up's
    /// id and the withdraw token, which is shown once and stored only as a hash.
    pub async fn sign_up(
        &self, client: Option<IpAddr>, opportunity: Uuid, input: SignupInput,
    ) -> Result<(Uuid, String), AppError> {
        self.signup_limit.check(client).await?;
        let new = input.parse(self.volunteering.consent_age)?;
        // Each sign-up e-mails a receipt to the address typed: limited per address too.
        self.signup_address_limit.check_key(crate::limits::address_key(&new.email)).await?;
        let token = new_opaque_token()?;
        let o = self.store.get_opportunity(opportunity).await?;
        let title = &o.details.title;
        let contacts = self.store.organisation_contacts(o.organisation_id).await?;
        let inbox = self.page_url(&format!("/min-side/frivillig/{}", o.id));
        let mut mails = self.letters_to(&contacts, &mail::signup_notice(title, &inbox));
        let withdraw = self.page_url(&format!("/frivillig/trekk-tilbake?token={token}"));
        let receipt = mail::signup_receipt(&new.name, title, &o.organisation_name, &withdraw);
        mails.push(self.letter_to(&new.email, receipt));
        match self.store.create_signup(opportunity, &new, &hash_token(&token), &mails).await? {
            Ok(id) => Ok((id, token)),
            Err(SignupRefusal::NotFound) => Err(AppError::NotFound),
            Err(SignupRefusal::NotOpen) => {
                Err(AppError::Conflict("The opportunity is not taking volunteers now.".to_owned()))
            }
        }
    }

    /// The organisation's sign-ups, newest first (its members only); only the
    /// unanswered ones with `stale_only`.
    pub async fn signups(
        &self, user: &User, organisation: Uuid, stale_only: bool, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Signup>, AppError> {
        self.organisation_for(&actor(user), organisation, Action::ReadSignups).await?;
        let stale_before = self.stale_before();
        let before = stale_only.then_some(stale_before);
        let mut page = self.store.list_signups(organisation, before, cursor, limit).await?;
        page.items.iter_mut().for_each(|s| s.note_staleness(stale_before));
        Ok(page)
    }

    /// Moves a sign-up on, or records the date a politiattest was seen (members).
    pub async fn update_signup(
        &self, user: &User, id: Uuid, change: SignupChange,
    ) -> Result<Signup, AppError> {
        let current = self.store.get_signup(id).await?;
        // Outsiders learn nothing, not even that the sign-up exists.
        let membership = self.store.membership(current.organisation_id, user.id).await?;
        let actor = actor(user);
        if membership.is_none() && !actor.is_admin() {
            return Err(AppError::NotFound);
        }
        let (organisation, _) =
            self.organisation_for(&actor, current.organisation_id, Action::ManageSignups).await?;
        let mut errors = ValidationErrors::new();
        let status = change
            .status
            .as_deref()
            .and_then(|s| errors.check(SignupStatus::parse_target("status", s)));
        let seen = match change.police_certificate_seen_on {
            None => None,
            Some(None) => Some(None),
            Some(Some(d)) => {
                match fritid_domain::dates::parse_date("police_certificate_seen_on", &d) {
                    Ok(date) if date <= Utc::now().date_naive() => Some(Some(date)),
                    Ok(_) => {
                        errors.push("police_certificate_seen_on", "must not be in the future");
                        None
                    }
                    Err(err) => {
                        errors.push(err.field, err.message);
                        None
                    }
                }
            }
        };
        if change.status.is_none() && seen.is_none() && errors.is_empty() {
            errors.push("status", "give status and/or police_certificate_seen_on");
        }
        errors.finish()?;
        let audit = Audit::new(
            Some(user.id),
            "signup.update",
            match status {
                Some(s) => format!("a sign-up is now {}", s.as_str()),
                None => "recorded a politiattest check".to_owned(),
            },
        );
        let notice = self.answer_notice(&current, status, &organisation.profile.name);
        let mut updated =
            self.store.update_signup(id, status, seen, notice.as_ref(), &audit).await?;
        updated.note_staleness(self.stale_before());
        Ok(updated)
    }

    /// The message telling the volunteer of `signup` that `organisation` accepted or
    /// declined it, when `status` says so; none for `contacted`, nor for an erased sign-up.
    fn answer_notice(
        &self, signup: &Signup, status: Option<SignupStatus>, organisation: &str,
    ) -> Option<Mail> {
        let accepted = match status? {
            SignupStatus::Accepted => true,
            SignupStatus::Declined => false,
            _ => return None,
        };
        let to = Email::parse("email", signup.email.as_deref()?).ok()?;
        let name = signup.name.as_deref().unwrap_or_default();
        let (title, more) = (&signup.opportunity_title, self.page_url("/frivillig"));
        let letter = mail::signup_answered(name, title, organisation, accepted, &more);
        Some(self.letter_to(&to, letter))
    }

    /// The volunteer withdraws with the token; the personal data is erased at once.
    pub async fn withdraw_signup(&self, token: &str) -> Result<(), AppError> {
        Ok(self.store.withdraw_signup(&hash_token(token)).await?)
    }

    /// For a verified volunteer centre's members: unanswered sign-ups at each verified
    /// organisation in its districts. Counts only.
    pub async fn stale_counts(
        &self, user: &User, centre: Uuid,
    ) -> Result<Vec<StaleCount>, AppError> {
        let (org, _): (Organisation, _) =
            self.organisation_for(&actor(user), centre, Action::ReadSignups).await?;
        if !fritid_domain::volunteering::sees_district_counts(org.profile.kind, org.status) {
            return Err(AppError::Conflict(
                "Only volunteer centres verified by the municipality see counts for other organisations."
                    .to_owned(),
            ));
        }
        Ok(self.store.stale_counts_near(centre, self.stale_before()).await?)
    }

    /// Everything held about an address (admins).
    pub async fn personal_data(
        &self, user: &User, email: &str,
    ) -> Result<(Email, PersonalData), AppError> {
        require(&actor(user), Action::AdministerPersonalData, &Resource::Platform)?;
        let email = Email::parse("email", email)?;
        let mut data = self.store.personal_data(&email).await?;
        let stale_before = self.stale_before();
        data.signups.iter_mut().for_each(|s| s.note_staleness(stale_before));
        Ok((email, data))
    }

    /// Erases everything held about an address (admins): sign-ups blanked, invitations
    /// deleted, the account deleted. Sign-ups erased, and whether an account was.
    pub async fn erase_personal_data(
        &self, user: &User, email: &str,
    ) -> Result<(u64, bool), AppError> {
        require(&actor(user), Action::AdministerPersonalData, &Resource::Platform)?;
        let email = Email::parse("email", email)?;
        if email == user.email {
            return Err(AppError::Conflict(
                "An admin cannot erase their own account here; use DELETE /api/v1/me.".to_owned(),
            ));
        }
        // The summary deliberately leaves the address out.
        let audit = Audit::new(
            Some(user.id),
            "personal_data.erase",
            "erased a data subject's personal data",
        );
        Ok(self.store.erase_personal_data(&email, &audit).await?)
    }
}
