//! Finding the caller from the contact form: one search box ("name, phone,
//! date of birth or email, as the caller says them") proposes persons with
//! a score and the reasons; "This is the caller" fills in the person number.
//! Plain htmx: without JavaScript the person number is typed.

use super::ok;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use casebook_app::AppError;
use casebook_app::people::{self, Match, MatchInput};
use casebook_domain::people::QuickSearch;
use casebook_store::people::PersonRecord;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct FindQuery {
    who: String,
}

#[derive(Template)]
#[template(path = "contacts/_candidates.html")]
struct Candidates {
    typed: String,
    matches: Vec<Match>,
    problem: Option<String>,
}

/// The persons the typed words may be, best first.
pub async fn candidates(State(state): State<AppState>, user: CurrentUser, Query(q): Query<FindQuery>) -> Result<Response, Failure> {
    let typed = q.who.trim().to_owned();
    let search = QuickSearch::parse(&typed);
    if search.is_empty() {
        return Ok(ok(&Candidates { typed, matches: Vec::new(), problem: None }));
    }
    let input = MatchInput {
        phone: search.phone,
        email: search.email,
        given: search.given,
        family: search.family,
        date_of_birth: search.date_of_birth,
        ..MatchInput::default()
    };
    match people::match_candidates(&state.app, &user.actor(), &input).await {
        Ok(matches) => Ok(ok(&Candidates { typed, matches, problem: None })),
        // Half-typed words are normal here: say what is wrong, keep the form.
        Err(AppError::Invalid(errors)) => {
            let problem = errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(". ");
            Ok(ok(&Candidates { typed, matches: Vec::new(), problem: Some(problem) }))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ChosenQuery {
    person_id: i64,
}

#[derive(Template)]
#[template(path = "contacts/_person_field.html")]
struct PersonField {
    person: PersonRecord,
}

/// The person-number field, filled in with the chosen person.
pub async fn choose(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ChosenQuery>) -> Result<Response, Failure> {
    let person = people::get_person(&state.app, &user.actor(), q.person_id).await?;
    Ok(ok(&PersonField { person }))
}
