//! The commands that act on one part of an allocated complaint: sending,
//! acknowledging, reallocating, recategorising, extending, responding and
//! closing. Called by [`super::complaint::decide`], which has already
//! checked the time and that the complaint is allocated.

use super::complaint::{Command, Complaint, Rejection, check_body, check_investigator, classify, pending, target_on, text};
use super::events::Happened;
use super::parts::{ExtensionRequest, Part, ResponseStage, target_for};
use super::procedure::{BodyKind, Procedure};
use crate::calendar::{WorkingCalendar, london_date};
use crate::validation::FieldErrors;
use jiff::Timestamp;

/// Applies a part command to `next` (a copy of the complaint), returning who
/// did it and what happened.
pub(super) fn decide_part(
    next: &mut Complaint,
    command: Command,
    now: Timestamp,
    procedure: &Procedure,
    cal: &WorkingCalendar,
) -> Result<(i64, Happened), Rejection> {
    let translation = next.receipt.translation_needed;
    let received_for = |c: &Complaint, category: &str| c.received_for(procedure, category);
    match command {
        Command::SendForInvestigation { by, part } => {
            let p = open_part(next, part)?;
            once(&mut p.sent_for_investigation_at, part, "sent for investigation", now)?;
            Ok((by, Happened::SentForInvestigation { part }))
        }
        Command::Acknowledge { by, part } => {
            let p = open_part(next, part)?;
            once(&mut p.acknowledged_at, part, "acknowledged", now)?;
            Ok((by, Happened::Acknowledged { part }))
        }
        Command::RequestEvidence { by, part } => {
            let p = open_part(next, part)?;
            once(&mut p.evidence_requested_at, part, "asked for further evidence", now)?;
            Ok((by, Happened::EvidenceRequested { part }))
        }
        Command::SendUpdate { by, part } => {
            let p = open_part(next, part)?;
            if matches!(p.response, ResponseStage::Sent { .. }) {
                return Err(Rejection::AlreadyDone { part, what: "answered" });
            }
            p.updates_sent.push(now);
            Ok((by, Happened::UpdateSent { part }))
        }
        Command::Reallocate { by, part, body, investigator, reason } => {
            let mut errors = FieldErrors::new();
            check_body(procedure, &body, &mut errors);
            check_investigator(investigator, &mut errors);
            let reason = errors.check("reason", text(&reason, "reason", "the reason for reallocating").map_err(|e| e.to_string()));
            errors.into_result(()).map_err(Rejection::Invalid)?;
            let p = open_part(next, part)?;
            if p.body == body.trim() && p.investigator == investigator {
                return Err(invalid("body", format!("Part {part} is already allocated to this body and investigator")));
            }
            let (from_body, from_investigator) = (p.body.clone(), p.investigator);
            // The complainant was told the target date; moving the work to
            // the right body does not change it.
            p.body = body.trim().to_owned();
            p.investigator = investigator;
            let to_body = p.body.clone();
            Ok((
                by,
                Happened::Reallocated {
                    part,
                    from_body,
                    from_investigator,
                    to_body,
                    to_investigator: investigator,
                    reason: reason.unwrap_or_default(),
                },
            ))
        }
        Command::Recategorise { by, part, category, subcategory, reason } => {
            let reason = text(&reason, "reason", "the reason for recategorising")?;
            let (category, subcategory) = classify(procedure, &category, subcategory.as_deref())?;
            let received = {
                let c: &Complaint = next;
                received_for(c, &category)
            };
            let p = open_part(next, part)?;
            if !matches!(p.response, ResponseStage::NotStarted) {
                return Err(Rejection::AlreadyDone { part, what: "given a draft response, so its category is settled" });
            }
            let returned = procedure.body(&p.body).is_some_and(|b| b.kind == BodyKind::ProfessionalStandards);
            let from = std::mem::replace(&mut p.category, category.clone());
            p.subcategory = subcategory;
            // The new category's own limit, counted from the original receipt
            // or allocation; agreed extensions were for the old one.
            p.target = target_for(procedure, cal, &category, translation, received, p.allocated_at);
            p.extension_requested = None;
            Ok((
                by,
                Happened::Recategorised {
                    part,
                    from,
                    to: category,
                    returned_by_professional_standards: returned,
                    target: p.target,
                    reason,
                },
            ))
        }
        Command::RequestExtension { by, part, reason, new_date } => {
            let reason = text(&reason, "reason", "the reason for the extension")?;
            let p = open_part(next, part)?;
            let Some(target) = p.target else { return Err(Rejection::NoTarget(part)) };
            if matches!(p.response, ResponseStage::Sent { .. }) {
                return Err(Rejection::AlreadyDone { part, what: "answered" });
            }
            if pending(p).is_some() {
                return Err(Rejection::ExtensionPending(part));
            }
            if new_date <= london_date(target) {
                return Err(invalid("new_date", format!("The new target date must be after the current one, {}", london_date(target))));
            }
            if new_date < london_date(now) {
                return Err(invalid("new_date", "The new target date cannot be in the past"));
            }
            p.extension_requested = Some(ExtensionRequest { by, at: now, reason: reason.clone(), new_date });
            Ok((by, Happened::ExtensionRequested { part, reason, new_date }))
        }
        Command::DecideExtension { by, part, agree, note } => {
            let p = open_part(next, part)?;
            let Some(request) = p.extension_requested.clone() else { return Err(Rejection::NoExtensionRequested(part)) };
            if agree {
                if request.new_date < london_date(now) {
                    return Err(invalid("new_date", "The requested date has passed: ask for a new one"));
                }
                p.target = Some(target_on(request.new_date));
                p.extensions_agreed += 1;
                p.extension_requested = None;
                let target = target_on(request.new_date);
                Ok((by, Happened::ExtensionAgreed { part, target, reason: request.reason, note: note.trim().to_owned() }))
            } else {
                let note = text(&note, "note", "why the extension is refused")?;
                p.extension_requested = None;
                Ok((by, Happened::ExtensionRefused { part, note }))
            }
        }
        Command::RecordInterimResponse { by, part } => {
            let p = open_part(next, part)?;
            if p.extensions_agreed == 0 {
                return Err(Rejection::NoAgreedExtension(part));
            }
            p.interim_response_at = Some(now);
            Ok((by, Happened::InterimResponseSent { part }))
        }
        Command::DraftResponse { by, part } => {
            let p = open_part(next, part)?;
            if p.sent_for_investigation_at.is_none() {
                return Err(Rejection::NotSentForInvestigation(part));
            }
            if matches!(p.response, ResponseStage::Sent { .. }) {
                return Err(Rejection::AlreadyDone { part, what: "answered" });
            }
            // A new draft after approval needs approving again.
            p.response = ResponseStage::Drafted { by, at: now };
            Ok((by, Happened::ResponseDrafted { part }))
        }
        Command::ApproveResponse { by, part } => {
            let p = open_part(next, part)?;
            let ResponseStage::Drafted { by: author, .. } = p.response else { return Err(Rejection::NotDrafted(part)) };
            if author == by {
                return Err(Rejection::ApprovedByAuthor(part));
            }
            p.response = ResponseStage::Approved { drafted_by: author, by, at: now };
            Ok((by, Happened::ResponseApproved { part }))
        }
        Command::SendResponse { by, part } => {
            let healthcare = answered_elsewhere(procedure, next, part);
            let p = open_part(next, part)?;
            match (&p.response, healthcare) {
                (ResponseStage::Sent { .. }, _) => return Err(Rejection::AlreadyDone { part, what: "answered" }),
                (ResponseStage::Approved { .. }, _) | (ResponseStage::NotStarted, true) => {}
                _ => return Err(Rejection::NotApproved(part)),
            }
            p.response = ResponseStage::Sent { at: now };
            p.extension_requested = None;
            Ok((by, Happened::ResponseSent { part }))
        }
        Command::RecordOutcome { by, part, outcome } => {
            let p = open_part(next, part)?;
            if !matches!(p.response, ResponseStage::Sent { .. }) {
                return Err(Rejection::NotSent(part));
            }
            if p.outcome.is_some() {
                return Err(Rejection::AlreadyDone { part, what: "given an outcome" });
            }
            p.outcome = Some(outcome);
            Ok((by, Happened::OutcomeRecorded { part, outcome }))
        }
        Command::ClosePart { by, part } => {
            let p = open_part(next, part)?;
            if p.outcome.is_none() {
                return Err(Rejection::NoOutcome(part));
            }
            p.closed_at = Some(now);
            Ok((by, Happened::PartClosed { part }))
        }
        // decide handles the rest before calling here.
        Command::RecordTranslation { .. }
        | Command::Triage { .. }
        | Command::ForwardToHub { .. }
        | Command::Log { .. }
        | Command::Allocate { .. }
        | Command::Close { .. }
        | Command::Withdraw { .. } => Err(Rejection::WrongState { state: "allocated", action: "changed that way" }),
    }
}

fn open_part(complaint: &mut Complaint, number: u32) -> Result<&mut Part, Rejection> {
    let part = complaint.parts.iter_mut().find(|p| p.number == number).ok_or(Rejection::NoSuchPart(number))?;
    if !part.is_open() {
        return Err(Rejection::PartClosed(number));
    }
    Ok(part)
}

fn once(slot: &mut Option<Timestamp>, part: u32, what: &'static str, now: Timestamp) -> Result<(), Rejection> {
    if slot.is_some() {
        return Err(Rejection::AlreadyDone { part, what });
    }
    *slot = Some(now);
    Ok(())
}

/// A part answered under another body's own procedure (a healthcare
/// provider in Scotland or Northern Ireland, para 19): the unit records the
/// response date and outcome, not a draft.
fn answered_elsewhere(procedure: &Procedure, complaint: &Complaint, part: u32) -> bool {
    complaint.part(part).and_then(|p| procedure.body(&p.body)).is_some_and(|b| b.kind == BodyKind::Healthcare)
}

fn invalid(field: &str, message: impl Into<String>) -> Rejection {
    Rejection::Invalid(FieldErrors::single(field, message))
}
