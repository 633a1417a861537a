//! Collection parameters shared by every list: `limit` (1–100, default 20) and `cursor`.

use fritid_domain::ValidationErrors;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::problem::ApiError;

pub use fritid_app::query::limit;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn checked_limit(&self) -> Result<u64, ApiError> {
        checked_limit(self.limit)
    }
}

/// The `limit` of a list whose other parameters cannot be refused: itself checked, or 422.
pub fn checked_limit(requested: Option<u64>) -> Result<u64, ApiError> {
    let mut errors = ValidationErrors::new();
    let limit = limit(requested, &mut errors);
    errors.finish()?;
    Ok(limit)
}

/// Declares a page type of the API, `{ items, next_cursor }`, and `$name::of(page, to_dto)`
/// to answer with one; a second argument documents `next_cursor` where "next" needs saying.
macro_rules! page_type {
    ($name:ident($dto:ty)) => {
        crate::pagination::page_type!(
            $name($dto),
            "Pass as `cursor` for the next page; `null` on the last page."
        );
    };
    ($name:ident($dto:ty), $next_doc:literal) => {
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$dto>,
            #[doc = $next_doc]
            pub next_cursor: Option<String>,
        }

        impl $name {
            #[allow(dead_code, reason = "some pages are not made from a store's page")]
            pub fn of<T>(page: fritid_app::Page<T>, to_dto: impl FnMut(T) -> $dto) -> Self {
                Self {
                    items: page.items.into_iter().map(to_dto).collect(),
                    next_cursor: page.next_cursor,
                }
            }
        }
    };
}
pub(crate) use page_type;

/// Declares a list type of the API, `{ items }`, for collections small enough to send whole.
macro_rules! list_type {
    ($(#[$doc:meta])* $name:ident($dto:ty)) => {
        $(#[$doc])*
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$dto>,
        }

        impl<T: Into<$dto>> FromIterator<T> for $name {
            fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
                Self { items: items.into_iter().map(Into::into).collect() }
            }
        }
    };
}
pub(crate) use list_type;
