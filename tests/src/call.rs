//! [`Call`]: one request to the app, built in a line and checked in the same line.
//!
//! `app.post(path).by(&owner).json(&body).expect(201).await` sends the request, asserts the
//! status (naming the request and showing the body when it differs) and returns the JSON
//! body; `.problem(422)` does the same for a problem+json answer ([`assert_problem`]); and a
//! bare `.await` gives the [`reqwest::Response`] for tests that look at headers.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use reqwest::Method;
use serde_json::Value;

use crate::{TestApp, TestUser, assert_problem};

/// A request being built; see the module documentation.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call {
    /// `METHOD /path`, for failure messages.
    label: String,
    request: reqwest::RequestBuilder,
}

impl TestApp {
    /// A request of any method to `path` (a path on the app, or a whole URL).
    pub fn call(&self, method: Method, path: &str) -> Call {
        let url = if path.starts_with("http") { path.to_owned() } else { self.url(path) };
        Call { label: format!("{method} {path}"), request: self.client.request(method, url) }
    }

    pub fn get(&self, path: &str) -> Call {
        self.call(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call {
        self.call(Method::POST, path)
    }

    pub fn patch(&self, path: &str) -> Call {
        self.call(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Call {
        self.call(Method::DELETE, path)
    }
}

impl Call {
    /// Signed in as `user`, or anonymous for `None`.
    pub fn by<'u>(self, user: impl Into<Option<&'u TestUser>>) -> Call {
        match user.into() {
            Some(user) => self.token(&user.token),
            None => self,
        }
    }

    /// With `token` as the bearer token, whatever it is.
    pub fn token(self, token: &str) -> Call {
        self.map(|r| r.bearer_auth(token))
    }

    pub fn json(self, body: &Value) -> Call {
        self.map(|r| r.json(body))
    }

    /// A body as it is, for tests of what is not well-formed JSON.
    pub fn body(self, body: impl Into<reqwest::Body>) -> Call {
        self.map(|r| r.body(body))
    }

    pub fn if_match(self, etag: &str) -> Call {
        self.header("if-match", etag)
    }

    pub fn header(self, name: &str, value: &str) -> Call {
        self.map(|r| r.header(name, value))
    }

    fn map(self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Call {
        Call { label: self.label, request: f(self.request) }
    }

    pub async fn send(self) -> reqwest::Response {
        self.request.send().await.unwrap()
    }

    /// Asserts the answer's status and returns its JSON body (`null` when it has none).
    pub async fn expect(self, status: u16) -> Value {
        let res = self.request.send().await.unwrap();
        let got = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert_eq!(got, status, "{}: {text}", self.label);
        if text.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: the body is no JSON ({e}): {text}", self.label))
    }

    /// Asserts a `200 OK` list and returns `field` of every item, e.g. the titles a search
    /// finds.
    pub async fn pluck(self, field: &str) -> Vec<String> {
        crate::pluck(&self.expect(200).await["items"], field)
    }

    /// Asserts a problem+json answer with `status` ([`assert_problem`]) and returns its body.
    pub async fn problem(self, status: u16) -> Value {
        assert_problem(self.send().await, status).await
    }
}

impl IntoFuture for Call {
    type Output = reqwest::Response;
    type IntoFuture = Pin<Box<dyn Future<Output = reqwest::Response> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
