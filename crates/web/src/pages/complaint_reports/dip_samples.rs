//! The monthly dip sample's pages: the month's samples with the form to
//! draw one, and a sample with its responses and the checklist for one of
//! them at a time. The use cases audit and create the manager's task.

use super::MonthQuery;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use crate::pages::{london, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::complaint_reports::dip_samples::{self, DrawForm, FindingForm, SampleDetail, SampleSummary};
use casebook_app::{AppError, sites};
use casebook_domain::complaints::dip_sample::{MAXIMUM, MINIMUM, SHARE_PERCENT, Verdict};
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "complaint_reports/dip_samples.html")]
struct ListPage {
    layout: Layout,
    errors: FieldErrors,
    samples: Vec<SampleSummary>,
    sites: Vec<Choice>,
    form: DrawForm,
    rule: String,
}

fn rule() -> String {
    format!(
        "One response in {} is sampled, at least {MINIMUM} and at most {MAXIMUM}; a site that sent {MINIMUM} or fewer has all checked.",
        100 / SHARE_PERCENT
    )
}

async fn list_page(state: &AppState, user: &CurrentUser, form: DrawForm, errors: FieldErrors) -> Result<ListPage, Failure> {
    let month = Some(form.month.as_str()).filter(|m| !m.trim().is_empty() && errors.get("month").is_none());
    let samples = dip_samples::list(&state.app, &user.actor(), month).await?;
    let options = sites::list(&state.app).await?.into_iter().filter(|s| s.active).map(|s| (s.id.to_string(), s.name));
    let layout =
        Layout::for_user(user, "Dip samples", "/reports/complaints", &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(ListPage { layout, sites: with_prompt("Choose a site", &form.site_id, options), errors, samples, form, rule: rule() })
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<MonthQuery>) -> Result<Response, Failure> {
    let form = DrawForm { month: q.month.unwrap_or_default(), ..DrawForm::default() };
    match list_page(&state, &user, form.clone(), FieldErrors::new()).await {
        Ok(page) => Ok(render(StatusCode::OK, &page)),
        Err(Failure::Invalid(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &list_page(&state, &user, DrawForm { month: String::new(), ..form }, errors).await?,
        )),
        Err(other) => Err(other),
    }
}

pub async fn draw(State(state): State<AppState>, user: CurrentUser, Form(form): Form<DrawForm>) -> Result<Response, Failure> {
    match dip_samples::draw(&state.app, &user.actor(), &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/reports/dip-samples/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &list_page(&state, &user, form, errors).await?)),
        Err(other) => Err(other.into()),
    }
}

/// One sampled response as the sample's page shows it.
pub struct Line {
    pub complaint_id: i64,
    pub reference: String,
    pub verdict: String,
    pub poor: bool,
    pub checked: String,
    pub notes: String,
}

#[derive(Template)]
#[template(path = "complaint_reports/dip_sample.html")]
struct ShowPage {
    layout: Layout,
    errors: FieldErrors,
    id: i64,
    site: String,
    month: String,
    seed: String,
    population: i64,
    drawn: String,
    lines: Vec<Line>,
    /// The response being checked, with the answers so far.
    checking: Option<(String, FindingForm)>,
}

fn show_page(user: &CurrentUser, state: &AppState, d: SampleDetail, checking: Option<FindingForm>, errors: FieldErrors) -> ShowPage {
    let title = format!("Dip sample: {}, {}", d.site_name, d.sample.month);
    let layout = Layout::for_user(user, title, "/reports/complaints", &state.app.settings.organisation).with_errors(!errors.is_empty());
    let lines: Vec<Line> = d
        .items
        .iter()
        .map(|l| {
            let verdict = l.item.verdict.as_deref().and_then(Verdict::from_slug);
            Line {
                complaint_id: l.item.complaint_id,
                reference: l.reference.clone().unwrap_or_else(|| l.item.complaint_id.to_string()),
                verdict: verdict.map(|v| v.label().to_owned()).unwrap_or_else(|| "Not yet checked".into()),
                poor: verdict == Some(Verdict::Poor),
                checked: l.item.checked_at.map(|t| london(t.to_jiff())).unwrap_or_default(),
                notes: l.item.notes.clone().unwrap_or_default(),
            }
        })
        .collect();
    let checking = checking.and_then(|f| {
        let reference = lines.iter().find(|l| l.complaint_id.to_string() == f.complaint_id.trim())?.reference.clone();
        Some((reference, f))
    });
    ShowPage {
        layout,
        errors,
        id: d.sample.id,
        site: d.site_name,
        month: d.sample.month,
        seed: d.sample.seed.to_string(),
        population: d.sample.population,
        drawn: london(d.sample.drawn_at),
        lines,
        checking,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CheckQuery {
    pub check: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<CheckQuery>,
) -> Result<Response, Failure> {
    let detail = dip_samples::read(&state.app, &user.actor(), id).await?;
    let checking = q.check.map(|complaint_id| FindingForm { complaint_id, ..FindingForm::default() });
    Ok(render(StatusCode::OK, &show_page(&user, &state, detail, checking, FieldErrors::new())))
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<FindingForm>,
) -> Result<Response, Failure> {
    match dip_samples::record_finding(&state.app, &user.actor(), id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/reports/dip-samples/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let detail = dip_samples::read(&state.app, &user.actor(), id).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &show_page(&user, &state, detail, Some(form), errors)))
        }
        Err(other) => Err(other.into()),
    }
}
