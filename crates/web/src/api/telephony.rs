//! Call events from the telephony platform. The platform's machine account
//! (role `telephony-platform`) posts one event per call offered to an agent;
//! the agent's open pages then show who is probably calling.

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use casebook_app::telephony::{self, Received};
use casebook_domain::telephony::CallEventDraft;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A call offered to an agent.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CallEventInput {
    /// The platform's id for the call; an id sent twice is kept once.
    pub call_id: String,
    /// The caller's number in any UK or international format; empty,
    /// "anonymous", "withheld" or "private" when withheld.
    pub caller_number: String,
    /// The number dialled, e.g. 999, 101 or a direct-dial number.
    pub called_number: String,
    /// RFC 3339; omitted means now.
    pub occurred_at: Option<String>,
    /// The Casebook username of the agent the call is ringing for.
    pub agent_username: String,
}

#[derive(Serialize, ToSchema)]
pub struct CallEventView {
    pub id: i64,
    pub call_id: String,
    /// E.164; absent when the number was withheld.
    pub caller_number: Option<String>,
    pub called_number: String,
    /// The contacts channel the call arrived on (call-999, call-101 or direct-dial).
    pub channel: String,
    pub occurred_at: String,
    pub agent_id: i64,
    pub received_at: String,
}

#[utoipa::path(post, path = "/api/v1/telephony/events", tag = "telephony", request_body = CallEventInput,
    responses((status = 201, body = CallEventView), (status = 200, description = "This call id was received before: the call kept then", body = CallEventView),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn receive(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<CallEventInput>,
) -> Result<(StatusCode, Json<CallEventView>), Failure> {
    let draft = CallEventDraft {
        call_id: body.call_id,
        caller_number: body.caller_number,
        called_number: body.called_number,
        occurred_at: body.occurred_at.unwrap_or_else(|| state.app.now().to_string()),
        agent_username: body.agent_username,
    };
    let received = telephony::receive_call_event(&state.app, &user.actor(), &draft).await?;
    let status = match &received {
        Received::Created(call) => {
            // Nobody listening is fine: the agent has no Casebook page open.
            let _ = state.call_bell.send(call.agent_id);
            StatusCode::CREATED
        }
        Received::Replayed(_) => StatusCode::OK,
    };
    let call = received.record();
    Ok((
        status,
        Json(CallEventView {
            id: call.id,
            call_id: call.call_id.clone(),
            caller_number: call.caller_number.clone(),
            called_number: call.called_number.clone(),
            channel: call.channel.slug().to_owned(),
            occurred_at: call.occurred_at.to_string(),
            agent_id: call.agent_id,
            received_at: call.received_at.to_string(),
        }),
    ))
}
