//! Collection parameters shared by every list: `limit` (1–100, default 20) and `cursor`.

use fritid_domain::ValidationErrors;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::problem::ApiError;

pub use fritid_app::query::limit;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1–100 (default 20; 100 on the short lists: kommunedeler,
    /// categories, an organisation's members).
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
    ($(#[$doc:meta])* $name:ident($dto:ty)) => {
        crate::pagination::page_type!(
            $(#[$doc])*
            $name($dto),
            "Pass as `cursor` for the next page; `null` on the last page."
        );
    };
    ($(#[$doc:meta])* $name:ident($dto:ty), $next_doc:literal) => {
        $(#[$doc])*
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

/// How many items of a short list (districts, categories, members) a page holds unless
/// `limit` says otherwise: today each of them fits in one.
pub const SHORT_LIST_LIMIT: u64 = 100;

/// A page of a short list that the use case gives whole, as every collection answers: at
/// most `limit` items after the one `cursor` names (its key), so pages stay right while
/// items come and go. `key` names each item once; the page follows its order. The bad
/// parameters go to `errors`.
pub fn page_of_list<T, K: Serialize + DeserializeOwned + Ord>(
    mut items: Vec<T>, key: impl Fn(&T) -> K, params: &PageParams, errors: &mut ValidationErrors,
) -> Result<fritid_app::Page<T>, ApiError> {
    let limit = limit(Some(params.limit.unwrap_or(SHORT_LIST_LIMIT)), errors);
    let after: Option<K> = params.cursor.as_deref().and_then(|c| {
        let key = fritid_domain::cursor::decode(c);
        if key.is_none() {
            errors.push("cursor", "is not a cursor from this collection");
        }
        key
    });
    items.sort_by_key(&key);
    if let Some(after) = after {
        items.retain(|item| key(item) > after);
    }
    let (items, next_cursor) =
        fritid_domain::cursor::cut(items, limit, key).map_err(ApiError::internal)?;
    Ok(fritid_app::Page { items, next_cursor })
}
