//! Static files, served by the binary: the stylesheet (Designsystemet's, vendored, and ours,
//! as one file) and the icon. Names carry a digest of the content, so browsers may keep them
//! for a year and still see a change the moment it is deployed.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

const THEME: &str = include_str!("../assets/vendor/designsystemet/theme.css");
const DESIGNSYSTEMET: &str = include_str!("../assets/vendor/designsystemet/designsystemet.css");
const OURS: &str = include_str!("../assets/fritid.css");
const ICON: &str = include_str!("../assets/icon.svg");

struct Asset {
    path: String,
    body: Vec<u8>,
    content_type: &'static str,
}

impl Asset {
    fn new(stem: &str, extension: &str, body: Vec<u8>, content_type: &'static str) -> Self {
        let path = format!("/static/{stem}.{:012x}.{extension}", fnv1a(&body) >> 16);
        Self { path, body, content_type }
    }
}

static CSS: LazyLock<Asset> = LazyLock::new(|| {
    let css = [THEME, DESIGNSYSTEMET, OURS].join("\n");
    Asset::new("fritid", "css", css.into_bytes(), "text/css; charset=utf-8")
});

static FAVICON: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("icon", "svg", ICON.as_bytes().to_vec(), "image/svg+xml"));

/// The path of the stylesheet.
pub fn css() -> &'static str {
    &CSS.path
}

/// The path of the icon.
pub fn icon() -> &'static str {
    &FAVICON.path
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    for asset in [&*CSS, &*FAVICON] {
        let asset: &'static Asset = asset;
        cfg.route(&asset.path, web::get().to(move || serve(asset)));
    }
}

async fn serve(asset: &'static Asset) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.body.as_slice())
}

/// FNV-1a, 64 bit: stable across builds, enough to tell versions of a file apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
