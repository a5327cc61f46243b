//! Decisions to end correspondence with a persistent complainant (seed 002
//! para 42): the proposal on a concluded complaint's aftercare section, and
//! the register where a manager or senior reviewer approves or declines a
//! proposal and handlers record a review, lift a decision, or log a later
//! letter (acknowledged or filed, or reopening the matter on fresh
//! evidence). Both pages say that the right to complain is never withdrawn.

use super::{Answers, Fields, answer, complaint, notice, value};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use crate::pages::{NoticeQuery, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use casebook_app::complaint_aftercare::persistent::{self, DecisionLine, ProposeForm, StepForm};
use casebook_app::{AppError, accounts};
use casebook_domain::access::Roles;
use casebook_domain::complaints::persistent::{CorrespondenceState, Ending};
use casebook_domain::validation::FieldErrors;
use std::collections::HashMap;

/// One decision as a line of text, e.g. "Person 4: in force, review by 2027-02-01 …".
fn describe(line: &DecisionLine, names: &HashMap<i64, String>) -> String {
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("user {id}"));
    let mut text = match &line.decision.state {
        CorrespondenceState::NoDecision => "Proposal declined".to_owned(),
        CorrespondenceState::Proposed(p) => format!(
            "Person {}: proposed by {} on {}, waiting for approval. Reason: {}. Review by {}",
            p.person_id,
            name(p.proposed_by.user_id),
            p.proposed_on,
            p.reason,
            p.review_on
        ),
        CorrespondenceState::InForce(d) => {
            let mut text = format!(
                "Person {}: in force since {} (approved by {}). Reason: {}. Review by {}",
                d.proposal.person_id,
                d.approved_on,
                name(d.approved_by.user_id),
                d.proposal.reason,
                d.review_on
            );
            if let Some(r) = &d.last_review {
                text.push_str(&format!("; last reviewed on {}: {}", r.on, r.note));
            }
            text
        }
        CorrespondenceState::Ended { decision, how, on, reason } => {
            let how = match how {
                Ending::Lifted => "lifted",
                Ending::Reopened => "ended: the matter was reopened on fresh evidence",
            };
            format!("Person {}: {how} on {on}. {reason}", decision.proposal.person_id)
        }
    };
    for l in &line.letters {
        text.push_str(&format!(". Letter received on {}: {}", l.received_on, l.handling.replace('-', " ")));
    }
    text
}

async fn staff_names(state: &AppState) -> Result<HashMap<i64, String>, Failure> {
    Ok(accounts::list(&state.app).await?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

/// The complaint section's part: its decisions, and whether (and for whom)
/// one may be proposed.
#[derive(Default)]
pub struct Proposing {
    pub decisions: Vec<String>,
    pub concluded: bool,
    pub people: Vec<Choice>,
}

pub async fn proposing(state: &AppState, user: &CurrentUser, id: i64, person: &str) -> Result<Proposing, Failure> {
    let actor = user.actor();
    let matter = persistent::matter_of(&state.app, &actor, id).await?;
    let names = staff_names(state).await?;
    let decisions = persistent::decisions(&state.app, &actor, Some(id)).await?.iter().map(|l| describe(l, &names)).collect();
    let people = with_prompt("Choose the complainant", person, matter.complainants.iter().map(|p| (p.to_string(), format!("Person {p}"))));
    Ok(Proposing { decisions, concluded: matter.concluded, people })
}

pub async fn propose(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = ProposeForm {
        person: value(&fields, "correspondence-person").to_owned(),
        reason: value(&fields, "correspondence-reason").to_owned(),
        review_on: value(&fields, "correspondence-review_on").to_owned(),
    };
    let result = persistent::propose(&state.app, &user.actor(), id, &form).await;
    let known: &[&str] = &["person", "reason", "review_on"];
    answer(
        result,
        |_| format!("/complaints/{id}/aftercare?notice=proposed"),
        ("correspondence", known),
        async |errors| complaint::page(&state, &user, id, fields, errors, None).await,
    )
    .await
}

/// One decision on the register.
pub struct Row {
    pub id: i64,
    pub complaint_id: Option<i64>,
    pub text: String,
}

#[derive(Template)]
#[template(path = "complaint_aftercare/correspondence.html")]
struct RegisterPage {
    layout: Layout,
    errors: FieldErrors,
    rows: Vec<Row>,
    approver: bool,
    proposed: Vec<Choice>,
    approvals: Vec<Choice>,
    in_force: Vec<Choice>,
    steps: Vec<Choice>,
    acknowledge: Vec<Choice>,
    fields: Fields,
}

async fn register_page(
    state: &AppState,
    user: &CurrentUser,
    fields: Fields,
    errors: FieldErrors,
    code: Option<&str>,
) -> Result<RegisterPage, Failure> {
    let lines = persistent::decisions(&state.app, &user.actor(), None).await?;
    let names = staff_names(state).await?;
    let rows: Vec<Row> = lines.iter().map(|l| Row { id: l.decision.id, complaint_id: l.complaint_id, text: describe(l, &names) }).collect();
    let label = |l: &DecisionLine| {
        (l.decision.id.to_string(), format!("Decision {} on complaint {}", l.decision.id, l.complaint_id.unwrap_or_default()))
    };
    let proposed = lines.iter().filter(|l| matches!(l.decision.state, CorrespondenceState::Proposed(_))).map(label);
    let in_force = lines.iter().filter(|l| l.decision.state.in_force().is_some()).map(label);
    let pick = |key: &str| value(&fields, key).to_owned();
    let layout =
        Layout::for_user(user, "Decisions to end correspondence", "/reports/correspondence-decisions", &state.app.settings.organisation)
            .with_errors(!errors.is_empty())
            .with_notice(notice(code));
    Ok(RegisterPage {
        layout,
        errors,
        rows,
        approver: user.principal.user.roles.intersects(Roles::CORRESPONDENCE_APPROVERS),
        proposed: with_prompt("Choose a proposal", &pick("approval-decision"), proposed),
        approvals: with_prompt(
            "Choose approve or decline",
            &pick("approval-step"),
            [("approve", "Approve"), ("decline", "Decline")].map(|(v, l)| (v.to_owned(), l.to_owned())),
        ),
        in_force: with_prompt("Choose a decision in force", &pick("step-decision"), in_force),
        steps: with_prompt(
            "Choose what to record",
            &pick("step-step"),
            [("review", "A review"), ("lift", "Lifting the decision"), ("letter", "A later letter")]
                .map(|(v, l)| (v.to_owned(), l.to_owned())),
        ),
        acknowledge: vec![Choice::new("yes", "Acknowledge the letter before filing it", !pick("step-acknowledge").is_empty())],
        fields,
    })
}

pub async fn register(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &register_page(&state, &user, Fields::new(), FieldErrors::new(), q.notice.as_deref()).await?))
}

/// Records a step on the decision the form (`prefix`) names; `allowed` are
/// the steps this form may take. A decision not in the list is a field error.
async fn record(
    state: AppState,
    user: CurrentUser,
    (prefix, known): (&str, &[&str]),
    allowed: &[&str],
    fields: Fields,
) -> Result<Response, Failure> {
    let field = |name: &str| value(&fields, &format!("{prefix}-{name}")).to_owned();
    let not_listed = || AppError::field("decision", "Choose a decision from the list");
    let form = StepForm {
        step: field("step"),
        reason: field("reason"),
        note: field("note"),
        next_review: field("next_review"),
        received_on: field("received_on"),
        fresh_evidence: field("fresh_evidence"),
        acknowledge: !field("acknowledge").is_empty(),
    };
    let result = match field("decision").trim().parse::<i64>() {
        _ if !allowed.contains(&form.step.trim()) => Err(AppError::field("step", "Choose what to record from the list")),
        Ok(id) => match persistent::record_step(&state.app, &user.actor(), id, &form).await {
            Err(AppError::NotFound(_)) => Err(not_listed()),
            other => other,
        },
        Err(_) => Err(not_listed()),
    };
    answer(
        result,
        |_| "/reports/correspondence-decisions?notice=recorded".to_owned(),
        (prefix, known),
        async |errors| register_page(&state, &user, fields, errors, None).await,
    )
    .await
}

pub async fn approval(State(state): State<AppState>, user: CurrentUser, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    record(state, user, ("approval", &["decision", "step", "reason"]), &["approve", "decline"], fields).await
}

pub async fn step(State(state): State<AppState>, user: CurrentUser, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    let known: &[&str] = &["decision", "step", "note", "next_review", "reason", "received_on", "fresh_evidence"];
    record(state, user, ("step", known), &["review", "lift", "letter"], fields).await
}
