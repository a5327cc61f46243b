//! A clock: one time limit on one piece of work, driven by workflow events.
//! The events are the record (stored and replayed); the clock derives its
//! due time and refuses any event that would make the record nonsense.

use super::due::{after_pause, due_at, remind_from};
use super::{ClockStatus, Period, when};
use crate::calendar::{WorkingCalendar, end_of_day, london_date};
use crate::validation::{FieldErrors, required_text};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

const REASON_MAX: usize = 2_000;

/// The time limit and how early to remind: e.g. "respond within 20 working
/// days of allocation, remind 5 working days before".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClockRule {
    pub period: Period,
    /// A clock is "due soon" once its due is no further ahead than this.
    pub reminder: Option<Period>,
}

impl ClockRule {
    pub const fn new(period: Period) -> Self {
        ClockRule { period, reminder: None }
    }

    pub const fn with_reminder(self, lead: Period) -> Self {
        ClockRule { reminder: Some(lead), ..self }
    }
}

/// Something that happened to a clock, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum ClockEvent {
    /// The thing the limit counts from (receipt, allocation, logging).
    Started {
        at: Timestamp,
    },
    /// Time stops counting, e.g. while waiting for the complainant's consent.
    Paused {
        at: Timestamp,
        reason: String,
    },
    Resumed {
        at: Timestamp,
    },
    /// An agreed new due date, which replaces the current one (the end of
    /// that day in London).
    Extended {
        at: Timestamp,
        to: Date,
        reason: String,
    },
    /// The thing was done.
    Met {
        at: Timestamp,
    },
    /// The clock stops without being met or breached (e.g. withdrawn).
    Cancelled {
        at: Timestamp,
        reason: String,
    },
}

impl ClockEvent {
    pub fn at(&self) -> Timestamp {
        match self {
            ClockEvent::Started { at }
            | ClockEvent::Paused { at, .. }
            | ClockEvent::Resumed { at }
            | ClockEvent::Extended { at, .. }
            | ClockEvent::Met { at }
            | ClockEvent::Cancelled { at, .. } => *at,
        }
    }

    /// The past participle used in messages: "cannot be resumed".
    fn action(&self) -> &'static str {
        match self {
            ClockEvent::Started { .. } => "started",
            ClockEvent::Paused { .. } => "paused",
            ClockEvent::Resumed { .. } => "resumed",
            ClockEvent::Extended { .. } => "extended",
            ClockEvent::Met { .. } => "met",
            ClockEvent::Cancelled { .. } => "cancelled",
        }
    }
}

/// Why the due time changed, for the clock's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum DueCause {
    Started,
    /// Moved later by the time spent paused since `paused_at`: on resume,
    /// or when met while still paused.
    Resumed {
        paused_at: Timestamp,
    },
    Extended {
        reason: String,
    },
}

/// One due time the clock has had, and when and why it was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueChange {
    pub at: Timestamp,
    pub due: Timestamp,
    #[serde(flatten)]
    pub cause: DueCause,
}

/// Why an event was refused. The clock is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("The clock has not started, so it cannot be {action}")]
    NotStarted { action: &'static str },
    #[error("The clock has already started")]
    AlreadyStarted,
    #[error("This cannot be {action} at {}, before the clock started at {}", when(.at), when(.started))]
    BeforeStart { action: &'static str, at: Timestamp, started: Timestamp },
    #[error("This cannot be {action} at {}, before the clock's last event at {}", when(.at), when(.previous))]
    OutOfOrder { action: &'static str, at: Timestamp, previous: Timestamp },
    #[error("The clock is not paused, so it cannot be resumed")]
    NotPaused,
    #[error("The clock is already paused")]
    AlreadyPaused,
    #[error("The clock is paused: resume it before extending it")]
    ExtendedWhilePaused,
    #[error("The new due date, {to}, must be after the current due date, {current}")]
    ExtensionNotLater { to: Date, current: Date },
    #[error("The new due date, {to}, is before the day the extension was agreed, {agreed}")]
    ExtensionInThePast { to: Date, agreed: Date },
    #[error("{0}")]
    Reason(String),
    #[error("The clock has already been {outcome}, so it cannot be {action}")]
    Finished { outcome: &'static str, action: &'static str },
}

impl ClockError {
    /// The form field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            ClockError::BeforeStart { .. } | ClockError::OutOfOrder { .. } => "at",
            ClockError::ExtensionNotLater { .. } | ClockError::ExtensionInThePast { .. } => "to",
            ClockError::Reason(_) => "reason",
            ClockError::NotStarted { .. }
            | ClockError::AlreadyStarted
            | ClockError::NotPaused
            | ClockError::AlreadyPaused
            | ClockError::ExtendedWhilePaused
            | ClockError::Finished { .. } => "clock",
        }
    }

    pub fn into_field_errors(self) -> FieldErrors {
        FieldErrors::single(self.field(), self.to_string())
    }
}

/// Where the clock is; private so that only accepted events can move it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    NotStarted,
    Running {
        due: Timestamp,
    },
    /// `due` is the due time as it stood when paused.
    Paused {
        due: Timestamp,
        since: Timestamp,
        reason: String,
    },
    /// `due` includes any pause still open when it was met.
    Met {
        due: Timestamp,
        at: Timestamp,
    },
    Cancelled {
        at: Timestamp,
        reason: String,
        due: Timestamp,
    },
}

/// One time limit and everything that has happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    rule: ClockRule,
    events: Vec<ClockEvent>,
    dues: Vec<DueChange>,
    phase: Phase,
}

impl Clock {
    /// A clock that has not started.
    pub fn new(rule: ClockRule) -> Self {
        Clock { rule, events: Vec::new(), dues: Vec::new(), phase: Phase::NotStarted }
    }

    /// Rebuilds a clock from its stored events; the first refused event's
    /// error is returned.
    pub fn replay(rule: ClockRule, cal: &WorkingCalendar, events: impl IntoIterator<Item = ClockEvent>) -> Result<Self, ClockError> {
        let mut clock = Clock::new(rule);
        for event in events {
            clock.apply(cal, event)?;
        }
        Ok(clock)
    }

    pub fn rule(&self) -> ClockRule {
        self.rule
    }

    /// The accepted events, in order (reasons trimmed).
    pub fn events(&self) -> &[ClockEvent] {
        &self.events
    }

    /// Every due time the clock has had, oldest first.
    pub fn due_history(&self) -> &[DueChange] {
        &self.dues
    }

    pub fn started_at(&self) -> Option<Timestamp> {
        match self.events.first() {
            Some(ClockEvent::Started { at }) => Some(*at),
            _ => None,
        }
    }

    /// The current due time: `None` before the start. While paused it is the
    /// due as it stood when paused (it moves on resume); once met, the due it
    /// was met against.
    pub fn due(&self) -> Option<Timestamp> {
        match &self.phase {
            Phase::NotStarted => None,
            Phase::Running { due } | Phase::Paused { due, .. } | Phase::Met { due, .. } | Phase::Cancelled { due, .. } => Some(*due),
        }
    }

    /// For a paused clock, the due it would have if resumed at `at` (what a
    /// work list shows as "due if resumed today"); otherwise [`Clock::due`].
    pub fn due_if_resumed(&self, cal: &WorkingCalendar, at: Timestamp) -> Option<Timestamp> {
        match &self.phase {
            Phase::Paused { due, since, .. } => Some(after_pause(cal, self.rule.period.unit, *due, *since, at.max(*since))),
            _ => self.due(),
        }
    }

    /// For a running clock with a reminder lead, the instant it becomes due
    /// soon: kept beside the due, it lets a store find due-soon work with an
    /// index instead of asking every clock.
    pub fn remind_from(&self, cal: &WorkingCalendar) -> Option<Timestamp> {
        match (&self.phase, self.rule.reminder) {
            (Phase::Running { due }, Some(lead)) => Some(remind_from(cal, *due, lead)),
            _ => None,
        }
    }

    /// Whether an agreed extension ever moved the due (for reports).
    pub fn was_extended(&self) -> bool {
        self.dues.iter().any(|change| matches!(change.cause, DueCause::Extended { .. }))
    }

    /// Met or cancelled: nothing more can happen.
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Met { .. } | Phase::Cancelled { .. })
    }

    /// Records `event` if it makes sense after the events so far; otherwise
    /// says why not and changes nothing.
    pub fn apply(&mut self, cal: &WorkingCalendar, event: ClockEvent) -> Result<(), ClockError> {
        // A finished clock says so first: that is the problem to fix.
        if let Some(error) = self.finished_error(&event) {
            return Err(error);
        }
        let event = self.check_order(event)?;
        let at = event.at();
        let (phase, change) = match (&self.phase, &event) {
            (Phase::Met { .. }, e) => return Err(ClockError::Finished { outcome: "met", action: e.action() }),
            (Phase::Cancelled { .. }, e) => return Err(ClockError::Finished { outcome: "cancelled", action: e.action() }),
            (Phase::NotStarted, ClockEvent::Started { .. }) => {
                let due = due_at(cal, at, self.rule.period);
                (Phase::Running { due }, Some(DueChange { at, due, cause: DueCause::Started }))
            }
            (Phase::NotStarted, e) => return Err(ClockError::NotStarted { action: e.action() }),
            (_, ClockEvent::Started { .. }) => return Err(ClockError::AlreadyStarted),
            (Phase::Running { due }, ClockEvent::Paused { reason, .. }) => {
                (Phase::Paused { due: *due, since: at, reason: reason.clone() }, None)
            }
            (Phase::Paused { .. }, ClockEvent::Paused { .. }) => return Err(ClockError::AlreadyPaused),
            (Phase::Paused { due, since, .. }, ClockEvent::Resumed { .. }) => {
                let due = after_pause(cal, self.rule.period.unit, *due, *since, at);
                (Phase::Running { due }, Some(DueChange { at, due, cause: DueCause::Resumed { paused_at: *since } }))
            }
            (Phase::Running { .. }, ClockEvent::Resumed { .. }) => return Err(ClockError::NotPaused),
            (Phase::Paused { .. }, ClockEvent::Extended { .. }) => return Err(ClockError::ExtendedWhilePaused),
            (Phase::Running { due: current }, ClockEvent::Extended { to, reason, .. }) => {
                let due = end_of_day(*to);
                if due <= *current {
                    return Err(ClockError::ExtensionNotLater { to: *to, current: london_date(*current) });
                }
                let agreed = london_date(at);
                if *to < agreed {
                    return Err(ClockError::ExtensionInThePast { to: *to, agreed });
                }
                (Phase::Running { due }, Some(DueChange { at, due, cause: DueCause::Extended { reason: reason.clone() } }))
            }
            (Phase::Running { due }, ClockEvent::Met { .. }) => (Phase::Met { due: *due, at }, None),
            // Met while paused: judged against the due as if resumed then.
            (Phase::Paused { due, since, .. }, ClockEvent::Met { .. }) => {
                let due = after_pause(cal, self.rule.period.unit, *due, *since, at);
                (Phase::Met { due, at }, Some(DueChange { at, due, cause: DueCause::Resumed { paused_at: *since } }))
            }
            (Phase::Running { due } | Phase::Paused { due, .. }, ClockEvent::Cancelled { reason, .. }) => {
                (Phase::Cancelled { at, reason: reason.clone(), due: *due }, None)
            }
        };
        self.phase = phase;
        self.dues.extend(change);
        self.events.push(event);
        Ok(())
    }

    fn finished_error(&self, event: &ClockEvent) -> Option<ClockError> {
        let outcome = match self.phase {
            Phase::Met { .. } => "met",
            Phase::Cancelled { .. } => "cancelled",
            _ => return None,
        };
        Some(ClockError::Finished { outcome, action: event.action() })
    }

    /// Refuses events earlier than the start or the last event, and reasons
    /// that are blank; returns the event with its reason trimmed.
    fn check_order(&self, event: ClockEvent) -> Result<ClockEvent, ClockError> {
        let at = event.at();
        let action = event.action();
        if let Some(started) = self.started_at()
            && at < started
        {
            return Err(ClockError::BeforeStart { action, at, started });
        }
        if let Some(previous) = self.events.last().map(ClockEvent::at)
            && at < previous
        {
            return Err(ClockError::OutOfOrder { action, at, previous });
        }
        let reason = |raw: &str, what: &str| required_text(raw, what, REASON_MAX).map_err(ClockError::Reason);
        Ok(match event {
            ClockEvent::Paused { at, reason: r } => ClockEvent::Paused { at, reason: reason(&r, "the reason for pausing the clock")? },
            ClockEvent::Extended { at, to, reason: r } => {
                ClockEvent::Extended { at, to, reason: reason(&r, "the reason for the extension")? }
            }
            ClockEvent::Cancelled { at, reason: r } => {
                ClockEvent::Cancelled { at, reason: reason(&r, "the reason for stopping the clock")? }
            }
            other => other,
        })
    }

    /// Where the clock stands at `now`, on the calendar it was built with,
    /// given all its events (so `now` should not be before the last one).
    pub fn status(&self, cal: &WorkingCalendar, now: Timestamp) -> ClockStatus {
        match &self.phase {
            Phase::NotStarted => ClockStatus::NotStarted,
            Phase::Running { due } => ClockStatus::running(cal, self.rule, *due, now),
            Phase::Paused { since, reason, .. } => ClockStatus::Paused { since: *since, reason: reason.clone() },
            Phase::Met { due, at } => ClockStatus::met(cal, self.rule.period.unit, *due, *at),
            Phase::Cancelled { at, reason, .. } => ClockStatus::Cancelled { at: *at, reason: reason.clone() },
        }
    }
}
