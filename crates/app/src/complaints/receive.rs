//! Receiving a complaint: checked against the procedure in force, its
//! site and complainants checked against the records, saved with its
//! first event and its audit event.

use super::read::ComplaintDetail;
use super::writer::Receipt;
use crate::{Actor, App, AppError, Result, group_commit};
use casebook_domain::access::Roles;
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_store::complaints::ComplaintRecord;

/// Receives a complaint. With an `idempotency_key` (from an API client),
/// repeating the request answers the complaint the first one created.
pub async fn receive(app: &App, actor: &Actor, draft: &ComplaintDraft, idempotency_key: Option<&str>) -> Result<ComplaintRecord> {
    Ok(receive_detail(app, actor, draft, idempotency_key).await?.record)
}

/// Receives a complaint and answers it with its clocks. The draft is
/// checked here, in the request; complaints received at the same moment
/// are then written together (see [`super::writer`]).
pub async fn receive_detail(app: &App, actor: &Actor, draft: &ComplaintDraft, idempotency_key: Option<&str>) -> Result<ComplaintDetail> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let key = idempotency_key.map(str::trim).filter(|k| !k.is_empty());
    if key.is_some_and(|k| k.len() > 200) {
        return Err(AppError::field("idempotency_key", "The idempotency key must be 200 characters or fewer"));
    }
    let procedure = match app.procedures.last_in_force() {
        Some(seen) => seen,
        None => app.procedures.in_force(&mut app.db.read().await?).await?,
    };
    let receipt = draft.validate(&procedure.procedure, app.now())?;
    let item = Receipt { actor: actor.clone(), draft: draft.clone(), receipt, procedure, key: key.map(str::to_owned) };
    group_commit::submit(app, item).await
}
