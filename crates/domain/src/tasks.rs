//! Tasks: a general to-do list, one task per thing a named member of staff
//! must deal with (a safeguarding concern now, complaint steps later).
//! A task is open until its assignee completes it with a note.

use crate::validation::{FieldErrors, required_text};
use serde::{Deserialize, Serialize};

const NOTE_MAX: usize = 5_000;

/// What kind of work a task is; more kinds come with later issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    /// A front-line member of staff raised a concern about a person's
    /// possible condition; the manager decides how to manage the case.
    SafeguardingConcern,
    /// A complaint raised an urgent matter (threat of self-harm, bullying)
    /// at triage; the duty manager acts on it at once.
    ComplaintEscalation,
    /// Reports (issue 4): the monthly dip sample found a response poor; the
    /// site's delivery manager takes it up with the supplier (para 41, 47).
    PoorComplaintResponse,
    /// Complaints after the response: an officer has three or more
    /// substantiated complaints in a rolling year; a manager reviews them.
    OfficerReview,
    /// Complaints after the response: an ex-gratia offer, acceptance or
    /// payment the complaints unit must be told of (seed 002 para 56).
    ExGratiaNotice,
}

impl TaskKind {
    pub const ALL: [TaskKind; 5] = [
        TaskKind::SafeguardingConcern,
        TaskKind::ComplaintEscalation,
        TaskKind::PoorComplaintResponse,
        TaskKind::OfficerReview,
        TaskKind::ExGratiaNotice,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            TaskKind::SafeguardingConcern => "safeguarding-concern",
            TaskKind::ComplaintEscalation => "complaint-escalation",
            TaskKind::PoorComplaintResponse => "poor-complaint-response",
            TaskKind::OfficerReview => "officer-review",
            TaskKind::ExGratiaNotice => "ex-gratia-notice",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskKind::SafeguardingConcern => "Safeguarding concern",
            TaskKind::ComplaintEscalation => "Urgent complaint",
            TaskKind::PoorComplaintResponse => "Poor complaint response",
            TaskKind::OfficerReview => "Officer review",
            TaskKind::ExGratiaNotice => "Ex-gratia payment",
        }
    }
}

crate::slug::slug_enum_traits!(TaskKind, UnknownTaskKind, "task kind");

/// Only the assignee completes a task, once, saying what they decided or did.
pub fn validate_completion(is_open: bool, note: &str) -> Result<String, FieldErrors> {
    if !is_open {
        return Err(FieldErrors::single("state", "This task has already been completed"));
    }
    required_text(note, "what you decided or did", NOTE_MAX).map_err(|m| FieldErrors::single("note", m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in TaskKind::ALL {
            assert_eq!(k.slug().parse::<TaskKind>(), Ok(k));
        }
    }

    #[test]
    fn completion_needs_a_note_and_an_open_task() {
        assert_eq!(validate_completion(true, " Agreed written contact only "), Ok("Agreed written contact only".into()));
        assert_eq!(validate_completion(true, "").unwrap_err().get("note"), Some("Enter what you decided or did"));
        assert!(validate_completion(false, "again").unwrap_err().get("state").is_some());
    }
}
