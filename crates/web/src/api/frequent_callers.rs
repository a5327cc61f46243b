//! Frequent callers over the API: the list of flagged persons and
//! candidates, a person's flag and response plan, and the managers'
//! commands. A flag never withdraws the right to make contact, so every
//! answer about a person says `may_make_contact: true`.

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, State};
use casebook_app::frequent_callers::{self as cases, Candidate, FlagForm, FlaggedCaller, PersonFlag, PlanForm};
use casebook_app::policies::InForce;
use casebook_domain::frequent_callers::{ActiveFlag, ContactWindowCounts, FrequentCallerFlag, ResponsePlan, Thresholds, Trend};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CountsView {
    pub last_24h: u32,
    pub last_96h: u32,
    pub last_7d: u32,
    pub last_30d: u32,
    pub last_90d: u32,
    pub last_183d: u32,
    /// The 30 days before the last 30, for the trend.
    pub previous_30d: u32,
    /// rising, steady or falling.
    pub trend: String,
}

fn counts(c: &ContactWindowCounts, previous_30d: u32, trend: Trend) -> CountsView {
    CountsView {
        last_24h: c.last_24h,
        last_96h: c.last_96h,
        last_7d: c.last_7d,
        last_30d: c.last_30d,
        last_90d: c.last_90d,
        last_183d: c.last_183d,
        previous_30d,
        trend: trend.label().to_lowercase(),
    }
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PlanView {
    /// Who handles this person's contacts: a named officer or team.
    pub handled_by: String,
    pub what_to_say: String,
    /// The alternative pathway offered.
    pub pathway: String,
}

impl From<&ResponsePlan> for PlanView {
    fn from(p: &ResponsePlan) -> Self {
        PlanView { handled_by: p.handled_by.clone(), what_to_say: p.what_to_say.clone(), pathway: p.pathway.clone() }
    }
}

impl PlanView {
    fn form(&self) -> PlanForm {
        PlanForm { handled_by: self.handled_by.clone(), what_to_say: self.what_to_say.clone(), pathway: self.pathway.clone() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReferralView {
    /// YYYY-MM-DD.
    pub date: String,
    pub body: String,
    pub reference: String,
}

#[derive(Serialize, ToSchema)]
pub struct ActiveFlagView {
    /// YYYY-MM-DD.
    pub since: String,
    pub reason: String,
    pub response_plan: PlanView,
    /// YYYY-MM-DD.
    pub review_due: String,
    pub referral: Option<ReferralView>,
    /// YYYY-MM-DD of the latest review, if any.
    pub last_review_on: Option<String>,
    pub last_review_note: Option<String>,
}

impl From<&ActiveFlag> for ActiveFlagView {
    fn from(f: &ActiveFlag) -> Self {
        ActiveFlagView {
            since: f.since.to_string(),
            reason: f.reason.clone(),
            response_plan: PlanView::from(&f.response_plan),
            review_due: f.review_due.to_string(),
            referral: f.referral.as_ref().map(|r| ReferralView {
                date: r.date.to_string(),
                body: r.body.clone(),
                reference: r.reference.clone(),
            }),
            last_review_on: f.last_review.as_ref().map(|r| r.on.to_string()),
            last_review_note: f.last_review.as_ref().map(|r| r.note.clone()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HistoryView {
    /// RFC 3339.
    pub occurred_at: String,
    pub by: String,
    /// What happened, for the audit trail.
    pub summary: String,
    /// The reason, review note or lift reason given.
    pub detail: String,
}

#[derive(Serialize, ToSchema)]
pub struct PersonFlagView {
    pub person_id: i64,
    /// not-flagged, flagged or lifted.
    pub state: String,
    /// Always true: a flag changes how staff respond, never whether.
    pub may_make_contact: bool,
    /// Present while flagged: the reason and the response plan every handler follows.
    pub flag: Option<ActiveFlagView>,
    /// When lifted: YYYY-MM-DD and the reason.
    pub lifted_on: Option<String>,
    pub lift_reason: Option<String>,
    /// Quote this as `version` when changing the flag; 0 when never flagged.
    pub version: i64,
    /// While flagged: not-yet-due, due-soon, due-today or overdue.
    pub review_status: Option<String>,
    pub counts: CountsView,
    /// Newest first.
    pub history: Vec<HistoryView>,
}

fn slug<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

impl From<&PersonFlag> for PersonFlagView {
    fn from(p: &PersonFlag) -> Self {
        let (state, lifted_on, lift_reason) = match &p.flag {
            FrequentCallerFlag::NotFlagged => ("not-flagged", None, None),
            FrequentCallerFlag::Flagged(_) => ("flagged", None, None),
            FrequentCallerFlag::Lifted { on, reason } => ("lifted", Some(on.to_string()), Some(reason.clone())),
        };
        PersonFlagView {
            person_id: p.person_id,
            state: state.into(),
            may_make_contact: p.flag.may_make_contact(),
            flag: p.flag.active().map(ActiveFlagView::from),
            lifted_on,
            lift_reason,
            version: p.version,
            review_status: p.review.as_ref().map(slug),
            counts: counts(&p.counts, p.previous_30d, p.trend),
            history: p
                .history
                .iter()
                .map(|h| HistoryView {
                    occurred_at: h.occurred_at.to_string(),
                    by: h.actor_label.clone(),
                    summary: h.event.summary(),
                    detail: h.detail.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FlaggedView {
    pub person_id: i64,
    pub display_name: String,
    pub flag: ActiveFlagView,
    pub version: i64,
    /// not-yet-due, due-soon, due-today or overdue.
    pub review_status: String,
    pub counts: CountsView,
}

impl From<&FlaggedCaller> for FlaggedView {
    fn from(f: &FlaggedCaller) -> Self {
        FlaggedView {
            person_id: f.person_id,
            display_name: f.display_name.clone(),
            flag: ActiveFlagView::from(&f.flag),
            version: f.version,
            review_status: slug(&f.review),
            counts: counts(&f.counts, f.previous_30d, f.trend),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CandidateView {
    pub person_id: i64,
    pub display_name: String,
    /// Every threshold crossed, e.g. "5 contacts in 30 days (threshold 5)".
    pub reasons: Vec<String>,
    pub counts: CountsView,
}

impl From<&Candidate> for CandidateView {
    fn from(c: &Candidate) -> Self {
        CandidateView {
            person_id: c.person_id,
            display_name: c.display_name.clone(),
            reasons: c.reasons.crossed.iter().map(|r| r.text.clone()).collect(),
            counts: counts(&c.counts, c.previous_30d, c.trend),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FrequentCallersView {
    /// RFC 3339.
    pub generated_at: String,
    /// Flagged persons, the review due soonest first.
    pub flagged: Vec<FlaggedView>,
    /// Persons not flagged who cross a threshold, most contacts in 30 days first.
    pub candidates: Vec<CandidateView>,
}

#[utoipa::path(get, path = "/api/v1/frequent-callers", tag = "frequent-callers",
    responses((status = 200, body = FrequentCallersView), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<FrequentCallersView>, Failure> {
    let report = cases::report(&state.app, &user.actor()).await?;
    Ok(Json(FrequentCallersView {
        generated_at: report.generated_at.to_string(),
        flagged: report.flagged.iter().map(FlaggedView::from).collect(),
        candidates: report.candidates.iter().map(CandidateView::from).collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/frequent-caller", tag = "frequent-callers", params(("id" = i64, Path)),
    responses((status = 200, body = PersonFlagView), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<PersonFlagView>, Failure> {
    Ok(Json(PersonFlagView::from(&cases::flag_for_person(&state.app, &user.actor(), id).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct FlagInput {
    pub reason: String,
    pub response_plan: PlanView,
    /// YYYY-MM-DD; omitted means three months from today.
    pub review_due: Option<String>,
    /// The version read; a different current version is refused with 409.
    pub version: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReviewInput {
    pub note: String,
    /// A new plan; omitted keeps the current one.
    pub response_plan: Option<PlanView>,
    /// YYYY-MM-DD; omitted means three months from today.
    pub review_due: Option<String>,
    pub version: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LiftInput {
    pub reason: String,
    pub version: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReferralInput {
    /// YYYY-MM-DD, not in the future.
    pub date: String,
    /// The force or safeguarding body referred to.
    pub body: String,
    pub reference: String,
    pub version: Option<i64>,
}

async fn apply(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    form: FlagForm,
    version: Option<i64>,
) -> Result<Json<PersonFlagView>, Failure> {
    Ok(Json(PersonFlagView::from(&cases::change_flag(&state.app, &user.actor(), id, &form, version).await?)))
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/frequent-caller/flag", tag = "frequent-callers", params(("id" = i64, Path)), request_body = FlagInput,
    responses((status = 200, body = PersonFlagView), (status = 404, body = super::Problem), (status = 409, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn flag(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FlagInput>,
) -> Result<Json<PersonFlagView>, Failure> {
    let form = FlagForm::Flag { reason: body.reason, plan: body.response_plan.form(), review_due: body.review_due.unwrap_or_default() };
    apply(&state, &user, id, form, body.version).await
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/frequent-caller/review", tag = "frequent-callers", params(("id" = i64, Path)), request_body = ReviewInput,
    responses((status = 200, body = PersonFlagView), (status = 404, body = super::Problem), (status = 409, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReviewInput>,
) -> Result<Json<PersonFlagView>, Failure> {
    let plan = body.response_plan.map(|p| p.form()).unwrap_or_default();
    let form = FlagForm::Review { note: body.note, plan, review_due: body.review_due.unwrap_or_default() };
    apply(&state, &user, id, form, body.version).await
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/frequent-caller/lift", tag = "frequent-callers", params(("id" = i64, Path)), request_body = LiftInput,
    responses((status = 200, body = PersonFlagView), (status = 404, body = super::Problem), (status = 409, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn lift(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<LiftInput>,
) -> Result<Json<PersonFlagView>, Failure> {
    apply(&state, &user, id, FlagForm::Lift { reason: body.reason }, body.version).await
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/frequent-caller/referral", tag = "frequent-callers", params(("id" = i64, Path)), request_body = ReferralInput,
    responses((status = 200, body = PersonFlagView), (status = 404, body = super::Problem), (status = 409, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn referral(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReferralInput>,
) -> Result<Json<PersonFlagView>, Failure> {
    let form = FlagForm::Referral { date: body.date, body: body.body, reference: body.reference };
    apply(&state, &user, id, form, body.version).await
}

/// The frequent-caller thresholds in force: each rule is "at least
/// `at_least` contacts in `window`" for `applies_to`. Windows: hours24,
/// hours96, days7, days30, days90, days183; groups: everyone, adults,
/// under18.
#[derive(Serialize, ToSchema)]
pub struct ThresholdsView {
    /// Quote this when replacing the thresholds; absent while the defaults are in force.
    pub version: Option<i64>,
    pub updated_at: Option<String>,
    pub updated_by: Option<i64>,
    #[schema(value_type = Object)]
    pub thresholds: Thresholds,
}

impl From<InForce<Thresholds>> for ThresholdsView {
    fn from(in_force: InForce<Thresholds>) -> Self {
        ThresholdsView {
            version: in_force.version(),
            updated_at: in_force.saved.as_ref().map(|s| s.updated_at.to_string()),
            updated_by: in_force.saved.as_ref().and_then(|s| s.updated_by),
            thresholds: in_force.policy,
        }
    }
}

/// New thresholds, `{"rules": [{"applies_to": "adults", "window": "days30", "at_least": 5}]}`,
/// over `version`, the version read (omit or null while the defaults are in force).
#[derive(Deserialize, ToSchema)]
pub struct ThresholdsInput {
    pub version: Option<i64>,
    #[schema(value_type = Object)]
    pub thresholds: Thresholds,
}

#[utoipa::path(get, path = "/api/v1/frequent-callers/thresholds", tag = "frequent-callers",
    responses((status = 200, body = ThresholdsView), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn thresholds(State(state): State<AppState>, user: CurrentUser) -> Result<Json<ThresholdsView>, Failure> {
    Ok(Json(ThresholdsView::from(cases::thresholds(&state.app, &user.actor()).await?)))
}

#[utoipa::path(put, path = "/api/v1/frequent-callers/thresholds", tag = "frequent-callers", request_body = ThresholdsInput,
    responses((status = 200, body = ThresholdsView), (status = 400, body = super::Problem), (status = 403, body = super::Problem),
        (status = 409, description = "Changed since read", body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn replace_thresholds(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<ThresholdsInput>,
) -> Result<Json<ThresholdsView>, Failure> {
    let actor = user.actor();
    cases::replace_thresholds(&state.app, &actor, &body.thresholds, body.version).await?;
    Ok(Json(ThresholdsView::from(cases::thresholds(&state.app, &actor).await?)))
}
