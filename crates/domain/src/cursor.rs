//! Keyset cursors as clients see them: opaque, base64url of the small JSON key of the last
//! item of a page. Every list of the API and the search index write them the same way.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The cursor of `key`.
pub fn encode<K: Serialize>(key: &K) -> Result<String, serde_json::Error> {
    Ok(URL_SAFE_NO_PAD.encode(serde_json::to_vec(key)?))
}

/// Ends a keyset page: `rows` hold one more than `limit` when there is a next page; then the
/// extra one is dropped and the cursor is the key of the last row kept.
pub fn cut<R, K: Serialize>(
    mut rows: Vec<R>, limit: u64, key: impl Fn(&R) -> K,
) -> Result<(Vec<R>, Option<String>), serde_json::Error> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() <= limit {
        return Ok((rows, None));
    }
    rows.truncate(limit);
    let cursor = rows.last().map(|r| encode(&key(r))).transpose()?;
    Ok((rows, cursor))
}

/// The key of a cursor; `None` when this service did not make it.
pub fn decode<K: DeserializeOwned>(cursor: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    serde_json::from_slice(&bytes).ok()
}
