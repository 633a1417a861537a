//! The term indexes of the text search (`activity_terms`, `opportunity_terms`): one row per
//! term of an owner's texts with the term's weight, rewritten whenever those texts change.

use fritid_domain::search::{Field, index_terms};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::{activity_term, opportunity_term};
use crate::query::{DERIVED_CHUNK, TableColumn, delete_where, insert_chunked};

/// A term index table.
pub(crate) trait TermIndex: EntityTrait<Column: TableColumn> {
    /// The column naming the owner of a term.
    const OWNER: Self::Column;

    fn row(owner: Uuid, term: String, weight: i16) -> Self::ActiveModel;
}

macro_rules! term_index {
    ($($table:ident . $owner:ident => $column:ident),+) => {
        $(impl TermIndex for $table::Entity {
            const OWNER: $table::Column = $table::Column::$column;

            fn row(owner: Uuid, term: String, weight: i16) -> $table::ActiveModel {
                $table::ActiveModel {
                    term: Set(term),
                    $owner: Set(owner),
                    weight: Set(weight),
                }
            }
        })+
    };
}

term_index!(
    activity_term.activity_id => ActivityId,
    opportunity_term.opportunity_id => OpportunityId
);

/// The index rows of the texts of `owner`.
pub(crate) fn term_rows<T: TermIndex>(owner: Uuid, texts: &[(Field, &str)]) -> Vec<T::ActiveModel> {
    index_terms(texts).into_iter().map(|(term, weight)| T::row(owner, term, weight)).collect()
}

/// Replaces the index rows of `owner` by those of its `texts`.
pub(crate) async fn write_terms<T: TermIndex>(
    db: &impl ConnectionTrait, owner: Uuid, texts: &[(Field, &str)],
) -> Result<(), StoreError> {
    delete_where(db, T::OWNER, owner).await?;
    insert_chunked(db, &term_rows::<T>(owner, texts), DERIVED_CHUNK).await
}
