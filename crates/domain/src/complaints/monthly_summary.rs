//! The monthly summary of complaints per site (detention order para 47:
//! "submit a monthly summary of all complaints raised at each
//! establishment"): how many were received, by category, the outcomes of
//! the responses sent, how many were answered within target, how many were
//! overdue at the month's end and how many needed an extension.
//!
//! The counting happens in SQL over columns the store keeps beside each
//! complaint, so a month over a million complaints stays fast. This module
//! says what those columns hold ([`report_facts`]) and what a month is
//! ([`Month`]); the store only adds them up.
//!
//! Definitions, written down so the page, CSV and API agree:
//! - *received*: complaints whose `received_at` falls in the month;
//! - *responses*, *outcomes*, *within target* and *extended*: complaints
//!   whose every part's response was sent, the last one in the month;
//! - *overdue*: complaints that at the end of the month (or now, for the
//!   month in progress) had a part past its target unanswered and were not
//!   yet fully answered. A withdrawn complaint is never overdue.

use super::complaint::{Complaint, State};
use super::parts::ResponseStage;
use super::response::Outcome;
use crate::calendar::london;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A calendar month, as London counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: Date,
}

impl Month {
    /// Parses `YYYY-MM`, e.g. `2026-10`.
    pub fn parse(raw: &str) -> Result<Month, String> {
        let raw = raw.trim();
        let bad = || format!("\"{raw}\" is not a month: write it as year and month, for example 2026-10");
        let (year, month) = raw.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        let month: i8 = month.parse().map_err(|_| bad())?;
        if !(2000..=2999).contains(&year) {
            return Err(format!("{year} is not a year the summary covers: choose a year from 2000"));
        }
        Date::new(year, month, 1).map(|first| Month { first }).map_err(|_| bad())
    }

    /// The month `d` falls in.
    pub fn of(d: Date) -> Month {
        Month { first: d.first_of_month() }
    }

    /// The month before this one.
    pub fn previous(self) -> Month {
        Month::of(self.first.yesterday().unwrap_or(self.first))
    }

    pub fn next(self) -> Month {
        Month::of(self.first.last_of_month().tomorrow().unwrap_or(self.first))
    }

    pub fn first_day(self) -> Date {
        self.first
    }

    /// When the month starts, at midnight London time.
    pub fn starts_at(self) -> Timestamp {
        midnight(self.first)
    }

    /// When the next month starts: the month is `starts_at()..ends_at()`.
    pub fn ends_at(self) -> Timestamp {
        midnight(self.next().first)
    }

    /// `2026-10`.
    pub fn key(self) -> String {
        self.first.strftime("%Y-%m").to_string()
    }

    /// `October 2026`.
    pub fn label(self) -> String {
        self.first.strftime("%B %Y").to_string()
    }
}

fn midnight(d: Date) -> Timestamp {
    // Midnight always exists in London: the clocks change at 01:00 GMT.
    d.to_zoned(london()).map(|z| z.timestamp()).unwrap_or(Timestamp::MIN)
}

/// What a complaint contributes to the summary, kept as columns beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFacts {
    /// When the last part's response was sent; `None` until every part's is.
    pub responded_at: Option<Timestamp>,
    /// The complaint's outcome once every part has one ([`overall_outcome`]).
    pub outcome: Option<Outcome>,
    /// Once answered: whether every part's response went by its target.
    pub within_target: Option<bool>,
    /// From when the complaint was late: the earliest target of a part not
    /// answered by it. `None` when nothing is, or can become, late.
    pub late_from: Option<Timestamp>,
    /// Whether any part's target was extended by agreement.
    pub extended: bool,
}

fn sent_at(stage: &ResponseStage) -> Option<Timestamp> {
    match stage {
        ResponseStage::Sent { at } => Some(*at),
        _ => None,
    }
}

/// The facts the summary counts, from the complaint as it now stands.
pub fn report_facts(complaint: &Complaint) -> ReportFacts {
    let parts = &complaint.parts;
    let sent: Vec<Option<Timestamp>> = parts.iter().map(|p| sent_at(&p.response)).collect();
    let responded_at = if parts.is_empty() || sent.iter().any(Option::is_none) { None } else { sent.iter().flatten().max().copied() };
    let outcomes: Option<Vec<Outcome>> = parts.iter().map(|p| p.outcome).collect();
    let outcome = if parts.is_empty() { None } else { outcomes.and_then(|o| overall_outcome(&o)) };
    // A part with no target (another body's timescales) cannot be late.
    let late = |i: usize| match (parts[i].target, sent[i]) {
        (Some(target), Some(at)) => at > target,
        _ => false,
    };
    let within_target = responded_at.map(|_| !(0..parts.len()).any(late));
    let withdrawn = matches!(complaint.state, State::Withdrawn { .. });
    let late_from = if withdrawn {
        None
    } else {
        parts.iter().zip(&sent).filter_map(|(p, at)| p.target.filter(|target| at.is_none_or(|at| at > *target))).min()
    };
    let extended = parts.iter().any(|p| p.extensions_agreed > 0);
    ReportFacts { responded_at, outcome, within_target, late_from, extended }
}

/// One outcome for a complaint answered in parts: the same outcome when
/// every part has it; otherwise partially substantiated if any part was
/// upheld in part or whole, and not substantiated if none was.
pub fn overall_outcome(outcomes: &[Outcome]) -> Option<Outcome> {
    let first = *outcomes.first()?;
    if outcomes.iter().all(|o| *o == first) {
        return Some(first);
    }
    Some(if outcomes.iter().any(|o| o.upheld_in_part_or_whole()) { Outcome::PartiallySubstantiated } else { Outcome::NotSubstantiated })
}

/// A share as a whole percentage, rounded down; `None` of nothing.
pub fn percent(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| part.saturating_mul(100) / whole)
}

#[cfg(test)]
#[path = "monthly_summary_tests.rs"]
mod tests;
