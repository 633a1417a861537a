//! sea-orm entities, one per table, kept as plain as generated ones. Conversions to domain
//! types live next to the repositories that use them.

/// What every entity here has alike: no relations (the queries join explicitly) and the
/// default active-model behaviour.
macro_rules! without_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    };
}

pub mod activity;
pub mod activity_category;
pub mod activity_slot;
pub mod activity_term;
pub mod audit_log;
pub mod category;
pub mod district;
pub mod email_token;
pub mod invitation;
pub mod job_run;
pub mod login_failure;
pub mod membership;
pub mod opportunity_skill;
pub mod opportunity_term;
pub mod organisation;
pub mod organisation_district;
pub mod outbox;
pub mod refresh_token;
pub mod user;
pub mod volunteer_opportunity;
pub mod volunteer_signup;
pub mod web_session;
