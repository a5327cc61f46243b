//! The frequent-caller flag a manager sets, reviews and lifts, as a state
//! machine: `decide(state, command, today)` returns the next state and the
//! events to audit, or a typed error.
//!
//! **The right to make contact is never withdrawn.** A flag changes how staff
//! respond (who handles the person, what to say, which pathway to offer),
//! never whether: there is deliberately no command here that blocks, bars or
//! limits contact. Restrictions for unacceptable behaviour, where they exist,
//! are a separate process with its own safeguards.

use crate::validation::{FieldErrors, required_text};
use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 2_000;
/// Domain reference Part B: flags and plans are reviewed every 3 months
/// (a default to check, not law).
const DEFAULT_REVIEW_MONTHS: i64 = 3;

/// The agreed response, shown to every handler on the person's next contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsePlan {
    /// Who deals with this person's contacts, e.g. a named officer or team.
    pub handled_by: String,
    pub what_to_say: String,
    /// The alternative pathway offered, e.g. a mental-health service.
    pub pathway: String,
}

/// A referral to the force or a safeguarding body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub date: Date,
    pub body: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub on: Date,
    pub note: String,
}

/// A person currently flagged. After a review the person stays flagged, with
/// `last_review` set and a new `review_due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveFlag {
    pub since: Date,
    pub reason: String,
    pub response_plan: ResponsePlan,
    pub review_due: Date,
    /// The latest referral; earlier ones remain in the events.
    pub referral: Option<Referral>,
    pub last_review: Option<Review>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum FrequentCallerFlag {
    NotFlagged,
    Flagged(ActiveFlag),
    Lifted { on: Date, reason: String },
}

impl FrequentCallerFlag {
    pub fn active(&self) -> Option<&ActiveFlag> {
        match self {
            FrequentCallerFlag::Flagged(flag) => Some(flag),
            _ => None,
        }
    }

    /// Always true, whatever the state: a flag never withdraws the right to
    /// make contact. Exists so callers can say so rather than assume it.
    pub fn may_make_contact(&self) -> bool {
        true
    }
}

/// What a manager can do. There is no command to block contact, on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum FlagCommand {
    /// `review_due` defaults to three months from today.
    Flag {
        reason: String,
        plan: ResponsePlan,
        review_due: Option<Date>,
    },
    /// Keeps the flag; `plan` replaces the plan when given.
    Review {
        note: String,
        next_review: Option<Date>,
        plan: Option<ResponsePlan>,
    },
    Lift {
        reason: String,
    },
    RecordReferral {
        date: Date,
        body: String,
        reference: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum FlagEvent {
    Flagged { since: Date, review_due: Date },
    Reviewed { on: Date, next_review: Date },
    PlanChanged { on: Date },
    ReferralRecorded { referral: Referral },
    Lifted { on: Date },
}

impl FlagEvent {
    /// The audit action, e.g. `frequent_caller.flagged`.
    pub fn action(&self) -> &'static str {
        match self {
            FlagEvent::Flagged { .. } => "frequent_caller.flagged",
            FlagEvent::Reviewed { .. } => "frequent_caller.reviewed",
            FlagEvent::PlanChanged { .. } => "frequent_caller.plan_changed",
            FlagEvent::ReferralRecorded { .. } => "frequent_caller.referral_recorded",
            FlagEvent::Lifted { .. } => "frequent_caller.lifted",
        }
    }

    /// The words a manager gave for this step, taken from the state it led
    /// to, for the history on the person's page: the reason for a flag, the
    /// note of a review, the reason for lifting. Kept out of the audit
    /// summary, which may be read more widely.
    pub fn detail(&self, after: &FrequentCallerFlag) -> String {
        match (self, after) {
            (FlagEvent::Flagged { .. }, FrequentCallerFlag::Flagged(flag)) => flag.reason.clone(),
            (FlagEvent::Reviewed { .. }, FrequentCallerFlag::Flagged(flag)) => {
                flag.last_review.as_ref().map(|r| r.note.clone()).unwrap_or_default()
            }
            (FlagEvent::PlanChanged { .. }, FrequentCallerFlag::Flagged(flag)) => format!(
                "Handled by {}; say: {}; pathway: {}",
                flag.response_plan.handled_by, flag.response_plan.what_to_say, flag.response_plan.pathway
            ),
            (FlagEvent::ReferralRecorded { referral }, _) => {
                format!("Referred on {} to {} (reference {})", referral.date, referral.body, referral.reference)
            }
            (FlagEvent::Lifted { .. }, FrequentCallerFlag::Lifted { reason, .. }) => reason.clone(),
            _ => String::new(),
        }
    }

    /// A short line for the audit trail (no special-category detail).
    pub fn summary(&self) -> String {
        match self {
            FlagEvent::Flagged { review_due, .. } => format!("Flagged as a frequent caller; review due {review_due}"),
            FlagEvent::Reviewed { next_review, .. } => format!("Frequent-caller flag reviewed; next review {next_review}"),
            FlagEvent::PlanChanged { .. } => "Response plan changed".to_owned(),
            FlagEvent::ReferralRecorded { referral } => format!("Referral to {} recorded ({})", referral.body, referral.reference),
            FlagEvent::Lifted { .. } => "Frequent-caller flag lifted".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagError {
    #[error("This person is already flagged as a frequent caller")]
    AlreadyFlagged,
    #[error("This person is not flagged as a frequent caller")]
    NotFlagged,
    #[error("The review date must be after today")]
    ReviewDateNotAfterToday,
    #[error("The referral date cannot be in the future")]
    ReferralInFuture,
    /// Required text missing or too long; the errors name the fields.
    #[error("{0}")]
    Invalid(FieldErrors),
}

impl FlagError {
    /// The error as field errors, for a form.
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            FlagError::Invalid(errors) => errors.clone(),
            FlagError::ReviewDateNotAfterToday => FieldErrors::single("review_due", self.to_string()),
            FlagError::ReferralInFuture => FieldErrors::single("referral_date", self.to_string()),
            FlagError::AlreadyFlagged | FlagError::NotFlagged => FieldErrors::single("state", self.to_string()),
        }
    }
}

/// Applies a manager's command. `today` is the London date, read at the edge.
pub fn decide(state: &FrequentCallerFlag, command: FlagCommand, today: Date) -> Result<(FrequentCallerFlag, Vec<FlagEvent>), FlagError> {
    match (state, command) {
        (FrequentCallerFlag::Flagged(_), FlagCommand::Flag { .. }) => Err(FlagError::AlreadyFlagged),
        // A lifted flag may be set again if the pattern returns.
        (FrequentCallerFlag::NotFlagged | FrequentCallerFlag::Lifted { .. }, FlagCommand::Flag { reason, plan, review_due }) => {
            let mut errors = FieldErrors::new();
            let reason = errors.check("reason", required_text(&reason, "the reason for the flag", TEXT_MAX));
            let plan = check_plan(&plan, &mut errors);
            let (Some(reason), Some(response_plan)) = (reason, plan) else {
                return Err(FlagError::Invalid(errors));
            };
            let review_due = check_review_date(review_due, today)?;
            let flag = ActiveFlag { since: today, reason, response_plan, review_due, referral: None, last_review: None };
            Ok((FrequentCallerFlag::Flagged(flag), vec![FlagEvent::Flagged { since: today, review_due }]))
        }
        (FrequentCallerFlag::Flagged(flag), FlagCommand::Review { note, next_review, plan }) => {
            let mut errors = FieldErrors::new();
            let note = errors.check("note", required_text(&note, "a note of the review", TEXT_MAX));
            let plan = match plan {
                Some(plan) => check_plan(&plan, &mut errors).map(Some),
                None => Some(None),
            };
            let (Some(note), Some(new_plan)) = (note, plan) else {
                return Err(FlagError::Invalid(errors));
            };
            let next_review = check_review_date(next_review, today)?;
            let mut events = vec![FlagEvent::Reviewed { on: today, next_review }];
            let mut flag = flag.clone();
            if let Some(new_plan) = new_plan
                && new_plan != flag.response_plan
            {
                flag.response_plan = new_plan;
                events.push(FlagEvent::PlanChanged { on: today });
            }
            flag.review_due = next_review;
            flag.last_review = Some(Review { on: today, note });
            Ok((FrequentCallerFlag::Flagged(flag), events))
        }
        (FrequentCallerFlag::Flagged(_), FlagCommand::Lift { reason }) => {
            let reason = required_text(&reason, "the reason for lifting the flag", TEXT_MAX)
                .map_err(|m| FlagError::Invalid(FieldErrors::single("reason", m)))?;
            Ok((FrequentCallerFlag::Lifted { on: today, reason }, vec![FlagEvent::Lifted { on: today }]))
        }
        (FrequentCallerFlag::Flagged(flag), FlagCommand::RecordReferral { date, body, reference }) => {
            if date > today {
                return Err(FlagError::ReferralInFuture);
            }
            let mut errors = FieldErrors::new();
            let body = errors.check("referral_body", required_text(&body, "who the referral was made to", TEXT_MAX));
            let reference = errors.check("referral_reference", required_text(&reference, "the referral reference", TEXT_MAX));
            let (Some(body), Some(reference)) = (body, reference) else {
                return Err(FlagError::Invalid(errors));
            };
            let referral = Referral { date, body, reference };
            let flag = ActiveFlag { referral: Some(referral.clone()), ..flag.clone() };
            Ok((FrequentCallerFlag::Flagged(flag), vec![FlagEvent::ReferralRecorded { referral }]))
        }
        (
            FrequentCallerFlag::NotFlagged | FrequentCallerFlag::Lifted { .. },
            FlagCommand::Review { .. } | FlagCommand::Lift { .. } | FlagCommand::RecordReferral { .. },
        ) => Err(FlagError::NotFlagged),
    }
}

fn check_plan(plan: &ResponsePlan, errors: &mut FieldErrors) -> Option<ResponsePlan> {
    let handled_by = errors.check("plan_handled_by", required_text(&plan.handled_by, "who handles this person's contacts", TEXT_MAX));
    let what_to_say = errors.check("plan_what_to_say", required_text(&plan.what_to_say, "what staff should say", TEXT_MAX));
    let pathway = errors.check("plan_pathway", required_text(&plan.pathway, "the pathway offered", TEXT_MAX));
    Some(ResponsePlan { handled_by: handled_by?, what_to_say: what_to_say?, pathway: pathway? })
}

fn check_review_date(chosen: Option<Date>, today: Date) -> Result<Date, FlagError> {
    let date = match chosen {
        Some(date) => date,
        None => today.checked_add(default_review_span()).map_err(|_| FlagError::ReviewDateNotAfterToday)?,
    };
    if date <= today {
        return Err(FlagError::ReviewDateNotAfterToday);
    }
    Ok(date)
}

fn default_review_span() -> Span {
    DEFAULT_REVIEW_MONTHS.months()
}

/// Where a flag's review stands on `today`, for the review list and report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Due after the next fortnightly meeting.
    NotYetDue,
    /// Due within the next 14 days: put it on the next meeting's agenda.
    DueSoon,
    DueToday,
    Overdue,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::NotYetDue => "Not yet due",
            ReviewStatus::DueSoon => "Due soon",
            ReviewStatus::DueToday => "Due today",
            ReviewStatus::Overdue => "Overdue",
        }
    }

    /// Needs a manager's attention at the next meeting.
    pub fn is_due(self) -> bool {
        !matches!(self, ReviewStatus::NotYetDue)
    }
}

/// The review meetings are fortnightly, so "due soon" looks 14 days ahead.
const DUE_SOON_DAYS: i64 = 14;

pub fn review_status(review_due: Date, today: Date) -> ReviewStatus {
    if review_due < today {
        ReviewStatus::Overdue
    } else if review_due == today {
        ReviewStatus::DueToday
    } else if today.checked_add(DUE_SOON_DAYS.days()).is_ok_and(|soon| review_due <= soon) {
        ReviewStatus::DueSoon
    } else {
        ReviewStatus::NotYetDue
    }
}

/// Flags whose review is due on or before `today`, oldest first: the
/// managers' review list. Persons not flagged are left out.
pub fn review_due<'a, K>(flags: impl IntoIterator<Item = (K, &'a FrequentCallerFlag)>, today: Date) -> Vec<(K, Date)> {
    let mut due: Vec<(K, Date)> =
        flags.into_iter().filter_map(|(key, flag)| flag.active().map(|f| (key, f.review_due))).filter(|(_, date)| *date <= today).collect();
    due.sort_by_key(|(_, date)| *date);
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn today() -> Date {
        date(2026, 11, 23)
    }

    fn plan() -> ResponsePlan {
        ResponsePlan {
            handled_by: "Compliance Officer".into(),
            what_to_say: "Thank them, log the call, explain the Compliance Officer will reply in writing".into(),
            pathway: "Mental health crisis line".into(),
        }
    }

    fn flag_command() -> FlagCommand {
        FlagCommand::Flag { reason: "14 calls in a fortnight to different staff".into(), plan: plan(), review_due: None }
    }

    fn flagged() -> FrequentCallerFlag {
        decide(&FrequentCallerFlag::NotFlagged, flag_command(), today()).unwrap().0
    }

    #[test]
    fn flagging_defaults_the_review_to_three_months() {
        let (state, events) = decide(&FrequentCallerFlag::NotFlagged, flag_command(), today()).unwrap();
        let flag = state.active().unwrap();
        assert_eq!(flag.review_due, date(2027, 2, 23));
        assert_eq!(flag.since, today());
        assert_eq!(events, [FlagEvent::Flagged { since: today(), review_due: date(2027, 2, 23) }]);
    }

    #[test]
    fn flagging_twice_is_refused() {
        assert_eq!(decide(&flagged(), flag_command(), today()), Err(FlagError::AlreadyFlagged));
    }

    #[test]
    fn reason_and_plan_are_required() {
        let empty = ResponsePlan { handled_by: " ".into(), what_to_say: String::new(), pathway: "GP".into() };
        let err = decide(&FrequentCallerFlag::NotFlagged, FlagCommand::Flag { reason: "".into(), plan: empty, review_due: None }, today())
            .unwrap_err();
        let fields: Vec<String> = err.field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["reason", "plan_handled_by", "plan_what_to_say"]);
    }

    #[test]
    fn review_dates_must_be_after_today() {
        let cmd = FlagCommand::Flag { reason: "r".into(), plan: plan(), review_due: Some(today()) };
        assert_eq!(decide(&FrequentCallerFlag::NotFlagged, cmd, today()), Err(FlagError::ReviewDateNotAfterToday));
        let review = FlagCommand::Review { note: "still calling".into(), next_review: Some(date(2026, 11, 1)), plan: None };
        assert_eq!(decide(&flagged(), review, today()), Err(FlagError::ReviewDateNotAfterToday));
    }

    #[test]
    fn a_review_keeps_the_flag_with_a_new_date_and_note() {
        let later = date(2027, 2, 23);
        let new_plan = ResponsePlan { pathway: "Community mental health team".into(), ..plan() };
        let cmd = FlagCommand::Review { note: "Calls down to weekly".into(), next_review: None, plan: Some(new_plan.clone()) };
        let (state, events) = decide(&flagged(), cmd, later).unwrap();
        let flag = state.active().unwrap();
        assert_eq!(flag.review_due, date(2027, 5, 23));
        assert_eq!(flag.last_review, Some(Review { on: later, note: "Calls down to weekly".into() }));
        assert_eq!(flag.response_plan, new_plan);
        assert_eq!(events, [FlagEvent::Reviewed { on: later, next_review: date(2027, 5, 23) }, FlagEvent::PlanChanged { on: later }]);
    }

    #[test]
    fn lifting_needs_a_flag_and_a_reason() {
        let lift = |reason: &str| FlagCommand::Lift { reason: reason.into() };
        assert_eq!(decide(&FrequentCallerFlag::NotFlagged, lift("gone quiet"), today()), Err(FlagError::NotFlagged));
        assert!(matches!(decide(&flagged(), lift(" "), today()), Err(FlagError::Invalid(_))));
        let (lifted, events) = decide(&flagged(), lift("No contact for three months"), today()).unwrap();
        assert_eq!(lifted, FrequentCallerFlag::Lifted { on: today(), reason: "No contact for three months".into() });
        assert_eq!(events, [FlagEvent::Lifted { on: today() }]);
        assert_eq!(decide(&lifted, lift("again"), today()), Err(FlagError::NotFlagged));
        // The pattern may come back.
        assert!(decide(&lifted, flag_command(), today()).is_ok());
    }

    #[test]
    fn referrals_are_recorded_on_a_flag() {
        let referral = || FlagCommand::RecordReferral { date: today(), body: "Adult social care".into(), reference: "ASC-2026-118".into() };
        assert_eq!(decide(&FrequentCallerFlag::NotFlagged, referral(), today()), Err(FlagError::NotFlagged));
        let (state, events) = decide(&flagged(), referral(), today()).unwrap();
        assert_eq!(state.active().unwrap().referral.as_ref().unwrap().reference, "ASC-2026-118");
        assert!(events[0].summary().contains("Adult social care"));
        let future = FlagCommand::RecordReferral { date: date(2026, 11, 24), body: "Force".into(), reference: "x".into() };
        assert_eq!(decide(&flagged(), future, today()), Err(FlagError::ReferralInFuture));
    }

    /// The right to make contact is never withdrawn: no command blocks
    /// contact, in any state. The match has no wildcard, so whoever adds a
    /// command must come here and answer the question.
    #[test]
    fn the_right_to_make_contact_is_never_withdrawn() {
        fn blocks_contact(command: &FlagCommand) -> bool {
            match command {
                FlagCommand::Flag { .. } | FlagCommand::Review { .. } | FlagCommand::Lift { .. } | FlagCommand::RecordReferral { .. } => {
                    false
                }
            }
        }
        let commands = [
            flag_command(),
            FlagCommand::Review { note: "n".into(), next_review: None, plan: None },
            FlagCommand::RecordReferral { date: today(), body: "b".into(), reference: "r".into() },
            FlagCommand::Lift { reason: "r".into() },
        ];
        let mut states = vec![FrequentCallerFlag::NotFlagged];
        for command in commands {
            assert!(!blocks_contact(&command));
            for state in states.clone() {
                assert!(state.may_make_contact());
                if let Ok((next, _)) = decide(&state, command.clone(), today()) {
                    assert!(next.may_make_contact());
                    states.push(next);
                }
            }
        }
        assert!(states.len() >= 4);
    }

    #[test]
    fn review_status_looks_a_fortnight_ahead() {
        assert_eq!(review_status(date(2026, 11, 22), today()), ReviewStatus::Overdue);
        assert_eq!(review_status(today(), today()), ReviewStatus::DueToday);
        assert_eq!(review_status(date(2026, 12, 7), today()), ReviewStatus::DueSoon);
        assert_eq!(review_status(date(2026, 12, 8), today()), ReviewStatus::NotYetDue);
        assert!(ReviewStatus::Overdue.is_due() && !ReviewStatus::NotYetDue.is_due());
    }

    #[test]
    fn each_event_has_an_action_and_its_words_for_the_history() {
        let (state, events) = decide(&FrequentCallerFlag::NotFlagged, flag_command(), today()).unwrap();
        assert_eq!(events[0].action(), "frequent_caller.flagged");
        assert_eq!(events[0].detail(&state), "14 calls in a fortnight to different staff");
        let review = FlagCommand::Review {
            note: "Calls down".into(),
            next_review: None,
            plan: Some(ResponsePlan { pathway: "GP".into(), ..plan() }),
        };
        let (state, events) = decide(&state, review, today()).unwrap();
        assert_eq!(events[0].detail(&state), "Calls down");
        assert!(events[1].detail(&state).contains("pathway: GP"), "{}", events[1].detail(&state));
        let (lifted, events) = decide(&state, FlagCommand::Lift { reason: "Settled".into() }, today()).unwrap();
        assert_eq!((events[0].action(), events[0].detail(&lifted).as_str()), ("frequent_caller.lifted", "Settled"));
    }

    #[test]
    fn review_list_is_due_flags_oldest_first() {
        let with_due = |d: Date| {
            let mut f = flagged();
            if let FrequentCallerFlag::Flagged(flag) = &mut f {
                flag.review_due = d;
            }
            f
        };
        let a = with_due(date(2026, 11, 20));
        let b = with_due(date(2026, 12, 20));
        let c = with_due(date(2026, 10, 1));
        let d = with_due(today());
        let none = FrequentCallerFlag::NotFlagged;
        let due = review_due([(1, &a), (2, &b), (3, &c), (4, &none), (5, &d)], today());
        assert_eq!(due, [(3, date(2026, 10, 1)), (1, date(2026, 11, 20)), (5, today())]);
    }
}
