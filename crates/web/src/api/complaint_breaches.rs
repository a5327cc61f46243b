//! The sweep for breached clocks over the API (issue 4, at scale): every
//! running clock past its due on every site, most overdue first, from the
//! running clocks' index. Sealed complaints appear only to those they are
//! open to.

use super::complaints::{WorkItemView, item};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::State;
use casebook_app::complaints;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct BreachSweepView {
    /// When the sweep looked (RFC 3339).
    pub at: String,
    pub count: usize,
    pub breaches: Vec<WorkItemView>,
}

#[utoipa::path(get, path = "/api/v1/complaints/breaches", tag = "complaints",
    description = "Every breached clock (running and past its due) on every site, most overdue first.",
    responses((status = 200, body = BreachSweepView), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn sweep(State(state): State<AppState>, user: CurrentUser) -> Result<Json<BreachSweepView>, Failure> {
    let sweep = complaints::sweep_breaches(&state.app, &user.actor()).await?;
    Ok(Json(BreachSweepView { at: sweep.at.to_string(), count: sweep.breaches.len(), breaches: sweep.breaches.iter().map(item).collect() }))
}
