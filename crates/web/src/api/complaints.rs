//! Complaints over the API: receive (idempotent with a key), list, read one
//! with its clocks and history, the work list, and one route per step.
//! Same use cases as the pages; a sealed complaint is 404 to anyone it is
//! not open to.

use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use casebook_app::complaints::{
    self, AllocateForm, ComplaintDetail, ReallocateForm, RecategoriseForm, TriageForm, WithdrawForm, WorkListFilter,
};
use casebook_domain::complaints::clocks::Scope;
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_domain::complaints::worklist::{WorkItem, WorkList};
use casebook_store::complaints::{ComplaintFilter, ComplaintRecord, ComplaintSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ComplaintView {
    pub id: i64,
    /// Set once the complaint is logged.
    pub reference: Option<String>,
    pub site_id: i64,
    /// received, triaged, logged, allocated, closed or withdrawn.
    pub state: String,
    pub confidential: bool,
    pub received_at: String,
    pub summary: String,
    /// The procedure followed and the version of the office's edit (0: the built-in preset).
    pub procedure_key: String,
    pub policy_version: i64,
    /// Quote nothing back: steps are checked against the state, not this.
    pub version: i64,
    /// The domain's complaint: receipt, triage decision and parts.
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
    pub clocks: Vec<ClockView>,
    pub history: Vec<EventView>,
}

#[derive(Serialize, ToSchema)]
pub struct ClockView {
    pub key: String,
    pub label: String,
    /// `complaint` or `part-N`.
    pub scope: String,
    /// overdue, due-today, due-soon, on-track, paused, not-started or finished.
    pub bucket: String,
    pub status: String,
    pub due: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventView {
    pub at: String,
    pub by: i64,
    pub summary: String,
    /// The event as recorded, with its reasons and notes.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintSummaryView {
    pub id: i64,
    pub reference: Option<String>,
    pub site_id: i64,
    pub state: String,
    pub confidential: bool,
    pub category: Option<String>,
    pub received_at: String,
    /// Empty for a confidential complaint.
    pub summary: String,
}

impl From<&ComplaintSummary> for ComplaintSummaryView {
    fn from(s: &ComplaintSummary) -> Self {
        ComplaintSummaryView {
            id: s.id,
            reference: s.reference.clone(),
            site_id: s.site_id,
            state: s.state.clone(),
            confidential: s.confidential,
            category: s.category.clone(),
            received_at: s.received_at.to_string(),
            summary: s.summary.clone(),
        }
    }
}

fn scope(scope: Scope) -> String {
    match scope {
        Scope::Complaint => "complaint".into(),
        Scope::Part { number } => format!("part-{number}"),
    }
}

fn slug<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn view(record: &ComplaintRecord, detail: Option<&ComplaintDetail>, now: jiff::Timestamp) -> ComplaintView {
    let c = &record.complaint;
    let mut bare = c.clone();
    bare.history.clear();
    let clocks = detail
        .map(|d| {
            d.clocks
                .iter()
                .map(|k| {
                    let status = k.clock.status(&d.calendar, now);
                    ClockView {
                        key: k.key.clone(),
                        label: k.label.clone(),
                        scope: scope(k.scope),
                        bucket: slug(&status.bucket()),
                        status: status.summary(),
                        due: status.due().map(|d| d.to_string()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    ComplaintView {
        id: record.id,
        reference: c.reference.clone(),
        site_id: c.receipt.site_id,
        state: c.state.label().into(),
        confidential: c.receipt.sealed_for.is_some(),
        received_at: c.receipt.received_at.to_string(),
        summary: c.receipt.summary.clone(),
        procedure_key: record.procedure_key.clone(),
        policy_version: record.policy_version,
        version: record.version,
        record: serde_json::to_value(&bare).unwrap_or_default(),
        clocks,
        history: c
            .history
            .iter()
            .map(|e| EventView {
                at: e.at.to_string(),
                by: e.by,
                summary: e.what.summary(),
                detail: serde_json::to_value(&e.what).unwrap_or_default(),
            })
            .collect(),
    }
}

/// The complaint after a step, with its clocks as they now stand.
pub(crate) async fn answer(state: &AppState, user: &CurrentUser, record: ComplaintRecord) -> Result<Json<ComplaintView>, Failure> {
    let detail = complaints::read(&state.app, &user.actor(), record.id).await?;
    Ok(Json(view(&detail.record, Some(&detail), state.app.now())))
}

#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints", request_body = Object,
    description = "Receives a complaint (the fields of the receipt form: arrived_by, received_at, site_id, complainant_ids, summary, ...). \
        Send an Idempotency-Key header to make retries safe: the same key answers the complaint first created.",
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ComplaintView), (status = 403, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ComplaintDraft>,
) -> Result<(StatusCode, Json<ComplaintView>), Failure> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let detail = complaints::receive_detail(&state.app, &user.actor(), &body, key).await?;
    Ok((StatusCode::CREATED, Json(view(&detail.record, Some(&detail), state.app.now()))))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct ListQuery {
    pub site_id: Option<i64>,
    /// received, triaged, logged, allocated, closed or withdrawn.
    pub state: Option<String>,
    /// The named investigator's user id.
    pub investigator_id: Option<i64>,
    /// A responding body's key.
    pub body: Option<String>,
    /// A complainant's person id.
    pub person_id: Option<i64>,
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/complaints", tag = "complaints", params(ListQuery),
    responses((status = 200, body = Page<ComplaintSummaryView>), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<ComplaintSummaryView>>, Failure> {
    let filter = ComplaintFilter {
        site_id: q.site_id,
        state: q.state.filter(|s| !s.is_empty()),
        investigator_id: q.investigator_id,
        body: q.body.filter(|s| !s.is_empty()),
        person_id: q.person_id,
        limit: q.limit.unwrap_or(100),
        ..ComplaintFilter::default()
    };
    let found = complaints::list(&state.app, &user.actor(), &filter).await?;
    Ok(Json(Page { items: found.iter().map(ComplaintSummaryView::from).collect() }))
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}", tag = "complaints", params(("id" = i64, Path)),
    description = "One complaint with its clocks and history. A confidential complaint is 404 to roles it does not name; each read of one is audited.",
    responses((status = 200, body = ComplaintView), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<ComplaintView>, Failure> {
    let detail = complaints::read(&state.app, &user.actor(), id).await?;
    Ok(Json(view(&detail.record, Some(&detail), state.app.now())))
}

#[derive(Serialize, ToSchema)]
pub struct WorkItemView {
    pub complaint_id: i64,
    pub reference: Option<String>,
    pub site_id: i64,
    pub body: String,
    pub person: Option<i64>,
    pub clock_key: String,
    pub label: String,
    pub status: String,
    pub due: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WorkListView {
    pub overdue: Vec<WorkItemView>,
    pub due_today: Vec<WorkItemView>,
    pub due_soon: Vec<WorkItemView>,
}

pub(crate) fn item(i: &WorkItem) -> WorkItemView {
    WorkItemView {
        complaint_id: i.complaint_id,
        reference: i.reference.clone(),
        site_id: i.site_id,
        body: i.body.clone(),
        person: i.person,
        clock_key: i.clock_key.clone(),
        label: i.label.clone(),
        status: i.status.summary(),
        due: i.status.due().map(|d| d.to_string()),
    }
}

pub(crate) fn work_view(list: &WorkList) -> WorkListView {
    WorkListView {
        overdue: list.overdue.iter().map(item).collect(),
        due_today: list.due_today.iter().map(item).collect(),
        due_soon: list.due_soon.iter().map(item).collect(),
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct WorkQuery {
    pub site_id: Option<i64>,
    /// The named investigator's user id.
    pub person: Option<i64>,
    pub body: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/complaints/work", tag = "complaints", params(WorkQuery),
    description = "Clocks of open complaints that are overdue, due today or due soon, most urgent first.",
    responses((status = 200, body = WorkListView), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn work(State(state): State<AppState>, user: CurrentUser, Query(q): Query<WorkQuery>) -> Result<Json<WorkListView>, Failure> {
    let filter = WorkListFilter { site_id: q.site_id, person: q.person, body: q.body.filter(|b| !b.is_empty()) };
    Ok(Json(work_view(&complaints::work_list(&state.app, &user.actor(), &filter).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PartInput {
    /// The part number, 1, 2, ...
    pub part: Option<u32>,
}

fn part(input: &PartInput) -> String {
    input.part.map(|p| p.to_string()).unwrap_or_default()
}

/// One POST step on a complaint: the handler and its OpenAPI entry. It
/// answers the complaint as it now stands, or, given `View => respond`,
/// whatever `respond(&state, &user, result)` makes of the use case's result
/// (the response steps answer the part's response).
macro_rules! step {
    ($name:ident, $path:literal, $input:ty, $schema:ident, $doc:literal, |$app:ident, $actor:ident, $id:ident, $body:ident| $call:expr) => {
        step!($name, $path, $input, $schema, $doc, ComplaintView => answer, |$app, $actor, $id, $body| $call);
    };
    ($name:ident, $path:literal, $input:ty, $schema:ident, $doc:literal, $view:ident => $respond:ident,
        |$app:ident, $actor:ident, $id:ident, $body:ident| $call:expr) => {
        #[utoipa::path(post, path = $path, tag = "complaints", params(("id" = i64, Path)), request_body = $schema, description = $doc,
            responses((status = 200, body = $view), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
                (status = 409, body = super::Problem), (status = 422, body = super::Problem)),
            security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            user: CurrentUser,
            Path($id): Path<i64>,
            ApiJson($body): ApiJson<$input>,
        ) -> Result<Json<$view>, Failure> {
            let $app = &state.app;
            let $actor = &user.actor();
            let done = $call.await?;
            $respond(&state, &user, done).await
        }
    };
}
pub(crate) use step;

#[derive(Deserialize, ToSchema, Default)]
pub struct Empty {}

step!(
    translation,
    "/api/v1/complaints/{id}/translation",
    Empty,
    Empty,
    "Records that the translation has arrived.",
    |app, actor, id, _body| complaints::record_translation(app, actor, id)
);
step!(
    triage,
    "/api/v1/complaints/{id}/triage",
    TriageForm,
    Object,
    "Triages. Body: category, subcategory, out_of_time (accept or refuse, for a late complaint the unit judges), out_of_time_reason, out_of_scope (a matter key), urgent (matter keys), referrals ([{trigger, reference}]). Category, out-of-time decision with reason, out-of-scope matter, urgent matters (a task for the duty manager), referrals.",
    |app, actor, id, body| complaints::triage(app, actor, id, &body)
);
step!(
    forward,
    "/api/v1/complaints/{id}/forward",
    Empty,
    Empty,
    "Records that the site forwarded the complaint to the allocation hub.",
    |app, actor, id, _body| complaints::forward_to_hub(app, actor, id)
);
step!(
    log,
    "/api/v1/complaints/{id}/log",
    Empty,
    Empty,
    "Logs the complaint with the next reference of the procedure's format.",
    |app, actor, id, _body| complaints::log(app, actor, id)
);
step!(
    allocate,
    "/api/v1/complaints/{id}/allocate",
    AllocateForm,
    Object,
    "Body: category (blank for the first part: triage's), subcategory, body (a body key), investigator (user id). Allocates a part to a body and a named investigator; a second part splits a cross-cutting complaint.",
    |app, actor, id, body| complaints::allocate(app, actor, id, &body)
);
step!(
    send_for_investigation,
    "/api/v1/complaints/{id}/send-for-investigation",
    PartInput,
    PartInput,
    "Sends a part for investigation.",
    |app, actor, id, body| complaints::send_for_investigation(app, actor, id, &part(&body))
);
step!(
    acknowledge,
    "/api/v1/complaints/{id}/acknowledge",
    PartInput,
    PartInput,
    "Records the acknowledgement of a part.",
    |app, actor, id, body| complaints::acknowledge(app, actor, id, &part(&body))
);
step!(
    reallocate,
    "/api/v1/complaints/{id}/reallocate",
    ReallocateForm,
    Object,
    "Body: part, body, investigator, reason. Moves a part to another body or investigator.",
    |app, actor, id, body| complaints::reallocate(app, actor, id, &body)
);
step!(
    recategorise,
    "/api/v1/complaints/{id}/recategorise",
    RecategoriseForm,
    Object,
    "Body: part, category, subcategory, reason. Changes a part's category.",
    |app, actor, id, body| complaints::recategorise(app, actor, id, &body)
);
step!(
    withdraw,
    "/api/v1/complaints/{id}/withdraw",
    WithdrawForm,
    Object,
    "Body: on (YYYY-MM-DD), method (in-writing, orally, by-email, via-representative), representative, note. Records the complainant's withdrawal: the complaint closes without an outcome and its clocks stop.",
    |app, actor, id, body| complaints::withdraw(app, actor, id, &body)
);
