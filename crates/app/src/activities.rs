//! Activities (fritidstilbud): what organisations publish and residents search, with their
//! dated sessions.

use chrono::{DateTime, Utc};
use fritid_domain::account::User;
use fritid_domain::activity::{
    AccessibilityInput, Activity, ActivityInput, ActivityStatus, ContactInput, PriceInput,
    RegistrationInput, VenueInput,
};
use fritid_domain::audit::Audit;
use fritid_domain::coverage::{CoverageCell, CoverageTable, cross_tab, overview};
use fritid_domain::policy::{Action, Actor};
use fritid_domain::reference::District;
use fritid_domain::schedule::{Occurrence, ScheduleRuleInput, expand};
use fritid_domain::wire;
use fritid_persistence::{ActivitySearch, OwnActivitiesFilter, Page, SearchPage};
use uuid::Uuid;

use crate::access::NamedReferences;
use crate::organisations::actor;
use crate::{App, AppError};
#[cfg(feature = "openapi")]
use fritid_domain::doc::TargetGroupDto;

/// Schedules an occurrence listing reads at a time: it walks every matching activity in
/// pages of this many, whatever their number; the bound is on the sessions it builds.
const SCHEDULES_AT_A_TIME: u64 = 1000;

/// Most sessions one occurrence listing may build before it pages them: enough for every
/// realistic question ("what happens in Konnerud this month"), small enough that planted
/// data cannot turn one anonymous request into hundreds of megabytes.
pub const MAX_SESSIONS: usize = 10_000;

/// A change of an activity: absent fields keep their value; for the optional ones,
/// `Some(None)` (JSON `null`) clears it. In the API: nested objects (`venue`, `price`, …) and
/// `schedule` are replaced whole; `null` clears `age_min`, `age_max` and `capacity`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UpdateActivityRequest,
    description = "Fields to change; absent ones keep their value. Nested objects (`venue`, `price`, …) and\n`schedule` are replaced whole. `null` clears `age_min`, `age_max` and `capacity`."))]
pub struct ActivityPatch {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub categories: Option<Vec<String>>,
    pub district: Option<String>,
    pub venue: Option<VenueInput>,
    #[serde(default, deserialize_with = "wire::patch_whole")]
    pub age_min: Option<Option<i64>>,
    #[serde(default, deserialize_with = "wire::patch_whole")]
    pub age_max: Option<Option<i64>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<TargetGroupDto>>))]
    pub target_groups: Option<Vec<String>>,
    pub price: Option<PriceInput>,
    pub registration: Option<RegistrationInput>,
    #[serde(default, deserialize_with = "wire::patch_whole")]
    pub capacity: Option<Option<i64>>,
    pub languages: Option<Vec<String>>,
    pub accessibility: Option<AccessibilityInput>,
    pub contact: Option<ContactInput>,
    pub schedule: Option<Vec<ScheduleRuleInput>>,
}

impl ActivityPatch {
    fn apply(self, input: &mut ActivityInput) {
        let patch = self;
        crate::apply_patch!(patch => input:
            title, summary, description, categories, district, venue, age_min, age_max,
            target_groups, price, registration, capacity, languages, accessibility, contact,
            schedule
        );
    }
}

/// One dated session of a public activity.
#[derive(Debug, Clone)]
pub struct Session {
    pub activity_id: Uuid,
    pub title: String,
    pub district: String,
    pub occurrence: Occurrence,
}

fn references_of(input: &ActivityInput) -> NamedReferences<'_> {
    NamedReferences {
        districts: vec![("district".to_owned(), input.district.as_str())],
        categories: NamedReferences::each("categories", &input.categories),
        ..NamedReferences::default()
    }
}

fn too_many_sessions() -> AppError {
    AppError::invalid(
        "query",
        format!(
            "more than {MAX_SESSIONS} sessions match; narrow the request with a shorter window \
             (from/to) or filters such as organisation, district, category, weekday or age"
        ),
    )
}

impl App {
    /// An activity `actor` may do `action` to; deleted ones do not exist.
    async fn authorized_activity(
        &self, actor: &Actor, id: Uuid, action: Action,
    ) -> Result<Activity, AppError> {
        let activity = self.store.get_activity(id).await?;
        if activity.status == ActivityStatus::Deleted {
            return Err(AppError::NotFound);
        }
        self.listing_for(actor, activity.organisation_id, activity.is_public, action).await?;
        Ok(activity)
    }

    /// One activity: public once published by a verified organisation; members see drafts.
    /// Anonymous readers get the search index's copy when it has one.
    pub async fn activity(&self, actor: &Actor, id: Uuid) -> Result<Activity, AppError> {
        if matches!(actor, Actor::Anonymous)
            && let Some(activity) = self.public_activity_in_index(id).await?
        {
            return Ok(activity);
        }
        self.authorized_activity(actor, id, Action::ReadListing).await
    }

    /// Creates an activity as a draft (members of the organisation).
    pub async fn create_activity(
        &self, user: &User, organisation: Uuid, input: ActivityInput,
    ) -> Result<Activity, AppError> {
        self.adding_listing(user, organisation).await?;
        let details = self.with_references(input.parse(), references_of(&input)).await?;
        let audit = Audit::new(
            Some(user.id),
            "activity.create",
            format!("created activity {:?}", details.title),
        );
        Ok(self.store.create_activity(organisation, &details, &audit).await?)
    }

    /// Copies an activity to its next season as a new draft of the same organisation
    /// (members): the same description, the dates a year later, no holiday exceptions.
    pub async fn copy_activity_to_next_season(
        &self, user: &User, id: Uuid,
    ) -> Result<Activity, AppError> {
        let activity = self.authorized_activity(&actor(user), id, Action::EditListing).await?;
        self.create_activity(user, activity.organisation_id, activity.details.next_season()).await
    }

    /// The organisation's activities, newest change first: the public ones for everyone,
    /// every status (or those asked for) for its members.
    pub async fn organisation_activities(
        &self, actor: &Actor, organisation: Uuid, statuses: Vec<ActivityStatus>,
        cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Activity>, AppError> {
        let (_, membership) =
            self.organisation_for(actor, organisation, Action::ReadOrganisation).await?;
        let insider = membership.is_some() || actor.is_admin();
        Ok(self
            .store
            .list_organisation_activities(
                organisation,
                &OwnActivitiesFilter { statuses, public_only: !insider },
                cursor,
                limit,
            )
            .await?)
    }

    /// Changes an activity (members).
    pub async fn update_activity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>, patch: ActivityPatch,
    ) -> Result<Activity, AppError> {
        self.change_activity(user, id, expected_version, |input| patch.apply(input)).await
    }

    /// Replaces every field of an activity with `input` (members): the edit page, whose form
    /// shows them all.
    pub async fn replace_activity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>, input: ActivityInput,
    ) -> Result<Activity, AppError> {
        self.change_activity(user, id, expected_version, |current| *current = input).await
    }

    /// Changes an activity's fields as `change` says, checked as a whole.
    async fn change_activity(
        &self, user: &User, id: Uuid, expected_version: Option<i32>,
        change: impl FnOnce(&mut ActivityInput),
    ) -> Result<Activity, AppError> {
        let activity = self.authorized_activity(&actor(user), id, Action::EditListing).await?;
        let mut input = activity.details.to_input();
        change(&mut input);
        let named = NamedReferences {
            kept_districts: vec![activity.details.district.clone()],
            kept_categories: activity.details.categories.clone(),
            ..references_of(&input)
        };
        let details = self.with_references(input.parse(), named).await?;
        let audit = Audit::new(
            Some(user.id),
            "activity.update",
            format!("updated activity {:?}", details.title),
        );
        Ok(self
            .store
            .update_activity(id, expected_version.unwrap_or(activity.version), &details, &audit)
            .await?)
    }

    /// Publishes, unpublishes or deletes an activity (members).
    pub async fn set_activity_status(
        &self, user: &User, id: Uuid, status: ActivityStatus, expected_version: Option<i32>,
    ) -> Result<Activity, AppError> {
        let activity = self.authorized_activity(&actor(user), id, Action::EditListing).await?;
        if status == ActivityStatus::Published {
            let organisation = self.store.get_organisation(activity.organisation_id).await?;
            if !organisation.status.allows_publishing() {
                return Err(AppError::Conflict(format!(
                    "The organisation is {}; its activities cannot be published.",
                    organisation.status.as_str()
                )));
            }
        }
        let audit = Audit::new(
            Some(user.id),
            match status {
                ActivityStatus::Published => "activity.publish",
                ActivityStatus::Unpublished => "activity.unpublish",
                ActivityStatus::Deleted => "activity.delete",
                ActivityStatus::Draft => "activity.draft",
            },
            format!("{} activity {:?}", status.as_str(), activity.details.title),
        );
        Ok(self.store.set_activity_status(id, status, expected_version, &audit).await?)
    }

    /// The public activities a search query asks for (read by [`crate::query::SearchParams`]).
    pub async fn search_activities(
        &self, q: &crate::query::ParsedSearch, reader: crate::search_index::Reader,
    ) -> Result<SearchPage, AppError> {
        if reader == crate::search_index::Reader::Anonymous
            && let Some(page) = self.search_in_index(q).await?
        {
            return Ok(page);
        }
        Ok(self
            .store
            .search_activities(&q.search, q.sort, q.cursor.as_deref(), q.limit, q.facets)
            .await?)
    }

    /// Dated sessions of every public activity matching `search` in `[from, to)`, in start
    /// order, after the cursor position `after`; at most [`MAX_SESSIONS`] are built.
    pub async fn sessions(
        &self, search: &ActivitySearch, from: DateTime<Utc>, to: DateTime<Utc>,
        after: Option<(DateTime<Utc>, Uuid)>, limit: u64,
    ) -> Result<(Vec<Session>, Option<String>), AppError> {
        let mut all: Vec<Session> = Vec::new();
        let mut built = 0;
        let mut last: Option<Uuid> = None;
        loop {
            let rows = self.store.public_schedules(search, last, SCHEDULES_AT_A_TIME).await?;
            let Some(row) = rows.last() else {
                break;
            };
            last = Some(row.id);
            let walked_all = (rows.len() as u64) < SCHEDULES_AT_A_TIME;
            for row in rows {
                let sessions = expand(&row.schedule, from, to);
                built += sessions.len();
                if built > MAX_SESSIONS {
                    return Err(too_many_sessions());
                }
                for occurrence in sessions {
                    if let Some((at, id)) = after
                        && (occurrence.starts_at, row.id) <= (at, id)
                    {
                        continue;
                    }
                    all.push(Session {
                        activity_id: row.id,
                        title: row.title.clone(),
                        district: row.district.clone(),
                        occurrence,
                    });
                }
            }
            if walked_all {
                break;
            }
        }
        all.sort_by_key(|s| (s.occurrence.starts_at, s.activity_id));
        Ok(fritid_persistence::cut_page(all, limit, |s| (s.occurrence.starts_at, s.activity_id))?)
    }

    /// Counts of public activities by district and/or target group (optionally only free
    /// or only paid ones), every district and group included; and the total.
    pub async fn coverage(
        &self, free: Option<bool>, by_district: bool, by_group: bool,
    ) -> Result<(Vec<CoverageCell>, u64), AppError> {
        let rows = self.store.coverage(free).await?;
        let districts: Vec<String> =
            self.store.list_districts().await?.into_iter().map(|d| d.slug.to_string()).collect();
        Ok(cross_tab(&rows, &districts, by_district, by_group))
    }

    /// The municipality's overview of public activities (optionally only free or only paid
    /// ones): a line per district, in the order of their codes, beside the district itself.
    pub async fn coverage_overview(
        &self, free: Option<bool>,
    ) -> Result<(Vec<District>, CoverageTable), AppError> {
        let rows = self.store.coverage(free).await?;
        let districts = self.store.list_districts().await?;
        let slugs: Vec<String> = districts.iter().map(|d| d.slug.to_string()).collect();
        Ok((districts, overview(&rows, &slugs)))
    }
}
