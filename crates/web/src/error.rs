//! How things go wrong at the edge. Handlers return [`Failure`]; the
//! [`render_failures`] middleware turns it into a JSON problem (RFC 9457)
//! for the API or a GOV.UK-style error page for people, with the request
//! id, never internals.

use crate::layout::ErrorPage;
use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_domain::validation::FieldErrors;
use serde::Serialize;

#[derive(Debug, Clone)]
pub enum Failure {
    /// Not signed in (or the token is unknown).
    Unauthenticated,
    /// Signed in, but their roles do not allow this.
    Forbidden,
    NotFound,
    /// A form without the right anti-forgery token.
    CsrfRejected,
    /// Input that cannot be used; each problem names its field.
    Invalid(FieldErrors),
    /// Someone else changed the record first.
    Conflict(String),
    Throttled(String),
    BadRequest(String),
    /// A fault of ours; the details are in the log under the request id.
    Internal,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(errors) => Failure::Invalid(errors),
            AppError::NotFound(_) => Failure::NotFound,
            AppError::StaleEdit(what) => Failure::Conflict(format!(
                "{what} was changed by someone else while you were editing it. Reload the page to see the changes, then try again."
            )),
            AppError::BadCredentials => Failure::Unauthenticated,
            AppError::Throttled { until } => {
                Failure::Throttled(format!("Too many failed sign-ins. Try again after {}.", until.strftime("%H:%M UTC")))
            }
            AppError::Forbidden => Failure::Forbidden,
            other => {
                tracing::error!(error = %other, "request failed");
                Failure::Internal
            }
        }
    }
}

impl Failure {
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::Unauthenticated => StatusCode::UNAUTHORIZED,
            Failure::Forbidden | Failure::CsrfRejected => StatusCode::FORBIDDEN,
            Failure::NotFound => StatusCode::NOT_FOUND,
            Failure::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Failure::Unauthenticated => "You need to sign in",
            Failure::Forbidden => "You do not have access to this page",
            Failure::NotFound => "Page not found",
            Failure::CsrfRejected => "Your form could not be sent",
            Failure::Invalid(_) => "There is a problem with what was sent",
            Failure::Conflict(_) => "Someone else changed this record",
            Failure::Throttled(_) => "Too many attempts",
            Failure::BadRequest(_) => "The request could not be understood",
            Failure::Internal => "Sorry, there is a problem with the service",
        }
    }

    fn detail(&self) -> String {
        match self {
            Failure::Unauthenticated => "Sign in, or send a valid API token.".into(),
            Failure::Forbidden => "Your role does not allow this. If you need it for your work, ask an administrator.".into(),
            Failure::NotFound => "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.".into(),
            Failure::CsrfRejected => "The form was out of date or came from another site. Go back, reload the page and try again.".into(),
            Failure::Invalid(errors) => errors.to_string(),
            Failure::Conflict(m) | Failure::Throttled(m) | Failure::BadRequest(m) => m.clone(),
            Failure::Internal => "Try again later. If it keeps happening, tell your service desk the request id.".into(),
        }
    }
}

impl IntoResponse for Failure {
    /// An empty response that carries the failure; [`render_failures`] gives it a body.
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a FieldErrors>,
    request_id: Option<String>,
}

/// Middleware: gives every failure its body, as JSON under `/api/` and as a page elsewhere.
pub async fn render_failures(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let path = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let response = next.run(request).await;
    let Some(failure) = response.extensions().get::<Failure>().cloned() else { return response };
    if is_api {
        let errors = match &failure {
            Failure::Invalid(errors) => Some(errors),
            _ => None,
        };
        let problem = Problem {
            kind: "about:blank",
            title: failure.title(),
            status: failure.status().as_u16(),
            detail: failure.detail(),
            errors,
            request_id,
        };
        let mut out = (failure.status(), axum::Json(problem)).into_response();
        out.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
        if matches!(failure, Failure::Unauthenticated) {
            out.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        return out;
    }
    if matches!(failure, Failure::Unauthenticated) {
        let next = urlencode(&path);
        return Redirect::to(&format!("/sign-in?next={next}")).into_response();
    }
    let page = ErrorPage { title: failure.title(), detail: failure.detail(), request_id, status: failure.status().as_u16() };
    match page.render() {
        Ok(html) => (failure.status(), Html(html)).into_response(),
        Err(_) => (failure.status(), failure.title()).into_response(),
    }
}

/// Percent-encodes a path for use as a query value.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
