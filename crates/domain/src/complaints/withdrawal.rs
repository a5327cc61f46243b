//! A complainant's withdrawal of a complaint. The issue asks that a
//! complaint may be withdrawn at any stage; it then closes without an
//! outcome (nothing was found either way), and every clock still running on
//! it is cancelled rather than left to breach. The order itself (seed 002)
//! does not describe withdrawal, so the ways of making one follow the ways
//! a complaint may be made: in writing, orally, by email, or through a
//! representative (para 26, 27, 29).

use crate::calendar::london_date;
use crate::deadlines::ClockEvent;
use crate::validation::{FieldErrors, required_text};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

const NOTE_MAX: usize = 2_000;
const NAME_MAX: usize = 200;

/// How the complainant said they withdraw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithdrawalMethod {
    InWriting,
    Orally,
    ByEmail,
    /// A legal representative or someone else acting for the complainant
    /// (para 29); their name is recorded.
    ViaRepresentative,
}

impl WithdrawalMethod {
    pub const ALL: [WithdrawalMethod; 4] =
        [WithdrawalMethod::InWriting, WithdrawalMethod::Orally, WithdrawalMethod::ByEmail, WithdrawalMethod::ViaRepresentative];

    pub fn slug(self) -> &'static str {
        match self {
            WithdrawalMethod::InWriting => "in-writing",
            WithdrawalMethod::Orally => "orally",
            WithdrawalMethod::ByEmail => "by-email",
            WithdrawalMethod::ViaRepresentative => "via-representative",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WithdrawalMethod::InWriting => "In writing",
            WithdrawalMethod::Orally => "Orally",
            WithdrawalMethod::ByEmail => "By email",
            WithdrawalMethod::ViaRepresentative => "Through a representative",
        }
    }
}

crate::slug::slug_enum_traits!(WithdrawalMethod, UnknownWithdrawalMethod, "way of withdrawing");

/// What the complaint looks like when the withdrawal is recorded, loaded by
/// the app: when it was received, whether it is already closed, and the
/// keys of the clocks still running (e.g. `acknowledge`, `respond`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintStanding {
    pub received_on: Date,
    pub closed_on: Option<Date>,
    pub open_clocks: Vec<String>,
}

/// The withdrawal as the clerk enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdraw {
    pub on: Date,
    pub method: WithdrawalMethod,
    /// Required when `method` is [`WithdrawalMethod::ViaRepresentative`].
    pub representative: Option<String>,
    pub note: Option<String>,
}

/// A recorded withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub on: Date,
    pub method: WithdrawalMethod,
    pub representative: Option<String>,
    pub note: Option<String>,
    pub recorded_at: Timestamp,
}

/// What the withdrawal does to the complaint: it closes on the withdrawal
/// date with no outcome (this type has no outcome field, on purpose), and
/// these clocks are cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalEffect {
    pub withdrawal: Withdrawal,
    pub closed_on: Date,
    /// Each open clock once, in the order given.
    pub clocks_to_cancel: Vec<String>,
}

impl WithdrawalEffect {
    /// The cancellation to append to each clock. It is stamped with the time
    /// the withdrawal was recorded, not its date, since a clock's events
    /// must stay in order and a withdrawal may be recorded days late.
    pub fn clock_events(&self) -> Vec<(String, ClockEvent)> {
        let reason = format!("Complaint withdrawn on {} ({})", self.withdrawal.on, self.withdrawal.method.label().to_lowercase());
        self.clocks_to_cancel
            .iter()
            .map(|key| (key.clone(), ClockEvent::Cancelled { at: self.withdrawal.recorded_at, reason: reason.clone() }))
            .collect()
    }

    /// A short line for the audit trail; the note is kept out of it.
    pub fn summary(&self) -> String {
        format!(
            "Complaint withdrawn on {} ({}); closed without an outcome",
            self.withdrawal.on,
            self.withdrawal.method.label().to_lowercase()
        )
    }
}

/// Why a withdrawal was refused; nothing is saved when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WithdrawalRejection {
    #[error("This complaint was closed on {closed_on}, so it cannot be withdrawn")]
    AlreadyClosed { closed_on: Date },
    #[error("The withdrawal date ({on}) is before the complaint was received ({received_on})")]
    BeforeReceipt { on: Date, received_on: Date },
    #[error("The withdrawal date ({on}) cannot be in the future (today is {today})")]
    InFuture { on: Date, today: Date },
    #[error("{0}")]
    Invalid(FieldErrors),
}

impl WithdrawalRejection {
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            WithdrawalRejection::AlreadyClosed { .. } => FieldErrors::single("complaint", self.to_string()),
            WithdrawalRejection::BeforeReceipt { .. } | WithdrawalRejection::InFuture { .. } => FieldErrors::single("on", self.to_string()),
            WithdrawalRejection::Invalid(errors) => errors.clone(),
        }
    }
}

/// Records a withdrawal at `now` (read at the edge; dates are London dates).
pub fn withdraw(complaint: &ComplaintStanding, command: Withdraw, now: Timestamp) -> Result<WithdrawalEffect, WithdrawalRejection> {
    if let Some(closed_on) = complaint.closed_on {
        return Err(WithdrawalRejection::AlreadyClosed { closed_on });
    }
    let today = london_date(now);
    if command.on < complaint.received_on {
        return Err(WithdrawalRejection::BeforeReceipt { on: command.on, received_on: complaint.received_on });
    }
    if command.on > today {
        return Err(WithdrawalRejection::InFuture { on: command.on, today });
    }
    let mut errors = FieldErrors::new();
    let representative = match command.method {
        WithdrawalMethod::ViaRepresentative => errors
            .check("representative", required_text(command.representative.as_deref().unwrap_or(""), "the representative's name", NAME_MAX)),
        // A name given for another method is not kept: it would suggest a
        // representative acted when none did.
        _ => None,
    };
    let note = match command.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => errors.check("note", required_text(text, "a note", NOTE_MAX)),
    };
    if !errors.is_empty() {
        return Err(WithdrawalRejection::Invalid(errors));
    }
    let mut seen = HashSet::new();
    let clocks_to_cancel = complaint.open_clocks.iter().filter(|key| seen.insert(key.as_str())).cloned().collect();
    let withdrawal = Withdrawal { on: command.on, method: command.method, representative, note, recorded_at: now };
    Ok(WithdrawalEffect { closed_on: command.on, withdrawal, clocks_to_cancel })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn open() -> ComplaintStanding {
        ComplaintStanding {
            received_on: date("2026-11-02"),
            closed_on: None,
            open_clocks: vec!["acknowledge".into(), "respond".into(), "acknowledge".into()],
        }
    }

    fn by(method: WithdrawalMethod) -> Withdraw {
        Withdraw { on: date("2026-11-20"), method, representative: None, note: None }
    }

    #[test]
    fn withdrawal_closes_without_an_outcome_and_cancels_each_open_clock_once() {
        let effect = withdraw(&open(), by(WithdrawalMethod::InWriting), now()).unwrap();
        assert_eq!(effect.closed_on, date("2026-11-20"));
        assert_eq!(effect.clocks_to_cancel, ["acknowledge", "respond"]);
        let events = effect.clock_events();
        assert_eq!(events.len(), 2);
        assert_eq!(
            events[1],
            ("respond".to_owned(), ClockEvent::Cancelled { at: now(), reason: "Complaint withdrawn on 2026-11-20 (in writing)".into() })
        );
        assert_eq!(effect.summary(), "Complaint withdrawn on 2026-11-20 (in writing); closed without an outcome");
        let json = serde_json::to_string(&effect).unwrap();
        assert!(!json.contains("outcome"), "{json}");
    }

    #[test]
    fn a_closed_complaint_cannot_be_withdrawn() {
        let closed = ComplaintStanding { closed_on: Some(date("2026-11-19")), ..open() };
        let err = withdraw(&closed, by(WithdrawalMethod::Orally), now()).unwrap_err();
        assert_eq!(err.to_string(), "This complaint was closed on 2026-11-19, so it cannot be withdrawn");
        assert!(err.field_errors().get("complaint").is_some());
    }

    #[test]
    fn the_date_lies_between_receipt_and_today() {
        let early = Withdraw { on: date("2026-11-01"), ..by(WithdrawalMethod::ByEmail) };
        let err = withdraw(&open(), early, now()).unwrap_err();
        assert_eq!(err.to_string(), "The withdrawal date (2026-11-01) is before the complaint was received (2026-11-02)");
        let late = Withdraw { on: date("2026-11-24"), ..by(WithdrawalMethod::ByEmail) };
        let err = withdraw(&open(), late, now()).unwrap_err();
        assert_eq!(err.to_string(), "The withdrawal date (2026-11-24) cannot be in the future (today is 2026-11-23)");
        assert!(err.field_errors().get("on").is_some());
        // The day of receipt and today are both allowed.
        assert!(withdraw(&open(), Withdraw { on: date("2026-11-02"), ..by(WithdrawalMethod::ByEmail) }, now()).is_ok());
        assert!(withdraw(&open(), Withdraw { on: date("2026-11-23"), ..by(WithdrawalMethod::ByEmail) }, now()).is_ok());
    }

    #[test]
    fn today_is_the_london_date() {
        // 00:30 on 1 July in London is still 30 June in UTC.
        let just_after_midnight: Timestamp = "2026-06-30T23:30:00Z".parse().unwrap();
        let on_first = Withdraw { on: date("2026-07-01"), ..by(WithdrawalMethod::Orally) };
        assert!(withdraw(&ComplaintStanding { received_on: date("2026-06-01"), ..open() }, on_first, just_after_midnight).is_ok());
    }

    #[test]
    fn a_representative_is_named() {
        let err = withdraw(&open(), by(WithdrawalMethod::ViaRepresentative), now()).unwrap_err();
        assert_eq!(err.field_errors().get("representative"), Some("Enter the representative's name"));
        let named = Withdraw { representative: Some(" Jo Bloggs, solicitor ".into()), ..by(WithdrawalMethod::ViaRepresentative) };
        assert_eq!(withdraw(&open(), named, now()).unwrap().withdrawal.representative.as_deref(), Some("Jo Bloggs, solicitor"));
        let not_a_rep = Withdraw { representative: Some("Jo".into()), ..by(WithdrawalMethod::Orally) };
        assert_eq!(withdraw(&open(), not_a_rep, now()).unwrap().withdrawal.representative, None);
    }

    #[test]
    fn notes_are_optional_but_bounded() {
        let blank = Withdraw { note: Some("   ".into()), ..by(WithdrawalMethod::Orally) };
        assert_eq!(withdraw(&open(), blank, now()).unwrap().withdrawal.note, None);
        let long = Withdraw { note: Some("x".repeat(NOTE_MAX + 1)), ..by(WithdrawalMethod::Orally) };
        assert!(withdraw(&open(), long, now()).unwrap_err().field_errors().get("note").is_some());
    }

    #[test]
    fn methods_round_trip_their_slugs() {
        for m in WithdrawalMethod::ALL {
            assert_eq!(m.slug().parse::<WithdrawalMethod>(), Ok(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.slug()));
        }
        assert!("by-pigeon".parse::<WithdrawalMethod>().unwrap_err().to_string().contains("in-writing"));
    }

    proptest! {
        #[test]
        fn every_open_clock_and_nothing_else_is_cancelled(keys in prop::collection::vec("[a-z]{1,3}", 0..10), offset in 0i64..22) {
            let complaint = ComplaintStanding { open_clocks: keys.clone(), ..open() };
            let on = date("2026-11-02").checked_add(jiff::Span::new().days(offset)).unwrap();
            let effect = withdraw(&complaint, Withdraw { on, ..by(WithdrawalMethod::InWriting) }, now()).unwrap();
            let wanted: HashSet<&String> = keys.iter().collect();
            let got: HashSet<&String> = effect.clocks_to_cancel.iter().collect();
            prop_assert_eq!(got, wanted);
            prop_assert_eq!(effect.clocks_to_cancel.len(), keys.iter().collect::<HashSet<_>>().len());
            prop_assert!(effect.closed_on >= complaint.received_on && effect.closed_on <= london_date(now()));
        }
    }
}
