//! Messages, never transfers: when a caller asks for a named member of
//! staff, the handler takes a message; that person decides whether to return
//! the call, and records what they decided (OPCC procedure 5.8(d)).

use crate::validation::required_text;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

const NOTE_MAX: usize = 5_000;

/// A message taken for a member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub recipient_id: i64,
    pub text: String,
    pub taken_at: Timestamp,
    pub state: MessageState,
}

/// Open until the recipient records a decision; the decision is final, so a
/// second decision is an error rather than a silent overwrite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum MessageState {
    Open,
    Returned { returned_at: Timestamp, note: String },
    NotReturned { decided_at: Timestamp, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("This message has already been dealt with")]
    AlreadyDecided,
    #[error("The time the call was returned cannot be in the future")]
    ReturnedInFuture,
    #[error("The call cannot have been returned before the message was taken")]
    ReturnedBeforeTaken,
    #[error("{0}")]
    Note(String),
    #[error("{0}")]
    Reason(String),
}

impl MessageError {
    /// The form field the error belongs to, for showing beside the input.
    pub fn field(&self) -> &'static str {
        match self {
            MessageError::AlreadyDecided => "state",
            MessageError::ReturnedInFuture | MessageError::ReturnedBeforeTaken => "returned_at",
            MessageError::Note(_) => "note",
            MessageError::Reason(_) => "reason",
        }
    }
}

/// The recipient returned the call. The note is optional (what was agreed).
pub fn record_returned(message: &Message, returned_at: Timestamp, note: &str, now: Timestamp) -> Result<MessageState, MessageError> {
    ensure_open(message)?;
    if returned_at > now {
        return Err(MessageError::ReturnedInFuture);
    }
    if returned_at < message.taken_at {
        return Err(MessageError::ReturnedBeforeTaken);
    }
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(MessageError::Note(format!("Note must be {NOTE_MAX} characters or fewer")));
    }
    Ok(MessageState::Returned { returned_at, note: note.to_owned() })
}

/// The recipient chose not to return the call. The procedure leaves that
/// choice to them, but the reason is kept so the caller can be answered.
pub fn record_not_returned(message: &Message, reason: &str, now: Timestamp) -> Result<MessageState, MessageError> {
    ensure_open(message)?;
    let reason = required_text(reason, "the reason the call was not returned", NOTE_MAX).map_err(MessageError::Reason)?;
    Ok(MessageState::NotReturned { decided_at: now, reason })
}

fn ensure_open(message: &Message) -> Result<(), MessageError> {
    match message.state {
        MessageState::Open => Ok(()),
        _ => Err(MessageError::AlreadyDecided),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn open() -> Message {
        Message { recipient_id: 7, text: "Call Mrs Smith back".into(), taken_at: at("2026-11-23T09:00:00Z"), state: MessageState::Open }
    }

    #[test]
    fn returned_then_final() {
        let now = at("2026-11-23T12:00:00Z");
        let state = record_returned(&open(), at("2026-11-23T11:00:00Z"), " agreed to write ", now).unwrap();
        assert_eq!(state, MessageState::Returned { returned_at: at("2026-11-23T11:00:00Z"), note: "agreed to write".into() });
        let decided = Message { state, ..open() };
        assert_eq!(record_not_returned(&decided, "changed my mind", now), Err(MessageError::AlreadyDecided));
        assert_eq!(record_returned(&decided, now, "", now), Err(MessageError::AlreadyDecided));
    }

    #[test]
    fn returned_time_must_be_plausible() {
        let now = at("2026-11-23T12:00:00Z");
        assert_eq!(record_returned(&open(), at("2026-11-23T13:00:00Z"), "", now), Err(MessageError::ReturnedInFuture));
        assert_eq!(record_returned(&open(), at("2026-11-23T08:00:00Z"), "", now), Err(MessageError::ReturnedBeforeTaken));
    }

    #[test]
    fn not_returned_needs_a_reason() {
        let now = at("2026-11-23T12:00:00Z");
        let err = record_not_returned(&open(), "  ", now).unwrap_err();
        assert_eq!(err.field(), "reason");
        assert!(err.to_string().starts_with("Enter the reason"));
        assert_eq!(
            record_not_returned(&open(), "Matter dealt with by the force", now),
            Ok(MessageState::NotReturned { decided_at: now, reason: "Matter dealt with by the force".into() })
        );
    }
}
