//! How alike two names are, and why: Jaro–Winkler on normalised tokens,
//! edit distance for typos, Double Metaphone for names that sound alike, a
//! small table of spellings that phonetic codes miss, and initials.

use super::names::{NameSlot, PersonName, sound_keys};

/// How two tokens were found to agree, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenAgreement {
    Exact,
    KnownVariant,
    Typo,
    SoundsAlike,
    Initial,
    Similar,
}

/// Spellings of one name that Double Metaphone does not bring together
/// (it is English-centric): Irish, Welsh and transliterated names above all.
/// Each row is one name; any two spellings in a row are variants.
const VARIANT_SPELLINGS: &[&[&str]] = &[
    &["siobhan", "shivaun", "shevaun", "chevonne"],
    &["niamh", "neve", "neave", "neeve"],
    &["aoife", "eefa", "eva"],
    &["sean", "shaun", "shawn", "shane"],
    &["caoimhe", "keeva", "queeva"],
    &["roisin", "rosheen"],
    &["sinead", "shinead"],
    &["padraig", "patrick", "padraic"],
    &["dafydd", "david", "davyd"],
    &["sian", "shan", "sharn"],
    &["iain", "ian", "ean"],
    &["mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad"],
    &["jakub", "jacob", "jakob"],
    &["zofia", "sofia", "sophia", "zosia"],
    &["piotr", "peter", "pyotr"],
    &["stephen", "steven", "stefan"],
    &["oluwaseun", "seun"],
];

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TokenMatch {
    pub score: f64,
    pub agreement: TokenAgreement,
}

/// Symmetric comparison of two normalised tokens, or `None` when they are
/// too far apart to count as the same name.
pub(crate) fn compare_tokens(a: &str, b: &str) -> Option<TokenMatch> {
    let found = |score: f64, agreement| Some(TokenMatch { score, agreement });
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return found(1.0, TokenAgreement::Exact);
    }
    if a.len() == 1 || b.len() == 1 {
        // An initial agrees with any name that starts with it, but says little.
        return if a.chars().next() == b.chars().next() { found(0.75, TokenAgreement::Initial) } else { None };
    }
    if VARIANT_SPELLINGS.iter().any(|row| row.contains(&a) && row.contains(&b)) {
        return found(0.93, TokenAgreement::KnownVariant);
    }
    let jaro_winkler = strsim::jaro_winkler(a, b);
    let shorter = a.len().min(b.len());
    let edits = strsim::osa_distance(a, b);
    if shorter >= 3 && (edits == 1 || (edits == 2 && shorter >= 8)) {
        return found(jaro_winkler.max(0.9), TokenAgreement::Typo);
    }
    let (keys_a, keys_b) = (sound_keys(a), sound_keys(b));
    if keys_a.iter().any(|k| keys_b.contains(k)) && shorter >= 3 {
        return found(jaro_winkler.max(0.88), TokenAgreement::SoundsAlike);
    }
    // Below this, unrelated names ("Smith"/"Smart") start to look alike.
    if jaro_winkler >= 0.86 {
        return found(jaro_winkler * 0.95, TokenAgreement::Similar);
    }
    None
}

/// The best agreement between one half of each name (given or family).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlotMatch {
    pub score: f64,
    pub agreement: TokenAgreement,
    /// Only one part of a multi-part name agreed: "Jones" in "Smith-Jones".
    pub partial: bool,
    pub query_token: String,
    pub record_token: String,
}

/// Part-only agreements count a little less than whole ones.
const PARTIAL_FACTOR: f64 = 0.95;

pub(crate) fn compare_slots(query: &NameSlot, record: &NameSlot) -> Option<SlotMatch> {
    let (query_variants, record_variants) = (query.variants(), record.variants());
    let mut best: Option<SlotMatch> = None;
    for (qi, q) in query_variants.iter().enumerate() {
        for (ri, r) in record_variants.iter().enumerate() {
            let Some(token) = compare_tokens(q, r) else { continue };
            // Variant 0 is the whole slot; any other is one part of it.
            let partial = (qi > 0) != (ri > 0) || (qi > 0 && ri > 0 && query.parts.len() != record.parts.len());
            let score = if partial { token.score * PARTIAL_FACTOR } else { token.score };
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(SlotMatch { score, agreement: token.agreement, partial, query_token: q.clone(), record_token: r.clone() });
            }
        }
    }
    best
}

/// How two whole names agree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameMatch {
    pub score: f64,
    pub given: Option<SlotMatch>,
    pub family: Option<SlotMatch>,
    /// The query had given and family the other way round.
    pub swapped: bool,
}

const FAMILY_WEIGHT: f64 = 0.55;
const GIVEN_WEIGHT: f64 = 0.45;
/// Only a family name on one side: it may well be the same person, but a
/// family name alone is shared by many.
const FAMILY_ONLY_FACTOR: f64 = 0.8;
/// A swapped name is a common slip, but a straight reading is more likely.
const SWAPPED_FACTOR: f64 = 0.96;

pub(crate) fn compare_names(query: &PersonName, record: &PersonName) -> Option<NameMatch> {
    let (qg, qf) = (NameSlot::new(&query.given), NameSlot::new(&query.family));
    let (rg, rf) = (NameSlot::new(&record.given), NameSlot::new(&record.family));
    let family = compare_slots(&qf, &rf);
    let straight = if qg.is_empty() || rg.is_empty() {
        // Only a penalty when one side knows a given name the other lacks.
        let factor = if qg.is_empty() && rg.is_empty() { 1.0 } else { FAMILY_ONLY_FACTOR };
        family.map(|f| NameMatch { score: f.score * factor, given: None, family: Some(f), swapped: false })
    } else {
        let given = compare_slots(&qg, &rg);
        let score = FAMILY_WEIGHT * family.as_ref().map_or(0.0, |f| f.score) + GIVEN_WEIGHT * given.as_ref().map_or(0.0, |g| g.score);
        Some(NameMatch { score, given, family, swapped: false })
    };
    let swapped = if qg.is_empty() || rg.is_empty() {
        None
    } else {
        // Equal weights keep the comparison symmetric when the halves cross.
        let family = compare_slots(&qf, &rg);
        let given = compare_slots(&qg, &rf);
        match (family, given) {
            (Some(f), Some(g)) => {
                let score = (f.score + g.score) / 2.0 * SWAPPED_FACTOR;
                Some(NameMatch { score, given: Some(g), family: Some(f), swapped: true })
            }
            _ => None,
        }
    };
    match (straight, swapped) {
        (Some(s), Some(w)) => Some(if w.score > s.score { w } else { s }),
        (s, w) => s.or(w),
    }
}

/// Similarity of two names from 0 (unrelated) to 1 (the same name).
pub fn name_similarity(a: &PersonName, b: &PersonName) -> f64 {
    compare_names(a, b).map_or(0.0, |m| m.score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn name(raw: &str) -> PersonName {
        PersonName::parse(raw).unwrap()
    }

    fn sim(a: &str, b: &str) -> f64 {
        name_similarity(&name(a), &name(b))
    }

    #[test]
    fn tokens_agree_in_the_expected_ways() {
        let kind = |a: &str, b: &str| compare_tokens(a, b).map(|m| m.agreement);
        assert_eq!(kind("smith", "smith"), Some(TokenAgreement::Exact));
        assert_eq!(kind("smith", "smtih"), Some(TokenAgreement::Typo));
        assert_eq!(kind("smith", "smth"), Some(TokenAgreement::Typo));
        assert_eq!(kind("j", "john"), Some(TokenAgreement::Initial));
        assert_eq!(kind("siobhan", "shivaun"), Some(TokenAgreement::KnownVariant));
        assert_eq!(kind("catherine", "kathryn"), Some(TokenAgreement::SoundsAlike));
        assert_eq!(kind("smith", "brown"), None);
        assert_eq!(kind("k", "john"), None);
    }

    #[test]
    fn names_compare_through_the_usual_slips() {
        assert_eq!(sim("John Smith", "John Smith"), 1.0);
        assert!(sim("John Smith", "Jonh Smith") > 0.9);
        assert!(sim("John Smith", "Smith John") > 0.9);
        assert!(sim("J Smith", "John Smith") > 0.8);
        assert!(sim("Anne Smith-Jones", "Anne Jones") > 0.9);
        assert!(sim("Mary O'Neil", "Mary O Neil") == 1.0);
        assert!(sim("John Smith", "John Brown") < 0.5);
        assert!(sim("John Smith", "Mary Brown") < 0.1);
    }

    #[test]
    fn double_barrelled_part_is_flagged_partial() {
        let m = compare_names(&name("Anne Jones"), &name("Anne Smith-Jones")).unwrap();
        assert!(m.family.unwrap().partial);
        let m = compare_names(&name("Anne Smith-Jones"), &name("Anne Smith-Jones")).unwrap();
        assert!(!m.family.unwrap().partial);
    }

    fn any_name() -> impl Strategy<Value = String> {
        "[A-Z][a-z]{0,7}(-[A-Z][a-z]{1,6})? [A-Z][a-z]{1,8}(-[A-Z][a-z]{1,6})?"
    }

    proptest! {
        #[test]
        fn identical_names_score_one(raw in any_name()) {
            prop_assert_eq!(sim(&raw, &raw), 1.0);
        }

        #[test]
        fn similarity_is_symmetric_and_bounded(a in any_name(), b in any_name()) {
            let (ab, ba) = (sim(&a, &b), sim(&b, &a));
            prop_assert!((0.0..=1.0).contains(&ab));
            prop_assert!((ab - ba).abs() < 0.05, "{a} / {b}: {ab} vs {ba}");
        }
    }
}
