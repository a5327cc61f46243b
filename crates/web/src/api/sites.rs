//! Sites and their closure days over the API.

use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use casebook_app::sites::{self, SiteForm};
use casebook_store::closures::ClosureDay;
use casebook_store::sites::SiteRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct SiteView {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// contact-centre, pcc-office, detention-centre, passport-office, complaints-unit or other.
    pub kind: String,
    /// england-and-wales, scotland or northern-ireland.
    pub nation: String,
    pub active: bool,
    pub version: i64,
}

impl From<&SiteRecord> for SiteView {
    fn from(s: &SiteRecord) -> Self {
        SiteView {
            id: s.id,
            code: s.code.clone(),
            name: s.name.clone(),
            kind: s.kind.slug().into(),
            nation: s.nation.slug().into(),
            active: s.active,
            version: s.version,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct SiteInput {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub nation: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// Required when updating: the version last read.
    #[serde(default)]
    pub version: i64,
}

fn yes() -> bool {
    true
}

impl SiteInput {
    fn form(self) -> SiteForm {
        SiteForm { code: self.code, name: self.name, kind: self.kind, nation: self.nation, active: self.active }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ClosureView {
    pub id: i64,
    pub site_id: i64,
    /// YYYY-MM-DD
    pub closed_on: String,
    pub reason: String,
}

impl From<&ClosureDay> for ClosureView {
    fn from(c: &ClosureDay) -> Self {
        ClosureView { id: c.id, site_id: c.site_id, closed_on: c.closed_on.to_string(), reason: c.reason.clone() }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ClosureInput {
    /// YYYY-MM-DD; must be a working day at the site.
    pub closed_on: String,
    pub reason: String,
}

#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    /// Only closures in this year.
    pub year: Option<i16>,
}

#[utoipa::path(get, path = "/api/v1/sites", tag = "platform", responses((status = 200, body = Page<SiteView>)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Page<SiteView>>, Failure> {
    Ok(Json(Page { items: sites::list(&state.app).await?.iter().map(SiteView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/sites", tag = "administration", request_body = SiteInput,
    responses((status = 201, body = SiteView), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<SiteInput>,
) -> Result<(StatusCode, Json<SiteView>), Failure> {
    let site = sites::create(&state.app, &user.actor(), &body.form()).await?;
    Ok((StatusCode::CREATED, Json(SiteView::from(&site))))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}", tag = "platform", params(("id" = i64, Path)),
    responses((status = 200, body = SiteView), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<SiteView>, Failure> {
    Ok(Json(SiteView::from(&sites::get(&state.app, id).await?)))
}

#[utoipa::path(put, path = "/api/v1/sites/{id}", tag = "administration", params(("id" = i64, Path)), request_body = SiteInput,
    responses((status = 200, body = SiteView), (status = 409, body = super::Problem), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SiteInput>,
) -> Result<Json<SiteView>, Failure> {
    let version = body.version;
    let site = sites::update(&state.app, &user.actor(), id, version, &body.form()).await?;
    Ok(Json(SiteView::from(&site)))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}/closures", tag = "platform", params(("id" = i64, Path), YearQuery),
    responses((status = 200, body = Page<ClosureView>), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn closures(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Page<ClosureView>>, Failure> {
    let days = sites::closures(&state.app, id, q.year).await?;
    Ok(Json(Page { items: days.iter().map(ClosureView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/sites/{id}/closures", tag = "administration", params(("id" = i64, Path)), request_body = ClosureInput,
    responses((status = 201, body = ClosureView), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn add_closure(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ClosureInput>,
) -> Result<(StatusCode, Json<ClosureView>), Failure> {
    let day = sites::add_closure(&state.app, &user.actor(), id, &body.closed_on, &body.reason).await?;
    Ok((StatusCode::CREATED, Json(ClosureView::from(&day))))
}

#[utoipa::path(delete, path = "/api/v1/sites/{id}/closures/{closure_id}", tag = "administration", params(("id" = i64, Path), ("closure_id" = i64, Path)),
    responses((status = 204), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn remove_closure(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, closure_id)): Path<(i64, i64)>,
) -> Result<StatusCode, Failure> {
    sites::remove_closure(&state.app, &user.actor(), id, closure_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
