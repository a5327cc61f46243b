//! Compliance with time limits for managers' reports: of the clocks in a
//! report, how many were met on time, met late, are overdue now, are still
//! open within their limit, or were cancelled.

use super::{Clock, ClockStatus};
use crate::calendar::WorkingCalendar;
use jiff::Timestamp;
use serde::Serialize;

/// Counts by outcome, from clock statuses taken at one `now`. The outcome
/// counts add up to [`Compliance::total`]; `extended` is counted alongside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub met_on_time: u64,
    pub met_late: u64,
    /// Running past their due at the time of the report: already breached.
    pub overdue: u64,
    /// Not started, paused, or running within their limit.
    pub open: u64,
    pub cancelled: u64,
    /// Clocks whose due an agreed extension moved, whatever their outcome.
    /// Known only from clocks: [`Compliance::from_statuses`] leaves it 0.
    pub extended: u64,
}

impl Compliance {
    pub fn from_statuses<'a>(statuses: impl IntoIterator<Item = &'a ClockStatus>) -> Self {
        let mut report = Compliance::default();
        for status in statuses {
            report.add(status);
        }
        report
    }

    /// The report for one calendar's clocks (e.g. one site) at `now`.
    pub fn from_clocks<'a>(cal: &WorkingCalendar, clocks: impl IntoIterator<Item = &'a Clock>, now: Timestamp) -> Self {
        let mut report = Compliance::default();
        for clock in clocks {
            report.add(&clock.status(cal, now));
            report.extended += u64::from(clock.was_extended());
        }
        report
    }

    pub fn add(&mut self, status: &ClockStatus) {
        let count = match status {
            ClockStatus::MetOnTime { .. } => &mut self.met_on_time,
            ClockStatus::MetLate { .. } => &mut self.met_late,
            ClockStatus::Overdue { .. } => &mut self.overdue,
            ClockStatus::Cancelled { .. } => &mut self.cancelled,
            ClockStatus::DueToday { .. }
            | ClockStatus::DueSoon { .. }
            | ClockStatus::Running { .. }
            | ClockStatus::Paused { .. }
            | ClockStatus::NotStarted => &mut self.open,
        };
        *count += 1;
    }

    /// Combines two reports (e.g. sites into a region).
    pub fn merge(self, other: Compliance) -> Compliance {
        Compliance {
            met_on_time: self.met_on_time + other.met_on_time,
            met_late: self.met_late + other.met_late,
            overdue: self.overdue + other.overdue,
            open: self.open + other.open,
            cancelled: self.cancelled + other.cancelled,
            extended: self.extended + other.extended,
        }
    }

    pub fn total(&self) -> u64 {
        self.met_on_time + self.met_late + self.overdue + self.open + self.cancelled
    }

    /// The share met on time among clocks whose outcome against the limit is
    /// known: met (on time or late) or already overdue. Open clocks may yet
    /// go either way and cancelled ones never had a chance to, so neither
    /// counts. `None` when there is nothing to measure.
    pub fn on_time_rate(&self) -> Option<f64> {
        let judged = self.met_on_time + self.met_late + self.overdue;
        (judged > 0).then(|| self.met_on_time as f64 / judged as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Division;
    use crate::deadlines::{ClockEvent, ClockRule, Period};
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn counts_each_outcome_and_the_rate_ignores_open_and_cancelled() {
        let due = ts("2026-11-20T23:59:59Z");
        let statuses = [
            ClockStatus::MetOnTime { at: ts("2026-11-19T10:00:00Z"), due },
            ClockStatus::MetOnTime { at: ts("2026-11-20T10:00:00Z"), due },
            ClockStatus::MetOnTime { at: ts("2026-11-18T10:00:00Z"), due },
            ClockStatus::MetLate { at: ts("2026-11-23T10:00:00Z"), due, by: Period::working_days(1) },
            ClockStatus::Overdue { due, by: Period::working_days(2) },
            ClockStatus::Running { due },
            ClockStatus::Paused { since: ts("2026-11-10T10:00:00Z"), reason: "Awaiting consent".into() },
            ClockStatus::Cancelled { at: ts("2026-11-11T10:00:00Z"), reason: "Withdrawn".into() },
        ];
        let report = Compliance::from_statuses(&statuses);
        assert_eq!(report, Compliance { met_on_time: 3, met_late: 1, overdue: 1, open: 2, cancelled: 1, extended: 0 });
        assert_eq!(report.total(), 8);
        assert_eq!(report.on_time_rate(), Some(0.6));
        assert_eq!(report.merge(report).total(), 16);
        assert_eq!(report.merge(report).on_time_rate(), Some(0.6));
    }

    #[test]
    fn a_sites_clocks_give_its_report_with_extensions() {
        let cal = WorkingCalendar::new(Division::EnglandAndWales);
        let rule = ClockRule::new(Period::working_days(20));
        let start = ClockEvent::Started { at: ts("2026-11-02T10:00:00Z") };
        let on_time = Clock::replay(rule, &cal, [start.clone(), ClockEvent::Met { at: ts("2026-11-27T10:00:00Z") }]).unwrap();
        let extend = ClockEvent::Extended { at: ts("2026-11-25T10:00:00Z"), to: date(2026, 12, 11), reason: "Witness on leave".into() };
        let extended = Clock::replay(rule, &cal, [start.clone(), extend]).unwrap();
        let overdue = Clock::replay(rule, &cal, [start]).unwrap();
        // On 3 December: one met, one overdue, one extended and still open.
        let report = Compliance::from_clocks(&cal, [&on_time, &extended, &overdue], ts("2026-12-03T10:00:00Z"));
        assert_eq!(report, Compliance { met_on_time: 1, met_late: 0, overdue: 1, open: 1, cancelled: 0, extended: 1 });
        assert_eq!(report.on_time_rate(), Some(0.5));
    }

    #[test]
    fn no_judged_clocks_means_no_rate() {
        let report = Compliance::from_statuses(&[ClockStatus::NotStarted]);
        assert_eq!(report.on_time_rate(), None);
        assert_eq!(Compliance::default().total(), 0);
    }
}
