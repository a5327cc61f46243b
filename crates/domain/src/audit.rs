//! The audit trail's tamper evidence: each event's hash covers its own
//! fields and the previous event's hash, so altering or deleting any row
//! breaks every link after it. Storage lives elsewhere; this is the maths.

use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that the first event in a chain links back to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an audit event says happened. Everything here is covered by the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFacts {
    pub occurred_at: Timestamp,
    /// User id of whoever acted; `None` for the system itself (jobs, the command line).
    pub actor_id: Option<i64>,
    /// How the actor is shown, kept so the trail reads well even after the user is renamed.
    pub actor_label: String,
    /// Dotted verb, e.g. `user.created`, `session.signed_in`, `person.viewed_restricted`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub request_id: Option<String>,
    /// A short, human summary of what changed (never a secret).
    pub summary: String,
}

/// One stored event, as read back for verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedEvent {
    pub seq: i64,
    pub facts: AuditFacts,
    pub prev_hash: String,
    pub hash: String,
}

/// Stable text form of a timestamp: microsecond precision, UTC, so the
/// value round-trips through both databases unchanged.
pub fn canonical_time(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// SHA-256 over the previous hash, the sequence number and every fact,
/// each length-prefixed so no two different events can encode alike.
pub fn event_hash(prev_hash: &str, seq: i64, facts: &AuditFacts) -> String {
    let actor_id = facts.actor_id.map(|id| id.to_string());
    let fields: [&str; 10] = [
        prev_hash,
        &seq.to_string(),
        &canonical_time(facts.occurred_at),
        actor_id.as_deref().unwrap_or("-"),
        &facts.actor_label,
        &facts.action,
        &facts.entity_type,
        facts.entity_id.as_deref().unwrap_or("-"),
        facts.request_id.as_deref().unwrap_or("-"),
        &facts.summary,
    ];
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where and why a chain stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrokenLink {
    #[error("event {seq}: sequence jumps from {expected} (an event was deleted or inserted)")]
    Gap { seq: i64, expected: i64 },
    #[error("event {seq}: does not link to the event before it (an earlier event was altered or deleted)")]
    WrongLink { seq: i64 },
    #[error("event {seq}: its contents do not match its hash (the event was altered)")]
    Altered { seq: i64 },
    #[error("the chain ends at event {last_seq} but the recorded head is event {head_seq} (events at the end were deleted)")]
    Truncated { last_seq: i64, head_seq: i64 },
}

/// Checks events in sequence order, stopping at the first broken link.
/// `head` is the separately stored (seq, hash) of the newest event, which
/// catches deletions from the end of the chain.
pub fn verify_chain(events: impl IntoIterator<Item = ChainedEvent>, head: Option<(i64, &str)>) -> Result<u64, BrokenLink> {
    let mut verifier = ChainVerifier::default();
    for event in events {
        verifier.check(&event)?;
    }
    verifier.finish(head)
}

/// Streaming form of [`verify_chain`] for chains too long to hold in memory.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { expected_seq: 1, prev_hash: GENESIS_HASH.to_owned(), checked: 0 }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, event: &ChainedEvent) -> Result<(), BrokenLink> {
        if event.seq != self.expected_seq {
            return Err(BrokenLink::Gap { seq: event.seq, expected: self.expected_seq });
        }
        if event.prev_hash != self.prev_hash {
            return Err(BrokenLink::WrongLink { seq: event.seq });
        }
        if event_hash(&event.prev_hash, event.seq, &event.facts) != event.hash {
            return Err(BrokenLink::Altered { seq: event.seq });
        }
        self.prev_hash.clone_from(&event.hash);
        self.expected_seq += 1;
        self.checked += 1;
        Ok(())
    }

    pub fn finish(self, head: Option<(i64, &str)>) -> Result<u64, BrokenLink> {
        let last_seq = self.expected_seq - 1;
        match head {
            Some((head_seq, head_hash)) if head_seq != last_seq || head_hash != self.prev_hash => {
                Err(BrokenLink::Truncated { last_seq, head_seq })
            }
            None if last_seq != 0 => Err(BrokenLink::Truncated { last_seq, head_seq: 0 }),
            _ => Ok(self.checked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn facts(n: i64) -> AuditFacts {
        AuditFacts {
            occurred_at: Timestamp::from_second(1_700_000_000 + n).unwrap(),
            actor_id: Some(n),
            actor_label: format!("user {n}"),
            action: "user.created".into(),
            entity_type: "user".into(),
            entity_id: Some(n.to_string()),
            request_id: None,
            summary: format!("created user {n}"),
        }
    }

    fn chain(len: i64) -> Vec<ChainedEvent> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=len)
            .map(|seq| {
                let f = facts(seq);
                let hash = event_hash(&prev, seq, &f);
                let e = ChainedEvent { seq, facts: f, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                e
            })
            .collect()
    }

    fn head(events: &[ChainedEvent]) -> Option<(i64, &str)> {
        events.last().map(|e| (e.seq, e.hash.as_str()))
    }

    #[test]
    fn an_intact_chain_verifies() {
        let events = chain(5);
        assert_eq!(verify_chain(events.clone(), head(&events)), Ok(5));
        assert_eq!(verify_chain(Vec::new(), None), Ok(0));
    }

    #[test]
    fn altering_a_summary_is_reported_at_that_event() {
        let mut events = chain(5);
        let h = events[4].hash.clone();
        events[2].facts.summary = "nothing to see".into();
        assert_eq!(verify_chain(events, Some((5, &h))), Err(BrokenLink::Altered { seq: 3 }));
    }

    #[test]
    fn deleting_a_middle_event_is_a_gap() {
        let mut events = chain(5);
        let h = events[4].hash.clone();
        events.remove(1);
        assert_eq!(verify_chain(events, Some((5, &h))), Err(BrokenLink::Gap { seq: 3, expected: 2 }));
    }

    #[test]
    fn deleting_the_last_event_is_caught_by_the_head() {
        let mut events = chain(5);
        let h = events[4].hash.clone();
        events.pop();
        assert_eq!(verify_chain(events, Some((5, &h))), Err(BrokenLink::Truncated { last_seq: 4, head_seq: 5 }));
    }

    #[test]
    fn time_is_hashed_at_microsecond_precision() {
        let ts = Timestamp::from_second(1_700_000_000).unwrap();
        assert_eq!(canonical_time(ts), "2023-11-14T22:13:20.000000Z");
    }

    proptest! {
        #[test]
        fn any_single_change_to_any_event_breaks_verification(len in 1i64..20, pick in 0usize..20, which in 0u8..4) {
            let mut events = chain(len);
            let h = events.last().unwrap().hash.clone();
            let i = pick % events.len();
            match which {
                0 => events[i].facts.action.push('x'),
                1 => events[i].facts.actor_id = None,
                2 => events[i].facts.occurred_at += jiff::SignedDuration::from_micros(1),
                _ => events[i].facts.entity_id = Some("other".into()),
            }
            prop_assert!(verify_chain(events, Some((len, &h))).is_err());
        }
    }
}
