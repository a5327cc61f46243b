//! Blocking keys: short strings the store indexes for every name on file
//! (current, previous and aliases), so that a misspelt name fetches a small
//! candidate set by key lookup instead of scoring every person.
//!
//! The store keeps a table of (key, person) rows written from
//! [`name_blocking_keys`] whenever a person's names change, with an index on
//! the key; to match, it computes [`query_blocking_keys`] for the query name,
//! fetches the persons sharing any key, and hands them to `rank_candidates`.

use super::names::{NameSlot, PersonName, sound_keys};

/// Keys for one name. Each pairs something robust about one half of the
/// name with a tag from the other half (its first letter, the sound of its
/// first letter, or its last letter), which keeps the sets small (not every
/// Smith, only the Smiths whose given name starts or ends alike) while
/// surviving:
/// - one typo anywhere: a typo in one half leaves the other half's keys
///   intact, and a typo at one end of a name leaves the tag from the other end;
/// - spellings that sound alike (Double Metaphone primary and alternate);
/// - initials ("J Smith" shares the first-letter key with "John Smith");
/// - double-barrelled names (each barrel has keys of its own);
/// - given and family swapped (keys are made for both readings).
///
/// Family-only keys (`o:`) let a query without a given name ("Mr Smith")
/// still find someone; they are broad, so only such queries look them up
/// (see [`query_blocking_keys`]).
pub fn name_blocking_keys(name: &PersonName) -> Vec<String> {
    let given = NameSlot::new(&name.given);
    let family = NameSlot::new(&name.family);
    let mut keys = Vec::new();
    // The keys say nothing of which half is which, so a swapped name finds them.
    add_half(&mut keys, &family, &given);
    add_half(&mut keys, &given, &family);
    for token in family.variants() {
        for sound in sound_keys(&token) {
            keys.push(format!("o:{sound}"));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The keys to look up for a caller's name: the same as the index keys, but
/// the broad family-only keys only when no given name or initial was given.
pub fn query_blocking_keys(name: &PersonName) -> Vec<String> {
    let mut keys = name_blocking_keys(name);
    if !NameSlot::new(&name.given).is_empty() {
        keys.retain(|k| !k.starts_with("o:"));
    }
    keys
}

/// Keys for the tokens of one half of the name, tagged from the other half.
fn add_half(keys: &mut Vec<String>, half: &NameSlot, other: &NameSlot) {
    let other_tags = tags(other);
    for token in half.variants().into_iter().filter(|t| t.len() > 1) {
        for sound in sound_keys(&token) {
            keys.extend(other_tags.iter().map(|tag| format!("k:{sound}:{tag}")));
        }
        // Spelling prefixes catch typos that change the sound; the sound tags
        // add nothing to them.
        let start = prefix(&token);
        keys.extend(other_tags.iter().filter(|t| !t.starts_with('s')).map(|tag| format!("p:{start}:{tag}")));
    }
}

/// Tags for one half of a name: `l` first letter, `s` the sound of the
/// first letter (so Catherine/Katherine and Caoimhe/Keeva agree: the first
/// character of the Double Metaphone key) and `e` last letter. An initial
/// has no last letter; an empty half has the single tag `_`.
fn tags(slot: &NameSlot) -> Vec<String> {
    let Some(first) = slot.parts.first() else { return vec!["_".into()] };
    let mut out = Vec::with_capacity(3);
    if let Some(c) = first.chars().next() {
        out.push(format!("l{c}"));
    }
    for key in sound_keys(first) {
        if let Some(c) = key.chars().next() {
            out.push(format!("s{c}"));
        }
    }
    if first.len() > 1
        && let Some(c) = first.chars().last()
    {
        out.push(format!("e{c}"));
    }
    out.dedup();
    out
}

fn prefix(token: &str) -> String {
    token.chars().take(3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(raw: &str) -> Vec<String> {
        name_blocking_keys(&PersonName::parse(raw).unwrap())
    }

    /// Does looking up `query` find the person named `on_record`?
    fn share_a_key(query: &str, on_record: &str) -> bool {
        let indexed = keys(on_record);
        query_blocking_keys(&PersonName::parse(query).unwrap()).iter().any(|k| indexed.contains(k))
    }

    #[test]
    fn misspelt_and_partial_names_share_a_key_with_the_record() {
        assert!(share_a_key("John Smith", "Jon Smyth"));
        assert!(share_a_key("John Smith", "Jonh Smtih"));
        assert!(share_a_key("J Smith", "John Smith"));
        assert!(share_a_key("Smith John", "John Smith"));
        assert!(share_a_key("Anne Jones", "Anne Smith-Jones"));
        assert!(share_a_key("Catherine Evans", "Katherine Evans"));
        assert!(share_a_key("Shivaun Murphy", "Siobhan Murphy"));
        assert!(share_a_key("Murphy", "Siobhan Murphy"));
    }

    #[test]
    fn unrelated_names_share_no_key() {
        assert!(!share_a_key("John Smith", "Mary Brown"));
        assert!(!share_a_key("John Smith", "Priya Smith"));
    }

    #[test]
    fn keys_are_short_and_few() {
        let k = keys("John Smith");
        assert!(k.len() <= 24, "{} keys: {k:?}", k.len());
        let k = keys("Anne-Marie Smith-Jones");
        assert!(k.len() <= 64, "{} keys: {k:?}", k.len());
        assert!(k.iter().all(|k| k.len() <= 12), "{k:?}");
    }
}
