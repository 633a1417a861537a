//! Keyset pagination: a cursor is the sort key of the last item seen, so pages stay stable
//! while rows are inserted or deleted (no offsets). Cursors are opaque to clients:
//! base64url of a small JSON array.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// One page of a collection.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub fn encode_cursor<K: Serialize>(key: &K) -> Result<String, crate::StoreError> {
    fritid_domain::cursor::encode(key).map_err(unwritable)
}

fn unwritable(e: serde_json::Error) -> crate::StoreError {
    crate::StoreError::Corrupt(format!("cursor key could not be written: {e}"))
}

/// Ends a keyset page: `rows` were fetched with `LIMIT limit + 1`; when the extra row came,
/// it is dropped and the cursor is the key of the last row kept.
pub fn cut<R, K: Serialize>(
    rows: Vec<R>, limit: u64, key: impl Fn(&R) -> K,
) -> Result<(Vec<R>, Option<String>), crate::StoreError> {
    fritid_domain::cursor::cut(rows, limit, key).map_err(unwritable)
}

/// [`cut`] for a page of `(id, sort key)` rows: the ids of the rows kept, and the cursor.
pub(crate) fn cut_ids<K, C: Serialize>(
    rows: Vec<(uuid::Uuid, K)>, limit: u64, key: impl Fn(&(uuid::Uuid, K)) -> C,
) -> Result<(Vec<uuid::Uuid>, Option<String>), crate::StoreError> {
    let (rows, cursor) = cut(rows, limit, key)?;
    Ok((rows.into_iter().map(|(id, _)| id).collect(), cursor))
}

/// `None` when the cursor was not made by this service (the caller answers 422).
pub fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> Option<K> {
    fritid_domain::cursor::decode(cursor)
}

/// The key in a request's cursor, if it gave one; `InvalidCursor` when this service did not
/// make it.
pub(crate) fn cursor_key<K: DeserializeOwned>(
    cursor: Option<&str>,
) -> Result<Option<K>, crate::StoreError> {
    cursor.map(|c| decode_cursor(c).ok_or(crate::StoreError::InvalidCursor)).transpose()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let key = ("Konnerud IL".to_owned(), uuid::Uuid::nil());
        let c = encode_cursor(&key).unwrap();
        assert_eq!(decode_cursor::<(String, uuid::Uuid)>(&c), Some(key));
        assert_eq!(decode_cursor::<(String, uuid::Uuid)>("!!"), None);
        assert_eq!(decode_cursor::<(String, uuid::Uuid)>(&encode_cursor(&5).unwrap()), None);
    }

    #[test]
    fn a_page_is_cut_after_limit_rows_with_the_last_key_as_cursor() {
        let (rows, cursor) = cut(vec![1, 2, 3], 2, |r| *r).unwrap();
        assert_eq!(rows, [1, 2]);
        assert_eq!(decode_cursor::<i32>(&cursor.unwrap()), Some(2));
        let (rows, cursor) = cut(vec![1, 2], 2, |r| *r).unwrap();
        assert_eq!((rows, cursor), (vec![1, 2], None));
    }
}
