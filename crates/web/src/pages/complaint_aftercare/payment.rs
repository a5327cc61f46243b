//! One ex-gratia payment (seed 002 paras 54–57): what was proposed and each
//! step recorded so far, and, while it is open, the form that records the
//! next step (the complaints unit's agreement, not offered, offer, answer,
//! payment, receipt). Every step is offered; the domain refuses one that
//! does not fit the payment's state, with its reason.

use super::{Answers, Fields, answer, notice, pounds, value};
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
use casebook_app::complaint_aftercare::ex_gratia::{self, StepForm};
use casebook_domain::validation::FieldErrors;

const STEPS: [(&str, &str); 7] = [
    ("agree", "The complaints unit agreed (non-financial offers)"),
    ("not-offered", "Decided not to offer it"),
    ("offer", "Offered to the complainant"),
    ("accept", "Accepted by the complainant"),
    ("decline", "Declined by the complainant"),
    ("pay", "Paid"),
    ("receipt", "Signed receipt recorded"),
];

#[derive(Template)]
#[template(path = "complaint_aftercare/payment.html")]
struct PaymentPage {
    layout: Layout,
    errors: FieldErrors,
    id: i64,
    complaint_id: i64,
    open: bool,
    status: &'static str,
    /// Each fact recorded, as (what, value), in the order they happen.
    facts: Vec<(&'static str, String)>,
    steps: Vec<Choice>,
    fields: Fields,
}

async fn payment_page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    fields: Fields,
    errors: FieldErrors,
    code: Option<&str>,
) -> Result<PaymentPage, Failure> {
    let payment = ex_gratia::payment(&state.app, &user.actor(), id).await?;
    let r = payment.state.register_row();
    let status = r.status;
    let recorded = [
        ("Kind", Some(r.kind.label().to_owned())),
        ("Amount or offer", r.amount_pence.map(pounds).or(r.description)),
        ("Rationale", Some(r.rationale)),
        ("Status", Some(r.status.label().to_owned())),
        ("Proposed on", Some(r.proposed_on.to_string())),
        ("Agreed by the complaints unit on", r.agreed_on.map(|d| d.to_string())),
        ("Why it was not offered", r.not_offered_reason),
        ("Offered on", r.offered_on.map(|d| d.to_string())),
        ("Answered on", r.answered_on.map(|d| d.to_string())),
        ("Paid on", r.paid_on.map(|d| d.to_string())),
        ("Payment reference", r.payment_reference),
        ("Receipt recorded on", r.receipt_on.map(|d| d.to_string())),
    ];
    let facts = recorded.into_iter().filter_map(|(what, v)| v.map(|v| (what, v))).collect();
    let steps = with_prompt("Choose what to record", value(&fields, "step-step"), STEPS.map(|(v, l)| (v.to_owned(), l.to_owned())));
    let layout = Layout::for_user(user, format!("Ex-gratia payment {id}"), "/reports/ex-gratia", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(code));
    Ok(PaymentPage {
        layout,
        errors,
        id,
        complaint_id: r.complaint_id,
        open: !status.is_finished(),
        status: status.label(),
        facts,
        steps,
        fields,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &payment_page(&state, &user, id, Fields::new(), FieldErrors::new(), q.notice.as_deref()).await?))
}

pub async fn record_step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = StepForm {
        step: value(&fields, "step-step").to_owned(),
        on: value(&fields, "step-on").to_owned(),
        reference: value(&fields, "step-reference").to_owned(),
        reason: value(&fields, "step-reason").to_owned(),
    };
    let result = ex_gratia::record_step(&state.app, &user.actor(), id, &form).await;
    answer(
        result,
        |_| format!("/reports/ex-gratia/{id}?notice=recorded"),
        ("step", &["step", "on", "reference", "reason"]),
        async |errors| payment_page(&state, &user, id, fields, errors, None).await,
    )
    .await
}
