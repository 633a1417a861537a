//! Activities (fritidstilbud): what an organisation offers, where, for whom, at what price
//! and when.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::account::Email;
use crate::code::codes;
use crate::organisation::{parse_phone, parse_url};
use crate::reference::Slug;
use crate::schedule::{ScheduleRule, ScheduleRuleInput, parse_schedule};
use crate::text::clean_text;
use crate::wire;
use crate::{FieldError, ValidationErrors};

/// Who an activity is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetGroup {
    Children,
    Youth,
    Adults,
    Seniors,
    Families,
    Disabilities,
}

codes!(input TargetGroup, documented as TargetGroupDto: "Target groups (documentation only)." {
    Children => "children",
    Youth => "youth",
    Adults => "adults",
    Seniors => "seniors",
    Families => "families",
    Disabilities => "disabilities",
});

impl TargetGroup {
    /// One bit per group, for compact storage and filtering.
    pub fn bit(self) -> i32 {
        1 << (self as i32)
    }

    pub fn mask(groups: &[TargetGroup]) -> i32 {
        groups.iter().fold(0, |m, g| m | g.bit())
    }

    pub fn from_mask(mask: i32) -> Vec<TargetGroup> {
        Self::ALL.into_iter().filter(|g| mask & g.bit() != 0).collect()
    }
}

/// Lifecycle: drafts are private; only published activities of verified organisations are
/// public; deleted ones are kept (soft delete) for history and change feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityStatus {
    Draft,
    Published,
    Unpublished,
    Deleted,
}

codes!(stored ActivityStatus, documented as ActivityStatusDto: "Lifecycle states (documentation only)." {
    Draft => "draft",
    Published => "published",
    Unpublished => "unpublished",
    Deleted => "deleted",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub name: String,
    pub address: String,
    /// WGS 84; both or neither.
    pub coordinates: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    /// Whole kroner.
    pub amount_nok: i32,
    pub free: bool,
    pub reduced_price_available: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub required: bool,
    pub url: Option<String>,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accessibility {
    pub wheelchair: bool,
    pub hearing_loop: bool,
    pub adapted: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
}

/// A valid activity description, as an organisation edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityDetails {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub categories: Vec<Slug>,
    pub district: Slug,
    pub venue: Venue,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    pub target_groups: Vec<TargetGroup>,
    pub price: Price,
    pub registration: Registration,
    pub capacity: Option<i32>,
    pub languages: Vec<String>,
    pub accessibility: Accessibility,
    pub contact: Contact,
    pub schedule: Vec<ScheduleRule>,
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub details: ActivityDetails,
    pub status: ActivityStatus,
    /// Published and its organisation verified.
    pub is_public: bool,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Raw input, as deserialised from a request body or a form: strings and options, so that
/// every problem can be reported at once. `PATCH` starts from [`ActivityDetails::to_input`]
/// and overlays the fields the client sent. In the API: a new activity, which starts as a
/// `draft`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CreateListingRequest,
    description = "A new activity. It starts as a `draft`."))]
pub struct ActivityInput {
    #[cfg_attr(feature = "openapi", schema(example = "Fotballtrening for 9-åringer"))]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    /// Category slugs (1–5).
    #[cfg_attr(feature = "openapi", schema(example = json!(["fotball"])))]
    pub categories: Vec<String>,
    /// Kommunedel slug.
    #[cfg_attr(feature = "openapi", schema(example = "konnerud"))]
    pub district: String,
    pub venue: VenueInput,
    #[serde(default, deserialize_with = "wire::opt_whole")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, example = 8))]
    pub age_min: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_whole")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, example = 10))]
    pub age_max: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<TargetGroupDto>))]
    pub target_groups: Vec<String>,
    #[serde(default, deserialize_with = "wire::or_default")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PriceInput>))]
    pub price: PriceInput,
    #[serde(default, deserialize_with = "wire::or_default")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<RegistrationInput>))]
    pub registration: RegistrationInput,
    #[serde(default, deserialize_with = "wire::opt_whole")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub capacity: Option<i64>,
    /// BCP 47 tags, e.g. `nb`, `en`.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default, deserialize_with = "wire::or_default")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AccessibilityInput>))]
    pub accessibility: AccessibilityInput,
    #[serde(default, deserialize_with = "wire::or_default")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ContactInput>))]
    pub contact: ContactInput,
    #[serde(default)]
    pub schedule: Vec<ScheduleRuleInput>,
}

/// Where it happens.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = VenueDto))]
pub struct VenueInput {
    #[cfg_attr(feature = "openapi", schema(example = "Konnerud kunstgress"))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Konnerudgata 40, 3045 Drammen"))]
    pub address: String,
    /// WGS 84; give both or neither.
    #[cfg_attr(feature = "openapi", schema(example = 59.7301))]
    pub latitude: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(example = 10.1556))]
    pub longitude: Option<f64>,
}

/// Price in whole kroner.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PriceDto))]
pub struct PriceInput {
    #[serde(default, deserialize_with = "wire::whole")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, example = 0))]
    pub amount_nok: i64,
    #[serde(default)]
    pub free: bool,
    #[serde(default)]
    pub reduced_price_available: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RegistrationDto))]
pub struct RegistrationInput {
    #[serde(default)]
    pub required: bool,
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AccessibilityDto))]
pub struct AccessibilityInput {
    #[serde(default)]
    pub wheelchair: bool,
    #[serde(default)]
    pub hearing_loop: bool,
    /// Adapted for people with disabilities (tilrettelagt).
    #[serde(default)]
    pub adapted: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ContactDto))]
pub struct ContactInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

pub const MAX_AGE: i64 = 120;

/// A BCP 47 language tag in the simple forms people use: `nb`, `nn`, `en`, `se`, `pl`,
/// `uk`, `en-GB`, `zh-Hant`. Returned in canonical case.
pub fn parse_language(field: &str, value: &str) -> Result<String, FieldError> {
    let bad = || FieldError::new(field, "must be a language tag such as nb, nn, en or en-GB");
    let mut parts = value.trim().split('-');
    let primary = parts.next().ok_or_else(bad)?;
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(bad());
    }
    let mut out = primary.to_ascii_lowercase();
    for sub in parts {
        let ok = (2..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok {
            return Err(bad());
        }
        out.push('-');
        out.push_str(&match sub.len() {
            2 => sub.to_ascii_uppercase(),
            4 => {
                let mut s = sub.to_ascii_lowercase();
                if let Some(first) = s.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                s
            }
            _ => sub.to_ascii_lowercase(),
        });
    }
    Ok(out)
}

use crate::dates::parse_date;

impl ActivityInput {
    /// Validates every field, reporting all problems at once. Whether the categories and the
    /// district exist is for the store to say.
    #[expect(
        clippy::too_many_lines,
        reason = "every field is checked in one pass so that all errors are reported together"
    )]
    pub fn parse(&self) -> Result<ActivityDetails, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = e.check(clean_text("title", &self.title, 2, 200));
        let summary = e.check(clean_text("summary", &self.summary, 0, 500));
        let description = e.check(clean_text("description", &self.description, 0, 10_000));

        if self.categories.is_empty() {
            e.push("categories", "must name at least one category");
        }
        if self.categories.len() > 5 {
            e.push("categories", "must name at most 5 categories");
        }
        let categories = e.check_each("categories", &self.categories, Slug::parse);
        let district = e.check(Slug::parse("district", &self.district));

        let venue_name = e.check(clean_text("venue.name", &self.venue.name, 1, 200));
        let venue_address = e.check(clean_text("venue.address", &self.venue.address, 0, 300));
        let coordinates = match (self.venue.latitude, self.venue.longitude) {
            (Some(lat), Some(lon)) => {
                let mut ok = true;
                if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
                    e.push("venue.latitude", "must be between -90 and 90");
                    ok = false;
                }
                if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
                    e.push("venue.longitude", "must be between -180 and 180");
                    ok = false;
                }
                ok.then_some((lat, lon))
            }
            (None, None) => None,
            (Some(_), None) => {
                e.push("venue.longitude", "is required with venue.latitude");
                None
            }
            (None, Some(_)) => {
                e.push("venue.latitude", "is required with venue.longitude");
                None
            }
        };

        let age_min = e.check_range::<i16>("age_min", self.age_min, 0..=MAX_AGE);
        let age_max = e.check_range::<i16>("age_max", self.age_max, 0..=MAX_AGE);
        if let (Some(lo), Some(hi)) = (age_min, age_max)
            && lo > hi
        {
            e.push("age_max", "must not be below age_min");
        }

        let mut target_groups =
            e.check_each("target_groups", &self.target_groups, TargetGroup::parse);
        target_groups.sort();

        if !(0..=1_000_000).contains(&self.price.amount_nok) {
            e.push("price.amount_nok", "must be between 0 and 1000000");
        }
        if self.price.free && self.price.amount_nok != 0 {
            e.push("price.amount_nok", "must be 0 when price.free is true");
        }
        let price = Price {
            amount_nok: self.price.amount_nok.clamp(0, 1_000_000) as i32,
            free: self.price.free,
            reduced_price_available: self.price.reduced_price_available,
        };

        let registration = &self.registration;
        let registration_url =
            e.check_optional(registration.url.as_deref(), |u| parse_url("registration.url", u));
        let deadline = e.check_optional(registration.deadline.as_deref(), |d| {
            parse_date("registration.deadline", d)
        });

        let capacity = e.check_range::<i32>("capacity", self.capacity, 1..=100_000);

        if self.languages.len() > 20 {
            e.push("languages", "must list at most 20 languages");
        }
        let languages = e.check_each("languages", &self.languages, parse_language);

        let accessibility_description = e
            .check_optional(self.accessibility.description.as_deref(), |d| {
                clean_text("accessibility.description", d, 0, 1000)
            });
        let contact = Contact {
            name: e.check_optional(self.contact.name.as_deref(), |n| {
                clean_text("contact.name", n, 1, 200)
            }),
            email: e.check_optional(self.contact.email.as_deref(), |m| {
                Email::parse("contact.email", m)
            }),
            phone: e
                .check_optional(self.contact.phone.as_deref(), |p| parse_phone("contact.phone", p)),
        };

        let schedule = e.merge(parse_schedule(&self.schedule));

        match (title, summary, description, district, venue_name, venue_address, schedule) {
            (
                Some(title),
                Some(summary),
                Some(description),
                Some(district),
                Some(venue_name),
                Some(venue_address),
                Some(schedule),
            ) if e.is_empty() => Ok(ActivityDetails {
                title,
                summary,
                description,
                categories,
                district,
                venue: Venue { name: venue_name, address: venue_address, coordinates },
                age_min,
                age_max,
                target_groups,
                price,
                registration: Registration {
                    required: self.registration.required,
                    url: registration_url,
                    deadline,
                },
                capacity,
                languages,
                accessibility: Accessibility {
                    wheelchair: self.accessibility.wheelchair,
                    hearing_loop: self.accessibility.hearing_loop,
                    adapted: self.accessibility.adapted,
                    description: accessibility_description,
                },
                contact,
                schedule,
            }),
            _ => Err(e),
        }
    }
}

impl ActivityDetails {
    /// The description for the next season, as input for a new draft: the schedule a year
    /// later (see [`ScheduleRule::next_season`]) and so the registration deadline.
    pub fn next_season(&self) -> ActivityInput {
        let mut input = self.to_input();
        input.schedule = self.schedule.iter().map(|r| r.next_season().to_input()).collect();
        input.registration.deadline = self
            .registration
            .deadline
            .and_then(|d| d.checked_add_months(chrono::Months::new(12)))
            .map(|d| d.format("%Y-%m-%d").to_string());
        input
    }

    /// The details as input again: the starting point of a `PATCH`.
    pub fn to_input(&self) -> ActivityInput {
        ActivityInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            categories: self.categories.iter().map(|c| c.to_string()).collect(),
            district: self.district.to_string(),
            venue: VenueInput {
                name: self.venue.name.clone(),
                address: self.venue.address.clone(),
                latitude: self.venue.coordinates.map(|c| c.0),
                longitude: self.venue.coordinates.map(|c| c.1),
            },
            age_min: self.age_min.map(i64::from),
            age_max: self.age_max.map(i64::from),
            target_groups: self.target_groups.iter().map(|t| t.as_str().to_owned()).collect(),
            price: PriceInput {
                amount_nok: i64::from(self.price.amount_nok),
                free: self.price.free,
                reduced_price_available: self.price.reduced_price_available,
            },
            registration: RegistrationInput {
                required: self.registration.required,
                url: self.registration.url.clone(),
                deadline: self.registration.deadline.map(crate::schedule::format_date),
            },
            capacity: self.capacity.map(i64::from),
            languages: self.languages.clone(),
            accessibility: AccessibilityInput {
                wheelchair: self.accessibility.wheelchair,
                hearing_loop: self.accessibility.hearing_loop,
                adapted: self.accessibility.adapted,
                description: self.accessibility.description.clone(),
            },
            contact: ContactInput {
                name: self.contact.name.clone(),
                email: self.contact.email.as_ref().map(|e| e.to_string()),
                phone: self.contact.phone.clone(),
            },
            schedule: self.schedule.iter().map(ScheduleRule::to_input).collect(),
        }
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6371.0088;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// Whether residents see an activity: published, by an organisation the municipality has
/// verified. The store keeps the answer in a column, so every read filters the same way.
pub fn is_public(
    status: ActivityStatus, organisation: crate::organisation::OrganisationStatus,
) -> bool {
    status == ActivityStatus::Published && organisation.is_public()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_for_every_pair;

    #[test]
    fn only_published_activities_of_verified_organisations_are_public() {
        use crate::organisation::OrganisationStatus as O;
        assert_for_every_pair(ActivityStatus::ALL, O::ALL, is_public, |status, org| {
            status == ActivityStatus::Published && org == O::Verified
        });
    }

    fn input() -> ActivityInput {
        ActivityInput {
            title: "Fotballtrening for 9-åringer".into(),
            summary: "Trening hver tirsdag".into(),
            description: "Åpen for alle.".into(),
            categories: vec!["fotball".into()],
            district: "konnerud".into(),
            venue: VenueInput {
                name: "Konnerud kunstgress".into(),
                address: "Konnerudgata 1".into(),
                latitude: Some(59.73),
                longitude: Some(10.15),
            },
            age_min: Some(8),
            age_max: Some(10),
            target_groups: vec!["children".into()],
            price: PriceInput { amount_nok: 0, free: true, reduced_price_available: false },
            languages: vec!["NB".into(), "en-gb".into()],
            ..ActivityInput::default()
        }
    }

    #[test]
    fn a_good_activity_parses() {
        let d = input().parse().unwrap();
        assert_eq!(d.languages, ["nb", "en-GB"]);
        assert_eq!(d.target_groups, [TargetGroup::Children]);
        assert_eq!(d.venue.coordinates, Some((59.73, 10.15)));
        assert_eq!(d.to_input().parse().unwrap(), d);
    }

    #[test]
    fn every_bad_field_is_listed() {
        let mut i = input();
        i.title = "x".into();
        i.categories = vec![];
        i.district = "Konnerud".into();
        i.venue.latitude = Some(95.0);
        i.venue.longitude = None;
        i.age_min = Some(12);
        i.age_max = Some(10);
        i.target_groups = vec!["kids".into()];
        i.price.amount_nok = 100;
        i.capacity = Some(0);
        i.languages = vec!["norsk bokmål".into()];
        i.contact.email = Some("nope".into());
        assert_eq!(
            i.parse().unwrap_err().fields(),
            [
                "title",
                "categories",
                "district",
                "venue.longitude",
                "age_max",
                "target_groups[0]",
                "price.amount_nok",
                "capacity",
                "languages[0]",
                "contact.email"
            ]
        );
    }

    #[test]
    fn target_group_masks_round_trip() {
        let groups = vec![TargetGroup::Youth, TargetGroup::Disabilities];
        assert_eq!(TargetGroup::from_mask(TargetGroup::mask(&groups)), groups);
    }

    #[test]
    fn language_tags_are_canonicalised() {
        assert_eq!(parse_language("l", "zh-hant").unwrap(), "zh-Hant");
        assert_eq!(parse_language("l", "SE").unwrap(), "se");
        assert!(parse_language("l", "e").is_err());
        assert!(parse_language("l", "en_GB").is_err());
    }

    #[test]
    fn distances_are_great_circle() {
        // Drammen station to Oslo S: about 36 km as the crow flies.
        let d = distance_km((59.7404, 10.2045), (59.9110, 10.7528));
        assert!((d - 35.9).abs() < 1.0, "{d}");
        assert_eq!(distance_km((59.0, 10.0), (59.0, 10.0)), 0.0);
    }
}
