//! THRIVE over the API: the `triage` object of a contact, a proposal for
//! given levels (nothing saved), the report of grades by channel and
//! overrides, and the grading rules in force (read; replaced by managers
//! with the version read, for optimistic locking).

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Query, State};
use casebook_app::policies::InForce;
use casebook_app::triage::{self, ReportDates};
use casebook_domain::triage::{GradingPolicy, Proposal, TriageDraft};
use casebook_store::triage::TriageRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A THRIVE assessment sent with a contact. Levels are none, low, medium or
/// high; a medium or high level needs its note. `decision` is accept or
/// override; an override needs `override_grade` (emergency, priority,
/// scheduled or resolution-without-deployment) and `override_reason`.
/// The grade is always proposed by the server's rules. Errors name these
/// fields as they are spelt here (e.g. `override_reason`).
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TriageInput {
    pub threat: String,
    pub threat_note: String,
    pub harm: String,
    pub harm_note: String,
    pub risk: String,
    pub risk_note: String,
    pub investigation: String,
    pub investigation_note: String,
    pub vulnerability: String,
    pub vulnerability_note: String,
    pub engagement: String,
    pub engagement_note: String,
    pub decision: String,
    pub override_grade: String,
    pub override_reason: String,
}

impl From<TriageInput> for TriageDraft {
    fn from(t: TriageInput) -> Self {
        TriageDraft {
            threat: t.threat,
            threat_note: t.threat_note,
            harm: t.harm,
            harm_note: t.harm_note,
            risk: t.risk,
            risk_note: t.risk_note,
            investigation: t.investigation,
            investigation_note: t.investigation_note,
            vulnerability: t.vulnerability,
            vulnerability_note: t.vulnerability_note,
            engagement: t.engagement,
            engagement_note: t.engagement_note,
            decision: t.decision,
            override_grade: t.override_grade,
            override_reason: t.override_reason,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FactorView {
    /// threat, harm, risk, investigation, vulnerability or engagement.
    pub factor: String,
    /// none, low, medium or high.
    pub level: String,
    pub note: String,
}

/// A contact's saved THRIVE assessment: both grades are kept.
#[derive(Serialize, ToSchema)]
pub struct TriageView {
    /// The six factors in THRIVE order.
    pub factors: Vec<FactorView>,
    /// emergency, priority, scheduled or resolution-without-deployment.
    pub proposed_grade: String,
    pub proposal_reason: String,
    pub final_grade: String,
    /// 1 (emergency) to 4 (resolution without deployment).
    pub final_grade_number: u8,
    pub overridden: bool,
    /// Present exactly when the handler overrode the proposal.
    pub override_reason: Option<String>,
    /// The version of the grading rules used; absent for the built-in rules.
    pub policy_version: Option<i64>,
    pub assessed_by: i64,
    pub assessed_at: String,
    /// True when the factors' notes are blank because the caller's roles may
    /// not read special-category information (they may hold health details).
    pub notes_withheld: bool,
}

impl From<&TriageRecord> for TriageView {
    fn from(t: &TriageRecord) -> Self {
        TriageView {
            factors: t
                .factors
                .iter()
                .map(|f| FactorView { factor: f.factor.slug().into(), level: f.level.slug().into(), note: f.note.clone() })
                .collect(),
            proposed_grade: t.proposed.slug().into(),
            proposal_reason: t.proposal_reason.clone(),
            final_grade: t.final_grade.slug().into(),
            final_grade_number: t.final_grade.number(),
            overridden: t.overridden(),
            override_reason: t.override_reason.clone(),
            policy_version: t.policy_version,
            assessed_by: t.assessed_by,
            assessed_at: t.assessed_at.to_string(),
            notes_withheld: false,
        }
    }
}

/// Levels to grade: none, low, medium or high for each factor.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LevelsInput {
    pub threat: String,
    pub harm: String,
    pub risk: String,
    pub investigation: String,
    pub vulnerability: String,
    pub engagement: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProposalView {
    /// emergency, priority, scheduled or resolution-without-deployment.
    pub grade: String,
    /// 1 to 4.
    pub number: u8,
    pub label: String,
    /// The rule's reason, to show the handler.
    pub reason: String,
    pub typical_target: String,
}

impl From<&Proposal> for ProposalView {
    fn from(p: &Proposal) -> Self {
        ProposalView {
            grade: p.grade.slug().into(),
            number: p.grade.number(),
            label: p.grade.label().into(),
            reason: p.reason.clone(),
            typical_target: p.grade.typical_target().into(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/triage/proposal", tag = "triage", request_body = LevelsInput,
    responses((status = 200, description = "The grade the rules in force propose; nothing is saved", body = ProposalView),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn proposal(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<LevelsInput>,
) -> Result<Json<ProposalView>, Failure> {
    let draft = TriageDraft {
        threat: body.threat,
        harm: body.harm,
        risk: body.risk,
        investigation: body.investigation,
        vulnerability: body.vulnerability,
        engagement: body.engagement,
        ..TriageDraft::default()
    };
    Ok(Json(ProposalView::from(&triage::proposal(&state.app, &user.actor(), &draft).await?)))
}

// ---- the report -------------------------------------------------------------------

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct ReportQuery {
    /// First London day included (YYYY-MM-DD); four weeks before `to` when omitted.
    pub from: String,
    /// Last London day included (YYYY-MM-DD); today when omitted.
    pub to: String,
}

#[derive(Serialize, ToSchema)]
pub struct GradeCounts {
    pub emergency: u64,
    pub priority: u64,
    pub scheduled: u64,
    pub resolution_without_deployment: u64,
    pub total: u64,
}

impl GradeCounts {
    fn new(counts: [u64; 4], total: u64) -> Self {
        let [emergency, priority, scheduled, resolution_without_deployment] = counts;
        GradeCounts { emergency, priority, scheduled, resolution_without_deployment, total }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ChannelGradesView {
    pub channel: String,
    pub grades: GradeCounts,
}

#[derive(Serialize, ToSchema)]
pub struct OverrideView {
    pub contact_id: i64,
    pub occurred_at: String,
    pub channel: String,
    pub proposed_grade: String,
    pub final_grade: String,
    pub reason: String,
    /// The handler who overrode the proposal.
    pub assessed_by: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TriageReportView {
    pub from: String,
    pub to: String,
    /// Final grades of assessed contacts, per channel that had any.
    pub by_channel: Vec<ChannelGradesView>,
    pub totals: GradeCounts,
    /// Newest first.
    pub overrides: Vec<OverrideView>,
}

#[utoipa::path(get, path = "/api/v1/reports/triage", tag = "triage", params(ReportQuery),
    responses((status = 200, body = TriageReportView), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ReportQuery>,
) -> Result<Json<TriageReportView>, Failure> {
    let r = triage::report(&state.app, &user.actor(), &ReportDates { from: q.from, to: q.to }).await?;
    Ok(Json(TriageReportView {
        from: r.from.to_string(),
        to: r.to.to_string(),
        by_channel: r
            .rows
            .iter()
            .map(|row| ChannelGradesView { channel: row.channel.slug().into(), grades: GradeCounts::new(row.counts, row.total) })
            .collect(),
        totals: GradeCounts::new(r.totals, r.total),
        overrides: r
            .overrides
            .iter()
            .map(|o| OverrideView {
                contact_id: o.contact_id,
                occurred_at: o.occurred_at.to_string(),
                channel: o.channel.slug().into(),
                proposed_grade: o.proposed.slug().into(),
                final_grade: o.final_grade.slug().into(),
                reason: o.reason.clone(),
                assessed_by: o.assessed_by,
            })
            .collect(),
    }))
}

// ---- the grading rules ------------------------------------------------------------

/// The grading rules in force. `policy` is
/// `{"rules": [{"when": [CONDITION, ...], "grade": GRADE, "reason": TEXT}, ...], "default_grade": GRADE, "default_reason": TEXT}`
/// where a CONDITION is `{"kind": "factor-at-least", "factor": "threat", "level": "high"}`,
/// `{"kind": "any-factor-at-least", "level": "medium"}` or
/// `{"kind": "count-at-least", "level": "medium", "count": 3}`. The first
/// rule whose conditions all hold proposes its grade.
#[derive(Serialize, ToSchema)]
pub struct PolicyView {
    /// Quote this when replacing the rules; absent while the built-in rules are in force.
    pub version: Option<i64>,
    pub updated_at: Option<String>,
    pub updated_by: Option<i64>,
    #[schema(value_type = Object)]
    pub policy: GradingPolicy,
}

impl From<InForce<GradingPolicy>> for PolicyView {
    fn from(in_force: InForce<GradingPolicy>) -> Self {
        PolicyView {
            version: in_force.version(),
            updated_at: in_force.saved.as_ref().map(|s| s.updated_at.to_string()),
            updated_by: in_force.saved.as_ref().and_then(|s| s.updated_by),
            policy: in_force.policy,
        }
    }
}

/// New grading rules (the shape of `PolicyView.policy`), with the version
/// read (omit or null while the built-in rules are in force). Rules must be
/// ordered from most to least urgent, ending with the least urgent default,
/// so that raising a level can never lower the grade.
#[derive(Deserialize, ToSchema)]
pub struct PolicyInput {
    pub version: Option<i64>,
    #[schema(value_type = Object)]
    pub policy: GradingPolicy,
}

#[utoipa::path(get, path = "/api/v1/triage/policy", tag = "triage",
    responses((status = 200, body = PolicyView)), security(("bearer" = [])))]
pub async fn show_policy(State(state): State<AppState>, user: CurrentUser) -> Result<Json<PolicyView>, Failure> {
    Ok(Json(PolicyView::from(triage::grading_rules(&state.app, &user.actor()).await?)))
}

#[utoipa::path(put, path = "/api/v1/triage/policy", tag = "triage", request_body = PolicyInput,
    responses((status = 200, body = PolicyView), (status = 400, body = super::Problem), (status = 409, description = "Changed since read", body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn replace_policy(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<PolicyInput>,
) -> Result<Json<PolicyView>, Failure> {
    let actor = user.actor();
    triage::replace_grading_rules(&state.app, &actor, &body.policy, body.version).await?;
    Ok(Json(PolicyView::from(triage::grading_rules(&state.app, &actor).await?)))
}
