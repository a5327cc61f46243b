//! The complaints procedure in force over the API: read it (anyone who
//! handles complaints), or replace it with a preset or new numbers
//! (administrators). Same use cases as the administration page.

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::State;
use casebook_app::AppError;
use casebook_app::complaint_procedures::{self as cases, Numbers};
use casebook_app::policies::InForce;
use casebook_domain::complaints::Procedure;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The procedure in force. `procedure` is the whole procedure as data:
/// bodies, categories, subcategories, time limits (`period` is
/// `{"amount": 20, "unit": "working-days"}`; units working-days,
/// calendar-days, weeks, hours), escalation routes, redirects, urgent
/// matters and referrals.
#[derive(Serialize, ToSchema)]
pub struct ProcedureView {
    /// Quote this when replacing the procedure; absent while the built-in preset is in force.
    pub version: Option<i64>,
    pub updated_at: Option<String>,
    pub updated_by: Option<i64>,
    #[schema(value_type = Object)]
    pub procedure: Procedure,
}

impl From<InForce<Procedure>> for ProcedureView {
    fn from(in_force: InForce<Procedure>) -> Self {
        ProcedureView {
            version: in_force.version(),
            updated_at: in_force.saved.as_ref().map(|s| s.updated_at.to_string()),
            updated_by: in_force.saved.as_ref().and_then(|s| s.updated_by),
            procedure: in_force.policy,
        }
    }
}

/// Either `preset` (the key of a built-in procedure: `detention` or
/// `two-stage`) or `numbers`:
/// `{"limits": [{"key": "respond", "period": {"amount": 25, "unit": "working-days"}, "translated_period": null}],
/// "in_time_months": 3, "reference_format": "{site}-{year}-{seq:05}"}`; limits left out keep their numbers.
/// `version` is the version read (omit or null while the preset is in force).
#[derive(Deserialize, ToSchema)]
pub struct ProcedureInput {
    pub version: Option<i64>,
    pub preset: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub numbers: Option<Numbers>,
}

#[utoipa::path(get, path = "/api/v1/complaint-procedure", tag = "complaints",
    responses((status = 200, body = ProcedureView)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, user: CurrentUser) -> Result<Json<ProcedureView>, Failure> {
    Ok(Json(ProcedureView::from(cases::active(&state.app, &user.actor()).await?)))
}

#[utoipa::path(put, path = "/api/v1/complaint-procedure", tag = "complaints", request_body = ProcedureInput,
    responses((status = 200, body = ProcedureView), (status = 400, body = super::Problem), (status = 409, description = "Changed since read", body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn replace(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<ProcedureInput>,
) -> Result<Json<ProcedureView>, Failure> {
    let actor = user.actor();
    match (&body.preset, &body.numbers) {
        (Some(preset), None) => cases::choose_preset(&state.app, &actor, preset, body.version).await?,
        (None, Some(numbers)) => cases::change_numbers(&state.app, &actor, numbers, body.version).await?,
        _ => return Err(AppError::field("preset", "Send either a preset or new numbers, not both or neither").into()),
    };
    Ok(Json(ProcedureView::from(cases::active(&state.app, &actor).await?)))
}
