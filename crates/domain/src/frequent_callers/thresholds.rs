//! An office's own thresholds: checking an edited set, and what the
//! candidate query needs to know about it (the longest window, and the
//! lowest number that could make anyone a candidate in each window).

use super::{AppliesTo, Threshold, Thresholds, Window};
use crate::validation::FieldErrors;
use jiff::ToSpan;
use jiff::civil::Date;

/// No office counts more contacts than this before looking at a person;
/// a bigger number is a typing mistake.
pub const THRESHOLD_MAX: u32 = 1_000;

impl Threshold {
    /// The form field for this rule's number, e.g. `adults-days-30`.
    pub fn field(&self) -> String {
        field_name(self.applies_to, self.window)
    }
}

/// The form field for the rule "for `applies_to`, in `window`".
pub fn field_name(applies_to: AppliesTo, window: Window) -> String {
    format!("{}-{}", applies_to.slug(), window.slug())
}

impl Thresholds {
    /// Checks an edited set: at least one rule, each for a different group
    /// and window, each a number from 1 to [`THRESHOLD_MAX`]. Errors name
    /// the rule's field (see [`Threshold::field`]), or `rules`.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.rules.is_empty() {
            errors.add("rules", "Set at least one threshold, or nobody will ever be put in front of a manager");
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let field = rule.field();
            if self.rules[..i].iter().any(|r| r.applies_to == rule.applies_to && r.window == rule.window) {
                errors.add(&field, format!("There is more than one threshold for {} in {}", rule.applies_to.label(), rule.window.label()));
            } else if rule.at_least == 0 {
                errors.add(&field, format!("The threshold for {} in {} must be at least 1", rule.applies_to.label(), rule.window.label()));
            } else if rule.at_least > THRESHOLD_MAX {
                errors.add(
                    &field,
                    format!("The threshold for {} in {} must be {THRESHOLD_MAX} or fewer", rule.applies_to.label(), rule.window.label()),
                );
            }
        }
        errors.into_result(())
    }

    /// The number set for a group and window, if any.
    pub fn get(&self, applies_to: AppliesTo, window: Window) -> Option<u32> {
        self.rules.iter().find(|r| r.applies_to == applies_to && r.window == window).map(|r| r.at_least)
    }

    /// The longest window any rule counts over.
    pub fn longest_window(&self) -> Option<Window> {
        self.rules.iter().map(|r| r.window).max_by_key(|w| w.hours())
    }

    /// For each window, the lowest number of contacts that crosses some rule
    /// for someone. A person below all of these cannot be a candidate, so
    /// the store can leave them out before ages are looked at.
    pub fn lowest_per_window(&self) -> Vec<(Window, u32)> {
        self.lowest_per_window_for(&AppliesTo::ALL)
    }

    /// [`Self::lowest_per_window`] over the rules for some groups only.
    pub fn lowest_per_window_for(&self, groups: &[AppliesTo]) -> Vec<(Window, u32)> {
        Window::ALL
            .into_iter()
            .filter_map(|w| {
                let rules = self.rules.iter().filter(|r| r.window == w && r.at_least > 0 && groups.contains(&r.applies_to));
                rules.map(|r| r.at_least).min().map(|n| (w, n))
            })
            .collect()
    }
}

/// Whether a person born on `date_of_birth` is under 18 on `today`;
/// `None` when the date of birth is not known (we do not guess).
pub fn is_under_18(date_of_birth: Option<Date>, today: Date) -> Option<bool> {
    let born = date_of_birth?;
    // Someone born on 29 February turns 18 on 28 February in a common year
    // (jiff clamps the day), which errs towards treating them as an adult
    // a day early; the adult thresholds are the stricter ones anyway.
    let eighteenth = born.checked_add(18.years()).ok()?;
    Some(today < eighteenth)
}

#[cfg(test)]
mod tests {
    use super::super::{ContactWindowCounts, assess_candidate};
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn rule(applies_to: AppliesTo, window: Window, at_least: u32) -> Threshold {
        Threshold { applies_to, window, at_least }
    }

    fn fields(result: Result<(), FieldErrors>) -> Vec<String> {
        result.unwrap_err().iter().map(|e| e.field.clone()).collect()
    }

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(Thresholds::default().validate(), Ok(()));
        assert_eq!(Thresholds::default().longest_window(), Some(Window::Days183));
    }

    #[test]
    fn an_edited_set_names_each_bad_rule() {
        assert_eq!(fields(Thresholds { rules: vec![] }.validate()), ["rules"]);
        let t = Thresholds {
            rules: vec![
                rule(AppliesTo::Everyone, Window::Hours24, 0),
                rule(AppliesTo::Adults, Window::Days30, 5),
                rule(AppliesTo::Adults, Window::Days30, 6),
                rule(AppliesTo::Under18, Window::Days183, THRESHOLD_MAX + 1),
                rule(AppliesTo::Under18, Window::Days90, THRESHOLD_MAX),
            ],
        };
        assert_eq!(fields(t.validate()), ["everyone-hours-24", "adults-days-30", "under-18-days-183"]);
    }

    #[test]
    fn lowest_per_window_takes_the_smallest_rule_of_each_window() {
        let t = Thresholds {
            rules: vec![
                rule(AppliesTo::Adults, Window::Days30, 5),
                rule(AppliesTo::Under18, Window::Days30, 3),
                rule(AppliesTo::Everyone, Window::Hours24, 4),
            ],
        };
        assert_eq!(t.lowest_per_window(), [(Window::Hours24, 4), (Window::Days30, 3)]);
        assert_eq!(t.get(AppliesTo::Under18, Window::Days30), Some(3));
        assert_eq!(t.get(AppliesTo::Everyone, Window::Days30), None);
    }

    #[test]
    fn age_is_counted_to_the_eighteenth_birthday() {
        let today = date(2026, 11, 23);
        assert_eq!(is_under_18(None, today), None);
        assert_eq!(is_under_18(Some(date(2008, 11, 24)), today), Some(true));
        assert_eq!(is_under_18(Some(date(2008, 11, 23)), today), Some(false));
        assert_eq!(is_under_18(Some(date(1970, 1, 1)), today), Some(false));
    }

    fn window() -> impl Strategy<Value = Window> {
        proptest::sample::select(Window::ALL.to_vec())
    }

    fn applies_to() -> impl Strategy<Value = AppliesTo> {
        proptest::sample::select(AppliesTo::ALL.to_vec())
    }

    proptest! {
        /// The store's pre-filter never drops a real candidate: whoever
        /// crosses a rule has at least the lowest number in that window.
        #[test]
        fn the_prefilter_keeps_every_candidate(
            rules in proptest::collection::vec((applies_to(), window(), 1u32..20), 1..6),
            counts in proptest::collection::vec(0u32..25, 6),
            age in proptest::option::of(any::<bool>()),
        ) {
            let t = Thresholds { rules: rules.into_iter().map(|(a, w, n)| rule(a, w, n)).collect() };
            let mut c = ContactWindowCounts::default();
            // Nested windows: each longer window holds at least the shorter one's count.
            let mut running = 0;
            for (w, n) in Window::ALL.into_iter().zip(counts) {
                running += n;
                match w {
                    Window::Hours24 => c.last_24h = running,
                    Window::Hours96 => c.last_96h = running,
                    Window::Days7 => c.last_7d = running,
                    Window::Days30 => c.last_30d = running,
                    Window::Days90 => c.last_90d = running,
                    Window::Days183 => c.last_183d = running,
                }
            }
            let passes_prefilter = t.lowest_per_window().iter().any(|(w, n)| c.get(*w) >= *n);
            // The store's split: everyone's and adults' rules for all, under-18s' only for children.
            let crosses = |groups: &[AppliesTo]| t.lowest_per_window_for(groups).iter().any(|(w, n)| c.get(*w) >= *n);
            let passes_split = crosses(&[AppliesTo::Everyone, AppliesTo::Adults]) || (age == Some(true) && crosses(&[AppliesTo::Under18]));
            if assess_candidate(&c, age, &t).is_some() {
                prop_assert!(passes_prefilter);
                prop_assert!(passes_split);
            }
        }

        /// A valid set stays valid through JSON, so what is saved is what is read.
        #[test]
        fn valid_sets_round_trip(rules in proptest::collection::vec((applies_to(), window(), 1u32..=THRESHOLD_MAX), 1..6)) {
            let mut t = Thresholds { rules: Vec::new() };
            for (a, w, n) in rules {
                if t.get(a, w).is_none() {
                    t.rules.push(rule(a, w, n));
                }
            }
            prop_assert_eq!(t.validate(), Ok(()));
            let back: Thresholds = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
            prop_assert_eq!(back, t);
        }
    }
}
