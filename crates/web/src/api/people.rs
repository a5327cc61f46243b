//! Persons and recognition over the API.

use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use casebook_app::people::{self, Match, MatchInput, PersonForm};
use casebook_store::people::{PersonRecord, PersonSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct NameView {
    pub given: String,
    pub family: String,
    /// current, previous or alias.
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct IdentifierView {
    /// phone (E.164), email (lower-case) or reference-<kind> (upper-case).
    pub kind: String,
    pub value: String,
}

#[derive(Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub display_name: String,
    /// YYYY-MM-DD
    pub date_of_birth: Option<String>,
    pub postcode: Option<String>,
    pub names: Vec<NameView>,
    pub identifiers: Vec<IdentifierView>,
    pub version: i64,
}

impl From<&PersonRecord> for PersonView {
    fn from(p: &PersonRecord) -> Self {
        PersonView {
            id: p.id,
            display_name: p.display_name.clone(),
            date_of_birth: p.date_of_birth.map(|d| d.to_string()),
            postcode: p.postcode.clone(),
            names: p
                .names
                .iter()
                .map(|n| NameView { given: n.given.clone(), family: n.family.clone(), kind: n.kind.slug().into() })
                .collect(),
            identifiers: p.identifiers.iter().map(|i| IdentifierView { kind: i.kind.clone(), value: i.value.clone() }).collect(),
            version: p.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonSummaryView {
    pub id: i64,
    pub display_name: String,
    /// YYYY-MM-DD
    pub date_of_birth: Option<String>,
    pub postcode: Option<String>,
}

impl From<&PersonSummary> for PersonSummaryView {
    fn from(p: &PersonSummary) -> Self {
        PersonSummaryView {
            id: p.id,
            display_name: p.display_name.clone(),
            date_of_birth: p.date_of_birth.map(|d| d.to_string()),
            postcode: p.postcode.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ReferenceInput {
    /// home-office-reference, port-number, cid-number, passport-application-number, crime-reference or other.
    pub kind: String,
    pub value: String,
}

fn pairs(refs: Vec<ReferenceInput>) -> Vec<(String, String)> {
    refs.into_iter().map(|r| (r.kind, r.value)).collect()
}

#[derive(Deserialize, ToSchema)]
pub struct PersonInput {
    #[serde(default)]
    pub given: String,
    #[serde(default)]
    pub family: String,
    /// YYYY-MM-DD; not in the future, not before 1900.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    /// UK or international formats; stored as E.164.
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub references: Vec<ReferenceInput>,
    /// Previous names and aliases, "Given Family" or "Family, Given".
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct MatchRequest {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub given: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    #[serde(default)]
    pub references: Vec<ReferenceInput>,
}

#[derive(Serialize, ToSchema)]
pub struct MatchView {
    pub person_id: i64,
    pub display_name: String,
    pub date_of_birth: Option<String>,
    pub postcode: Option<String>,
    /// From 0 to 1; 0.7 and above means an identifier matched.
    pub score: f64,
    /// Why the person is proposed, in words.
    pub reasons: Vec<String>,
}

impl From<&Match> for MatchView {
    fn from(m: &Match) -> Self {
        MatchView {
            person_id: m.person_id,
            display_name: m.display_name.clone(),
            date_of_birth: m.date_of_birth.map(|d| d.to_string()),
            postcode: m.postcode.clone(),
            score: m.score,
            reasons: m.reasons.iter().map(|r| r.describe()).collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Part of any of the person's names.
    pub q: Option<String>,
    /// At most this many (1 to 100, default 20).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/persons", tag = "people", request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<PersonInput>,
) -> Result<(StatusCode, Json<PersonView>), Failure> {
    let form = PersonForm {
        given: body.given,
        family: body.family,
        date_of_birth: body.date_of_birth.unwrap_or_default(),
        postcode: body.postcode.unwrap_or_default(),
        phones: body.phones,
        emails: body.emails,
        references: pairs(body.references),
        aliases: body.aliases,
    };
    let person = people::create_person(&state.app, &user.actor(), &form).await?;
    Ok((StatusCode::CREATED, Json(PersonView::from(&person))))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = PersonView), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<PersonView>, Failure> {
    Ok(Json(PersonView::from(&people::get_person(&state.app, &user.actor(), id).await?)))
}

#[utoipa::path(get, path = "/api/v1/persons", tag = "people", params(SearchQuery),
    responses((status = 200, body = Page<PersonSummaryView>)), security(("bearer" = [])))]
pub async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Page<PersonSummaryView>>, Failure> {
    let found =
        people::search_persons(&state.app, &user.actor(), q.q.as_deref().unwrap_or_default(), q.limit.unwrap_or(20), q.offset.unwrap_or(0))
            .await?;
    Ok(Json(Page { items: found.iter().map(PersonSummaryView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/persons/match", tag = "people", request_body = MatchRequest,
    responses((status = 200, body = Page<MatchView>), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn match_candidates(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<MatchRequest>,
) -> Result<Json<Page<MatchView>>, Failure> {
    let input = MatchInput {
        phone: body.phone.unwrap_or_default(),
        email: body.email.unwrap_or_default(),
        given: body.given.unwrap_or_default(),
        family: body.family.unwrap_or_default(),
        date_of_birth: body.date_of_birth.unwrap_or_default(),
        postcode: body.postcode.unwrap_or_default(),
        references: pairs(body.references),
    };
    let found = people::match_candidates(&state.app, &user.actor(), &input).await?;
    Ok(Json(Page { items: found.iter().map(MatchView::from).collect() }))
}
