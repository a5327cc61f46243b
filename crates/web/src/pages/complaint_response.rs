//! The response page of one part of a complaint (issue 4): extension
//! request and decision, interim response, the draft with the order's
//! checklist and escalation wording, quality assurance, sending, and the
//! letters; and the printable letter page. A step refused by the domain
//! shows the page again with the problem named.

use super::complaints::{ErrorLine, StaffNames, place_errors};
use super::{london, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use casebook_app::complaints::letters::{self, LetterForm};
use casebook_app::complaints::{self, DraftForm, ExtensionDecisionForm, ExtensionRequestForm, PartResponse, ReturnForm, SendForm};
use casebook_app::{AppError, accounts};
use casebook_domain::access::Roles;
use casebook_domain::complaints::parts::ResponseStage;
use casebook_domain::complaints::response::{ChecklistItem, EscalationRequirement, Outcome, Point, Stage};
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

pub struct CheckLine {
    label: String,
    basis: String,
    done: bool,
}

pub struct ReturnLine {
    by: String,
    at: String,
    comments: String,
}

pub struct LetterLine {
    id: i64,
    label: String,
    part: String,
    at: String,
}

#[derive(Template)]
#[template(path = "complaint_response/show.html")]
struct ResponsePage {
    layout: Layout,
    errors: FieldErrors,
    loose: Vec<ErrorLine>,
    id: i64,
    part: u32,
    reference: String,
    category: String,
    investigator: String,
    target: String,
    stage: String,
    extension_pending: String,
    extensions_agreed: u32,
    interim_sent: String,
    author: String,
    approval: String,
    sent: String,
    ombudsman: String,
    // What the signed-in person may do now.
    may_request_extension: bool,
    may_decide_extension: bool,
    may_record_interim: bool,
    may_draft: bool,
    may_submit: bool,
    may_review: bool,
    may_send: bool,
    may_produce: bool,
    checklist: Vec<CheckLine>,
    gaps: Vec<String>,
    points: Vec<Point>,
    findings: String,
    outcomes: Vec<Choice>,
    action: String,
    wording: String,
    leaflet: bool,
    leaflet_needed: bool,
    feedback: bool,
    returns: Vec<ReturnLine>,
    letter_kinds: Vec<Choice>,
    letters: Vec<LetterLine>,
}

/// Field ids on the page; each form's fields carry its step's prefix.
const FORM_FIELDS: &[&str] = &[
    "extension-reason",
    "extension-new_date",
    "decision-decision",
    "decision-note",
    "draft-points",
    "draft-investigation_and_findings",
    "draft-outcome",
    "draft-action_to_be_taken",
    "draft-escalation_wording",
    "draft-leaflet_enclosed",
    "draft-feedback_form_enclosed",
    "return-comments",
    "send-on",
    "letter-kind",
];

fn notice(code: Option<&str>) -> Option<String> {
    match code? {
        "step-recorded" => Some("Saved".into()),
        other => super::notice_text(Some(other)),
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    r: PartResponse,
    step: Option<&str>,
    errors: FieldErrors,
    draft: Option<&DraftForm>,
    notice_code: Option<&str>,
) -> Result<ResponsePage, Failure> {
    let actor = user.actor();
    let c = &r.record.complaint;
    let p = &r.part;
    let names = StaffNames::of(&accounts::list(&state.app).await?);
    let name = |id: i64| names.name(id);
    // A step's fields carry its prefix; `points[2].answer` lands on the points.
    let (shown, loose) = place_errors(&errors, FORM_FIELDS, |raw| {
        format!("{}-{}", step.unwrap_or_default(), raw.split(['.', '[']).next().unwrap_or_default())
    });

    let open = c.state.is_open() && p.is_open();
    let handler = actor.roles.intersects(Roles::COMPLAINT_HANDLERS);
    let responder = open && (handler || actor.user_id == Some(p.investigator));
    let stage = r.response.as_ref().map(|x| &x.stage);
    let drafting = matches!(stage, None | Some(Stage::Drafting | Stage::ReturnedWithComments));
    let not_sent = !matches!(p.response, ResponseStage::Sent { .. });
    let content = r.response.as_ref().map(|x| x.draft.content.clone()).unwrap_or_default();
    let saved_points = content.points.clone();
    let mut points: Vec<Point> = match draft {
        Some(d) => d.points.clone(),
        None => saved_points,
    };
    // Room for new points below the ones written.
    points.extend([Point::default(), Point::default()]);
    let outcome_now = draft.map(|d| d.outcome.clone()).unwrap_or_else(|| content.outcome.map(|o| o.slug().to_owned()).unwrap_or_default());
    let layout = Layout::for_user(
        user,
        format!("Response to part {} of {}", p.number, c.reference.clone().unwrap_or_else(|| format!("complaint {}", r.record.id))),
        "/complaints",
        &state.app.settings.organisation,
    )
    .with_errors(!shown.is_empty())
    .with_notice(notice(notice_code));
    let letters = letters::list(&state.app, &actor, r.record.id).await?;
    Ok(ResponsePage {
        layout,
        errors: shown,
        loose,
        id: r.record.id,
        part: p.number,
        reference: c.reference.clone().unwrap_or_else(|| "Not logged yet".into()),
        category: r.procedure.category(&p.category).map(|x| x.label.clone()).unwrap_or_else(|| p.category.clone()),
        investigator: name(p.investigator),
        target: p.target.map(london).unwrap_or_else(|| "Another body's timescales".into()),
        stage: stage.map(|s| s.label().to_owned()).unwrap_or_else(|| "not started".into()),
        extension_pending: p
            .extension_requested
            .as_ref()
            .map(|x| format!("{} asked on {} for {}: {}", name(x.by), london(x.at), x.new_date, x.reason))
            .unwrap_or_default(),
        extensions_agreed: p.extensions_agreed,
        interim_sent: p.interim_response_at.map(london).unwrap_or_default(),
        author: r.response.as_ref().map(|x| name(x.draft.author.user_id)).unwrap_or_default(),
        approval: match stage {
            Some(Stage::Approved { approval, .. } | Stage::Sent { approval, .. } | Stage::OutcomeRecorded { approval, .. }) => {
                format!("{} on {}", name(approval.by.user_id), london(approval.at))
            }
            _ => String::new(),
        },
        sent: r.response.as_ref().and_then(|x| x.sent()).map(|(on, outcome)| format!("{on}: {}", outcome.label())).unwrap_or_default(),
        ombudsman: r.escalation.as_ref().map(|s| s.ombudsman.label().to_owned()).unwrap_or_default(),
        may_request_extension: responder && not_sent && p.target.is_some() && p.extension_requested.is_none(),
        may_decide_extension: open && handler && p.extension_requested.is_some(),
        may_record_interim: responder && p.extensions_agreed > 0 && p.interim_response_at.is_none(),
        may_draft: responder && drafting && p.sent_for_investigation_at.is_some() && not_sent,
        may_submit: responder && matches!(stage, Some(Stage::Drafting | Stage::ReturnedWithComments)),
        may_review: open
            && actor.roles.intersects(Roles::RESPONSE_APPROVERS)
            && matches!(stage, Some(Stage::SubmittedForQualityAssurance { .. })),
        may_send: responder && matches!(stage, Some(Stage::Approved { .. })),
        may_produce: true,
        checklist: ChecklistItem::ALL
            .iter()
            .map(|&item| CheckLine {
                label: item.label().into(),
                basis: item.basis().into(),
                done: r.response.is_some() && !r.gaps.iter().any(|g| g.item() == item),
            })
            .collect(),
        gaps: r.gaps.iter().map(|g| g.to_string()).collect(),
        points,
        findings: draft.map(|d| d.investigation_and_findings.clone()).unwrap_or(content.investigation_and_findings),
        outcomes: with_prompt("Not decided yet", &outcome_now, Outcome::ALL.iter().map(|o| (o.slug().to_owned(), o.label().to_owned()))),
        action: draft.map(|d| d.action_to_be_taken.clone()).unwrap_or(content.action_to_be_taken),
        wording: draft.map(|d| d.escalation_wording.clone()).unwrap_or_else(|| {
            if r.response.is_some() {
                content.escalation_wording.clone()
            } else {
                r.escalation.as_ref().map(|s| s.wording.clone()).unwrap_or_default()
            }
        }),
        leaflet: draft.map(|d| d.leaflet_enclosed).unwrap_or(content.leaflet_enclosed),
        // Before the first draft the route's step says whether there is a leaflet.
        leaflet_needed: match (&r.response, &r.escalation) {
            (Some(x), _) => x.draft.escalation.leaflet,
            (None, Some(step)) => EscalationRequirement::from_step(step).leaflet,
            (None, None) => false,
        },
        feedback: draft.map(|d| d.feedback_form_enclosed).unwrap_or(content.feedback_form_enclosed),
        returns: r
            .response
            .as_ref()
            .map(|x| {
                x.returns
                    .iter()
                    .map(|ret| ReturnLine { by: name(ret.by.user_id), at: london(ret.at), comments: ret.comments.clone() })
                    .collect()
            })
            .unwrap_or_default(),
        letter_kinds: with_prompt(
            "Choose the letter",
            "",
            letters::PRODUCED.iter().map(|k| (letters::kind_slug(*k).to_owned(), letters::kind_label(*k).to_owned())),
        ),
        letters: letters
            .iter()
            .map(|l| LetterLine {
                id: l.id,
                label: letters::label_of_slug(&l.kind).to_owned(),
                part: l.part.map(|n| format!("Part {n}")).unwrap_or_else(|| "Whole complaint".into()),
                at: london(l.produced_at),
            })
            .collect(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, part)): Path<(i64, String)>,
    Query(q): Query<super::NoticeQuery>,
) -> Result<Response, Failure> {
    let r = complaints::read_response(&state.app, &user.actor(), id, &part).await?;
    Ok(ok(&page(&state, &user, r, None, FieldErrors::new(), None, q.notice.as_deref()).await?))
}

/// After a step: back to the response page, or the page again with the problem.
async fn after<T>(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    part: &str,
    step: &str,
    draft: Option<&DraftForm>,
    result: Result<T, AppError>,
) -> Result<Response, Failure> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/complaints/{id}/parts/{}/response?notice=step-recorded", part.trim())).into_response()),
        Err(AppError::Invalid(errors)) => {
            let r = complaints::read_response(&state.app, &user.actor(), id, part).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(state, user, r, Some(step), errors, draft, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn request_extension(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ExtensionRequestForm>,
) -> Result<Response, Failure> {
    let result = complaints::request_extension(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, &form.part, "extension", None, result).await
}

pub async fn decide_extension(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ExtensionDecisionForm>,
) -> Result<Response, Failure> {
    let result = complaints::decide_extension(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, &form.part, "decision", None, result).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PartInput {
    part: String,
}

pub async fn interim_response(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<PartInput>,
) -> Result<Response, Failure> {
    let result = complaints::record_interim_response(&state.app, &user.actor(), id, &input.part).await;
    after(&state, &user, id, &input.part, "interim", None, result).await
}

/// The draft form: points and answers come as repeated fields, row by row.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DraftInput {
    part: String,
    point: Vec<String>,
    answer: Vec<String>,
    investigation_and_findings: String,
    /// The form's select is named by its id, `draft-outcome`.
    #[serde(rename = "draft-outcome", alias = "outcome")]
    outcome: String,
    action_to_be_taken: String,
    escalation_wording: String,
    leaflet_enclosed: Option<String>,
    feedback_form_enclosed: Option<String>,
}

pub async fn save_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<DraftInput>,
) -> Result<Response, Failure> {
    let mut answers = input.answer.into_iter();
    let points = input.point.into_iter().map(|point| Point { point, answer: answers.next().unwrap_or_default() }).collect();
    let form = DraftForm {
        part: input.part,
        points,
        investigation_and_findings: input.investigation_and_findings,
        outcome: input.outcome,
        action_to_be_taken: input.action_to_be_taken,
        escalation_wording: input.escalation_wording,
        leaflet_enclosed: input.leaflet_enclosed.is_some(),
        feedback_form_enclosed: input.feedback_form_enclosed.is_some(),
    };
    let result = complaints::save_draft(&state.app, &user.actor(), id, &form).await;
    let keep: Vec<Point> = form.points.iter().filter(|p| !p.point.trim().is_empty() || !p.answer.trim().is_empty()).cloned().collect();
    let shown = DraftForm { points: keep, ..form.clone() };
    after(&state, &user, id, &form.part, "draft", Some(&shown), result).await
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<PartInput>,
) -> Result<Response, Failure> {
    let result = complaints::submit(&state.app, &user.actor(), id, &input.part).await;
    after(&state, &user, id, &input.part, "draft", None, result).await
}

pub async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<PartInput>,
) -> Result<Response, Failure> {
    let result = complaints::approve(&state.app, &user.actor(), id, &input.part).await;
    after(&state, &user, id, &input.part, "review", None, result).await
}

pub async fn return_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ReturnForm>,
) -> Result<Response, Failure> {
    let result = complaints::return_draft(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, &form.part, "return", None, result).await
}

pub async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<SendForm>,
) -> Result<Response, Failure> {
    let result = complaints::send(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, &form.part, "send", None, result).await
}

/// Produces a letter and opens it for printing.
pub async fn produce_letter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<LetterForm>,
) -> Result<Response, Failure> {
    match letters::produce(&state.app, &user.actor(), id, &form).await {
        Ok(letter) => Ok(Redirect::to(&format!("/complaints/{id}/letters/{}", letter.id)).into_response()),
        Err(AppError::Invalid(errors)) if !form.part.trim().is_empty() => {
            let r = complaints::read_response(&state.app, &user.actor(), id, &form.part).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, r, Some("letter"), errors, None, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "complaint_response/letter.html")]
struct LetterPage {
    title: String,
    complaint_id: i64,
    body_html: String,
}

/// The letter alone, to print: no navigation, a print stylesheet.
pub async fn show_letter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, letter_id)): Path<(i64, i64)>,
) -> Result<Response, Failure> {
    let letter = letters::get(&state.app, &user.actor(), id, letter_id).await?;
    let title = format!("{} letter", letters::label_of_slug(&letter.kind));
    Ok(ok(&LetterPage { title, complaint_id: id, body_html: letter.body_html }))
}
