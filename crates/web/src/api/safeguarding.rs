//! Special-category markers (reads audited), concerns, tasks, and merging
//! and unmerging persons, over the API. Same use cases as the pages.

use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use casebook_app::{merges, safeguarding, tasks};
use casebook_domain::safeguarding::{ConcernDraft, MarkerDraft};
use casebook_store::merges::MergeRecord;
use casebook_store::safeguarding::MarkerRecord;
use casebook_store::tasks::TaskRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MarkerView {
    pub id: i64,
    pub person_id: i64,
    /// mental-health-condition, learning-disability, autism, personality-disorder or other.
    pub kind: String,
    /// How to communicate with the person; may be empty.
    pub reasonable_adjustments: String,
    pub source: String,
    /// YYYY-MM-DD
    pub source_date: String,
    /// explicit-consent, vital-interests, statutory-purposes, equality-of-opportunity or safeguarding-individuals-at-risk.
    pub lawful_basis: String,
    /// YYYY-MM-DD
    pub review_date: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: String,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_at: Option<String>,
    pub withdrawal_reason: Option<String>,
}

impl From<&MarkerRecord> for MarkerView {
    fn from(m: &MarkerRecord) -> Self {
        MarkerView {
            id: m.id,
            person_id: m.person_id,
            kind: m.kind.slug().into(),
            reasonable_adjustments: m.reasonable_adjustments.clone(),
            source: m.source.clone(),
            source_date: m.source_date.to_string(),
            lawful_basis: m.lawful_basis.slug().into(),
            review_date: m.review_date.to_string(),
            recorded_by: m.recorded_by,
            recorded_at: m.recorded_at.to_string(),
            withdrawn_by: m.withdrawal.as_ref().and_then(|w| w.by),
            withdrawn_at: m.withdrawal.as_ref().map(|w| w.at.to_string()),
            withdrawal_reason: m.withdrawal.as_ref().map(|w| w.reason.clone()),
        }
    }
}

/// A marker to record.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MarkerInput {
    pub kind: String,
    pub reasonable_adjustments: String,
    /// Where the information came from.
    pub source: String,
    /// YYYY-MM-DD, not in the future.
    pub source_date: String,
    pub lawful_basis: String,
    /// YYYY-MM-DD, after today and within 12 months; omitted means 12 months from today.
    pub review_date: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReasonInput {
    pub reason: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ConcernInput {
    /// User id of an active manager.
    pub manager_id: Option<i64>,
    /// What was noticed.
    pub noticed: String,
    /// A contact with this person the concern arose on.
    pub contact_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    pub assignee_id: i64,
    /// e.g. safeguarding-concern.
    pub kind: String,
    pub title: String,
    pub detail: String,
    pub person_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: String,
    /// open or done.
    pub state: String,
    pub done_at: Option<String>,
    pub note: Option<String>,
}

impl From<&TaskRecord> for TaskView {
    fn from(t: &TaskRecord) -> Self {
        TaskView {
            id: t.id,
            assignee_id: t.assignee_id,
            kind: t.kind.slug().into(),
            title: t.title.clone(),
            detail: t.detail.clone(),
            person_id: t.person_id,
            contact_id: t.contact_id,
            created_by: t.created_by,
            created_at: t.created_at.to_string(),
            state: if t.is_open() { "open".into() } else { "done".into() },
            done_at: t.done.as_ref().map(|(at, _)| at.to_string()),
            note: t.done.as_ref().map(|(_, note)| note.clone()),
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CompleteInput {
    /// What the assignee decided or did.
    pub note: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MergeInput {
    /// The person to merge into the one in the path (who survives).
    pub merged_id: Option<i64>,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct MergeView {
    pub id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
    pub reason: String,
    pub merged_by: Option<i64>,
    pub merged_at: String,
    pub unmerged_by: Option<i64>,
    pub unmerged_at: Option<String>,
    pub unmerge_reason: Option<String>,
}

impl From<&MergeRecord> for MergeView {
    fn from(m: &MergeRecord) -> Self {
        MergeView {
            id: m.id,
            survivor_id: m.survivor_id,
            merged_id: m.merged_id,
            reason: m.reason.clone(),
            merged_by: m.merged_by,
            merged_at: m.merged_at.to_string(),
            unmerged_by: m.unmerged.as_ref().and_then(|u| u.by),
            unmerged_at: m.unmerged.as_ref().map(|u| u.at.to_string()),
            unmerge_reason: m.unmerged.as_ref().map(|u| u.reason.clone()),
        }
    }
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/markers", tag = "safeguarding", params(("id" = i64, Path)),
    description = "Special-category markers, current first. Call handlers, managers and senior reviewers only; every read is audited.",
    responses((status = 200, body = Page<MarkerView>), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn markers(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<Page<MarkerView>>, Failure> {
    let found = safeguarding::read_markers(&state.app, &user.actor(), id).await?;
    Ok(Json(Page { items: found.iter().map(MarkerView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/markers", tag = "safeguarding", params(("id" = i64, Path)), request_body = MarkerInput,
    responses((status = 201, body = MarkerView), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn record_marker(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MarkerInput>,
) -> Result<(StatusCode, Json<MarkerView>), Failure> {
    let draft = MarkerDraft {
        kind: body.kind,
        reasonable_adjustments: body.reasonable_adjustments,
        source: body.source,
        source_date: body.source_date,
        lawful_basis: body.lawful_basis,
        review_date: body.review_date.unwrap_or_default(),
    };
    let marker = safeguarding::record_marker(&state.app, &user.actor(), id, &draft).await?;
    Ok((StatusCode::CREATED, Json(MarkerView::from(&marker))))
}

#[utoipa::path(post, path = "/api/v1/markers/{id}/withdraw", tag = "safeguarding", params(("id" = i64, Path)), request_body = ReasonInput,
    responses((status = 200, body = MarkerView), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn withdraw_marker(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReasonInput>,
) -> Result<Json<MarkerView>, Failure> {
    Ok(Json(MarkerView::from(&safeguarding::withdraw_marker(&state.app, &user.actor(), id, &body.reason).await?)))
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/concerns", tag = "safeguarding", params(("id" = i64, Path)), request_body = ConcernInput,
    description = "Raises a concern with a manager; answers the manager's new task.",
    responses((status = 201, body = TaskView), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn raise_concern(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ConcernInput>,
) -> Result<(StatusCode, Json<TaskView>), Failure> {
    let draft = ConcernDraft { manager_id: text(body.manager_id), noticed: body.noticed, contact_id: text(body.contact_id) };
    let task = safeguarding::raise_concern(&state.app, &user.actor(), id, &draft).await?;
    Ok((StatusCode::CREATED, Json(TaskView::from(&task))))
}

#[utoipa::path(get, path = "/api/v1/tasks", tag = "safeguarding",
    responses((status = 200, description = "My tasks, open ones first", body = Page<TaskView>)), security(("bearer" = [])))]
pub async fn tasks(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Page<TaskView>>, Failure> {
    let found = tasks::my_tasks(&state.app, &user.actor()).await?;
    Ok(Json(Page { items: found.iter().map(TaskView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/tasks/{id}/done", tag = "safeguarding", params(("id" = i64, Path)), request_body = CompleteInput,
    responses((status = 200, body = TaskView), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn complete_task(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CompleteInput>,
) -> Result<Json<TaskView>, Failure> {
    Ok(Json(TaskView::from(&tasks::complete_task(&state.app, &user.actor(), id, &body.note).await?)))
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/merge", tag = "safeguarding", params(("id" = i64, Path, description = "The survivor")),
    request_body = MergeInput,
    responses((status = 201, body = MergeView), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MergeInput>,
) -> Result<(StatusCode, Json<MergeView>), Failure> {
    let record = merges::merge_persons(&state.app, &user.actor(), id, &text(body.merged_id), &body.reason).await?;
    Ok((StatusCode::CREATED, Json(MergeView::from(&record))))
}

#[utoipa::path(post, path = "/api/v1/merges/{id}/unmerge", tag = "safeguarding", params(("id" = i64, Path)), request_body = ReasonInput,
    responses((status = 200, body = MergeView), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn unmerge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReasonInput>,
) -> Result<Json<MergeView>, Failure> {
    Ok(Json(MergeView::from(&merges::unmerge(&state.app, &user.actor(), id, &body.reason).await?)))
}
