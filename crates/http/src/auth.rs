//! The extractors that turn an `Authorization` header into an [`Actor`], through the
//! application layer's token check.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use fritid_domain::account::User;
use fritid_domain::policy::Actor;

use crate::AppState;
use crate::problem::ApiError;

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
}

impl Authenticated {
    pub fn actor(&self) -> Actor {
        Actor::from(&self.user)
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

async fn authenticate(req: HttpRequest) -> Result<Option<Authenticated>, ApiError> {
    // Already done by [`bearer_check`] for this request.
    if let Some(done) = req.extensions().get::<Authenticated>().cloned() {
        return Ok(Some(done));
    }
    let Some(token) = bearer(&req) else {
        return if req.headers().contains_key(header::AUTHORIZATION) {
            Err(ApiError::UNAUTHENTICATED)
        } else {
            Ok(None)
        };
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal(std::io::Error::other("app state missing")))?;
    let user = state.app.authenticate(&token).await?;
    Ok(Some(Authenticated { user }))
}

/// Middleware: an API request that carries an `Authorization` header is authenticated
/// before it reaches its handler, so a missing, expired or forged token is a 401 on every
/// endpoint — also on public ones, where ignoring it would hide a client's broken token
/// behind anonymous results. The user found is kept for the handler's extractor. The token
/// endpoints under `/api/v1/auth/` are left alone: a client refreshing an expired access
/// token may still be sending it.
pub async fn bearer_check(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = req.path();
    if req.headers().contains_key(header::AUTHORIZATION)
        && path.starts_with("/api/")
        && !path.starts_with("/api/v1/auth/")
    {
        match authenticate(req.request().clone()).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => {
                let res = actix_web::ResponseError::error_response(&e);
                return Ok(req.into_response(res));
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await?.ok_or(ApiError::UNAUTHENTICATED) })
    }
}

/// The caller, signed in or not. A token that is present but invalid is still a 401: a
/// client with a broken token should learn that, not silently see public data.
#[derive(Debug, Clone)]
pub struct MaybeAuthenticated(pub Option<Authenticated>);

impl MaybeAuthenticated {
    pub fn actor(&self) -> Actor {
        self.0.as_ref().map_or(Actor::Anonymous, Authenticated::actor)
    }

    pub fn user(&self) -> Option<&User> {
        self.0.as_ref().map(|a| &a.user)
    }
}

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(MaybeAuthenticated) })
    }
}
