//! Activities (fritidstilbud): organisations publish them, residents find them.

mod dto;
mod manage;
mod rendered;
mod search;

pub use dto::*;
pub use manage::*;
pub use rendered::RenderedItems;
pub use search::*;
