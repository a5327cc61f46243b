//! Recognition quality on generated data with known truth: 2,000 persons of
//! the world generator (`crate::generate`), noisy queries (typos, initials, swapped names, phonetic
//! variants, one barrel of a double-barrelled name), candidates fetched
//! through the blocking keys as the store would, and top-1 precision and
//! recall measured. Run with `--nocapture` to see the figures.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;

use super::matching::{CandidatePerson, MatchQuery, name_blocking_keys, query_blocking_keys, rank_candidates};
use super::names::PersonName;
use crate::generate::{self, NOISES, Rng, noisy_name};

struct Person {
    given: String,
    family: String,
    dob: Option<Date>,
    candidate: CandidatePerson,
}

/// The world generator's persons, as the store would hand them to the recogniser.
fn generate_people(count: usize) -> Vec<Person> {
    (0..count)
        .map(|i| {
            let p = generate::person(SEED, i as u64);
            let names = std::iter::once(p.name()).chain(p.previous_names.iter().cloned()).chain(p.aliases.iter().cloned()).collect();
            let candidate =
                CandidatePerson { person_id: i as i64, names, date_of_birth: p.date_of_birth, postcode: p.postcode, ..Default::default() };
            Person { given: p.given, family: p.family, dob: p.date_of_birth, candidate }
        })
        .collect()
}

const SEED: u64 = 0xCA5E_B00C;

#[derive(Default)]
struct Tally {
    queries: usize,
    answered: usize,
    correct: usize,
    fetched: usize,
    /// Wrong answers where the right person scored exactly as well: namesakes
    /// that nothing in the query can tell apart.
    tied: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        self.correct as f64 / self.answered.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.correct as f64 / self.queries.max(1) as f64
    }
}

fn measure(with_dob: bool, queries: usize) -> (Tally, HashMap<&'static str, Tally>) {
    let mut rng = Rng::new(SEED);
    let people = generate_people(2_000);
    // The store's index: blocking key → persons having a name with that key.
    let mut index: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        for name in &p.candidate.names {
            for key in name_blocking_keys(name) {
                index.entry(key).or_default().insert(i);
            }
        }
    }
    let mut total = Tally::default();
    let mut by_noise: HashMap<&'static str, Tally> = HashMap::new();
    for _ in 0..queries {
        let truth = rng.below(people.len());
        let noise = NOISES[rng.below(NOISES.len())];
        let raw = noisy_name(&mut rng, &people[truth].given, &people[truth].family, noise);
        let Ok(name) = PersonName::parse(&raw) else { continue };
        let fetched: BTreeSet<usize> = query_blocking_keys(&name).iter().filter_map(|k| index.get(k)).flatten().copied().collect();
        let candidates: Vec<CandidatePerson> = fetched.iter().map(|&i| people[i].candidate.clone()).collect();
        let query = MatchQuery { name: Some(name), date_of_birth: people[truth].dob.filter(|_| with_dob), ..Default::default() };
        let ranked = rank_candidates(&query, &candidates, usize::MAX);
        let top = ranked.first();
        let truth_score = ranked.iter().find(|c| c.person_id == truth as i64).map(|c| c.score);
        if with_dob && top.is_none_or(|t| t.person_id != truth as i64) {
            // Shown only when the assertion fails, to say what went wrong.
            eprintln!("missed {noise} {raw:?} for {:?}: fetched {}", people[truth].candidate.names, fetched.contains(&truth));
        }
        for tally in [&mut total, by_noise.entry(noise).or_default()] {
            tally.queries += 1;
            tally.fetched += candidates.len();
            if let Some(top) = top {
                tally.answered += 1;
                if top.person_id == truth as i64 {
                    tally.correct += 1;
                } else if truth_score == Some(top.score) {
                    tally.tied += 1;
                }
            }
        }
    }
    (total, by_noise)
}

fn report(label: &str, total: &Tally, by_noise: &HashMap<&'static str, Tally>) {
    println!(
        "{label}: {} queries, top-1 precision {:.3}, recall {:.3}, mean candidates fetched {:.1}, \
         wrong answers tied with an indistinguishable namesake {}",
        total.queries,
        total.precision(),
        total.recall(),
        total.fetched as f64 / total.queries.max(1) as f64,
        total.tied
    );
    for noise in NOISES {
        if let Some(t) = by_noise.get(noise) {
            println!("  {noise:>14}: n={:4} precision {:.3} recall {:.3}", t.queries, t.precision(), t.recall());
        }
    }
}

#[test]
fn name_and_date_of_birth_recognise_the_right_person() {
    let (total, by_noise) = measure(true, 2_000);
    report("people recognition, name + date of birth", &total, &by_noise);
    assert!(total.precision() >= 0.95, "precision {:.3}", total.precision());
    assert!(total.recall() >= 0.95, "recall {:.3}", total.recall());
}

#[test]
fn name_only_recognition_is_reported() {
    // Without a date of birth, namesakes are indistinguishable: reported, not asserted.
    let (total, by_noise) = measure(false, 2_000);
    report("people recognition, name only", &total, &by_noise);
    assert!(total.queries > 0);
}
