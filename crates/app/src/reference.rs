//! Reference data the municipality's admins keep: kommunedeler (districts) and activity
//! categories. A slug never changes once created; a retired one stays readable (listings
//! that use it keep showing it) but is no longer offered for new ones; one that nothing uses
//! can be deleted.

use fritid_domain::account::User;
use fritid_domain::audit::Audit;
use fritid_domain::policy::{Action, Resource};
use fritid_domain::reference::{Category, District, Slug};
use fritid_persistence::{StoreError, Usage};

pub use fritid_domain::reference::{
    CategoryChange, CategoryInput, Change, DistrictChange, DistrictInput,
};

use crate::access::require;
use crate::organisations::actor;
use crate::{App, AppError};

/// How the admins' changes of one kind of reference data are audited and refused.
struct Kind {
    /// What one is called in messages and audit summaries.
    name: &'static str,
    /// The audit log's actions.
    create: &'static str,
    update: &'static str,
    delete: &'static str,
}

const DISTRICT: Kind = Kind {
    name: "district",
    create: "district.create",
    update: "district.update",
    delete: "district.delete",
};

const CATEGORY: Kind = Kind {
    name: "category",
    create: "category.create",
    update: "category.update",
    delete: "category.delete",
};

impl Kind {
    fn created(&self, user: &User, slug: &Slug, name: &str) -> Audit {
        let summary = format!("created {} {slug} {name:?}", self.name);
        Audit::new(Some(user.id), self.create, summary)
    }

    /// `changes` are what the change did, each with whether it did (`renamed to "…"`, …).
    fn updated(&self, user: &User, slug: &Slug, changes: &[(bool, String)]) -> Audit {
        let done: Vec<&str> = changes.iter().filter(|(d, _)| *d).map(|(_, s)| s.as_str()).collect();
        let what = if done.is_empty() { "no change".to_owned() } else { done.join(", ") };
        Audit::new(Some(user.id), self.update, format!("{} {slug}: {what}", self.name))
    }

    fn deleted(&self, user: &User, slug: &Slug, name: &str) -> Audit {
        let summary = format!("deleted {} {slug} {name:?}", self.name);
        Audit::new(Some(user.id), self.delete, summary)
    }

    /// A slug or code that is taken already.
    fn taken(&self, e: StoreError) -> AppError {
        match e {
            StoreError::Conflict { constraint } => {
                let field = match constraint.as_deref() {
                    Some(c) if c.contains("code") => "code",
                    _ => "slug",
                };
                AppError::Conflict(format!("Another {} has this {field} already.", self.name))
            }
            other => other.into(),
        }
    }

    /// The outcome of a delete: done, or refused because something uses it. A use added by
    /// a concurrent write shows as the database's foreign-key conflict.
    fn deletion(&self, outcome: Result<Result<(), Usage>, StoreError>) -> Result<(), AppError> {
        let what = self.name;
        match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(usage)) => Err(in_use(what, usage)),
            Err(StoreError::Conflict { .. }) => {
                Err(AppError::Conflict(format!("The {what} is in use; retire it instead.")))
            }
            Err(other) => Err(other.into()),
        }
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

/// What an update did to the name, for the audit log.
fn renaming(before: &str, after: &str) -> (bool, String) {
    (before != after, format!("renamed to {after:?}"))
}

/// What an update did to the retirement, for the audit log.
fn retirement(before: bool, after: bool) -> (bool, String) {
    (before != after, if after { "retired" } else { "restored" }.to_owned())
}

impl App {
    fn managing_reference_data(&self, user: &User) -> Result<(), AppError> {
        require(&actor(user), Action::ManageReferenceData, &Resource::Platform)
    }

    /// Adds a kommunedel (admins). A taken slug or code is a conflict.
    pub async fn create_district(
        &self, user: &User, input: DistrictInput,
    ) -> Result<District, AppError> {
        self.managing_reference_data(user)?;
        let new = input.parse()?;
        let audit = DISTRICT.created(user, &new.slug, &new.name);
        self.store.create_district(&new, &audit).await.map_err(|e| DISTRICT.taken(e))
    }

    /// Renames, retires or restores a kommunedel (admins); `expected_version` from
    /// `If-Match`.
    pub async fn update_district(
        &self, user: &User, slug: &Slug, expected_version: Option<i32>, change: DistrictChange,
    ) -> Result<District, AppError> {
        self.managing_reference_data(user)?;
        let current = self.store.get_district(slug).await?;
        let changed = current.changed(&change)?;
        let audit = DISTRICT.updated(
            user,
            slug,
            &[
                renaming(&current.name, &changed.name),
                (changed.short_name != current.short_name, "short name changed".to_owned()),
                retirement(current.retired, changed.retired),
            ],
        );
        let version = expected_version.unwrap_or(current.version);
        Ok(self.store.update_district(&changed, version, &audit).await?)
    }

    /// Deletes a kommunedel nothing uses (admins); while anything does, a conflict.
    pub async fn delete_district(
        &self, user: &User, slug: &Slug, expected_version: Option<i32>,
    ) -> Result<(), AppError> {
        self.managing_reference_data(user)?;
        let audit = DISTRICT.deleted(user, slug, &self.store.get_district(slug).await?.name);
        DISTRICT.deletion(self.store.delete_district(slug, expected_version, &audit).await)
    }

    /// Adds a category (admins), under an existing, active parent if it names one. A taken
    /// slug is a conflict.
    pub async fn create_category(
        &self, user: &User, input: CategoryInput,
    ) -> Result<Category, AppError> {
        self.managing_reference_data(user)?;
        let new = input.parse(&self.store.list_categories().await?)?;
        let audit = CATEGORY.created(user, &new.slug, &new.name);
        self.store.create_category(&new, &audit).await.map_err(|e| CATEGORY.taken(e))
    }

    /// Renames, moves (a new parent, never under itself), retires or restores a category
    /// (admins); `expected_version` from `If-Match`.
    pub async fn update_category(
        &self, user: &User, slug: &Slug, expected_version: Option<i32>, change: CategoryChange,
    ) -> Result<Category, AppError> {
        self.managing_reference_data(user)?;
        let tree = self.store.list_categories().await?;
        let current = tree.iter().find(|c| &c.slug == slug).ok_or(AppError::NotFound)?;
        let changed = current.changed(&change, &tree)?;
        let parent = changed.parent.as_ref().map_or_else(|| "none".to_owned(), Slug::to_string);
        let audit = CATEGORY.updated(
            user,
            slug,
            &[
                renaming(&current.name, &changed.name),
                (changed.parent != current.parent, format!("parent {parent}")),
                retirement(current.retired, changed.retired),
            ],
        );
        let version = expected_version.unwrap_or(current.version);
        Ok(self.store.update_category(&changed, version, &audit).await?)
    }

    /// Deletes a category no activity has and no category has as parent (admins); while
    /// anything uses it, a conflict.
    pub async fn delete_category(
        &self, user: &User, slug: &Slug, expected_version: Option<i32>,
    ) -> Result<(), AppError> {
        self.managing_reference_data(user)?;
        let audit = CATEGORY.deleted(user, slug, &self.store.get_category(slug).await?.name);
        CATEGORY.deletion(self.store.delete_category(slug, expected_version, &audit).await)
    }
}
