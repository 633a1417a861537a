//! Request extractors that fail with problem+json and name the bad field.
//!
//! actix's own `Json`/`Query` report serde's message for the whole input; these use
//! `serde_path_to_error` so a 422 says which field (`venue.latitude`) was wrong. Syntax
//! errors in the JSON are a malformed request (400); well-formed JSON of the wrong shape
//! is a validation failure (422).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::mime;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::AppConfig;
use crate::problem::ApiError;
use fritid_domain::ValidationErrors;

/// Bodies larger than this are refused with 413 unless configured otherwise.
pub const DEFAULT_MAX_BODY_BYTES: usize = 256 * 1024;

/// A JSON request body, deserialised into `T`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppConfig>>()
            .map(|c| c.max_body_bytes)
            .unwrap_or(DEFAULT_MAX_BODY_BYTES);
        let content_type_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == mime::APPLICATION
                    && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            });
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();

        Box::pin(async move {
            if declared_length.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            if !content_type_ok {
                return Err(ApiError::UnsupportedMediaType { expected: "application/json" });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::BadRequest(e.to_string()))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            parse_json(&body).map(Json)
        })
    }
}

/// Parses a JSON document, telling syntax errors (400) from shape errors (422, with the path
/// of the offending field).
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(de) {
        Ok(value) => Ok(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => Err(ApiError::validation(
                    field_path(&path, &inner.to_string(), "body"),
                    strip_position(&inner.to_string()),
                )),
                _ => Err(ApiError::BadRequest(format!("The body is not valid JSON: {inner}."))),
            }
        }
    }
}

/// Query parameters, deserialised into `T`. Repeated keys (`district=a&district=b`) fill a
/// `Vec`. Any bad parameter is a 422 naming it.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    // `?limit=` names a parameter without giving it: refuse it rather than guess.
    let mut empty = ValidationErrors::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if value.is_empty() {
            let name = percent_decode(name);
            empty.push(name, "must not be empty (leave the parameter out instead)");
        } else if std::str::from_utf8(&percent_decode_bytes(value)).is_err() {
            // Decoded leniently, `%FF%FE` would become replacement characters and then no
            // query at all: say so instead of answering something else.
            empty.push(percent_decode(name), "must be UTF-8 text");
        }
    }
    empty.finish()?;
    let de = serde_html_form::Deserializer::from_bytes(query.as_bytes());
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        ApiError::validation(field_path(&path, &message, "query"), message)
    })
}

/// The parameter names of a query string, decoded, in order (repeats included).
pub fn query_names(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| percent_decode(pair.split_once('=').map_or(pair, |(name, _)| name)))
        .collect()
}

pub use fritid_app::query::{each, one, parse_bool, text_query};

/// The bytes of a `application/x-www-form-urlencoded` value (`+` is a space).
fn percent_decode_bytes(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(hi), Some(lo)) => {
                    out.extend(u8::try_from(hi * 16 + lo).ok());
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn percent_decode(value: &str) -> String {
    serde_html_form::from_str::<Vec<(String, String)>>(&format!("{value}=x"))
        .ok()
        .and_then(|mut v| v.pop())
        .map(|(k, _)| k)
        .unwrap_or_else(|| value.to_owned())
}

/// The dotted path of the bad field. serde reports a missing field at its parent's path
/// (`.` for the top level), so the name is taken from its message.
fn field_path(path: &str, message: &str, top: &str) -> String {
    let missing = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    match (path, missing) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => top.to_owned(),
        (parent, Some(name)) => format!("{parent}.{name}"),
        (path, None) => path.to_owned(),
    }
}

/// "invalid type: string \"x\", expected u8 at line 1 column 9" → without the position,
/// which means nothing to someone who sent a JSON object.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Venue {
        name: String,
        latitude: Option<f64>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Body {
        title: String,
        venue: Venue,
        #[serde(default)]
        ages: Vec<u8>,
    }

    fn field_of(err: ApiError) -> String {
        match err {
            ApiError::App(fritid_app::AppError::Invalid(v)) => v.0[0].field.clone(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        let err = parse_json::<Body>(b"{\"title\": ").unwrap_err();
        assert!(matches!(err, ApiError::BadRequest(_)), "{err:?}");
        let err = parse_json::<Body>(b"not json").unwrap_err();
        assert!(matches!(err, ApiError::BadRequest(_)), "{err:?}");
    }

    #[test]
    fn shape_errors_name_the_field() {
        let err = parse_json::<Body>(br#"{"title": 3, "venue": {"name": "x"}}"#).unwrap_err();
        assert_eq!(field_of(err), "title");
        let err = parse_json::<Body>(br#"{"title": "t", "venue": {"name": "x", "latitude": "n"}}"#)
            .unwrap_err();
        assert_eq!(field_of(err), "venue.latitude");
        let err =
            parse_json::<Body>(br#"{"title": "t", "venue": {"name": "x"}, "ages": [1, 300]}"#)
                .unwrap_err();
        assert_eq!(field_of(err), "ages[1]");
    }

    #[test]
    fn missing_fields_are_named() {
        let err = parse_json::<Body>(br#"{"venue": {"name": "x"}}"#).unwrap_err();
        assert_eq!(field_of(err), "title");
        let err = parse_json::<Body>(br#"{"title": "t", "venue": {}}"#).unwrap_err();
        assert_eq!(field_of(err), "venue.name");
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Search {
        #[serde(default)]
        district: Vec<String>,
        limit: Option<u8>,
    }

    #[test]
    fn query_values_that_are_not_utf8_are_refused() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Q {
            q: Option<String>,
        }
        assert_eq!(field_of(parse_query::<Q>("q=%FF%FE").unwrap_err()), "q");
        assert_eq!(
            parse_query::<Q>("q=b%C3%B8lgen+og+%25").unwrap().q.as_deref(),
            Some("bølgen og %")
        );
        assert_eq!(percent_decode_bytes("a%2"), b"a%2");
    }

    #[test]
    fn query_repeats_fill_vectors_and_bad_values_name_the_parameter() {
        let q: Search = parse_query("district=konnerud&district=svelvik&limit=5").unwrap();
        assert_eq!(q.district, ["konnerud", "svelvik"]);
        assert_eq!(q.limit, Some(5));
        assert_eq!(field_of(parse_query::<Search>("limit=many").unwrap_err()), "limit");
    }
}
