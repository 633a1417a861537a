//! The rules of Fritid, free of I/O: validated values, entities as plain structs, and the
//! pure functions that decide things. Nothing here knows about HTTP or databases; the
//! other crates turn these types into rows and responses.

pub mod account;
pub mod activity;
pub mod activity_search;
pub mod audit;
pub mod calendar;
mod code;
pub mod coverage;
pub mod cursor;
pub mod dates;
#[cfg(feature = "openapi")]
pub mod doc;
pub mod error;
pub mod mail;
pub mod organisation;
pub mod policy;
pub mod reading;
pub mod reference;
pub mod schedule;
pub mod search;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod volunteering;
pub mod wire;

pub use error::{FieldError, ValidationErrors};
