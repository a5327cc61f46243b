//! The recogniser: given what a caller has told us, propose the persons on
//! file they probably are, best first, each with a score and the reasons.
//!
//! Scores fall in two tiers so that handlers can trust the order: any exact
//! identifier (phone, email, external reference) puts a person in the upper
//! tier (0.7 and above); a match on name, date of birth and postcode alone
//! stays in the lower tier (below 0.7), however good.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::email::EmailAddress;
use super::names::PersonName;
use super::phone::PhoneNumber;
use super::references::{ExternalReference, ReferenceKind};
use super::similarity::{NameMatch, SlotMatch, TokenAgreement, compare_names};

pub use super::blocking::{name_blocking_keys, query_blocking_keys};

/// What the caller has told us. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchQuery {
    pub phone: Option<PhoneNumber>,
    pub email: Option<EmailAddress>,
    pub name: Option<PersonName>,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
    pub references: Vec<ExternalReference>,
}

/// A person on file, as the store hands it to the recogniser.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidatePerson {
    pub person_id: i64,
    /// The current name first, then previous names and aliases.
    pub names: Vec<PersonName>,
    /// E.164 numbers.
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
    pub references: Vec<ExternalReference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchCandidate {
    pub person_id: i64,
    /// From 0 to 1; 0.7 and above means an identifier matched.
    pub score: f64,
    pub reasons: Vec<MatchReason>,
}

/// One half of a name as the caller gave it and as it is on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamePair {
    pub query: String,
    pub on_record: String,
    /// The agreeing name on file is a previous name or alias, not the current one.
    pub other_name: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum MatchReason {
    SamePhone,
    SameEmail,
    SameReference { kind: ReferenceKind },
    SameName(NamePair),
    NameTypo(NamePair),
    NameSoundsAlike(NamePair),
    KnownNameVariant(NamePair),
    InitialMatches(NamePair),
    PartOfMultiPartName(NamePair),
    NameSimilar(NamePair),
    GivenAndFamilySwapped,
    SameDateOfBirth,
    DifferentDateOfBirth,
    SamePostcode,
    SamePostcodeDistrict,
}

impl MatchReason {
    /// A phrase for the handler's screen: "name sounds alike: Shivaun / Siobhan (alias)".
    pub fn describe(&self) -> String {
        let pair = |label: &str, p: &NamePair| {
            let other = if p.other_name { " (alias or previous name)" } else { "" };
            format!("{label}: {} / {}{other}", title(&p.query), title(&p.on_record))
        };
        match self {
            MatchReason::SamePhone => "same phone number".into(),
            MatchReason::SameEmail => "same email address".into(),
            MatchReason::SameReference { kind } => format!("same {}", kind.label().to_lowercase()),
            MatchReason::SameName(p) => pair("same name", p),
            MatchReason::NameTypo(p) => pair("name differs by a typo", p),
            MatchReason::NameSoundsAlike(p) => pair("name sounds alike", p),
            MatchReason::KnownNameVariant(p) => pair("known spelling of the same name", p),
            MatchReason::InitialMatches(p) => pair("initial matches", p),
            MatchReason::PartOfMultiPartName(p) => pair("part of a double-barrelled name matches", p),
            MatchReason::NameSimilar(p) => pair("name is similar", p),
            MatchReason::GivenAndFamilySwapped => "given and family names swapped".into(),
            MatchReason::SameDateOfBirth => "same date of birth".into(),
            MatchReason::DifferentDateOfBirth => "different date of birth".into(),
            MatchReason::SamePostcode => "same postcode".into(),
            MatchReason::SamePostcodeDistrict => "same postcode district".into(),
        }
    }

    pub fn is_identifier(&self) -> bool {
        matches!(self, MatchReason::SamePhone | MatchReason::SameEmail | MatchReason::SameReference { .. })
    }
}

/// Tokens are kept lower-case for comparison; show them as names.
fn title(token: &str) -> String {
    let mut chars = token.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Where the cut-offs lie; `Default` holds the values the service uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchSettings {
    /// Candidates scoring below this are not proposed.
    pub min_score: f64,
    /// Without an identifier, names must agree at least this well to be proposed
    /// at all: a shared date of birth alone identifies no one.
    pub min_name_similarity: f64,
}

impl Default for MatchSettings {
    fn default() -> Self {
        MatchSettings { min_score: 0.3, min_name_similarity: 0.7 }
    }
}

/// Identifier matches start here; name-only matches stay below.
const IDENTIFIER_TIER: f64 = 0.7;
const NAME_ONLY_CEILING: f64 = 0.69;

/// Rank candidates with the default settings; at most `limit` results.
pub fn rank_candidates(query: &MatchQuery, candidates: &[CandidatePerson], limit: usize) -> Vec<MatchCandidate> {
    rank_candidates_with(query, candidates, limit, &MatchSettings::default())
}

pub fn rank_candidates_with(
    query: &MatchQuery,
    candidates: &[CandidatePerson],
    limit: usize,
    settings: &MatchSettings,
) -> Vec<MatchCandidate> {
    let mut ranked: Vec<MatchCandidate> = candidates.iter().filter_map(|c| score_candidate(query, c, settings)).collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.person_id.cmp(&b.person_id)));
    ranked.truncate(limit);
    ranked
}

fn score_candidate(query: &MatchQuery, candidate: &CandidatePerson, settings: &MatchSettings) -> Option<MatchCandidate> {
    let mut reasons = identifier_reasons(query, candidate);
    let identifiers = reasons.len();

    let name = query.name.as_ref().and_then(|q| best_name_match(q, &candidate.names));
    let name_score = name.as_ref().map_or(0.0, |(m, _)| m.score);
    if let Some((m, index)) = &name {
        reasons.extend(name_reasons(m, *index > 0));
    }

    let mut context = 0.0;
    match (query.date_of_birth, candidate.date_of_birth) {
        (Some(q), Some(c)) if q == c => {
            context += 0.2;
            reasons.push(MatchReason::SameDateOfBirth);
        }
        (Some(_), Some(_)) => {
            // Dates of birth are rarely mistyped in ways that still pass
            // validation; a different one usually means a different person.
            context -= 0.4;
            reasons.push(MatchReason::DifferentDateOfBirth);
        }
        _ => {}
    }
    match postcode_agreement(query.postcode.as_deref(), candidate.postcode.as_deref()) {
        Some(MatchReason::SamePostcode) => {
            context += 0.1;
            reasons.push(MatchReason::SamePostcode);
        }
        Some(reason) => {
            context += 0.03;
            reasons.push(reason);
        }
        None => {}
    }

    let score = if identifiers > 0 {
        let extra = (identifiers - 1) as f64 * 0.1;
        let inner = (0.35 + extra + 0.35 * name_score + context).clamp(0.0, 1.0);
        IDENTIFIER_TIER + (1.0 - IDENTIFIER_TIER) * inner
    } else {
        if name_score < settings.min_name_similarity {
            return None;
        }
        NAME_ONLY_CEILING * (0.7 * name_score + context).clamp(0.0, 1.0)
    };
    (score >= settings.min_score).then_some(MatchCandidate { person_id: candidate.person_id, score, reasons })
}

fn identifier_reasons(query: &MatchQuery, candidate: &CandidatePerson) -> Vec<MatchReason> {
    let mut reasons = Vec::new();
    if query.phone.as_ref().is_some_and(|p| candidate.phones.iter().any(|c| c == p.e164())) {
        reasons.push(MatchReason::SamePhone);
    }
    // Stored addresses may predate normalisation, so compare case-insensitively.
    if query.email.as_ref().is_some_and(|e| candidate.emails.iter().any(|c| c.trim().eq_ignore_ascii_case(e.as_str()))) {
        reasons.push(MatchReason::SameEmail);
    }
    for reference in &query.references {
        if candidate.references.iter().any(|c| c.kind == reference.kind && c.value == reference.value) {
            let reason = MatchReason::SameReference { kind: reference.kind };
            if !reasons.contains(&reason) {
                reasons.push(reason);
            }
        }
    }
    reasons
}

/// The best agreement over all the candidate's names, with that name's index.
fn best_name_match(query: &PersonName, names: &[PersonName]) -> Option<(NameMatch, usize)> {
    let mut best: Option<(NameMatch, usize)> = None;
    for (index, name) in names.iter().enumerate() {
        if let Some(m) = compare_names(query, name)
            && best.as_ref().is_none_or(|(b, _)| m.score > b.score)
        {
            best = Some((m, index));
        }
    }
    best
}

fn name_reasons(m: &NameMatch, other_name: bool) -> Vec<MatchReason> {
    let mut reasons = Vec::new();
    if m.swapped {
        reasons.push(MatchReason::GivenAndFamilySwapped);
    }
    for slot in [&m.given, &m.family].into_iter().flatten() {
        let pair = NamePair { query: slot.query_token.clone(), on_record: slot.record_token.clone(), other_name };
        reasons.push(slot_reason(slot, pair));
    }
    reasons
}

fn slot_reason(slot: &SlotMatch, pair: NamePair) -> MatchReason {
    match slot.agreement {
        TokenAgreement::Exact if slot.partial => MatchReason::PartOfMultiPartName(pair),
        TokenAgreement::Exact => MatchReason::SameName(pair),
        TokenAgreement::KnownVariant => MatchReason::KnownNameVariant(pair),
        TokenAgreement::Typo => MatchReason::NameTypo(pair),
        TokenAgreement::SoundsAlike => MatchReason::NameSoundsAlike(pair),
        TokenAgreement::Initial => MatchReason::InitialMatches(pair),
        TokenAgreement::Similar => MatchReason::NameSimilar(pair),
    }
}

/// Postcodes compared without spaces or case; the outward code ("MK43")
/// agreeing means the same district.
fn postcode_agreement(query: Option<&str>, record: Option<&str>) -> Option<MatchReason> {
    let squash = |p: &str| p.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let (q, r) = (squash(query?), squash(record?));
    if q.len() < 5 || r.len() < 5 {
        return None;
    }
    if q == r {
        return Some(MatchReason::SamePostcode);
    }
    let outward = |p: &str| p.get(..p.len() - 3).map(str::to_owned);
    (outward(&q) == outward(&r)).then_some(MatchReason::SamePostcodeDistrict)
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
