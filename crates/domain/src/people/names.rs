//! Personal names: parsed into given and family parts, and reduced to the
//! plain tokens and sound keys that recognition compares.
//!
//! Names reach us typed by handlers under pressure, read out over the phone
//! and copied from letters, so the same person appears as "Mary-Jane O'Neil",
//! "Mary Jane ONeil" and "O'Neil, M.". Aliases and previous names are simply
//! more `PersonName`s on a person.

use rphonetic::DoubleMetaphone;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonName {
    /// Forenames, possibly several ("John Paul") or just an initial ("J.").
    pub given: String,
    /// Surname including particles ("de la Cruz") and both barrels ("Smith-Jones").
    pub family: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("Enter a name")]
    Empty,
    #[error("Name must be 100 characters or fewer")]
    TooLong,
    #[error("Names can only contain letters, spaces, hyphens, apostrophes and full stops")]
    InvalidCharacters,
    #[error("Write the name as \"Given Family\" or \"Family, Given\"")]
    TooManyCommas,
}

/// Words that belong to the family name that follows them: "de la Cruz",
/// "van der Berg", "bin Laden", "O Neil", "Mac Donald".
const PARTICLES: [&str; 22] = [
    "de", "da", "di", "du", "del", "della", "dos", "das", "la", "le", "van", "von", "der", "den", "ter", "bin", "binti", "ibn", "al", "el",
    "ap", "o",
];

const MAX_CHARS: usize = 100;

impl PersonName {
    pub fn new(given: &str, family: &str) -> PersonName {
        PersonName { given: collapse_spaces(given), family: collapse_spaces(family) }
    }

    /// Accepts "John Smith", "Smith, John", "J. Smith", "Mary-Jane O'Neil" and
    /// "Maria de la Cruz". A single word is taken as the family name.
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        let text = collapse_spaces(raw);
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        if text.chars().count() > MAX_CHARS {
            return Err(NameError::TooLong);
        }
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.' | ',');
        if !text.chars().all(allowed) {
            return Err(NameError::InvalidCharacters);
        }
        let pieces: Vec<&str> = text.split(',').collect();
        match pieces.as_slice() {
            [whole] => Ok(split_given_family(whole)),
            [family, given] if !family.trim().is_empty() => Ok(PersonName::new(given, family)),
            [_, _] => Err(NameError::Empty),
            _ => Err(NameError::TooManyCommas),
        }
    }

    /// "Given Family", as a letter would address them.
    pub fn full(&self) -> String {
        if self.given.is_empty() { self.family.clone() } else { format!("{} {}", self.given, self.family) }
    }

    /// Lower-case ASCII tokens: every part of the given and family names, and
    /// for multi-part names the parts run together too, so "O'Neil", "ONeil"
    /// and "O Neil" all give "oneil", and "Smith-Jones" gives "smith",
    /// "jones" and "smithjones".
    pub fn normalised_tokens(&self) -> Vec<String> {
        let mut tokens = NameSlot::new(&self.given).variants();
        for token in NameSlot::new(&self.family).variants() {
            if !tokens.contains(&token) {
                tokens.push(token);
            }
        }
        tokens
    }

    /// Upper-case initials of each given name then the family name: "JPS"
    /// for "John Paul Smith".
    pub fn initials(&self) -> String {
        let given = NameSlot::new(&self.given);
        let family = NameSlot::new(&self.family);
        given
            .parts
            .iter()
            .filter_map(|p| p.chars().next())
            .chain(family.meaningful_part().and_then(|p| p.chars().next()))
            .map(|c| c.to_ascii_uppercase())
            .collect()
    }

    /// Double Metaphone primary and alternate keys of every token, without
    /// repeats, so two spellings that sound alike share at least one key.
    pub fn phonetic_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for token in self.normalised_tokens() {
            for key in sound_keys(&token) {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        keys
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.full())
    }
}

fn collapse_spaces(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn split_given_family(whole: &str) -> PersonName {
    let words: Vec<&str> = whole.split(' ').collect();
    let mut start = words.len().saturating_sub(1);
    while start > 0 && words.get(start - 1).is_some_and(|w| is_particle(w)) {
        start -= 1;
    }
    PersonName::new(&words[..start].join(" "), &words[start..].join(" "))
}

fn is_particle(word: &str) -> bool {
    let folded = fold(word);
    PARTICLES.contains(&folded.as_str()) || folded == "mac" || folded == "mc"
}

/// One half of a name (given or family) as normalised parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameSlot {
    /// The parts run together: "smithjones", "oneil".
    pub whole: String,
    /// Each space- or hyphen-separated part: "smith", "jones".
    pub parts: Vec<String>,
}

impl NameSlot {
    pub fn new(text: &str) -> NameSlot {
        let parts: Vec<String> = text.split(|c: char| c.is_whitespace() || c == '-').map(fold).filter(|p| !p.is_empty()).collect();
        NameSlot { whole: parts.concat(), parts }
    }

    pub fn is_empty(&self) -> bool {
        self.whole.is_empty()
    }

    /// The whole first, then the parts when there is more than one.
    pub fn variants(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.whole.is_empty() {
            out.push(self.whole.clone());
        }
        if self.parts.len() > 1 {
            out.extend(self.parts.iter().filter(|p| p.len() > 1 && !PARTICLES.contains(&p.as_str())).cloned());
        }
        out
    }

    /// The first part that is not a particle: "cruz" in "de la cruz".
    pub fn meaningful_part(&self) -> Option<&str> {
        self.parts.iter().map(String::as_str).find(|p| !PARTICLES.contains(p)).or(self.parts.first().map(String::as_str))
    }
}

/// Double Metaphone primary and alternate for one token (non-empty, distinct).
pub(crate) fn sound_keys(token: &str) -> Vec<String> {
    let encoded = DoubleMetaphone::default().double_metaphone(token);
    let mut keys = Vec::with_capacity(2);
    for key in [encoded.primary(), encoded.alternate()] {
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Lower-case ASCII letters only: diacritics folded ("Zoë" → "zoe", "Łukasz"
/// → "lukasz"), apostrophes and full stops dropped ("O'Neil" → "oneil").
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' => out.push(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ğ' => out.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => out.push('i'),
            'ł' | 'ľ' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'ř' => out.push('r'),
            'ś' | 'š' | 'ş' | 'ș' => out.push('s'),
            'ť' | 'ţ' | 'ț' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            // Apostrophes, full stops and anything unexpected carry no sound.
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(raw: &str) -> (String, String) {
        let n = PersonName::parse(raw).unwrap();
        (n.given, n.family)
    }

    #[test]
    fn the_usual_shapes_of_name_parse() {
        assert_eq!(parsed("John Smith"), ("John".into(), "Smith".into()));
        assert_eq!(parsed("  Smith,   John "), ("John".into(), "Smith".into()));
        assert_eq!(parsed("J. Smith"), ("J.".into(), "Smith".into()));
        assert_eq!(parsed("Mary-Jane O'Neil"), ("Mary-Jane".into(), "O'Neil".into()));
        assert_eq!(parsed("Anne-Marie Smith-Jones"), ("Anne-Marie".into(), "Smith-Jones".into()));
        assert_eq!(parsed("Maria de la Cruz"), ("Maria".into(), "de la Cruz".into()));
        assert_eq!(parsed("de la Cruz"), (String::new(), "de la Cruz".into()));
        assert_eq!(parsed("Mary O Neil"), ("Mary".into(), "O Neil".into()));
        assert_eq!(parsed("John Paul Jones"), ("John Paul".into(), "Jones".into()));
        assert_eq!(parsed("Smith"), (String::new(), "Smith".into()));
        assert_eq!(parsed("Zoë Łukasiewicz"), ("Zoë".into(), "Łukasiewicz".into()));
    }

    #[test]
    fn bad_names_are_refused_with_the_reason() {
        assert_eq!(PersonName::parse("  "), Err(NameError::Empty));
        assert_eq!(PersonName::parse("John 5mith"), Err(NameError::InvalidCharacters));
        assert_eq!(PersonName::parse("a, b, c"), Err(NameError::TooManyCommas));
        assert_eq!(PersonName::parse(", John"), Err(NameError::Empty));
        assert_eq!(PersonName::parse(&"a".repeat(101)), Err(NameError::TooLong));
    }

    #[test]
    fn apostrophes_and_spaces_inside_family_names_agree() {
        let whole = |raw: &str| NameSlot::new(&PersonName::parse(raw).unwrap().family).whole;
        assert_eq!(whole("Mary O'Neil"), "oneil");
        assert_eq!(whole("Mary ONeil"), "oneil");
        assert_eq!(whole("Mary O Neil"), "oneil");
        assert_eq!(whole("Mary O\u{2019}Neil"), "oneil");
    }

    #[test]
    fn tokens_include_both_barrels_and_fold_diacritics() {
        let n = PersonName::parse("Anne-Marie Smith-Jones").unwrap();
        assert_eq!(n.normalised_tokens(), ["annemarie", "anne", "marie", "smithjones", "smith", "jones"]);
        let n = PersonName::parse("José Müller").unwrap();
        assert_eq!(n.normalised_tokens(), ["jose", "muller"]);
        let n = PersonName::parse("Maria de la Cruz").unwrap();
        assert_eq!(n.normalised_tokens(), ["maria", "delacruz", "cruz"]);
    }

    #[test]
    fn initials_skip_particles() {
        assert_eq!(PersonName::parse("John Paul Smith").unwrap().initials(), "JPS");
        assert_eq!(PersonName::parse("Maria de la Cruz").unwrap().initials(), "MC");
        assert_eq!(PersonName::parse("j. smith").unwrap().initials(), "JS");
    }

    #[test]
    fn phonetic_keys_agree_for_names_that_sound_alike() {
        let keys = |raw: &str| PersonName::parse(raw).unwrap().phonetic_keys();
        let smith = keys("Smith");
        assert!(keys("Smyth").iter().any(|k| smith.contains(k)));
        let catherine = keys("Catherine");
        assert!(keys("Katherine").iter().any(|k| catherine.contains(k)));
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_tokens_are_plain_ascii(raw in "\\PC{0,40}") {
            if let Ok(name) = PersonName::parse(&raw) {
                for token in name.normalised_tokens() {
                    prop_assert!(token.chars().all(|c| c.is_ascii_lowercase()));
                }
            }
        }
    }
}
