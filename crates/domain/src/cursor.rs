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

/// The key of a cursor; `None` when this service did not make it.
pub fn decode<K: DeserializeOwned>(cursor: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    serde_json::from_slice(&bytes).ok()
}
