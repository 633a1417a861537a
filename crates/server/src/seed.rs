//! `fritid seed`: a small, realistic Drammen (`--demo`) or N generated activities for
//! benchmarks (`--synthetic N`). Everything goes through the domain's validation, so seeded
//! data is data the API itself would accept.

use anyhow::Context;
use fritid_domain::activity::{
    AccessibilityInput, ActivityDetails, ActivityInput, PriceInput, VenueInput,
};
use fritid_domain::organisation::{OrganisationInput, OrganisationProfile};
use fritid_domain::schedule::ScheduleRuleInput;
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

fn single(dates: &[&str], start: &str, end: &str) -> Vec<ScheduleRuleInput> {
    dates
        .iter()
        .map(|d| ScheduleRuleInput {
            start_time: Some(start.to_owned()),
            end_time: Some(end.to_owned()),
            date: Some((*d).to_owned()),
            ..ScheduleRuleInput::default()
        })
        .collect()
}

fn centre(district: &str) -> (f64, f64) {
    DISTRICT_CENTRES
        .iter()
        .find(|(d, _, _)| *d == district)
        .map(|(_, lat, lon)| (*lat, *lon))
        .unwrap_or((59.7440, 10.2045))
}

struct DemoActivity {
    title: &'static str,
    summary: &'static str,
    category: &'static str,
    district: &'static str,
    venue: &'static str,
    ages: (Option<i64>, Option<i64>),
    groups: &'static [&'static str],
    price: i64,
    wheelchair: bool,
    schedule: Vec<ScheduleRuleInput>,
}

fn demo() -> Vec<(
    &'static str,
    &'static str,
    &'static [&'static str],
    Vec<DemoActivity>,
)> {
    let a =
        |title, summary, category, district, venue, ages, groups, price, wheelchair, schedule| {
            DemoActivity {
                title,
                summary,
                category,
                district,
                venue,
                ages,
                groups,
                price,
                wheelchair,
                schedule,
            }
        };
    vec![
        (
            "Konnerud IL",
            "association",
            &["konnerud"],
            vec![
                a(
                    "Fotballtrening for 9-åringer",
                    "Lek og ballglede på kunstgresset, for jenter og gutter.",
                    "fotball",
                    "konnerud",
                    "Konnerud kunstgress",
                    (Some(8), Some(10)),
                    &["children"],
                    0,
                    true,
                    weekly(&["tue"], "17:30", "19:00"),
                ),
                a(
                    "Håndball for ungdom",
                    "Trening og seriespill for 13–16 år.",
                    "handball",
                    "konnerud",
                    "Konnerudhallen",
                    (Some(13), Some(16)),
                    &["youth"],
                    800,
                    true,
                    weekly(&["thu"], "18:00", "19:30"),
                ),
                a(
                    "Skiskole for barn",
                    "Lær å gå på ski i lysløypa. Utstyr kan lånes.",
                    "ski",
                    "konnerud",
                    "Konnerud skisenter",
                    (Some(5), Some(10)),
                    &["children", "families"],
                    0,
                    false,
                    single(
                        &["2027-01-09", "2027-01-16", "2027-01-23", "2027-01-30"],
                        "10:00",
                        "12:00",
                    ),
                ),
            ],
        ),
        (
            "Svelvik frivilligsentral",
            "volunteer_centre",
            &["svelvik"],
            vec![
                a(
                    "Strikkekafé",
                    "Ta med strikketøyet, vi byr på kaffe og vafler.",
                    "motested",
                    "svelvik",
                    "Fabrikkjordet aktivitetssenter",
                    (None, None),
                    &["adults", "seniors"],
                    0,
                    true,
                    weekly(&["wed"], "11:00", "13:00"),
                ),
                a(
                    "Turgruppe for seniorer",
                    "Rolige turer langs fjorden i eget tempo.",
                    "friluftsliv",
                    "svelvik",
                    "Oppmøte ved Svelvik kirke",
                    (Some(60), None),
                    &["seniors"],
                    0,
                    false,
                    weekly(&["fri"], "10:00", "12:00"),
                ),
            ],
        ),
        (
            "Konnerud frivilligsentral",
            "volunteer_centre",
            &["konnerud"],
            vec![a(
                "Leksehjelp",
                "Frivillige hjelper med lekser i matte, norsk og engelsk.",
                "laering",
                "konnerud",
                "Konnerud bibliotek",
                (Some(10), Some(16)),
                &["children", "youth"],
                0,
                true,
                weekly(&["mon", "wed"], "16:00", "18:00"),
            )],
        ),
        (
            "Elvebyen frivilligsentral",
            "volunteer_centre",
            &["stromso-nedre", "bragernes"],
            vec![a(
                "Språkkafé",
                "Øv på norsk i en uformell samtale over en kopp kaffe.",
                "laering",
                "stromso-nedre",
                "Drammen bibliotek",
                (Some(16), None),
                &["adults"],
                0,
                true,
                weekly(&["thu"], "18:00", "20:00"),
            )],
        ),
        (
            "Drammen Svømmeklubb",
            "association",
            &["stromso-nedre"],
            vec![
                a(
                    "Svømmekurs for nybegynnere",
                    "Trygg i vann: lek, flyteøvelser og de første svømmetakene.",
                    "svomming",
                    "stromso-nedre",
                    "Drammensbadet",
                    (Some(6), Some(12)),
                    &["children"],
                    1200,
                    true,
                    weekly(&["sat"], "10:00", "11:00"),
                ),
                a(
                    "Babysvømming",
                    "Vannvenning for de minste sammen med en voksen.",
                    "svomming",
                    "stromso-nedre",
                    "Drammensbadet",
                    (Some(0), Some(2)),
                    &["families"],
                    1500,
                    true,
                    weekly(&["sun"], "11:00", "12:00"),
                ),
            ],
        ),
        (
            "Mjøndalen Skolekorps",
            "association",
            &["mjondalen"],
            vec![a(
                "Korps for barn",
                "Vi spiller musikk sammen og øver til 17. mai. Instrument lånes ut.",
                "korps",
                "mjondalen",
                "Mjøndalen skole",
                (Some(8), Some(13)),
                &["children"],
                300,
                false,
                weekly(&["mon"], "17:30", "19:00"),
            )],
        ),
        (
            "Solbergelva Barnekor",
            "association",
            &["solbergelva"],
            vec![a(
                "Barnekor",
                "Sang og samspill for barn i 1.–4. klasse.",
                "kor",
                "solbergelva",
                "Solbergelva kirke",
                (Some(6), Some(10)),
                &["children"],
                0,
                true,
                weekly(&["tue"], "17:00", "18:00"),
            )],
        ),
        (
            "Drammen Sjakklubb",
            "association",
            &["bragernes"],
            vec![a(
                "Sjakk for alle",
                "Åpen klubbkveld: nybegynnere og viderekomne er like velkomne.",
                "spill",
                "bragernes",
                "Bragernes torg 2",
                (None, None),
                &["youth", "adults", "seniors"],
                0,
                true,
                weekly(&["wed"], "18:00", "21:00"),
            )],
        ),
        (
            "Gulskogen Dansestudio",
            "social_enterprise",
            &["rodskog-gulskogen"],
            vec![
                a(
                    "Hip hop for ungdom",
                    "Koreografi og freestyle med erfarne instruktører.",
                    "dans",
                    "rodskog-gulskogen",
                    "Gulskogen senter, 2. etasje",
                    (Some(12), Some(18)),
                    &["youth"],
                    650,
                    true,
                    weekly(&["thu"], "18:00", "19:00"),
                ),
                a(
                    "Seniordans",
                    "Linedance og pardans i rolig tempo.",
                    "dans",
                    "rodskog-gulskogen",
                    "Gulskogen senter, 2. etasje",
                    (Some(60), None),
                    &["seniors"],
                    100,
                    true,
                    weekly(&["tue"], "11:00", "12:00"),
                ),
            ],
        ),
        (
            "Skoger IL",
            "association",
            &["skoger-askollen"],
            vec![a(
                "Friidrett for barn",
                "Løp, hopp og kast i lek og konkurranse.",
                "friidrett",
                "skoger-askollen",
                "Skoger idrettsplass",
                (Some(7), Some(12)),
                &["children"],
                0,
                false,
                weekly(&["wed"], "17:30", "19:00"),
            )],
        ),
        (
            "Fjell aktivitetshus",
            "municipal_service",
            &["stromso-ovre"],
            vec![
                a(
                    "Åpen hall fredag",
                    "Gratis åpen hall med fotball, basket og musikk for ungdom.",
                    "trening",
                    "stromso-ovre",
                    "Fjell skole, gymsalen",
                    (Some(13), Some(19)),
                    &["youth"],
                    0,
                    true,
                    weekly(&["fri"], "19:00", "23:00"),
                ),
                a(
                    "Gaming-kveld",
                    "E-sport og brettspill med voksne til stede.",
                    "spill",
                    "stromso-ovre",
                    "Fjell aktivitetshus",
                    (Some(12), Some(18)),
                    &["youth"],
                    0,
                    true,
                    weekly(&["thu"], "18:00", "21:00"),
                ),
            ],
        ),
        (
            "Krokstadelva speidergruppe",
            "association",
            &["krokstadelva"],
            vec![a(
                "Speidermøte",
                "Friluftsliv, knuter, bål og turer for småspeidere og speidere.",
                "speider",
                "krokstadelva",
                "Speiderhuset i Krokstadelva",
                (Some(7), Some(16)),
                &["children", "youth"],
                400,
                false,
                weekly(&["tue"], "18:00", "19:30"),
            )],
        ),
        (
            "Drammen og Omegn Turistforening",
            "association",
            &["bragernes", "konnerud"],
            vec![a(
                "Familietur i Drammensmarka",
                "Søndagstur med bål og pølser. Passer for barnevogn.",
                "friluftsliv",
                "bragernes",
                "Oppmøte Spiraltoppen",
                (None, None),
                &["families"],
                0,
                false,
                single(
                    &["2026-12-06", "2027-01-10", "2027-02-07", "2027-03-07"],
                    "11:00",
                    "14:00",
                ),
            )],
        ),
        (
            "Tilrettelagt idrett Drammen",
            "association",
            &["rodskog-gulskogen"],
            vec![a(
                "Innebandy for alle",
                "Tilrettelagt innebandy for barn og unge med funksjonsnedsettelser.",
                "trening",
                "rodskog-gulskogen",
                "Gulskogenhallen",
                (Some(8), Some(25)),
                &["disabilities", "youth"],
                0,
                true,
                weekly(&["mon"], "18:00", "19:00"),
            )],
        ),
    ]
}

fn activity_details(a: DemoActivity) -> anyhow::Result<ActivityDetails> {
    let (lat, lon) = centre(a.district);
    let input = ActivityInput {
        title: a.title.to_owned(),
        summary: a.summary.to_owned(),
        description: String::new(),
        categories: vec![a.category.to_owned()],
        district: a.district.to_owned(),
        venue: VenueInput {
            name: a.venue.to_owned(),
            address: String::new(),
            latitude: Some(lat),
            longitude: Some(lon),
        },
        age_min: a.ages.0,
        age_max: a.ages.1,
        target_groups: a.groups.iter().map(|g| (*g).to_owned()).collect(),
        price: PriceInput {
            amount_nok: a.price,
            free: a.price == 0,
            reduced_price_available: a.price > 0,
        },
        languages: vec!["nb".to_owned()],
        accessibility: AccessibilityInput {
            wheelchair: a.wheelchair,
            ..AccessibilityInput::default()
        },
        schedule: a.schedule,
        ..ActivityInput::default()
    };
    input
        .parse()
        .map_err(|e| anyhow::anyhow!("seed activity {:?} is invalid: {e}", a.title))
}

fn org_profile(name: &str, kind: &str, districts: &[&str]) -> anyhow::Result<OrganisationProfile> {
    OrganisationInput {
        name: name.to_owned(),
        kind: kind.to_owned(),
        description: String::new(),
        districts: districts.iter().map(|d| (*d).to_owned()).collect(),
        ..OrganisationInput::default()
    }
    .parse()
    .map_err(|e| anyhow::anyhow!("seed organisation {name:?} is invalid: {e}"))
}

/// Loads the demo data set once (a second run finds it and does nothing).
pub async fn demo_data(store: &Store) -> anyhow::Result<usize> {
    let data = demo();
    if store.organisation_named(data[0].0).await?.is_some() {
        tracing::info!("demo data is already loaded");
        return Ok(0);
    }
    let profiles = data
        .iter()
        .map(|(name, kind, districts, _)| org_profile(name, kind, districts))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let ids = store.seed_organisations(&profiles).await?;
    let mut activities = Vec::new();
    for ((name, _, _, list), id) in data.into_iter().zip(ids) {
        for a in list {
            activities.push((id, name.to_owned(), activity_details(a)?));
        }
    }
    let n = activities.len();
    store.seed_activities(&activities, 1000).await?;
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
    (
        "fotball",
        "Fotballtrening",
        &["barn", "jenter", "gutter", "ungdom", "alle"],
    ),
    (
        "handball",
        "Håndball",
        &["barn", "ungdom", "damer", "herrer"],
    ),
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

const GROUPS: [&str; 6] = [
    "children",
    "youth",
    "adults",
    "seniors",
    "families",
    "disabilities",
];
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
                &[district],
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
                    amount_nok: if free {
                        0
                    } else {
                        50 * (1 + rng.below(20) as i64)
                    },
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
                schedule: weekly(
                    &[day],
                    &format!("{hour:02}:00"),
                    &format!("{:02}:30", hour + 1),
                ),
                ..ActivityInput::default()
            };
            let details = input
                .parse()
                .map_err(|e| anyhow::anyhow!("synthetic activity {i} is invalid: {e}"))?;
            activities.push((orgs[org], names[org].clone(), details));
        }
        store
            .seed_activities(&activities, batch)
            .await
            .context("writing synthetic activities")?;
        done += size;
        tracing::info!(done, total = n, "synthetic activities written");
    }
    Ok(n)
}
