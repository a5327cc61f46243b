//! What happened to a complaint, with who and when: the history on the
//! complaint's page, the audit trail, and the milestones the deadline
//! engine counts from.

use super::parts::Outcome;
use super::procedure::Milestone;
use super::triage::TriageDecision;
use super::withdrawal::Withdrawal;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How a complaint came to be closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Closure {
    /// Every part answered and closed.
    Answered,
    RefusedOutOfTime,
    Redirected,
    PassedToHealthcare,
}

/// One thing that happened, by whom, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    pub by: i64,
    #[serde(flatten)]
    pub what: Happened,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Happened {
    Received,
    Translated,
    Triaged {
        decision: Box<TriageDecision>,
    },
    ForwardedToHub,
    Logged {
        reference: String,
    },
    Allocated {
        part: u32,
        category: String,
        body: String,
        investigator: i64,
        target: Option<Timestamp>,
    },
    SentForInvestigation {
        part: u32,
    },
    Acknowledged {
        part: u32,
    },
    EvidenceRequested {
        part: u32,
    },
    UpdateSent {
        part: u32,
    },
    Reallocated {
        part: u32,
        from_body: String,
        from_investigator: i64,
        to_body: String,
        to_investigator: i64,
        reason: String,
    },
    /// Includes professional standards returning a complaint for a local
    /// investigation (para 49).
    Recategorised {
        part: u32,
        from: String,
        to: String,
        returned_by_professional_standards: bool,
        target: Option<Timestamp>,
        reason: String,
    },
    ExtensionRequested {
        part: u32,
        reason: String,
        new_date: Date,
    },
    ExtensionAgreed {
        part: u32,
        target: Timestamp,
        reason: String,
        note: String,
    },
    ExtensionRefused {
        part: u32,
        note: String,
    },
    InterimResponseSent {
        part: u32,
    },
    ResponseDrafted {
        part: u32,
    },
    ResponseApproved {
        part: u32,
    },
    ResponseSent {
        part: u32,
    },
    OutcomeRecorded {
        part: u32,
        outcome: Outcome,
    },
    PartClosed {
        part: u32,
    },
    Closed {
        closure: Closure,
    },
    /// Closed without an outcome; the clocks named were still running.
    Withdrawn {
        withdrawal: Withdrawal,
        cancelled_clocks: Vec<String>,
    },
}

impl Happened {
    /// The part this happened to, if it was one part.
    pub fn part(&self) -> Option<u32> {
        use Happened::*;
        match self {
            Allocated { part, .. }
            | SentForInvestigation { part }
            | Acknowledged { part }
            | EvidenceRequested { part }
            | UpdateSent { part }
            | Reallocated { part, .. }
            | Recategorised { part, .. }
            | ExtensionRequested { part, .. }
            | ExtensionAgreed { part, .. }
            | ExtensionRefused { part, .. }
            | InterimResponseSent { part }
            | ResponseDrafted { part }
            | ResponseApproved { part }
            | ResponseSent { part }
            | OutcomeRecorded { part, .. }
            | PartClosed { part } => Some(*part),
            Received | Translated | Triaged { .. } | ForwardedToHub | Logged { .. } | Closed { .. } | Withdrawn { .. } => None,
        }
    }

    /// The procedure's milestone this is, for the clocks. Withdrawal is not
    /// one here: it cancels clocks rather than meeting them.
    pub fn milestone(&self) -> Option<Milestone> {
        use Happened::*;
        Some(match self {
            Received => Milestone::Received,
            Translated => Milestone::Translated,
            ForwardedToHub => Milestone::ForwardedToHub,
            Logged { .. } => Milestone::Logged,
            Allocated { .. } => Milestone::Allocated,
            SentForInvestigation { .. } => Milestone::SentForInvestigation,
            Acknowledged { .. } => Milestone::Acknowledged,
            EvidenceRequested { .. } => Milestone::EvidenceRequested,
            UpdateSent { .. } => Milestone::UpdateSent,
            InterimResponseSent { .. } => Milestone::InterimResponseSent,
            ResponseSent { .. } => Milestone::ResponseSent,
            OutcomeRecorded { .. } => Milestone::OutcomeRecorded,
            _ => return None,
        })
    }

    /// A short line for the history and the audit trail; free text (reasons,
    /// notes, how withdrawn) stays in the event, not the summary.
    pub fn summary(&self) -> String {
        use Happened::*;
        match self {
            Received => "Complaint received".into(),
            Translated => "Translation received".into(),
            Triaged { decision } => format!("Triaged as {}", decision.category),
            ForwardedToHub => "Forwarded to the allocation hub".into(),
            Logged { reference } => format!("Logged as {reference}"),
            Allocated { part, body, .. } => format!("Part {part} allocated to {body}"),
            SentForInvestigation { part } => format!("Part {part} sent for investigation"),
            Acknowledged { part } => format!("Part {part} acknowledged"),
            EvidenceRequested { part } => format!("Further evidence requested on part {part}"),
            UpdateSent { part } => format!("Update sent on part {part}"),
            Reallocated { part, from_body, to_body, .. } => format!("Part {part} reallocated from {from_body} to {to_body}"),
            Recategorised { part, from, to, returned_by_professional_standards: true, .. } => {
                format!("Part {part} returned by professional standards and recategorised from {from} to {to}")
            }
            Recategorised { part, from, to, .. } => format!("Part {part} recategorised from {from} to {to}"),
            ExtensionRequested { part, new_date, .. } => format!("Extension to {new_date} requested on part {part}"),
            ExtensionAgreed { part, .. } => format!("Extension agreed on part {part}"),
            ExtensionRefused { part, .. } => format!("Extension refused on part {part}"),
            InterimResponseSent { part } => format!("Interim response sent on part {part}"),
            ResponseDrafted { part } => format!("Response to part {part} drafted"),
            ResponseApproved { part } => format!("Response to part {part} approved"),
            ResponseSent { part } => format!("Response to part {part} sent"),
            OutcomeRecorded { part, outcome } => format!("Outcome of part {part}: {outcome}"),
            PartClosed { part } => format!("Part {part} closed"),
            Closed { .. } => "Complaint closed".into(),
            Withdrawn { withdrawal, .. } => {
                format!(
                    "Complaint withdrawn on {} ({}); closed without an outcome",
                    withdrawal.on,
                    withdrawal.method.label().to_lowercase()
                )
            }
        }
    }
}
