//! UK civil time: instants are stored in UTC, but dates and "end of day"
//! are London's (GMT in winter, BST in summer; Interpretation Act 1978 s.9).

use jiff::civil::Date;
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::{SignedDuration, Timestamp};
use std::sync::LazyLock;

/// The UK rule since 1996, as a POSIX TZ string: BST from 01:00 GMT on the
/// last Sunday of March to 01:00 GMT (02:00 BST) on the last Sunday of
/// October. Only used if the bundled database somehow lacks Europe/London.
const UK_POSIX_RULE: &str = "GMT0BST,M3.5.0/1,M10.5.0";

/// Looked up once. The bundled database is compiled into the binary, so
/// this never touches the file system (a server's /usr/share/zoneinfo may
/// be missing or stale).
static LONDON: LazyLock<TimeZone> =
    LazyLock::new(|| TimeZoneDatabase::bundled().get("Europe/London").or_else(|_| TimeZone::posix(UK_POSIX_RULE)).unwrap_or(TimeZone::UTC));

/// Europe/London. Cloning a time zone is cheap (reference counted).
pub fn london() -> TimeZone {
    LONDON.clone()
}

/// The instant `hours` elapsed hours after `ts` (before it if negative).
/// Elapsed time ignores clock changes: 24 hours before the clocks go forward
/// ends at 01:00 the next day, local time. Saturates at jiff's limits.
pub fn add_hours(ts: Timestamp, hours: i64) -> Timestamp {
    let fallback = if hours < 0 { Timestamp::MIN } else { Timestamp::MAX };
    match hours.checked_mul(3600) {
        Some(secs) => ts.checked_add(SignedDuration::from_secs(secs)).unwrap_or(fallback),
        None => fallback,
    }
}

/// The date in London at the instant `ts`.
pub fn london_date(ts: Timestamp) -> Date {
    ts.to_zoned(london()).date()
}

/// 23:59:59 London time on `d`, as an instant: the end of a deadline day.
/// That time always exists and is never repeated, because the UK's clocks
/// change at 01:00 GMT.
pub fn end_of_day(d: Date) -> Timestamp {
    match d.at(23, 59, 59, 0).to_zoned(london()) {
        Ok(zoned) => zoned.timestamp(),
        // Only possible at the very end of jiff's range (9999-12-31).
        Err(_) => Timestamp::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn london_comes_from_the_bundled_database() {
        assert_eq!(london().iana_name(), Some("Europe/London"));
        // The fallback rule agrees with the database for current years.
        let rule = TimeZone::posix(UK_POSIX_RULE).unwrap();
        for s in ["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z"] {
            let t = ts(s);
            assert_eq!(rule.to_offset(t), london().to_offset(t), "{s}");
        }
    }

    #[test]
    fn end_of_day_in_winter_and_summer() {
        assert_eq!(end_of_day(date(2026, 1, 15)), ts("2026-01-15T23:59:59Z"));
        // The clocks went forward that morning.
        assert_eq!(end_of_day(date(2026, 3, 29)), ts("2026-03-29T22:59:59Z"));
        assert_eq!(end_of_day(date(2026, 3, 28)), ts("2026-03-28T23:59:59Z"));
        // ...and back on 25 October.
        assert_eq!(end_of_day(date(2026, 10, 24)), ts("2026-10-24T22:59:59Z"));
        assert_eq!(end_of_day(date(2026, 10, 25)), ts("2026-10-25T23:59:59Z"));
        assert_eq!(end_of_day(Date::MAX), Timestamp::MAX);
    }

    #[test]
    fn london_date_near_midnight() {
        // Summer: 23:30 UTC is already 00:30 tomorrow in London.
        assert_eq!(london_date(ts("2026-07-01T22:59:59Z")), date(2026, 7, 1));
        assert_eq!(london_date(ts("2026-07-01T23:00:00Z")), date(2026, 7, 2));
        assert_eq!(london_date(ts("2026-07-01T23:30:00Z")), date(2026, 7, 2));
        // Winter: London is on UTC.
        assert_eq!(london_date(ts("2026-01-15T23:59:59Z")), date(2026, 1, 15));
        assert_eq!(london_date(ts("2026-01-16T00:00:00Z")), date(2026, 1, 16));
        assert_eq!(london_date(end_of_day(date(2026, 3, 29))), date(2026, 3, 29));
    }

    #[test]
    fn add_hours_is_elapsed_time_across_the_clock_change() {
        // Midnight GMT before the clocks go forward; 24 elapsed hours later
        // it is 01:00 BST on the Monday.
        let start = ts("2026-03-29T00:00:00Z");
        let later = add_hours(start, 24);
        assert_eq!(later, ts("2026-03-30T00:00:00Z"));
        assert_eq!(later.to_zoned(london()).hour(), 1);
        assert_eq!(add_hours(later, -24), start);
        assert_eq!(add_hours(start, i64::MAX), Timestamp::MAX);
        assert_eq!(add_hours(start, i64::MIN), Timestamp::MIN);
        assert_eq!(add_hours(start, 1_000_000_000), Timestamp::MAX);
    }
}
