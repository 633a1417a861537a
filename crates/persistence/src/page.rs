//! Keyset pagination: a cursor is the sort key of the last item seen, so pages stay stable
//! while rows are inserted or deleted (no offsets). Cursors are opaque to clients:
//! base64url of a small JSON array.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One page of a collection.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// `None` when the cursor was not made by this service (the caller answers 422).
pub fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let key = ("Konnerud IL".to_owned(), uuid::Uuid::nil());
        let c = encode_cursor(&key);
        assert_eq!(decode_cursor::<(String, uuid::Uuid)>(&c), Some(key));
        assert_eq!(decode_cursor::<(String, uuid::Uuid)>("!!"), None);
        assert_eq!(
            decode_cursor::<(String, uuid::Uuid)>(&encode_cursor(&5)),
            None
        );
    }
}
