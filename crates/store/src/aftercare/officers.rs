//! Officers complained about (who need not be users), the complaints that
//! name them with the finding once recorded, and certification cases.

use super::{StateRow, Stored, Table, get_state, list_states, parse, to_json, update_state};
use crate::{DbDate, DbTime, Result, Tx, execute, on_backend};
use casebook_domain::complaints::officers::{CertificationCase, CertificationStatus, Finding, Officer, OfficerFinding};
use jiff::Timestamp;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerRecord {
    pub id: i64,
    pub officer: Officer,
}

#[derive(FromRow)]
struct OfficerRow {
    id: i64,
    name: String,
    identifier: String,
    employer: String,
}

impl From<OfficerRow> for OfficerRecord {
    fn from(r: OfficerRow) -> Self {
        OfficerRecord { id: r.id, officer: Officer { name: r.name, identifier: r.identifier, employer: r.employer } }
    }
}

/// Saves a new officer; the same number at the same employer is a conflict.
pub async fn insert(tx: &mut Tx, officer: &Officer, by: Option<i64>, now: Timestamp) -> Result<i64> {
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO officers (name, identifier, employer, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(&officer.name).bind(&officer.identifier).bind(&officer.employer).bind(by).bind(DbTime(now)).fetch_one(c).await)?)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<OfficerRecord> {
    let row: OfficerRow = on_backend!(tx, c => sqlx::query_as("SELECT id, name, identifier, employer FROM officers WHERE id = $1")
        .bind(id).fetch_one(c).await)?;
    Ok(row.into())
}

/// Every officer, by name.
pub async fn list(tx: &mut Tx) -> Result<Vec<OfficerRecord>> {
    let rows: Vec<OfficerRow> =
        on_backend!(tx, c => sqlx::query_as("SELECT id, name, identifier, employer FROM officers ORDER BY name, id").fetch_all(c).await)?;
    Ok(rows.into_iter().map(OfficerRecord::from).collect())
}

/// An officer named in a complaint, with the finding once recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    pub officer_id: i64,
    pub complaint_id: i64,
    pub finding: Option<(Finding, jiff::civil::Date)>,
}

impl Naming {
    /// The finding in the form the domain counts, once there is one.
    pub fn finding(&self) -> Option<OfficerFinding> {
        self.finding.map(|(finding, decided_on)| OfficerFinding {
            officer_id: self.officer_id,
            complaint_id: self.complaint_id,
            finding,
            decided_on,
        })
    }
}

#[derive(FromRow)]
struct NamingRow {
    officer_id: i64,
    complaint_id: i64,
    finding: Option<String>,
    decided_on: Option<DbDate>,
}

fn naming(r: NamingRow) -> Result<Naming> {
    let finding = match (r.finding, r.decided_on) {
        (Some(f), Some(on)) => {
            let f: Finding = serde_json::from_value(serde_json::Value::String(f.clone()))
                .map_err(|_| crate::StoreError::Corrupt(format!("officer_findings.finding = {f:?}")))?;
            Some((f, on.to_jiff()))
        }
        _ => None,
    };
    Ok(Naming { officer_id: r.officer_id, complaint_id: r.complaint_id, finding })
}

/// Names an officer in a complaint; naming twice is a conflict.
pub async fn name(tx: &mut Tx, officer_id: i64, complaint_id: i64, by: Option<i64>, now: Timestamp) -> Result<()> {
    execute!(
        tx,
        sqlx::query("INSERT INTO officer_findings (officer_id, complaint_id, named_by, named_at) VALUES ($1, $2, $3, $4)")
            .bind(officer_id)
            .bind(complaint_id)
            .bind(by)
            .bind(DbTime(now))
    )?;
    Ok(())
}

/// Records (or corrects) the finding against a named officer.
pub async fn record_finding(tx: &mut Tx, f: &OfficerFinding) -> Result<()> {
    let finding = serde_json::to_value(f.finding).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let changed = execute!(
        tx,
        sqlx::query("UPDATE officer_findings SET finding = $1, decided_on = $2 WHERE officer_id = $3 AND complaint_id = $4")
            .bind(finding)
            .bind(DbDate::from(f.decided_on))
            .bind(f.officer_id)
            .bind(f.complaint_id)
    )?;
    if changed == 0 {
        return Err(crate::StoreError::NotFound);
    }
    Ok(())
}

/// The officers named in one complaint, or (with `None`) every naming.
pub async fn namings(tx: &mut Tx, complaint_id: Option<i64>) -> Result<Vec<Naming>> {
    let rows: Vec<NamingRow> = match complaint_id {
        Some(id) => on_backend!(tx, c => sqlx::query_as(
            "SELECT officer_id, complaint_id, finding, decided_on FROM officer_findings WHERE complaint_id = $1 ORDER BY officer_id")
            .bind(id).fetch_all(c).await)?,
        None => on_backend!(tx, c => sqlx::query_as(
            "SELECT officer_id, complaint_id, finding, decided_on FROM officer_findings ORDER BY officer_id, complaint_id")
            .fetch_all(c).await)?,
    };
    rows.into_iter().map(naming).collect()
}

fn status_slug(status: CertificationStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Opens a certification case; one per officer and investigation.
pub async fn insert_case(tx: &mut Tx, case: &CertificationCase, now: Timestamp) -> Result<i64> {
    let json = to_json("certification_cases", case)?;
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO certification_cases (officer_id, complaint_id, status, state, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id")
        .bind(case.officer_id).bind(case.complaint_id).bind(status_slug(case.status())).bind(json).bind(DbTime(now))
        .fetch_one(c).await)?)
}

pub async fn case(tx: &mut Tx, id: i64) -> Result<Stored<CertificationCase>> {
    get_state(tx, Table::Certification, id).await
}

pub async fn update_case(tx: &mut Tx, id: i64, version: i64, case: &CertificationCase, now: Timestamp) -> Result<()> {
    update_state(tx, Table::Certification, id, version, &status_slug(case.status()), case, now).await
}

/// Every certification case, oldest first.
pub async fn cases(tx: &mut Tx) -> Result<Vec<Stored<CertificationCase>>> {
    list_states(tx, Table::Certification, None).await
}

/// The case for one officer and one investigation, if one has been opened.
pub async fn case_for(tx: &mut Tx, officer_id: i64, complaint_id: i64) -> Result<Option<Stored<CertificationCase>>> {
    let row: Option<StateRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT id, state, version FROM certification_cases WHERE officer_id = $1 AND complaint_id = $2")
        .bind(officer_id).bind(complaint_id).fetch_optional(c).await)?;
    row.map(|r| parse("certification_cases", r)).transpose()
}

/// One officer's certification cases, oldest first.
pub async fn cases_of(tx: &mut Tx, officer_id: i64) -> Result<Vec<Stored<CertificationCase>>> {
    let rows: Vec<StateRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT id, state, version FROM certification_cases WHERE officer_id = $1 ORDER BY id")
        .bind(officer_id).fetch_all(c).await)?;
    rows.into_iter().map(|r| parse("certification_cases", r)).collect()
}
