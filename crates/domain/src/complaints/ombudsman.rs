//! Escalation after the response: the complainant, still dissatisfied,
//! takes the complaint to an independent body (seed 002 paras 37–39, 48;
//! domain reference A3). Casebook records which body, when, their
//! reference, their outcome and any recommendations, so the unit can see
//! what happened to its answers and feed recommendations into lessons
//! learned. Which bodies, by which way (direct, through an MP, passed on
//! by the complaints unit) and within what time are the procedure's data:
//! the escalation route for the complaint's category and nation
//! (`Procedure::escalation_route`). The body
//! decides; we only refuse records that cannot be true (a body not on the
//! route, an outcome before an escalation, dates before the response).

use super::procedure::{EscalationStep, Ombudsman, Via};
use crate::calendar::london_date;
use crate::validation::required_text;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 2_000;
const REFERENCE_MAX: usize = 64;

/// What the body decided, in its own terms (not the unit's three outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OmbudsmanOutcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
    DeclinedToInvestigate,
    /// The complainant withdrew the escalation.
    Withdrawn,
}

impl OmbudsmanOutcome {
    pub const ALL: [OmbudsmanOutcome; 5] = [
        OmbudsmanOutcome::Upheld,
        OmbudsmanOutcome::PartlyUpheld,
        OmbudsmanOutcome::NotUpheld,
        OmbudsmanOutcome::DeclinedToInvestigate,
        OmbudsmanOutcome::Withdrawn,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            OmbudsmanOutcome::Upheld => "upheld",
            OmbudsmanOutcome::PartlyUpheld => "partly-upheld",
            OmbudsmanOutcome::NotUpheld => "not-upheld",
            OmbudsmanOutcome::DeclinedToInvestigate => "declined-to-investigate",
            OmbudsmanOutcome::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OmbudsmanOutcome::Upheld => "Upheld",
            OmbudsmanOutcome::PartlyUpheld => "Partly upheld",
            OmbudsmanOutcome::NotUpheld => "Not upheld",
            OmbudsmanOutcome::DeclinedToInvestigate => "Declined to investigate",
            OmbudsmanOutcome::Withdrawn => "Withdrawn",
        }
    }

    /// Only an investigation produces recommendations: a body that declined
    /// or a complainant who withdrew leaves none.
    pub fn was_investigated(self) -> bool {
        !matches!(self, OmbudsmanOutcome::DeclinedToInvestigate | OmbudsmanOutcome::Withdrawn)
    }
}

crate::slug::slug_enum_traits!(OmbudsmanOutcome, UnknownOmbudsmanOutcome, "ombudsman outcome");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: OmbudsmanOutcome,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub text: String,
    pub on: Date,
}

/// One escalation of one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub body: Ombudsman,
    pub via: Via,
    pub escalated_on: Date,
    /// The MP who referred it, when the route goes through an MP.
    pub mp: Option<String>,
    /// The body's own reference, often known only later.
    pub reference: Option<String>,
    /// Escalated after the body's time limit (a note, not a refusal).
    pub late: bool,
    pub decision: Option<Decision>,
    pub recommendations: Vec<Recommendation>,
}

/// Every escalation of one complaint, oldest first. A complaint may go on
/// from one body to the next (e.g. the Independent Examiner, then the PHSO
/// through an MP), each once the one before has decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationState {
    pub escalations: Vec<Escalation>,
}

impl EscalationState {
    /// The latest escalation, which outcomes and references are recorded on.
    pub fn current(&self) -> Option<&Escalation> {
        self.escalations.last()
    }

    /// With a body now, waiting for its outcome.
    pub fn is_open(&self) -> bool {
        self.current().is_some_and(|e| e.decision.is_none())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum EscalationCommand {
    Escalate { body: Ombudsman, on: Date, mp: Option<String>, reference: Option<String> },
    RecordReference { reference: String },
    RecordOutcome { outcome: OmbudsmanOutcome, on: Date },
    RecordRecommendation { text: String, on: Date },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EscalationEvent {
    Escalated { body: Ombudsman, on: Date, late: bool },
    ReferenceRecorded { reference: String },
    OutcomeRecorded { outcome: OmbudsmanOutcome, on: Date },
    RecommendationRecorded { on: Date },
}

impl EscalationEvent {
    /// The audit action, e.g. `complaint.escalated`.
    pub fn action(&self) -> &'static str {
        match self {
            EscalationEvent::Escalated { .. } => "complaint.escalated",
            EscalationEvent::ReferenceRecorded { .. } => "complaint.escalation_reference_recorded",
            EscalationEvent::OutcomeRecorded { .. } => "complaint.escalation_outcome_recorded",
            EscalationEvent::RecommendationRecorded { .. } => "complaint.escalation_recommendation_recorded",
        }
    }
}

/// Why a command was refused; nothing changes when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscalationError {
    #[error("The complaint has not been responded to, so it cannot be escalated yet")]
    NotResponded,
    #[error("The complaint is still with the {}: record its outcome before escalating again", .0.label())]
    StillWithOmbudsman(Ombudsman),
    #[error("The {} has already decided this complaint", .0.label())]
    AlreadyDecidedBy(Ombudsman),
    #[error("The complaint has not been escalated, so there is nothing to record against an ombudsman")]
    NotEscalated,
    #[error("The ombudsman's outcome has already been recorded")]
    OutcomeAlreadyRecorded,
    #[error("Record the ombudsman's outcome before its recommendations")]
    NoOutcomeYet,
    #[error("The outcome was \"{}\", so there are no recommendations to record", .0.label())]
    NotInvestigated(OmbudsmanOutcome),
    #[error("The date, {date}, is before {before} on {earliest}")]
    TooEarly { field: &'static str, date: Date, before: &'static str, earliest: Date },
    #[error("The date, {date}, is in the future")]
    InFuture { field: &'static str, date: Date },
    #[error("The {} is not on this complaint's escalation route", .0.label())]
    NotOnRoute(Ombudsman),
    #[error("Enter the name of the MP who referred the complaint to the {}", .0.label())]
    MpRequired(Ombudsman),
    #[error("Complaints reach the {} without an MP", .0.label())]
    MpNotExpected(Ombudsman),
    #[error("{message}")]
    Text { field: &'static str, message: String },
}

impl EscalationError {
    /// The form field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            EscalationError::TooEarly { field, .. } | EscalationError::InFuture { field, .. } | EscalationError::Text { field, .. } => {
                field
            }
            EscalationError::MpRequired(_) | EscalationError::MpNotExpected(_) => "mp",
            EscalationError::NotOnRoute(_) => "body",
            EscalationError::NotInvestigated(_) | EscalationError::NoOutcomeYet => "recommendation",
            EscalationError::NotResponded
            | EscalationError::StillWithOmbudsman(_)
            | EscalationError::AlreadyDecidedBy(_)
            | EscalationError::NotEscalated
            | EscalationError::OutcomeAlreadyRecorded => "escalation",
        }
    }
}

/// What the escalation rules need to know about the complaint.
#[derive(Debug, Clone, Copy)]
pub struct AfterResponse<'a> {
    /// The complaint's response date; `None` until it has been answered.
    pub responded_on: Option<Date>,
    /// The steps of the procedure's escalation route for the complaint's
    /// category and nation.
    pub route: &'a [EscalationStep],
}

/// Applies a command to a complaint's escalations; `now` is read at the
/// edge and gives today's London date.
pub fn decide(
    state: &EscalationState,
    command: EscalationCommand,
    complaint: AfterResponse<'_>,
    now: Timestamp,
) -> Result<(EscalationState, EscalationEvent), EscalationError> {
    let today = london_date(now);
    let mut next = state.clone();
    let current = next.escalations.last_mut();
    let event = match (current, command) {
        (current, EscalationCommand::Escalate { body, on, mp, reference }) => {
            let responded = complaint.responded_on.ok_or(EscalationError::NotResponded)?;
            let (before, earliest) = match current {
                Some(e) => match &e.decision {
                    None => return Err(EscalationError::StillWithOmbudsman(e.body)),
                    Some(decision) => ("the previous ombudsman's outcome", decision.on),
                },
                None => ("the response", responded),
            };
            let step = complaint.route.iter().find(|s| s.ombudsman == body).ok_or(EscalationError::NotOnRoute(body))?;
            if state.escalations.iter().any(|e| e.body == body) {
                return Err(EscalationError::AlreadyDecidedBy(body));
            }
            check_date("on", on, today, before, earliest)?;
            let mp = match (step.via, mp) {
                (Via::MemberOfParliament, Some(name)) => Some(text("mp", &name, "the MP's name", TEXT_MAX)?),
                (Via::MemberOfParliament, None) => return Err(EscalationError::MpRequired(body)),
                (_, Some(name)) if !name.trim().is_empty() => return Err(EscalationError::MpNotExpected(body)),
                (_, _) => None,
            };
            let reference =
                reference.filter(|r| !r.trim().is_empty()).map(|r| text("reference", &r, "their reference", REFERENCE_MAX)).transpose()?;
            // The route's time limit counts from the response; a late
            // escalation is noted, not refused: the body decides what it takes.
            let late = step.within_months.and_then(|m| responded.checked_add(i64::from(m).months()).ok()).is_some_and(|limit| on > limit);
            let via = step.via;
            next.escalations.push(Escalation {
                body,
                via,
                escalated_on: on,
                mp,
                reference,
                late,
                decision: None,
                recommendations: Vec::new(),
            });
            EscalationEvent::Escalated { body, on, late }
        }
        (None, _) => return Err(EscalationError::NotEscalated),
        (Some(e), EscalationCommand::RecordReference { reference }) => {
            let reference = text("reference", &reference, "their reference", REFERENCE_MAX)?;
            e.reference = Some(reference.clone());
            EscalationEvent::ReferenceRecorded { reference }
        }
        (Some(e), EscalationCommand::RecordOutcome { outcome, on }) => {
            if e.decision.is_some() {
                return Err(EscalationError::OutcomeAlreadyRecorded);
            }
            check_date("on", on, today, "the escalation", e.escalated_on)?;
            e.decision = Some(Decision { outcome, on });
            EscalationEvent::OutcomeRecorded { outcome, on }
        }
        (Some(e), EscalationCommand::RecordRecommendation { text: words, on }) => {
            let decision = e.decision.as_ref().ok_or(EscalationError::NoOutcomeYet)?;
            if !decision.outcome.was_investigated() {
                return Err(EscalationError::NotInvestigated(decision.outcome));
            }
            check_date("on", on, today, "the outcome", decision.on)?;
            let words = text("recommendation", &words, "the recommendation", TEXT_MAX)?;
            e.recommendations.push(Recommendation { text: words, on });
            EscalationEvent::RecommendationRecorded { on }
        }
    };
    Ok((next, event))
}

fn check_date(field: &'static str, date: Date, today: Date, before: &'static str, earliest: Date) -> Result<(), EscalationError> {
    if date < earliest {
        return Err(EscalationError::TooEarly { field, date, before, earliest });
    }
    if date > today {
        return Err(EscalationError::InFuture { field, date });
    }
    Ok(())
}

fn text(field: &'static str, raw: &str, what: &str, max: usize) -> Result<String, EscalationError> {
    required_text(raw, what, max).map_err(|message| EscalationError::Text { field, message })
}

#[cfg(test)]
#[path = "ombudsman_tests.rs"]
mod tests;
