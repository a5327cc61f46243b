//! Ex-gratia payments (seed 002 paras 54–57): what was offered and why,
//! whether it was accepted, when it was paid and when the complainant's
//! signed receipt came back, kept as a register the complaints unit can
//! total per site and per month.
//!
//! Financial loss gets an amount; non-financial loss (e.g. an item of
//! sentimental value) gets a description, and may be offered only once the
//! complaints unit has agreed (para 57). The complaints unit is told of
//! financial offers, acceptances and payments (para 56).

use crate::calendar::london_date;
use crate::validation::required_text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const TEXT_MAX: usize = 2_000;
const REFERENCE_MAX: usize = 100;
/// £10 million: far above any ex-gratia payment, low enough that totals of
/// any register fit comfortably in a `u64` of pence.
pub const MAX_AMOUNT_PENCE: u64 = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Financial,
    NonFinancial,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Financial => "Financial loss",
            Kind::NonFinancial => "Non-financial loss",
        }
    }
}

/// What is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Redress {
    Financial { amount_pence: u64 },
    NonFinancial { description: String },
}

impl Redress {
    pub fn kind(&self) -> Kind {
        match self {
            Redress::Financial { .. } => Kind::Financial,
            Redress::NonFinancial { .. } => Kind::NonFinancial,
        }
    }
}

/// Where a payment stands, derived from what has been recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Proposed,
    /// The complaints unit agreed a non-financial offer.
    Agreed,
    /// Decided not to offer after all; the reason is kept.
    NotOffered,
    Offered,
    Accepted,
    Declined,
    Paid,
    ReceiptRecorded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// The complaints-unit officer who agreed.
    pub by: i64,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub accepted: bool,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub on: Date,
    /// How it was paid, e.g. the transfer or account-credit reference.
    pub reference: String,
}

/// One ex-gratia payment on one complaint, from proposal to receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExGratia {
    pub complaint_id: i64,
    pub site_id: i64,
    pub redress: Redress,
    /// The information and factors considered (para 55).
    pub rationale: String,
    pub proposed_by: i64,
    pub proposed_on: Date,
    pub agreement: Option<Agreement>,
    pub not_offered: Option<(Date, String)>,
    pub offered_on: Option<Date>,
    pub answer: Option<Answer>,
    pub payment: Option<Payment>,
    /// The day the receipt signed by the complainant was recorded.
    pub receipt_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub complaint_id: i64,
    pub site_id: i64,
    pub redress: Redress,
    pub rationale: String,
    pub proposed_by: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum ExGratiaCommand {
    RecordAgreement { by: i64, on: Date },
    DecideNotToOffer { reason: String },
    Offer { on: Date },
    Accept { on: Date },
    Decline { on: Date },
    RecordPayment { on: Date, reference: String },
    RecordReceipt { on: Date },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum ExGratiaEvent {
    Proposed { kind: Kind },
    Agreed { by: i64, on: Date },
    NotOffered,
    Offered { kind: Kind, on: Date },
    Accepted { kind: Kind, on: Date },
    Declined { on: Date },
    Paid { amount_pence: u64, on: Date },
    ReceiptRecorded { on: Date },
}

impl ExGratiaEvent {
    pub fn action(&self) -> &'static str {
        match self {
            ExGratiaEvent::Proposed { .. } => "ex_gratia.proposed",
            ExGratiaEvent::Agreed { .. } => "ex_gratia.agreed",
            ExGratiaEvent::NotOffered => "ex_gratia.not_offered",
            ExGratiaEvent::Offered { .. } => "ex_gratia.offered",
            ExGratiaEvent::Accepted { .. } => "ex_gratia.accepted",
            ExGratiaEvent::Declined { .. } => "ex_gratia.declined",
            ExGratiaEvent::Paid { .. } => "ex_gratia.paid",
            ExGratiaEvent::ReceiptRecorded { .. } => "ex_gratia.receipt_recorded",
        }
    }

    /// The complaints unit must be told when a financial offer is made,
    /// accepted and paid (para 56).
    pub fn tells_complaints_unit(&self) -> bool {
        matches!(
            self,
            ExGratiaEvent::Offered { kind: Kind::Financial, .. }
                | ExGratiaEvent::Accepted { kind: Kind::Financial, .. }
                | ExGratiaEvent::Paid { .. }
        )
    }

    /// Once a financial payment is made and the complaints unit has the
    /// correspondence, the complaint is considered closed (para 56).
    pub fn closes_complaint(&self) -> bool {
        matches!(self, ExGratiaEvent::Paid { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExGratiaError {
    #[error("Enter an amount of at least 1p")]
    ZeroAmount,
    #[error("The amount must be £10,000,000 or less")]
    AmountTooLarge,
    #[error("A non-financial offer needs the complaints unit's agreement before it is made")]
    NeedsAgreement,
    #[error("Financial offers do not need the complaints unit's agreement: they are told when the offer is made")]
    AgreementNotNeeded,
    #[error("Only financial offers are paid; record the signed receipt once a non-financial offer is accepted")]
    NotPayable,
    #[error("This cannot be done while the payment is {}", .0.label())]
    WrongStatus(Status),
    #[error("The date, {date}, is before {before} on {earliest}")]
    TooEarly { date: Date, before: &'static str, earliest: Date },
    #[error("The date, {0}, is in the future")]
    InFuture(Date),
    #[error("{message}")]
    Text { field: &'static str, message: String },
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Agreed => "agreed by the complaints unit",
            Status::NotOffered => "not offered",
            Status::Offered => "offered",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::Paid => "paid",
            Status::ReceiptRecorded => "complete, with the receipt recorded",
        }
    }

    /// No step follows: the receipt is recorded, or the payment was not
    /// offered or was declined.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::ReceiptRecorded | Status::NotOffered | Status::Declined)
    }
}

impl ExGratiaError {
    pub fn field(&self) -> &'static str {
        match self {
            ExGratiaError::ZeroAmount | ExGratiaError::AmountTooLarge => "amount",
            ExGratiaError::TooEarly { .. } | ExGratiaError::InFuture(_) => "on",
            ExGratiaError::Text { field, .. } => field,
            ExGratiaError::NeedsAgreement | ExGratiaError::AgreementNotNeeded => "agreement",
            ExGratiaError::NotPayable | ExGratiaError::WrongStatus(_) => "status",
        }
    }
}

impl ExGratia {
    pub fn status(&self) -> Status {
        match (&self.receipt_on, &self.payment, &self.answer, self.offered_on, &self.not_offered, self.agreement) {
            (Some(_), ..) => Status::ReceiptRecorded,
            (None, Some(_), ..) => Status::Paid,
            (None, None, Some(answer), ..) => {
                if answer.accepted {
                    Status::Accepted
                } else {
                    Status::Declined
                }
            }
            (None, None, None, Some(_), ..) => Status::Offered,
            (None, None, None, None, Some(_), _) => Status::NotOffered,
            (None, None, None, None, None, Some(_)) => Status::Agreed,
            (None, None, None, None, None, None) => Status::Proposed,
        }
    }

    /// The register's line for this payment.
    pub fn register_row(&self) -> RegisterRow {
        let (amount_pence, description) = match &self.redress {
            Redress::Financial { amount_pence } => (Some(*amount_pence), None),
            Redress::NonFinancial { description } => (None, Some(description.clone())),
        };
        RegisterRow {
            complaint_id: self.complaint_id,
            site_id: self.site_id,
            kind: self.redress.kind(),
            amount_pence,
            description,
            rationale: self.rationale.clone(),
            proposed_by: self.proposed_by,
            proposed_on: self.proposed_on,
            agreed_by: self.agreement.map(|a| a.by),
            agreed_on: self.agreement.map(|a| a.on),
            not_offered_reason: self.not_offered.as_ref().map(|(_, reason)| reason.clone()),
            offered_on: self.offered_on,
            answered_on: self.answer.as_ref().map(|a| a.on),
            paid_on: self.payment.as_ref().map(|p| p.on),
            payment_reference: self.payment.as_ref().map(|p| p.reference.clone()),
            receipt_on: self.receipt_on,
            status: self.status(),
        }
    }

    /// The date of the latest step, which the next one may not precede.
    fn last_step(&self) -> (&'static str, Date) {
        let steps = [
            ("the proposal", Some(self.proposed_on)),
            ("the complaints unit's agreement", self.agreement.map(|a| a.on)),
            ("the offer", self.offered_on),
            ("the answer to the offer", self.answer.as_ref().map(|a| a.on)),
            ("the payment", self.payment.as_ref().map(|p| p.on)),
        ];
        steps.into_iter().rev().find_map(|(what, on)| on.map(|on| (what, on))).unwrap_or(("the proposal", self.proposed_on))
    }
}

/// Records a proposed payment, dated today (London).
pub fn propose(proposal: Proposal, now: Timestamp) -> Result<(ExGratia, ExGratiaEvent), ExGratiaError> {
    let redress = match proposal.redress {
        Redress::Financial { amount_pence: 0 } => return Err(ExGratiaError::ZeroAmount),
        Redress::Financial { amount_pence } if amount_pence > MAX_AMOUNT_PENCE => return Err(ExGratiaError::AmountTooLarge),
        Redress::NonFinancial { description } => {
            Redress::NonFinancial { description: text("description", &description, "what is offered")? }
        }
        financial => financial,
    };
    let rationale = text("rationale", &proposal.rationale, "the rationale for the payment")?;
    let kind = redress.kind();
    let payment = ExGratia {
        complaint_id: proposal.complaint_id,
        site_id: proposal.site_id,
        redress,
        rationale,
        proposed_by: proposal.proposed_by,
        proposed_on: london_date(now),
        agreement: None,
        not_offered: None,
        offered_on: None,
        answer: None,
        payment: None,
        receipt_on: None,
    };
    Ok((payment, ExGratiaEvent::Proposed { kind }))
}

/// Applies a step; dates must follow the previous step and not be after
/// today (London, from `now`).
pub fn decide(state: &ExGratia, command: ExGratiaCommand, now: Timestamp) -> Result<(ExGratia, ExGratiaEvent), ExGratiaError> {
    let today = london_date(now);
    let status = state.status();
    let kind = state.redress.kind();
    let mut next = state.clone();
    let event = match command {
        ExGratiaCommand::RecordAgreement { by, on } => {
            if kind == Kind::Financial {
                return Err(ExGratiaError::AgreementNotNeeded);
            }
            require(status, &[Status::Proposed])?;
            check_date(state, on, today)?;
            next.agreement = Some(Agreement { by, on });
            ExGratiaEvent::Agreed { by, on }
        }
        ExGratiaCommand::DecideNotToOffer { reason } => {
            require(status, &[Status::Proposed, Status::Agreed])?;
            next.not_offered = Some((today, text("reason", &reason, "the reason for not offering the payment")?));
            ExGratiaEvent::NotOffered
        }
        ExGratiaCommand::Offer { on } => {
            if kind == Kind::NonFinancial && status == Status::Proposed {
                return Err(ExGratiaError::NeedsAgreement);
            }
            require(status, &[Status::Proposed, Status::Agreed])?;
            check_date(state, on, today)?;
            next.offered_on = Some(on);
            ExGratiaEvent::Offered { kind, on }
        }
        ExGratiaCommand::Accept { on } | ExGratiaCommand::Decline { on } => {
            require(status, &[Status::Offered])?;
            check_date(state, on, today)?;
            let accepted = matches!(command, ExGratiaCommand::Accept { .. });
            next.answer = Some(Answer { accepted, on });
            if accepted { ExGratiaEvent::Accepted { kind, on } } else { ExGratiaEvent::Declined { on } }
        }
        ExGratiaCommand::RecordPayment { on, reference } => {
            let Redress::Financial { amount_pence } = state.redress else {
                return Err(ExGratiaError::NotPayable);
            };
            require(status, &[Status::Accepted])?;
            check_date(state, on, today)?;
            let reference = required_text(&reference, "the payment reference", REFERENCE_MAX)
                .map_err(|message| ExGratiaError::Text { field: "reference", message })?;
            next.payment = Some(Payment { on, reference });
            ExGratiaEvent::Paid { amount_pence, on }
        }
        ExGratiaCommand::RecordReceipt { on } => {
            // A financial payment has its receipt once paid; a non-financial
            // one once accepted (nothing is paid).
            let ready = if kind == Kind::Financial { Status::Paid } else { Status::Accepted };
            require(status, &[ready])?;
            check_date(state, on, today)?;
            next.receipt_on = Some(on);
            ExGratiaEvent::ReceiptRecorded { on }
        }
    };
    Ok((next, event))
}

fn require(status: Status, allowed: &[Status]) -> Result<(), ExGratiaError> {
    if allowed.contains(&status) { Ok(()) } else { Err(ExGratiaError::WrongStatus(status)) }
}

fn check_date(state: &ExGratia, on: Date, today: Date) -> Result<(), ExGratiaError> {
    let (before, earliest) = state.last_step();
    if on < earliest {
        return Err(ExGratiaError::TooEarly { date: on, before, earliest });
    }
    if on > today {
        return Err(ExGratiaError::InFuture(on));
    }
    Ok(())
}

fn text(field: &'static str, raw: &str, what: &str) -> Result<String, ExGratiaError> {
    required_text(raw, what, TEXT_MAX).map_err(|message| ExGratiaError::Text { field, message })
}

/// One line of the ex-gratia register: every field the register shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub complaint_id: i64,
    pub site_id: i64,
    pub kind: Kind,
    pub amount_pence: Option<u64>,
    pub description: Option<String>,
    pub rationale: String,
    pub proposed_by: i64,
    pub proposed_on: Date,
    pub agreed_by: Option<i64>,
    pub agreed_on: Option<Date>,
    pub not_offered_reason: Option<String>,
    pub offered_on: Option<Date>,
    /// When the complainant accepted or declined (see `status`).
    pub answered_on: Option<Date>,
    pub paid_on: Option<Date>,
    pub payment_reference: Option<String>,
    pub receipt_on: Option<Date>,
    pub status: Status,
}

/// A calendar month, e.g. 2026-11, ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    pub fn of(date: Date) -> Month {
        Month { year: date.year(), month: date.month() }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How many payments were made and how much was paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paid {
    pub payments: u32,
    pub total_pence: u64,
}

impl Paid {
    fn add(&mut self, amount_pence: u64) {
        self.payments = self.payments.saturating_add(1);
        self.total_pence = self.total_pence.saturating_add(amount_pence);
    }
}

/// Money actually paid, by site, by month (of the payment date) and both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PaidSummary {
    pub by_site: BTreeMap<i64, Paid>,
    pub by_month: BTreeMap<Month, Paid>,
    pub by_site_and_month: BTreeMap<(i64, Month), Paid>,
    pub total: Paid,
}

/// Totals the register: only financial payments with a payment date count
/// (offers not yet paid, declined or non-financial are left out).
pub fn summarise<'a>(rows: impl IntoIterator<Item = &'a RegisterRow>) -> PaidSummary {
    let mut summary = PaidSummary::default();
    for row in rows {
        let (Some(amount), Some(paid_on)) = (row.amount_pence, row.paid_on) else { continue };
        let month = Month::of(paid_on);
        summary.by_site.entry(row.site_id).or_default().add(amount);
        summary.by_month.entry(month).or_default().add(amount);
        summary.by_site_and_month.entry((row.site_id, month)).or_default().add(amount);
        summary.total.add(amount);
    }
    summary
}

#[cfg(test)]
#[path = "ex_gratia_tests.rs"]
mod tests;
