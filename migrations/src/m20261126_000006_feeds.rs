//! Change feeds (OpenActive RPDE, modified-id ordering). Every public resource gets a
//! `feed_modified` number, taken from one clock row inside the writing transaction: the row
//! lock makes the numbers increase in commit order, so a reader that has seen number N can
//! never later meet a smaller one. `ever_public` keeps drafts that were never public out of
//! the feeds (a tombstone for them would only leak that they exist).

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{ExecuteAll, add_column, drop_table, index};
use crate::idens::{Activities, Organisations, VolunteerOpportunities};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedClock {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Feed {
    FeedModified,
    EverPublic,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &Table::create()
                    .table(FeedClock::Table)
                    .col(string_len(FeedClock::Name, 32).primary_key())
                    .col(big_integer(FeedClock::Value))
                    .to_owned(),
                &Query::insert()
                    .into_table(FeedClock::Table)
                    .columns([FeedClock::Name, FeedClock::Value])
                    .values_panic(["feeds".into(), 0i64.into()])
                    .to_owned(),
            ])
            .await?;
        let tables: [(DynIden, DynIden, &str); 3] = [
            (Activities::Table.into_iden(), Activities::Id.into_iden(), "ix_activities_feed"),
            (
                Organisations::Table.into_iden(),
                Organisations::Id.into_iden(),
                "ix_organisations_feed",
            ),
            (
                VolunteerOpportunities::Table.into_iden(),
                VolunteerOpportunities::Id.into_iden(),
                "ix_volunteer_opportunities_feed",
            ),
        ];
        for (table, id, index_name) in tables {
            manager
                .execute_all(&[
                    &add_column(table.clone(), big_integer(Feed::FeedModified).default(0)),
                    &add_column(table.clone(), boolean(Feed::EverPublic).default(false)),
                    &index(index_name, table, [Feed::FeedModified.into_iden(), id]),
                ])
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.execute_all(&[&drop_table(FeedClock::Table)]).await
    }
}
