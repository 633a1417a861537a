//! Organisations: self-service registration and profile, moderation, members and
//! invitations. Every handler asks the policy in `fritid-domain` before it acts.

mod crud;
mod members;
mod moderation;

pub use crud::*;
pub use members::*;
pub use moderation::*;
