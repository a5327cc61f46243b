//! THRIVE assessments, one per assessed contact, saved with the contact in
//! its transaction; and the report queries: final grades by channel, and
//! the overrides with both grades and the handler's reason.

use crate::error::parse_column;
use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::contacts::Channel;
use casebook_domain::triage::{Factor, FactorAssessment, Grade, Triage};
use jiff::Timestamp;
use sqlx::FromRow;

/// A saved assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageRecord {
    pub contact_id: i64,
    /// The six factors in THRIVE order.
    pub factors: Vec<FactorAssessment>,
    pub proposed: Grade,
    pub proposal_reason: String,
    pub final_grade: Grade,
    /// Present exactly when the handler overrode the proposal.
    pub override_reason: Option<String>,
    /// The version of the grading rules used; `None` for the built-in preset.
    pub policy_version: Option<i64>,
    pub assessed_by: i64,
    pub assessed_at: Timestamp,
}

impl TriageRecord {
    pub fn overridden(&self) -> bool {
        self.override_reason.is_some()
    }
}

#[derive(FromRow)]
struct TriageRow {
    contact_id: i64,
    threat: String,
    threat_note: String,
    harm: String,
    harm_note: String,
    risk: String,
    risk_note: String,
    investigation: String,
    investigation_note: String,
    vulnerability: String,
    vulnerability_note: String,
    engagement: String,
    engagement_note: String,
    proposed_grade: String,
    proposal_reason: String,
    final_grade: String,
    override_reason: Option<String>,
    policy_version: Option<i64>,
    assessed_by: i64,
    assessed_at: DbTime,
}

impl TryFrom<TriageRow> for TriageRecord {
    type Error = StoreError;
    fn try_from(r: TriageRow) -> Result<Self> {
        let pairs = [
            (Factor::Threat, &r.threat, &r.threat_note),
            (Factor::Harm, &r.harm, &r.harm_note),
            (Factor::Risk, &r.risk, &r.risk_note),
            (Factor::Investigation, &r.investigation, &r.investigation_note),
            (Factor::Vulnerability, &r.vulnerability, &r.vulnerability_note),
            (Factor::Engagement, &r.engagement, &r.engagement_note),
        ];
        let factors = pairs
            .into_iter()
            .map(|(factor, level, note)| {
                Ok(FactorAssessment {
                    factor,
                    level: parse_column(level, &format!("triage_assessments.{}", factor.slug()))?,
                    note: note.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(TriageRecord {
            contact_id: r.contact_id,
            factors,
            proposed: parse_column(&r.proposed_grade, "triage_assessments.proposed_grade")?,
            proposal_reason: r.proposal_reason,
            final_grade: parse_column(&r.final_grade, "triage_assessments.final_grade")?,
            override_reason: r.override_reason,
            policy_version: r.policy_version,
            assessed_by: r.assessed_by,
            assessed_at: r.assessed_at.to_jiff(),
        })
    }
}

/// Saves the assessment of contact `contact_id`, made by `by` at `at`.
pub async fn insert(tx: &mut Tx, contact_id: i64, triage: &Triage, by: i64, at: Timestamp) -> Result<()> {
    let a = &triage.assessment;
    let note = |factor: Factor| a.factors().iter().find(|f| f.factor == factor).map(|f| f.note.clone()).unwrap_or_default();
    let o = &triage.outcome;
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO triage_assessments (contact_id, threat, threat_note, harm, harm_note, risk, risk_note,
                 investigation, investigation_note, vulnerability, vulnerability_note, engagement, engagement_note,
                 proposed_grade, proposal_reason, final_grade, override_reason, policy_version, assessed_by, assessed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
        )
        .bind(contact_id)
        .bind(a.level(Factor::Threat).slug())
        .bind(note(Factor::Threat))
        .bind(a.level(Factor::Harm).slug())
        .bind(note(Factor::Harm))
        .bind(a.level(Factor::Risk).slug())
        .bind(note(Factor::Risk))
        .bind(a.level(Factor::Investigation).slug())
        .bind(note(Factor::Investigation))
        .bind(a.level(Factor::Vulnerability).slug())
        .bind(note(Factor::Vulnerability))
        .bind(a.level(Factor::Engagement).slug())
        .bind(note(Factor::Engagement))
        .bind(o.proposed.slug())
        .bind(&o.proposal_reason)
        .bind(o.final_grade.slug())
        .bind(o.override_reason.as_deref())
        .bind(triage.policy_version)
        .bind(by)
        .bind(DbTime(at))
    )?;
    Ok(())
}

/// The assessment of one contact, if it was assessed.
pub async fn for_contact(tx: &mut Tx, contact_id: i64) -> Result<Option<TriageRecord>> {
    let row: Option<TriageRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT contact_id, threat, threat_note, harm, harm_note, risk, risk_note, investigation, investigation_note,
             vulnerability, vulnerability_note, engagement, engagement_note, proposed_grade, proposal_reason, final_grade,
             override_reason, policy_version, assessed_by, assessed_at
         FROM triage_assessments WHERE contact_id = $1")
        .bind(contact_id).fetch_optional(c).await)?;
    row.map(TriageRecord::try_from).transpose()
}

// ---- reports ------------------------------------------------------------------

/// How many assessed contacts on one channel ended with one final grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradeCount {
    pub channel: Channel,
    pub grade: Grade,
    pub count: u64,
}

/// Final grades by channel, for contacts that occurred in `[from, to)`.
pub async fn grades_by_channel(tx: &mut Tx, from: Timestamp, to: Timestamp) -> Result<Vec<GradeCount>> {
    let rows: Vec<(String, String, i64)> = on_backend!(tx, c => sqlx::query_as(
        "SELECT c.channel, t.final_grade, COUNT(*) FROM triage_assessments t JOIN contacts c ON c.id = t.contact_id
         WHERE c.occurred_at >= $1 AND c.occurred_at < $2 GROUP BY c.channel, t.final_grade")
        .bind(DbTime(from)).bind(DbTime(to)).fetch_all(c).await)?;
    rows.into_iter()
        .map(|(channel, grade, n)| {
            Ok(GradeCount {
                channel: parse_column(&channel, "contacts.channel")?,
                grade: parse_column(&grade, "triage_assessments.final_grade")?,
                count: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect()
}

/// One override, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideRecord {
    pub contact_id: i64,
    pub occurred_at: Timestamp,
    pub channel: Channel,
    pub subject: String,
    pub proposed: Grade,
    pub final_grade: Grade,
    pub reason: String,
    pub assessed_by: i64,
}

/// Overrides on contacts that occurred in `[from, to)`, newest first, at most `limit`.
pub async fn overrides(tx: &mut Tx, from: Timestamp, to: Timestamp, limit: i64) -> Result<Vec<OverrideRecord>> {
    let sql = format!(
        "SELECT t.contact_id, c.occurred_at, c.channel, c.subject, t.proposed_grade, t.final_grade, t.override_reason, t.assessed_by
         FROM triage_assessments t JOIN contacts c ON c.id = t.contact_id
         WHERE t.override_reason IS NOT NULL AND c.occurred_at >= $1 AND c.occurred_at < $2
         ORDER BY c.occurred_at DESC, t.contact_id DESC LIMIT {}",
        limit.clamp(1, 1000)
    );
    #[allow(clippy::type_complexity)]
    let rows: Vec<(i64, DbTime, String, String, String, String, Option<String>, i64)> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(DbTime(from)).bind(DbTime(to)).fetch_all(c).await)?;
    rows.into_iter()
        .map(|(contact_id, at, channel, subject, proposed, final_grade, reason, by)| {
            Ok(OverrideRecord {
                contact_id,
                occurred_at: at.to_jiff(),
                channel: parse_column(&channel, "contacts.channel")?,
                subject,
                proposed: parse_column(&proposed, "triage_assessments.proposed_grade")?,
                final_grade: parse_column(&final_grade, "triage_assessments.final_grade")?,
                reason: reason.unwrap_or_default(),
                assessed_by: by,
            })
        })
        .collect()
}
