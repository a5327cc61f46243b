//! Administration of user accounts: list, create, change, set a password.

use super::{NoticeQuery, notice_text, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, ticked, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use casebook_app::accounts::{self, AccountForm};
use casebook_app::sites;
use casebook_domain::access::{Grade, Role};
use casebook_domain::validation::FieldErrors;
use casebook_store::sites::SiteRecord;
use casebook_store::users::UserRecord;
use serde::Deserialize;
use std::collections::HashMap;

/// A row of the users table.
struct UserRow {
    user: UserRecord,
    site: String,
    roles: String,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    rows: Vec<UserRow>,
}

#[derive(Template)]
#[template(path = "admin/user_form.html")]
struct UserFormPage {
    layout: Layout,
    errors: FieldErrors,
    /// None when creating.
    user_id: Option<i64>,
    version: i64,
    form: AccountForm,
    grades: Vec<Choice>,
    sites: Vec<Choice>,
    roles: Vec<Choice>,
    password_errors: FieldErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct UserFormInput {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    roles: Vec<String>,
    active: Option<String>,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    password: String,
}

impl UserFormInput {
    fn account(&self, is_new: bool) -> AccountForm {
        AccountForm {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            grade: self.grade.clone(),
            site: self.site.clone(),
            roles: self.roles.clone(),
            active: is_new || ticked(&self.active),
        }
    }
}

fn site_label(sites: &[SiteRecord], id: Option<i64>) -> String {
    id.and_then(|id| sites.iter().find(|s| s.id == id)).map(|s| s.name.clone()).unwrap_or_else(|| "None".into())
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    let users = accounts::list(&state.app).await?;
    let all_sites = sites::list(&state.app).await?;
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            site: site_label(&all_sites, u.site_id),
            roles: u.roles.iter().map(Role::label).collect::<Vec<_>>().join(", "),
            user: u,
        })
        .collect();
    let layout =
        Layout::for_user(&user, "Users", "/admin/users", &state.app.settings.organisation).with_notice(notice_text(q.notice.as_deref()));
    Ok(ok(&UsersPage { layout, rows }))
}

/// What the user form shows: the account being edited (or none) and any errors.
struct Draft {
    user_id: Option<i64>,
    version: i64,
    form: AccountForm,
    errors: FieldErrors,
    password_errors: FieldErrors,
}

impl Draft {
    fn new(user_id: Option<i64>, version: i64, form: AccountForm) -> Draft {
        Draft { user_id, version, form, errors: FieldErrors::new(), password_errors: FieldErrors::new() }
    }
}

async fn form_page(state: &AppState, user: &CurrentUser, draft: Draft, notice: Option<String>) -> Result<UserFormPage, Failure> {
    let Draft { user_id, version, form, errors, password_errors } = draft;
    let all_sites = sites::list(&state.app).await?;
    let title = if user_id.is_some() { format!("Change {}", form.username) } else { "Add a user".into() };
    let layout = Layout::for_user(user, title, "/admin/users", &state.app.settings.organisation)
        .with_errors(!errors.is_empty() || !password_errors.is_empty())
        .with_notice(notice);
    Ok(UserFormPage {
        layout,
        user_id,
        version,
        grades: with_prompt("Choose a grade", &form.grade, Grade::ALL.map(|g| (g.slug().to_owned(), g.label().to_owned()))),
        sites: with_prompt("No site", &form.site, all_sites.iter().map(|s| (s.code.clone(), format!("{} ({})", s.name, s.code)))),
        roles: Role::ALL
            .iter()
            .map(|r| Choice::new(r.slug(), format!("{}: {}", r.label(), r.description()), form.roles.iter().any(|x| x == r.slug())))
            .collect(),
        form,
        errors,
        password_errors,
    })
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let form = AccountForm { active: true, ..AccountForm::default() };
    Ok(ok(&form_page(&state, &user, Draft::new(None, 0, form), None).await?))
}

pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(input): Form<UserFormInput>) -> Result<Response, Failure> {
    let form = input.account(true);
    let password = Some(input.password.as_str()).filter(|p| !p.is_empty());
    match accounts::create(&state.app, &user.actor(), &form, password).await {
        Ok(created) => Ok(Redirect::to(&format!("/admin/users/{}?notice=user-created", created.id)).into_response()),
        Err(casebook_app::AppError::Invalid(errors)) => {
            let page = form_page(&state, &user, Draft { errors, ..Draft::new(None, 0, form) }, None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

fn to_form(u: &UserRecord, sites: &HashMap<i64, String>) -> AccountForm {
    AccountForm {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        email: u.email.clone().unwrap_or_default(),
        grade: u.grade.slug().to_owned(),
        site: u.site_id.and_then(|id| sites.get(&id).cloned()).unwrap_or_default(),
        roles: u.roles.iter().map(|r| r.slug().to_owned()).collect(),
        active: u.active,
    }
}

async fn site_codes(state: &AppState) -> Result<HashMap<i64, String>, Failure> {
    Ok(sites::list(&state.app).await?.into_iter().map(|s| (s.id, s.code)).collect())
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, Failure> {
    let target = accounts::get(&state.app, id).await?;
    let form = to_form(&target, &site_codes(&state).await?);
    Ok(ok(&form_page(&state, &user, Draft::new(Some(id), target.version, form), notice_text(q.notice.as_deref())).await?))
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<UserFormInput>,
) -> Result<Response, Failure> {
    let target = accounts::get(&state.app, id).await?;
    let mut form = input.account(false);
    form.username = target.username.clone();
    match accounts::update(&state.app, &user.actor(), id, input.version, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users/{id}?notice=user-updated")).into_response()),
        Err(casebook_app::AppError::Invalid(errors)) => {
            let page = form_page(&state, &user, Draft { errors, ..Draft::new(Some(id), input.version, form) }, None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct SetPasswordInput {
    #[serde(default)]
    password: String,
}

pub async fn set_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<SetPasswordInput>,
) -> Result<Response, Failure> {
    let target = accounts::get(&state.app, id).await?;
    let result = accounts::set_password(&state.app, &user.actor(), id, &input.password).await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{id}?notice=password-set")).into_response()),
        Err(casebook_app::AppError::Invalid(password_errors)) => {
            let form = to_form(&target, &site_codes(&state).await?);
            let page = form_page(&state, &user, Draft { password_errors, ..Draft::new(Some(id), target.version, form) }, None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}
