//! Persons (members of the public), their names and identifiers, and the
//! blocking keys recognition looks candidates up by.

use crate::filter::placeholders;
use crate::{DbDate, DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::people::{CandidatePerson, ExternalReference, PersonName, ReferenceKind, name_blocking_keys};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::FromRow;
use std::collections::BTreeMap;

/// Which of a person's names this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Current,
    Previous,
    Alias,
}

impl NameKind {
    pub fn slug(self) -> &'static str {
        match self {
            NameKind::Current => "current",
            NameKind::Previous => "previous",
            NameKind::Alias => "alias",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NameKind::Current => "Current name",
            NameKind::Previous => "Previous name",
            NameKind::Alias => "Alias",
        }
    }

    fn parse(raw: &str) -> Result<NameKind> {
        match raw {
            "current" => Ok(NameKind::Current),
            "previous" => Ok(NameKind::Previous),
            "alias" => Ok(NameKind::Alias),
            other => Err(StoreError::Corrupt(format!("person_names.kind has an unknown value {other:?}"))),
        }
    }
}

/// An identifier as stored: `phone` (E.164), `email` (lower-case) or
/// `reference-<kind>` (upper-case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub kind: String,
    pub value: String,
}

impl Identifier {
    pub const PHONE: &'static str = "phone";
    pub const EMAIL: &'static str = "email";

    pub fn phone(e164: &str) -> Identifier {
        Identifier { kind: Self::PHONE.into(), value: e164.into() }
    }

    pub fn email(address: &str) -> Identifier {
        Identifier { kind: Self::EMAIL.into(), value: address.into() }
    }

    pub fn reference(r: &ExternalReference) -> Identifier {
        Identifier { kind: format!("reference-{}", r.kind.slug()), value: r.value.clone() }
    }

    /// The external reference this is, if it is one.
    pub fn as_reference(&self) -> Option<ExternalReference> {
        let kind: ReferenceKind = self.kind.strip_prefix("reference-")?.parse().ok()?;
        Some(ExternalReference { kind, value: self.value.clone() })
    }

    /// "Phone", "Email" or the reference's label, for pages.
    pub fn label(&self) -> String {
        match self.kind.as_str() {
            Self::PHONE => "Phone".into(),
            Self::EMAIL => "Email".into(),
            _ => self.as_reference().map(|r| r.kind.label().to_owned()).unwrap_or_else(|| self.kind.clone()),
        }
    }
}

/// One of a person's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRecord {
    pub given: String,
    pub family: String,
    pub kind: NameKind,
}

impl NameRecord {
    pub fn full(&self) -> String {
        PersonName::new(&self.given, &self.family).full()
    }
}

/// What a new person is saved with.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub display_name: String,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
    /// The current name first.
    pub names: Vec<NameRecord>,
    pub identifiers: Vec<Identifier>,
}

/// A person with their names and identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: i64,
    pub display_name: String,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
    pub merged_into_id: Option<i64>,
    pub created_at: Timestamp,
    pub version: i64,
    pub names: Vec<NameRecord>,
    pub identifiers: Vec<Identifier>,
}

/// A line of a list of persons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: i64,
    pub display_name: String,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<String>,
}

#[derive(FromRow)]
struct PersonRow {
    id: i64,
    display_name: String,
    date_of_birth: Option<DbDate>,
    postcode: Option<String>,
    merged_into_id: Option<i64>,
    created_at: DbTime,
    version: i64,
}

#[derive(FromRow)]
struct NameRow {
    person_id: i64,
    given: String,
    family: String,
    kind: String,
}

#[derive(FromRow)]
struct IdentifierRow {
    person_id: i64,
    kind: String,
    value: String,
}

const SELECT_PERSON: &str = "SELECT id, display_name, date_of_birth, postcode, merged_into_id, created_at, version FROM persons";

/// `$first, $first+1, …` for an `IN (…)` list of `n` values.
/// The blocking keys of all of a person's names, each once: what
/// `person_name_keys` holds for them (also written by `bulk`).
pub(crate) fn blocking_keys(names: &[NameRecord]) -> Vec<String> {
    let mut keys: Vec<String> = names.iter().flat_map(|n| name_blocking_keys(&PersonName::new(&n.given, &n.family))).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Saves a person, their names, identifiers and the blocking keys of every name.
pub async fn insert(tx: &mut Tx, person: &NewPerson, now: Timestamp) -> Result<i64> {
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO persons (display_name, date_of_birth, postcode, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(&person.display_name)
        .bind(person.date_of_birth.map(DbDate::from))
        .bind(&person.postcode)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    for name in &person.names {
        execute!(
            tx,
            sqlx::query("INSERT INTO person_names (person_id, given, family, kind, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(&name.given)
                .bind(&name.family)
                .bind(name.kind.slug())
                .bind(DbTime(now))
        )?;
    }
    for identifier in &person.identifiers {
        execute!(
            tx,
            sqlx::query("INSERT INTO person_identifiers (person_id, kind, value, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(&identifier.kind)
                .bind(&identifier.value)
                .bind(DbTime(now))
        )?;
    }
    insert_keys(tx, id, &blocking_keys(&person.names), person.date_of_birth.is_some()).await?;
    Ok(id)
}

/// Files a person's blocking keys, marked with whether their date of birth is on file.
pub(crate) async fn insert_keys(tx: &mut Tx, person_id: i64, keys: &[String], date_of_birth_known: bool) -> Result<()> {
    for key in keys {
        execute!(
            tx,
            sqlx::query("INSERT INTO person_name_keys (person_id, key, date_of_birth_known) VALUES ($1, $2, $3)")
                .bind(person_id)
                .bind(key)
                .bind(date_of_birth_known)
        )?;
    }
    Ok(())
}

/// A person with names and identifiers; `NotFound` if there is none.
pub async fn get(tx: &mut Tx, id: i64) -> Result<PersonRecord> {
    let sql = format!("{SELECT_PERSON} WHERE id = $1");
    let row: PersonRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    let mut names = names_of(tx, &[id]).await?;
    let mut identifiers = identifiers_of(tx, &[id]).await?;
    Ok(PersonRecord {
        id: row.id,
        display_name: row.display_name,
        date_of_birth: row.date_of_birth.map(|d| d.to_jiff()),
        postcode: row.postcode,
        merged_into_id: row.merged_into_id,
        created_at: row.created_at.to_jiff(),
        version: row.version,
        names: names.remove(&id).unwrap_or_default(),
        identifiers: identifiers.remove(&id).unwrap_or_default(),
    })
}

async fn names_of(tx: &mut Tx, ids: &[i64]) -> Result<BTreeMap<i64, Vec<NameRecord>>> {
    let mut out: BTreeMap<i64, Vec<NameRecord>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // Current names sort first ('alias' < 'current' alphabetically, so say so).
    let sql = format!(
        "SELECT person_id, given, family, kind FROM person_names WHERE person_id IN ({})
         ORDER BY person_id, CASE kind WHEN 'current' THEN 0 WHEN 'previous' THEN 1 ELSE 2 END, id",
        placeholders(1, ids.len())
    );
    let rows: Vec<NameRow> = on_backend!(tx, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?;
    for r in rows {
        let kind = NameKind::parse(&r.kind)?;
        out.entry(r.person_id).or_default().push(NameRecord { given: r.given, family: r.family, kind });
    }
    Ok(out)
}

async fn identifiers_of(tx: &mut Tx, ids: &[i64]) -> Result<BTreeMap<i64, Vec<Identifier>>> {
    let mut out: BTreeMap<i64, Vec<Identifier>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT person_id, kind, value FROM person_identifiers WHERE person_id IN ({}) ORDER BY person_id, id",
        placeholders(1, ids.len())
    );
    let rows: Vec<IdentifierRow> = on_backend!(tx, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?;
    for r in rows {
        out.entry(r.person_id).or_default().push(Identifier { kind: r.kind, value: r.value });
    }
    Ok(out)
}

/// Persons (not merged away) carrying exactly this identifier.
pub async fn find_by_identifier(tx: &mut Tx, kind: &str, value: &str) -> Result<Vec<i64>> {
    let ids: Vec<i64> = on_backend!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT i.person_id FROM person_identifiers i JOIN persons p ON p.id = i.person_id
         WHERE i.kind = $1 AND i.value = $2 AND p.merged_into_id IS NULL ORDER BY i.person_id LIMIT 200")
        .bind(kind).bind(value).fetch_all(c).await)?;
    Ok(ids)
}

/// Whose blocking keys a lookup reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyScope {
    Everyone,
    /// Only persons with no date of birth on file: a caller who gives a date
    /// of birth is compared with those born that day and with these.
    WithoutDateOfBirth,
}

/// Persons sharing any of `keys`, those sharing most first; at most `limit`.
///
/// Each key contributes at most `per_key` persons (in record order), so a
/// key that thousands share ("Smith, J") costs no more than a rare one and
/// the lookup stays fast at a million persons; the rarer keys of a name
/// still bring its bearers in. Merged-away persons hold no keys (merging
/// rebuilds both persons' keys); `candidates` drops any that remain.
pub async fn find_by_keys(tx: &mut Tx, keys: &[String], scope: KeyScope, per_key: i64, limit: i64) -> Result<Vec<i64>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let undated = if scope == KeyScope::WithoutDateOfBirth { " AND NOT date_of_birth_known" } else { "" };
    let per_key_at = keys.len() + 1;
    let postings: Vec<String> = (1..=keys.len())
        .map(|i| {
            format!(
                "SELECT person_id FROM (SELECT person_id FROM person_name_keys WHERE key = ${i}{undated} ORDER BY person_id LIMIT ${per_key_at}) k{i}"
            )
        })
        .collect();
    let sql = format!(
        "SELECT person_id FROM ({}) k GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT ${}",
        postings.join(" UNION ALL "),
        keys.len() + 2
    );
    let ids: Vec<i64> = on_backend!(tx, c => {
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()));
        for key in keys {
            q = q.bind(key.as_str());
        }
        q.bind(per_key).bind(limit).fetch_all(c).await
    })?;
    Ok(ids)
}

/// Persons (not merged away) born on this day; at most `limit`.
pub async fn find_by_date_of_birth(tx: &mut Tx, date_of_birth: Date, limit: i64) -> Result<Vec<i64>> {
    let ids: Vec<i64> = on_backend!(tx, c => sqlx::query_scalar(
        "SELECT id FROM persons WHERE date_of_birth = $1 AND merged_into_id IS NULL ORDER BY id LIMIT $2")
        .bind(DbDate::from(date_of_birth)).bind(limit).fetch_all(c).await)?;
    Ok(ids)
}

/// The persons with these ids, as the recogniser compares them.
pub async fn candidates(tx: &mut Tx, ids: &[i64]) -> Result<Vec<CandidatePerson>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{SELECT_PERSON} WHERE id IN ({}) AND merged_into_id IS NULL ORDER BY id", placeholders(1, ids.len()));
    let rows: Vec<PersonRow> = on_backend!(tx, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?;
    let mut names = names_of(tx, ids).await?;
    let mut identifiers = identifiers_of(tx, ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let ids = identifiers.remove(&r.id).unwrap_or_default();
            CandidatePerson {
                person_id: r.id,
                names: names.remove(&r.id).unwrap_or_default().iter().map(|n| PersonName::new(&n.given, &n.family)).collect(),
                phones: ids.iter().filter(|i| i.kind == Identifier::PHONE).map(|i| i.value.clone()).collect(),
                emails: ids.iter().filter(|i| i.kind == Identifier::EMAIL).map(|i| i.value.clone()).collect(),
                references: ids.iter().filter_map(Identifier::as_reference).collect(),
                date_of_birth: r.date_of_birth.map(|d| d.to_jiff()),
                postcode: r.postcode,
            }
        })
        .collect())
}

/// Persons (not merged away) any of whose names contains `text`
/// (case-insensitive), by display name; an empty text lists everyone.
pub async fn search(tx: &mut Tx, text: &str, limit: i64, offset: i64) -> Result<Vec<PersonSummary>> {
    let pattern = format!("%{}%", text.trim().to_lowercase().replace(['%', '_'], ""));
    let rows: Vec<PersonRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT id, display_name, date_of_birth, postcode, merged_into_id, created_at, version FROM persons p
         WHERE p.merged_into_id IS NULL
           AND (LOWER(p.display_name) LIKE $1 OR EXISTS (
                SELECT 1 FROM person_names n WHERE n.person_id = p.id
                AND (LOWER(n.given || ' ' || n.family) LIKE $1 OR LOWER(n.family || ', ' || n.given) LIKE $1)))
         ORDER BY p.display_name, p.id LIMIT $2 OFFSET $3")
        .bind(&pattern).bind(limit).bind(offset).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|r| PersonSummary {
            id: r.id,
            display_name: r.display_name,
            date_of_birth: r.date_of_birth.map(|d| d.to_jiff()),
            postcode: r.postcode,
        })
        .collect())
}
