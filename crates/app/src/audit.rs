//! Reading and verifying the audit trail.

use crate::{App, AppError, Result};
use casebook_domain::audit::{ChainVerifier, ChainedEvent};
use casebook_store::audit::{self, AuditFilter};

pub async fn list(app: &App, filter: &AuditFilter) -> Result<Vec<ChainedEvent>> {
    let mut tx = app.db.read().await?;
    Ok(audit::list(&mut tx, filter).await?)
}

/// Walks the whole chain in one consistent snapshot, a page at a time.
/// Returns how many events were checked, or the first broken link.
pub async fn verify(app: &App) -> Result<u64> {
    let mut tx = app.db.read().await?;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = audit::chain_page(&mut tx, after, 5_000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for event in &page {
            verifier.check(event).map_err(|e| AppError::AuditBroken(e.to_string()))?;
        }
    }
    let (seq, hash) = audit::head(&mut tx).await?;
    let head = (seq > 0).then_some((seq, hash.as_str()));
    verifier.finish(head).map_err(|e| AppError::AuditBroken(e.to_string()))
}
