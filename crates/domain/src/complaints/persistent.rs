//! Persistent complainants: a recorded, approved decision to stop
//! corresponding with a person about one concluded matter (seed 002 para
//! 42; domain reference A3 on repetitive complaints and unreasonable
//! behaviour [C12][C18]).
//!
//! **The right to complain is never withdrawn.** A decision covers only the
//! concluded matter it names. Later letters on that matter are still read
//! and either acknowledged or filed, and fresh evidence reopens the matter;
//! a new complaint on anything else is judged on its merits. There is
//! deliberately no command here that refuses a new complaint.

use crate::access::Grade;
use crate::calendar::london_date;
use crate::validation::required_text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 2_000;

/// A member of staff acting, with the grade the sign-off rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Staff {
    pub user_id: i64,
    pub grade: Grade,
}

/// The complaint whose handling has ended, and when it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConcludedMatter {
    pub complaint_id: i64,
    pub concluded_on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub person_id: i64,
    pub matter: ConcludedMatter,
    pub reason: String,
    pub proposed_by: Staff,
    pub proposed_on: Date,
    pub review_on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub by: Staff,
    pub on: Date,
    pub note: String,
}

/// An approved decision, in force until lifted or reopened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub proposal: Proposal,
    pub approved_by: Staff,
    pub approved_on: Date,
    /// The proposal's review date, moved on by each review.
    pub review_on: Date,
    pub last_review: Option<Review>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// A manager lifted the decision.
    Lifted,
    /// A later letter brought fresh evidence and the matter was reopened.
    Reopened,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CorrespondenceState {
    NoDecision,
    Proposed(Proposal),
    InForce(Decision),
    Ended { decision: Decision, how: Ending, on: Date, reason: String },
}

impl CorrespondenceState {
    pub fn in_force(&self) -> Option<&Decision> {
        match self {
            CorrespondenceState::InForce(decision) => Some(decision),
            _ => None,
        }
    }

    /// Always true, whatever the state: the right to complain is never
    /// withdrawn (para 42). Exists so callers say so rather than assume it.
    pub fn may_complain(&self) -> bool {
        true
    }
}

/// A letter from the person about a matter, as the clerk reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaterLetter {
    /// The complaint the letter is about.
    pub complaint_id: i64,
    pub received_on: Date,
    /// The clerk's note of the fresh evidence, if the letter brings any
    /// that affects the decision on the complaint.
    pub fresh_evidence: Option<String>,
    /// Whether to acknowledge the letter before filing it.
    pub acknowledge: bool,
}

/// What to do with a later letter on the concluded matter (para 42).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "handling", rename_all = "kebab-case")]
pub enum LetterTriage {
    AcknowledgeAndFile,
    File,
    /// Fresh evidence: the matter is reopened and the decision ends.
    Reopen {
        note: String,
    },
}

/// How a new complaint is treated: never refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NewComplaintRoute {
    /// A different matter: logged and judged on its individual merits.
    JudgeOnItsMerits,
    /// It repeats the concluded matter under a decision: read it and
    /// triage it as a later letter ([`triage_letter`]).
    TriageAsLaterLetter,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum PersistentCommand {
    Propose { person_id: i64, matter: ConcludedMatter, reason: String, by: Staff, review_on: Date },
    Approve { by: Staff },
    Decline { by: Staff, reason: String },
    Review { by: Staff, note: String, next_review: Date },
    Lift { by: Staff, reason: String },
    RecordLetter { letter: LaterLetter },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum PersistentEvent {
    Proposed {
        complaint_id: i64,
        by: i64,
    },
    Approved {
        by: i64,
        review_on: Date,
    },
    /// The reason is kept here: the state returns to no decision.
    Declined {
        by: i64,
        reason: String,
    },
    Reviewed {
        by: i64,
        next_review: Date,
    },
    Lifted {
        by: i64,
    },
    LetterAcknowledgedAndFiled {
        received_on: Date,
    },
    LetterFiled {
        received_on: Date,
    },
    MatterReopened {
        received_on: Date,
    },
}

impl PersistentEvent {
    /// The audit action, e.g. `complaint.correspondence_ended`.
    pub fn action(&self) -> &'static str {
        match self {
            PersistentEvent::Proposed { .. } => "complaint.end_correspondence_proposed",
            PersistentEvent::Approved { .. } => "complaint.correspondence_ended",
            PersistentEvent::Declined { .. } => "complaint.end_correspondence_declined",
            PersistentEvent::Reviewed { .. } => "complaint.end_correspondence_reviewed",
            PersistentEvent::Lifted { .. } => "complaint.correspondence_resumed",
            PersistentEvent::LetterAcknowledgedAndFiled { .. } => "complaint.later_letter_acknowledged",
            PersistentEvent::LetterFiled { .. } => "complaint.later_letter_filed",
            PersistentEvent::MatterReopened { .. } => "complaint.reopened_on_fresh_evidence",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersistentError {
    #[error("A decision to end correspondence is already proposed or in force")]
    AlreadyDecided,
    #[error("There is no proposal to decide")]
    NothingProposed,
    #[error("No decision to end correspondence is in force")]
    NotInForce,
    #[error("The person who proposed the decision cannot also approve it")]
    ApproverIsProposer,
    #[error("The approver must be of a more senior grade than the proposer ({})", .proposer.label())]
    ApproverNotSenior { proposer: Grade },
    #[error("The matter must have concluded before correspondence about it can end; it concludes on {0}")]
    MatterNotConcluded(Date),
    #[error("The review date must be after {0}")]
    ReviewNotAfter(Date),
    #[error("This letter is about a different complaint from the one the decision covers: treat it as new correspondence, on its merits")]
    DifferentMatter,
    #[error("The letter's date, {date}, must be between the decision ({earliest}) and today")]
    LetterDate { date: Date, earliest: Date },
    #[error("{message}")]
    Text { field: &'static str, message: String },
}

impl PersistentError {
    pub fn field(&self) -> &'static str {
        match self {
            PersistentError::ApproverIsProposer | PersistentError::ApproverNotSenior { .. } => "approver",
            PersistentError::MatterNotConcluded(_) => "concluded_on",
            PersistentError::ReviewNotAfter(_) => "review_on",
            PersistentError::DifferentMatter => "complaint_id",
            PersistentError::LetterDate { .. } => "received_on",
            PersistentError::Text { field, .. } => field,
            PersistentError::AlreadyDecided | PersistentError::NothingProposed | PersistentError::NotInForce => "decision",
        }
    }
}

/// Applies a command; `now` is read at the edge and gives today's London
/// date, which dates each step.
pub fn decide(
    state: &CorrespondenceState,
    command: PersistentCommand,
    now: Timestamp,
) -> Result<(CorrespondenceState, PersistentEvent), PersistentError> {
    let today = london_date(now);
    match (state, command) {
        (
            CorrespondenceState::NoDecision | CorrespondenceState::Ended { .. },
            PersistentCommand::Propose { person_id, matter, reason, by, review_on },
        ) => {
            if matter.concluded_on > today {
                return Err(PersistentError::MatterNotConcluded(matter.concluded_on));
            }
            if review_on <= today {
                return Err(PersistentError::ReviewNotAfter(today));
            }
            let reason = text("reason", &reason, "the reason for ending correspondence")?;
            let proposal = Proposal { person_id, matter, reason, proposed_by: by, proposed_on: today, review_on };
            Ok((CorrespondenceState::Proposed(proposal), PersistentEvent::Proposed { complaint_id: matter.complaint_id, by: by.user_id }))
        }
        (_, PersistentCommand::Propose { .. }) => Err(PersistentError::AlreadyDecided),
        (CorrespondenceState::Proposed(proposal), PersistentCommand::Approve { by }) => {
            check_approver(proposal, by)?;
            // A proposal left waiting past its review date needs a new one.
            if proposal.review_on <= today {
                return Err(PersistentError::ReviewNotAfter(today));
            }
            let decision = Decision {
                proposal: proposal.clone(),
                approved_by: by,
                approved_on: today,
                review_on: proposal.review_on,
                last_review: None,
            };
            Ok((CorrespondenceState::InForce(decision), PersistentEvent::Approved { by: by.user_id, review_on: proposal.review_on }))
        }
        (CorrespondenceState::Proposed(proposal), PersistentCommand::Decline { by, reason }) => {
            check_approver(proposal, by)?;
            let reason = text("reason", &reason, "the reason for declining")?;
            Ok((CorrespondenceState::NoDecision, PersistentEvent::Declined { by: by.user_id, reason }))
        }
        (_, PersistentCommand::Approve { .. } | PersistentCommand::Decline { .. }) => Err(PersistentError::NothingProposed),
        (CorrespondenceState::InForce(decision), PersistentCommand::Review { by, note, next_review }) => {
            if next_review <= today {
                return Err(PersistentError::ReviewNotAfter(today));
            }
            let note = text("note", &note, "a note of the review")?;
            let next = Decision { review_on: next_review, last_review: Some(Review { by, on: today, note }), ..decision.clone() };
            Ok((CorrespondenceState::InForce(next), PersistentEvent::Reviewed { by: by.user_id, next_review }))
        }
        (CorrespondenceState::InForce(decision), PersistentCommand::Lift { by, reason }) => {
            let reason = text("reason", &reason, "the reason for lifting the decision")?;
            let ended = CorrespondenceState::Ended { decision: decision.clone(), how: Ending::Lifted, on: today, reason };
            Ok((ended, PersistentEvent::Lifted { by: by.user_id }))
        }
        (CorrespondenceState::InForce(decision), PersistentCommand::RecordLetter { letter }) => {
            let received_on = letter.received_on;
            match triage_letter(state, &letter, today)? {
                LetterTriage::AcknowledgeAndFile => Ok((state.clone(), PersistentEvent::LetterAcknowledgedAndFiled { received_on })),
                LetterTriage::File => Ok((state.clone(), PersistentEvent::LetterFiled { received_on })),
                LetterTriage::Reopen { note } => {
                    let ended = CorrespondenceState::Ended { decision: decision.clone(), how: Ending::Reopened, on: today, reason: note };
                    Ok((ended, PersistentEvent::MatterReopened { received_on }))
                }
            }
        }
        (_, PersistentCommand::Review { .. } | PersistentCommand::Lift { .. } | PersistentCommand::RecordLetter { .. }) => {
            Err(PersistentError::NotInForce)
        }
    }
}

/// A later letter on the matter a decision in force covers: fresh evidence
/// (the clerk's note) reopens it; otherwise it is acknowledged and filed, or
/// filed, as the clerk chose. Letters on other matters are refused here:
/// they are new correspondence, judged on their merits.
pub fn triage_letter(state: &CorrespondenceState, letter: &LaterLetter, today: Date) -> Result<LetterTriage, PersistentError> {
    let decision = state.in_force().ok_or(PersistentError::NotInForce)?;
    if letter.complaint_id != decision.proposal.matter.complaint_id {
        return Err(PersistentError::DifferentMatter);
    }
    if letter.received_on < decision.approved_on || letter.received_on > today {
        return Err(PersistentError::LetterDate { date: letter.received_on, earliest: decision.approved_on });
    }
    Ok(match &letter.fresh_evidence {
        Some(note) => LetterTriage::Reopen { note: text("fresh_evidence", note, "a note of the fresh evidence")? },
        None if letter.acknowledge => LetterTriage::AcknowledgeAndFile,
        None => LetterTriage::File,
    })
}

/// How to treat a new complaint from the person. `about` is the complaint
/// the clerk says it repeats, if any. Only a repeat of the very matter a
/// decision in force covers is triaged as a later letter; everything else
/// is judged on its merits. Nothing is ever refused.
pub fn route_new_complaint(state: &CorrespondenceState, about: Option<i64>) -> NewComplaintRoute {
    match (state.in_force(), about) {
        (Some(decision), Some(id)) if id == decision.proposal.matter.complaint_id => NewComplaintRoute::TriageAsLaterLetter,
        _ => NewComplaintRoute::JudgeOnItsMerits,
    }
}

/// Decisions in force whose review falls on or before `today`.
pub fn review_due(state: &CorrespondenceState, today: Date) -> bool {
    state.in_force().is_some_and(|d| d.review_on <= today)
}

fn check_approver(proposal: &Proposal, approver: Staff) -> Result<(), PersistentError> {
    if approver.user_id == proposal.proposed_by.user_id {
        return Err(PersistentError::ApproverIsProposer);
    }
    if !approver.grade.is_more_senior_than(proposal.proposed_by.grade) {
        return Err(PersistentError::ApproverNotSenior { proposer: proposal.proposed_by.grade });
    }
    Ok(())
}

fn text(field: &'static str, raw: &str, what: &str) -> Result<String, PersistentError> {
    required_text(raw, what, TEXT_MAX).map_err(|message| PersistentError::Text { field, message })
}

#[cfg(test)]
#[path = "persistent_tests.rs"]
mod tests;
