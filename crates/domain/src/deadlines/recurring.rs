//! Obligations that repeat: "if the 12 week period elapses before the
//! investigation is concluded, provide an update at least once every four
//! weeks" (serious misconduct). Each update restarts the interval.

use super::due::late_by;
use super::{Period, due_at, when};
use crate::calendar::WorkingCalendar;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Updates are owed once `after` has run from the start, then at least
/// every `every`. With `after` of zero weeks it reads "the first update
/// within 4 weeks, then at least every 4 weeks".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecurringObligation {
    pub after: Period,
    pub every: Period,
}

/// The next update owed, and by how much it is overdue at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NextUpdate {
    pub due: Timestamp,
    pub overdue_by: Option<Period>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurringError {
    #[error("An update cannot have been sent at {}, before the clock started at {}", when(.sent), when(.start))]
    UpdateBeforeStart { sent: Timestamp, start: Timestamp },
}

impl RecurringObligation {
    /// Serious misconduct: after 12 weeks, an update at least every 4 weeks.
    pub const SERIOUS_MISCONDUCT: RecurringObligation = RecurringObligation { after: Period::weeks(12), every: Period::weeks(4) };

    /// When the obligation begins: the end of the `after` period.
    pub fn begins(&self, cal: &WorkingCalendar, start: Timestamp) -> Timestamp {
        due_at(cal, start, self.after)
    }

    /// The next update owed, given the start and every update sent so far
    /// (in any order). It is due `every` after the later of the obligation's
    /// beginning and the last update; an update sent before the obligation
    /// began does not put it off.
    pub fn next_update(
        &self,
        cal: &WorkingCalendar,
        start: Timestamp,
        sent: &[Timestamp],
        now: Timestamp,
    ) -> Result<NextUpdate, RecurringError> {
        if let Some(&early) = sent.iter().find(|&&s| s < start) {
            return Err(RecurringError::UpdateBeforeStart { sent: early, start });
        }
        let begins = self.begins(cal, start);
        let from = sent.iter().copied().max().map_or(begins, |last| last.max(begins));
        let due = due_at(cal, from, self.every);
        let overdue_by = (now > due).then(|| late_by(cal, self.every.unit, due, now));
        Ok(NextUpdate { due, overdue_by })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Division, london_date};
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn ew() -> WorkingCalendar {
        WorkingCalendar::new(Division::EnglandAndWales)
    }

    const SM: RecurringObligation = RecurringObligation::SERIOUS_MISCONDUCT;

    #[test]
    fn the_first_update_is_due_four_weeks_after_the_twelve() {
        // Received Friday 2 October 2026: 12 weeks ends 25 December, the
        // first update is owed by 22 January 2027 (holidays do not matter).
        let start = ts("2026-10-02T10:00:00Z");
        assert_eq!(london_date(SM.begins(&ew(), start)), date(2026, 12, 25));
        let next = SM.next_update(&ew(), start, &[], ts("2027-01-22T12:00:00Z")).unwrap();
        assert_eq!(next, NextUpdate { due: ts("2027-01-22T23:59:59Z"), overdue_by: None });
        let late = SM.next_update(&ew(), start, &[], ts("2027-01-25T09:00:00Z")).unwrap();
        assert_eq!(late.overdue_by, Some(Period::calendar_days(3)));
    }

    #[test]
    fn each_update_restarts_the_interval() {
        let start = ts("2026-10-02T10:00:00Z");
        // Sent 15 January 2027; the next is owed by 12 February.
        let sent = [ts("2027-01-15T14:00:00Z")];
        let next = SM.next_update(&ew(), start, &sent, ts("2027-01-16T09:00:00Z")).unwrap();
        assert_eq!(london_date(next.due), date(2027, 2, 12));
        // Order of the list does not matter; the latest counts.
        let sent = [ts("2027-02-10T09:00:00Z"), ts("2027-01-15T14:00:00Z")];
        let next = SM.next_update(&ew(), start, &sent, ts("2027-02-11T09:00:00Z")).unwrap();
        assert_eq!(london_date(next.due), date(2027, 3, 10));
    }

    #[test]
    fn an_update_before_the_obligation_begins_does_not_put_it_off() {
        let start = ts("2026-10-02T10:00:00Z");
        let sent = [ts("2026-12-01T10:00:00Z")];
        let next = SM.next_update(&ew(), start, &sent, ts("2026-12-02T09:00:00Z")).unwrap();
        assert_eq!(london_date(next.due), date(2027, 1, 22));
    }

    #[test]
    fn first_within_four_weeks_then_every_four() {
        // The police model: after 0 weeks, every 4 weeks.
        let rule = RecurringObligation { after: Period::weeks(0), every: Period::weeks(4) };
        let start = ts("2026-11-02T10:00:00Z");
        let next = rule.next_update(&ew(), start, &[], start).unwrap();
        assert_eq!(london_date(next.due), date(2026, 11, 30));
    }

    #[test]
    fn an_update_before_the_start_is_refused() {
        let start = ts("2026-10-02T10:00:00Z");
        let err = SM.next_update(&ew(), start, &[ts("2026-10-01T10:00:00Z")], start).unwrap_err();
        assert_eq!(
            err.to_string(),
            "An update cannot have been sent at 1 October 2026 11:00, before the clock started at 2 October 2026 11:00"
        );
    }
}
