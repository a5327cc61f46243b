//! The person page's safeguarding panels (markers, raising a concern,
//! merging) and the forms they post to. Markers are loaded, and their read
//! audited, only for the roles that may read them; everyone else gets a
//! panel without them, so the page does not even say whether any exist.

use super::{london, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::{AppError, accounts, merges, people, safeguarding};
use casebook_domain::access::{Role, Roles};
use casebook_domain::safeguarding::{ConcernDraft, LawfulBasis, MarkerDraft, MarkerKind};
use casebook_domain::validation::FieldErrors;
use casebook_store::merges::MergeRecord;
use casebook_store::people::PersonRecord;
use casebook_store::safeguarding::MarkerRecord;
use serde::Deserialize;
use std::collections::HashMap;

fn long_date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn staff_name(names: &HashMap<i64, String>, id: Option<i64>) -> String {
    id.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "the system".into())
}

/// One marker, ready to show.
pub struct MarkerRow {
    pub id: i64,
    pub kind: &'static str,
    pub adjustments: String,
    pub source: String,
    pub source_date: String,
    pub lawful_basis: &'static str,
    pub review_date: String,
    /// The review date has come: the marker must be reviewed (time-limited, domain reference A2).
    pub review_due: bool,
    pub recorded: String,
    pub withdrawn: Option<String>,
}

fn marker_rows(found: &[MarkerRecord], names: &HashMap<i64, String>, today: jiff::civil::Date) -> Vec<MarkerRow> {
    found
        .iter()
        .map(|m| MarkerRow {
            id: m.id,
            kind: m.kind.label(),
            adjustments: m.reasonable_adjustments.clone(),
            source: m.source.clone(),
            source_date: long_date(m.source_date),
            lawful_basis: m.lawful_basis.label(),
            review_date: long_date(m.review_date),
            review_due: !m.is_withdrawn() && m.review_date <= today,
            recorded: format!("{} by {}", london(m.recorded_at), staff_name(names, m.recorded_by)),
            withdrawn: m.withdrawal.as_ref().map(|w| format!("{} by {}: {}", london(w.at), staff_name(names, w.by), w.reason)),
        })
        .collect()
}

/// One merge the person took part in, for managers.
pub struct MergeRow {
    pub id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
    pub when: String,
    pub reason: String,
    pub undone: Option<String>,
}

fn merge_rows(found: &[MergeRecord], names: &HashMap<i64, String>) -> Vec<MergeRow> {
    found
        .iter()
        .map(|m| MergeRow {
            id: m.id,
            survivor_id: m.survivor_id,
            merged_id: m.merged_id,
            when: format!("{} by {}", london(m.merged_at), staff_name(names, m.merged_by)),
            reason: m.reason.clone(),
            undone: m.unmerged.as_ref().map(|u| format!("{} by {}: {}", london(u.at), staff_name(names, u.by), u.reason)),
        })
        .collect()
}

/// Everything the person page's safeguarding partials show.
pub struct PersonPanel {
    pub person_id: i64,
    /// `Some` only for special-category readers (the read is audited).
    pub markers: Option<Vec<MarkerRow>>,
    pub can_manage: bool,
    pub managers: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub bases: Vec<Choice>,
    /// The survivor's id and name when this person was merged away.
    pub merged_into: Option<(i64, String)>,
    pub merges: Vec<MergeRow>,
}

async fn manager_choices(state: &AppState, current: &str) -> Result<Vec<Choice>, Failure> {
    let managers = accounts::list(&state.app)
        .await?
        .into_iter()
        .filter(|u| u.active && u.roles.contains(Role::Manager))
        .map(|u| (u.id.to_string(), u.display_name));
    Ok(with_prompt("Choose a manager", current, managers))
}

fn kind_choices(current: &str) -> Vec<Choice> {
    with_prompt("Choose the kind of condition", current, MarkerKind::ALL.map(|k| (k.slug().to_owned(), k.label().to_owned())))
}

fn basis_choices(current: &str) -> Vec<Choice> {
    with_prompt("Choose the lawful basis", current, LawfulBasis::ALL.map(|b| (b.slug().to_owned(), b.label().to_owned())))
}

async fn staff_names(state: &AppState) -> Result<HashMap<i64, String>, Failure> {
    Ok(accounts::list(&state.app).await?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

/// The panel for `person` as `user` may see it. Called by the person page.
pub async fn person_panel(state: &AppState, user: &CurrentUser, person: &PersonRecord) -> Result<PersonPanel, Failure> {
    let actor = user.actor();
    let roles = user.principal.user.roles;
    let names = staff_names(state).await?;
    let markers = if roles.intersects(Roles::SPECIAL_CATEGORY_READERS) {
        let today = casebook_domain::calendar::london_date(state.app.now());
        Some(marker_rows(&safeguarding::read_markers(&state.app, &actor, person.id).await?, &names, today))
    } else {
        None
    };
    let can_manage = roles.intersects(Roles::MANAGERS);
    let merges = if can_manage { merge_rows(&merges::merges_for_person(&state.app, &actor, person.id).await?, &names) } else { Vec::new() };
    let merged_into = match person.merged_into_id {
        Some(id) => Some((id, people::get_person(&state.app, &actor, id).await?.display_name)),
        None => None,
    };
    Ok(PersonPanel {
        person_id: person.id,
        markers,
        can_manage,
        managers: manager_choices(state, "").await?,
        kinds: kind_choices(""),
        bases: basis_choices(""),
        merged_into,
        merges,
    })
}

impl PersonPanel {
    /// Whether this merge can be undone from this (the survivor's) page.
    pub fn undoable(&self, m: &MergeRow) -> bool {
        m.undone.is_none() && m.survivor_id == self.person_id && self.merged_into.is_none()
    }
}

// ---- recording and withdrawing markers -------------------------------------------

#[derive(Template)]
#[template(path = "safeguarding/marker_form.html")]
struct MarkerFormPage {
    layout: Layout,
    errors: FieldErrors,
    person: PersonRecord,
    input: MarkerInput,
    kinds: Vec<Choice>,
    bases: Vec<Choice>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct MarkerInput {
    kind: String,
    reasonable_adjustments: String,
    source: String,
    source_date: String,
    lawful_basis: String,
    review_date: String,
}

impl MarkerInput {
    fn draft(&self) -> MarkerDraft {
        MarkerDraft {
            kind: self.kind.clone(),
            reasonable_adjustments: self.reasonable_adjustments.clone(),
            source: self.source.clone(),
            source_date: self.source_date.clone(),
            lawful_basis: self.lawful_basis.clone(),
            review_date: self.review_date.clone(),
        }
    }
}

pub async fn record_marker(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<MarkerInput>,
) -> Result<Response, Failure> {
    let actor = user.actor();
    match safeguarding::record_marker(&state.app, &actor, id, &input.draft()).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}?notice=marker-recorded#markers")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let person = people::get_person(&state.app, &actor, id).await?;
            let layout = Layout::for_user(&user, "Record a marker", "/people", &state.app.settings.organisation).with_errors(true);
            let page = MarkerFormPage {
                layout,
                errors,
                person,
                kinds: kind_choices(&input.kind),
                bases: basis_choices(&input.lawful_basis),
                input,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

/// A form with one reason box, shown again when a reason was refused.
#[derive(Template)]
#[template(path = "safeguarding/reason_form.html")]
struct ReasonPage {
    layout: Layout,
    errors: FieldErrors,
    heading: String,
    action: String,
    button: &'static str,
    back: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReasonInput {
    reason: String,
}

fn reason_page(
    state: &AppState,
    user: &CurrentUser,
    errors: FieldErrors,
    heading: String,
    action: String,
    button: &'static str,
    back: String,
) -> Response {
    let layout = Layout::for_user(user, heading.clone(), "/people", &state.app.settings.organisation).with_errors(true);
    render(StatusCode::UNPROCESSABLE_ENTITY, &ReasonPage { layout, errors, heading, action, button, back })
}

pub async fn withdraw_marker(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<ReasonInput>,
) -> Result<Response, Failure> {
    match safeguarding::withdraw_marker(&state.app, &user.actor(), id, &input.reason).await {
        Ok(marker) => Ok(Redirect::to(&format!("/people/{}?notice=marker-withdrawn#markers", marker.person_id)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(reason_page(
            &state,
            &user,
            errors,
            "Withdraw a marker".into(),
            format!("/markers/{id}/withdraw"),
            "Withdraw the marker",
            "/people".into(),
        )),
        Err(other) => Err(other.into()),
    }
}

// ---- raising a concern --------------------------------------------------------------

#[derive(Template)]
#[template(path = "safeguarding/concern_form.html")]
struct ConcernFormPage {
    layout: Layout,
    errors: FieldErrors,
    person: PersonRecord,
    input: ConcernInput,
    managers: Vec<Choice>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ConcernInput {
    manager_id: String,
    noticed: String,
    contact_id: String,
}

pub async fn raise_concern(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<ConcernInput>,
) -> Result<Response, Failure> {
    let actor = user.actor();
    let draft = ConcernDraft { manager_id: input.manager_id.clone(), noticed: input.noticed.clone(), contact_id: input.contact_id.clone() };
    match safeguarding::raise_concern(&state.app, &actor, id, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}?notice=concern-raised")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let person = people::get_person(&state.app, &actor, id).await?;
            let layout = Layout::for_user(&user, "Raise a concern", "/people", &state.app.settings.organisation).with_errors(true);
            let managers = manager_choices(&state, &input.manager_id).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &ConcernFormPage { layout, errors, person, input, managers }))
        }
        Err(other) => Err(other.into()),
    }
}

// ---- merging and unmerging --------------------------------------------------------

#[derive(Template)]
#[template(path = "people/merge.html")]
struct MergePage {
    layout: Layout,
    errors: FieldErrors,
    survivor: PersonRecord,
    merged: Option<PersonRecord>,
    merged_id: String,
    reason: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MergeInput {
    merged_id: String,
    reason: String,
}

async fn merge_page(
    state: &AppState,
    user: &CurrentUser,
    survivor_id: i64,
    input: MergeInput,
    errors: FieldErrors,
) -> Result<Response, Failure> {
    let actor = user.actor();
    let survivor = people::get_person(&state.app, &actor, survivor_id).await?;
    let (merged, errors) = if errors.is_empty() {
        match merges::preview_merge(&state.app, &actor, survivor_id, &input.merged_id).await {
            Ok((_, merged)) => (Some(merged), errors),
            Err(AppError::Invalid(e)) => (None, e),
            Err(other) => return Err(other.into()),
        }
    } else {
        // The person was fine but the reason was not: show both again.
        let merged = merges::preview_merge(&state.app, &actor, survivor_id, &input.merged_id).await.ok().map(|(_, m)| m);
        (merged, errors)
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout =
        Layout::for_user(user, format!("Merge a record into {}", survivor.display_name), "/people", &state.app.settings.organisation)
            .with_errors(!errors.is_empty());
    Ok(render(status, &MergePage { layout, errors, survivor, merged, merged_id: input.merged_id.trim().to_owned(), reason: input.reason }))
}

/// The confirmation page: both persons side by side, and the reason.
pub async fn merge_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(input): Query<MergeInput>,
) -> Result<Response, Failure> {
    merge_page(&state, &user, id, input, FieldErrors::new()).await
}

pub async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<MergeInput>,
) -> Result<Response, Failure> {
    match merges::merge_persons(&state.app, &user.actor(), id, &input.merged_id, &input.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}?notice=merged")).into_response()),
        Err(AppError::Invalid(errors)) => merge_page(&state, &user, id, input, errors).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn unmerge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<ReasonInput>,
) -> Result<Response, Failure> {
    match merges::unmerge(&state.app, &user.actor(), id, &input.reason).await {
        Ok(m) => Ok(Redirect::to(&format!("/people/{}?notice=unmerged", m.survivor_id)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(reason_page(
            &state,
            &user,
            errors,
            "Undo a merge".into(),
            format!("/merges/{id}/unmerge"),
            "Undo the merge",
            "/people".into(),
        )),
        Err(other) => Err(other.into()),
    }
}
