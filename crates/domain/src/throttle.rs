//! Sign-in throttling: after too many failed sign-ins close together, an
//! account is paused for a while, so passwords cannot be guessed quickly.

use jiff::{SignedDuration, Timestamp};

/// When a pause ends, if one is in force at `now`.
///
/// `recent_failures` are the newest failed attempts since the last success,
/// newest first (at least `max_failures` of them when there are that many).
/// A pause starts when `max_failures` failures fall within `window` of each
/// other, and lasts `window` from the newest of them: refused attempts are
/// not failures, so retrying during a pause does not extend it.
pub fn paused_until(recent_failures: &[Timestamp], max_failures: usize, window: SignedDuration, now: Timestamp) -> Option<Timestamp> {
    if max_failures == 0 || recent_failures.len() < max_failures {
        return None;
    }
    let newest = recent_failures[0];
    let oldest_counted = recent_failures[max_failures - 1];
    if newest.duration_since(oldest_counted) > window {
        return None;
    }
    let until = newest + window;
    (now < until).then_some(until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + minute * 60).unwrap()
    }

    const WINDOW: SignedDuration = SignedDuration::from_mins(15);

    #[test]
    fn five_quick_failures_pause_until_fifteen_minutes_after_the_last() {
        let failures = [at(4), at(3), at(2), at(1), at(0)];
        assert_eq!(paused_until(&failures, 5, WINDOW, at(5)), Some(at(19)));
        assert_eq!(paused_until(&failures, 5, WINDOW, at(18)), Some(at(19)));
        assert_eq!(paused_until(&failures, 5, WINDOW, at(19)), None);
    }

    #[test]
    fn fewer_failures_or_spread_out_failures_do_not_pause() {
        assert_eq!(paused_until(&[at(3), at(2), at(1), at(0)], 5, WINDOW, at(4)), None);
        assert_eq!(paused_until(&[at(40), at(30), at(20), at(10), at(0)], 5, WINDOW, at(41)), None);
    }

    #[test]
    fn failures_exactly_a_window_apart_still_count() {
        assert_eq!(paused_until(&[at(15), at(10), at(5), at(1), at(0)], 5, WINDOW, at(16)), Some(at(30)));
    }

    proptest! {
        #[test]
        fn a_pause_always_ends_one_window_after_the_newest_failure(gaps in proptest::collection::vec(0i64..10, 5..10), later in 0i64..40) {
            let mut minute = 0;
            let mut failures: Vec<Timestamp> = gaps.iter().map(|g| { minute += g; at(minute) }).collect();
            failures.reverse();
            let now = failures[0] + SignedDuration::from_mins(later);
            if let Some(until) = paused_until(&failures, 5, WINDOW, now) {
                prop_assert_eq!(until, failures[0] + WINDOW);
                prop_assert!(now < until);
            }
        }
    }
}
