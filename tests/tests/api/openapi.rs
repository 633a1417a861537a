//! The committed `openapi/openapi.json` is the contract third parties build on: it must be
//! exactly what the code serves.

use fritid_tests::TestApp;
use serde_json::Value;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

#[test]
fn committed_spec_matches_the_code() {
    let generated = fritid_http::openapi_json();
    let path = committed_path();
    if std::env::var("FRITID_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json differs from the code. Regenerate it with\n  \
         cargo run -q -p fritid -- openapi > openapi/openapi.json\n\
         (or FRITID_UPDATE_OPENAPI=1 cargo test -p fritid-tests --test api openapi) and commit it."
    );
}

#[tokio::test]
async fn served_spec_is_openapi_3_1_and_equals_the_committed_file() {
    let app = TestApp::spawn().await;
    let served = app.get("/openapi.json").expect(200).await;
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1."), "{}", served["openapi"]);
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(committed_path()).unwrap()).unwrap();
    assert_eq!(served, committed);
    for path in ["/api/v1/districts", "/api/v1/categories", "/healthz", "/readyz"] {
        assert!(served["paths"][path]["get"].is_object(), "{path} is documented");
    }
}

/// Every URL the docs page loads must come from this server: it has to work on a machine
/// with no internet access.
#[tokio::test]
async fn docs_page_loads_nothing_from_outside() {
    let app = TestApp::spawn().await;
    let res = app.get("/docs").await;
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/docs/");

    let res = app.get("/docs/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let refs = attribute_values(&html, &["src=\"", "href=\""]);
    assert!(!refs.is_empty(), "the page references its assets");
    for r in &refs {
        assert!(!r.contains("//"), "external reference in /docs/: {r}");
        let asset = app.get(&format!("/docs/{}", r.trim_start_matches("./"))).await;
        assert_eq!(asset.status(), 200, "asset {r}");
        if r.ends_with(".js") {
            let js = asset.text().await.unwrap();
            // The initializer must point at our own spec, not at a public example.
            if r.contains("initializer") {
                assert!(js.contains("/openapi.json"), "initializer names /openapi.json");
                assert!(!js.contains("petstore"), "initializer names no external spec");
            }
        }
    }
}

fn attribute_values(html: &str, prefixes: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in prefixes {
        let mut rest = html;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Every operation that can answer 401 says how to authenticate, and the scheme it names
/// is declared.
#[test]
fn protected_operations_declare_the_bearer_scheme() {
    let spec: Value = serde_json::from_str(&fritid_http::openapi_json()).unwrap();
    let scheme = &spec["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
    let mut protected = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let needs_auth =
                op["responses"].get("401").is_some() && !path.starts_with("/api/v1/auth/");
            let security = op["security"].as_array();
            if needs_auth {
                protected += 1;
                let names_bearer =
                    security.is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
                assert!(
                    names_bearer,
                    "{method} {path} answers 401 but declares no bearer security"
                );
            }
        }
    }
    assert!(protected >= 14, "only {protected} protected operations found");
}
