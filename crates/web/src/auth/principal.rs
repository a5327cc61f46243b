//! Finds who is behind each request (session cookie or bearer token) and
//! leaves it in the request's extensions for the access guard and handlers.

use crate::AppState;
use crate::error::Failure;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use casebook_app::Actor;
use casebook_app::sessions::{self, Principal};

/// The person behind the request; handlers on signed-in routes take this.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub principal: Principal,
    pub request_id: Option<String>,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor::user(&self.principal.user, self.request_id.clone())
    }

    pub fn csrf_token(&self) -> &str {
        self.principal.session.as_ref().map(|s| s.csrf_token.as_str()).unwrap_or("")
    }
}

pub fn request_id(parts: &Parts) -> Option<String> {
    parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Middleware: resolves the principal once per request.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let bearer = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.get(..7).filter(|scheme| scheme.eq_ignore_ascii_case("bearer ")).map(|_| &v[7..]))
        .map(str::trim)
        .map(str::to_owned);
    let cookie = CookieJar::from_headers(&parts.headers).get(super::SESSION_COOKIE).map(|c| c.value().to_owned());
    let found = match (bearer, cookie) {
        (Some(token), _) => sessions::from_bearer(&state.app, &token).await,
        (None, Some(value)) => sessions::from_cookie(&state.app, &value).await,
        (None, None) => Ok(None),
    };
    match found {
        Ok(Some(principal)) => {
            let request_id = request_id(&parts);
            parts.extensions.insert(CurrentUser { principal, request_id });
        }
        Ok(None) => {}
        Err(e) => return axum::response::IntoResponse::into_response(Failure::from(e)),
    }
    next.run(Request::from_parts(parts, body)).await
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<CurrentUser>().cloned().ok_or(Failure::Unauthenticated)
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<CurrentUser>().cloned())
    }
}
