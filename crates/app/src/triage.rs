//! THRIVE triage: the grading rules in force (an office's own, or the
//! preset), a live proposal for levels being entered, replacing the rules,
//! and the report of final grades by channel and of overrides.
//!
//! Assessments themselves are saved by [`crate::contacts::log_contact`],
//! with the contact, in its transaction.

use crate::policies::{self, InForce};
use crate::{Actor, App, Result};
use casebook_domain::access::Roles;
use casebook_domain::contacts::Channel;
use casebook_domain::triage::{Assessment, Grade, GradingPolicy, Proposal, RulesInForce, Triage, TriageDraft, propose};
use casebook_domain::validation::FieldErrors;
use casebook_store::Tx;
use casebook_store::triage::{self as store, OverrideRecord};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

/// The key of the grading rules among the policies.
pub const POLICY_KEY: &str = "thrive-grading";
/// A report without a start date covers the four weeks up to its end date (today by default).
const DEFAULT_DAYS: i64 = 28;
const OVERRIDES_MAX: i64 = 500;

/// The grading rules in force, read inside the caller's transaction so a
/// proposal and the contact it grades see the same rules.
pub async fn rules_in_force(tx: &mut Tx) -> Result<RulesInForce> {
    let in_force = policies::load(tx, POLICY_KEY, GradingPolicy::default_preset).await?;
    let version = in_force.version();
    Ok(RulesInForce { policy: in_force.policy, version })
}

/// The grade the rules propose for the levels entered so far, saving
/// nothing. Every factor needs a level; notes are not needed yet.
pub async fn proposal(app: &App, actor: &Actor, draft: &TriageDraft) -> Result<Proposal> {
    actor.require(Roles::FRONT_LINE)?;
    let levels = draft.levels()?;
    let mut tx = app.db.read().await?;
    let rules = rules_in_force(&mut tx).await?;
    Ok(propose(&Assessment::from_levels(levels), &rules.policy))
}

/// The grading rules in force and their version. Handlers may read them:
/// they explain the proposals the handlers see (the front line includes
/// every report reader).
pub async fn grading_rules(app: &App, actor: &Actor) -> Result<InForce<GradingPolicy>> {
    actor.require(Roles::FRONT_LINE)?;
    let mut tx = app.db.read().await?;
    policies::load(&mut tx, POLICY_KEY, GradingPolicy::default_preset).await
}

/// Puts new grading rules in force (managers only). `expected_version` is
/// the version the manager read (`None` while the preset is in force).
/// Rules that are not monotone or otherwise invalid are refused, naming the
/// problem. Answers the new version.
pub async fn replace_grading_rules(app: &App, actor: &Actor, policy: &GradingPolicy, expected_version: Option<i64>) -> Result<i64> {
    actor.require(Roles::MANAGERS)?;
    policy.check()?;
    let mut work = app.begin(actor).await?;
    let version = policies::replace(&mut work, POLICY_KEY, policy, expected_version).await?;
    work.commit().await?;
    Ok(version)
}

/// What the audit event of a logged contact says about its grading.
pub(crate) fn audit_note(triage: &Triage) -> String {
    let o = &triage.outcome;
    let grade = |g: Grade| format!("grade {} ({})", g.number(), g.slug());
    if o.overridden {
        format!("; THRIVE {}, overridden from {}", grade(o.final_grade), grade(o.proposed))
    } else {
        format!("; THRIVE {} as proposed", grade(o.final_grade))
    }
}

/// The report's dates as typed: a blank end is today, a blank start four weeks before the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportDates {
    /// First London day included, like 2026-11-01.
    pub from: String,
    /// Last London day included.
    pub to: String,
}

/// Final grades on one channel; `counts` follows [`Grade::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelGrades {
    pub channel: Channel,
    pub counts: [u64; 4],
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageReport {
    pub from: Date,
    pub to: Date,
    /// Channels with at least one assessed contact, in the order of [`Channel::ALL`].
    pub rows: Vec<ChannelGrades>,
    /// Per grade over all channels, following [`Grade::ALL`].
    pub totals: [u64; 4],
    pub total: u64,
    /// Newest first.
    pub overrides: Vec<OverrideRecord>,
}

fn parse_day(raw: &str, field: &str, default: Date, errors: &mut FieldErrors) -> Option<Date> {
    match raw.trim() {
        "" => Some(default),
        raw => errors.check(field, raw.parse::<Date>().map_err(|_| format!("\"{raw}\" is not a date, like 2026-11-23"))),
    }
}

fn london_midnight(day: Date) -> Option<Timestamp> {
    day.to_datetime(jiff::civil::Time::midnight()).to_zoned(casebook_domain::calendar::london()).ok().map(|z| z.timestamp())
}

/// Grades by channel and the overrides for contacts that occurred between
/// two London days, both included.
pub async fn report(app: &App, actor: &Actor, dates: &ReportDates) -> Result<TriageReport> {
    actor.require(Roles::REPORT_READERS)?;
    let today = app.now().to_zoned(casebook_domain::calendar::london()).date();
    // The end is read first (the default start depends on it), but errors are reported in form order.
    let mut to_errors = FieldErrors::new();
    let to = parse_day(&dates.to, "to", today, &mut to_errors);
    let end = to.unwrap_or(today);
    let four_weeks_before = end.checked_sub(SignedDuration::from_hours(24 * (DEFAULT_DAYS - 1))).unwrap_or(end);
    let mut errors = FieldErrors::new();
    let from = parse_day(&dates.from, "from", four_weeks_before, &mut errors);
    for e in to_errors.iter() {
        errors.add(&e.field, e.message.clone());
    }
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.add("to", "The end date must be the same as or after the start date");
    }
    errors.into_result(())?;
    let (Some(from), Some(to)) = (from, to) else { return Err(FieldErrors::single("from", "Enter the dates").into()) };
    let start = london_midnight(from);
    let end = to.tomorrow().ok().and_then(london_midnight);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(FieldErrors::single("to", "The dates are out of range").into());
    };

    let mut tx = app.db.read().await?;
    let counts = store::grades_by_channel(&mut tx, start, end).await?;
    let overrides = store::overrides(&mut tx, start, end, OVERRIDES_MAX).await?;
    let grade_index = |g: Grade| Grade::ALL.iter().position(|x| *x == g).unwrap_or(0);
    let mut rows: Vec<ChannelGrades> = Vec::new();
    let mut totals = [0u64; 4];
    for channel in Channel::ALL {
        let mut row = ChannelGrades { channel, counts: [0; 4], total: 0 };
        for c in counts.iter().filter(|c| c.channel == channel) {
            row.counts[grade_index(c.grade)] += c.count;
            totals[grade_index(c.grade)] += c.count;
            row.total += c.count;
        }
        if row.total > 0 {
            rows.push(row);
        }
    }
    Ok(TriageReport { from, to, rows, totals, total: totals.iter().sum(), overrides })
}
