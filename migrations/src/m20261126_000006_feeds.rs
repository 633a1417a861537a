//! Change feeds (OpenActive RPDE, modified-id ordering). Every public resource gets a
//! `feed_modified` number, taken from one clock row inside the writing transaction: the row
//! lock makes the numbers increase in commit order, so a reader that has seen number N can
//! never later meet a smaller one. `ever_public` keeps drafts that were never public out of
//! the feeds (a tombstone for them would only leak that they exist).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedClock {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum VolunteerOpportunities {
    Table,
    Id,
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
            .create_table(
                Table::create()
                    .table(FeedClock::Table)
                    .col(string_len(FeedClock::Name, 32).primary_key())
                    .col(big_integer(FeedClock::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(FeedClock::Table)
                    .columns([FeedClock::Name, FeedClock::Value])
                    .values_panic(["feeds".into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        let tables: [(DynIden, DynIden, &str); 3] = [
            (
                Activities::Table.into_iden(),
                Activities::Id.into_iden(),
                "ix_activities_feed",
            ),
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
        for (table, id, index) in tables {
            // One column per statement: SQLite adds a single column per ALTER TABLE.
            manager
                .alter_table(
                    Table::alter()
                        .table(table.clone())
                        .add_column(big_integer(Feed::FeedModified).default(0))
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(table.clone())
                        .add_column(boolean(Feed::EverPublic).default(false))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(index)
                        .table(table)
                        .col(Feed::FeedModified)
                        .col(id)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FeedClock::Table).to_owned())
            .await
    }
}
