//! Recognition quality on generated data with known truth: 2,000 synthetic
//! UK persons, noisy queries (typos, initials, swapped names, phonetic
//! variants, one barrel of a double-barrelled name), candidates fetched
//! through the blocking keys as the store would, and top-1 precision and
//! recall measured. Run with `--nocapture` to see the figures.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::{Date, date};

use super::matching::{CandidatePerson, MatchQuery, name_blocking_keys, query_blocking_keys, rank_candidates};
use super::names::PersonName;

/// SplitMix64: deterministic, so the figures are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[rustfmt::skip]
const GIVEN: &[&str] = &[
    // English
    "James", "John", "Oliver", "Emily", "Sarah", "David", "Sophie", "Thomas", "Jessica", "William", "Charlotte",
    "Daniel", "Hannah", "Matthew", "Amelia", "Jack", "Lucy", "Harry", "Chloe", "George", "Grace", "Mary-Jane",
    "Anne-Marie", "Elizabeth", "Michael", "Rebecca", "Christopher", "Laura", "Paul", "Joanne", "Catherine",
    "Stephen",
    // Welsh, Scottish, Irish
    "Rhys", "Dafydd", "Gareth", "Sian", "Cerys", "Bethan", "Owain", "Gwen", "Iain", "Alasdair", "Morag", "Eilidh",
    "Callum", "Fiona", "Siobhan", "Niamh", "Aoife", "Sean", "Ciaran", "Padraig", "Roisin", "Caoimhe",
    // South Asian
    "Mohammed", "Priya", "Aisha", "Imran", "Sanjay", "Ravi", "Fatima", "Arjun", "Harpreet", "Gurpreet", "Anjali",
    "Zainab", "Bilal", "Nadia", "Farhan",
    // African
    "Chiamaka", "Oluwaseun", "Kwame", "Abena", "Chinedu", "Adebayo", "Amara", "Tunde", "Folake", "Kofi",
    // Eastern European
    "Piotr", "Agnieszka", "Katarzyna", "Tomasz", "Andrei", "Ioana", "Marek", "Oksana", "Bogdan", "Jakub", "Zofia",
    "Mihai", "Łukasz", "Zoë",
];

#[rustfmt::skip]
const FAMILY: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Johnson",
    "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Jackson", "Wright", "Green", "Harris",
    "Cooper", "King", "Lee", "Martin", "Clarke", "Morgan", "Hughes", "Edwards", "Hill", "Moore", "Scott", "Young",
    "Morris", "Hall", "Ward", "Turner", "Carter", "Phillips", "Mitchell", "Llewellyn", "Pritchard", "Bowen",
    "Powell", "MacDonald", "Campbell", "Stewart", "Robertson", "MacLeod", "Fraser", "Murray", "O'Neill", "Murphy",
    "Kelly", "O'Brien", "Byrne", "Gallagher", "Doherty", "McCarthy", "Patel", "Khan", "Ahmed", "Ali", "Hussain",
    "Begum", "Shah", "Singh", "Kaur", "Sharma", "Chaudhry", "Rahman", "Islam", "Okafor", "Adeyemi", "Mensah",
    "Okonkwo", "Osei", "Boateng", "Nwosu", "Kowalski", "Nowak", "Wiśniewski", "Popescu", "Ionescu", "Kowalczyk",
    "Lewandowski", "Novak", "Horvath", "de Souza",
];

/// Spellings a caller may use that differ from the one on file.
const SPOKEN_VARIANTS: &[(&str, &str)] = &[
    ("Siobhan", "Shivaun"),
    ("Niamh", "Neve"),
    ("Aoife", "Eefa"),
    ("Sean", "Shaun"),
    ("Mohammed", "Muhammad"),
    ("Catherine", "Kathryn"),
    ("Stephen", "Steven"),
    ("Iain", "Ian"),
    ("Jakub", "Jacob"),
    ("Zofia", "Sofia"),
    ("Caoimhe", "Keeva"),
];

fn variant_of(given: &str) -> Option<&'static str> {
    SPOKEN_VARIANTS.iter().find(|(g, _)| *g == given).map(|(_, v)| *v)
}

struct Person {
    given: String,
    family: String,
    dob: Date,
    candidate: CandidatePerson,
}

fn generate_people(rng: &mut Rng, count: usize) -> Vec<Person> {
    (0..count)
        .map(|i| {
            let given = rng.pick(GIVEN).to_owned();
            let family = if rng.below(100) < 12 {
                let (a, b) = (rng.pick(FAMILY), rng.pick(FAMILY));
                if a == b || a.contains(' ') || b.contains(' ') { a.to_owned() } else { format!("{a}-{b}") }
            } else {
                rng.pick(FAMILY).to_owned()
            };
            let year = 1940 + rng.below(66) as i16;
            let dob = date(year, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8);
            let mut names = vec![PersonName::new(&given, &family)];
            // Half the people with a spoken variant have it recorded as an alias.
            if let Some(variant) = variant_of(&given).filter(|_| rng.below(2) == 0) {
                names.push(PersonName::new(variant, &family));
            }
            let candidate = CandidatePerson { person_id: i as i64, names, date_of_birth: Some(dob), ..Default::default() };
            Person { given, family, dob, candidate }
        })
        .collect()
}

/// One substitution, deletion or transposition of a letter.
fn typo(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_alphabetic()).collect();
    if letters.len() < 3 {
        return word.to_owned();
    }
    let at = letters[rng.below(letters.len())];
    match rng.below(3) {
        0 if letters.len() >= 4 => {
            chars.remove(at);
        }
        1 if at + 1 < chars.len() && chars[at + 1].is_alphabetic() && chars[at] != chars[at + 1] => {
            chars.swap(at, at + 1);
        }
        _ => {
            let current = chars[at].to_ascii_lowercase();
            let mut replacement = (b'a' + rng.below(26) as u8) as char;
            if replacement == current {
                replacement = if current == 'z' { 'a' } else { (current as u8 + 1) as char };
            }
            chars[at] = replacement;
        }
    }
    chars.into_iter().collect()
}

const NOISES: [&str; 7] = ["exact", "typo-given", "typo-family", "initial", "swapped", "spoken-variant", "one-barrel"];

fn noisy_name(rng: &mut Rng, person: &Person, noise: &str) -> String {
    let (given, family) = (person.given.as_str(), person.family.as_str());
    match noise {
        "typo-given" => format!("{} {family}", typo(rng, given)),
        "typo-family" => format!("{given} {}", typo(rng, family)),
        "initial" => format!("{}. {family}", given.chars().next().unwrap_or('X')),
        "swapped" => format!("{family} {given}"),
        "spoken-variant" => match variant_of(given) {
            Some(variant) => format!("{variant} {family}"),
            None => format!("{given} {}", typo(rng, family)),
        },
        "one-barrel" => match family.split_once('-') {
            Some((a, b)) => format!("{given} {}", if rng.below(2) == 0 { a } else { b }),
            None => format!("{} {family}", typo(rng, given)),
        },
        _ => format!("{given} {family}"),
    }
}

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
    let mut rng = Rng(0xCA5E_B00C);
    let people = generate_people(&mut rng, 2_000);
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
        let raw = noisy_name(&mut rng, &people[truth], noise);
        let Ok(name) = PersonName::parse(&raw) else { continue };
        let fetched: BTreeSet<usize> = query_blocking_keys(&name).iter().filter_map(|k| index.get(k)).flatten().copied().collect();
        let candidates: Vec<CandidatePerson> = fetched.iter().map(|&i| people[i].candidate.clone()).collect();
        let query = MatchQuery { name: Some(name), date_of_birth: with_dob.then_some(people[truth].dob), ..Default::default() };
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
