//! User accounts over the API (administrators only).

use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use casebook_app::accounts::{self, AccountForm};
use casebook_store::users::UserRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// One of ao, eo, heo, seo, grade-7, grade-6, scs.
    pub grade: String,
    pub site_id: Option<i64>,
    pub active: bool,
    /// Any of call-handler, compliance-officer, investigator, senior-reviewer, manager, monitoring-board, administrator.
    pub roles: Vec<String>,
    /// Send back when updating, so concurrent edits are detected.
    pub version: i64,
    pub created_at: String,
}

impl From<&UserRecord> for UserView {
    fn from(u: &UserRecord) -> Self {
        UserView {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            email: u.email.clone(),
            grade: u.grade.slug().into(),
            site_id: u.site_id,
            active: u.active,
            roles: u.roles.iter().map(|r| r.slug().to_owned()).collect(),
            version: u.version,
            created_at: u.created_at.to_string(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub grade: String,
    /// Site code, e.g. BEDS-OPCC.
    #[serde(default)]
    pub site: Option<String>,
    pub roles: Vec<String>,
    /// Optional first password (12 characters or more).
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct UserChanges {
    pub display_name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub grade: String,
    #[serde(default)]
    pub site: Option<String>,
    pub roles: Vec<String>,
    pub active: bool,
    /// The version last read; a stale version gives 409.
    pub version: i64,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "administration",
    responses((status = 200, body = Page<UserView>), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Page<UserView>>, Failure> {
    let users = accounts::list(&state.app).await?;
    Ok(Json(Page { items: users.iter().map(UserView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "administration", request_body = NewUser,
    responses((status = 201, body = UserView), (status = 422, body = super::Problem), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserView>), Failure> {
    let form = AccountForm {
        username: body.username,
        display_name: body.display_name,
        email: body.email.unwrap_or_default(),
        grade: body.grade,
        site: body.site.unwrap_or_default(),
        roles: body.roles,
        active: true,
    };
    let created = accounts::create(&state.app, &user.actor(), &form, body.password.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(UserView::from(&created))))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "administration", params(("id" = i64, Path)),
    responses((status = 200, body = UserView), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<UserView>, Failure> {
    Ok(Json(UserView::from(&accounts::get(&state.app, id).await?)))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "administration", params(("id" = i64, Path)), request_body = UserChanges,
    responses((status = 200, body = UserView), (status = 409, body = super::Problem), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<UserChanges>,
) -> Result<Json<UserView>, Failure> {
    let target = accounts::get(&state.app, id).await?;
    let form = AccountForm {
        username: target.username,
        display_name: body.display_name,
        email: body.email.unwrap_or_default(),
        grade: body.grade,
        site: body.site.unwrap_or_default(),
        roles: body.roles,
        active: body.active,
    };
    let updated = accounts::update(&state.app, &user.actor(), id, body.version, &form).await?;
    Ok(Json(UserView::from(&updated)))
}
