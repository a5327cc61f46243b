//! People: search persons, add a person, and see what is on file about them.

use super::{ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::people::{self, PersonForm};
use casebook_domain::validation::FieldErrors;
use casebook_store::people::{PersonRecord, PersonSummary};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    layout: Layout,
    q: String,
    persons: Vec<PersonSummary>,
}

#[derive(Template)]
#[template(path = "people/form.html")]
struct FormPage {
    layout: Layout,
    errors: FieldErrors,
    input: PersonInput,
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    layout: Layout,
    person: PersonRecord,
    safeguarding: super::safeguarding::PersonPanel,
    frequent_caller: super::frequent_callers::person::FlagPanel,
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// The add-a-person form as posted; lists are typed comma- or semicolon-separated.
#[derive(Debug, Deserialize, Default)]
pub struct PersonInput {
    #[serde(default)]
    given: String,
    #[serde(default)]
    family: String,
    #[serde(default)]
    date_of_birth: String,
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    phones: String,
    #[serde(default)]
    emails: String,
    #[serde(default)]
    aliases: String,
}

fn split(raw: &str, separators: &[char]) -> Vec<String> {
    raw.split(separators).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

impl PersonInput {
    fn form(&self) -> PersonForm {
        PersonForm {
            given: self.given.clone(),
            family: self.family.clone(),
            date_of_birth: self.date_of_birth.clone(),
            postcode: self.postcode.clone(),
            phones: split(&self.phones, &[',', ';']),
            emails: split(&self.emails, &[',', ';']),
            references: Vec::new(),
            aliases: split(&self.aliases, &[';']),
        }
    }
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<SearchQuery>) -> Result<Response, Failure> {
    let persons = people::search_persons(&state.app, &user.actor(), &q.q, 50, 0).await?;
    let layout = Layout::for_user(&user, "People", "/people", &state.app.settings.organisation);
    Ok(ok(&ListPage { layout, q: q.q, persons }))
}

fn form_page(state: &AppState, user: &CurrentUser, input: PersonInput, errors: FieldErrors) -> FormPage {
    let layout = Layout::for_user(user, "Add a person", "/people", &state.app.settings.organisation).with_errors(!errors.is_empty());
    FormPage { layout, errors, input }
}

/// `?phones=+447700900123` fills in the number, e.g. from the caller screen.
pub async fn new_form(State(state): State<AppState>, user: CurrentUser, Query(prefill): Query<PersonInput>) -> Result<Response, Failure> {
    Ok(ok(&form_page(&state, &user, prefill, FieldErrors::new())))
}

pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(input): Form<PersonInput>) -> Result<Response, Failure> {
    match people::create_person(&state.app, &user.actor(), &input.form()).await {
        Ok(person) => Ok(Redirect::to(&format!("/people/{}", person.id)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&state, &user, input, errors))),
        Err(other) => Err(other.into()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> Result<Response, Failure> {
    let person = people::get_person(&state.app, &user.actor(), id).await?;
    let layout = Layout::for_user(&user, person.display_name.clone(), "/people", &state.app.settings.organisation)
        .with_notice(super::notice_text(q.notice.as_deref()));
    let safeguarding = super::safeguarding::person_panel(&state, &user, &person).await?;
    let frequent_caller = super::frequent_callers::person::panel(&state, &user, id).await?;
    Ok(ok(&ShowPage { layout, person, safeguarding, frequent_caller }))
}
