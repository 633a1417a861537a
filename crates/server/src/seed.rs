//! `fritid seed`: a small, realistic Drammen (`--demo`) or N generated activities for
//! benchmarks (`--synthetic N`). Everything goes through the domain's validation, so seeded
//! data is data the API itself would accept.

use anyhow::Context;
use fritid_domain::activity::{
    AccessibilityInput, ActivityDetails, ActivityInput, PriceInput, VenueInput,
};
use fritid_domain::audit::Audit;
use fritid_domain::organisation::{OrganisationInput, OrganisationProfile};
use fritid_domain::schedule::ScheduleRuleInput;
use fritid_domain::volunteering::{OpportunityDetails, OpportunityInput};
use fritid_persistence::Store;
use uuid::Uuid;

/// Approximate centres of the ten kommunedeler, for venue coordinates.
const DISTRICT_CENTRES: [(&str, f64, f64); 10] = [
    ("mjondalen", 59.7520, 10.0150),
    ("krokstadelva", 59.7640, 9.9950),
    ("solbergelva", 59.7780, 10.0850),
    ("rodskog-gulskogen", 59.7500, 10.1700),
    ("konnerud", 59.7300, 10.1550),
    ("stromso-ovre", 59.7320, 10.2050),
    ("stromso-nedre", 59.7390, 10.2080),
    ("bragernes", 59.7450, 10.2040),
    ("skoger-askollen", 59.7100, 10.2200),
    ("svelvik", 59.6120, 10.4070),
];

/// School holidays in Drammen 2026/27 that weekly activities skip.
const HOLIDAYS: [&str; 12] = [
    "2026-09-29",
    "2026-09-30",
    "2026-10-01",
    "2026-12-22",
    "2026-12-29",
    "2027-02-23",
    "2027-02-24",
    "2027-02-25",
    "2027-03-23",
    "2027-03-24",
    "2027-03-30",
    "2027-05-13",
];

fn weekly(days: &[&str], start: &str, end: &str) -> Vec<ScheduleRuleInput> {
    let weekdays: Vec<String> = days.iter().map(|d| (*d).to_owned()).collect();
    let except: Vec<String> = HOLIDAYS
        .iter()
        .filter(|h| {
            chrono::NaiveDate::parse_from_str(h, "%Y-%m-%d").is_ok_and(|d| {
                let code = fritid_domain::schedule::weekday_code(chrono::Datelike::weekday(&d));
                weekdays.iter().any(|w| w == code)
            })
        })
        .map(|h| (*h).to_owned())
        .collect();
    vec![ScheduleRuleInput {
        weekdays: Some(weekdays),
        start_time: Some(start.to_owned()),
        end_time: Some(end.to_owned()),
        valid_from: Some("2026-08-17".to_owned()),
        valid_to: Some("2027-06-18".to_owned()),
        except_dates: Some(except),
        date: None,
    }]
}

fn centre(district: &str) -> (f64, f64) {
    DISTRICT_CENTRES
        .iter()
        .find(|(d, _, _)| *d == district)
        .map(|(_, lat, lon)| (*lat, *lon))
        .unwrap_or((59.7440, 10.2045))
}

/// The demo data set: organisations of Drammen with their activities, as an organisation
/// would enter them (`seed/demo.json`; schedules in the API's shape).
const DEMO: &str = include_str!("../seed/demo.json");

#[derive(serde::Deserialize)]
struct DemoOrganisation {
    name: String,
    kind: String,
    districts: Vec<String>,
    activities: Vec<DemoActivity>,
    #[serde(default)]
    opportunities: Vec<DemoOpportunity>,
}

#[derive(serde::Deserialize)]
struct DemoOpportunity {
    title: String,
    description: String,
    district: String,
    commitment: String,
    skills: Vec<String>,
    min_age: Option<i64>,
    spots: Option<i64>,
    requires_police_certificate: bool,
}

impl DemoOpportunity {
    fn details(self) -> anyhow::Result<OpportunityDetails> {
        let title = self.title.clone();
        OpportunityInput {
            title: self.title,
            description: self.description,
            district: self.district,
            commitment: self.commitment,
            skills: self.skills,
            min_age: self.min_age,
            spots: self.spots,
            requires_police_certificate: self.requires_police_certificate,
            ..OpportunityInput::default()
        }
        .parse()
        .map_err(|e| anyhow::anyhow!("seed opportunity {title:?} is invalid: {e}"))
    }
}

#[derive(serde::Deserialize)]
struct DemoActivity {
    title: String,
    summary: String,
    category: String,
    district: String,
    venue: String,
    age_min: Option<i64>,
    age_max: Option<i64>,
    target_groups: Vec<String>,
    price_nok: i64,
    wheelchair: bool,
    schedule: Vec<ScheduleRuleInput>,
}

fn demo() -> anyhow::Result<Vec<DemoOrganisation>> {
    serde_json::from_str(DEMO).context("seed/demo.json is not valid")
}

fn activity_details(a: DemoActivity) -> anyhow::Result<ActivityDetails> {
    let (lat, lon) = centre(&a.district);
    let input = ActivityInput {
        title: a.title.clone(),
        summary: a.summary,
        description: String::new(),
        categories: vec![a.category],
        district: a.district,
        venue: VenueInput {
            name: a.venue,
            address: String::new(),
            latitude: Some(lat),
            longitude: Some(lon),
        },
        age_min: a.age_min,
        age_max: a.age_max,
        target_groups: a.target_groups,
        price: PriceInput {
            amount_nok: a.price_nok,
            free: a.price_nok == 0,
            reduced_price_available: a.price_nok > 0,
        },
        languages: vec!["nb".to_owned()],
        accessibility: AccessibilityInput {
            wheelchair: a.wheelchair,
            ..AccessibilityInput::default()
        },
        schedule: a.schedule,
        ..ActivityInput::default()
    };
    input.parse().map_err(|e| anyhow::anyhow!("seed activity {:?} is invalid: {e}", a.title))
}

fn org_profile(
    name: &str, kind: &str, districts: &[String],
) -> anyhow::Result<OrganisationProfile> {
    OrganisationInput {
        name: name.to_owned(),
        kind: kind.to_owned(),
        description: String::new(),
        districts: districts.to_vec(),
        ..OrganisationInput::default()
    }
    .parse()
    .map_err(|e| anyhow::anyhow!("seed organisation {name:?} is invalid: {e}"))
}

/// Loads the demo data set once (a second run finds it and does nothing).
pub async fn demo_data(store: &Store) -> anyhow::Result<usize> {
    let data = demo()?;
    let Some(first) = data.first() else {
        return Ok(0);
    };
    if store.organisation_named(&first.name).await?.is_some() {
        tracing::info!("demo data is already loaded");
        return Ok(0);
    }
    let profiles = data
        .iter()
        .map(|o| org_profile(&o.name, &o.kind, &o.districts))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let ids = store.seed_organisations(&profiles).await?;
    let mut activities = Vec::new();
    let mut opportunities = Vec::new();
    for (o, id) in data.into_iter().zip(ids) {
        for a in o.activities {
            activities.push((id, o.name.clone(), activity_details(a)?));
        }
        for opportunity in o.opportunities {
            opportunities.push((id, opportunity.details()?));
        }
    }
    let n = activities.len();
    store.seed_activities(&activities, 1000).await?;
    for (organisation, details) in &opportunities {
        let audit =
            Audit::new(None, "opportunity.create", format!("demo data: {:?}", details.title));
        store.create_opportunity(*organisation, details, &audit).await?;
    }
    Ok(n)
}

/// A small, fast, deterministic generator (xorshift64*), so synthetic data sets are the same
/// on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const KINDS: [(&str, &str, &[&str]); 14] = [
    ("fotball", "Fotballtrening", &["barn", "jenter", "gutter", "ungdom", "alle"]),
    ("handball", "Håndball", &["barn", "ungdom", "damer", "herrer"]),
    ("svomming", "Svømmekurs", &["nybegynnere", "barn", "voksne"]),
    ("ski", "Skitrening", &["barn", "ungdom", "familier"]),
    ("friidrett", "Friidrett", &["barn", "ungdom"]),
    ("kampsport", "Judo", &["barn", "ungdom", "voksne"]),
    ("trening", "Styrketrening", &["seniorer", "voksne", "alle"]),
    ("speider", "Speidermøte", &["småspeidere", "speidere"]),
    ("korps", "Korpsøvelse", &["barn", "ungdom"]),
    ("kor", "Korøvelse", &["barn", "voksne", "seniorer"]),
    ("dans", "Danseskole", &["barn", "ungdom", "seniorer"]),
    ("kunst", "Tegnekurs", &["barn", "voksne"]),
    ("spill", "Sjakk", &["alle", "ungdom"]),
    ("motested", "Kafé", &["seniorer", "familier", "alle"]),
];

const GROUPS: [&str; 6] = ["children", "youth", "adults", "seniors", "families", "disabilities"];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `n` published activities spread over every district, category, age band and weekday,
/// under `max(n / 500, 20)` verified organisations.
pub async fn synthetic(store: &Store, n: usize) -> anyhow::Result<usize> {
    let mut rng = Rng(0x5EED_F417_1D00_2026);
    let run = Uuid::new_v4().simple().to_string();
    let org_count = (n / 500).max(20);
    let profiles = (0..org_count)
        .map(|i| {
            let (district, _, _) = DISTRICT_CENTRES[i % DISTRICT_CENTRES.len()];
            org_profile(
                &format!("Syntetisk lag {i:04} {}", &run[..8]),
                "association",
                &[district.to_owned()],
            )
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let orgs = store.seed_organisations(&profiles).await?;
    let names: Vec<String> = profiles.iter().map(|p| p.name.clone()).collect();

    let batch = 2000;
    let mut done = 0;
    while done < n {
        let size = batch.min(n - done);
        let mut activities = Vec::with_capacity(size);
        for i in done..done + size {
            let (district, lat, lon) = DISTRICT_CENTRES[i % DISTRICT_CENTRES.len()];
            let (category, noun, audiences) = KINDS[rng.below(KINDS.len())];
            let audience = rng.pick(audiences);
            let age_min = rng.below(70) as i64;
            let age_max = (age_min + 2 + rng.below(20) as i64).min(120);
            let day = DAYS[i % 7];
            let hour = 8 + rng.below(13);
            let free = rng.chance(40);
            let org = rng.below(orgs.len());
            let input = ActivityInput {
                title: format!("{noun} for {audience} {}", i + 1),
                summary: format!("{noun} i {district}, for {audience}."),
                description: "Velkommen til en hyggelig og trygg aktivitet i nærmiljøet."
                    .to_owned(),
                categories: vec![category.to_owned()],
                district: district.to_owned(),
                venue: VenueInput {
                    name: format!("Bydelshuset {district}"),
                    address: String::new(),
                    latitude: Some(lat + (rng.below(2001) as f64 - 1000.0) / 50_000.0),
                    longitude: Some(lon + (rng.below(2001) as f64 - 1000.0) / 25_000.0),
                },
                age_min: rng.chance(80).then_some(age_min),
                age_max: rng.chance(80).then_some(age_max),
                target_groups: vec![GROUPS[rng.below(GROUPS.len())].to_owned()],
                price: PriceInput {
                    amount_nok: if free { 0 } else { 50 * (1 + rng.below(20) as i64) },
                    free,
                    reduced_price_available: !free && rng.chance(30),
                },
                accessibility: AccessibilityInput {
                    wheelchair: rng.chance(30),
                    hearing_loop: rng.chance(10),
                    adapted: rng.chance(10),
                    description: None,
                },
                languages: vec!["nb".to_owned()],
                schedule: weekly(&[day], &format!("{hour:02}:00"), &format!("{:02}:30", hour + 1)),
                ..ActivityInput::default()
            };
            let details = input
                .parse()
                .map_err(|e| anyhow::anyhow!("synthetic activity {i} is invalid: {e}"))?;
            activities.push((orgs[org], names[org].clone(), details));
        }
        store.seed_activities(&activities, batch).await.context("writing synthetic activities")?;
        done += size;
        tracing::info!(done, total = n, "synthetic activities written");
    }
    Ok(n)
}
