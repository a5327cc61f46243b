//! The complaints procedure in force: the page every complaint handler
//! reads (categories, investigators, time limits, escalation routes,
//! redirects, urgent matters, referrals), and the administrator's forms to
//! choose a built-in preset or change its numbers.

pub mod summary;

use super::{NoticeQuery, london, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::Choice;
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::complaint_procedures::{self as cases, IN_TIME_FIELD, REFERENCE_FIELD, UNITS, period_field, translated_field, unit_slug};
use casebook_domain::access::Roles;
use casebook_domain::complaints::{Procedure, presets};
use casebook_domain::validation::FieldErrors;
use std::collections::HashMap;
use summary::Summary;

const PAGE: &str = "/admin/complaint-procedure";

fn notice(code: Option<&str>) -> Option<String> {
    match code? {
        "numbers-saved" => Some("Numbers saved. They apply to complaints logged from now on.".into()),
        "preset-chosen" => Some("Procedure chosen. It applies to complaints logged from now on.".into()),
        _ => None,
    }
}

fn is_admin(user: &CurrentUser) -> bool {
    user.principal.user.roles.intersects(Roles::ADMINISTRATORS)
}

/// The form's version field: blank while the preset is in force.
fn form_version(input: &HashMap<String, String>) -> Result<(String, Option<i64>), Failure> {
    let raw = input.get("version").map(|v| v.trim().to_owned()).unwrap_or_default();
    let parsed = match raw.as_str() {
        "" => None,
        text => Some(text.parse::<i64>().map_err(|_| Failure::BadRequest("The form's version is not a number.".into()))?),
    };
    Ok((raw, parsed))
}

// ---- the page -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "complaints_admin/procedure.html")]
struct ProcedurePage {
    layout: Layout,
    summary: Summary,
    /// "Built-in preset" or "Version 3, saved 23 Nov 2026 14:02".
    standing: String,
    version: String,
    is_admin: bool,
    presets: Vec<Choice>,
    errors: FieldErrors,
}

async fn procedure_page(state: &AppState, user: &CurrentUser, errors: FieldErrors) -> Result<ProcedurePage, Failure> {
    let in_force = cases::active(&state.app, &user.actor()).await?;
    let standing = match &in_force.saved {
        None => "The built-in preset, unchanged".to_owned(),
        Some(saved) => format!("Version {}, saved {}", saved.version, london(saved.updated_at)),
    };
    let presets = presets().into_iter().map(|p| Choice::new(p.key.clone(), p.name.clone(), p.key == in_force.policy.key)).collect();
    let layout = Layout::for_user(user, "Complaints procedure", PAGE, &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(ProcedurePage {
        layout,
        summary: Summary::of(&in_force.policy),
        standing,
        version: in_force.version().map(|v| v.to_string()).unwrap_or_default(),
        is_admin: is_admin(user),
        presets,
        errors,
    })
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    let mut page = procedure_page(&state, &user, FieldErrors::new()).await?;
    page.layout = page.layout.with_notice(notice(q.notice.as_deref()));
    Ok(ok(&page))
}

pub async fn choose_preset(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(input): Form<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let (_, version) = form_version(&input)?;
    let key = input.get("preset").cloned().unwrap_or_default();
    match cases::choose_preset(&state.app, &user.actor(), &key, version).await {
        Ok(_) => Ok(Redirect::to(&format!("{PAGE}?notice=preset-chosen")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &procedure_page(&state, &user, errors).await?)),
        Err(other) => Err(other.into()),
    }
}

// ---- the numbers form -------------------------------------------------------------

/// One amount and its unit.
pub struct PeriodInput {
    label: String,
    field: String,
    unit_field: String,
    amount: String,
    units: Vec<Choice>,
    error: Option<String>,
}

pub struct LimitInput {
    label: String,
    basis: String,
    period: PeriodInput,
    translated: PeriodInput,
}

#[derive(Template)]
#[template(path = "complaints_admin/procedure_form.html")]
struct NumbersPage {
    layout: Layout,
    errors: FieldErrors,
    name: String,
    version: String,
    limits: Vec<LimitInput>,
    in_time_label: String,
    in_time_months: String,
    reference_format: String,
}

fn period_input(label: String, field: String, values: &HashMap<String, String>, errors: &FieldErrors) -> PeriodInput {
    let unit_field = format!("{field}.unit");
    let unit = values.get(&unit_field).cloned().unwrap_or_default();
    PeriodInput {
        label,
        amount: values.get(&field).cloned().unwrap_or_default(),
        units: UNITS.into_iter().map(|u| Choice::new(unit_slug(u), summary::words(&u), unit_slug(u) == unit)).collect(),
        error: errors.get(&field).map(str::to_owned),
        unit_field,
        field,
    }
}

/// The form's values for `procedure` as it stands.
fn values_of(procedure: &Procedure) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for (i, limit) in procedure.limits.iter().enumerate() {
        values.insert(period_field(i), limit.period.amount.to_string());
        values.insert(format!("{}.unit", period_field(i)), unit_slug(limit.period.unit).to_owned());
        if let Some(t) = limit.translated_period {
            values.insert(translated_field(i), t.amount.to_string());
            values.insert(format!("{}.unit", translated_field(i)), unit_slug(t.unit).to_owned());
        } else {
            values.insert(format!("{}.unit", translated_field(i)), unit_slug(limit.period.unit).to_owned());
        }
    }
    values.insert(IN_TIME_FIELD.to_owned(), procedure.in_time.months.to_string());
    values.insert(REFERENCE_FIELD.to_owned(), procedure.reference_format.as_str().to_owned());
    values
}

fn numbers_page(
    user: &CurrentUser,
    state: &AppState,
    procedure: &Procedure,
    values: &HashMap<String, String>,
    errors: FieldErrors,
    version: String,
) -> NumbersPage {
    let layout =
        Layout::for_user(user, "Change the procedure's numbers", PAGE, &state.app.settings.organisation).with_errors(!errors.is_empty());
    let limits = procedure
        .limits
        .iter()
        .enumerate()
        .map(|(i, l)| LimitInput {
            label: l.label.clone(),
            basis: l.basis.clone(),
            period: period_input(l.label.clone(), period_field(i), values, &errors),
            translated: period_input(format!("{} with translation", l.label), translated_field(i), values, &errors),
        })
        .collect();
    let value = |k: &str| values.get(k).cloned().unwrap_or_default();
    NumbersPage {
        layout,
        name: procedure.name.clone(),
        version,
        limits,
        in_time_label: format!("{} (months)", procedure.in_time.label),
        in_time_months: value(IN_TIME_FIELD),
        reference_format: value(REFERENCE_FIELD),
        errors,
    }
}

pub async fn edit_form(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let in_force = cases::active(&state.app, &user.actor()).await?;
    let version = in_force.version().map(|v| v.to_string()).unwrap_or_default();
    Ok(ok(&numbers_page(&user, &state, &in_force.policy, &values_of(&in_force.policy), FieldErrors::new(), version)))
}

pub async fn save_numbers(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(input): Form<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let (version_raw, version) = form_version(&input)?;
    let actor = user.actor();
    let in_force = cases::active(&state.app, &actor).await?;
    let result = match cases::numbers_from_form(&in_force.policy, &input) {
        Ok(numbers) => cases::change_numbers(&state.app, &actor, &numbers, version).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("{PAGE}?notice=numbers-saved")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = numbers_page(&user, &state, &in_force.policy, &input, errors, version_raw);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}
