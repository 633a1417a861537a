//! Reading a resident's search words for the filters they name.
//!
//! People type what they want as they would say it: "fotball for 9-åringer på Konnerud,
//! gratis, ettermiddag". As free text every word is required, and no activity says "gratis"
//! and "ettermiddag" in its description, so nothing is found. Four of those words name
//! filters the search has: a kommunedel, the price, an age and a time of day. This module
//! finds such words; what to do with them (the resident pages search again with them as
//! filters when the words as typed find nothing, and say so) is the caller's.
//!
//! Only words with one plain meaning are read: a district's own name, a category's name of
//! one word (when the caller offers categories), ages ("9 år", "9-åringer"), "gratis",
//! weekdays and "helg", "formiddag"/"ettermiddag"/"kveld", the target groups' everyday
//! names and "rullestol". Everything else stays text. Words are
//! compared folded (see [`fold`]), and the letters æ, ø and å may be typed as ae, o and a.

use unicode_normalization::UnicodeNormalization;

use crate::activity::TargetGroup;
use crate::search::is_stop_word;
use crate::text::fold;

/// A filter that search words name, in the API's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// Any of these kommunedeler (slugs): a name can be shared ("Skoger", "Strømsø").
    Districts(Vec<String>),
    /// A category (slug) whose name is one word: "idrett", "musikk", "dans".
    Category(String),
    /// An age the activity's range must contain.
    Age(u8),
    Free,
    /// Any of these days (`mon` … `sun`).
    Weekdays(Vec<&'static str>),
    /// A time window, `HH:MM` to `HH:MM`.
    Time(&'static str, &'static str),
    TargetGroup(TargetGroup),
    Wheelchair,
}

/// Words of the query and the filter they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The words as typed (one word, or a number and its unit: "9-åringer").
    pub typed: String,
    pub meaning: Meaning,
}

/// A query read: the filters its words name, and the words left to search for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryReading {
    pub readings: Vec<Reading>,
    /// The words that name no filter, as typed, separated by spaces.
    pub text: String,
}

/// Words after a number that make it an age.
const AGE_WORDS: &[&str] = &[
    "år",
    "åring",
    "åringer",
    "åringen",
    "åringene",
    "åringar",
    "årig",
    "årige",
    "aar",
    "aring",
    "aringer",
];

/// Words between the numbers of a range: "6 til 9 år".
const RANGE_WORDS: &[&str] = &["til", "og", "eller"];

const FREE_WORDS: &[&str] = &["gratis", "kostnadsfri", "kostnadsfritt", "kostnadsfrie"];

/// Words that ask for wheelchair access (not "rullestoltennis": that is a sport to search
/// for).
const WHEELCHAIR_WORDS: &[&str] = &[
    "rullestol",
    "rullestolen",
    "rullestoler",
    "rullestolbruker",
    "rullestolbrukere",
    "rullestolvennlig",
    "rullestolvennlige",
    "rullestoltilgjengelig",
    "rullestoltilpasset",
];

/// Weekdays by the stem of their Norwegian name (bokmål and nynorsk, with and without ø/å).
const WEEKDAYS: &[(&str, &[&str])] = &[
    ("mon", &["mandag", "måndag"]),
    ("tue", &["tirsdag", "tysdag"]),
    ("wed", &["onsdag"]),
    ("thu", &["torsdag"]),
    ("fri", &["fredag"]),
    ("sat", &["lørdag", "laurdag", "lordag"]),
    ("sun", &["søndag", "sundag", "sondag"]),
];

/// Endings of a weekday or time-of-day word: "tirsdager", "kvelden", "helgene".
const DAY_ENDINGS: &[&str] = &["", "er", "en", "ene", "ar", "ane", "a", "s"];

const WEEKEND: &[&str] = &["helg", "helga", "helgen", "helger", "helgene", "weekend", "weekenden"];

/// Times of day and the window each names. "Morgen" is left out: "i morgen" is tomorrow.
const TIMES_OF_DAY: &[(&str, &str, &str)] = &[
    ("formiddag", "08:00", "12:00"),
    ("ettermiddag", "12:00", "18:00"),
    ("kveld", "18:00", "23:59"),
    ("kveldstid", "18:00", "23:59"),
];

const TARGET_GROUPS: &[(TargetGroup, &[&str])] = &[
    (TargetGroup::Children, &["barn", "barna", "unger", "ungene", "småbarn"]),
    (TargetGroup::Youth, &["ungdom", "ungdommer", "ungdommen", "unge", "tenåringer", "tenaringer"]),
    (TargetGroup::Adults, &["voksen", "voksne"]),
    (TargetGroup::Seniors, &["senior", "seniorer", "eldre", "pensjonister", "pensjonist"]),
    (TargetGroup::Families, &["familie", "familier", "familien", "familiene", "familiar"]),
    (
        TargetGroup::Disabilities,
        &["funksjonsnedsettelse", "funksjonsnedsettelser", "funksjonshemmede", "funksjonshemming"],
    ),
];

/// Words of district names that say where rather than which: they name no district alone.
const PLACE_WORDS: &[&str] = &[
    "og", "i", "på", "vest", "øst", "nord", "sør", "sentrum", "ovenfor", "nedenfor", "øvre",
    "nedre", "indre", "ytre",
];

/// A word of the query: where it stands in the text as typed, and its folded form.
struct Word<'q> {
    typed: &'q str,
    start: usize,
    end: usize,
    folded: String,
}

fn words(query: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in query.char_indices().chain(std::iter::once((query.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let typed = &query[s..i];
                words.push(Word { typed, start: s, end: i, folded: fold(typed) });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The word as it may be typed without æ, ø and å.
fn plain(word: &str) -> String {
    word.replace('æ', "ae").replace('ø', "o").replace('å', "a")
}

/// Whether `word` is `stem` with one of `endings`.
fn is_form_of(word: &str, stem: &str, endings: &[&str]) -> bool {
    word.strip_prefix(stem).is_some_and(|rest| endings.contains(&rest))
}

/// The age a word (or a word and the next) names: "9", "år"; "9åringer".
fn age(word: &str, next: Option<&str>) -> Option<(u8, bool)> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let n = digits.parse::<u8>().ok().filter(|n| *n <= 120)?;
    let unit = &word[digits.len()..];
    if unit.is_empty() {
        next.filter(|w| AGE_WORDS.contains(w)).map(|_| (n, true))
    } else {
        AGE_WORDS.contains(&unit).then_some((n, false))
    }
}

/// What one word names on its own (not an age, not a district).
fn meaning(word: &str) -> Option<Meaning> {
    if FREE_WORDS.contains(&word) {
        return Some(Meaning::Free);
    }
    if WHEELCHAIR_WORDS.contains(&word) {
        return Some(Meaning::Wheelchair);
    }
    if let Some((code, _)) =
        WEEKDAYS.iter().find(|(_, names)| names.iter().any(|n| is_form_of(word, n, DAY_ENDINGS)))
    {
        return Some(Meaning::Weekdays(vec![*code]));
    }
    if WEEKEND.contains(&word) {
        return Some(Meaning::Weekdays(vec!["sat", "sun"]));
    }
    if let Some((_, from, to)) =
        TIMES_OF_DAY.iter().find(|(name, _, _)| is_form_of(word, name, DAY_ENDINGS))
    {
        return Some(Meaning::Time(from, to));
    }
    TARGET_GROUPS
        .iter()
        .find(|(_, names)| names.contains(&word) || names.iter().any(|n| plain(n) == word))
        .map(|(group, _)| Meaning::TargetGroup(*group))
}

/// The districts (slugs) whose name has `word` as one of its own words.
fn districts_named(word: &str, districts: &[(&str, &str)]) -> Vec<String> {
    if PLACE_WORDS.contains(&word) || word.chars().count() < 3 {
        return Vec::new();
    }
    districts
        .iter()
        .filter(|(_, name)| {
            words(name).iter().any(|w| {
                !PLACE_WORDS.contains(&w.folded.as_str())
                    && (w.folded == word || plain(&w.folded) == word)
            })
        })
        .fold(Vec::new(), |mut slugs, (slug, _)| {
            if !slugs.iter().any(|s| s == slug) {
                slugs.push((*slug).to_owned());
            }
            slugs
        })
}

/// The category (slug) whose name is the one word `word`.
fn category_named(word: &str, categories: &[(&str, &str)]) -> Option<String> {
    categories
        .iter()
        .find(|(_, name)| {
            let name = fold(name);
            name.chars().all(char::is_alphanumeric) && (name == word || plain(&name) == word)
        })
        .map(|(slug, _)| (*slug).to_owned())
}

/// Reads `query` for the filters its words name, given the kommunedeler and the categories
/// `(slug, name)` a word may name (a district may come more than once, under each of its
/// names; no categories, and no word is read as one). A filter said twice is read once; a second, other age or time of day
/// stays text.
pub fn read_query(
    query: &str, districts: &[(&str, &str)], categories: &[(&str, &str)],
) -> QueryReading {
    // Composed first: a decomposed "å" (a + combining ring) is one letter, not a word break.
    let query: String = query.nfc().collect();
    let query = query.as_str();
    let words = words(query);
    let mut out = QueryReading::default();
    let mut left: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let next = words.get(i + 1).map(|w| w.folded.as_str());
        let (meaning, last) = if let Some((n, two)) = age(&word.folded, next) {
            // "6-9 år", "6 til 9 år": a range, which the search has no filter for.
            let range = i.checked_sub(1).is_some_and(|p| {
                let number = |w: &Word<'_>| w.folded.chars().all(|c| c.is_ascii_digit());
                number(&words[p])
                    || (RANGE_WORDS.contains(&words[p].folded.as_str())
                        && p.checked_sub(1).is_some_and(|pp| number(&words[pp])))
            });
            (if range { None } else { Some(Meaning::Age(n)) }, if two { i + 1 } else { i })
        } else {
            let named = districts_named(&word.folded, districts);
            // "eldre barn" are older children, not seniors.
            let adjective = word.folded == "eldre"
                && next.and_then(meaning).is_some_and(|m| matches!(m, Meaning::TargetGroup(_)));
            let read = if !named.is_empty() {
                Some(Meaning::Districts(named))
            } else if let Some(slug) = category_named(&word.folded, categories) {
                Some(Meaning::Category(slug))
            } else if adjective {
                None
            } else {
                meaning(&word.folded)
            };
            (read, i)
        };
        let taken = |m: &Meaning| {
            out.readings.iter().any(|r| {
                matches!(
                    (&r.meaning, m),
                    (Meaning::Age(_), Meaning::Age(_)) | (Meaning::Time(..), Meaning::Time(..))
                )
            })
        };
        match meaning {
            // Said twice: read once.
            Some(m) if out.readings.iter().any(|r| r.meaning == m) => {}
            Some(meaning) if !taken(&meaning) => {
                let typed = query[word.start..words[last].end].to_owned();
                out.readings.push(Reading { typed, meaning });
            }
            _ => left.extend(words[i..=last].iter().map(|w| w.typed)),
        }
        i = last + 1;
    }
    if !out.readings.is_empty() {
        // "for", "på": said around the words read; the search would pass over them anyway.
        left.retain(|w| !is_stop_word(&fold(w)));
    }
    out.text = left.join(" ");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use TargetGroup::{Children, Seniors, Youth};

    const DISTRICTS: &[(&str, &str)] = &[
        ("konnerud", "Konnerud og Skoger vest"),
        ("skoger-askollen", "Skoger og Åskollen"),
        ("stromso-ovre", "Strømsø ovenfor Vestfoldbanen (Danvik, Austad, Fjell)"),
        ("svelvik", "Nesbygda, Svelvik sentrum, Ebbestad og Berger"),
        ("mjondalen", "Mjøndalen, Åsen, Steinberg og Ytterkollen"),
    ];

    const CATEGORIES: &[(&str, &str)] = &[
        ("idrett", "Idrett"),
        ("svomming", "Svømming"),
        ("kultur", "Kunst og kultur"),
        ("trening", "Trening og trim"),
    ];

    fn read(q: &str) -> QueryReading {
        read_query(q, DISTRICTS, &[])
    }

    fn meanings(q: &str) -> Vec<Meaning> {
        read(q).readings.into_iter().map(|r| r.meaning).collect()
    }

    #[test]
    fn the_products_example_names_four_filters_and_leaves_one_word() {
        let r = read("fotball for 9-åringer på Konnerud, gratis, ettermiddag");
        let typed: Vec<(&str, &Meaning)> =
            r.readings.iter().map(|r| (r.typed.as_str(), &r.meaning)).collect();
        assert_eq!(
            typed,
            [
                ("9-åringer", &Meaning::Age(9)),
                ("Konnerud", &Meaning::Districts(vec!["konnerud".into()])),
                ("gratis", &Meaning::Free),
                ("ettermiddag", &Meaning::Time("12:00", "18:00")),
            ]
        );
        assert_eq!(r.text, "fotball", "without the stop words around what was read");
    }

    #[test]
    fn words_and_what_they_name() {
        let skoger = || Meaning::Districts(vec!["konnerud".into(), "skoger-askollen".into()]);
        for (q, expected) in [
            ("9 år", vec![Meaning::Age(9)]),
            ("12åringer", vec![Meaning::Age(12)]),
            ("10 aar", vec![Meaning::Age(10)]),
            ("Kostnadsfritt", vec![Meaning::Free]),
            (
                "tirsdager og Torsdag",
                vec![Meaning::Weekdays(vec!["tue"]), Meaning::Weekdays(vec!["thu"])],
            ),
            ("lordag", vec![Meaning::Weekdays(vec!["sat"])]),
            ("i helgen", vec![Meaning::Weekdays(vec!["sat", "sun"])]),
            ("kveldene", vec![Meaning::Time("18:00", "23:59")]),
            ("formiddag", vec![Meaning::Time("08:00", "12:00")]),
            ("for eldre", vec![Meaning::TargetGroup(Seniors)]),
            ("barn og ungdom", vec![Meaning::TargetGroup(Children), Meaning::TargetGroup(Youth)]),
            ("rullestolbrukere", vec![Meaning::Wheelchair]),
            ("Skoger", vec![skoger()]),
            ("STRØMSØ", vec![Meaning::Districts(vec!["stromso-ovre".into()])]),
            ("stromso", vec![Meaning::Districts(vec!["stromso-ovre".into()])]),
            ("Fjell", vec![Meaning::Districts(vec!["stromso-ovre".into()])]),
            ("mjondalen", vec![Meaning::Districts(vec!["mjondalen".into()])]),
        ] {
            assert_eq!(meanings(q), expected, "{q}");
        }
    }

    #[test]
    fn words_that_only_say_where_or_could_mean_other_things_stay_text() {
        for q in [
            "sentrum",
            "vest",
            "og",
            "i morgen",
            "9",
            "år",
            "200 år",
            "1000 år",
            "fotballtrening",
            "barnekor",
            "skogen",
            "rullestoltennis",
            "6-9 år",
            "6 til 9 år",
        ] {
            let r = read(q);
            assert!(r.readings.is_empty(), "{q}: {:?}", r.readings);
            let words: Vec<&str> =
                q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            assert_eq!(r.text, words.join(" "), "{q}: the words, without punctuation");
        }
    }

    #[test]
    fn a_category_of_one_word_is_read_only_when_categories_are_offered() {
        let with = |q: &str| -> Vec<Meaning> {
            read_query(q, DISTRICTS, CATEGORIES).readings.into_iter().map(|r| r.meaning).collect()
        };
        assert_eq!(
            with("Idrett for barn"),
            [Meaning::Category("idrett".into()), Meaning::TargetGroup(Children)]
        );
        assert_eq!(with("svomming"), [Meaning::Category("svomming".into())]);
        assert!(with("kultur").is_empty() && with("trening").is_empty(), "names of more words");
        assert!(with("idretten").is_empty(), "the name itself only");
        assert!(meanings("idrett").is_empty(), "no categories offered");
    }

    #[test]
    fn older_children_are_children() {
        let r = read("eldre barn");
        assert_eq!(
            r.readings.iter().map(|r| r.meaning.clone()).collect::<Vec<_>>(),
            [Meaning::TargetGroup(Children)]
        );
        assert_eq!(r.text, "eldre");
        assert_eq!(meanings("for eldre"), [Meaning::TargetGroup(Seniors)]);
    }

    #[test]
    fn a_second_age_or_time_of_day_stays_text_and_a_repeated_word_is_read_once() {
        let r = read("9 år eller 12 år ettermiddag kveld gratis gratis");
        assert_eq!(
            r.readings.iter().map(|r| r.meaning.clone()).collect::<Vec<_>>(),
            [Meaning::Age(9), Meaning::Time("12:00", "18:00"), Meaning::Free]
        );
        assert_eq!(r.text, "12 år kveld", "without \"eller\", a stop word");
    }

    #[test]
    fn a_query_without_such_words_is_left_as_it_is_but_for_punctuation() {
        let r = read("Svømmekurs, nybegynnere!");
        assert!(r.readings.is_empty());
        assert_eq!(r.text, "Svømmekurs nybegynnere");
        assert_eq!(read(""), QueryReading::default());
        let decomposed = "Mjo\u{308}ndalen";
        assert_eq!(meanings(decomposed), [Meaning::Districts(vec!["mjondalen".into()])]);
    }
}
