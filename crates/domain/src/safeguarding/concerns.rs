//! Raising a concern with a manager: a handler who notices behaviour that
//! may come from a learning disability, personality disorder, mental health
//! condition or another condition such as autism raises it with a manager,
//! who decides how to manage the case (seed 001 (i)).

use crate::validation::{FieldErrors, required_text};
use serde::{Deserialize, Serialize};

const NOTICED_MAX: usize = 5_000;

/// A concern as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConcernDraft {
    /// User id of the manager who is to decide.
    pub manager_id: String,
    /// What the handler noticed, in their words.
    pub noticed: String,
    /// The contact it was noticed on, if any.
    pub contact_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidConcern {
    pub manager_id: i64,
    pub noticed: String,
    pub contact_id: Option<i64>,
}

fn record_number(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    match raw.trim().parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, format!("\"{}\" is not a record number", raw.trim()));
            None
        }
    }
}

/// Checks a concern's shape; whether the manager and contact exist is the app's to check.
pub fn validate_concern(draft: &ConcernDraft) -> Result<ValidConcern, FieldErrors> {
    let mut errors = FieldErrors::new();
    let manager_id = match draft.manager_id.trim() {
        "" => {
            errors.add("manager_id", "Choose the manager to raise the concern with");
            None
        }
        raw => record_number(&mut errors, "manager_id", raw),
    };
    let noticed = errors.check("noticed", required_text(&draft.noticed, "what you noticed", NOTICED_MAX));
    let contact_id = match draft.contact_id.trim() {
        "" => None,
        raw => record_number(&mut errors, "contact_id", raw),
    };
    match (manager_id, noticed) {
        (Some(manager_id), Some(noticed)) if errors.is_empty() => Ok(ValidConcern { manager_id, noticed, contact_id }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concern_needs_a_manager_and_what_was_noticed() {
        let err = validate_concern(&ConcernDraft::default()).unwrap_err();
        assert_eq!(err.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["manager_id", "noticed"]);
        assert_eq!(err.get("noticed"), Some("Enter what you noticed"));
        let bad = ConcernDraft { manager_id: "x".into(), noticed: "ok".into(), contact_id: "-3".into() };
        let err = validate_concern(&bad).unwrap_err();
        assert_eq!(err.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["manager_id", "contact_id"]);
    }

    #[test]
    fn a_good_concern_is_trimmed() {
        let good = ConcernDraft { manager_id: " 7 ".into(), noticed: " Confused about dates again ".into(), contact_id: "12".into() };
        assert_eq!(
            validate_concern(&good),
            Ok(ValidConcern { manager_id: 7, noticed: "Confused about dates again".into(), contact_id: Some(12) })
        );
    }
}
