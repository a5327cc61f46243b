//! Generated members of the public: names (with previous names, aliases and
//! the odd recorded misspelling), dates of birth, postcodes, phones in the
//! shapes people write them, emails and external references.
//!
//! Person `index` of a world is a pure function of (seed, index), so a
//! benchmark can regenerate the truth for any person without storing it.

use jiff::civil::{Date, date};

use super::names::{GIVEN, family_name, typo, variant_of};
use super::rng::Rng;
use crate::people::{ExternalReference, PersonName, ReferenceKind};

const STREAM: u64 = 1;

/// A member of the public as a generator made them: the truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedPerson {
    pub given: String,
    pub family: String,
    pub previous_names: Vec<PersonName>,
    /// Spoken spellings and misspellings on record.
    pub aliases: Vec<PersonName>,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
    /// As a handler typed them, in mixed formats; they normalise through `PhoneNumber`.
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub references: Vec<ExternalReference>,
}

impl GeneratedPerson {
    pub fn name(&self) -> PersonName {
        PersonName::new(&self.given, &self.family)
    }
}

#[rustfmt::skip]
const OUTWARD: &[&str] = &[
    "MK40", "MK41", "MK43", "LU1", "LU2", "LU4", "SG17", "NE1", "NE4", "NE6", "NE29", "SR1", "CF10", "CF24", "SA1",
    "LL57", "G1", "G42", "EH1", "EH6", "AB10", "DD1", "BT1", "BT7", "BT48", "B1", "B10", "M1", "M14", "LS1", "LS8",
    "L1", "L8", "BS1", "BS5", "S1", "NG1", "LE1", "CV1", "SW1A", "E1", "E15", "N17", "SE15", "W2", "NW10", "CR0",
];
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
const EMAIL_DOMAINS: &[&str] =
    &["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com", "live.co.uk", "sky.com"];
/// Dialling codes with the length of their local numbers.
const AREA_CODES: &[(&str, usize)] = &[
    ("0113", 7),
    ("0114", 7),
    ("0115", 7),
    ("0116", 7),
    ("0117", 7),
    ("0121", 7),
    ("0131", 7),
    ("0141", 7),
    ("0151", 7),
    ("0161", 7),
    ("0191", 7),
    ("020", 8),
    ("029", 8),
    ("028", 8),
    ("01234", 6),
    ("01582", 6),
    ("01224", 6),
    ("01248", 6),
];

/// The person at `index` of the world made from `seed`.
pub fn person(seed: u64, index: u64) -> GeneratedPerson {
    let mut rng = Rng::for_item(seed, STREAM, index);
    let given = (*rng.pick(GIVEN)).to_owned();
    let family = family_name(&mut rng, 0.10);
    let mut previous_names = Vec::new();
    if rng.chance(0.07) {
        previous_names.push(PersonName::new(&given, &family_name(&mut rng, 0.05)));
    }
    let mut aliases = Vec::new();
    if let Some(variant) = variant_of(&given).filter(|_| rng.chance(0.5)) {
        aliases.push(PersonName::new(variant, &family));
    }
    if rng.chance(0.02) {
        // A misspelling from an old record that was kept as an alias.
        aliases.push(PersonName::new(&given, &typo(&mut rng, &family)));
    }
    let date_of_birth = rng.chance(0.92).then(|| date(1935 + rng.below(74) as i16, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8));
    let postcode = rng.chance(0.85).then(|| {
        let letter = |rng: &mut Rng| char::from(*rng.pick(INWARD_LETTERS));
        format!("{} {}{}{}", rng.pick(OUTWARD), rng.below(10), letter(&mut rng), letter(&mut rng))
    });
    let mut phones = Vec::new();
    if rng.chance(0.9) {
        phones.push(write_mobile(&mut rng, &mobile_digits(seed, index)));
    }
    if rng.chance(0.25) {
        phones.push(landline(&mut rng, seed, index));
    }
    if index > 0 && rng.chance(0.03) {
        // A household: the previous person's mobile is this person's too.
        phones.push(write_mobile(&mut rng, &mobile_digits(seed, index - 1)));
    }
    let mut emails = Vec::new();
    if rng.chance(0.55) {
        emails.push(email(&mut rng, &given, &family, index));
    }
    let mut references = Vec::new();
    if rng.chance(0.06) {
        references.extend(reference(&mut rng, index));
    }
    GeneratedPerson { given, family, previous_names, aliases, date_of_birth, postcode, phones, emails, references }
}

/// A mobile number unique to `index` (for fewer than 100 million persons):
/// `077` and eight digits from a bijection of the index.
fn mobile_digits(seed: u64, index: u64) -> String {
    let n = (index.wrapping_mul(48_271).wrapping_add(seed % 100_000_000)) % 100_000_000;
    format!("077{n:08}")
}

fn write_mobile(rng: &mut Rng, digits: &str) -> String {
    let (code, local) = digits.split_at(5);
    let national = &digits[1..];
    let (a, b) = (&national[..4], &national[4..]);
    match rng.weighted(&[(0, 35), (1, 20), (2, 15), (3, 10), (4, 5), (5, 10), (6, 5)]) {
        0 => format!("{code} {local}"),
        1 => digits.to_owned(),
        2 => format!("+44 {a} {b}"),
        3 => format!("+44 (0){a} {b}"),
        4 => format!("0044 {a} {b}"),
        5 => format!("+44{national}"),
        _ => format!("{code}-{}-{}", &local[..3], &local[3..]),
    }
}

fn landline(rng: &mut Rng, seed: u64, index: u64) -> String {
    let (code, len) = *rng.pick(AREA_CODES);
    let modulus = 10u64.pow(len as u32 - 1);
    let rest = (index.wrapping_mul(7_919).wrapping_add(seed)) % modulus;
    // Local numbers start with 2 to 8.
    let local = format!("{}{rest:0width$}", 2 + index % 7, width = len - 1);
    let (head, tail) = local.split_at(len - 4);
    match rng.below(4) {
        0 => format!("{code} {head} {tail}"),
        1 => format!("({code}) {head} {tail}"),
        2 => format!("+44 {} {head} {tail}", &code[1..]),
        _ => format!("{code}{local}"),
    }
}

fn email(rng: &mut Rng, given: &str, family: &str, index: u64) -> String {
    let ascii = |s: &str| s.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase();
    let (g, f) = (ascii(given), ascii(family));
    let local = match rng.below(4) {
        0 => format!("{g}.{f}{}", index % 1000),
        1 => format!("{}{f}{index}", g.chars().next().unwrap_or('x')),
        2 => format!("{f}.{g}{}", index % 100),
        _ => format!("{g}{f}{index}"),
    };
    format!("{local}@{}", rng.pick(EMAIL_DOMAINS))
}

fn reference(rng: &mut Rng, index: u64) -> Option<ExternalReference> {
    let (kind, raw) = match rng.below(5) {
        0 => (ReferenceKind::HomeOfficeReference, format!("B{:07}", index % 10_000_000)),
        1 => (ReferenceKind::PortNumber, format!("LHR-{:06}", index % 1_000_000)),
        2 => (ReferenceKind::CidNumber, format!("CID{:08}", index % 100_000_000)),
        3 => (ReferenceKind::CrimeReference, format!("40/{:05}/{}", index % 100_000, 18 + rng.below(9))),
        _ => (ReferenceKind::PassportApplicationNumber, format!("PEX{:09}", index)),
    };
    ExternalReference::parse(kind, &raw).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{EmailAddress, PhoneNumber};
    use std::collections::HashSet;

    #[test]
    fn a_seed_and_index_always_give_the_same_person() {
        assert_eq!(person(42, 7), person(42, 7));
        assert_ne!(person(42, 7), person(43, 7));
        let names: HashSet<String> = (0..50).map(|i| person(42, i).name().full()).collect();
        assert!(names.len() > 40, "{names:?}");
    }

    #[test]
    fn phones_all_normalise_and_mobiles_are_unique_to_a_person() {
        let mut primary = HashSet::new();
        let mut formats = HashSet::new();
        for i in 0..5_000 {
            let p = person(9, i);
            for raw in &p.phones {
                let parsed = PhoneNumber::parse(raw);
                assert!(parsed.is_ok(), "{raw:?}: {parsed:?}");
                formats.insert(raw.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect::<String>());
            }
            assert!(primary.insert(mobile_digits(9, i)));
            for e in &p.emails {
                assert!(EmailAddress::parse(e).is_ok(), "{e}");
            }
            for n in p.previous_names.iter().chain(&p.aliases) {
                assert!(PersonName::parse(&n.full()).is_ok(), "{n:?}");
            }
        }
        assert!(formats.len() >= 10, "{formats:?}");
    }

    #[test]
    fn proportions_are_plausible() {
        let people: Vec<GeneratedPerson> = (0..10_000).map(|i| person(1, i)).collect();
        let share = |f: &dyn Fn(&GeneratedPerson) -> bool| people.iter().filter(|p| f(p)).count() as f64 / people.len() as f64;
        assert!((0.88..0.96).contains(&share(&|p| p.date_of_birth.is_some())));
        assert!((0.86..0.94).contains(&share(&|p| !p.phones.is_empty())));
        assert!((0.07..0.13).contains(&share(&|p| p.family.contains('-'))));
        assert!((0.05..0.09).contains(&share(&|p| !p.previous_names.is_empty())));
        assert!((0.50..0.60).contains(&share(&|p| !p.emails.is_empty())));
        assert!((0.03..0.09).contains(&share(&|p| !p.references.is_empty())));
        assert!(share(&|p| p.family.starts_with("Mc") || p.family.starts_with("Mac") || p.family.starts_with("O'")) > 0.03);
        assert!(share(&|p| !p.aliases.is_empty()) > 0.02);
    }
}
