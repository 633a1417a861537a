//! Organisations: lag, foreninger, frivilligsentraler and municipal services.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::account::Email;
use crate::code::codes;
use crate::reference::Slug;
use crate::text::clean_text;
use crate::{FieldError, ValidationErrors};

/// An organisasjonsnummer from Brønnøysundregistrene: nine digits, the last a mod-11 check
/// digit over the first eight with weights 3, 2, 7, 6, 5, 4, 3, 2. Spaces are allowed on
/// input (`923 609 016`) and removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgNumber(String);

impl OrgNumber {
    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let digits: String = value.chars().filter(|c| *c != ' ').collect();
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "must be 9 digits"));
        }
        const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = WEIGHTS.iter().zip(&d).map(|(w, x)| w * x).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return Err(FieldError::new(field, "is not a valid organisasjonsnummer")),
            c => c,
        };
        if d[8] != check {
            return Err(FieldError::new(
                field,
                "is not a valid organisasjonsnummer (check digit mismatch)",
            ));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What kind of organisation it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganisationKind {
    Association,
    VolunteerCentre,
    MunicipalService,
    SocialEnterprise,
    Other,
}

codes!(input OrganisationKind, documented as OrganisationKindDto: "Kinds of organisation (documentation only; the field is validated with the others)." {
    Association => "association",
    VolunteerCentre => "volunteer_centre",
    MunicipalService => "municipal_service",
    SocialEnterprise => "social_enterprise",
    Other => "other",
});

/// Where an organisation is in moderation. Only `Verified` ones are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganisationStatus {
    /// Created, waiting for a moderator.
    Pending,
    Verified,
    Rejected,
    /// Closed by its owner; kept for history, never public.
    Archived,
}

codes!(stored OrganisationStatus {
    Pending => "pending",
    Verified => "verified",
    Rejected => "rejected",
    Archived => "archived",
});

impl OrganisationStatus {
    pub fn is_public(self) -> bool {
        self == OrganisationStatus::Verified
    }

    /// Whether its members may add activities and opportunities: not once it is archived.
    pub fn accepts_new_listings(self) -> bool {
        self != OrganisationStatus::Archived
    }

    /// Whether its activities may be published: not when it is archived or rejected (a
    /// pending organisation's published activities become public once it is verified).
    pub fn allows_publishing(self) -> bool {
        !matches!(self, OrganisationStatus::Archived | OrganisationStatus::Rejected)
    }
}

/// The editable profile of an organisation, as the client sends it (already deserialised,
/// not yet validated). `PATCH` fills the absent fields from the stored profile and validates
/// the result as a whole.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CreateOrganisationRequest,
    description = "A new organisation. The caller becomes its owner; it is `pending` until a moderator\nverifies it."))]
pub struct OrganisationInput {
    /// 2–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "Konnerud IL"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = OrganisationKindDto))]
    pub kind: String,
    /// Organisasjonsnummer: 9 digits with a valid mod-11 check digit; unique.
    #[cfg_attr(feature = "openapi", schema(example = "942110464"))]
    pub org_number: Option<String>,
    /// Up to 5000 characters.
    #[serde(default)]
    pub description: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `http://` or `https://` address.
    pub website: Option<String>,
    /// Slugs of existing kommunedeler.
    #[serde(default)]
    pub districts: Vec<String>,
}

/// A valid organisation profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationProfile {
    pub name: String,
    pub kind: OrganisationKind,
    pub org_number: Option<OrgNumber>,
    pub description: String,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub districts: Vec<Slug>,
}

impl OrganisationInput {
    /// Validates every field, reporting all problems at once. Whether the districts exist is
    /// for the store to say.
    pub fn parse(&self) -> Result<OrganisationProfile, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(clean_text("name", &self.name, 2, 200));
        let kind = errors.check(OrganisationKind::parse("kind", &self.kind));
        let org_number = errors
            .check_optional(self.org_number.as_deref(), |v| OrgNumber::parse("org_number", v));
        let description = errors.check(clean_text("description", &self.description, 0, 5000));
        let email = errors.check_optional(self.email.as_deref(), |v| Email::parse("email", v));
        let phone = errors.check_optional(self.phone.as_deref(), |v| parse_phone("phone", v));
        let website = errors.check_optional(self.website.as_deref(), |v| parse_url("website", v));
        let districts = errors.check_each("districts", &self.districts, Slug::parse);
        if self.districts.len() > 10 {
            errors.push("districts", "must list at most 10 districts");
        }
        // An optional field that does not parse is among the errors.
        match (name, kind, description) {
            (Some(name), Some(kind), Some(description)) if errors.is_empty() => {
                Ok(OrganisationProfile {
                    name,
                    kind,
                    org_number,
                    description,
                    email,
                    phone,
                    website,
                    districts,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A phone number as people write it: digits, spaces, an optional leading `+`, 8–15 digits.
pub fn parse_phone(field: &str, value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let ok = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0))
        && (8..=15).contains(&digits);
    if ok {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(
            field,
            "must be a phone number of 8–15 digits, optionally starting with +",
        ))
    }
}

/// An absolute `http(s)` URL without spaces, at most 500 characters.
pub fn parse_url(field: &str, value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let ok = value.len() <= 500
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && host.is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(field, "must be an http:// or https:// address"))
    }
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: Uuid,
    pub profile: OrganisationProfile,
    pub status: OrganisationStatus,
    pub rejection_reason: Option<String>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Changes to the identity of a verified organisation that wait for an admin; the
    /// public sees `profile` until they are approved.
    pub pending: Option<PendingChanges>,
    /// When the oldest of the pending changes was made (for the verification queue).
    pub pending_since: Option<chrono::DateTime<chrono::Utc>>,
}

/// Changes to the fields by which residents recognise and trust an organisation — its name,
/// kind, organisasjonsnummer and website — made after it was verified. A changed field is
/// `Some`; for the optional ones, `Some(None)` removes the value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingChanges {
    pub name: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub org_number: Option<Option<OrgNumber>>,
    pub website: Option<Option<String>>,
}

impl PendingChanges {
    pub fn is_empty(&self) -> bool {
        *self == PendingChanges::default()
    }

    /// Whether a change of identity needs an admin's approval before the public sees it:
    /// only once the municipality has vouched for the organisation.
    pub fn need_approval(status: OrganisationStatus) -> bool {
        status == OrganisationStatus::Verified
    }

    /// Splits a proposed profile of a verified organisation: identity fields that differ from
    /// the verified `current` profile become pending; everything else applies at once.
    pub fn split(
        current: &OrganisationProfile, mut proposed: OrganisationProfile,
    ) -> (OrganisationProfile, PendingChanges) {
        /// The proposed value when it differs, with the current one put back in its place.
        fn differs<T: PartialEq + Clone>(current: &T, proposed: &mut T) -> Option<T> {
            (current != proposed).then(|| std::mem::replace(proposed, current.clone()))
        }
        let pending = PendingChanges {
            name: differs(&current.name, &mut proposed.name),
            kind: differs(&current.kind, &mut proposed.kind),
            org_number: differs(&current.org_number, &mut proposed.org_number),
            website: differs(&current.website, &mut proposed.website),
        };
        (proposed, pending)
    }

    /// `profile` with these changes made.
    pub fn apply_to(&self, profile: &mut OrganisationProfile) {
        if let Some(name) = &self.name {
            profile.name.clone_from(name);
        }
        if let Some(kind) = self.kind {
            profile.kind = kind;
        }
        if let Some(org_number) = &self.org_number {
            profile.org_number.clone_from(org_number);
        }
        if let Some(website) = &self.website {
            profile.website.clone_from(website);
        }
    }
}

impl Organisation {
    /// The profile as its members last wrote it: the verified one with any pending changes
    /// made.
    pub fn proposed_profile(&self) -> OrganisationProfile {
        let mut profile = self.profile.clone();
        if let Some(pending) = &self.pending {
            pending.apply_to(&mut profile);
        }
        profile
    }

    /// The profile as members last wrote it, as input again: the starting point of a
    /// `PATCH`, so that fields a request leaves out keep their pending values.
    pub fn to_input(&self) -> OrganisationInput {
        let p = &self.proposed_profile();
        OrganisationInput {
            name: p.name.clone(),
            kind: p.kind.as_str().to_owned(),
            org_number: p.org_number.as_ref().map(|o| o.as_str().to_owned()),
            description: p.description.clone(),
            email: p.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: p.phone.clone(),
            website: p.website.clone(),
            districts: p.districts.iter().map(|d| d.as_str().to_owned()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, kind: OrganisationKind) -> OrganisationProfile {
        OrganisationProfile {
            name: name.to_owned(),
            kind,
            org_number: None,
            description: String::new(),
            email: None,
            phone: None,
            website: Some("https://konnerud-il.no".to_owned()),
            districts: Vec::new(),
        }
    }

    #[test]
    fn identity_changes_of_a_verified_organisation_wait_and_the_rest_applies() {
        use OrganisationKind::*;
        let current = profile("Konnerud IL", Association);
        // (what is proposed, expected pending name/kind/website, expected applied description)
        let cases: [(OrganisationProfile, PendingChanges); 4] = [
            (current.clone(), PendingChanges::default()),
            (
                OrganisationProfile { description: "Ny tekst".to_owned(), ..current.clone() },
                PendingChanges::default(),
            ),
            (
                OrganisationProfile {
                    website: Some("https://drammen-kommune.example".to_owned()),
                    description: "Ny tekst".to_owned(),
                    ..profile("Drammen kommune", MunicipalService)
                },
                PendingChanges {
                    name: Some("Drammen kommune".to_owned()),
                    kind: Some(MunicipalService),
                    org_number: None,
                    website: Some(Some("https://drammen-kommune.example".to_owned())),
                },
            ),
            (
                OrganisationProfile {
                    org_number: Some(OrgNumber::parse("o", "942110464").unwrap()),
                    website: None,
                    ..current.clone()
                },
                PendingChanges {
                    org_number: Some(Some(OrgNumber::parse("o", "942110464").unwrap())),
                    website: Some(None),
                    ..PendingChanges::default()
                },
            ),
        ];
        for (proposed, expected) in cases {
            let (applied, pending) = PendingChanges::split(&current, proposed.clone());
            assert_eq!(pending, expected);
            // Identity stays as verified; everything else is what was proposed.
            assert_eq!(applied.name, current.name);
            assert_eq!(applied.kind, current.kind);
            assert_eq!(applied.org_number, current.org_number);
            assert_eq!(applied.website, current.website);
            assert_eq!(applied.description, proposed.description);
            // Approving the pending changes gives back exactly what was proposed.
            let mut approved = applied.clone();
            pending.apply_to(&mut approved);
            assert_eq!(approved, proposed);
        }
    }

    #[test]
    fn what_each_status_allows() {
        use OrganisationStatus::*;
        // (status, public, new listings, publishing)
        for (status, public, listings, publishing) in [
            (Pending, false, true, true),
            (Verified, true, true, true),
            (Rejected, false, true, false),
            (Archived, false, false, false),
        ] {
            assert_eq!(status.is_public(), public, "{status:?}");
            assert_eq!(status.accepts_new_listings(), listings, "{status:?}");
            assert_eq!(status.allows_publishing(), publishing, "{status:?}");
        }
    }

    #[test]
    fn only_verified_organisations_need_approval() {
        for (status, need) in [
            (OrganisationStatus::Pending, false),
            (OrganisationStatus::Verified, true),
            (OrganisationStatus::Rejected, false),
            (OrganisationStatus::Archived, false),
        ] {
            assert_eq!(PendingChanges::need_approval(status), need, "{status:?}");
        }
    }

    #[test]
    fn valid_org_numbers_pass_with_or_without_spaces() {
        // Real numbers: Drammen kommune and Brønnøysundregistrene.
        for n in ["942110464", "974760673", "942 110 464"] {
            assert!(OrgNumber::parse("org_number", n).is_ok(), "{n}");
        }
        assert_eq!(OrgNumber::parse("o", "942 110 464").unwrap().as_str(), "942110464");
    }

    #[test]
    fn invalid_org_numbers_fail() {
        for n in ["942110465", "94211046", "9421104640", "94211046a", "", "000000001"] {
            assert!(OrgNumber::parse("org_number", n).is_err(), "{n}");
        }
    }

    #[test]
    fn check_digit_ten_is_never_valid() {
        // 8 digits whose weighted sum leaves remainder 1 (check digit would be 10).
        // 1,0,0,0,0,0,0,0 → 3; find one with sum % 11 == 1: 0,0,0,0,0,0,3,2 → 9+4 = 13 → 2.
        // 0,0,0,0,0,0,0,6 → 12 → 1.
        for last in 0..=9 {
            assert!(OrgNumber::parse("o", &format!("00000006{last}")).is_err());
        }
    }

    fn input() -> OrganisationInput {
        OrganisationInput {
            name: "Konnerud IL".into(),
            kind: "association".into(),
            org_number: Some("942110464".into()),
            description: "Idrettslag på Konnerud.".into(),
            email: Some("post@konnerud-il.no".into()),
            phone: Some("+47 32 00 00 00".into()),
            website: Some("https://konnerud-il.no".into()),
            districts: vec!["konnerud".into(), "konnerud".into()],
        }
    }

    #[test]
    fn a_good_profile_parses_and_duplicate_districts_collapse() {
        let p = input().parse().unwrap();
        assert_eq!(p.kind, OrganisationKind::Association);
        assert_eq!(p.districts.len(), 1);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = OrganisationInput {
            name: " ".into(),
            kind: "club".into(),
            org_number: Some("123".into()),
            description: "ok".into(),
            email: Some("nope".into()),
            phone: Some("12".into()),
            website: Some("ftp://x.no".into()),
            districts: vec!["Konnerud".into()],
        };
        assert_eq!(
            bad.parse().unwrap_err().fields(),
            ["name", "kind", "org_number", "email", "phone", "website", "districts[0]"]
        );
    }

    #[test]
    fn empty_optional_fields_mean_absent() {
        let mut i = input();
        i.org_number = Some(" ".into());
        i.email = Some(String::new());
        let p = i.parse().unwrap();
        assert_eq!(p.org_number, None);
        assert_eq!(p.email, None);
    }

    #[test]
    fn kinds_round_trip() {
        for k in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse("kind", k.as_str()).unwrap(), k);
        }
    }
}
