//! Extensions, the interim response, the written response with its quality
//! assurance, and letters over the API (issue 4). Same use cases as the
//! pages; a sealed complaint is 404 to anyone it is not open to.

use super::complaints::{ComplaintView, answer, step};
use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use casebook_app::complaints::letters::{self, LetterForm};
use casebook_app::complaints::{self, DraftForm, ExtensionDecisionForm, ExtensionRequestForm, PartResponse, ReturnForm, SendForm};
use casebook_domain::complaints::response::ChecklistItem;
use casebook_store::complaint_responses::LetterRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ChecklistLine {
    /// e.g. investigation-and-findings.
    pub item: String,
    pub label: String,
    /// Where in the order the item comes from.
    pub basis: String,
    /// False while the draft has a gap for this item (or there is no draft yet).
    pub done: bool,
}

#[derive(Serialize, ToSchema)]
pub struct GapView {
    /// The draft field at fault, e.g. `points[2].answer`.
    pub field: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResponseView {
    pub complaint_id: i64,
    pub part: u32,
    /// not-started, or the response's stage: drafting, submitted-for-quality-assurance,
    /// returned-with-comments, approved, sent, outcome-recorded.
    pub stage: String,
    /// The domain's response: author, draft content, returns with comments, stage with approval.
    #[schema(value_type = Object)]
    pub response: Option<serde_json::Value>,
    pub checklist: Vec<ChecklistLine>,
    pub gaps: Vec<GapView>,
    /// The ombudsman the escalation wording must name, and the procedure's wording a new draft starts from.
    pub ombudsman: Option<String>,
    pub escalation_wording: Option<String>,
}

pub(crate) fn response_view(r: &PartResponse) -> ResponseView {
    let stage = r
        .response
        .as_ref()
        .and_then(|resp| serde_json::to_value(&resp.stage).ok())
        .and_then(|v| v.get("stage").and_then(|s| s.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "not-started".into());
    let slug = |item: ChecklistItem| serde_json::to_value(item).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    ResponseView {
        complaint_id: r.record.id,
        part: r.part.number,
        stage,
        response: r.response.as_ref().and_then(|resp| serde_json::to_value(resp).ok()),
        checklist: ChecklistItem::ALL
            .iter()
            .map(|&item| ChecklistLine {
                item: slug(item),
                label: item.label().into(),
                basis: item.basis().into(),
                done: r.response.is_some() && !r.gaps.iter().any(|g| g.item() == item),
            })
            .collect(),
        gaps: r.gaps.iter().map(|g| GapView { field: g.field(), message: g.to_string() }).collect(),
        ombudsman: r.escalation.as_ref().map(|s| s.ombudsman.label().to_owned()),
        escalation_wording: r.escalation.as_ref().map(|s| s.wording.clone()),
    }
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}/parts/{part}/response", tag = "complaints",
    params(("id" = i64, Path), ("part" = u32, Path)),
    description = "A part's response with the order's checklist and what the draft still lacks. A confidential complaint is 404 to roles it does not name.",
    responses((status = 200, body = ResponseView), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, part)): Path<(i64, String)>,
) -> Result<Json<ResponseView>, Failure> {
    Ok(Json(response_view(&complaints::read_response(&state.app, &user.actor(), id, &part).await?)))
}

/// The part's response after a response step.
async fn respond(_state: &AppState, _user: &CurrentUser, r: PartResponse) -> Result<Json<ResponseView>, Failure> {
    Ok(Json(response_view(&r)))
}

/// A step on one part.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PartOnly {
    /// The part number, "1", "2", ...
    pub part: String,
}

step!(
    request_extension,
    "/api/v1/complaints/{id}/extension-request",
    ExtensionRequestForm,
    Object,
    "Body: part, reason, new_date (YYYY-MM-DD). The part's investigator or the complaints unit asks for a new target date; the reason is required.",
    |app, actor, id, body| complaints::request_extension(app, actor, id, &body)
);
step!(
    decide_extension,
    "/api/v1/complaints/{id}/extension-decision",
    ExtensionDecisionForm,
    Object,
    "Body: part, decision (agree or refuse), note (required when refusing). The complaints unit answers an extension request; agreeing moves the target date, the history keeps both.",
    |app, actor, id, body| complaints::decide_extension(app, actor, id, &body)
);
step!(
    interim_response,
    "/api/v1/complaints/{id}/interim-response",
    PartOnly,
    Object,
    "Body: part. Records that the interim response was sent (needs an agreed extension).",
    |app, actor, id, body| complaints::record_interim_response(app, actor, id, &body.part)
);
step!(
    save_draft,
    "/api/v1/complaints/{id}/response/draft",
    DraftForm,
    Object,
    "Body: part, points ([{point, answer}]), investigation_and_findings, outcome (substantiated, partially-substantiated, not-substantiated or blank), action_to_be_taken, escalation_wording, leaflet_enclosed, feedback_form_enclosed. Saves the draft; an incomplete draft is kept and its gaps listed.",
    ResponseView => respond,
    |app, actor, id, body| complaints::save_draft(app, actor, id, &body)
);
step!(
    submit,
    "/api/v1/complaints/{id}/response/submit",
    PartOnly,
    Object,
    "Body: part. Submits the draft for quality assurance; a draft with gaps is refused with each gap named.",
    ResponseView => respond,
    |app, actor, id, body| complaints::submit(app, actor, id, &body.part)
);
step!(
    approve,
    "/api/v1/complaints/{id}/response/approve",
    PartOnly,
    Object,
    "Body: part. Approves the draft: senior reviewers and managers whose grade is strictly more senior than the author's; the author is refused.",
    ResponseView => respond,
    |app, actor, id, body| complaints::approve(app, actor, id, &body.part)
);
step!(
    return_draft,
    "/api/v1/complaints/{id}/response/return",
    ReturnForm,
    Object,
    "Body: part, comments. Returns the draft to its author with comments; the same sign-off rule as approval.",
    ResponseView => respond,
    |app, actor, id, body| complaints::return_draft(app, actor, id, &body)
);
step!(
    send,
    "/api/v1/complaints/{id}/response/send",
    SendForm,
    Object,
    "Body: part, on (YYYY-MM-DD, blank for today). Sends the approved response: records its date and outcome on the complaint, closes the part, and the complaint once every part is closed.",
    ResponseView => respond,
    |app, actor, id, body| complaints::send(app, actor, id, &body)
);

#[derive(Serialize, ToSchema)]
pub struct LetterView {
    pub id: i64,
    pub complaint_id: i64,
    pub part: Option<i64>,
    /// acknowledgement, interim, response, out-of-time or redirect.
    pub kind: String,
    pub text: String,
    /// The letter as printed: escaped paragraphs.
    pub html: String,
    pub produced_by: Option<i64>,
    pub produced_at: String,
}

fn letter_view(l: &LetterRecord) -> LetterView {
    LetterView {
        id: l.id,
        complaint_id: l.complaint_id,
        part: l.part,
        kind: l.kind.clone(),
        text: l.body_text.clone(),
        html: l.body_html.clone(),
        produced_by: l.produced_by,
        produced_at: l.produced_at.to_string(),
    }
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}/letters", tag = "complaints", params(("id" = i64, Path)),
    description = "The letters produced for the complaint, oldest first.",
    responses((status = 200, body = Page<LetterView>), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn list_letters(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Page<LetterView>>, Failure> {
    let found = letters::list(&state.app, &user.actor(), id).await?;
    Ok(Json(Page { items: found.iter().map(letter_view).collect() }))
}

#[utoipa::path(post, path = "/api/v1/complaints/{id}/letters", tag = "complaints", params(("id" = i64, Path)), request_body = Object,
    description = "Body: kind (acknowledgement, interim, response, out-of-time, redirect), part (for acknowledgement, interim and response). Produces the letter from its template and keeps it on the complaint; a missing fact is refused by name.",
    responses((status = 201, body = LetterView), (status = 403, body = super::Problem), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn produce_letter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<LetterForm>,
) -> Result<(StatusCode, Json<LetterView>), Failure> {
    let letter = letters::produce(&state.app, &user.actor(), id, &body).await?;
    Ok((StatusCode::CREATED, Json(letter_view(&letter))))
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}/letters/{letter_id}", tag = "complaints",
    params(("id" = i64, Path), ("letter_id" = i64, Path)),
    description = "One letter as produced.",
    responses((status = 200, body = LetterView), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn show_letter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, letter_id)): Path<(i64, i64)>,
) -> Result<Json<LetterView>, Failure> {
    Ok(Json(letter_view(&letters::get(&state.app, &user.actor(), id, letter_id).await?)))
}
