//! Volunteering: organisations' needs for volunteers (frivillige oppdrag) and residents'
//! offers to help (påmeldinger), which are personal data and handled as such.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::account::Email;
use crate::activity::MAX_AGE;
use crate::code::codes;
use crate::organisation::parse_phone;
use crate::reference::Slug;
use crate::schedule::{ScheduleRule, ScheduleRuleInput, parse_schedule};
use crate::text::clean_text;
use crate::wire;
use crate::{FieldError, ValidationErrors};

/// How much of a volunteer's time an opportunity asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Commitment {
    OneOff,
    Recurring,
    Flexible,
}

codes!(input Commitment, documented as CommitmentDto: "Commitment kinds (documentation only)." {
    OneOff => "one_off",
    Recurring => "recurring",
    Flexible => "flexible",
});

/// What the organisation says about an opportunity. `Filled` is also shown automatically
/// when accepted sign-ups reach `spots`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpportunityStatus {
    Open,
    Filled,
    Closed,
}

codes!(input OpportunityStatus, documented as OpportunityStatusDto: "Opportunity states (documentation only)." {
    Open => "open",
    Filled => "filled",
    Closed => "closed",
});

impl OpportunityStatus {
    /// The status residents see: an open opportunity with no spots left reads `filled`.
    pub fn effective(self, spots_left: Option<i64>) -> Self {
        match (self, spots_left) {
            (OpportunityStatus::Open, Some(left)) if left <= 0 => OpportunityStatus::Filled,
            (s, _) => s,
        }
    }
}

/// A valid opportunity description.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityDetails {
    pub title: String,
    pub description: String,
    pub district: Slug,
    pub commitment: Commitment,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub schedule: Vec<ScheduleRule>,
    /// Lowercase tags, e.g. `sjåfør`, `norsk`, `data`.
    pub skills: Vec<String>,
    pub min_age: Option<i16>,
    pub spots: Option<i32>,
    pub requires_police_certificate: bool,
    pub status: OpportunityStatus,
}

/// Raw opportunity input, as a request body or a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(as = CreateOpportunityRequest, description = "A new volunteer opportunity.")
)]
pub struct OpportunityInput {
    #[cfg_attr(feature = "openapi", schema(example = "Sjåfør til handletur for eldre"))]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(example = "svelvik"))]
    pub district: String,
    #[cfg_attr(feature = "openapi", schema(value_type = CommitmentDto))]
    pub commitment: String,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    #[serde(default)]
    pub schedule: Vec<ScheduleRuleInput>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["sjåfør"])))]
    pub skills: Vec<String>,
    #[serde(default, deserialize_with = "wire::opt_whole")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub min_age: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_whole")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub spots: Option<i64>,
    #[serde(default)]
    pub requires_police_certificate: bool,
    /// Default `open`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OpportunityStatusDto>))]
    pub status: Option<String>,
}

use crate::dates::parse_instant;

/// A skill tag: 1–40 characters, folded to lowercase.
pub fn parse_skill(field: &str, value: &str) -> Result<String, FieldError> {
    clean_text(field, value, 1, 40).map(|s| s.to_lowercase())
}

impl OpportunityInput {
    pub fn parse(&self) -> Result<OpportunityDetails, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = e.check(clean_text("title", &self.title, 2, 200));
        let description = e.check(clean_text("description", &self.description, 0, 10_000));
        let district = e.check(Slug::parse("district", &self.district));
        let commitment = e.check(Commitment::parse("commitment", &self.commitment));
        let starts_at =
            e.check_optional(self.starts_at.as_deref(), |v| parse_instant("starts_at", v));
        let ends_at = e.check_optional(self.ends_at.as_deref(), |v| parse_instant("ends_at", v));
        if let (Some(s), Some(t)) = (starts_at, ends_at)
            && t <= s
        {
            e.push("ends_at", "must be after starts_at");
        }
        let schedule = e.merge(parse_schedule(&self.schedule)).unwrap_or_default();
        if self.skills.len() > 20 {
            e.push("skills", "must list at most 20 skills");
        }
        let skills = e.check_each("skills", &self.skills, parse_skill);
        let min_age = e.check_range::<i16>("min_age", self.min_age, 0..=MAX_AGE);
        let spots = e.check_range::<i32>("spots", self.spots, 1..=10_000);
        let status = match self.status.as_deref() {
            Some(s) => e.check(OpportunityStatus::parse("status", s)),
            None => Some(OpportunityStatus::Open),
        };
        match (title, description, district, commitment, status) {
            (Some(title), Some(description), Some(district), Some(commitment), Some(status))
                if e.is_empty() =>
            {
                Ok(OpportunityDetails {
                    title,
                    description,
                    district,
                    commitment,
                    starts_at,
                    ends_at,
                    schedule,
                    skills,
                    min_age,
                    spots,
                    requires_police_certificate: self.requires_police_certificate,
                    status,
                })
            }
            _ => Err(e),
        }
    }
}

impl OpportunityDetails {
    pub fn to_input(&self) -> OpportunityInput {
        OpportunityInput {
            title: self.title.clone(),
            description: self.description.clone(),
            district: self.district.to_string(),
            commitment: self.commitment.as_str().to_owned(),
            starts_at: self.starts_at.map(|t| t.to_rfc3339()),
            ends_at: self.ends_at.map(|t| t.to_rfc3339()),
            schedule: self.schedule.iter().map(ScheduleRule::to_input).collect(),
            skills: self.skills.clone(),
            min_age: self.min_age.map(i64::from),
            spots: self.spots.map(i64::from),
            requires_police_certificate: self.requires_police_certificate,
            status: Some(self.status.as_str().to_owned()),
        }
    }
}

/// A stored opportunity.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub details: OpportunityDetails,
    /// Accepted sign-ups.
    pub accepted: i64,
    pub is_public: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Opportunity {
    pub fn spots_left(&self) -> Option<i64> {
        self.details.spots.map(|s| (i64::from(s) - self.accepted).max(0))
    }

    pub fn effective_status(&self) -> OpportunityStatus {
        self.details.status.effective(self.spots_left())
    }
}

/// Where a sign-up is in the organisation's handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignupStatus {
    New,
    Contacted,
    Accepted,
    Declined,
    /// The volunteer withdrew; the personal data is gone.
    Withdrawn,
}

codes!(stored SignupStatus, documented as SignupStatusDto: "Sign-up states (documentation only)." {
    New => "new",
    Contacted => "contacted",
    Accepted => "accepted",
    Declined => "declined",
    Withdrawn => "withdrawn",
});

impl SignupStatus {
    /// What an organisation may set: `contacted`, `accepted` or `declined` (a sign-up never
    /// goes back to `new`, and only the volunteer withdraws).
    pub fn parse_target(field: &str, value: &str) -> Result<Self, FieldError> {
        match Self::parse(value) {
            Some(
                s @ (SignupStatus::Contacted | SignupStatus::Accepted | SignupStatus::Declined),
            ) => Ok(s),
            _ => Err(FieldError::new(field, "must be one of: contacted, accepted, declined")),
        }
    }

    /// Whether `self → to` is a move the organisation may make.
    pub fn can_move_to(self, to: SignupStatus) -> bool {
        match self {
            SignupStatus::Withdrawn => false,
            _ => self != to && to != SignupStatus::New && to != SignupStatus::Withdrawn,
        }
    }
}

/// A resident's offer to help, as submitted (no account needed).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SignupRequest,
    description = "Offer to help. No account needed."))]
pub struct SignupInput {
    #[cfg_attr(feature = "openapi", schema(example = "Kari Nordmann"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(example = "kari@example.no"))]
    pub email: String,
    pub phone: Option<String>,
    /// To the organisation, up to 2000 characters.
    pub message: Option<String>,
    /// Must be true: the details go to the organisation and nowhere else.
    pub consent: bool,
    /// True when the volunteer is at least the consent age (13 unless configured
    /// otherwise); otherwise `guardian_name` and `guardian_consent` are required.
    #[serde(default)]
    pub age_confirmed: bool,
    pub guardian_name: Option<String>,
    #[serde(default)]
    pub guardian_consent: bool,
}

/// A valid sign-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignup {
    pub name: String,
    pub email: Email,
    pub phone: Option<String>,
    pub message: Option<String>,
    pub age_confirmed: bool,
    pub guardian_name: Option<String>,
}

impl SignupInput {
    /// `consent_age` is the age from which a person may consent alone (13 by default; a
    /// change to 15 has been proposed, so it is configuration, not code).
    pub fn parse(&self, consent_age: u8) -> Result<NewSignup, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(clean_text("name", &self.name, 1, 200));
        let email = e.check(Email::parse("email", &self.email));
        let phone = e.check_optional(self.phone.as_deref(), |p| parse_phone("phone", p));
        let message =
            e.check_optional(self.message.as_deref(), |m| clean_text("message", m, 1, 2000));
        if !self.consent {
            e.push(
                "consent",
                "must be true: we need your consent to pass your details to the organisation",
            );
        }
        let guardian_name = e.check_optional(self.guardian_name.as_deref(), |g| {
            clean_text("guardian_name", g, 1, 200)
        });
        if !self.age_confirmed {
            if guardian_name.is_none()
                && self.guardian_name.as_deref().is_none_or(|g| g.trim().is_empty())
            {
                e.push(
                    "age_confirmed",
                    format!("must be true (you are at least {consent_age}), or a guardian must consent: give guardian_name and guardian_consent"),
                );
            }
            if !self.guardian_consent {
                e.push(
                    "guardian_consent",
                    format!("must be true when the volunteer is under {consent_age}"),
                );
            }
        }
        match (name, email) {
            (Some(name), Some(email)) if e.is_empty() => Ok(NewSignup {
                name,
                email,
                phone,
                message,
                age_confirmed: self.age_confirmed,
                guardian_name: if self.age_confirmed { None } else { guardian_name },
            }),
            _ => Err(e),
        }
    }
}

/// Whether residents see an opportunity: not deleted, of an organisation the municipality
/// has verified (closed and filled ones stay visible, marked so).
pub fn is_public(deleted: bool, organisation: crate::organisation::OrganisationStatus) -> bool {
    !deleted && organisation.is_public()
}

/// Whether one more volunteer can be accepted when `accepted` already are and the
/// opportunity has `spots` (none: no limit). Writes check it inside the transaction that
/// accepts, so two organisers accepting at once cannot overfill it.
pub fn has_free_spot(spots: Option<i32>, accepted: u64) -> bool {
    spots.is_none_or(|n| u64::try_from(n).is_ok_and(|n| accepted < n))
}

/// Whether an opportunity takes new sign-ups: open, with a spot left. The store asks this
/// inside the transaction that writes the sign-up.
pub fn takes_signups(status: OpportunityStatus, spots: Option<i32>, accepted: u64) -> bool {
    status == OpportunityStatus::Open && has_free_spot(spots, accepted)
}

/// Whether an organisation may see the counts of unanswered sign-ups of the organisations
/// in its districts: only a frivilligsentral, and only once the municipality has verified
/// that it is one (anyone can register an organisation of that kind).
pub fn sees_district_counts(
    kind: crate::organisation::OrganisationKind, status: crate::organisation::OrganisationStatus,
) -> bool {
    kind == crate::organisation::OrganisationKind::VolunteerCentre
        && status == crate::organisation::OrganisationStatus::Verified
}

/// A sign-up as its organisation sees it. Personal fields are `None` (`null`) once erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SignupDto,
    description = "A sign-up as its organisation sees it. Personal fields are `null` once erased."))]
pub struct Signup {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub opportunity_title: String,
    #[serde(skip)]
    pub organisation_id: Uuid,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    pub guardian_name: Option<String>,
    pub age_confirmed: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = SignupStatusDto))]
    pub status: SignupStatus,
    /// The date the organisation saw the volunteer's politiattest (never the document).
    pub police_certificate_seen_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Still `new` after the configured number of days.
    pub stale: bool,
    pub erased: bool,
}

impl Signup {
    /// Sets `stale` (the store leaves it `false`; the app knows the configured days): the sign-up is still `new` and came before `stale_before`.
    pub fn note_staleness(&mut self, stale_before: DateTime<Utc>) {
        self.stale = self.status == SignupStatus::New && self.created_at < stale_before;
    }
}

/// Filters of the public opportunity search.
#[derive(Debug, Clone, Default)]
pub struct OpportunitySearch {
    pub text: Vec<String>,
    pub districts: Vec<Slug>,
    /// Folded skill tags; any of them.
    pub skills: Vec<String>,
    pub commitments: Vec<Commitment>,
    /// Effective status (an open opportunity without spots left counts as filled).
    pub status: Option<OpportunityStatus>,
    pub organisation: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_for_every_pair;

    #[test]
    fn only_live_opportunities_of_verified_organisations_are_public() {
        use crate::organisation::OrganisationStatus as O;
        assert_for_every_pair([false, true], O::ALL, is_public, |deleted, org| {
            !deleted && org == O::Verified
        });
    }

    #[test]
    fn only_open_opportunities_with_a_spot_left_take_signups() {
        use OpportunityStatus::*;
        for (status, spots, accepted, takes) in [
            (Open, None, 100, true),
            (Open, Some(2), 1, true),
            (Open, Some(2), 2, false),
            (Filled, None, 0, false),
            (Closed, Some(5), 0, false),
        ] {
            assert_eq!(
                takes_signups(status, spots, accepted),
                takes,
                "{status:?} {spots:?} {accepted}"
            );
        }
    }

    #[test]
    fn accepting_stops_at_the_number_of_spots() {
        for (spots, accepted, free) in [
            (None, 0, true),
            (None, 1_000, true),
            (Some(5), 4, true),
            (Some(5), 5, false),
            (Some(5), 12, false),
            (Some(0), 0, false),
            (Some(-1), 0, false),
        ] {
            assert_eq!(has_free_spot(spots, accepted), free, "{spots:?} {accepted}");
        }
    }

    #[test]
    fn only_verified_volunteer_centres_see_district_counts() {
        use crate::organisation::{OrganisationKind as K, OrganisationStatus as S};
        assert_for_every_pair(K::ALL, S::ALL, sees_district_counts, |kind, status| {
            kind == K::VolunteerCentre && status == S::Verified
        });
    }

    fn signup() -> SignupInput {
        SignupInput {
            name: "Kari Nordmann".into(),
            email: "kari@example.no".into(),
            phone: Some("+47 912 34 567".into()),
            message: Some("Jeg har bil og kan kjøre på torsdager.".into()),
            consent: true,
            age_confirmed: true,
            ..SignupInput::default()
        }
    }

    #[test]
    fn a_good_signup_parses() {
        let s = signup().parse(13).unwrap();
        assert_eq!(s.email.as_str(), "kari@example.no");
        assert_eq!(s.guardian_name, None);
    }

    #[test]
    fn consent_is_required() {
        let mut s = signup();
        s.consent = false;
        let e = s.parse(13).unwrap_err();
        assert_eq!(e.0[0].field, "consent");
    }

    #[test]
    fn minors_need_a_guardian_who_consents() {
        let mut s = signup();
        s.age_confirmed = false;
        let e = s.parse(15).unwrap_err();
        assert_eq!(e.fields(), ["age_confirmed", "guardian_consent"]);
        assert!(e.0[0].message.contains("15"));
        s.guardian_name = Some("Ola Nordmann".into());
        s.guardian_consent = true;
        assert_eq!(s.parse(15).unwrap().guardian_name.as_deref(), Some("Ola Nordmann"));
    }

    #[test]
    fn every_bad_field_is_listed() {
        let mut s = signup();
        s.name = String::new();
        s.email = "nope".into();
        s.phone = Some("12".into());
        s.consent = false;
        assert_eq!(s.parse(13).unwrap_err().fields(), ["name", "email", "phone", "consent"]);
    }

    #[test]
    fn organisations_move_signups_forward_only() {
        use SignupStatus::*;
        assert!(New.can_move_to(Contacted));
        assert!(Contacted.can_move_to(Accepted));
        assert!(Accepted.can_move_to(Declined));
        assert!(!Contacted.can_move_to(New));
        assert!(!Withdrawn.can_move_to(Accepted));
        assert!(!New.can_move_to(Withdrawn));
        assert!(SignupStatus::parse_target("status", "new").is_err());
    }

    #[test]
    fn filled_is_shown_when_no_spots_are_left() {
        assert_eq!(OpportunityStatus::Open.effective(Some(0)), OpportunityStatus::Filled);
        assert_eq!(OpportunityStatus::Open.effective(Some(2)), OpportunityStatus::Open);
        assert_eq!(OpportunityStatus::Closed.effective(Some(0)), OpportunityStatus::Closed);
        assert_eq!(OpportunityStatus::Open.effective(None), OpportunityStatus::Open);
    }

    #[test]
    fn opportunities_validate_every_field() {
        let input = OpportunityInput {
            title: "Sjåfør til handletur".into(),
            district: "svelvik".into(),
            commitment: "recurring".into(),
            skills: vec!["Sjåfør".into(), "sjåfør".into()],
            spots: Some(3),
            ..OpportunityInput::default()
        };
        let d = input.parse().unwrap();
        assert_eq!(d.skills, ["sjåfør"]);
        assert_eq!(d.status, OpportunityStatus::Open);
        let bad = OpportunityInput {
            title: "x".into(),
            district: "Svelvik".into(),
            commitment: "sometimes".into(),
            starts_at: Some("2027-01-02T10:00:00Z".into()),
            ends_at: Some("2027-01-01T10:00:00Z".into()),
            spots: Some(0),
            status: Some("full".into()),
            ..OpportunityInput::default()
        };
        assert_eq!(
            bad.parse().unwrap_err().fields(),
            ["title", "district", "commitment", "ends_at", "spots", "status"]
        );
    }
}
