//! THRIVE on the pages: the assessment section of the contact form and its
//! live proposal (an htmx fragment), the assessment on a contact's page, the
//! report of grades by channel and overrides, and the grading rules in force.

use super::{ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use casebook_app::AppError;
use casebook_app::triage::{self, ReportDates, TriageReport};
use casebook_domain::triage::{Condition, Factor, Grade, GradingPolicy, Level, Proposal, TriageDraft};
use casebook_domain::validation::FieldErrors;
use casebook_store::triage::TriageRecord;
use serde::Deserialize;

// ---- the form section ------------------------------------------------------------

/// One factor's fieldset: level radios and a note.
pub struct FactorField {
    pub slug: &'static str,
    pub label: &'static str,
    pub question: &'static str,
    pub levels: Vec<Choice>,
    pub note: String,
    pub level_error: Option<String>,
    pub note_error: Option<String>,
}

/// The grade the rules propose, ready to show.
#[derive(Clone)]
pub struct ProposalView {
    pub label: &'static str,
    pub reason: String,
    pub target: &'static str,
}

impl From<&Proposal> for ProposalView {
    fn from(p: &Proposal) -> Self {
        ProposalView { label: p.grade.label(), reason: p.reason.clone(), target: p.grade.typical_target() }
    }
}

/// The THRIVE section of the contact form, as typed, with its errors.
pub struct ThriveSection {
    pub factors: Vec<FactorField>,
    pub proposal: Option<ProposalView>,
    pub overriding: bool,
    pub accepting: bool,
    pub grades: Vec<Choice>,
    pub override_reason: String,
    pub decision_error: Option<String>,
    pub override_grade_error: Option<String>,
    pub override_reason_error: Option<String>,
}

/// Builds the section from what was typed; the proposal is shown when
/// every level is chosen (computed by the rules in force, never by the page).
pub async fn section(state: &AppState, user: &CurrentUser, draft: &TriageDraft, errors: &FieldErrors) -> Result<ThriveSection, Failure> {
    let proposal = match draft.levels() {
        Ok(_) => Some(ProposalView::from(&triage::proposal(&state.app, &user.actor(), draft).await?)),
        Err(_) => None,
    };
    let error = |field: &str| errors.get(field).map(str::to_owned);
    let factors = Factor::ALL
        .into_iter()
        .map(|factor| {
            let (level, note) = draft.entry(factor);
            FactorField {
                slug: factor.slug(),
                label: factor.label(),
                question: factor.question(),
                levels: Level::ALL.iter().map(|l| Choice::new(l.slug(), l.label(), level.trim() == l.slug())).collect(),
                note: note.to_owned(),
                level_error: error(factor.slug()),
                note_error: error(&format!("{}_note", factor.slug())),
            }
        })
        .collect();
    Ok(ThriveSection {
        factors,
        proposal,
        overriding: draft.decision == "override",
        accepting: draft.decision == "accept",
        grades: with_prompt("Choose the grade", &draft.override_grade, Grade::ALL.map(|g| (g.slug().to_owned(), g.label().to_owned()))),
        override_reason: draft.override_reason.clone(),
        decision_error: error("decision"),
        override_grade_error: error("override_grade"),
        override_reason_error: error("override_reason"),
    })
}

#[derive(Template)]
#[template(path = "triage/proposal.html")]
struct ProposalFragment {
    proposal: Option<ProposalView>,
}

/// The live proposal for the levels chosen so far (htmx), saving nothing.
/// Until every factor has a level it says so, rather than failing: the
/// handler is still typing.
pub async fn proposal(State(state): State<AppState>, user: CurrentUser, Form(draft): Form<TriageDraft>) -> Result<Response, Failure> {
    let proposal = match triage::proposal(&state.app, &user.actor(), &draft).await {
        Ok(p) => Some(ProposalView::from(&p)),
        Err(AppError::Invalid(_)) => None,
        Err(other) => return Err(other.into()),
    };
    Ok(ok(&ProposalFragment { proposal }))
}

// ---- on a contact's page ---------------------------------------------------------

pub struct FactorRow {
    pub label: &'static str,
    pub level: &'static str,
    pub note: String,
}

/// A saved assessment, ready to show.
pub struct AssessmentView {
    pub factors: Vec<FactorRow>,
    pub proposed: &'static str,
    pub proposal_reason: String,
    pub final_grade: &'static str,
    pub override_reason: Option<String>,
    pub rules: String,
    /// The notes were withheld from a role that may not read special-category information.
    pub notes_withheld: bool,
}

pub fn assessment_view(record: &TriageRecord) -> AssessmentView {
    AssessmentView {
        factors: record
            .factors
            .iter()
            .map(|f| FactorRow { label: f.factor.label(), level: f.level.label(), note: f.note.clone() })
            .collect(),
        proposed: record.proposed.label(),
        proposal_reason: record.proposal_reason.clone(),
        final_grade: record.final_grade.label(),
        override_reason: record.override_reason.clone(),
        rules: match record.policy_version {
            Some(v) => format!("The office's grading rules, version {v}"),
            None => "The built-in grading rules".into(),
        },
        notes_withheld: false,
    }
}

// ---- the report ------------------------------------------------------------------

pub struct ReportRow {
    pub channel: &'static str,
    pub counts: [u64; 4],
    pub total: u64,
}

pub struct OverrideRow {
    pub contact_id: i64,
    pub when: String,
    pub channel: &'static str,
    pub subject: String,
    pub proposed: &'static str,
    pub final_grade: &'static str,
    pub reason: String,
    pub handler: String,
}

#[derive(Template)]
#[template(path = "triage/report.html")]
struct ReportPage {
    layout: Layout,
    errors: FieldErrors,
    from: String,
    to: String,
    grades: Vec<&'static str>,
    report: Option<ReportView>,
}

struct ReportView {
    period: String,
    rows: Vec<ReportRow>,
    totals: [u64; 4],
    total: u64,
    overrides: Vec<OverrideRow>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    from: String,
    to: String,
}

fn day(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

async fn report_view(state: &AppState, report: TriageReport) -> Result<ReportView, Failure> {
    let names: std::collections::HashMap<i64, String> =
        casebook_app::accounts::list(&state.app).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
    Ok(ReportView {
        period: format!("{} to {}", day(report.from), day(report.to)),
        rows: report.rows.iter().map(|r| ReportRow { channel: r.channel.label(), counts: r.counts, total: r.total }).collect(),
        totals: report.totals,
        total: report.total,
        overrides: report
            .overrides
            .iter()
            .map(|o| OverrideRow {
                contact_id: o.contact_id,
                when: super::london(o.occurred_at),
                channel: o.channel.label(),
                subject: o.subject.clone(),
                proposed: o.proposed.label(),
                final_grade: o.final_grade.label(),
                reason: o.reason.clone(),
                handler: names.get(&o.assessed_by).cloned().unwrap_or_else(|| format!("user {}", o.assessed_by)),
            })
            .collect(),
    })
}

/// Final grades by channel (with totals) and the overrides with reasons, for a date range.
pub async fn report(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ReportQuery>) -> Result<Response, Failure> {
    let dates = ReportDates { from: q.from.clone(), to: q.to.clone() };
    let (status, errors, report) = match triage::report(&state.app, &user.actor(), &dates).await {
        Ok(r) => (StatusCode::OK, FieldErrors::new(), Some(report_view(&state, r).await?)),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(other) => return Err(other.into()),
    };
    let layout = Layout::for_user(&user, "THRIVE grades and overrides", "/reports/triage", &state.app.settings.organisation)
        .with_errors(!errors.is_empty());
    let grades = Grade::ALL.iter().map(|g| g.label()).collect();
    Ok(render(status, &ReportPage { layout, errors, from: q.from, to: q.to, grades, report }))
}

// ---- the rules in force ----------------------------------------------------------

pub struct RuleRow {
    pub number: usize,
    pub when: String,
    pub grade: &'static str,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "triage/policy.html")]
struct PolicyPage {
    layout: Layout,
    rules: Vec<RuleRow>,
    default_grade: &'static str,
    default_reason: String,
    source: String,
}

fn condition_words(c: &Condition) -> String {
    match c {
        Condition::FactorAtLeast { factor, level } => format!("{} is {} or above", factor.label(), level.slug()),
        Condition::AnyFactorAtLeast { level } => format!("any factor is {} or above", level.slug()),
        Condition::CountAtLeast { level, count } => format!("at least {count} factors are {} or above", level.slug()),
    }
}

fn rule_rows(policy: &GradingPolicy) -> Vec<RuleRow> {
    policy
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| RuleRow {
            number: i + 1,
            when: if r.when.is_empty() { "Always".into() } else { r.when.iter().map(condition_words).collect::<Vec<_>>().join(", and ") },
            grade: r.grade.label(),
            reason: r.reason.clone(),
        })
        .collect()
}

/// The grading rules in force, in the order they are tried.
pub async fn policy(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let in_force = triage::grading_rules(&state.app, &user.actor()).await?;
    let source = match &in_force.saved {
        Some(saved) => format!("The office's own rules, version {}, saved {}", saved.version, super::london(saved.updated_at)),
        None => "The built-in rules: the office has not changed them".into(),
    };
    let layout = Layout::for_user(&user, "THRIVE grading rules", "/triage/policy", &state.app.settings.organisation);
    Ok(ok(&PolicyPage {
        layout,
        rules: rule_rows(&in_force.policy),
        default_grade: in_force.policy.default_grade.label(),
        default_reason: in_force.policy.default_reason.clone(),
        source,
    }))
}
