//! Complaint responses (one per part, the domain's `Response` as JSON) and
//! the letters produced for a complaint, kept as produced.

use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::complaints::response::Response;
use jiff::Timestamp;
use sqlx::FromRow;

/// A part's response as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRecord {
    pub complaint_id: i64,
    pub part: u32,
    pub response: Response,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(FromRow)]
struct ResponseRow {
    complaint_id: i64,
    part: i64,
    record: String,
    updated_at: DbTime,
    version: i64,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn stage_slug(response: &Response) -> Result<String> {
    let value = serde_json::to_value(&response.stage).map_err(|e| corrupt("complaint_responses.stage", e))?;
    Ok(value.get("stage").and_then(|s| s.as_str()).unwrap_or("unknown").to_owned())
}

impl TryFrom<ResponseRow> for ResponseRecord {
    type Error = StoreError;
    fn try_from(row: ResponseRow) -> Result<Self> {
        let response = serde_json::from_str(&row.record)
            .map_err(|e| corrupt(&format!("complaint_responses.record of complaint {} part {}", row.complaint_id, row.part), e))?;
        Ok(ResponseRecord {
            complaint_id: row.complaint_id,
            part: u32::try_from(row.part).map_err(|e| corrupt("complaint_responses.part", e))?,
            response,
            updated_at: row.updated_at.to_jiff(),
            version: row.version,
        })
    }
}

const SELECT_RESPONSE: &str = "SELECT complaint_id, part, record, updated_at, version FROM complaint_responses";

/// The response to one part, if one has been started.
pub async fn get(tx: &mut Tx, complaint_id: i64, part: u32) -> Result<Option<ResponseRecord>> {
    let sql = format!("{SELECT_RESPONSE} WHERE complaint_id = $1 AND part = $2");
    let row: Option<ResponseRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(complaint_id).bind(i64::from(part)).fetch_optional(c).await)?;
    row.map(ResponseRecord::try_from).transpose()
}

/// Every response started on a complaint, by part.
pub async fn for_complaint(tx: &mut Tx, complaint_id: i64) -> Result<Vec<ResponseRecord>> {
    let sql = format!("{SELECT_RESPONSE} WHERE complaint_id = $1 ORDER BY part");
    let rows: Vec<ResponseRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(complaint_id).fetch_all(c).await)?;
    rows.into_iter().map(ResponseRecord::try_from).collect()
}

/// Saves a response just started on a part.
pub async fn insert(tx: &mut Tx, part: u32, response: &Response, now: Timestamp) -> Result<()> {
    let record = serde_json::to_string(response).map_err(|e| corrupt("complaint_responses.record", e))?;
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO complaint_responses (complaint_id, part, author_id, stage, record, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $6, 1)"
        )
        .bind(response.complaint_id)
        .bind(i64::from(part))
        .bind((response.draft.author.user_id > 0).then_some(response.draft.author.user_id))
        .bind(stage_slug(response)?)
        .bind(record)
        .bind(DbTime(now))
    )?;
    Ok(())
}

/// Saves the response's new state over `version`; one changed meanwhile is refused as stale.
pub async fn update(tx: &mut Tx, part: u32, version: i64, response: &Response, now: Timestamp) -> Result<()> {
    let record = serde_json::to_string(response).map_err(|e| corrupt("complaint_responses.record", e))?;
    let changed = execute!(
        tx,
        sqlx::query(
            "UPDATE complaint_responses SET stage = $1, record = $2, updated_at = $3, version = version + 1
             WHERE complaint_id = $4 AND part = $5 AND version = $6"
        )
        .bind(stage_slug(response)?)
        .bind(record)
        .bind(DbTime(now))
        .bind(response.complaint_id)
        .bind(i64::from(part))
        .bind(version)
    )?;
    if changed == 0 {
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

/// A letter as produced and kept on the complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub id: i64,
    pub complaint_id: i64,
    pub part: Option<i64>,
    /// The `LetterKind` slug, e.g. `acknowledgement`.
    pub kind: String,
    pub body_text: String,
    pub body_html: String,
    pub produced_by: Option<i64>,
    pub produced_at: Timestamp,
}

#[derive(FromRow)]
struct LetterRow {
    id: i64,
    complaint_id: i64,
    part: Option<i64>,
    kind: String,
    body_text: String,
    body_html: String,
    produced_by: Option<i64>,
    produced_at: DbTime,
}

impl From<LetterRow> for LetterRecord {
    fn from(r: LetterRow) -> Self {
        LetterRecord {
            id: r.id,
            complaint_id: r.complaint_id,
            part: r.part,
            kind: r.kind,
            body_text: r.body_text,
            body_html: r.body_html,
            produced_by: r.produced_by,
            produced_at: r.produced_at.to_jiff(),
        }
    }
}

/// What a new letter is saved with.
pub struct NewLetter<'a> {
    pub complaint_id: i64,
    pub part: Option<u32>,
    pub kind: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub produced_by: Option<i64>,
}

pub async fn insert_letter(tx: &mut Tx, letter: &NewLetter<'_>, now: Timestamp) -> Result<i64> {
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO complaint_letters (complaint_id, part, kind, body_text, body_html, produced_by, produced_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(letter.complaint_id)
        .bind(letter.part.map(i64::from))
        .bind(letter.kind)
        .bind(letter.body_text)
        .bind(letter.body_html)
        .bind(letter.produced_by)
        .bind(DbTime(now))
        .fetch_one(c).await)?)
}

const SELECT_LETTER: &str = "SELECT id, complaint_id, part, kind, body_text, body_html, produced_by, produced_at FROM complaint_letters";

/// The complaint's letters, oldest first.
pub async fn letters(tx: &mut Tx, complaint_id: i64) -> Result<Vec<LetterRecord>> {
    let sql = format!("{SELECT_LETTER} WHERE complaint_id = $1 ORDER BY id");
    let rows: Vec<LetterRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(complaint_id).fetch_all(c).await)?;
    Ok(rows.into_iter().map(LetterRecord::from).collect())
}

/// One letter of the complaint; another complaint's letter is not found.
pub async fn letter(tx: &mut Tx, complaint_id: i64, letter_id: i64) -> Result<LetterRecord> {
    let sql = format!("{SELECT_LETTER} WHERE complaint_id = $1 AND id = $2");
    let row: LetterRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(complaint_id).bind(letter_id).fetch_one(c).await)?;
    Ok(row.into())
}
