//! `GET /api/v1/audit`: the audit trail, filtered, newest first.

use super::Page;
use crate::AppState;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Query, State};
use casebook_domain::audit::ChainedEvent;
use casebook_store::audit::AuditFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct AuditEventView {
    pub seq: i64,
    pub occurred_at: String,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub request_id: Option<String>,
    pub summary: String,
    pub hash: String,
}

impl From<ChainedEvent> for AuditEventView {
    fn from(e: ChainedEvent) -> Self {
        AuditEventView {
            seq: e.seq,
            occurred_at: e.facts.occurred_at.to_string(),
            actor_id: e.facts.actor_id,
            actor: e.facts.actor_label,
            action: e.facts.action,
            entity_type: e.facts.entity_type,
            entity_id: e.facts.entity_id,
            request_id: e.facts.request_id,
            summary: e.facts.summary,
            hash: e.hash,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AuditParams {
    pub actor_id: Option<i64>,
    /// Exact action or dotted prefix, e.g. "user".
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// Only events older than this sequence number (paging).
    pub before: Option<i64>,
    /// 1 to 1000, default 100.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "administration", params(AuditParams),
    responses((status = 200, body = Page<AuditEventView>)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Query(p): Query<AuditParams>) -> Result<Json<Page<AuditEventView>>, Failure> {
    let filter = AuditFilter {
        actor_id: p.actor_id,
        action: p.action,
        entity_type: p.entity_type,
        entity_id: p.entity_id,
        from: None,
        until: None,
        before_seq: p.before,
        limit: p.limit.unwrap_or(100),
    };
    let events = casebook_app::audit::list(&state.app, &filter).await?;
    Ok(Json(Page { items: events.into_iter().map(AuditEventView::from).collect() }))
}
