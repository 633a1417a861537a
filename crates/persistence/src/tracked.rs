//! The bookkeeping columns several tables share — a version with the time of the last
//! change (for `If-Match`), a change-feed position and whether a row was ever public (for
//! the feeds) — and the updates that keep them, written once for every table that has them.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, UpdateMany};
use uuid::Uuid;

use crate::StoreError;
use crate::clock::now_micros;
use crate::entity::{activity, category, district, organisation, user, volunteer_opportunity};
use crate::write::Write;

/// A table whose rows carry a version and the time of their last change.
pub(crate) trait Versioned: EntityTrait {
    const ID: Self::Column;
    const UPDATED_AT: Self::Column;
    const VERSION: Self::Column;
}

/// A table whose rows appear in a change feed (see `feeds`).
pub(crate) trait InFeed: Versioned {
    const FEED_MODIFIED: Self::Column;
    /// Rows that were never public stay out of the feed, even as tombstones.
    const EVER_PUBLIC: Self::Column;
}

/// An activity or a volunteer opportunity: a public listing of an organisation.
pub(crate) trait Listing: Versioned + InFeed {
    const ORGANISATION_ID: Self::Column;
    const IS_PUBLIC: Self::Column;
}

/// What every change of a versioned row sets besides its own columns.
pub(crate) trait VersionedUpdate {
    /// The change time, and the next version.
    fn next_version(self, now: DateTime<Utc>) -> Self;
    /// Only the row `id`, and only while it is at `version` (the one `If-Match` named, when
    /// it named one): of two writers with the same ETag, exactly one changes the row, and
    /// `exec_if_current` tells the other.
    fn at_version(self, id: Uuid, version: Option<i32>) -> Self;
}

impl<E: Versioned> VersionedUpdate for UpdateMany<E> {
    fn next_version(self, now: DateTime<Utc>) -> Self {
        self.col_expr(E::UPDATED_AT, Expr::value(now))
            .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
    }

    fn at_version(self, id: Uuid, version: Option<i32>) -> Self {
        let update = self.filter(E::ID.eq(id));
        match version {
            Some(version) => update.filter(E::VERSION.eq(version)),
            None => update,
        }
    }
}

/// What a change of a row in a feed sets.
pub(crate) trait FeedUpdate {
    /// Moves the rows to `position` in their feed.
    fn in_feed(self, position: i64) -> Self;
    /// Remembers that the rows were public once `public` holds.
    fn ever_public_if(self, public: bool) -> Self;
}

impl<E: InFeed> FeedUpdate for UpdateMany<E> {
    fn in_feed(self, position: i64) -> Self {
        self.col_expr(E::FEED_MODIFIED, Expr::value(position))
    }

    fn ever_public_if(self, public: bool) -> Self {
        self.col_expr(E::EVER_PUBLIC, Expr::col(E::EVER_PUBLIC).or(Expr::value(public)))
    }
}

/// Makes the listings of an organisation public or not where they are not yet, as a change
/// in their feed; `which` narrows them to those that follow the organisation.
pub(crate) async fn follow_organisation<E: Listing>(
    txn: &mut Write<'_>, organisation_id: Uuid, which: SimpleExpr, public: bool,
) -> Result<(), StoreError> {
    E::update_many()
        .col_expr(E::IS_PUBLIC, Expr::value(public))
        .ever_public_if(public)
        .in_feed(txn.feed_position().await?)
        .col_expr(E::UPDATED_AT, Expr::value(now_micros()))
        .filter(E::ORGANISATION_ID.eq(organisation_id))
        .filter(which)
        .filter(E::IS_PUBLIC.ne(public))
        .exec(&**txn)
        .await?;
    Ok(())
}

/// Every table named here calls these columns the same.
macro_rules! tracked {
    ($($table:ident),+ ; in feed: $($feed:ident),+ ; listings: $($listing:ident),+) => {
        $(impl Versioned for $table::Entity {
            const ID: $table::Column = $table::Column::Id;
            const UPDATED_AT: $table::Column = $table::Column::UpdatedAt;
            const VERSION: $table::Column = $table::Column::Version;
        })+
        $(impl InFeed for $feed::Entity {
            const FEED_MODIFIED: $feed::Column = $feed::Column::FeedModified;
            const EVER_PUBLIC: $feed::Column = $feed::Column::EverPublic;
        })+
        $(impl Listing for $listing::Entity {
            const ORGANISATION_ID: $listing::Column = $listing::Column::OrganisationId;
            const IS_PUBLIC: $listing::Column = $listing::Column::IsPublic;
        })+
    };
}

tracked!(user, organisation, activity, volunteer_opportunity, district, category;
    in feed: organisation, activity, volunteer_opportunity;
    listings: activity, volunteer_opportunity);
