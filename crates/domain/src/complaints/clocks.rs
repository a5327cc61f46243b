//! A complaint's clocks: the procedure's time limits wired to the
//! deadline engine, built from the complaint's history (its milestones and
//! when they happened) on the site's working calendar.
//!
//! Limits counted from the complaint as a whole (translate, forward, log,
//! allocate) run once; limits a responder answers (send for investigation,
//! acknowledge, respond, evidence request, updates, record the outcome) run
//! on each part, so a cross-cutting complaint shows each body its own.
//! An agreed extension moves the part's response clock and stays in its
//! history; withdrawal, a closing triage decision or closing a part cancels
//! whatever is still running.

use super::complaint::Complaint;
use super::events::{Closure, Happened};
use super::parts::{Part, response_limit};
use super::procedure::{Applies, ClockStart, Milestone, Procedure, TimeLimit};
use crate::calendar::WorkingCalendar;
use crate::deadlines::{Clock, ClockEvent, ClockRule, ClockStatus, Period, RecurringObligation};
use jiff::Timestamp;
use serde::Serialize;

/// Milestones that happen to one part rather than the whole complaint.
const PART_MILESTONES: [Milestone; 11] = [
    Milestone::Allocated,
    Milestone::SentForInvestigation,
    Milestone::Acknowledged,
    Milestone::EvidenceRequested,
    Milestone::ConsentRequested,
    Milestone::ConsentReceived,
    Milestone::UpdateSent,
    Milestone::InterimResponseSent,
    Milestone::MovedToStageTwo,
    Milestone::ResponseSent,
    Milestone::OutcomeRecorded,
];

/// What a clock belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "scope", rename_all = "kebab-case")]
pub enum Scope {
    Complaint,
    Part { number: u32 },
}

/// One running (or finished) time limit on a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintClock {
    /// Unique within the complaint: `forward`, `part-2/respond`.
    pub key: String,
    pub limit: String,
    pub label: String,
    pub scope: Scope,
    pub clock: Clock,
}

/// The most urgent unfinished clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextDeadline {
    pub key: String,
    pub label: String,
    pub scope: Scope,
    pub status: ClockStatus,
}

/// How early a clock shows as "due soon": a quarter of its period, at
/// least one unit (20 working days → 5; 2 → 1; 12 weeks → 3; 6 hours → 2).
/// Same-day limits have no reminder: they are due today from the start.
pub fn reminder_for(period: Period) -> Option<Period> {
    if period.amount == 0 {
        return None;
    }
    Some(Period { amount: period.amount.div_ceil(4), unit: period.unit })
}

/// A milestone as it happened on the complaint, for one scope.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: Timestamp,
    milestone: Milestone,
}

/// Every clock that has started on `complaint`, as it stands at `now`.
/// `now` matters only for recurring updates, which exist once owed.
pub fn complaint_clocks(procedure: &Procedure, cal: &WorkingCalendar, complaint: &Complaint, now: Timestamp) -> Vec<ComplaintClock> {
    let translation = complaint.receipt.translation_needed;
    let cancelled_all = cancellation(complaint);
    let mut out = Vec::new();

    let category = complaint.triage.as_ref().map(|t| t.category.as_str());
    let limits: Vec<&TimeLimit> = match category {
        Some(key) => procedure.category(key).map(|c| c.limits.iter().filter_map(|k| procedure.limit(k)).collect()).unwrap_or_default(),
        None => procedure.limits.iter().collect(),
    };
    // Receipt is not moved to the translation here: the translation clock
    // itself counts from the real receipt.
    let whole = marks(procedure, complaint, None, None);
    // Until a part is allocated, a responder's limit counted from the
    // complaint's own milestones (send for investigation within 3 working
    // days of receipt) shows on the complaint; response limits only once
    // triage has settled the category.
    let unallocated = complaint.parts.is_empty();
    let on_whole = |l: &TimeLimit| {
        !part_scoped(procedure, l, 0)
            || (unallocated && starts_on_whole(l) && (category.is_some() || !l.stops.contains(&Milestone::ResponseSent)))
    };
    for limit in limits.into_iter().filter(|l| applies(l, translation) && on_whole(l) && !from_the_box(l)) {
        let built = build(procedure, cal, limit, translation, &whole, &[], cancelled_all.clone(), now, &[]);
        out.extend(built.into_iter().map(|clock| named(limit, Scope::Complaint, clock)));
    }

    for part in &complaint.parts {
        let Some(category) = procedure.category(&part.category) else { continue };
        let seen = marks(procedure, complaint, Some(&part.category), Some(part.number));
        let closed = part.closed_at.map(|at| (at, "Part closed".to_owned()));
        let cancel = match (cancelled_all.clone(), closed) {
            (Some(all), Some(part)) => Some(if part.0 < all.0 { part } else { all }),
            (all, part) => all.or(part),
        };
        let extensions = extensions(complaint, part);
        let target_limit = response_limit(procedure, &part.category).map(|l| l.key.as_str());
        let limits: Vec<&TimeLimit> = category.limits.iter().filter_map(|k| procedure.limit(k)).collect();
        for limit in limits.iter().copied().filter(|l| applies(l, translation) && part_scoped(procedure, l, 0)) {
            let ext: &[(Timestamp, jiff::civil::Date, String)] = if Some(limit.key.as_str()) == target_limit { &extensions } else { &[] };
            let built = build(procedure, cal, limit, translation, &seen, ext, cancel.clone(), now, &limits);
            out.extend(built.into_iter().map(|clock| named(limit, Scope::Part { number: part.number }, clock)));
        }
    }
    out
}

/// The most urgent clock still running (or paused) at `now`.
pub fn next_deadline(clocks: &[ComplaintClock], cal: &WorkingCalendar, now: Timestamp) -> Option<NextDeadline> {
    clocks
        .iter()
        .filter(|c| !c.clock.is_finished())
        .map(|c| NextDeadline { key: c.key.clone(), label: c.label.clone(), scope: c.scope, status: c.clock.status(cal, now) })
        .min_by(|a, b| a.status.cmp(&b.status))
}

fn named(limit: &TimeLimit, scope: Scope, clock: Clock) -> ComplaintClock {
    let key = match scope {
        Scope::Complaint => limit.key.clone(),
        Scope::Part { number } => format!("part-{number}/{}", limit.key),
    };
    ComplaintClock { key, limit: limit.key.clone(), label: limit.label.clone(), scope, clock }
}

fn applies(limit: &TimeLimit, translation: bool) -> bool {
    translation || limit.applies == Applies::Always
}

/// The box-scan limit runs on the site's complaint-box log, not here.
fn from_the_box(limit: &TimeLimit) -> bool {
    matches!(limit.starts, ClockStart::Milestone { milestone: Milestone::BoxEmptied | Milestone::Scanned })
}

fn starts_on_whole(limit: &TimeLimit) -> bool {
    matches!(limit.starts, ClockStart::Milestone { milestone } if !PART_MILESTONES.contains(&milestone))
}

/// Whether a limit runs per part: it starts at a part's milestone, or a
/// part's milestone (other than the first allocation) stops it.
fn part_scoped(procedure: &Procedure, limit: &TimeLimit, depth: u8) -> bool {
    match &limit.starts {
        ClockStart::Milestone { milestone } if PART_MILESTONES.contains(milestone) => true,
        // `validate` refuses cycles; the depth guard keeps a bad one finite.
        ClockStart::WhenDue { limit: other } => depth < 8 && procedure.limit(other).is_some_and(|l| part_scoped(procedure, l, depth + 1)),
        ClockStart::Milestone { .. } => limit.stops.iter().any(|m| *m != Milestone::Allocated && PART_MILESTONES.contains(m)),
    }
}

/// Why and when everything still running stops, if it does.
fn cancellation(complaint: &Complaint) -> Option<(Timestamp, String)> {
    complaint.history.iter().find_map(|e| match &e.what {
        Happened::Withdrawn { .. } => Some((e.at, "Complaint withdrawn".to_owned())),
        Happened::Closed { closure: Closure::Answered } => Some((e.at, "Complaint closed".to_owned())),
        Happened::Closed { .. } => None,
        Happened::Triaged { decision } if !decision.investigated() => Some((e.at, "Complaint not taken forward after triage".to_owned())),
        _ => None,
    })
}

/// The milestones one scope sees, in order: the complaint's own, plus the
/// part's when `part` is given. The first allocation of any part stands
/// for the complaint's allocation. Receipt moves to the translation's
/// arrival for categories counted from it.
fn marks(procedure: &Procedure, complaint: &Complaint, category: Option<&str>, part: Option<u32>) -> Vec<Mark> {
    let when_translated = category.and_then(|c| procedure.category(c)).is_some_and(|c| c.received_when_translated);
    let mut first_allocation = true;
    let mut out = Vec::new();
    for event in &complaint.history {
        let Some(milestone) = event.what.milestone() else { continue };
        let mut at = event.at;
        match (event.what.part(), part) {
            (None, _) => {}
            (Some(n), Some(wanted)) if n == wanted => {}
            (Some(_), None) if milestone == Milestone::Allocated && first_allocation => first_allocation = false,
            _ => continue,
        }
        if milestone == Milestone::Received && when_translated {
            match complaint.translated_at {
                Some(translated) => at = translated,
                None if complaint.receipt.translation_needed => continue,
                None => {}
            }
        }
        out.push(Mark { at, milestone });
    }
    out.sort_by_key(|m| m.at);
    out
}

/// The part's agreed extensions since its last recategorisation (earlier
/// ones were for another category's limit).
fn extensions(complaint: &Complaint, part: &Part) -> Vec<(Timestamp, jiff::civil::Date, String)> {
    let mut out = Vec::new();
    for event in &complaint.history {
        match &event.what {
            Happened::Recategorised { part: n, .. } if *n == part.number => out.clear(),
            Happened::ExtensionAgreed { part: n, target, reason, .. } if *n == part.number => {
                out.push((event.at, crate::calendar::london_date(*target), reason.clone()));
            }
            _ => {}
        }
    }
    out
}

/// Builds one limit's clock from the scope's milestones, or `None` if it
/// has not started. `siblings` are the scope's limits, for `WhenDue`.
#[allow(clippy::too_many_arguments)]
fn build(
    procedure: &Procedure,
    cal: &WorkingCalendar,
    limit: &TimeLimit,
    translation: bool,
    marks: &[Mark],
    extensions: &[(Timestamp, jiff::civil::Date, String)],
    cancel: Option<(Timestamp, String)>,
    now: Timestamp,
    siblings: &[&TimeLimit],
) -> Option<Clock> {
    let period = if translation { limit.translated_period.unwrap_or(limit.period) } else { limit.period };
    let mut start = match &limit.starts {
        ClockStart::Milestone { milestone } => marks.iter().find(|m| m.milestone == *milestone)?.at,
        ClockStart::WhenDue { limit: other } => {
            let other = siblings.iter().copied().find(|l| l.key == *other).or_else(|| procedure.limit(other))?;
            let ClockStart::Milestone { milestone } = other.starts else { return None };
            let other_start = marks.iter().find(|m| m.milestone == milestone)?.at;
            let other_period = if translation { other.translated_period.unwrap_or(other.period) } else { other.period };
            let begins = RecurringObligation { after: other_period, every: period }.begins(cal, other_start);
            let answered_first = marks.iter().any(|m| other.stops.contains(&m.milestone) && m.at > other_start && m.at <= begins);
            let cancelled_first = cancel.as_ref().is_some_and(|(at, _)| *at <= begins);
            if begins > now || answered_first || cancelled_first {
                return None;
            }
            begins
        }
    };
    // "At least every four weeks": each repeat starts the period again.
    if let Some(repeat) = limit.repeats_on {
        let stopped = marks.iter().find(|m| limit.stops.contains(&m.milestone) && m.at > start).map(|m| m.at);
        let last = marks.iter().filter(|m| m.milestone == repeat && m.at >= start && stopped.is_none_or(|s| m.at < s)).map(|m| m.at).max();
        start = last.unwrap_or(start).max(start);
    }
    let mut events: Vec<ClockEvent> = vec![ClockEvent::Started { at: start }];
    for mark in marks.iter().filter(|m| m.at > start) {
        if limit.stops.contains(&mark.milestone) {
            events.push(ClockEvent::Met { at: mark.at });
            break;
        }
        for pause in &limit.pauses {
            if pause.from == mark.milestone {
                events.push(ClockEvent::Paused { at: mark.at, reason: format!("Waiting: {}", mark.milestone.slug()) });
            } else if pause.until == mark.milestone {
                events.push(ClockEvent::Resumed { at: mark.at });
            }
        }
    }
    for (at, to, reason) in extensions.iter().filter(|(at, ..)| *at >= start) {
        events.push(ClockEvent::Extended { at: *at, to: *to, reason: reason.clone() });
    }
    if let Some((at, reason)) = cancel {
        events.push(ClockEvent::Cancelled { at: at.max(start), reason });
    }
    events.sort_by_key(ClockEvent::at);
    let rule = ClockRule { period, reminder: reminder_for(period) };
    let mut clock = Clock::new(rule);
    for event in events {
        // Events the clock refuses (a milestone after it was met, a pause
        // already paused) cannot change it; the workflow already refused
        // anything that would make the record nonsense.
        let _ignored = clock.apply(cal, event);
    }
    Some(clock)
}

#[cfg(test)]
#[path = "clocks_tests.rs"]
mod tests;
