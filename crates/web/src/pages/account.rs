//! A person's own account: changing their password.

use super::{NoticeQuery, notice_text, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::accounts;
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    errors: FieldErrors,
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

fn page(state: &AppState, user: &CurrentUser, errors: FieldErrors, notice: Option<String>) -> PasswordPage {
    let layout = Layout::for_user(user, "Change your password", "/account/password", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice);
    PasswordPage { layout, errors }
}

pub async fn password_form(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Response {
    ok(&page(&state, &user, FieldErrors::new(), notice_text(q.notice.as_deref())))
}

pub async fn change_password(State(state): State<AppState>, user: CurrentUser, Form(form): Form<PasswordForm>) -> Response {
    let keep = user.principal.session.as_ref().map(|s| s.token_hash.clone());
    match accounts::change_own_password(
        &state.app,
        &user.actor(),
        &form.current_password,
        &form.new_password,
        &form.confirm_password,
        keep.as_deref(),
    )
    .await
    {
        Ok(()) => Redirect::to("/account/password?notice=password-changed").into_response(),
        Err(casebook_app::AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, errors, None)),
        Err(other) => crate::error::Failure::from(other).into_response(),
    }
}
