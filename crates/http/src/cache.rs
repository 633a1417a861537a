//! A micro-cache for anonymous public reads: at peak, many residents send the same search
//! ("fotball", "gratis i helgen"), and answering it once a second instead of once per
//! request is what keeps a small server responsive.
//!
//! Only GETs without credentials and without conditional headers are cached, only 200s, and
//! an entry is used only while no write has been committed through this process since it
//! was stored (`Store::generation`). When it is older than the TTL, one request refreshes it
//! while the others are still answered from it (stale-while-revalidate), so an expiry never
//! sends every waiting client to the database at once. With several nodes, a write on
//! another node shows here after about one TTL. `FRITID_CACHE_TTL_MS=0` turns it off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpResponse, web};

/// Most entries kept; when full, the whole cache is dropped (cheap, and it refills with the
/// popular queries first).
const MAX_ENTRIES: usize = 2_000;
/// Larger bodies are not cached.
const MAX_BODY: usize = 256 * 1024;
/// Most bytes of keys and bodies kept together: junk query strings can fill the cache, but
/// never beyond this (then it is dropped and refills, like at [`MAX_ENTRIES`]).
pub const MAX_TOTAL_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug)]
struct Entry {
    generation: u64,
    stored: Instant,
    /// Set while one request refreshes an expired entry; the others keep getting this one
    /// meanwhile, so an expiry costs one database query, not one per waiting client.
    refreshing: std::sync::atomic::AtomicBool,
    /// Every header the handler set (content type, ETag, a calendar file's
    /// `Content-Disposition`, …): a hit answers exactly as the miss did.
    headers: header::HeaderMap,
    body: Bytes,
}

#[derive(Debug)]
pub struct PublicCache {
    ttl: Duration,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<String, Entry>,
    /// Bytes of keys and bodies in `map`.
    bytes: usize,
}

impl PublicCache {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::new(Entries::default()) }
    }

    /// Bytes held now (keys and bodies).
    pub fn bytes(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.bytes)
    }

    /// A cached answer, unless the data changed since (then everyone asks the database) or
    /// the entry expired and this caller is the one chosen to refresh it.
    fn get(&self, key: &str, generation: u64) -> Option<HttpResponse> {
        use std::sync::atomic::Ordering;
        let entries = self.entries.lock().ok()?;
        let e = entries.map.get(key)?;
        if e.generation != generation {
            return None;
        }
        if e.stored.elapsed() >= self.ttl
            && e.refreshing
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            return None;
        }
        let mut res = HttpResponse::Ok();
        for (name, value) in &e.headers {
            res.append_header((name.clone(), value.clone()));
        }
        Some(res.body(e.body.clone()))
    }

    /// Drops an entry whose refresh produced nothing cacheable, so the next request retries.
    fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some(old) = entries.map.remove(key)
        {
            entries.bytes -= key.len() + old.body.len();
        }
    }

    fn put(&self, key: String, entry: Entry) {
        if let Ok(mut entries) = self.entries.lock() {
            let size = key.len() + entry.body.len();
            if entries.map.len() >= MAX_ENTRIES || entries.bytes + size > MAX_TOTAL_BYTES {
                entries.map.clear();
                entries.bytes = 0;
            }
            if let Some(old) = entries.map.insert(key.clone(), entry) {
                entries.bytes -= key.len() + old.body.len();
            }
            entries.bytes += size;
        }
    }
}

fn cacheable(req: &ServiceRequest) -> bool {
    let path = req.path();
    req.method() == Method::GET
        && path.starts_with("/api/v1/")
        && !path.starts_with("/api/v1/me")
        && !path.starts_with("/api/v1/admin/")
        && !path.starts_with("/api/v1/feeds/")
        && !path.ends_with("/signups")
        && !req.headers().contains_key(header::AUTHORIZATION)
        && !req.headers().contains_key(header::IF_NONE_MATCH)
}

pub async fn public_cache(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req.app_data::<web::Data<crate::AppState>>().cloned();
    let Some(state) = state.filter(|s| !s.cache.ttl.is_zero() && cacheable(&req)) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = format!("{}?{}", req.path(), req.query_string());
    let generation = state.app.generation();
    if let Some(hit) = state.cache.get(&key, generation) {
        return Ok(req.into_response(hit));
    }
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            state.cache.forget(&key);
            return Err(e);
        }
    };
    let small =
        matches!(res.response().body().size(), BodySize::Sized(n) if n as usize <= MAX_BODY);
    if res.status() != StatusCode::OK || !small {
        state.cache.forget(&key);
        return Ok(res);
    }
    let (req, res) = res.into_parts();
    let headers = res.headers().clone();
    let body = match actix_web::body::to_bytes(res.into_body()).await {
        Ok(bytes) => bytes,
        Err(e) => return Err(actix_web::error::ErrorInternalServerError(e)),
    };
    let mut out = HttpResponse::Ok();
    for (name, value) in &headers {
        out.append_header((name.clone(), value.clone()));
    }
    if headers.contains_key(header::CONTENT_TYPE) {
        let refreshing = std::sync::atomic::AtomicBool::new(false);
        let entry =
            Entry { generation, stored: Instant::now(), refreshing, headers, body: body.clone() };
        state.cache.put(key, entry);
    }
    Ok(ServiceResponse::new(req, out.body(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body_len: usize) -> Entry {
        Entry {
            generation: 0,
            stored: Instant::now(),
            refreshing: std::sync::atomic::AtomicBool::new(false),
            headers: header::HeaderMap::new(),
            body: Bytes::from(vec![b'x'; body_len]),
        }
    }

    #[test]
    fn junk_queries_cannot_grow_the_cache_past_its_byte_bound() {
        let cache = PublicCache::new(Duration::from_secs(60));
        let mut peak = 0;
        for i in 0..1_000 {
            cache.put(format!("/api/v1/activities?junk={i}"), entry(MAX_BODY));
            peak = peak.max(cache.bytes());
        }
        assert!(peak <= MAX_TOTAL_BYTES, "{peak}");
        assert!(peak > MAX_TOTAL_BYTES / 2, "the cache was used: {peak}");
        // Replacing an entry does not count it twice; forgetting gives its bytes back.
        let before = cache.bytes();
        cache.put("/api/v1/activities?junk=999".to_owned(), entry(MAX_BODY));
        assert_eq!(cache.bytes(), before);
        cache.forget("/api/v1/activities?junk=999");
        assert_eq!(cache.bytes(), before - "/api/v1/activities?junk=999".len() - MAX_BODY);
    }
}
