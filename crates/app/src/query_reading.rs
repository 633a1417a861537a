//! The words of an activity search's `q` read as filters (see [`fritid_domain::reading`]):
//! the parameters of the same search with the filters those words name, and `q` only the
//! words left. A front door decides when to use them: the resident pages do when the words
//! as typed find nothing, and say what they read.

use fritid_domain::ValidationErrors;
use fritid_domain::reading::{Meaning, Reading, read_query};
use fritid_domain::reference::{Category, District};

use crate::query::SearchParams;
use crate::search_index::Reader;
use crate::{App, AppError, FacetRequest};

impl App {
    /// For a search by `params` that found nothing: when words of its `q` name filters (see
    /// [`SearchParams::read_q`]) and the search with those filters finds something, its
    /// parameters and the words read. Words are first read without categories (a
    /// category's name is often the very word an activity says, "fotball"), then with them.
    /// `None` on a later page (an earlier one found some).
    pub async fn read_search_words(
        &self, params: &SearchParams, reader: Reader,
    ) -> Result<Option<(SearchParams, Vec<Reading>)>, AppError> {
        if params.cursor.is_some() || params.q.is_none() {
            return Ok(None);
        }
        let districts = self.districts().await?;
        if let Some(found) = self.finds(params.read_q(&districts, &[]), reader).await? {
            return Ok(Some(found));
        }
        let categories = self.categories().await?;
        let read = params.read_q(&districts, &categories).filter(|(_, readings)| {
            readings.iter().any(|r| matches!(r.meaning, Meaning::Category(_)))
        });
        self.finds(read, reader).await
    }

    /// `read`, if its search finds something.
    async fn finds(
        &self, read: Option<(SearchParams, Vec<Reading>)>, reader: Reader,
    ) -> Result<Option<(SearchParams, Vec<Reading>)>, AppError> {
        let Some((read, readings)) = read else { return Ok(None) };
        let mut errors = ValidationErrors::new();
        let mut probe = read.parse(&mut errors);
        if !errors.is_empty() {
            return Ok(None);
        }
        probe.limit = 1;
        probe.facets = FacetRequest::default();
        let found = !self.search_activities(&probe, reader).await?.items.is_empty();
        Ok(found.then_some((read, readings)))
    }
}

/// The API parameters a reading sets, as `(name, value)`.
pub fn parameters(meaning: &Meaning) -> Vec<(&'static str, String)> {
    match meaning {
        Meaning::Districts(slugs) => slugs.iter().map(|s| ("district", s.clone())).collect(),
        Meaning::Category(slug) => vec![("category", slug.clone())],
        Meaning::Age(age) => vec![("age", age.to_string())],
        Meaning::Free => vec![("free", "true".to_owned())],
        Meaning::Weekdays(days) => days.iter().map(|d| ("weekday", (*d).to_owned())).collect(),
        Meaning::Time(from, to) => {
            vec![("time_from", (*from).to_owned()), ("time_to", (*to).to_owned())]
        }
        Meaning::TargetGroup(group) => vec![("target_group", group.as_str().to_owned())],
        Meaning::Wheelchair => vec![("wheelchair", "true".to_owned())],
    }
}

impl SearchParams {
    /// These parameters with the filters the words of `q` name among `districts` and
    /// `categories` (those in use), and `q` only the other words; with what was read. A word
    /// whose filter is already set stays in `q`. `None` when no word names a filter that is
    /// not set.
    pub fn read_q(
        &self, districts: &[District], categories: &[Category],
    ) -> Option<(SearchParams, Vec<Reading>)> {
        let q = self.q.as_deref()?;
        let names: Vec<(&str, &str)> = districts
            .iter()
            .filter(|d| !d.retired)
            .flat_map(|d| {
                let short = d.short_name.as_deref().map(|s| (d.slug.as_str(), s));
                std::iter::once((d.slug.as_str(), d.name.as_str())).chain(short)
            })
            .collect();
        let categories: Vec<(&str, &str)> = categories
            .iter()
            .filter(|c| !c.retired)
            .map(|c| (c.slug.as_str(), c.name.as_str()))
            .collect();
        let read = read_query(q, &names, &categories);
        let mut next = self.clone();
        let mut applied = Vec::new();
        let mut left = vec![read.text];
        for reading in read.readings {
            if next.apply(&reading.meaning, self) {
                applied.push(reading);
            } else {
                left.push(reading.typed);
            }
        }
        if applied.is_empty() {
            return None;
        }
        let left = left.join(" ");
        next.q = Some(left.trim().to_owned()).filter(|q| !q.is_empty());
        next.cursor = None;
        Some((next, applied))
    }

    /// Sets the filter `meaning` names unless `given` (the parameters as asked) sets it.
    fn apply(&mut self, meaning: &Meaning, given: &SearchParams) -> bool {
        fn add(list: &mut Vec<String>, values: impl IntoIterator<Item = String>) {
            for v in values {
                if !list.contains(&v) {
                    list.push(v);
                }
            }
        }
        match meaning {
            Meaning::Districts(slugs) if given.district.is_empty() => {
                add(&mut self.district, slugs.iter().cloned());
            }
            Meaning::Category(slug) if given.category.is_empty() => {
                add(&mut self.category, [slug.clone()]);
            }
            Meaning::Age(age) if given.age.is_none() => self.age = Some(age.to_string()),
            Meaning::Free if given.free.is_none() => self.free = Some("true".to_owned()),
            Meaning::Weekdays(days) if given.weekday.is_empty() => {
                add(&mut self.weekday, days.iter().map(|d| (*d).to_owned()));
            }
            Meaning::Time(from, to) if given.time_from.is_none() && given.time_to.is_none() => {
                self.time_from = Some((*from).to_owned());
                self.time_to = Some((*to).to_owned());
            }
            Meaning::TargetGroup(group) if given.target_group.is_empty() => {
                add(&mut self.target_group, [group.as_str().to_owned()]);
            }
            Meaning::Wheelchair if given.wheelchair.is_none() => {
                self.wheelchair = Some("true".to_owned());
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use fritid_domain::reference::Slug;

    use super::*;

    fn district(slug: &str, name: &str, retired: bool) -> District {
        District {
            id: uuid::Uuid::nil(),
            code: "01".into(),
            slug: Slug::parse("district", slug).unwrap(),
            name: name.into(),
            short_name: None,
            retired,
            version: 1,
        }
    }

    fn params(q: &str) -> SearchParams {
        SearchParams { q: Some(q.into()), ..SearchParams::default() }
    }

    #[test]
    fn the_words_become_the_apis_parameters_and_q_keeps_the_rest() {
        let districts = [district("konnerud", "Konnerud og Skoger vest", false)];
        let (read, readings) = params("fotball for 9-åringer på Konnerud, gratis, ettermiddag")
            .read_q(&districts, &[])
            .unwrap();
        assert_eq!(readings.len(), 4);
        assert_eq!(read.q.as_deref(), Some("fotball"));
        assert_eq!(read.district, ["konnerud"]);
        assert_eq!(read.age.as_deref(), Some("9"));
        assert_eq!(read.free.as_deref(), Some("true"));
        assert_eq!(
            (read.time_from.as_deref(), read.time_to.as_deref()),
            (Some("12:00"), Some("18:00"))
        );
        let mut e = fritid_domain::ValidationErrors::new();
        read.parse(&mut e);
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn a_filter_already_chosen_keeps_its_word_as_text() {
        let districts = [district("konnerud", "Konnerud og Skoger vest", false)];
        let mut asked = params("gratis korps Konnerud tirsdag");
        asked.free = Some("false".into());
        asked.weekday = vec!["wed".into()];
        let (read, readings) = asked.read_q(&districts, &[]).unwrap();
        assert_eq!(readings.iter().map(|r| r.typed.as_str()).collect::<Vec<_>>(), ["Konnerud"]);
        assert_eq!(read.q.as_deref(), Some("korps gratis tirsdag"));
        assert_eq!(
            (read.free.as_deref(), read.weekday.as_slice()),
            (Some("false"), &["wed".to_owned()][..])
        );
    }

    #[test]
    fn nothing_to_read_a_retired_district_or_no_q_is_none() {
        let districts = [district("konnerud", "Konnerud og Skoger vest", true)];
        assert!(params("Konnerud").read_q(&districts, &[]).is_none(), "retired");
        assert!(params("fotball").read_q(&districts, &[]).is_none());
        assert!(SearchParams::default().read_q(&districts, &[]).is_none());
    }

    #[test]
    fn words_that_are_only_filters_leave_no_q_and_a_cursor_is_dropped() {
        let mut asked = params("gratis, kveld");
        asked.cursor = Some("abc".into());
        let (read, _) = asked.read_q(&[], &[]).unwrap();
        assert_eq!((read.q, read.cursor), (None, None));
    }
}
