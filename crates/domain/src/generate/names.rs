//! Names as they occur in UK contact centres, and the ways callers and
//! handlers get them wrong: typos, initials, swapped halves, spoken
//! spellings and one barrel of a double-barrelled name.

use super::rng::Rng;

#[rustfmt::skip]
pub const GIVEN: &[&str] = &[
    // English
    "James", "John", "Oliver", "Emily", "Sarah", "David", "Sophie", "Thomas", "Jessica", "William", "Charlotte",
    "Daniel", "Hannah", "Matthew", "Amelia", "Jack", "Lucy", "Harry", "Chloe", "George", "Grace", "Mary-Jane",
    "Anne-Marie", "Elizabeth", "Michael", "Rebecca", "Christopher", "Laura", "Paul", "Joanne", "Catherine",
    "Stephen", "Margaret", "Susan", "Peter", "Karen", "Andrew", "Helen", "Richard", "Julie", "Mark", "Claire",
    "Robert", "Lisa", "Anthony", "Nicola", "Kevin", "Tracey", "Gary", "Dawn", "Jordan", "Kayleigh", "Tyler", "Jade",
    // Welsh, Scottish, Irish
    "Rhys", "Dafydd", "Gareth", "Sian", "Cerys", "Bethan", "Owain", "Gwen", "Iain", "Alasdair", "Morag", "Eilidh",
    "Callum", "Fiona", "Siobhan", "Niamh", "Aoife", "Sean", "Ciaran", "Padraig", "Roisin", "Caoimhe", "Angharad",
    "Hamish", "Kirsty", "Declan", "Orla",
    // South Asian
    "Mohammed", "Priya", "Aisha", "Imran", "Sanjay", "Ravi", "Fatima", "Arjun", "Harpreet", "Gurpreet", "Anjali",
    "Zainab", "Bilal", "Nadia", "Farhan", "Sunita", "Rajesh", "Ayesha", "Tariq", "Shabnam",
    // West African
    "Chiamaka", "Oluwaseun", "Kwame", "Abena", "Chinedu", "Adebayo", "Amara", "Tunde", "Folake", "Kofi", "Ngozi",
    "Emeka", "Yaw",
    // Polish and Eastern European
    "Piotr", "Agnieszka", "Katarzyna", "Tomasz", "Andrei", "Ioana", "Marek", "Oksana", "Bogdan", "Jakub", "Zofia",
    "Mihai", "Łukasz", "Zoë", "Małgorzata", "Krzysztof",
];

#[rustfmt::skip]
pub const FAMILY: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Johnson",
    "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Jackson", "Wright", "Green", "Harris",
    "Cooper", "King", "Lee", "Martin", "Clarke", "Morgan", "Hughes", "Edwards", "Hill", "Moore", "Scott", "Young",
    "Morris", "Hall", "Ward", "Turner", "Carter", "Phillips", "Mitchell", "Llewellyn", "Pritchard", "Bowen",
    "Powell", "MacDonald", "Campbell", "Stewart", "Robertson", "MacLeod", "Fraser", "Murray", "O'Neill", "Murphy",
    "Kelly", "O'Brien", "Byrne", "Gallagher", "Doherty", "McCarthy", "Patel", "Khan", "Ahmed", "Ali", "Hussain",
    "Begum", "Shah", "Singh", "Kaur", "Sharma", "Chaudhry", "Rahman", "Islam", "Okafor", "Adeyemi", "Mensah",
    "Okonkwo", "Osei", "Boateng", "Nwosu", "Kowalski", "Nowak", "Wiśniewski", "Popescu", "Ionescu", "Kowalczyk",
    "Lewandowski", "Novak", "Horvath", "de Souza", "McKenzie", "McLaughlin", "MacKay", "McGregor", "O'Connor",
    "O'Sullivan", "Quinn", "Gill", "Sandhu", "Mistry", "Akhtar", "Mahmood", "Asante", "Owusu", "Eze", "Zielinska",
    "Wojcik", "Baker", "Parry", "Price", "Griffiths", "Jenkins", "Rees", "Vaughan", "Ferguson", "Reid",
];

/// Spellings a caller may use that differ from the one on file.
pub const SPOKEN_VARIANTS: &[(&str, &str)] = &[
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

pub fn variant_of(given: &str) -> Option<&'static str> {
    SPOKEN_VARIANTS.iter().find(|(g, _)| *g == given).map(|(_, v)| *v)
}

/// A family name: one from the list, or two joined by a hyphen.
pub fn family_name(rng: &mut Rng, double_barrelled: f64) -> String {
    if rng.chance(double_barrelled) {
        let (a, b) = (*rng.pick(FAMILY), *rng.pick(FAMILY));
        if a == b || a.contains(' ') || b.contains(' ') { a.to_owned() } else { format!("{a}-{b}") }
    } else {
        (*rng.pick(FAMILY)).to_owned()
    }
}

/// One substitution, deletion or transposition of a letter.
pub fn typo(rng: &mut Rng, word: &str) -> String {
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

/// The ways a name reaches a handler differently from the record.
pub const NOISES: [&str; 7] = ["exact", "typo-given", "typo-family", "initial", "swapped", "spoken-variant", "one-barrel"];

/// The name as a caller might give it, with the `noise` (one of [`NOISES`]).
pub fn noisy_name(rng: &mut Rng, given: &str, family: &str, noise: &str) -> String {
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
            Some((a, b)) => format!("{given} {}", if rng.chance(0.5) { a } else { b }),
            None => format!("{} {family}", typo(rng, given)),
        },
        _ => format!("{given} {family}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::PersonName;

    #[test]
    fn every_listed_and_noisy_name_parses() {
        let mut rng = Rng::new(11);
        for given in GIVEN {
            for noise in NOISES {
                let family = family_name(&mut rng, 0.3);
                let raw = noisy_name(&mut rng, given, &family, noise);
                assert!(PersonName::parse(&raw).is_ok(), "{raw:?}");
            }
        }
        assert!(FAMILY.iter().any(|f| f.starts_with("Mc")) && FAMILY.iter().any(|f| f.starts_with("Mac")));
        assert!(FAMILY.iter().any(|f| f.starts_with("O'")));
    }

    #[test]
    fn a_typo_changes_one_letter_at_most_two_places() {
        let mut rng = Rng::new(5);
        for _ in 0..200 {
            let t = typo(&mut rng, "Pritchard");
            assert_ne!(t, "Pritchard");
            assert!((8..=9).contains(&t.chars().count()), "{t}");
        }
    }
}
