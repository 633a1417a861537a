//! What every handler starts from: the shared state and the request, in one extractor.
//!
//! Handlers take `cx: Cx` instead of separate `HttpRequest` and `web::Data<AppState>`
//! arguments, and answer a [`Reply`]; their signatures then say only what differs between
//! them (the caller, the path, the body).

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};

use crate::problem::ApiError;
use crate::{AppConfig, AppState};

/// A handler's answer.
pub type Reply = Result<HttpResponse, ApiError>;

/// The application state, the configuration and the request being answered.
pub struct Cx {
    pub state: web::Data<AppState>,
    pub config: web::Data<AppConfig>,
    pub req: HttpRequest,
}

impl Cx {
    /// The client's address, for per-client limits and throttles.
    pub fn client_ip(&self) -> Option<std::net::IpAddr> {
        crate::client_ip(&self.req)
    }
}

impl Deref for Cx {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.state
    }
}

impl FromRequest for Cx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = web::Data::<AppState>::extract(req).into_inner();
        let config = web::Data::<AppConfig>::extract(req).into_inner();
        ready(state.and_then(|state| Ok(Self { state, config: config?, req: req.clone() })))
    }
}
