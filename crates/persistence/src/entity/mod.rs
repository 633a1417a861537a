//! sea-orm entities, one per table, kept as plain as generated ones. Conversions to domain
//! types live next to the repositories that use them.

pub mod category;
pub mod district;
