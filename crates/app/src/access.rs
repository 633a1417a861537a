//! Loading a resource together with the actor's right to it, so the policy in
//! `fritid-domain` is asked the same way by every use case; and completing validation with
//! what only the reference data can tell.

use fritid_domain::ValidationErrors;
use fritid_domain::account::{OrgRole, User};
use fritid_domain::organisation::Organisation;
use fritid_domain::policy::{Action, Actor, Decision, Resource, authorize};
use fritid_domain::reference::Slug;
use uuid::Uuid;

use crate::{App, AppError};

/// Runs the policy; a denial becomes the matching error (401, 403, or 404 where existence
/// must not leak).
pub fn require(actor: &Actor, action: Action, resource: &Resource) -> Result<(), AppError> {
    match authorize(actor, action, resource) {
        Decision::Allow => Ok(()),
        Decision::Deny(denial) => Err(denial.into()),
    }
}

/// Districts and categories an input names, each with the field it came from.
#[derive(Debug, Default)]
pub struct NamedReferences<'a> {
    pub districts: Vec<(String, &'a str)>,
    pub categories: Vec<(String, &'a str)>,
    /// Those the resource uses already: it may keep them after they are retired (a new
    /// use of a retired one is refused).
    pub kept_districts: Vec<Slug>,
    pub kept_categories: Vec<Slug>,
}

impl<'a> NamedReferences<'a> {
    /// The values of a list field, each named by its place in it: `districts[0]`, ….
    pub fn each(field: &str, values: &'a [String]) -> Vec<(String, &'a str)> {
        values.iter().enumerate().map(|(i, v)| (format!("{field}[{i}]"), v.as_str())).collect()
    }
}

impl App {
    /// The actor's role in an organisation (none for anonymous callers).
    pub(crate) async fn membership(
        &self, actor: &Actor, organisation_id: Uuid,
    ) -> Result<Option<OrgRole>, AppError> {
        Ok(match actor.user_id() {
            Some(user) => self.store.membership(organisation_id, user).await?,
            None => None,
        })
    }

    /// Loads an organisation and checks that `actor` may do `action` to it.
    pub(crate) async fn organisation_for(
        &self, actor: &Actor, id: Uuid, action: Action,
    ) -> Result<(Organisation, Option<OrgRole>), AppError> {
        let organisation = self.store.get_organisation(id).await?;
        let membership = self.membership(actor, id).await?;
        require(
            actor,
            action,
            &Resource::Organisation { status: organisation.status, membership },
        )?;
        Ok((organisation, membership))
    }

    /// Checks that `user` may add a listing (an activity or a volunteer opportunity) to the
    /// organisation, and that the organisation takes new ones.
    pub(crate) async fn adding_listing(
        &self, user: &User, organisation: Uuid,
    ) -> Result<(), AppError> {
        let actor = Actor::from(user);
        let (org, _) = self.organisation_for(&actor, organisation, Action::CreateListing).await?;
        if org.status.accepts_new_listings() {
            Ok(())
        } else {
            Err(AppError::Conflict(
                "The organisation is archived; it cannot add listings.".to_owned(),
            ))
        }
    }

    /// Checks `action` on a listing (an activity or a volunteer opportunity) of an
    /// organisation.
    pub(crate) async fn listing_for(
        &self, actor: &Actor, organisation_id: Uuid, is_public: bool, action: Action,
    ) -> Result<(), AppError> {
        let membership = self.membership(actor, organisation_id).await?;
        require(actor, action, &Resource::Listing { is_public, membership })
    }

    /// The outcome of parsing an input, completed with what only the reference data can
    /// tell (an unknown district or category, or a retired one the resource did not use
    /// already), so that a 422 lists every bad field at once instead of the database's
    /// objections coming one request later. The store checks again inside its transaction.
    pub(crate) async fn with_references<T>(
        &self, parsed: Result<T, ValidationErrors>, named: NamedReferences<'_>,
    ) -> Result<T, AppError> {
        let refs = self.store.references().await?;
        let (value, mut errors) = match parsed {
            Ok(value) => (Some(value), ValidationErrors::new()),
            Err(errors) => (None, errors),
        };
        let NamedReferences { districts, categories, kept_districts, kept_categories } = named;
        let named = districts.into_iter().map(|(f, v)| (f, v, true));
        for (field, value, is_district) in
            named.chain(categories.into_iter().map(|(f, v)| (f, v, false)))
        {
            let Ok(slug) = Slug::parse(&field, value) else {
                continue;
            };
            if errors.0.iter().any(|e| e.field == field) {
                continue;
            }
            let (known, retired, kept, what) = if is_district {
                let known = refs.district_id(&slug).is_some();
                (known, refs.district_retired(&slug), &kept_districts, "district")
            } else {
                let known = refs.category_id(&slug).is_some();
                (known, refs.category_retired(&slug), &kept_categories, "category")
            };
            if !known {
                errors.push(field, format!("is not a known {what}"));
            } else if retired && !kept.contains(&slug) {
                errors.push(field, "is retired");
            }
        }
        match value {
            Some(value) if errors.is_empty() => Ok(value),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}
