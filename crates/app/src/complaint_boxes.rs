//! The complaint-box log: a clerk records each emptying of a site's box
//! and each complaint scanned from it; the log shows, per site, every
//! complaint's six-hour scan clock (the procedure's box-scan limit, through
//! the domain), the late scans and the days the box was not emptied.

use crate::complaint_procedures;
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::{Division, WorkingCalendar, london, london_date};
use casebook_domain::complaints::box_log::{self, BoxEmptying, BoxEmptyingDraft, BoxLogError, Scan, ScanProgress};
use casebook_domain::deadlines::ClockStatus;
use casebook_domain::site::SiteKind;
use casebook_domain::validation::{FieldErrors, required_text};
use casebook_store::complaint_boxes::{self as store, EmptyingRecord, NewEmptying, ScanRecord};
use casebook_store::sites::SiteRecord;
use casebook_store::users::UserRecord;
use casebook_store::{StoreError, Tx, closures, sites, users};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;

/// Longest complaint reference a scan may carry.
const REFERENCE_MAX: usize = 60;
/// The longest window the log shows at once.
pub const DAYS_MAX: u32 = 92;

/// A scan as typed: when it was scanned and the complaint's reference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ScanForm {
    /// RFC 3339 or London wall-clock time; blank means now.
    pub scanned_at: String,
    pub complaint_reference: String,
}

/// One complaint in a box and where its scan clock stands.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintClock {
    /// 1 for the first complaint scanned, and so on.
    pub number: u32,
    pub scan: Option<ScanRecord>,
    pub status: ClockStatus,
}

/// An emptying with its clocks at the time asked.
#[derive(Debug, Clone, PartialEq)]
pub struct EmptyingView {
    pub record: EmptyingRecord,
    /// `None` when the procedure in force has no box-scan limit.
    pub progress: Option<ScanProgress>,
    pub complaints: Vec<ComplaintClock>,
}

impl EmptyingView {
    /// The scans made after the limit ran out.
    pub fn late_scans(&self) -> impl Iterator<Item = &ScanRecord> {
        self.complaints.iter().filter(|c| matches!(c.status, ClockStatus::MetLate { .. })).filter_map(|c| c.scan.as_ref())
    }

    pub fn scanned(&self) -> u32 {
        u32::try_from(self.record.scans.len()).unwrap_or(u32::MAX)
    }
}

/// One site's part of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteLog {
    pub site: SiteRecord,
    /// Newest first.
    pub emptyings: Vec<EmptyingView>,
    /// Whole days in the window on which the box was not emptied.
    pub days_not_emptied: Vec<Date>,
}

/// The log over a window of whole days ending yesterday (today is not yet
/// missed), plus today's emptyings.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxLog {
    pub from: Date,
    pub to: Date,
    pub sites: Vec<SiteLog>,
    /// Whether the procedure in force has a box-scan limit at all.
    pub has_scan_limit: bool,
}

/// Records an emptying of a site's box.
pub async fn record_emptying(app: &App, actor: &Actor, draft: &BoxEmptyingDraft) -> Result<i64> {
    actor.require(Roles::COMPLAINT_BOX_KEEPERS)?;
    let mut work = app.begin(actor).await?;
    let emptying = draft.validate(work.now)?;
    let site = sites::get(&mut work.tx, emptying.site_id).await.map_err(|_| AppError::field("site_id", "Choose a site that exists"))?;
    let emptier = users::get(&mut work.tx, emptying.emptied_by)
        .await
        .map_err(|_| AppError::field("emptied_by", "Choose a member of staff who exists"))?;
    let new = NewEmptying {
        site_id: site.id,
        emptied_at: emptying.emptied_at,
        emptied_by: emptier.id,
        count: emptying.count,
        recorded_by: actor.user_id,
    };
    let id = store::insert_emptying(&mut work.tx, &new, work.now).await?;
    let at = emptying.emptied_at.to_zoned(london()).strftime("%-d %b %Y %H:%M");
    work.record(
        "complaint_box.emptied",
        "complaint_box_emptying",
        Some(id.to_string()),
        format!("Complaint box at {} emptied {at} by {}: {} complaints", site.name, emptier.display_name, emptying.count),
    );
    work.commit().await?;
    Ok(id)
}

/// Records one complaint from an emptying as scanned and sent.
pub async fn record_scan(app: &App, actor: &Actor, emptying_id: i64, form: &ScanForm) -> Result<i64> {
    actor.require(Roles::COMPLAINT_BOX_KEEPERS)?;
    let mut work = app.begin(actor).await?;
    let now = work.now;
    let record = store::get_emptying(&mut work.tx, emptying_id).await.map_err(|e| not_found(e, "emptying"))?;
    let mut errors = FieldErrors::new();
    let at = errors.check("scanned_at", parse_time(&form.scanned_at, now));
    let reference =
        errors.check("complaint_reference", required_text(&form.complaint_reference, "the complaint's reference", REFERENCE_MAX));
    let (Some(at), Some(reference)) = (at, reference) else {
        return Err(errors.into());
    };
    domain_emptying(&record).record_scan(at, actor.user_id.unwrap_or_default(), None, now).map_err(|e| match e {
        BoxLogError::AllScanned(_) => AppError::field("complaint_reference", e.to_string()),
        BoxLogError::ScanBeforeEmptied | BoxLogError::ScanInFuture => AppError::field("scanned_at", e.to_string()),
    })?;
    let id = store::insert_scan(&mut work.tx, emptying_id, at, actor.user_id, &reference, now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::field("complaint_reference", BoxLogError::AllScanned(record.count).to_string()),
        other => other.into(),
    })?;
    work.record(
        "complaint_box.scanned",
        "complaint_box_emptying",
        Some(emptying_id.to_string()),
        format!("Complaint {reference} from box emptying {emptying_id} scanned {}", at.to_zoned(london()).strftime("%-d %b %Y %H:%M")),
    );
    work.commit().await?;
    Ok(id)
}

/// The log for the last `days` whole days, at one site or at every site
/// with a box (detention centres, and any site with an emptying in the window).
pub async fn log(app: &App, actor: &Actor, site_id: Option<i64>, days: u32) -> Result<BoxLog> {
    actor.require(Roles::COMPLAINT_BOX_KEEPERS)?;
    if !(1..=DAYS_MAX).contains(&days) {
        return Err(AppError::field("days", format!("Show between 1 and {DAYS_MAX} days")));
    }
    let now = app.now();
    let today = london_date(now);
    let from = today.checked_sub(i64::from(days).days()).map_err(|e| AppError::Internal(e.to_string()))?;
    let to = today.yesterday().map_err(|e| AppError::Internal(e.to_string()))?;
    let since = from.to_zoned(london()).map_err(|e| AppError::Internal(e.to_string()))?.timestamp();
    let mut tx = app.db.read().await?;
    let procedure = complaint_procedures::in_force(&mut tx).await?.policy;
    let records = store::emptyings_since(&mut tx, site_id, since).await?;
    let chosen: Vec<SiteRecord> = match site_id {
        Some(id) => vec![sites::get(&mut tx, id).await.map_err(|e| not_found(e, "site"))?],
        None => sites::list(&mut tx)
            .await?
            .into_iter()
            .filter(|s| (s.active && s.kind == SiteKind::DetentionCentre) || records.iter().any(|r| r.site_id == s.id))
            .collect(),
    };
    let mut out = Vec::with_capacity(chosen.len());
    for site in chosen {
        let cal = calendar(&mut tx, &site).await?;
        let mine: Vec<&EmptyingRecord> = records.iter().filter(|r| r.site_id == site.id).collect();
        let domain: Vec<BoxEmptying> = mine.iter().map(|r| domain_emptying(r)).collect();
        let days_not_emptied = box_log::days_not_emptied(&domain, site.id, from, to);
        let emptyings = mine.into_iter().map(|r| view(r.clone(), &procedure, &cal, now)).collect();
        out.push(SiteLog { site, emptyings, days_not_emptied });
    }
    Ok(BoxLog { from, to, sites: out, has_scan_limit: box_log::scan_limit(&procedure).is_some() })
}

/// One emptying with its site and clocks.
pub async fn emptying(app: &App, actor: &Actor, id: i64) -> Result<(SiteRecord, EmptyingView)> {
    actor.require(Roles::COMPLAINT_BOX_KEEPERS)?;
    let mut tx = app.db.read().await?;
    let record = store::get_emptying(&mut tx, id).await.map_err(|e| not_found(e, "emptying"))?;
    let site = sites::get(&mut tx, record.site_id).await?;
    let procedure = complaint_procedures::in_force(&mut tx).await?.policy;
    let cal = calendar(&mut tx, &site).await?;
    Ok((site, view(record, &procedure, &cal, app.now())))
}

/// Who may be named as having emptied a box: active staff, by name.
pub async fn staff(app: &App, actor: &Actor) -> Result<Vec<UserRecord>> {
    actor.require(Roles::COMPLAINT_BOX_KEEPERS)?;
    let mut tx = app.db.read().await?;
    let mut people: Vec<UserRecord> = users::list(&mut tx).await?.into_iter().filter(|u| u.active).collect();
    people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(people)
}

fn view(record: EmptyingRecord, procedure: &casebook_domain::complaints::Procedure, cal: &WorkingCalendar, now: Timestamp) -> EmptyingView {
    let domain = domain_emptying(&record);
    let progress = domain.progress(procedure, cal, now);
    let complaints = domain
        .clocks(procedure, cal)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, clock)| ComplaintClock {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            scan: record.scans.get(i).cloned(),
            status: clock.status(cal, now),
        })
        .collect();
    EmptyingView { record, progress, complaints }
}

fn domain_emptying(r: &EmptyingRecord) -> BoxEmptying {
    BoxEmptying {
        site_id: r.site_id,
        emptied_at: r.emptied_at,
        emptied_by: r.emptied_by,
        count: r.count,
        // The complaint is known by its typed reference until complaints are stored.
        scans: r.scans.iter().map(|s| Scan { at: s.scanned_at, by: s.scanned_by.unwrap_or_default(), complaint_id: None }).collect(),
    }
}

async fn calendar(tx: &mut Tx, site: &SiteRecord) -> Result<WorkingCalendar> {
    let closed = closures::for_site(tx, site.id, None).await?;
    Ok(WorkingCalendar::new(Division::from(site.nation)).with_closures(closed.into_iter().map(|c| c.closed_on)))
}

fn not_found(e: StoreError, what: &'static str) -> AppError {
    match e {
        StoreError::NotFound => AppError::NotFound(what),
        other => other.into(),
    }
}

/// A scan time as typed; blank is now. The domain refuses future times.
fn parse_time(raw: &str, now: Timestamp) -> std::result::Result<Timestamp, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(now);
    }
    raw.parse::<Timestamp>()
        .ok()
        .or_else(|| raw.parse::<jiff::civil::DateTime>().ok().and_then(|d| d.to_zoned(london()).ok()).map(|z| z.timestamp()))
        .ok_or_else(|| "Enter when the complaint was scanned as a date and time, for example 2026-12-24T09:30".to_owned())
}
