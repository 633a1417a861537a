//! Reference data the municipality's admins keep: kommunedeler (districts) and activity
//! categories. A slug never changes once created; a retired one stays readable (listings
//! that use it keep showing it) but is no longer offered for new ones; one that nothing uses
//! can be deleted.

use fritid_domain::account::User;
use fritid_domain::audit::Audit;
use fritid_domain::policy::{Action, Resource};
use fritid_domain::reference::{Category, District, Slug};
use fritid_persistence::{StoreError, Usage};

pub use fritid_domain::reference::{CategoryChange, CategoryInput, DistrictChange, DistrictInput};

use crate::access::require;
use crate::organisations::actor;
use crate::{App, AppError};

/// A slug or code that is taken already (`what`: "district", "category").
fn taken(what: &str) -> impl Fn(StoreError) -> AppError + '_ {
    move |e| match e {
        StoreError::Conflict { constraint } => {
            let field = match constraint.as_deref() {
                Some(c) if c.contains("code") => "code",
                _ => "slug",
            };
            AppError::Conflict(format!("Another {what} has this {field} already."))
        }
        other => other.into(),
    }
}

/// The refusal to delete what is still used, saying by what.
fn in_use(what: &str, usage: Usage) -> AppError {
    let counts = [
        (usage.activities, "activity", "activities"),
        (usage.organisations, "organisation", "organisations"),
        (usage.opportunities, "volunteer opportunity", "volunteer opportunities"),
        (usage.subcategories, "subcategory", "subcategories"),
    ];
    let uses: Vec<String> = counts
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    AppError::Conflict(format!(
        "The {what} is in use ({}); retire it instead, or change what uses it first.",
        uses.join(", ")
    ))
}

/// The outcome of a delete: done, or refused because something uses it. A use added by a
/// concurrent write shows as the database's foreign-key conflict.
fn deleted(what: &str, outcome: Result<Result<(), Usage>, StoreError>) -> Result<(), AppError> {
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(usage)) => Err(in_use(what, usage)),
        Err(StoreError::Conflict { .. }) => {
            Err(AppError::Conflict(format!("The {what} is in use; retire it instead.")))
        }
        Err(other) => Err(other.into()),
    }
}

/// What a change did, for the audit log: `renamed to "…"`, `retired`, …
fn describe(changes: &[(bool, String)]) -> String {
    let done: Vec<&str> = changes.iter().filter(|(d, _)| *d).map(|(_, s)| s.as_str()).collect();
    if done.is_empty() { "no change".to_owned() } else { done.join(", ") }
}

fn retirement(before: bool, after: bool) -> (bool, String) {
    (before != after, if after { "retired" } else { "restored" }.to_owned())
}

impl App {
    fn managing_reference_data(&self, user: &User) -> Result<(), AppError> {
        require(&actor(user), Action::ManageReferenceData, &Resource::Platform)
    }

    /// Adds a kommunedel (admins). A taken slug or code is a conflict.
    pub async fn create_district(
        &self,
        user: &User,
        input: DistrictInput,
    ) -> Result<District, AppError> {
        self.managing_reference_data(user)?;
        let new = input.parse()?;
        let summary = format!("created district {} {:?}", new.slug, new.name);
        let audit = Audit::new(Some(user.id), "district.create", summary);
        self.store.create_district(&new, &audit).await.map_err(taken("district"))
    }

    /// Renames, retires or restores a kommunedel (admins); `expected_version` from
    /// `If-Match`.
    pub async fn update_district(
        &self,
        user: &User,
        slug: &Slug,
        expected_version: Option<i32>,
        change: DistrictChange,
    ) -> Result<District, AppError> {
        self.managing_reference_data(user)?;
        let current = self.store.get_district(slug).await?;
        let changed = current.changed(&change)?;
        let what = describe(&[
            (changed.name != current.name, format!("renamed to {:?}", changed.name)),
            (changed.short_name != current.short_name, "short name changed".to_owned()),
            retirement(current.retired, changed.retired),
        ]);
        let audit =
            Audit::new(Some(user.id), "district.update", format!("district {slug}: {what}"));
        let version = expected_version.unwrap_or(current.version);
        Ok(self.store.update_district(&changed, version, &audit).await?)
    }

    /// Deletes a kommunedel nothing uses (admins); while anything does, a conflict.
    pub async fn delete_district(
        &self,
        user: &User,
        slug: &Slug,
        expected_version: Option<i32>,
    ) -> Result<(), AppError> {
        self.managing_reference_data(user)?;
        let current = self.store.get_district(slug).await?;
        let summary = format!("deleted district {slug} {:?}", current.name);
        let audit = Audit::new(Some(user.id), "district.delete", summary);
        deleted("district", self.store.delete_district(slug, expected_version, &audit).await)
    }

    /// Adds a category (admins), under an existing, active parent if it names one. A taken
    /// slug is a conflict.
    pub async fn create_category(
        &self,
        user: &User,
        input: CategoryInput,
    ) -> Result<Category, AppError> {
        self.managing_reference_data(user)?;
        let tree = self.store.list_categories().await?;
        let new = input.parse(&tree)?;
        let summary = format!("created category {} {:?}", new.slug, new.name);
        let audit = Audit::new(Some(user.id), "category.create", summary);
        self.store.create_category(&new, &audit).await.map_err(taken("category"))
    }

    /// Renames, moves (a new parent, never under itself), retires or restores a category
    /// (admins); `expected_version` from `If-Match`.
    pub async fn update_category(
        &self,
        user: &User,
        slug: &Slug,
        expected_version: Option<i32>,
        change: CategoryChange,
    ) -> Result<Category, AppError> {
        self.managing_reference_data(user)?;
        let tree = self.store.list_categories().await?;
        let current = tree.iter().find(|c| &c.slug == slug).ok_or(AppError::NotFound)?;
        let changed = current.changed(&change, &tree)?;
        let parent = changed.parent.as_ref().map_or_else(|| "none".to_owned(), Slug::to_string);
        let what = describe(&[
            (changed.name != current.name, format!("renamed to {:?}", changed.name)),
            (changed.parent != current.parent, format!("parent {parent}")),
            retirement(current.retired, changed.retired),
        ]);
        let audit =
            Audit::new(Some(user.id), "category.update", format!("category {slug}: {what}"));
        let version = expected_version.unwrap_or(current.version);
        Ok(self.store.update_category(&changed, version, &audit).await?)
    }

    /// Deletes a category no activity has and no category has as parent (admins); while
    /// anything uses it, a conflict.
    pub async fn delete_category(
        &self,
        user: &User,
        slug: &Slug,
        expected_version: Option<i32>,
    ) -> Result<(), AppError> {
        self.managing_reference_data(user)?;
        let current = self.store.get_category(slug).await?;
        let summary = format!("deleted category {slug} {:?}", current.name);
        let audit = Audit::new(Some(user.id), "category.delete", summary);
        deleted("category", self.store.delete_category(slug, expected_version, &audit).await)
    }
}
