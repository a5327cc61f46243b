//! Reading complaints: one with its clocks and history, the list with
//! filters, and the work list of clocks due soon, today or overdue.

use super::{access, not_found, site_calendar};
use crate::{Actor, App, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::WorkingCalendar;
use casebook_domain::complaints::Procedure;
use casebook_domain::complaints::clocks::{ComplaintClock, NextDeadline, complaint_clocks, next_deadline};
use casebook_domain::complaints::deadline_index::work_item;
use casebook_domain::complaints::worklist::{WorkItem, WorkList};
use casebook_store::complaints::{self as store, ComplaintFilter, ComplaintRecord, ComplaintSummary, DeadlineFilter, StoredDeadline};
use std::collections::HashMap;
use std::sync::Arc;

/// One complaint as its page shows it.
#[derive(Debug, Clone)]
pub struct ComplaintDetail {
    pub record: ComplaintRecord,
    /// The procedure it follows, for labels of categories and bodies.
    pub procedure: Arc<Procedure>,
    pub calendar: WorkingCalendar,
    pub clocks: Vec<ComplaintClock>,
    pub next: Option<NextDeadline>,
}

/// One complaint with its clocks. A sealed complaint is refused as not
/// found to anyone it is not open to, and each read of one is audited.
pub async fn read(app: &App, actor: &Actor, id: i64) -> Result<ComplaintDetail> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(actor, &record.complaint)?;
    let procedure = app.procedures.kept(&mut work.tx, &record.procedure_key, record.policy_version).await?;
    let calendar = site_calendar(&mut work.tx, record.complaint.receipt.site_id).await?;
    if access::is_confidential(&record.complaint) {
        work.record("complaint.confidential_read", "complaint", Some(id.to_string()), "read a confidential complaint");
    }
    let now = work.now;
    work.commit().await?;
    Ok(detail(record, procedure, calendar, now))
}

/// A complaint with its clocks as they stand at `now`.
pub(crate) fn detail(
    record: ComplaintRecord,
    procedure: Arc<Procedure>,
    calendar: WorkingCalendar,
    now: jiff::Timestamp,
) -> ComplaintDetail {
    let clocks = complaint_clocks(&procedure, &calendar, &record.complaint, now);
    let next = next_deadline(&clocks, &calendar, now);
    ComplaintDetail { record, procedure, calendar, clocks, next }
}

/// Complaints matching `filter`, newest first. A confidential complaint
/// appears only to those it is open to, and never with its summary.
pub async fn list(app: &App, actor: &Actor, filter: &ComplaintFilter) -> Result<Vec<ComplaintSummary>> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut tx = app.db.read().await?;
    let found = store::list(&mut tx, filter).await?;
    let mut shown = Vec::with_capacity(found.len());
    for mut summary in found {
        if summary.confidential {
            let record = store::get(&mut tx, summary.id).await?;
            if !access::may_read(actor, &record.complaint) {
                continue;
            }
            summary.summary = String::new();
        }
        shown.push(summary);
    }
    Ok(shown)
}

/// Filters for the work list; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkListFilter {
    pub site_id: Option<i64>,
    /// The named investigator whose clocks to show.
    pub person: Option<i64>,
    pub body: Option<String>,
}

/// The most clocks one work list or sweep reads; far more than any office's.
const DEADLINES_MAX: i64 = 1_000_000;

/// The open complaints' clocks that are overdue, due today or due soon,
/// from the running clocks' index (kept from the clocks on every save).
pub async fn work_list(app: &App, actor: &Actor, filter: &WorkListFilter) -> Result<WorkList> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut tx = app.db.read().await?;
    let now = app.now();
    let wanted = DeadlineFilter { site_id: filter.site_id, investigator_id: filter.person, body: filter.body.clone() };
    let rows = store::listed_deadlines(&mut tx, &wanted, now, DEADLINES_MAX).await?;
    Ok(WorkList::from_items(items_for(&mut tx, actor, rows, now).await?))
}

/// Every breached clock: running and past its due, most overdue first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachSweep {
    pub at: jiff::Timestamp,
    pub breaches: Vec<WorkItem>,
}

/// Finds every breached clock on every site the actor may read.
pub async fn sweep_breaches(app: &App, actor: &Actor) -> Result<BreachSweep> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut tx = app.db.read().await?;
    let now = app.now();
    let rows = store::breached_deadlines(&mut tx, now, DEADLINES_MAX).await?;
    let list = WorkList::from_items(items_for(&mut tx, actor, rows, now).await?);
    Ok(BreachSweep { at: now, breaches: list.overdue })
}

/// Work-list lines for stored clocks the actor may read, each measured
/// on its site's calendar. The sealed complaints' records are read
/// together, to ask whom each is open to.
async fn items_for(tx: &mut casebook_store::Tx, actor: &Actor, rows: Vec<StoredDeadline>, now: jiff::Timestamp) -> Result<Vec<WorkItem>> {
    let mut sealed: Vec<i64> = rows.iter().filter(|r| r.confidential).map(|r| r.complaint_id).collect();
    sealed.sort_unstable();
    sealed.dedup();
    let open_to = store::sealed_for(tx, &sealed).await?;
    let mut calendars: HashMap<i64, WorkingCalendar> = HashMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        if row.confidential && !open_to.get(&row.complaint_id).is_some_and(|roles| access::may_read_sealed_for(actor, roles.as_deref())) {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = calendars.entry(row.site_id) {
            slot.insert(site_calendar(tx, row.site_id).await?);
        }
        let Some(calendar) = calendars.get(&row.site_id) else { continue };
        items.push(work_item(row.complaint_id, row.reference, row.site_id, &row.clock, calendar, now));
    }
    Ok(items)
}
