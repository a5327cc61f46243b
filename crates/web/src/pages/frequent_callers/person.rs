//! A person's frequent-caller flag: the panel every handler sees on the
//! person's page (the flag, the response plan in plain words, the history),
//! and the managers' forms to flag, review, lift and record a referral.

use super::day;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use crate::pages::{ok, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::frequent_callers::{self as cases, FlagForm, PersonFlag, PlanForm};
use casebook_app::people;
use casebook_domain::access::Roles;
use casebook_domain::calendar::london;
use casebook_domain::frequent_callers::FlagEvent;
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

/// One step of the flag's history, ready to show.
pub struct HistoryLine {
    pub when: String,
    pub who: String,
    pub what: String,
    pub detail: String,
}

fn event_words(event: &FlagEvent) -> String {
    match event {
        FlagEvent::Flagged { review_due, .. } => format!("Flagged as a frequent or regular caller; review due {}", day(*review_due)),
        FlagEvent::Reviewed { next_review, .. } => format!("Flag reviewed; next review {}", day(*next_review)),
        FlagEvent::PlanChanged { .. } => "Response plan changed".into(),
        FlagEvent::ReferralRecorded { referral } => format!("Referral to {} recorded", referral.body),
        FlagEvent::Lifted { .. } => "Flag lifted".into(),
    }
}

/// What the panel on a person's page shows.
pub struct FlagPanel {
    pub person_id: i64,
    pub view: PersonFlag,
    pub trend: &'static str,
    pub review_status: &'static str,
    pub review_is_due: bool,
    pub history: Vec<HistoryLine>,
    /// Managers see the buttons to flag, review, lift and record a referral.
    pub can_manage: bool,
}

/// The panel for the person's page.
pub async fn panel(state: &AppState, user: &CurrentUser, person_id: i64) -> Result<FlagPanel, Failure> {
    let view = cases::flag_for_person(&state.app, &user.actor(), person_id).await?;
    let history = view
        .history
        .iter()
        .map(|h| HistoryLine {
            when: h.occurred_at.to_zoned(london()).strftime("%-d %b %Y %H:%M").to_string(),
            who: h.actor_label.clone(),
            what: event_words(&h.event),
            detail: h.detail.clone(),
        })
        .collect();
    Ok(FlagPanel {
        person_id,
        trend: view.trend.label(),
        review_status: view.review.map(|r| r.label()).unwrap_or(""),
        review_is_due: view.review.is_some_and(|r| r.is_due()),
        history,
        can_manage: user.principal.user.roles.intersects(Roles::MANAGERS),
        view,
    })
}

// ---- the managers' forms -------------------------------------------------------------

/// Which form: each has its own route and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Flag,
    Review,
    Lift,
    Referral,
}

impl Action {
    fn slug(self) -> &'static str {
        match self {
            Action::Flag => "flag",
            Action::Review => "review",
            Action::Lift => "lift",
            Action::Referral => "referral",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Action::Flag => "Flag as a frequent or regular caller",
            Action::Review => "Review the frequent-caller flag",
            Action::Lift => "Lift the frequent-caller flag",
            Action::Referral => "Record a referral",
        }
    }

    fn button(self) -> &'static str {
        match self {
            Action::Flag => "Flag and agree the plan",
            Action::Review => "Save the review",
            Action::Lift => "Lift the flag",
            Action::Referral => "Record the referral",
        }
    }
}

/// Every form's fields as posted; each form uses some of them. Names match
/// the field names in the domain's errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FlagInput {
    reason: String,
    note: String,
    plan_handled_by: String,
    plan_what_to_say: String,
    plan_pathway: String,
    review_due: String,
    referral_date: String,
    referral_body: String,
    referral_reference: String,
    version: String,
}

impl FlagInput {
    fn plan(&self) -> PlanForm {
        PlanForm {
            handled_by: self.plan_handled_by.clone(),
            what_to_say: self.plan_what_to_say.clone(),
            pathway: self.plan_pathway.clone(),
        }
    }

    fn form(&self, action: Action) -> FlagForm {
        match action {
            Action::Flag => FlagForm::Flag { reason: self.reason.clone(), plan: self.plan(), review_due: self.review_due.clone() },
            Action::Review => FlagForm::Review { note: self.note.clone(), plan: self.plan(), review_due: self.review_due.clone() },
            Action::Lift => FlagForm::Lift { reason: self.reason.clone() },
            Action::Referral => FlagForm::Referral {
                date: self.referral_date.clone(),
                body: self.referral_body.clone(),
                reference: self.referral_reference.clone(),
            },
        }
    }

    /// The version the manager saw; a blank one skips the check.
    fn version(&self) -> Result<Option<i64>, Failure> {
        match self.version.trim() {
            "" => Ok(None),
            raw => raw.parse().map(Some).map_err(|_| Failure::BadRequest("The form's version is not a number.".into())),
        }
    }

    /// The form as first shown: a review starts from the current plan.
    fn starting(action: Action, view: &PersonFlag) -> FlagInput {
        let mut input = FlagInput { version: view.version.to_string(), ..FlagInput::default() };
        if action == Action::Review
            && let Some(flag) = view.flag.active()
        {
            input.plan_handled_by = flag.response_plan.handled_by.clone();
            input.plan_what_to_say = flag.response_plan.what_to_say.clone();
            input.plan_pathway = flag.response_plan.pathway.clone();
        }
        input
    }
}

#[derive(Template)]
#[template(path = "frequent_callers/form.html")]
struct FormPage {
    layout: Layout,
    errors: FieldErrors,
    person_id: i64,
    person_name: String,
    action: &'static str,
    heading: &'static str,
    button: &'static str,
    input: FlagInput,
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    action: Action,
    input: FlagInput,
    errors: FieldErrors,
) -> Result<FormPage, Failure> {
    let person = people::get_person(&state.app, &user.actor(), id).await?;
    let layout = Layout::for_user(user, action.heading(), "/people", &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(FormPage {
        layout,
        errors,
        person_id: id,
        person_name: person.display_name,
        action: action.slug(),
        heading: action.heading(),
        button: action.button(),
        input,
    })
}

async fn show_form(state: AppState, user: CurrentUser, id: i64, action: Action) -> Result<Response, Failure> {
    let view = cases::flag_for_person(&state.app, &user.actor(), id).await?;
    let input = FlagInput::starting(action, &view);
    Ok(ok(&form_page(&state, &user, id, action, input, FieldErrors::new()).await?))
}

async fn submit(state: AppState, user: CurrentUser, id: i64, action: Action, input: FlagInput) -> Result<Response, Failure> {
    let version = input.version()?;
    match cases::change_flag(&state.app, &user.actor(), id, &input.form(action), version).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}#frequent-caller")).into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&state, &user, id, action, input, errors).await?))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn flag_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    show_form(state, user, id, Action::Flag).await
}

pub async fn flag(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, Failure> {
    submit(state, user, id, Action::Flag, input).await
}

pub async fn review_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    show_form(state, user, id, Action::Review).await
}

pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, Failure> {
    submit(state, user, id, Action::Review, input).await
}

pub async fn lift_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    show_form(state, user, id, Action::Lift).await
}

pub async fn lift(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, Failure> {
    submit(state, user, id, Action::Lift, input).await
}

pub async fn referral_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    show_form(state, user, id, Action::Referral).await
}

pub async fn referral(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, Failure> {
    submit(state, user, id, Action::Referral, input).await
}
