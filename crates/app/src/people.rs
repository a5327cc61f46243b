//! Persons (members of the public) and recognition: who a caller probably is.
//!
//! Merging and unmerging are in `merges`; special-category markers in `safeguarding`.

use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::people::{
    EmailAddress, ExternalReference, MatchQuery, MatchReason, PersonName, PhoneNumber, ReferenceKind, query_blocking_keys, rank_candidates,
};
use casebook_domain::validation::FieldErrors;
use casebook_store::Tx;
use casebook_store::people::{self, Identifier, KeyScope, NameKind, NameRecord, NewPerson, PersonRecord, PersonSummary};
use jiff::civil::Date;
use std::collections::BTreeSet;

/// How many persons blocking keys may propose for scoring.
const CANDIDATE_LIMIT: i64 = 200;
/// How many persons one blocking key may propose (see `people::find_by_keys`).
const PER_KEY_LIMIT: i64 = 300;
/// How many persons born on the caller's date of birth are scored.
const BORN_THAT_DAY_LIMIT: i64 = 500;
/// How many ranked candidates a match answers at most.
const MATCH_LIMIT: usize = 10;

/// A new person as typed; blank entries in the lists are ignored.
#[derive(Debug, Clone, Default)]
pub struct PersonForm {
    pub given: String,
    pub family: String,
    /// YYYY-MM-DD, or blank.
    pub date_of_birth: String,
    pub postcode: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    /// (kind slug, value), e.g. ("home-office-reference", "B1234567").
    pub references: Vec<(String, String)>,
    /// Previous names and aliases, each "Given Family" or "Family, Given".
    pub aliases: Vec<String>,
}

/// What the caller has told the handler, as typed; every part optional.
#[derive(Debug, Clone, Default)]
pub struct MatchInput {
    pub phone: String,
    pub email: String,
    pub given: String,
    pub family: String,
    pub date_of_birth: String,
    pub postcode: String,
    pub references: Vec<(String, String)>,
}

/// A proposed person with what the handler needs to recognise them.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub person_id: i64,
    pub display_name: String,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
    pub score: f64,
    pub reasons: Vec<MatchReason>,
}

fn name_part(errors: &mut FieldErrors, field: &str, raw: &str, what: &str, required: bool) -> String {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        if required {
            errors.add(field, format!("Enter the {what}"));
        }
        return text;
    }
    if text.contains(',') {
        errors.add(field, format!("The {what} cannot contain a comma"));
    } else if let Err(e) = PersonName::parse(&text) {
        errors.add(field, e.to_string());
    }
    text
}

fn date_of_birth(errors: &mut FieldErrors, field: &str, raw: &str, today: Date) -> Option<Date> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<Date>() {
        Err(_) => {
            errors.add(field, "Enter a real date of birth, like 1980-04-21");
            None
        }
        Ok(d) if d > today => {
            errors.add(field, "Date of birth must be today or in the past");
            None
        }
        Ok(d) if d.year() < 1900 => {
            errors.add(field, "Date of birth must be in 1900 or later");
            None
        }
        Ok(d) => Some(d),
    }
}

/// UK postcodes upper-case with one space before the inward code ("MK43 0AB").
fn postcode(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<String> {
    let squashed: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if squashed.is_empty() {
        return None;
    }
    let shaped = (5..=7).contains(&squashed.len())
        && squashed.chars().all(|c| c.is_ascii_alphanumeric())
        && squashed.starts_with(|c: char| c.is_ascii_alphabetic());
    if !shaped {
        errors.add(field, "Enter a real postcode, like MK43 0AB");
        return None;
    }
    let (outward, inward) = squashed.split_at(squashed.len() - 3);
    Some(format!("{outward} {inward}"))
}

fn references(errors: &mut FieldErrors, field: &str, raw: &[(String, String)]) -> Vec<ExternalReference> {
    let mut out = Vec::new();
    for (kind, value) in raw {
        if kind.trim().is_empty() && value.trim().is_empty() {
            continue;
        }
        let Some(kind) = errors.check(field, kind.trim().parse::<ReferenceKind>()) else { continue };
        if let Some(r) = errors.check(field, ExternalReference::parse(kind, value)) {
            out.push(r);
        }
    }
    out
}

fn parse(form: &PersonForm, today: Date) -> Result<NewPerson> {
    let mut errors = FieldErrors::new();
    let given = name_part(&mut errors, "given", &form.given, "given name", true);
    let family = name_part(&mut errors, "family", &form.family, "family name", true);
    let date_of_birth = date_of_birth(&mut errors, "date_of_birth", &form.date_of_birth, today);
    let postcode = postcode(&mut errors, "postcode", &form.postcode);
    let mut identifiers = Vec::new();
    for raw in form.phones.iter().filter(|p| !p.trim().is_empty()) {
        if let Some(p) = errors.check("phones", PhoneNumber::parse(raw)) {
            identifiers.push(Identifier::phone(p.e164()));
        }
    }
    for raw in form.emails.iter().filter(|e| !e.trim().is_empty()) {
        if let Some(e) = errors.check("emails", EmailAddress::parse(raw)) {
            identifiers.push(Identifier::email(e.as_str()));
        }
    }
    identifiers.extend(references(&mut errors, "references", &form.references).iter().map(Identifier::reference));
    let mut seen = BTreeSet::new();
    identifiers.retain(|i| seen.insert((i.kind.clone(), i.value.clone())));
    let mut names = vec![NameRecord { given: given.clone(), family: family.clone(), kind: NameKind::Current }];
    for raw in form.aliases.iter().filter(|a| !a.trim().is_empty()) {
        if let Some(n) = errors.check("aliases", PersonName::parse(raw)) {
            names.push(NameRecord { given: n.given, family: n.family, kind: NameKind::Alias });
        }
    }
    errors.into_result(())?;
    Ok(NewPerson { display_name: PersonName::new(&given, &family).full(), date_of_birth, postcode, names, identifiers })
}

/// Records a new person with their names and identifiers.
pub async fn create_person(app: &App, actor: &Actor, form: &PersonForm) -> Result<PersonRecord> {
    actor.require(Roles::FRONT_LINE)?;
    let person = parse(form, london_date(app.now()))?;
    let mut work = app.begin(actor).await?;
    let now = work.now;
    let id = people::insert(&mut work.tx, &person, now).await?;
    let identifiers: Vec<&str> = person.identifiers.iter().map(|i| i.kind.as_str()).collect();
    work.record(
        "person.created",
        "person",
        Some(id.to_string()),
        format!(
            "created person {} with {} name(s) and identifiers: {}",
            person.display_name,
            person.names.len(),
            if identifiers.is_empty() { "none".to_owned() } else { identifiers.join(", ") }
        ),
    );
    let record = people::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}

pub async fn get_person(app: &App, actor: &Actor, id: i64) -> Result<PersonRecord> {
    actor.require(Roles::FRONT_LINE)?;
    let mut tx = app.db.read().await?;
    people::get(&mut tx, id).await.map_err(|_| AppError::NotFound("person"))
}

/// Persons whose names contain `text`, by name; `limit` is kept between 1 and 100.
pub async fn search_persons(app: &App, actor: &Actor, text: &str, limit: i64, offset: i64) -> Result<Vec<PersonSummary>> {
    actor.require(Roles::FRONT_LINE)?;
    let mut tx = app.db.read().await?;
    Ok(people::search(&mut tx, text, limit.clamp(1, 100), offset.max(0)).await?)
}

fn match_query(input: &MatchInput, today: Date) -> Result<MatchQuery> {
    let mut errors = FieldErrors::new();
    let phone = if input.phone.trim().is_empty() { None } else { errors.check("phone", PhoneNumber::parse(&input.phone)) };
    let email = if input.email.trim().is_empty() { None } else { errors.check("email", EmailAddress::parse(&input.email)) };
    let given = name_part(&mut errors, "given", &input.given, "given name", false);
    let family = name_part(&mut errors, "family", &input.family, "family name", false);
    let name = (!given.is_empty() || !family.is_empty()).then(|| PersonName::new(&given, &family));
    let date_of_birth = date_of_birth(&mut errors, "date_of_birth", &input.date_of_birth, today);
    let postcode = postcode(&mut errors, "postcode", &input.postcode);
    let references = references(&mut errors, "references", &input.references);
    errors.into_result(())?;
    Ok(MatchQuery { phone, email, name, date_of_birth, postcode, references })
}

/// The persons the caller probably is, best first: exact identifiers are
/// looked up, names through their blocking keys, and the domain ranks them.
///
/// When the caller gives a date of birth, those born that day (and keyed
/// persons with no date on file) are ranked first; only if none of them
/// matches the name does the lookup widen to everyone sharing the name's
/// keys, so the common case reads a few dozen persons, not thousands.
pub async fn match_candidates(app: &App, actor: &Actor, input: &MatchInput) -> Result<Vec<Match>> {
    actor.require(Roles::FRONT_LINE)?;
    let query = match_query(input, london_date(app.now()))?;
    let mut tx = app.db.read().await?;
    let mut ids = BTreeSet::new();
    let mut lookups = Vec::new();
    if let Some(p) = &query.phone {
        lookups.push(Identifier::phone(p.e164()));
    }
    if let Some(e) = &query.email {
        lookups.push(Identifier::email(e.as_str()));
    }
    lookups.extend(query.references.iter().map(Identifier::reference));
    for identifier in &lookups {
        ids.extend(people::find_by_identifier(&mut tx, &identifier.kind, &identifier.value).await?);
    }
    if let Some(name) = &query.name {
        let keys = query_blocking_keys(name);
        if let Some(born) = query.date_of_birth {
            let mut narrow = ids.clone();
            narrow.extend(people::find_by_date_of_birth(&mut tx, born, BORN_THAT_DAY_LIMIT).await?);
            narrow.extend(people::find_by_keys(&mut tx, &keys, KeyScope::WithoutDateOfBirth, PER_KEY_LIMIT, CANDIDATE_LIMIT).await?);
            let matches = ranked(&mut tx, &query, narrow).await?;
            if matches.iter().any(|m| m.reasons.contains(&MatchReason::SameDateOfBirth)) {
                return Ok(matches);
            }
        }
        ids.extend(people::find_by_keys(&mut tx, &keys, KeyScope::Everyone, PER_KEY_LIMIT, CANDIDATE_LIMIT).await?);
    }
    ranked(&mut tx, &query, ids).await
}

/// These persons ranked against the query by the domain, best first.
async fn ranked(tx: &mut Tx, query: &MatchQuery, ids: BTreeSet<i64>) -> Result<Vec<Match>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let candidates = people::candidates(tx, &ids).await?;
    let ranked = rank_candidates(query, &candidates, MATCH_LIMIT);
    Ok(ranked
        .into_iter()
        .filter_map(|m| {
            let c = candidates.iter().find(|c| c.person_id == m.person_id)?;
            Some(Match {
                person_id: m.person_id,
                display_name: c.names.first().map(PersonName::full).unwrap_or_default(),
                date_of_birth: c.date_of_birth,
                postcode: c.postcode.clone(),
                score: m.score,
                reasons: m.reasons,
            })
        })
        .collect())
}
