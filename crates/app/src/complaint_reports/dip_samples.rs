//! The monthly dip sample (para 41, 47): draw a reproducible random sample
//! of the responses a site sent in a month, check each against the
//! checklist and record the findings; a poor response becomes a task for
//! the site's delivery manager, in the same transaction.

use super::REPORTERS;
use super::summary::month_or_last;
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Role;
use casebook_domain::complaints::dip_sample::{Verdict, draw as draw_sample, finding};
use casebook_domain::complaints::monthly_summary::Month;
use casebook_domain::tasks::TaskKind;
use casebook_domain::validation::FieldErrors;
use casebook_store::complaint_reports::{self as store, DipSampleItem, DipSampleRecord, FindingRow, NewDipSample};
use casebook_store::tasks::{self, NewTask};
use casebook_store::{StoreError, Tx, complaints, sites, users};
use serde::{Deserialize, Serialize};

/// What the draw form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrawForm {
    pub site_id: String,
    /// `YYYY-MM`; blank for last month.
    pub month: String,
    /// Blank for a fresh random seed; give one to redraw a sample.
    pub seed: String,
}

/// What the checklist form sends: `yes` or `no` for each question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingForm {
    pub complaint_id: String,
    pub documents_present: String,
    pub covers_every_point: String,
    pub escalation_wording: String,
    pub notes: String,
}

/// A sample with its site's name and its responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleDetail {
    pub sample: DipSampleRecord,
    pub site_name: String,
    pub items: Vec<SampleLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleLine {
    pub item: DipSampleItem,
    pub reference: Option<String>,
}

/// A sample in a list, with how far its checking has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSummary {
    pub sample: DipSampleRecord,
    pub site_name: String,
    pub size: usize,
    pub checked: usize,
    pub poor: usize,
}

fn parse_seed(raw: &str, now: jiff::Timestamp) -> Result<u64> {
    match raw.trim() {
        // Randomness is read once, here at the edge: the clock's nanoseconds.
        "" => Ok(u64::from_ne_bytes((now.as_nanosecond() as i64).to_ne_bytes())),
        raw => raw
            .parse::<u64>()
            .map_err(|_| AppError::field("seed", format!("\"{raw}\" is not a seed: use a whole number, or leave it blank"))),
    }
}

/// Draws `form.month`'s sample at `form.site_id`; answers the sample's id.
pub async fn draw(app: &App, actor: &Actor, form: &DrawForm) -> Result<i64> {
    actor.require(REPORTERS)?;
    let mut work = app.begin(actor).await?;
    let now = work.now;
    let mut errors = FieldErrors::new();
    let site = match form.site_id.trim().parse::<i64>() {
        Ok(id) => match sites::get(&mut work.tx, id).await {
            Ok(site) => Some(site),
            Err(StoreError::NotFound) => {
                errors.add("site_id", format!("There is no site with the record number {id}"));
                None
            }
            Err(other) => return Err(other.into()),
        },
        Err(_) => {
            errors.add("site_id", "Choose the site");
            None
        }
    };
    let month = match month_or_last(Some(&form.month), now) {
        Ok(m) if m.ends_at() > now => {
            errors.add("month", format!("{} has not ended yet: sample a month that has", m.label()));
            None
        }
        Ok(m) => Some(m),
        Err(AppError::Invalid(e)) => {
            for f in e.iter() {
                errors.add(&f.field, f.message.clone());
            }
            None
        }
        Err(other) => return Err(other),
    };
    let seed = match parse_seed(&form.seed, now) {
        Ok(seed) => Some(seed),
        Err(AppError::Invalid(e)) => {
            for f in e.iter() {
                errors.add(&f.field, f.message.clone());
            }
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(site), Some(month), Some(seed)) = (site, month, seed) else { return Err(AppError::Invalid(errors)) };
    if store::find_sample(&mut work.tx, site.id, &month.key()).await?.is_some() {
        return Err(AppError::field("month", format!("{} has already been sampled at {}", month.label(), site.name)));
    }
    let responses = store::answered_at_site(&mut work.tx, site.id, month.starts_at(), month.ends_at()).await?;
    if responses.is_empty() {
        return Err(AppError::field("month", format!("{} sent no responses in {}: there is nothing to sample", site.name, month.label())));
    }
    let sample = draw_sample(site.id, month, seed, &responses);
    let population = i64::try_from(responses.len()).unwrap_or(i64::MAX);
    let new = NewDipSample { site_id: site.id, month: &month.key(), seed, population, drawn_by: actor.user_id, complaint_ids: &sample };
    let id = store::insert_sample(&mut work.tx, &new, now).await?;
    work.record(
        "complaint.dip_sample_drawn",
        "dip_sample",
        Some(id.to_string()),
        format!("drew {} of {} responses at {} for {} (seed {seed})", sample.len(), responses.len(), site.code, month.key()),
    );
    work.commit().await?;
    Ok(id)
}

async fn site_name(tx: &mut Tx, site_id: i64) -> Result<String> {
    Ok(sites::get(tx, site_id).await?.name)
}

/// The samples of `month` (`YYYY-MM`), or the latest of any month.
pub async fn list(app: &App, actor: &Actor, month: Option<&str>) -> Result<Vec<SampleSummary>> {
    actor.require(REPORTERS)?;
    let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(raw) => Some(Month::parse(raw).map_err(|e| AppError::field("month", e))?.key()),
        None => None,
    };
    let mut tx = app.db.read().await?;
    let mut out = Vec::new();
    for sample in store::list_samples(&mut tx, month.as_deref()).await? {
        let items = store::items(&mut tx, sample.id).await?;
        let checked = items.iter().filter(|i| i.verdict.is_some()).count();
        let poor = items.iter().filter(|i| i.verdict.as_deref() == Some(Verdict::Poor.slug())).count();
        let site_name = site_name(&mut tx, sample.site_id).await?;
        out.push(SampleSummary { sample, site_name, size: items.len(), checked, poor });
    }
    Ok(out)
}

pub async fn read(app: &App, actor: &Actor, id: i64) -> Result<SampleDetail> {
    actor.require(REPORTERS)?;
    let mut tx = app.db.read().await?;
    let sample = store::get_sample(&mut tx, id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("dip sample"),
        other => other.into(),
    })?;
    let mut items = Vec::new();
    for item in store::items(&mut tx, id).await? {
        let reference = complaints::get(&mut tx, item.complaint_id).await?.complaint.reference;
        items.push(SampleLine { item, reference });
    }
    let site_name = site_name(&mut tx, sample.site_id).await?;
    Ok(SampleDetail { sample, site_name, items })
}

fn yes_no(raw: &str) -> Option<bool> {
    match raw.trim() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// Records the checklist and findings on one sampled response. A poor one
/// is sent back to the site's delivery manager (an active manager at the
/// site) as a task; with no such manager nothing is saved.
pub async fn record_finding(app: &App, actor: &Actor, sample_id: i64, form: &FindingForm) -> Result<SampleDetail> {
    actor.require(REPORTERS)?;
    let mut work = app.begin(actor).await?;
    let now = work.now;
    let sample = store::get_sample(&mut work.tx, sample_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("dip sample"),
        other => other.into(),
    })?;
    let items = store::items(&mut work.tx, sample_id).await?;
    let complaint_id = form.complaint_id.trim().parse::<i64>().ok();
    let item = complaint_id.and_then(|id| items.iter().find(|i| i.complaint_id == id));
    let Some(item) = item else { return Err(AppError::field("complaint_id", "Choose a response in this sample")) };
    if item.verdict.is_some() {
        return Err(AppError::field("complaint_id", "This response has already been checked"));
    }
    let found = finding(yes_no(&form.documents_present), yes_no(&form.covers_every_point), yes_no(&form.escalation_wording), &form.notes)
        .map_err(AppError::Invalid)?;
    let complaint = complaints::get(&mut work.tx, item.complaint_id).await?.complaint;
    let reference = complaint.reference.clone().unwrap_or_else(|| item.complaint_id.to_string());
    let task_id = if found.verdict == Verdict::Poor {
        let managers = users::list(&mut work.tx).await?;
        let manager = managers.iter().find(|u| u.active && u.roles.contains(Role::Manager) && u.site_id == Some(sample.site_id));
        let Some(manager) = manager else {
            return Err(AppError::field("complaint_id", "There is no active manager at the site to send this poor response back to"));
        };
        let task = NewTask {
            assignee_id: manager.id,
            kind: TaskKind::PoorComplaintResponse,
            title: format!("Poor response to complaint {reference}"),
            detail: format!(
                "The {} dip sample found the response poor: {}. Notes: {} Open /complaints/{}.",
                sample.month,
                found.checklist.failures().join(", "),
                found.notes,
                item.complaint_id
            ),
            person_id: None,
            contact_id: None,
            created_by: actor.user_id,
        };
        Some((tasks::insert(&mut work.tx, &task, now).await?, manager.id))
    } else {
        None
    };
    let row = FindingRow {
        documents_present: found.checklist.documents_present,
        covers_every_point: found.checklist.covers_every_point,
        escalation_wording: found.checklist.escalation_wording,
        verdict: found.verdict.slug(),
        notes: &found.notes,
        checked_by: actor.user_id,
        task_id: task_id.map(|(t, _)| t),
    };
    store::save_finding(&mut work.tx, sample_id, item.complaint_id, &row, now).await?;
    work.record(
        "complaint.dip_sample_checked",
        "dip_sample",
        Some(sample_id.to_string()),
        format!("checked the response to {reference}: {}", found.verdict.slug()),
    );
    if let Some((task, manager)) = task_id {
        work.record(
            "complaint.poor_response_sent_back",
            "complaint",
            Some(item.complaint_id.to_string()),
            format!("sent back to the site's delivery manager {manager} (task {task})"),
        );
    }
    work.commit().await?;
    read(app, actor, sample_id).await
}
