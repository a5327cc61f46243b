//! Officers complained about (seed 002 para 50): the report of officers at
//! or over the review threshold with their certification status, every
//! officer with the form to add one, and an officer's page with the
//! complaints naming them and the certification forms (suspend, appeal,
//! appeal decision, recommendation). Managers see the deciding forms.

use super::{Answers, Fields, answer, finding_choices, notice, prefixed, value};
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
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::complaint_aftercare::certification::{self, DECIDERS, status_label};
use casebook_app::complaint_aftercare::officers::{self, OfficerForm};
use casebook_domain::complaints::officers::{CertificationCase, Recommendation};
use casebook_domain::validation::FieldErrors;
use std::collections::HashMap;

/// One officer in a list.
pub struct Row {
    pub id: i64,
    pub name: String,
    pub identifier: String,
    pub employer: String,
    pub substantiated: u32,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "complaint_aftercare/officers.html")]
struct ListPage {
    layout: Layout,
    errors: FieldErrors,
    over: Vec<Row>,
    all: Vec<Row>,
    fields: Fields,
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    fields: Fields,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> Result<ListPage, Failure> {
    let actor = user.actor();
    let over = officers::at_or_over(&state.app, &actor).await?;
    let all = officers::list(&state.app, &actor).await?;
    let ids: Vec<i64> = all.iter().map(|o| o.id).collect();
    let statuses: HashMap<i64, &'static str> =
        certification::statuses(&state.app, &actor, &ids).await?.into_iter().map(|(id, s)| (id, status_label(s))).collect();
    let counts: HashMap<i64, u32> = over.iter().map(|o| (o.officer.id, o.substantiated)).collect();
    let row = |o: &casebook_store::aftercare::officers::OfficerRecord| Row {
        id: o.id,
        name: o.officer.name.clone(),
        identifier: o.officer.identifier.clone(),
        employer: o.officer.employer.clone(),
        substantiated: counts.get(&o.id).copied().unwrap_or(0),
        status: statuses.get(&o.id).copied().unwrap_or("Not suspended"),
    };
    let layout = Layout::for_user(user, "Officers complained about", "/reports/officers", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(notice_code));
    Ok(ListPage { layout, errors, over: over.iter().map(|o| row(&o.officer)).collect(), all: all.iter().map(row).collect(), fields })
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &list_page(&state, &user, Fields::new(), FieldErrors::new(), q.notice.as_deref()).await?))
}

pub async fn add(State(state): State<AppState>, user: CurrentUser, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    let form = OfficerForm {
        name: value(&fields, "officer-name").to_owned(),
        identifier: value(&fields, "officer-identifier").to_owned(),
        employer: value(&fields, "officer-employer").to_owned(),
    };
    match officers::add(&state.app, &user.actor(), &form).await {
        Ok(o) => Ok(Redirect::to(&format!("/reports/officers/{}?notice=officer-added", o.id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let errors = prefixed("officer", &["name", "identifier", "employer"], &errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &list_page(&state, &user, fields, errors, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}

/// One certification case as the officer's page shows it.
pub struct CaseRow {
    pub complaint_id: i64,
    pub status: &'static str,
    pub steps: Vec<String>,
}

fn case_row(c: &CertificationCase) -> CaseRow {
    let mut steps = Vec::new();
    if let Some(s) = &c.suspension {
        steps.push(format!("Suspended on {}: {}", s.on, s.reason));
    }
    if let Some(a) = &c.appeal {
        steps.push(format!("Appeal lodged on {}: {}", a.lodged_on, a.grounds));
        if let Some(d) = &a.decision {
            let verdict = if d.upheld { "upheld, suspension lifted" } else { "dismissed" };
            steps.push(format!("Appeal {verdict} on {}: {}", d.on, d.reason));
        }
    }
    if let Some(r) = &c.recommendation {
        let what = match r.recommendation {
            Recommendation::Revoke => "revocation",
            Recommendation::Reinstate { warn_of_further_complaints: true } => "reinstatement, warning of further complaints",
            Recommendation::Reinstate { warn_of_further_complaints: false } => "reinstatement",
        };
        steps.push(format!("{} ({}); recommended {what} on {}: {}", r.finding.label(), r.on, r.on, r.reason));
    }
    CaseRow { complaint_id: c.complaint_id, status: status_label(c.status()), steps }
}

#[derive(Template)]
#[template(path = "complaint_aftercare/officer.html")]
struct OfficerPage {
    layout: Layout,
    errors: FieldErrors,
    id: i64,
    name: String,
    identifier: String,
    employer: String,
    substantiated: u32,
    status: &'static str,
    named: Vec<(i64, String)>,
    cases: Vec<CaseRow>,
    manager: bool,
    fields: Fields,
    complaints: HashMap<&'static str, Vec<Choice>>,
    decisions: Vec<Choice>,
    findings: Vec<Choice>,
    recommendations: Vec<Choice>,
}

impl OfficerPage {
    fn complaints(&self, form: &str) -> Vec<Choice> {
        self.complaints.get(form).cloned().unwrap_or_default()
    }
}

/// The certification forms, each with its prefix.
const FORMS: [&str; 4] = ["suspend", "appeal", "decision", "recommend"];

async fn officer_page(
    state: &AppState,
    user: &CurrentUser,
    officer_id: i64,
    fields: Fields,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> Result<OfficerPage, Failure> {
    let record = certification::certification(&state.app, &user.actor(), officer_id).await?;
    let named: Vec<(i64, String)> = record
        .named
        .iter()
        .map(|n| (n.complaint_id, n.finding.map(|(f, on)| format!("{} on {on}", f.label())).unwrap_or_else(|| "No finding yet".into())))
        .collect();
    let options = || named.iter().map(|(id, _)| (id.to_string(), format!("Complaint {id}")));
    let complaints = FORMS
        .iter()
        .map(|form| (*form, with_prompt("Choose a complaint", value(&fields, &format!("{form}-complaint")), options())))
        .collect();
    let o = &record.officer.officer;
    let title = format!("Officer {}", o.name);
    let layout = Layout::for_user(user, title, "/reports/officers", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(notice_code));
    Ok(OfficerPage {
        id: officer_id,
        name: o.name.clone(),
        identifier: o.identifier.clone(),
        employer: o.employer.clone(),
        substantiated: record.substantiated,
        status: status_label(record.status()),
        cases: record.cases.iter().map(|c| case_row(&c.state)).collect(),
        named,
        manager: user.principal.user.roles.intersects(DECIDERS),
        decisions: with_prompt(
            "Choose the decision",
            value(&fields, "decision-decision"),
            [("upheld".to_owned(), "Upheld: lift the suspension".to_owned()), ("dismissed".to_owned(), "Dismissed".to_owned())],
        ),
        findings: finding_choices(value(&fields, "recommend-finding")),
        recommendations: with_prompt(
            "Choose the recommendation",
            value(&fields, "recommend-recommendation"),
            [
                ("reinstate".to_owned(), "Reinstate".to_owned()),
                ("reinstate-with-warning".to_owned(), "Reinstate, warning that a further complaint may lead to revocation".to_owned()),
                ("revoke".to_owned(), "Revoke".to_owned()),
            ],
        ),
        complaints,
        layout,
        errors,
        fields,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &officer_page(&state, &user, id, Fields::new(), FieldErrors::new(), q.notice.as_deref()).await?))
}

/// After a certification form: back to the officer, or the page again with the problem.
async fn after<T>(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    form: (&str, &[&str]),
    fields: Fields,
    result: Result<T, AppError>,
) -> Result<Response, Failure> {
    answer(
        result,
        |_| format!("/reports/officers/{id}?notice=recorded"),
        form,
        async |errors| officer_page(state, user, id, fields, errors, None).await,
    )
    .await
}

pub async fn suspend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = certification::SuspendForm {
        complaint: value(&fields, "suspend-complaint").to_owned(),
        on: value(&fields, "suspend-on").to_owned(),
        reason: value(&fields, "suspend-reason").to_owned(),
    };
    let result = certification::suspend(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("suspend", &["complaint", "on", "reason"]), fields, result).await
}

pub async fn appeal(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = certification::AppealForm {
        complaint: value(&fields, "appeal-complaint").to_owned(),
        on: value(&fields, "appeal-on").to_owned(),
        grounds: value(&fields, "appeal-grounds").to_owned(),
    };
    let result = certification::lodge_appeal(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("appeal", &["complaint", "on", "grounds"]), fields, result).await
}

pub async fn decide_appeal(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = certification::AppealDecisionForm {
        complaint: value(&fields, "decision-complaint").to_owned(),
        on: value(&fields, "decision-on").to_owned(),
        decision: value(&fields, "decision-decision").to_owned(),
        reason: value(&fields, "decision-reason").to_owned(),
    };
    let result = certification::decide_appeal(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("decision", &["complaint", "decision", "on", "reason"]), fields, result).await
}

pub async fn recommend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = certification::RecommendForm {
        complaint: value(&fields, "recommend-complaint").to_owned(),
        on: value(&fields, "recommend-on").to_owned(),
        finding: value(&fields, "recommend-finding").to_owned(),
        recommendation: value(&fields, "recommend-recommendation").to_owned(),
        reason: value(&fields, "recommend-reason").to_owned(),
    };
    let result = certification::recommend(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("recommend", &["complaint", "finding", "recommendation", "on", "reason"]), fields, result).await
}
