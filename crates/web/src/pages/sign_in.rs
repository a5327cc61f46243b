//! Signing in and out.

use super::render;
use crate::AppState;
use crate::auth::csrf::PRE_SESSION_COOKIE;
use crate::auth::{CurrentUser, SESSION_COOKIE};
use crate::error::Failure;
use crate::forms::{ClientIp, safe_next};
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use casebook_app::AppError;
use casebook_app::sessions;
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: FieldErrors,
    username: String,
    next: String,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// Cookies are `Secure` when the service is reached over TLS (directly or via a proxy).
fn is_tls(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_path("/");
    c.set_secure(secure);
    c
}

fn page(state: &AppState, csrf: String, errors: FieldErrors, username: String, next: String) -> SignInPage {
    let layout = Layout::anonymous("Sign in", csrf, &state.app.settings.organisation).with_errors(!errors.is_empty());
    SignInPage { layout, errors, username, next }
}

pub async fn form(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Response {
    if user.is_some() {
        return Redirect::to(&safe_next(query.next.as_deref())).into_response();
    }
    let token = match jar.get(PRE_SESSION_COOKIE) {
        Some(c) if c.value().len() == 64 => c.value().to_owned(),
        _ => casebook_app::sessions::new_form_token(),
    };
    let jar = jar.add(cookie(PRE_SESSION_COOKIE, token.clone(), is_tls(&headers)));
    let next = safe_next(query.next.as_deref());
    (jar, render(StatusCode::OK, &page(&state, token, FieldErrors::new(), String::new(), next))).into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Response {
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let next = safe_next(form.next.as_deref());
    let csrf = jar.get(PRE_SESSION_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    match sessions::sign_in(&state.app, &form.username, &form.password, ip.as_deref(), request_id).await {
        Ok(session) => {
            let jar =
                jar.add(cookie(SESSION_COOKIE, session.cookie_value, is_tls(&headers))).remove(Cookie::build(PRE_SESSION_COOKIE).path("/"));
            (jar, Redirect::to(&next)).into_response()
        }
        Err(e) => {
            let errors = match e {
                AppError::Invalid(errors) => errors,
                AppError::BadCredentials => FieldErrors::single("username", "Enter a correct username and password"),
                AppError::Throttled { until } => FieldErrors::single(
                    "username",
                    format!("Too many failed attempts. Wait until {} and try again, or ask an administrator.", until.strftime("%H:%M UTC")),
                ),
                other => return Failure::from(other).into_response(),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, csrf, errors, form.username.trim().to_owned(), next))
        }
    }
}

pub async fn sign_out(State(state): State<AppState>, user: CurrentUser, jar: CookieJar) -> Response {
    if let Some(session) = &user.principal.session
        && let Err(e) = sessions::sign_out(&state.app, &user.actor(), session).await
    {
        return Failure::from(e).into_response();
    }
    (jar.remove(Cookie::build(SESSION_COOKIE).path("/")), Redirect::to("/sign-in")).into_response()
}
