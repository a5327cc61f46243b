//! A complaint's life as a pure state machine (detention order paras
//! 36, 44-48): `decide(complaint, command, now, procedure, calendar)`
//! returns the next complaint and the events to record, or a typed
//! [`Rejection`] that changes nothing.
//!
//! received → (translated) → triaged (or closed: refused out of time,
//! redirected, passed to healthcare) → logged with a reference → parts
//! allocated, each acknowledged, sent for investigation, responded to and
//! closed → closed. Withdrawal ends any open complaint. Every change is an
//! [`Event`] with who and when; the complaint keeps them all as its history.

use super::parts::{ExtensionRequest, Outcome, Part, ResponseStage, target_for};
use super::procedure::{BodyKind, Procedure};
use super::receipt::NewComplaint;
use super::triage::{Disposition, TriageContext, TriageDecision, TriageInput, triage};
use super::withdrawal::{ComplaintStanding, Withdraw, Withdrawal, WithdrawalRejection, withdraw};
use crate::calendar::{WorkingCalendar, end_of_day, london_date};
use crate::nation::Nation;
use crate::validation::{FieldErrors, required_text};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use super::events::{Closure, Event, Happened};

const REASON_MAX: usize = 2_000;

/// The site a complaint belongs to: its code goes in the reference, its
/// nation picks the calendar and the healthcare route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRef {
    pub code: String,
    pub nation: Nation,
}

/// Where the complaint as a whole stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum State {
    /// Waiting for triage (and for its translation, if it needs one).
    Received,
    Triaged,
    Logged,
    /// At least one part allocated.
    Allocated,
    Closed {
        at: Timestamp,
        closure: Closure,
    },
    Withdrawn {
        at: Timestamp,
        withdrawal: Withdrawal,
    },
}

impl State {
    pub fn label(&self) -> &'static str {
        match self {
            State::Received => "received",
            State::Triaged => "triaged",
            State::Logged => "logged",
            State::Allocated => "allocated",
            State::Closed { .. } => "closed",
            State::Withdrawn { .. } => "withdrawn",
        }
    }

    pub fn is_open(&self) -> bool {
        !matches!(self, State::Closed { .. } | State::Withdrawn { .. })
    }
}

/// A complaint and its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub site: SiteRef,
    pub receipt: NewComplaint,
    pub state: State,
    pub translated_at: Option<Timestamp>,
    pub forwarded_at: Option<Timestamp>,
    pub triage: Option<TriageDecision>,
    pub reference: Option<String>,
    pub logged_at: Option<Timestamp>,
    pub parts: Vec<Part>,
    pub history: Vec<Event>,
}

/// What someone asks the workflow to do. `by` is the user doing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Command {
    RecordTranslation {
        by: i64,
    },
    Triage {
        by: i64,
        input: TriageInput,
    },
    ForwardToHub {
        by: i64,
    },
    /// `sequence` is the next number in the reference's sequence, from the store.
    Log {
        by: i64,
        sequence: u64,
    },
    /// Allocates a part; a second one splits a cross-cutting complaint.
    /// The first part takes triage's category when none is given.
    Allocate {
        by: i64,
        category: Option<String>,
        subcategory: Option<String>,
        body: String,
        investigator: i64,
    },
    SendForInvestigation {
        by: i64,
        part: u32,
    },
    Acknowledge {
        by: i64,
        part: u32,
    },
    RequestEvidence {
        by: i64,
        part: u32,
    },
    SendUpdate {
        by: i64,
        part: u32,
    },
    Reallocate {
        by: i64,
        part: u32,
        body: String,
        investigator: i64,
        reason: String,
    },
    Recategorise {
        by: i64,
        part: u32,
        category: String,
        subcategory: Option<String>,
        reason: String,
    },
    RequestExtension {
        by: i64,
        part: u32,
        reason: String,
        new_date: Date,
    },
    DecideExtension {
        by: i64,
        part: u32,
        agree: bool,
        note: String,
    },
    RecordInterimResponse {
        by: i64,
        part: u32,
    },
    DraftResponse {
        by: i64,
        part: u32,
    },
    ApproveResponse {
        by: i64,
        part: u32,
    },
    SendResponse {
        by: i64,
        part: u32,
    },
    RecordOutcome {
        by: i64,
        part: u32,
        outcome: Outcome,
    },
    ClosePart {
        by: i64,
        part: u32,
    },
    Close {
        by: i64,
    },
    Withdraw {
        by: i64,
        withdrawal: Withdraw,
    },
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("The complaint is {state}, so it cannot be {action}")]
    WrongState { state: &'static str, action: &'static str },
    #[error("The complaint is waiting for its translation")]
    AwaitingTranslation,
    #[error("The complaint does not need translating")]
    NoTranslationNeeded,
    #[error("The complaint has no part {0}")]
    NoSuchPart(u32),
    #[error("Part {0} is closed")]
    PartClosed(u32),
    #[error("This cannot be recorded before the complaint's last event")]
    BeforeLastEvent,
    #[error("Part {part} has already been {what}")]
    AlreadyDone { part: u32, what: &'static str },
    #[error("Part {0} has no target date to extend: another body's timescales apply")]
    NoTarget(u32),
    #[error("Part {0} already has an extension request waiting for an answer")]
    ExtensionPending(u32),
    #[error("Part {0} has no extension request to answer")]
    NoExtensionRequested(u32),
    #[error("An interim response on part {0} needs an agreed extension")]
    NoAgreedExtension(u32),
    #[error("Part {0} must be sent for investigation before its response is drafted")]
    NotSentForInvestigation(u32),
    #[error("The response to part {0} must be drafted before it is approved")]
    NotDrafted(u32),
    #[error("The response to part {0} must be approved before it is sent")]
    NotApproved(u32),
    #[error("The response to part {0} must be approved by someone other than its author")]
    ApprovedByAuthor(u32),
    #[error("The response to part {0} has not been sent")]
    NotSent(u32),
    #[error("Record the outcome of part {0} before closing it")]
    NoOutcome(u32),
    #[error("Parts {} are still open", list(.0))]
    PartsOpen(Vec<u32>),
    #[error("{0}")]
    Withdrawal(WithdrawalRejection),
    #[error("{0}")]
    Invalid(FieldErrors),
}

fn list(parts: &[u32]) -> String {
    parts.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

impl Rejection {
    /// The problem as field errors for a form (`state` when no field is at fault).
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            Rejection::Invalid(errors) => errors.clone(),
            Rejection::Withdrawal(rejection) => rejection.field_errors(),
            Rejection::BeforeLastEvent => FieldErrors::single("at", self.to_string()),
            Rejection::NoSuchPart(_) => FieldErrors::single("part", self.to_string()),
            other => FieldErrors::single("state", other.to_string()),
        }
    }
}

impl Complaint {
    /// A complaint just received: the first event of its history.
    pub fn receive(receipt: NewComplaint, site: SiteRef, by: i64) -> (Complaint, Vec<Event>) {
        let event = Event { at: receipt.received_at, by, what: Happened::Received };
        let complaint = Complaint {
            site,
            receipt,
            state: State::Received,
            translated_at: None,
            forwarded_at: None,
            triage: None,
            reference: None,
            logged_at: None,
            parts: Vec::new(),
            history: vec![event.clone()],
        };
        (complaint, vec![event])
    }

    pub fn awaiting_translation(&self) -> bool {
        self.receipt.translation_needed && self.translated_at.is_none()
    }

    /// When the complaint counts as received for `category`: the
    /// translation's arrival for categories that say so (healthcare, para 45).
    pub fn received_for(&self, procedure: &Procedure, category: &str) -> Timestamp {
        let when_translated = procedure.category(category).is_some_and(|c| c.received_when_translated);
        match (when_translated, self.translated_at) {
            (true, Some(at)) => at,
            _ => self.receipt.received_at,
        }
    }

    pub fn part(&self, number: u32) -> Option<&Part> {
        self.parts.iter().find(|p| p.number == number)
    }

    pub fn open_parts(&self) -> Vec<u32> {
        self.parts.iter().filter(|p| p.is_open()).map(|p| p.number).collect()
    }
}

/// Applies `command` at `now` (read once at the edge) under `procedure`,
/// on the site's working calendar.
pub fn decide(
    complaint: &Complaint,
    command: Command,
    now: Timestamp,
    procedure: &Procedure,
    cal: &WorkingCalendar,
) -> Result<(Complaint, Vec<Event>), Rejection> {
    if complaint.history.last().is_some_and(|e| now < e.at) {
        return Err(Rejection::BeforeLastEvent);
    }
    let mut next = complaint.clone();
    let state = complaint.state.label();
    let wrong = |action: &'static str| Rejection::WrongState { state, action };
    let (by, what) = match command {
        Command::Withdraw { by, withdrawal } => {
            let closed_on = match &complaint.state {
                State::Closed { at, .. } | State::Withdrawn { at, .. } => Some(london_date(*at)),
                _ => None,
            };
            let clocks = super::clocks::complaint_clocks(procedure, cal, complaint, now);
            let standing = ComplaintStanding {
                received_on: london_date(complaint.receipt.received_at),
                closed_on,
                open_clocks: clocks.iter().filter(|c| !c.clock.is_finished()).map(|c| c.key.clone()).collect(),
            };
            let effect = withdraw(&standing, withdrawal, now).map_err(Rejection::Withdrawal)?;
            next.state = State::Withdrawn { at: now, withdrawal: effect.withdrawal.clone() };
            (by, Happened::Withdrawn { withdrawal: effect.withdrawal, cancelled_clocks: effect.clocks_to_cancel })
        }
        Command::RecordTranslation { by } => {
            if complaint.state != State::Received {
                return Err(wrong("translated"));
            }
            if !complaint.receipt.translation_needed {
                return Err(Rejection::NoTranslationNeeded);
            }
            if complaint.translated_at.is_some() {
                return Err(wrong("translated again"));
            }
            next.translated_at = Some(now);
            (by, Happened::Translated)
        }
        Command::Triage { by, input } => {
            if complaint.state != State::Received {
                return Err(wrong("triaged"));
            }
            if complaint.awaiting_translation() {
                return Err(Rejection::AwaitingTranslation);
            }
            let ctx = TriageContext {
                nation: complaint.site.nation,
                setting: complaint.receipt.setting,
                received: london_date(complaint.received_for(procedure, input.category.trim())),
                incident: complaint.receipt.incident_date,
                now,
            };
            let decision = triage(procedure, &input, ctx).map_err(Rejection::Invalid)?;
            next.state = match &decision.disposition {
                Disposition::Investigate { .. } => State::Triaged,
                Disposition::RefusedOutOfTime => State::Closed { at: now, closure: Closure::RefusedOutOfTime },
                Disposition::Redirected => State::Closed { at: now, closure: Closure::Redirected },
                Disposition::PassedToHealthcare { .. } => {
                    // Para 11: only the complainant and the date passed on are kept.
                    next.receipt.summary = String::new();
                    next.receipt.incident_date = None;
                    State::Closed { at: now, closure: Closure::PassedToHealthcare }
                }
            };
            next.triage = Some(decision.clone());
            (by, Happened::Triaged { decision: Box::new(decision) })
        }
        Command::ForwardToHub { by } => {
            if complaint.state != State::Triaged || complaint.forwarded_at.is_some() {
                return Err(wrong("forwarded to the allocation hub"));
            }
            next.forwarded_at = Some(now);
            (by, Happened::ForwardedToHub)
        }
        Command::Log { by, sequence } => {
            if complaint.state != State::Triaged {
                return Err(wrong("logged"));
            }
            let year = london_date(complaint.receipt.received_at).year();
            let reference = procedure.reference_format.format(&complaint.site.code, year, sequence);
            next.reference = Some(reference.clone());
            next.logged_at = Some(now);
            next.state = State::Logged;
            (by, Happened::Logged { reference })
        }
        Command::Allocate { by, category, subcategory, body, investigator } => {
            if !matches!(complaint.state, State::Logged | State::Allocated) {
                return Err(wrong("allocated"));
            }
            let (category, subcategory) = match (category, &complaint.triage) {
                (Some(c), _) => (c, subcategory),
                (None, Some(t)) if complaint.parts.is_empty() => (t.category.clone(), subcategory.or_else(|| t.subcategory.clone())),
                (None, _) => return Err(Rejection::Invalid(FieldErrors::single("category", "Choose the category of this part"))),
            };
            let (category, subcategory) = classify(procedure, &category, subcategory.as_deref())?;
            let mut errors = FieldErrors::new();
            check_body(procedure, &body, &mut errors);
            check_investigator(investigator, &mut errors);
            errors.into_result(()).map_err(Rejection::Invalid)?;
            let number = complaint.parts.iter().map(|p| p.number).max().unwrap_or(0) + 1;
            let received = complaint.received_for(procedure, &category);
            let target = target_for(procedure, cal, &category, complaint.receipt.translation_needed, received, now);
            next.parts.push(Part {
                number,
                category: category.clone(),
                subcategory,
                body: body.clone(),
                investigator,
                allocated_at: now,
                target,
                sent_for_investigation_at: None,
                acknowledged_at: None,
                evidence_requested_at: None,
                updates_sent: Vec::new(),
                extension_requested: None,
                extensions_agreed: 0,
                interim_response_at: None,
                response: ResponseStage::NotStarted,
                outcome: None,
                closed_at: None,
            });
            next.state = State::Allocated;
            (by, Happened::Allocated { part: number, category, body, investigator, target })
        }
        Command::Close { by } => {
            if complaint.state != State::Allocated {
                return Err(wrong("closed"));
            }
            let open = complaint.open_parts();
            if !open.is_empty() {
                return Err(Rejection::PartsOpen(open));
            }
            next.state = State::Closed { at: now, closure: Closure::Answered };
            (by, Happened::Closed { closure: Closure::Answered })
        }
        part_command => {
            if complaint.state != State::Allocated {
                return Err(wrong("changed part by part"));
            }
            super::part_commands::decide_part(&mut next, part_command, now, procedure, cal)?
        }
    };
    let event = Event { at: now, by, what };
    next.history.push(event.clone());
    Ok((next, vec![event]))
}

pub(super) fn text(raw: &str, field: &str, what: &str) -> Result<String, Rejection> {
    required_text(raw, what, REASON_MAX).map_err(|e| Rejection::Invalid(FieldErrors::single(field, e)))
}

pub(super) fn classify(procedure: &Procedure, category: &str, subcategory: Option<&str>) -> Result<(String, Option<String>), Rejection> {
    let (c, s) = procedure.classify(category.trim(), subcategory.map(str::trim).filter(|s| !s.is_empty())).map_err(Rejection::Invalid)?;
    Ok((c.key.clone(), s.map(|s| s.key.clone())))
}

pub(super) fn check_body(procedure: &Procedure, body: &str, errors: &mut FieldErrors) {
    match procedure.body(body.trim()) {
        None => errors.add("body", format!("\"{}\" is not a body of {}", body.trim(), procedure.name)),
        // A complaint is answered by someone who can investigate it, not by
        // the police or a court's adviser: those are referrals.
        Some(b) if matches!(b.kind, BodyKind::Police | BodyKind::Legal | BodyKind::OtherOrganisation) => {
            errors.add("body", format!("{} cannot be allocated a complaint: refer it instead", b.label));
        }
        Some(_) => {}
    }
}

pub(super) fn check_investigator(investigator: i64, errors: &mut FieldErrors) {
    if investigator <= 0 {
        errors.add("investigator", "Choose the investigator");
    }
}

/// The end of `date` in London: an agreed new target date.
pub(super) fn target_on(date: Date) -> Timestamp {
    end_of_day(date)
}

pub(super) fn pending(part: &Part) -> Option<&ExtensionRequest> {
    part.extension_requested.as_ref()
}

#[cfg(test)]
#[path = "complaint_tests.rs"]
pub(super) mod tests;
