//! Activities (fritidstilbud): organisations publish them, residents find them.

mod dto;
mod manage;
mod search;

pub use dto::*;
pub use manage::*;
pub use search::*;
