//! Frequent callers: who crosses the office's thresholds (candidates for a
//! manager's review), the flag a manager sets with a response plan, its
//! reviews, referrals and lifting, what every handler sees on the next
//! contact, and the standing report for the fortnightly meeting.
//!
//! A flag changes how staff respond, never whether: nothing here limits
//! contact (see `casebook_domain::frequent_callers::flag`).

use crate::policies::{self, InForce};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::frequent_callers::{
    ActiveFlag, AppliesTo, CandidateReasons, ContactWindowCounts, FlagCommand, FlagError, FrequentCallerFlag, ResponsePlan, ReviewStatus,
    Thresholds, Trend, Window, assess_candidate, decide, field_name, is_under_18, review_status,
};
use casebook_domain::validation::FieldErrors;
use casebook_store::contacts::{self, Referent};
use casebook_store::frequent_callers::{self as store, CandidateRules, FlagHistoryEntry, PersonCounts, Scope};
use casebook_store::{StoreError, Tx};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use std::collections::HashMap;

/// The policy key the thresholds are saved under.
pub const THRESHOLDS_KEY: &str = "frequent-caller-thresholds";

/// A person whose contacts cross a threshold and who is not flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub person_id: i64,
    pub display_name: String,
    pub counts: ContactWindowCounts,
    pub previous_30d: u32,
    pub trend: Trend,
    pub reasons: CandidateReasons,
}

/// A flagged person with their counts and where their review stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedCaller {
    pub person_id: i64,
    pub display_name: String,
    pub flag: ActiveFlag,
    pub version: i64,
    pub counts: ContactWindowCounts,
    pub previous_30d: u32,
    pub trend: Trend,
    pub review: ReviewStatus,
}

/// The standing "frequent callers" report: flagged persons (reviews due
/// first) and candidates (most contacts in 30 days first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub generated_at: Timestamp,
    pub today: Date,
    pub flagged: Vec<FlaggedCaller>,
    pub candidates: Vec<Candidate>,
}

/// What every handler sees about a person: the flag and plan, the counts
/// and the history of the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFlag {
    pub person_id: i64,
    pub flag: FrequentCallerFlag,
    /// The version to quote when changing the flag; 0 when none was ever set.
    pub version: i64,
    pub counts: ContactWindowCounts,
    pub previous_30d: u32,
    pub trend: Trend,
    pub review: Option<ReviewStatus>,
    /// Newest first.
    pub history: Vec<FlagHistoryEntry>,
}

/// A response plan as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanForm {
    pub handled_by: String,
    pub what_to_say: String,
    pub pathway: String,
}

impl PlanForm {
    fn plan(&self) -> ResponsePlan {
        ResponsePlan { handled_by: self.handled_by.clone(), what_to_say: self.what_to_say.clone(), pathway: self.pathway.clone() }
    }

    fn is_blank(&self) -> bool {
        [&self.handled_by, &self.what_to_say, &self.pathway].iter().all(|s| s.trim().is_empty())
    }
}

/// A manager's command as typed. Dates are YYYY-MM-DD; a blank review date
/// means three months from today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagForm {
    Flag {
        reason: String,
        plan: PlanForm,
        review_due: String,
    },
    /// A blank plan keeps the current one.
    Review {
        note: String,
        plan: PlanForm,
        review_due: String,
    },
    Lift {
        reason: String,
    },
    Referral {
        date: String,
        body: String,
        reference: String,
    },
}

fn date_field(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    match raw.trim() {
        "" => None,
        raw => errors.check(field, raw.parse::<Date>().map_err(|_| format!("\"{raw}\" is not a date, like 2027-02-23"))),
    }
}

impl FlagForm {
    fn command(&self) -> Result<FlagCommand> {
        let mut errors = FieldErrors::new();
        let command = match self {
            FlagForm::Flag { reason, plan, review_due } => {
                let review_due = date_field(review_due, "review_due", &mut errors);
                FlagCommand::Flag { reason: reason.clone(), plan: plan.plan(), review_due }
            }
            FlagForm::Review { note, plan, review_due } => {
                let next_review = date_field(review_due, "review_due", &mut errors);
                FlagCommand::Review { note: note.clone(), next_review, plan: (!plan.is_blank()).then(|| plan.plan()) }
            }
            FlagForm::Lift { reason } => FlagCommand::Lift { reason: reason.clone() },
            FlagForm::Referral { date, body, reference } => {
                let date = match date.trim() {
                    "" => {
                        errors.add("referral_date", "Enter the date the referral was made");
                        None
                    }
                    _ => date_field(date, "referral_date", &mut errors),
                };
                match date {
                    Some(date) => FlagCommand::RecordReferral { date, body: body.clone(), reference: reference.clone() },
                    None => return Err(errors.into()),
                }
            }
        };
        errors.into_result(command).map_err(AppError::from)
    }
}

fn trend(counts: &ContactWindowCounts, previous_30d: u32) -> Trend {
    Trend::from_counts(counts.last_30d, previous_30d)
}

async fn load_thresholds(tx: &mut Tx) -> Result<InForce<Thresholds>> {
    policies::load(tx, THRESHOLDS_KEY, Thresholds::default).await
}

/// Applies the thresholds to the store's pre-filtered counts.
fn assess(found: Vec<PersonCounts>, thresholds: &Thresholds, today: Date) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = found
        .into_iter()
        .filter_map(|p| {
            let reasons = assess_candidate(&p.counts, is_under_18(p.date_of_birth, today), thresholds)?;
            Some(Candidate {
                person_id: p.person_id,
                display_name: p.display_name,
                trend: trend(&p.counts, p.previous_30d),
                counts: p.counts,
                previous_30d: p.previous_30d,
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.counts.last_30d.cmp(&a.counts.last_30d).then(b.counts.last_24h.cmp(&a.counts.last_24h)).then(a.person_id.cmp(&b.person_id))
    });
    out
}

/// What the store's candidate query needs from the thresholds; a superset
/// of the candidates, which [`assess`] then narrows to the exact rules.
pub fn candidate_rules(thresholds: &Thresholds, today: Date) -> CandidateRules {
    // A day's margin on the eighteenth birthday (29 February births).
    let born_after = today.checked_sub(18.years()).and_then(|d| d.checked_sub(1.day())).unwrap_or(Date::MIN);
    CandidateRules {
        general: thresholds.lowest_per_window_for(&[AppliesTo::Everyone, AppliesTo::Adults]),
        under_18: thresholds.lowest_per_window_for(&[AppliesTo::Under18]),
        born_after,
    }
}

async fn find_candidates(tx: &mut Tx, now: Timestamp) -> Result<Vec<Candidate>> {
    let thresholds = load_thresholds(tx).await?.policy;
    let today = london_date(now);
    let found = store::counts(tx, now, Scope::Candidates(&candidate_rules(&thresholds, today))).await?;
    Ok(assess(found, &thresholds, today))
}

/// Persons not flagged whose contacts cross a threshold, with the reasons.
pub async fn candidates(app: &App, actor: &Actor) -> Result<Vec<Candidate>> {
    actor.require(Roles::FREQUENT_CALLER_READERS)?;
    let mut tx = app.db.read().await?;
    find_candidates(&mut tx, app.now()).await
}

/// The standing report: flagged persons (reviews due first) and candidates.
pub async fn report(app: &App, actor: &Actor) -> Result<Report> {
    actor.require(Roles::FREQUENT_CALLER_READERS)?;
    let now = app.now();
    let today = london_date(now);
    let mut tx = app.db.read().await?;
    let candidates = find_candidates(&mut tx, now).await?;
    let counts: HashMap<i64, PersonCounts> =
        store::counts(&mut tx, now, Scope::Flagged).await?.into_iter().map(|p| (p.person_id, p)).collect();
    let mut flagged = Vec::new();
    for person in store::flagged(&mut tx).await? {
        let Some(flag) = person.record.flag.active().cloned() else { continue };
        let (c, previous_30d) = counts.get(&person.record.person_id).map(|p| (p.counts, p.previous_30d)).unwrap_or_default();
        flagged.push(FlaggedCaller {
            person_id: person.record.person_id,
            display_name: person.display_name,
            review: review_status(flag.review_due, today),
            flag,
            version: person.record.version,
            counts: c,
            previous_30d,
            trend: trend(&c, previous_30d),
        });
    }
    // The store sorts by review date, so overdue and due reviews come first.
    Ok(Report { generated_at: now, today, flagged, candidates })
}

/// The vulnerability notes for the report's persons, by person: each
/// current special-category marker's kind and the adjustments it asks for.
/// `None` for a role that may not read special-category data (compliance
/// officers read the report, not the markers). Each person whose markers are
/// shown gets a `person.special_category_read` audit event, as on their page.
pub async fn vulnerability_notes(app: &App, actor: &Actor, report: &Report) -> Result<Option<HashMap<i64, String>>> {
    actor.require(Roles::FREQUENT_CALLER_READERS)?;
    if !actor.roles.intersects(Roles::SPECIAL_CATEGORY_READERS) {
        return Ok(None);
    }
    let ids: Vec<i64> = report.flagged.iter().map(|f| f.person_id).chain(report.candidates.iter().map(|c| c.person_id)).collect();
    let mut work = app.begin(actor).await?;
    let mut notes: HashMap<i64, String> = HashMap::new();
    for marker in casebook_store::safeguarding::current_for_persons(&mut work.tx, &ids).await? {
        let note = notes.entry(marker.person_id).or_default();
        if !note.is_empty() {
            note.push_str("; ");
        }
        note.push_str(marker.kind.label());
        if !marker.reasonable_adjustments.is_empty() {
            note.push_str(&format!(" ({})", marker.reasonable_adjustments));
        }
    }
    for person_id in notes.keys() {
        work.record(
            "person.special_category_read",
            "person",
            Some(person_id.to_string()),
            "read the special-category markers in the frequent-callers report",
        );
    }
    work.commit().await?;
    Ok(Some(notes))
}

async fn person_flag(tx: &mut Tx, person_id: i64, now: Timestamp) -> Result<PersonFlag> {
    // A merged-away person's page still shows their (lifted or never set) flag history.
    casebook_store::people::get(tx, person_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("person"),
        other => other.into(),
    })?;
    let saved = store::get(tx, person_id).await?;
    let (counts, previous_30d) = store::counts_for_person(tx, person_id, now).await?;
    let history = store::history(tx, person_id).await?;
    let (flag, version) = saved.map(|s| (s.flag, s.version)).unwrap_or((FrequentCallerFlag::NotFlagged, 0));
    Ok(PersonFlag {
        person_id,
        review: flag.active().map(|f| review_status(f.review_due, london_date(now))),
        flag,
        version,
        trend: trend(&counts, previous_30d),
        counts,
        previous_30d,
        history,
    })
}

/// What every handler sees on the person's next contact: the flag, the
/// response plan and the history.
pub async fn flag_for_person(app: &App, actor: &Actor, person_id: i64) -> Result<PersonFlag> {
    actor.require(Roles::FRONT_LINE)?;
    let mut tx = app.db.read().await?;
    person_flag(&mut tx, person_id, app.now()).await
}

fn flag_error(e: FlagError) -> AppError {
    AppError::Invalid(e.field_errors())
}

/// Flags, reviews, lifts or records a referral: one transaction with the
/// history and an audit event per step. `expected_version` is the version
/// the manager saw (0 for "never flagged"); `None` skips that check.
pub async fn change_flag(app: &App, actor: &Actor, person_id: i64, form: &FlagForm, expected_version: Option<i64>) -> Result<PersonFlag> {
    actor.require(Roles::MANAGERS)?;
    let command = form.command()?;
    let mut work = app.begin(actor).await?;
    if !contacts::existing(&mut work.tx, Referent::Persons, &[person_id]).await?.contains(&person_id) {
        return Err(AppError::NotFound("person"));
    }
    let saved = store::get(&mut work.tx, person_id).await?;
    let loaded_version = saved.as_ref().map(|s| s.version);
    if let Some(expected) = expected_version
        && expected != loaded_version.unwrap_or(0)
    {
        return Err(AppError::StaleEdit("the frequent-caller flag"));
    }
    let state = saved.map(|s| s.flag).unwrap_or(FrequentCallerFlag::NotFlagged);
    let today = london_date(work.now);
    let (next, events) = decide(&state, command, today).map_err(flag_error)?;
    save(&mut work, person_id, &next, loaded_version).await?;
    for event in &events {
        let entry = FlagHistoryEntry {
            event: event.clone(),
            detail: event.detail(&next),
            actor_id: work.actor().user_id,
            actor_label: work.actor().label.clone(),
            occurred_at: work.now,
        };
        store::add_history(&mut work.tx, person_id, &entry).await?;
        work.record(event.action(), "person", Some(person_id.to_string()), event.summary());
    }
    let now = work.now;
    let view = person_flag(&mut work.tx, person_id, now).await?;
    work.commit().await?;
    Ok(view)
}

async fn save(work: &mut Work, person_id: i64, flag: &FrequentCallerFlag, loaded_version: Option<i64>) -> Result<i64> {
    let by = work.actor().user_id;
    let now = work.now;
    store::save(&mut work.tx, person_id, flag, loaded_version, by, now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::StaleEdit("the frequent-caller flag"),
        other => other.into(),
    })
}

/// Flags a person as a frequent or regular caller with a response plan.
pub async fn flag(
    app: &App,
    actor: &Actor,
    person_id: i64,
    reason: &str,
    plan: &PlanForm,
    review_due: &str,
    version: Option<i64>,
) -> Result<PersonFlag> {
    let form = FlagForm::Flag { reason: reason.into(), plan: plan.clone(), review_due: review_due.into() };
    change_flag(app, actor, person_id, &form, version).await
}

/// Reviews a flag: a note, the next review date, and optionally a new plan.
pub async fn review(
    app: &App,
    actor: &Actor,
    person_id: i64,
    note: &str,
    plan: &PlanForm,
    review_due: &str,
    version: Option<i64>,
) -> Result<PersonFlag> {
    let form = FlagForm::Review { note: note.into(), plan: plan.clone(), review_due: review_due.into() };
    change_flag(app, actor, person_id, &form, version).await
}

/// Lifts a flag, with the reason.
pub async fn lift(app: &App, actor: &Actor, person_id: i64, reason: &str, version: Option<i64>) -> Result<PersonFlag> {
    change_flag(app, actor, person_id, &FlagForm::Lift { reason: reason.into() }, version).await
}

/// Records a referral to the force or a safeguarding body.
pub async fn record_referral(
    app: &App,
    actor: &Actor,
    person_id: i64,
    date: &str,
    body: &str,
    reference: &str,
    version: Option<i64>,
) -> Result<PersonFlag> {
    let form = FlagForm::Referral { date: date.into(), body: body.into(), reference: reference.into() };
    change_flag(app, actor, person_id, &form, version).await
}

// ---- thresholds ----------------------------------------------------------------

/// The thresholds in force (the office's own, or the built-in defaults).
pub async fn thresholds(app: &App, actor: &Actor) -> Result<InForce<Thresholds>> {
    actor.require(Roles::FREQUENT_CALLER_READERS)?;
    let mut tx = app.db.read().await?;
    load_thresholds(&mut tx).await
}

/// Thresholds from a form with one field per group and window (see
/// `field_name`); a blank field means no threshold there.
pub fn thresholds_from_form(fields: &HashMap<String, String>) -> Result<Thresholds> {
    let mut errors = FieldErrors::new();
    let mut rules = Vec::new();
    for applies_to in AppliesTo::ALL {
        for window in Window::ALL {
            let field = field_name(applies_to, window);
            let raw = fields.get(&field).map(|s| s.trim()).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<u32>() {
                Ok(at_least) => rules.push(casebook_domain::frequent_callers::Threshold { applies_to, window, at_least }),
                Err(_) => errors.add(&field, format!("Enter a whole number of contacts for {} in {}", applies_to.label(), window.label())),
            }
        }
    }
    errors.into_result(())?;
    Ok(Thresholds { rules })
}

/// Replaces the office's thresholds; `expected_version` is what the
/// manager read (`None` when the defaults were in force).
pub async fn replace_thresholds(app: &App, actor: &Actor, thresholds: &Thresholds, expected_version: Option<i64>) -> Result<i64> {
    actor.require(Roles::MANAGERS)?;
    thresholds.validate()?;
    let mut work = app.begin(actor).await?;
    let version = policies::replace(&mut work, THRESHOLDS_KEY, thresholds, expected_version).await?;
    work.commit().await?;
    Ok(version)
}
