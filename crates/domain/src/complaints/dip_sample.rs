//! The monthly dip sample of responses (detention order para 41 and 47):
//! each month the complaints unit draws a random sample of the responses a
//! site sent, checks each against a short checklist and records its
//! findings; a poor response goes back to the site's delivery manager.
//!
//! The draw is random but reproducible: the same site, month, seed and
//! responses always give the same sample, whatever order the responses are
//! listed in, so anyone can check a sample was not picked by hand. The seed
//! comes from outside (the edge reads randomness once) and is recorded with
//! the sample.
//!
//! Size rule: one response in ten, rounded up, but at least
//! [`MINIMUM`] and at most [`MAXIMUM`]; a site that sent [`MINIMUM`] or
//! fewer has every response checked.

use super::monthly_summary::Month;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// The share of responses sampled, in percent.
pub const SHARE_PERCENT: usize = 10;
/// Fewer than this many are never sampled, unless fewer were sent.
pub const MINIMUM: usize = 5;
/// More than this many are never sampled: the check is a dip, not an audit.
pub const MAXIMUM: usize = 20;
const NOTES_MAX: usize = 2_000;

/// How many of `population` responses the sample takes.
pub fn sample_size(population: usize) -> usize {
    if population <= MINIMUM {
        return population;
    }
    population.saturating_mul(SHARE_PERCENT).div_ceil(100).clamp(MINIMUM, MAXIMUM)
}

/// SplitMix64's finaliser: spreads any change of input over every bit.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The sample of `responses` (complaint ids) for `site_id` and `month`
/// with `seed`, in ascending order. Each response gets a pseudo-random key
/// from the seed, site, month and its id; the lowest keys are taken.
pub fn draw(site_id: i64, month: Month, seed: u64, responses: &[i64]) -> Vec<i64> {
    let month_key = month.first_day().year().unsigned_abs() as u64 * 12 + month.first_day().month().unsigned_abs() as u64;
    let base = mix(mix(seed ^ mix(site_id as u64)) ^ month_key);
    let mut ids = responses.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let n = sample_size(ids.len());
    ids.sort_by_key(|id| (mix(base ^ *id as u64), *id));
    let mut sample: Vec<i64> = ids.into_iter().take(n).collect();
    sample.sort_unstable();
    sample
}

/// The checklist for one sampled response: the documents the order says
/// must be on file (para 47: complaint, acknowledgement, interim response
/// where used, response), whether the response covers every point raised
/// (para 48 and Annex F), and whether it carries the right escalation
/// wording for the ombudsman (para 48).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub documents_present: bool,
    pub covers_every_point: bool,
    pub escalation_wording: bool,
}

impl Checklist {
    pub fn verdict(&self) -> Verdict {
        if self.documents_present && self.covers_every_point && self.escalation_wording { Verdict::Satisfactory } else { Verdict::Poor }
    }

    /// The items the response failed, for the delivery manager's task.
    pub fn failures(&self) -> Vec<&'static str> {
        let mut failed = Vec::new();
        if !self.documents_present {
            failed.push("required documents missing");
        }
        if !self.covers_every_point {
            failed.push("does not cover every point");
        }
        if !self.escalation_wording {
            failed.push("wrong or missing escalation wording");
        }
        failed
    }
}

/// What the check concluded. A poor response is sent back to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Satisfactory,
    Poor,
}

impl Verdict {
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Satisfactory => "satisfactory",
            Verdict::Poor => "poor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Satisfactory => "Satisfactory",
            Verdict::Poor => "Poor: sent back to the site",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Verdict> {
        [Verdict::Satisfactory, Verdict::Poor].into_iter().find(|v| v.slug() == slug)
    }
}

/// The findings on one sampled response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub checklist: Checklist,
    pub verdict: Verdict,
    pub notes: String,
}

/// Checks the answers as given: each question must be answered, and a
/// poor response needs notes saying what is wrong, for the site.
pub fn finding(
    documents_present: Option<bool>,
    covers_every_point: Option<bool>,
    escalation_wording: Option<bool>,
    notes: &str,
) -> Result<Finding, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut answer = |field: &str, value: Option<bool>, question: &str| {
        if value.is_none() {
            errors.add(field, format!("Answer whether {question}"));
        }
        value.unwrap_or(false)
    };
    let checklist = Checklist {
        documents_present: answer("documents_present", documents_present, "all the required documents are present"),
        covers_every_point: answer("covers_every_point", covers_every_point, "the response covers every point"),
        escalation_wording: answer("escalation_wording", escalation_wording, "the response has the right escalation wording"),
    };
    let notes = notes.trim().to_owned();
    let verdict = checklist.verdict();
    if notes.chars().count() > NOTES_MAX {
        errors.add("notes", format!("Notes must be {NOTES_MAX} characters or fewer"));
    } else if errors.is_empty() && verdict == Verdict::Poor && notes.is_empty() {
        errors.add("notes", "Say what is wrong with the response, for the site's delivery manager");
    }
    errors.into_result(Finding { checklist, verdict, notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn october() -> Month {
        Month::parse("2026-10").unwrap()
    }

    #[test]
    fn the_size_is_a_tenth_between_five_and_twenty() {
        assert_eq!(sample_size(0), 0);
        assert_eq!(sample_size(3), 3);
        assert_eq!(sample_size(5), 5);
        assert_eq!(sample_size(6), 5);
        assert_eq!(sample_size(51), 6);
        assert_eq!(sample_size(200), 20);
        assert_eq!(sample_size(100_000), 20);
    }

    #[test]
    fn the_same_inputs_give_the_same_sample_and_another_seed_another() {
        let responses: Vec<i64> = (1..=100).collect();
        let a = draw(3, october(), 42, &responses);
        assert_eq!(a.len(), 10);
        assert_eq!(a, draw(3, october(), 42, &responses));
        assert_ne!(a, draw(3, october(), 43, &responses));
        assert_ne!(a, draw(4, october(), 42, &responses), "another site draws differently");
        assert_ne!(a, draw(3, october().next(), 42, &responses), "another month draws differently");
    }

    #[test]
    fn a_satisfactory_response_needs_no_notes_and_a_poor_one_does() {
        let good = finding(Some(true), Some(true), Some(true), "").unwrap();
        assert_eq!(good.verdict, Verdict::Satisfactory);
        let errors = finding(Some(true), Some(false), Some(true), " ").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["notes"]);
        let poor = finding(Some(true), Some(false), Some(false), "Point 2 unanswered").unwrap();
        assert_eq!(poor.verdict, Verdict::Poor);
        assert_eq!(poor.checklist.failures(), ["does not cover every point", "wrong or missing escalation wording"]);
    }

    #[test]
    fn every_question_must_be_answered() {
        let errors = finding(None, Some(true), None, "").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["documents_present", "escalation_wording"]);
    }

    proptest! {
        /// Reproducible whatever the order or repetition of the input; the
        /// sample is a subset of the responses of the documented size.
        #[test]
        fn the_draw_is_a_reproducible_subset_of_the_documented_size(
            mut responses in prop::collection::vec(1i64..10_000, 0..300),
            seed in any::<u64>(),
            site in 1i64..50,
        ) {
            let sample = draw(site, october(), seed, &responses);
            let mut distinct = responses.clone();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(sample.len(), sample_size(distinct.len()));
            prop_assert!(sample.iter().all(|id| distinct.binary_search(id).is_ok()));
            prop_assert!(sample.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
            responses.reverse();
            responses.extend(distinct.iter().take(5));
            prop_assert_eq!(draw(site, october(), seed, &responses), sample);
        }
    }
}
