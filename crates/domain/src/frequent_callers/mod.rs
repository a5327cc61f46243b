//! Frequent and regular callers: contact counts over sliding windows,
//! thresholds that make a person a *candidate* for a manager's review, the
//! trend, and (in [`flag`]) the flag a manager sets with a response plan.
//!
//! A flag changes how staff respond, never whether: see [`flag`].

mod flag;
mod thresholds;

pub use flag::{
    ActiveFlag, FlagCommand, FlagError, FlagEvent, FrequentCallerFlag, Referral, ResponsePlan, Review, ReviewStatus, decide, review_due,
    review_status,
};
pub use thresholds::{THRESHOLD_MAX, field_name, is_under_18};

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// The windows we count over. Days are elapsed 24-hour periods, so a window
/// is the same length whatever the clocks do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Window {
    Hours24,
    Hours96,
    Days7,
    Days30,
    Days90,
    Days183,
}

impl Window {
    pub const ALL: [Window; 6] = [Window::Hours24, Window::Hours96, Window::Days7, Window::Days30, Window::Days90, Window::Days183];

    pub fn hours(self) -> i64 {
        match self {
            Window::Hours24 => 24,
            Window::Hours96 => 96,
            Window::Days7 => 7 * 24,
            Window::Days30 => 30 * 24,
            Window::Days90 => 90 * 24,
            Window::Days183 => 183 * 24,
        }
    }

    /// The spelling in forms and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Window::Hours24 => "hours-24",
            Window::Hours96 => "hours-96",
            Window::Days7 => "days-7",
            Window::Days30 => "days-30",
            Window::Days90 => "days-90",
            Window::Days183 => "days-183",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Window::Hours24 => "24 hours",
            Window::Hours96 => "96 hours",
            Window::Days7 => "7 days",
            Window::Days30 => "30 days",
            Window::Days90 => "90 days",
            Window::Days183 => "183 days",
        }
    }
}

/// How many contacts a person made in each window ending now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactWindowCounts {
    pub last_24h: u32,
    pub last_96h: u32,
    pub last_7d: u32,
    pub last_30d: u32,
    pub last_90d: u32,
    pub last_183d: u32,
}

impl ContactWindowCounts {
    pub fn get(&self, window: Window) -> u32 {
        match window {
            Window::Hours24 => self.last_24h,
            Window::Hours96 => self.last_96h,
            Window::Days7 => self.last_7d,
            Window::Days30 => self.last_30d,
            Window::Days90 => self.last_90d,
            Window::Days183 => self.last_183d,
        }
    }
}

/// Whether `at` lies in the window of `hours` ending at `now`: after the
/// start, up to and including `now`. Contacts stamped after `now` (a skewed
/// clock) are not counted, so counts never run ahead of the screen's time.
fn within(at: Timestamp, now: Timestamp, hours: i64) -> bool {
    let start = now.checked_sub(SignedDuration::from_hours(hours)).unwrap_or(Timestamp::MIN);
    at > start && at <= now
}

/// Counts contacts in every window; `contact_times` may be in any order.
pub fn count_windows(contact_times: &[Timestamp], now: Timestamp) -> ContactWindowCounts {
    let mut counts = ContactWindowCounts::default();
    for &at in contact_times {
        for window in Window::ALL {
            if within(at, now, window.hours()) {
                let slot = match window {
                    Window::Hours24 => &mut counts.last_24h,
                    Window::Hours96 => &mut counts.last_96h,
                    Window::Days7 => &mut counts.last_7d,
                    Window::Days30 => &mut counts.last_30d,
                    Window::Days90 => &mut counts.last_90d,
                    Window::Days183 => &mut counts.last_183d,
                };
                *slot = slot.saturating_add(1);
            }
        }
    }
    counts
}

/// Contacts in the 30 days before the last 30, for [`Trend::from_counts`].
pub fn count_previous_30_days(contact_times: &[Timestamp], now: Timestamp) -> u32 {
    let previous_end = now.checked_sub(SignedDuration::from_hours(Window::Days30.hours())).unwrap_or(Timestamp::MIN);
    let n = contact_times.iter().filter(|at| within(**at, previous_end, Window::Days30.hours())).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whom a threshold applies to. When a person's age is not known we apply
/// the adult thresholds only: we will not guess that someone is a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    Everyone,
    Adults,
    Under18,
}

impl AppliesTo {
    pub const ALL: [AppliesTo; 3] = [AppliesTo::Everyone, AppliesTo::Adults, AppliesTo::Under18];

    /// The spelling in forms and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            AppliesTo::Everyone => "everyone",
            AppliesTo::Adults => "adults",
            AppliesTo::Under18 => "under-18",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AppliesTo::Everyone => "Everyone",
            AppliesTo::Adults => "Adults (and anyone whose age is not known)",
            AppliesTo::Under18 => "Under 18",
        }
    }
}

/// "At least `at_least` contacts in `window`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    pub applies_to: AppliesTo,
    pub window: Window,
    pub at_least: u32,
}

/// The thresholds an office uses, as data so managers can change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub rules: Vec<Threshold>,
}

impl Default for Thresholds {
    /// Domain reference Part B: ambulance-service definitions (adult ≥5 a
    /// month or ≥12 in 3 months, under-18 ≥3 in 6 months), NHS 111's short
    /// burst (≥3 in 96 hours), and the OPCC procedure's "substantial number
    /// of times per 24 hour period", which we read as 3.
    fn default() -> Self {
        let t = |applies_to, window, at_least| Threshold { applies_to, window, at_least };
        Thresholds {
            rules: vec![
                t(AppliesTo::Everyone, Window::Hours24, 3),
                t(AppliesTo::Everyone, Window::Hours96, 3),
                t(AppliesTo::Adults, Window::Days30, 5),
                t(AppliesTo::Adults, Window::Days90, 12),
                t(AppliesTo::Under18, Window::Days183, 3),
            ],
        }
    }
}

/// One threshold a person crossed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossedThreshold {
    pub window: Window,
    pub count: u32,
    pub threshold: u32,
    pub applies_to: AppliesTo,
    /// E.g. "5 contacts in 30 days (threshold 5)".
    pub text: String,
}

/// Why a person is on the candidates list: every threshold crossed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateReasons {
    pub crossed: Vec<CrossedThreshold>,
}

impl CandidateReasons {
    /// All reasons in one line, for the review list and the report.
    pub fn summary(&self) -> String {
        self.crossed.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("; ")
    }
}

/// `Some` when the counts cross any applicable threshold. Being a candidate
/// only puts a person in front of a manager; it changes nothing else.
pub fn assess_candidate(counts: &ContactWindowCounts, is_under_18: Option<bool>, thresholds: &Thresholds) -> Option<CandidateReasons> {
    let crossed: Vec<CrossedThreshold> = thresholds
        .rules
        .iter()
        .filter(|t| match t.applies_to {
            AppliesTo::Everyone => true,
            AppliesTo::Adults => is_under_18 != Some(true),
            AppliesTo::Under18 => is_under_18 == Some(true),
        })
        .filter_map(|t| {
            let count = counts.get(t.window);
            (t.at_least > 0 && count >= t.at_least).then(|| CrossedThreshold {
                window: t.window,
                count,
                threshold: t.at_least,
                applies_to: t.applies_to,
                text: format!(
                    "{count} {} in {} (threshold {})",
                    if count == 1 { "contact" } else { "contacts" },
                    t.window.label(),
                    t.at_least
                ),
            })
        })
        .collect();
    (!crossed.is_empty()).then_some(CandidateReasons { crossed })
}

/// Whether contact is rising or falling: the last 30 days against the 30
/// before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    Rising,
    Steady,
    Falling,
}

impl Trend {
    pub fn label(self) -> &'static str {
        match self {
            Trend::Rising => "Rising",
            Trend::Steady => "Steady",
            Trend::Falling => "Falling",
        }
    }

    /// A difference of one contact, or of a fifth of the earlier count, is
    /// noise rather than a trend: managers should not chase a 10 → 11.
    pub fn from_counts(last_30d: u32, previous_30d: u32) -> Trend {
        let margin = (previous_30d / 5).max(1);
        if last_30d > previous_30d.saturating_add(margin) {
            Trend::Rising
        } else if last_30d.saturating_add(margin) < previous_30d {
            Trend::Falling
        } else {
            Trend::Steady
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-23T12:00:00Z".parse().unwrap()
    }

    fn hours_ago(h: i64) -> Timestamp {
        now().checked_sub(SignedDuration::from_hours(h)).unwrap()
    }

    #[test]
    fn windows_count_up_to_now_only() {
        let times = [hours_ago(1), hours_ago(23), hours_ago(24), hours_ago(50), hours_ago(24 * 29), hours_ago(24 * 100), hours_ago(-1)];
        let c = count_windows(&times, now());
        assert_eq!(c, ContactWindowCounts { last_24h: 2, last_96h: 4, last_7d: 4, last_30d: 5, last_90d: 5, last_183d: 6 });
    }

    #[test]
    fn adult_thresholds() {
        let counts = ContactWindowCounts { last_30d: 5, last_90d: 12, last_183d: 12, ..Default::default() };
        let reasons = assess_candidate(&counts, Some(false), &Thresholds::default()).unwrap();
        assert_eq!(reasons.summary(), "5 contacts in 30 days (threshold 5); 12 contacts in 90 days (threshold 12)");
        let below = ContactWindowCounts { last_30d: 4, last_90d: 11, last_183d: 11, ..Default::default() };
        assert_eq!(assess_candidate(&below, Some(false), &Thresholds::default()), None);
        // Unknown age: adult thresholds.
        assert!(assess_candidate(&counts, None, &Thresholds::default()).is_some());
    }

    #[test]
    fn under_18_and_short_bursts() {
        let counts = ContactWindowCounts { last_183d: 3, last_90d: 3, last_30d: 3, ..Default::default() };
        assert_eq!(assess_candidate(&counts, Some(false), &Thresholds::default()), None);
        assert_eq!(assess_candidate(&counts, None, &Thresholds::default()), None);
        let child = assess_candidate(&counts, Some(true), &Thresholds::default()).unwrap();
        assert_eq!(child.summary(), "3 contacts in 183 days (threshold 3)");

        let burst = ContactWindowCounts { last_24h: 3, last_96h: 3, last_7d: 3, last_30d: 3, last_90d: 3, last_183d: 3 };
        let r = assess_candidate(&burst, Some(false), &Thresholds::default()).unwrap();
        assert_eq!(r.summary(), "3 contacts in 24 hours (threshold 3); 3 contacts in 96 hours (threshold 3)");
    }

    #[test]
    fn thresholds_round_trip_as_json() {
        let t = Thresholds::default();
        assert_eq!(serde_json::from_str::<Thresholds>(&serde_json::to_string(&t).unwrap()).unwrap(), t);
    }

    #[test]
    fn trends() {
        assert_eq!(Trend::from_counts(10, 2), Trend::Rising);
        assert_eq!(Trend::from_counts(2, 10), Trend::Falling);
        assert_eq!(Trend::from_counts(11, 10), Trend::Steady);
        assert_eq!(Trend::from_counts(0, 0), Trend::Steady);
        assert_eq!(Trend::from_counts(1, 0), Trend::Steady);
        assert_eq!(Trend::from_counts(2, 0), Trend::Rising);
        let times = [hours_ago(24 * 31), hours_ago(24 * 59), hours_ago(24 * 61), hours_ago(1)];
        assert_eq!(count_previous_30_days(&times, now()), 2);
    }

    proptest! {
        #[test]
        fn counts_match_a_naive_count(offsets in proptest::collection::vec(-100i64..200 * 24 * 3600, 0..60)) {
            let times: Vec<Timestamp> = offsets.iter().map(|s| now().checked_sub(SignedDuration::from_secs(*s)).unwrap()).collect();
            let c = count_windows(&times, now());
            for window in Window::ALL {
                let limit = window.hours() * 3600;
                let naive = offsets.iter().filter(|s| **s >= 0 && **s < limit).count() as u32;
                prop_assert_eq!(c.get(window), naive, "{:?}", window);
            }
            // Nested windows never shrink.
            prop_assert!(c.last_24h <= c.last_96h && c.last_96h <= c.last_7d && c.last_7d <= c.last_30d && c.last_30d <= c.last_90d && c.last_90d <= c.last_183d);
        }
    }
}
