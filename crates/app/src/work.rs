//! A unit of work: one transaction plus the audit events it will append,
//! committed together or not at all.

use crate::{Actor, Result};
use casebook_domain::audit::AuditFacts;
use casebook_store::{Db, Tx};
use jiff::Timestamp;

pub struct Work {
    pub tx: Tx,
    pub now: Timestamp,
    actor: Actor,
    events: Vec<AuditFacts>,
}

impl Work {
    pub(crate) async fn begin(db: &Db, actor: Actor, now: Timestamp) -> Result<Work> {
        Ok(Work { tx: db.write().await?, now, actor, events: Vec::new() })
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// From now on, events are recorded as done by `actor` (e.g. once a sign-in has shown who it is).
    pub fn act_as(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// Notes an audit event; it is written when the work commits.
    pub fn record(&mut self, action: &str, entity_type: &str, entity_id: Option<String>, summary: impl Into<String>) {
        self.events.push(AuditFacts {
            occurred_at: self.now,
            actor_id: self.actor.user_id,
            actor_label: self.actor.label.clone(),
            action: action.to_owned(),
            entity_type: entity_type.to_owned(),
            entity_id,
            request_id: self.actor.request_id.clone(),
            summary: summary.into(),
        });
    }

    /// Appends the audit events and commits everything.
    pub async fn commit(mut self) -> Result<()> {
        casebook_store::audit::append(&mut self.tx, &self.events).await?;
        self.tx.commit().await?;
        Ok(())
    }
}
