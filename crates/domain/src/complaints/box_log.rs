//! A site's complaint-box log (detention order para 44): each time the
//! box is emptied, when, by whom and how many complaints were in it; then
//! each complaint scanned to the complaints unit within the procedure's
//! box-scan limit (6 hours), and what is late. The box is to be emptied at
//! least once a day, seven days a week, so missed days are found too.

use super::procedure::{ClockStart, Milestone, Procedure};
use crate::calendar::{WorkingCalendar, london_date};
use crate::deadlines::{Clock, ClockEvent, ClockRule, ClockStatus, Period, due_at};
use crate::validation::FieldErrors;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);
/// More than this in one emptying is a typing error.
const COUNT_MAX: u32 = 1_000;

/// An emptying as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoxEmptyingDraft {
    pub site_id: String,
    /// RFC 3339 or London wall-clock time.
    pub emptied_at: String,
    /// User id of the member of staff who emptied it.
    pub emptied_by: String,
    pub count: String,
}

/// One complaint scanned and sent from an emptying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scan {
    pub at: Timestamp,
    pub by: i64,
    /// The complaint it became, once received.
    pub complaint_id: Option<i64>,
}

/// One emptying of a site's box and the scans that followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxEmptying {
    pub site_id: i64,
    pub emptied_at: Timestamp,
    pub emptied_by: i64,
    pub count: u32,
    pub scans: Vec<Scan>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoxLogError {
    #[error("A complaint cannot be scanned before the box was emptied")]
    ScanBeforeEmptied,
    #[error("A scan cannot be recorded in the future")]
    ScanInFuture,
    #[error("All {0} complaints from this emptying have been scanned")]
    AllScanned(u32),
}

/// Where an emptying's scanning stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScanProgress {
    pub due: Timestamp,
    pub on_time: u32,
    pub late: u32,
    /// Not yet scanned; overdue once `now` is past `due`.
    pub waiting: u32,
    pub overdue: bool,
}

impl BoxEmptyingDraft {
    pub fn validate(&self, now: Timestamp) -> Result<BoxEmptying, FieldErrors> {
        let mut errors = FieldErrors::new();
        let site_id = errors.check("site_id", super::receipt::parse_id(&self.site_id, "Choose the site"));
        let emptied_at = errors.check("emptied_at", parse_time(&self.emptied_at, now));
        let emptied_by = errors.check("emptied_by", super::receipt::parse_id(&self.emptied_by, "Choose who emptied the box"));
        let count = errors.check("count", parse_count(&self.count));
        match (site_id, emptied_at, emptied_by, count) {
            (Some(site_id), Some(emptied_at), Some(emptied_by), Some(count)) => {
                Ok(BoxEmptying { site_id, emptied_at, emptied_by, count, scans: Vec::new() })
            }
            _ => Err(errors),
        }
    }
}

impl BoxEmptying {
    /// Records one complaint scanned at `at` (not after `now`).
    pub fn record_scan(&self, at: Timestamp, by: i64, complaint_id: Option<i64>, now: Timestamp) -> Result<BoxEmptying, BoxLogError> {
        if at < self.emptied_at {
            return Err(BoxLogError::ScanBeforeEmptied);
        }
        if at > now.checked_add(CLOCK_SKEW).unwrap_or(Timestamp::MAX) {
            return Err(BoxLogError::ScanInFuture);
        }
        if self.scans.len() >= self.count as usize {
            return Err(BoxLogError::AllScanned(self.count));
        }
        let mut next = self.clone();
        next.scans.push(Scan { at, by, complaint_id });
        next.scans.sort_by_key(|s| s.at);
        Ok(next)
    }

    /// One clock per complaint in the box, each met by a scan, earliest
    /// scans first; `None` if the procedure has no box-scan limit.
    pub fn clocks(&self, procedure: &Procedure, cal: &WorkingCalendar) -> Option<Vec<Clock>> {
        let period = scan_limit(procedure)?;
        let rule = ClockRule::new(period);
        let mut clocks = Vec::with_capacity(self.count as usize);
        for i in 0..self.count as usize {
            let mut events = vec![ClockEvent::Started { at: self.emptied_at }];
            events.extend(self.scans.get(i).map(|s| ClockEvent::Met { at: s.at }));
            clocks.push(Clock::replay(rule, cal, events).ok()?);
        }
        Some(clocks)
    }

    /// The scans due, how many were on time or late, and how many wait.
    pub fn progress(&self, procedure: &Procedure, cal: &WorkingCalendar, now: Timestamp) -> Option<ScanProgress> {
        let due = due_at(cal, self.emptied_at, scan_limit(procedure)?);
        let mut progress = ScanProgress { due, on_time: 0, late: 0, waiting: 0, overdue: false };
        for clock in self.clocks(procedure, cal)? {
            match clock.status(cal, now) {
                ClockStatus::MetOnTime { .. } => progress.on_time += 1,
                ClockStatus::MetLate { .. } => progress.late += 1,
                ClockStatus::Overdue { .. } => {
                    progress.waiting += 1;
                    progress.overdue = true;
                }
                _ => progress.waiting += 1,
            }
        }
        Some(progress)
    }
}

/// The procedure's limit from emptying the box to scanning.
pub fn scan_limit(procedure: &Procedure) -> Option<Period> {
    procedure
        .limits
        .iter()
        .find(|l| l.starts == ClockStart::Milestone { milestone: Milestone::BoxEmptied } && l.stops.contains(&Milestone::Scanned))
        .map(|l| l.period)
}

/// The London days from `from` to `to` (inclusive) on which `site_id`'s box
/// was not emptied (para 44: at least once a day, seven days a week).
pub fn days_not_emptied(log: &[BoxEmptying], site_id: i64, from: Date, to: Date) -> Vec<Date> {
    let emptied: std::collections::BTreeSet<Date> =
        log.iter().filter(|e| e.site_id == site_id).map(|e| london_date(e.emptied_at)).collect();
    let mut missed = Vec::new();
    let mut day = from;
    while day <= to {
        if !emptied.contains(&day) {
            missed.push(day);
        }
        match day.checked_add(1.day()) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    missed
}

fn parse_time(raw: &str, now: Timestamp) -> Result<Timestamp, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Enter when the box was emptied".into());
    }
    let at = raw
        .parse::<Timestamp>()
        .ok()
        .or_else(|| {
            raw.parse::<jiff::civil::DateTime>().ok().and_then(|d| d.to_zoned(crate::calendar::london()).ok()).map(|z| z.timestamp())
        })
        .ok_or("Enter when the box was emptied as a date and time, for example 2026-12-24T07:30")?;
    if at > now.checked_add(CLOCK_SKEW).unwrap_or(Timestamp::MAX) {
        return Err("The time the box was emptied cannot be in the future".into());
    }
    Ok(at)
}

fn parse_count(raw: &str) -> Result<u32, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if n <= COUNT_MAX => Ok(n),
        Ok(_) => Err(format!("The number of complaints must be {COUNT_MAX} or fewer")),
        Err(_) => Err("Enter how many complaints were in the box, as a whole number (0 if none)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Division;
    use crate::complaints::{preset_detention, preset_two_stage};
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new(Division::EnglandAndWales)
    }

    fn emptied() -> BoxEmptying {
        let draft =
            BoxEmptyingDraft { site_id: "3".into(), emptied_at: "2026-12-25T07:30".into(), emptied_by: "12".into(), count: "3".into() };
        draft.validate(ts("2026-12-25T08:00:00Z")).unwrap()
    }

    #[test]
    fn an_emptying_records_when_who_and_how_many() {
        let e = emptied();
        assert_eq!((e.site_id, e.emptied_by, e.count), (3, 12, 3));
        assert_eq!(e.emptied_at, ts("2026-12-25T07:30:00Z"));
        let errors = BoxEmptyingDraft { count: "lots".into(), emptied_at: "2026-12-25T09:00:00Z".into(), ..Default::default() }
            .validate(ts("2026-12-25T08:00:00Z"))
            .unwrap_err();
        assert_eq!(errors.get("emptied_at"), Some("The time the box was emptied cannot be in the future"));
        assert!(errors.get("count").unwrap().contains("whole number"));
        assert!(errors.get("site_id").is_some() && errors.get("emptied_by").is_some());
    }

    #[test]
    fn each_complaint_is_scanned_within_six_hours_even_on_christmas_day() {
        let e = emptied();
        let e = e.record_scan(ts("2026-12-25T09:00:00Z"), 12, Some(100), ts("2026-12-25T09:00:00Z")).unwrap();
        let e = e.record_scan(ts("2026-12-25T14:00:00Z"), 12, Some(101), ts("2026-12-25T14:00:00Z")).unwrap();
        let at_noon = e.progress(&preset_detention::preset(), &cal(), ts("2026-12-25T12:00:00Z")).unwrap();
        assert_eq!(at_noon.due, ts("2026-12-25T13:30:00Z"));
        assert_eq!((at_noon.on_time, at_noon.late, at_noon.waiting, at_noon.overdue), (1, 1, 1, false));
        let later = e.progress(&preset_detention::preset(), &cal(), ts("2026-12-25T15:00:00Z")).unwrap();
        assert_eq!((later.waiting, later.overdue), (1, true));
    }

    #[test]
    fn bad_scans_are_refused() {
        let e = emptied();
        assert_eq!(e.record_scan(ts("2026-12-25T07:00:00Z"), 12, None, ts("2026-12-25T09:00:00Z")), Err(BoxLogError::ScanBeforeEmptied));
        assert_eq!(e.record_scan(ts("2026-12-25T10:00:00Z"), 12, None, ts("2026-12-25T09:00:00Z")), Err(BoxLogError::ScanInFuture));
        let now = ts("2026-12-25T09:00:00Z");
        let full = (0..3).try_fold(e, |e, _| e.record_scan(now, 12, None, now)).unwrap();
        assert_eq!(full.record_scan(now, 12, None, now), Err(BoxLogError::AllScanned(3)));
    }

    #[test]
    fn a_procedure_without_a_box_has_no_scan_clock() {
        assert_eq!(scan_limit(&preset_detention::preset()), Some(Period::hours(6)));
        assert!(emptied().progress(&preset_two_stage::preset(), &cal(), ts("2026-12-25T09:00:00Z")).is_none());
    }

    #[test]
    fn days_the_box_was_not_emptied_are_found() {
        let e = emptied();
        let mut other_site = emptied();
        other_site.site_id = 4;
        other_site.emptied_at = ts("2026-12-26T08:00:00Z");
        let missed = days_not_emptied(&[e, other_site], 3, date(2026, 12, 24), date(2026, 12, 26));
        assert_eq!(missed, [date(2026, 12, 24), date(2026, 12, 26)]);
    }
}
