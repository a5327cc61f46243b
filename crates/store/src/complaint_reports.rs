//! Complaint reports: the columns the monthly summary counts (kept up to
//! date on every change of a complaint), the summary's aggregate queries,
//! the monitoring board's list, and the monthly dip samples with their
//! findings. Nothing here decides who may read what: the app does.

use crate::{DbTime, Result, Tx, execute, on_backend};
use casebook_domain::complaints::complaint::Complaint;
use casebook_domain::complaints::monthly_summary::report_facts;
use jiff::Timestamp;
use sqlx::FromRow;

/// Keeps the summary's columns in step with the complaint (migration 0016).
pub async fn save_facts(tx: &mut Tx, id: i64, complaint: &Complaint) -> Result<()> {
    let facts = report_facts(complaint);
    execute!(
        tx,
        sqlx::query(
            "UPDATE complaints SET responded_at = $1, outcome = $2, within_target = $3, late_from = $4, extended = $5 WHERE id = $6"
        )
        .bind(facts.responded_at.map(DbTime))
        .bind(facts.outcome.map(|o| o.slug()))
        .bind(facts.within_target)
        .bind(facts.late_from.map(DbTime))
        .bind(facts.extended)
        .bind(id)
    )?;
    Ok(())
}

/// Complaints received in a period at one site in one category.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ReceivedCount {
    pub site_id: i64,
    /// `None` until triage gives one.
    pub category: Option<String>,
    pub count: i64,
}

/// Complaints answered in a period at one site, by what the summary counts.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ResponseCount {
    pub site_id: i64,
    pub outcome: Option<String>,
    pub within_target: Option<bool>,
    pub extended: bool,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SiteCount {
    pub site_id: i64,
    pub count: i64,
}

/// Received in `from..to`, by site and category (index complaints_report_received).
pub async fn received(tx: &mut Tx, from: Timestamp, to: Timestamp) -> Result<Vec<ReceivedCount>> {
    Ok(on_backend!(tx, c => sqlx::query_as(
        "SELECT site_id, category, COUNT(*) AS count FROM complaints
         WHERE received_at >= $1 AND received_at < $2 GROUP BY site_id, category")
        .bind(DbTime(from)).bind(DbTime(to)).fetch_all(c).await)?)
}

/// Fully answered in `from..to`, by site and facts (index complaints_report_responded).
pub async fn responses(tx: &mut Tx, from: Timestamp, to: Timestamp) -> Result<Vec<ResponseCount>> {
    Ok(on_backend!(tx, c => sqlx::query_as(
        "SELECT site_id, outcome, within_target, extended, COUNT(*) AS count FROM complaints
         WHERE responded_at >= $1 AND responded_at < $2 GROUP BY site_id, outcome, within_target, extended")
        .bind(DbTime(from)).bind(DbTime(to)).fetch_all(c).await)?)
}

/// Overdue at `at`, by site: late by then and not yet fully answered. Two
/// range scans of complaints_report_late, one per way of being unanswered.
pub async fn overdue(tx: &mut Tx, at: Timestamp) -> Result<Vec<SiteCount>> {
    Ok(on_backend!(tx, c => sqlx::query_as(
        "SELECT site_id, COUNT(*) AS count FROM (
             SELECT site_id FROM complaints WHERE responded_at IS NULL AND late_from <= $1
             UNION ALL
             SELECT site_id FROM complaints WHERE responded_at > $1 AND late_from <= $1
         ) late GROUP BY site_id")
        .bind(DbTime(at)).fetch_all(c).await)?)
}

/// The complaints at `site_id` fully answered in `from..to`: a dip sample's population.
pub async fn answered_at_site(tx: &mut Tx, site_id: i64, from: Timestamp, to: Timestamp) -> Result<Vec<i64>> {
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "SELECT id FROM complaints WHERE responded_at >= $1 AND responded_at < $2 AND site_id = $3 ORDER BY id")
        .bind(DbTime(from)).bind(DbTime(to)).bind(site_id).fetch_all(c).await)?)
}

/// Logged complaints at `site_id`, newest first: what a monitoring board is
/// copied (para 45: once the complaint has its reference).
pub async fn logged_at_site(tx: &mut Tx, site_id: i64, limit: i64) -> Result<Vec<i64>> {
    let limit = limit.clamp(1, 1000);
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "SELECT id FROM complaints WHERE site_id = $1 AND reference IS NOT NULL ORDER BY id DESC LIMIT $2")
        .bind(site_id).bind(limit).fetch_all(c).await)?)
}

// ---- dip samples ------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DipSampleRecord {
    pub id: i64,
    pub site_id: i64,
    pub month: String,
    pub seed: u64,
    pub population: i64,
    pub drawn_by: Option<i64>,
    pub drawn_at: Timestamp,
}

#[derive(FromRow)]
struct SampleRow {
    id: i64,
    site_id: i64,
    month: String,
    seed: i64,
    population: i64,
    drawn_by: Option<i64>,
    drawn_at: DbTime,
}

impl From<SampleRow> for DipSampleRecord {
    fn from(r: SampleRow) -> Self {
        DipSampleRecord {
            id: r.id,
            site_id: r.site_id,
            month: r.month,
            // The seed is stored bit for bit in a signed column.
            seed: u64::from_ne_bytes(r.seed.to_ne_bytes()),
            population: r.population,
            drawn_by: r.drawn_by,
            drawn_at: r.drawn_at.to_jiff(),
        }
    }
}

/// One sampled response with its findings, once checked.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DipSampleItem {
    pub sample_id: i64,
    pub complaint_id: i64,
    pub documents_present: Option<bool>,
    pub covers_every_point: Option<bool>,
    pub escalation_wording: Option<bool>,
    pub verdict: Option<String>,
    pub notes: Option<String>,
    pub checked_by: Option<i64>,
    pub checked_at: Option<DbTime>,
    pub task_id: Option<i64>,
}

/// What a new sample is saved with.
pub struct NewDipSample<'a> {
    pub site_id: i64,
    pub month: &'a str,
    pub seed: u64,
    pub population: i64,
    pub drawn_by: Option<i64>,
    pub complaint_ids: &'a [i64],
}

const SELECT_SAMPLE: &str = "SELECT id, site_id, month, seed, population, drawn_by, drawn_at FROM dip_samples";

pub async fn insert_sample(tx: &mut Tx, sample: &NewDipSample<'_>, now: Timestamp) -> Result<i64> {
    let seed = i64::from_ne_bytes(sample.seed.to_ne_bytes());
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO dip_samples (site_id, month, seed, population, drawn_by, drawn_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(sample.site_id).bind(sample.month).bind(seed).bind(sample.population).bind(sample.drawn_by).bind(DbTime(now))
        .fetch_one(c).await)?;
    for complaint_id in sample.complaint_ids {
        execute!(tx, sqlx::query("INSERT INTO dip_sample_items (sample_id, complaint_id) VALUES ($1, $2)").bind(id).bind(complaint_id))?;
    }
    Ok(id)
}

pub async fn get_sample(tx: &mut Tx, id: i64) -> Result<DipSampleRecord> {
    let sql = format!("{SELECT_SAMPLE} WHERE id = $1");
    let row: SampleRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    Ok(row.into())
}

pub async fn find_sample(tx: &mut Tx, site_id: i64, month: &str) -> Result<Option<DipSampleRecord>> {
    let sql = format!("{SELECT_SAMPLE} WHERE site_id = $1 AND month = $2");
    let row: Option<SampleRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(site_id).bind(month).fetch_optional(c).await)?;
    Ok(row.map(Into::into))
}

/// The samples of `month`, or the latest 100 of any month.
pub async fn list_samples(tx: &mut Tx, month: Option<&str>) -> Result<Vec<DipSampleRecord>> {
    let rows: Vec<SampleRow> = match month {
        Some(month) => {
            let sql = format!("{SELECT_SAMPLE} WHERE month = $1 ORDER BY site_id");
            on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(month).fetch_all(c).await)?
        }
        None => {
            let sql = format!("{SELECT_SAMPLE} ORDER BY month DESC, site_id LIMIT 100");
            on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(c).await)?
        }
    };
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn items(tx: &mut Tx, sample_id: i64) -> Result<Vec<DipSampleItem>> {
    Ok(on_backend!(tx, c => sqlx::query_as(
        "SELECT sample_id, complaint_id, documents_present, covers_every_point, escalation_wording, verdict, notes, checked_by,
             checked_at, task_id FROM dip_sample_items WHERE sample_id = $1 ORDER BY complaint_id")
        .bind(sample_id).fetch_all(c).await)?)
}

/// The findings on one sampled response, as checked.
pub struct FindingRow<'a> {
    pub documents_present: bool,
    pub covers_every_point: bool,
    pub escalation_wording: bool,
    pub verdict: &'a str,
    pub notes: &'a str,
    pub checked_by: Option<i64>,
    pub task_id: Option<i64>,
}

/// Records findings on a sampled response; false if it is not in the sample.
pub async fn save_finding(tx: &mut Tx, sample_id: i64, complaint_id: i64, f: &FindingRow<'_>, now: Timestamp) -> Result<bool> {
    let changed = execute!(
        tx,
        sqlx::query(
            "UPDATE dip_sample_items SET documents_present = $1, covers_every_point = $2, escalation_wording = $3, verdict = $4,
                 notes = $5, checked_by = $6, checked_at = $7, task_id = $8
             WHERE sample_id = $9 AND complaint_id = $10"
        )
        .bind(f.documents_present)
        .bind(f.covers_every_point)
        .bind(f.escalation_wording)
        .bind(f.verdict)
        .bind(f.notes)
        .bind(f.checked_by)
        .bind(DbTime(now))
        .bind(f.task_id)
        .bind(sample_id)
        .bind(complaint_id)
    )?;
    Ok(changed > 0)
}
