//! Lessons-learned actions (seed 002 paras 52–53): the action points that
//! come out of complaints, professional-standards investigations and
//! ombudsman recommendations, each with an owner, a due date and dated
//! progress notes, so the action log shows what was promised and whether it
//! happened. An action ends done, or dropped with a reason; it is never
//! silently forgotten.

use crate::calendar::london_date;
use crate::validation::required_text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 2_000;

/// Where the action came from (para 53 names PSU and PPO investigations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A complaint's own investigation, e.g. a substantiated complaint.
    Complaint,
    ProfessionalStandards,
    Ombudsman,
    /// The monthly dip sample of responses.
    QualityAssurance,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Complaint => "Complaint investigation",
            Source::ProfessionalStandards => "Professional Standards Unit investigation",
            Source::Ombudsman => "Ombudsman recommendation",
            Source::QualityAssurance => "Quality assurance",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done { on: Date },
    Dropped { on: Date, by: i64, reason: String },
}

impl ActionStatus {
    pub fn label(&self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done { .. } => "Done",
            ActionStatus::Dropped { .. } => "Dropped",
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self, ActionStatus::Done { .. } | ActionStatus::Dropped { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub on: Date,
    pub by: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonAction {
    pub source: Source,
    /// The complaint it arose from, when there is one.
    pub complaint_id: Option<i64>,
    pub description: String,
    /// The user who must see it done.
    pub owner: i64,
    pub due: Date,
    pub raised_by: i64,
    pub raised_on: Date,
    /// Oldest first; moves of owner or due date are noted here too.
    pub notes: Vec<ProgressNote>,
    pub status: ActionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAction {
    pub source: Source,
    pub complaint_id: Option<i64>,
    pub description: String,
    pub owner: i64,
    pub due: Date,
    pub raised_by: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum ActionCommand {
    /// A dated note; the first one moves an open action to in progress.
    RecordProgress {
        by: i64,
        note: String,
    },
    Reassign {
        by: i64,
        owner: i64,
        reason: String,
    },
    MoveDue {
        by: i64,
        due: Date,
        reason: String,
    },
    Complete {
        by: i64,
        note: String,
    },
    Drop {
        by: i64,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum ActionEvent {
    Raised { owner: i64, due: Date },
    ProgressRecorded { on: Date },
    Reassigned { from: i64, to: i64 },
    DueMoved { from: Date, to: Date },
    Completed { on: Date },
    Dropped { on: Date },
}

impl ActionEvent {
    pub fn action(&self) -> &'static str {
        match self {
            ActionEvent::Raised { .. } => "lesson.raised",
            ActionEvent::ProgressRecorded { .. } => "lesson.progress_recorded",
            ActionEvent::Reassigned { .. } => "lesson.reassigned",
            ActionEvent::DueMoved { .. } => "lesson.due_moved",
            ActionEvent::Completed { .. } => "lesson.completed",
            ActionEvent::Dropped { .. } => "lesson.dropped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("The due date, {due}, cannot be before today, {today}")]
    DueInPast { due: Date, today: Date },
    #[error("The new due date is the same as the current one")]
    DueUnchanged,
    #[error("The action is already owned by that person")]
    SameOwner,
    #[error("The action is {}, so it cannot change", .0.to_lowercase())]
    Finished(String),
    #[error("{message}")]
    Text { field: &'static str, message: String },
}

impl ActionError {
    pub fn field(&self) -> &'static str {
        match self {
            ActionError::DueInPast { .. } | ActionError::DueUnchanged => "due",
            ActionError::SameOwner => "owner",
            ActionError::Finished(_) => "status",
            ActionError::Text { field, .. } => field,
        }
    }
}

/// Raises an action, dated today (London, from `now`).
pub fn raise(new: NewAction, now: Timestamp) -> Result<(LessonAction, ActionEvent), ActionError> {
    let today = london_date(now);
    let description = text("description", &new.description, "a description of the action")?;
    if new.due < today {
        return Err(ActionError::DueInPast { due: new.due, today });
    }
    let action = LessonAction {
        source: new.source,
        complaint_id: new.complaint_id,
        description,
        owner: new.owner,
        due: new.due,
        raised_by: new.raised_by,
        raised_on: today,
        notes: Vec::new(),
        status: ActionStatus::Open,
    };
    Ok((action, ActionEvent::Raised { owner: new.owner, due: new.due }))
}

/// Applies a command, dated today (London, from `now`).
pub fn decide(state: &LessonAction, command: ActionCommand, now: Timestamp) -> Result<(LessonAction, ActionEvent), ActionError> {
    if state.status.is_finished() {
        return Err(ActionError::Finished(state.status.label().to_owned()));
    }
    let today = london_date(now);
    let mut next = state.clone();
    let event = match command {
        ActionCommand::RecordProgress { by, note } => {
            let note = text("note", &note, "a note of the progress")?;
            next.notes.push(ProgressNote { on: today, by, text: note });
            next.status = ActionStatus::InProgress;
            ActionEvent::ProgressRecorded { on: today }
        }
        ActionCommand::Reassign { by, owner, reason } => {
            if owner == state.owner {
                return Err(ActionError::SameOwner);
            }
            let reason = text("reason", &reason, "the reason for the new owner")?;
            next.notes.push(ProgressNote { on: today, by, text: format!("Owner changed: {reason}") });
            next.owner = owner;
            ActionEvent::Reassigned { from: state.owner, to: owner }
        }
        ActionCommand::MoveDue { by, due, reason } => {
            if due == state.due {
                return Err(ActionError::DueUnchanged);
            }
            if due < today {
                return Err(ActionError::DueInPast { due, today });
            }
            let reason = text("reason", &reason, "the reason for the new due date")?;
            next.notes.push(ProgressNote { on: today, by, text: format!("Due date moved from {} to {due}: {reason}", state.due) });
            next.due = due;
            ActionEvent::DueMoved { from: state.due, to: due }
        }
        ActionCommand::Complete { by, note } => {
            let note = text("note", &note, "what was done")?;
            next.notes.push(ProgressNote { on: today, by, text: note });
            next.status = ActionStatus::Done { on: today };
            ActionEvent::Completed { on: today }
        }
        ActionCommand::Drop { by, reason } => {
            let reason = text("reason", &reason, "the reason for dropping the action")?;
            next.status = ActionStatus::Dropped { on: today, by, reason };
            ActionEvent::Dropped { on: today }
        }
    };
    Ok((next, event))
}

impl LessonAction {
    /// Still open or in progress after its due date: on the due date itself
    /// it is due, not overdue.
    pub fn is_overdue(&self, on: Date) -> bool {
        !self.status.is_finished() && self.due < on
    }
}

/// The overdue actions on `on`, most overdue first: the action log's
/// chase list.
pub fn overdue<'a, K>(actions: impl IntoIterator<Item = (K, &'a LessonAction)>, on: Date) -> Vec<(K, Date)> {
    let mut late: Vec<(K, Date)> = actions.into_iter().filter(|(_, a)| a.is_overdue(on)).map(|(key, a)| (key, a.due)).collect();
    late.sort_by_key(|(_, due)| *due);
    late
}

fn text(field: &'static str, raw: &str, what: &str) -> Result<String, ActionError> {
    required_text(raw, what, TEXT_MAX).map_err(|message| ActionError::Text { field, message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn today() -> Date {
        date(2026, 11, 23)
    }

    fn new_action() -> NewAction {
        NewAction {
            source: Source::Ombudsman,
            complaint_id: Some(501),
            description: "Property logged on arrival as well as departure".into(),
            owner: 31,
            due: date(2027, 1, 29),
            raised_by: 11,
        }
    }

    fn open() -> LessonAction {
        raise(new_action(), now()).unwrap().0
    }

    fn step(state: &LessonAction, command: ActionCommand) -> Result<(LessonAction, ActionEvent), ActionError> {
        decide(state, command, now())
    }

    #[test]
    fn an_action_is_raised_open_with_owner_and_due_date() {
        let (action, event) = raise(new_action(), now()).unwrap();
        assert_eq!((action.status.clone(), action.raised_on, action.owner), (ActionStatus::Open, today(), 31));
        assert_eq!(event, ActionEvent::Raised { owner: 31, due: date(2027, 1, 29) });
        assert_eq!(event.action(), "lesson.raised");
        let past = raise(NewAction { due: date(2026, 11, 22), ..new_action() }, now()).unwrap_err();
        assert_eq!((past.field(), past), ("due", ActionError::DueInPast { due: date(2026, 11, 22), today: today() }));
        assert!(raise(NewAction { due: today(), ..new_action() }, now()).is_ok());
        assert_eq!(raise(NewAction { description: " ".into(), ..new_action() }, now()).unwrap_err().field(), "description");
    }

    #[test]
    fn progress_notes_are_dated_and_start_the_work() {
        let (action, event) =
            step(&open(), ActionCommand::RecordProgress { by: 31, note: "Draft procedure with centre manager".into() }).unwrap();
        assert_eq!(action.status, ActionStatus::InProgress);
        assert_eq!(action.notes, [ProgressNote { on: today(), by: 31, text: "Draft procedure with centre manager".into() }]);
        assert_eq!(event, ActionEvent::ProgressRecorded { on: today() });
        assert_eq!(step(&open(), ActionCommand::RecordProgress { by: 31, note: "".into() }).unwrap_err().field(), "note");
    }

    #[test]
    fn owner_and_due_date_move_with_a_reason_that_is_noted() {
        let (action, event) =
            step(&open(), ActionCommand::Reassign { by: 11, owner: 32, reason: "Moved to the new manager".into() }).unwrap();
        assert_eq!((action.owner, event), (32, ActionEvent::Reassigned { from: 31, to: 32 }));
        assert!(action.notes[0].text.contains("Moved to the new manager"));
        assert_eq!(step(&open(), ActionCommand::Reassign { by: 11, owner: 31, reason: "r".into() }), Err(ActionError::SameOwner));
        assert_eq!(step(&open(), ActionCommand::Reassign { by: 11, owner: 32, reason: "".into() }).unwrap_err().field(), "reason");
        let moved =
            step(&open(), ActionCommand::MoveDue { by: 31, due: date(2027, 3, 1), reason: "Awaiting contract change".into() }).unwrap();
        assert_eq!(moved.0.due, date(2027, 3, 1));
        assert_eq!(moved.1, ActionEvent::DueMoved { from: date(2027, 1, 29), to: date(2027, 3, 1) });
        assert!(moved.0.notes[0].text.starts_with("Due date moved from 2027-01-29 to 2027-03-01"));
        let same = step(&open(), ActionCommand::MoveDue { by: 31, due: date(2027, 1, 29), reason: "r".into() });
        assert_eq!(same, Err(ActionError::DueUnchanged));
        let past = step(&open(), ActionCommand::MoveDue { by: 31, due: date(2026, 11, 1), reason: "r".into() });
        assert!(matches!(past, Err(ActionError::DueInPast { .. })));
        assert!(step(&open(), ActionCommand::MoveDue { by: 31, due: date(2027, 3, 1), reason: " ".into() }).is_err());
    }

    #[test]
    fn done_and_dropped_end_the_action() {
        let (done, event) = step(&open(), ActionCommand::Complete { by: 31, note: "New arrival checklist in use".into() }).unwrap();
        assert_eq!((done.status.clone(), event), (ActionStatus::Done { on: today() }, ActionEvent::Completed { on: today() }));
        assert_eq!(step(&open(), ActionCommand::Complete { by: 31, note: "".into() }).unwrap_err().field(), "note");
        assert_eq!(step(&open(), ActionCommand::Drop { by: 11, reason: "".into() }).unwrap_err().field(), "reason");
        let (dropped, _) = step(&open(), ActionCommand::Drop { by: 11, reason: "Centre closed".into() }).unwrap();
        assert_eq!(dropped.status, ActionStatus::Dropped { on: today(), by: 11, reason: "Centre closed".into() });
        for finished in [done, dropped] {
            let err = step(&finished, ActionCommand::RecordProgress { by: 31, note: "more".into() }).unwrap_err();
            assert_eq!(err.field(), "status");
            assert!(err.to_string().starts_with("The action is d"), "{err}");
        }
    }

    #[test]
    fn overdue_means_unfinished_after_the_due_date() {
        let action = open();
        assert!(!action.is_overdue(date(2027, 1, 29)));
        assert!(action.is_overdue(date(2027, 1, 30)));
        let (done, _) = step(&action, ActionCommand::Complete { by: 31, note: "done".into() }).unwrap();
        assert!(!done.is_overdue(date(2027, 6, 1)));
        let later = LessonAction { due: date(2027, 3, 1), ..open() };
        let list = overdue([(1, &later), (2, &action), (3, &done)], date(2027, 6, 1));
        assert_eq!(list, [(2, date(2027, 1, 29)), (1, date(2027, 3, 1))]);
    }

    #[test]
    fn serde_uses_kebab_case() {
        let json = serde_json::to_value(&ActionStatus::InProgress).unwrap();
        assert_eq!(json, serde_json::json!({"status": "in-progress"}));
        assert_eq!(serde_json::to_string(&Source::ProfessionalStandards).unwrap(), "\"professional-standards\"");
    }

    fn any_command() -> impl Strategy<Value = ActionCommand> {
        prop_oneof![
            Just(ActionCommand::RecordProgress { by: 31, note: "n".into() }),
            (30i64..33).prop_map(|owner| ActionCommand::Reassign { by: 11, owner, reason: "r".into() }),
            (-30i64..90).prop_map(|d| ActionCommand::MoveDue {
                by: 31,
                due: date(2026, 11, 23).checked_add(d.days()).unwrap(),
                reason: "r".into()
            }),
            Just(ActionCommand::Complete { by: 31, note: "n".into() }),
            Just(ActionCommand::Drop { by: 11, reason: "r".into() }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Over any run of commands on successive days: notes stay in date
        /// order, a finished action never changes again and is never overdue,
        /// and an unfinished one is overdue exactly after its due date.
        #[test]
        fn the_action_log_stays_consistent(commands in prop::collection::vec(any_command(), 0..15), look in 0i64..200) {
            let mut action = open();
            for (i, command) in commands.into_iter().enumerate() {
                let now = now().checked_add((i as i64 * 24).hours()).unwrap();
                let before = action.clone();
                match decide(&action, command, now) {
                    Ok((next, _)) => {
                        prop_assert!(!before.status.is_finished());
                        action = next;
                    }
                    Err(_) => prop_assert_eq!(&action, &before),
                }
                prop_assert!(action.notes.windows(2).all(|w| w[0].on <= w[1].on));
                let on = today().checked_add(look.days()).unwrap();
                prop_assert_eq!(action.is_overdue(on), !action.status.is_finished() && action.due < on);
            }
        }
    }
}
