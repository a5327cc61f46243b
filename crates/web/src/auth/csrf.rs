//! Cross-site request forgery protection for every state-changing request
//! made with a cookie. Two checks: the browser's `Sec-Fetch-Site` (or
//! `Origin`) must say the request came from our own pages, and a secret
//! token must come back with it: the session's token once signed in, or a
//! short-lived cookie's token on the sign-in form. API clients using bearer
//! tokens carry no cookies and need neither.

use super::CurrentUser;
use crate::error::Failure;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

/// Holds the sign-in form's token before a session exists.
pub const PRE_SESSION_COOKIE: &str = "casebook_csrf";
pub const FORM_FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

pub async fn protect(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    // Only a request the bearer token actually authenticated is exempt: any
    // other Authorization header (Basic, say) may come with a session cookie.
    let signed_in_by_token = request.extensions().get::<CurrentUser>().is_some_and(|u| u.principal.session.is_none());
    let has_cookie = headers.get(header::COOKIE).is_some();
    if signed_in_by_token || !has_cookie && request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if !same_origin(&request) {
        return Failure::CsrfRejected.into_response();
    }
    let expected = match request.extensions().get::<CurrentUser>() {
        Some(user) => user.csrf_token().to_owned(),
        None => CookieJar::from_headers(headers).get(PRE_SESSION_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default(),
    };
    let from_header = headers.get(HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (request, provided) = match from_header {
        Some(token) => (request, Some(token)),
        None => match token_from_form(request).await {
            Ok(found) => found,
            Err(failure) => return failure.into_response(),
        },
    };
    match provided {
        Some(token) if !expected.is_empty() && constant_time_eq(token.as_bytes(), expected.as_bytes()) => next.run(request).await,
        _ => Failure::CsrfRejected.into_response(),
    }
}

/// Modern browsers say where a request came from; refuse other sites.
fn same_origin(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        _ => true,
    }
}

/// Reads the token from a urlencoded form body, then puts the body back.
async fn token_from_form(request: Request) -> Result<(Request, Option<String>), Failure> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| Failure::BadRequest("The form was too large.".into()))?;
    let token = form_urlencoded_value(&bytes, FORM_FIELD);
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

fn form_urlencoded_value(body: &[u8], wanted: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == wanted).map(|(_, v)| v)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_among_other_fields() {
        assert_eq!(form_urlencoded_value(b"a=1&csrf_token=abc%3D&b=2", FORM_FIELD), Some("abc=".into()));
        assert_eq!(form_urlencoded_value(b"a=1", FORM_FIELD), None);
    }

    #[test]
    fn comparison_needs_equal_tokens() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
