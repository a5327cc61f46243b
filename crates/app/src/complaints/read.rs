//! Reading complaints: one with its clocks and history, the list with
//! filters, and the work list of clocks due soon, today or overdue.

use super::{access, not_found, procedure_of, site_calendar};
use crate::{Actor, App, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::WorkingCalendar;
use casebook_domain::complaints::Procedure;
use casebook_domain::complaints::clocks::{ComplaintClock, NextDeadline, complaint_clocks, next_deadline};
use casebook_domain::complaints::worklist::{WorkItem, WorkList, work_items};
use casebook_store::complaints::{self as store, ComplaintFilter, ComplaintRecord, ComplaintSummary};
use std::collections::HashMap;

/// One complaint as its page shows it.
#[derive(Debug, Clone)]
pub struct ComplaintDetail {
    pub record: ComplaintRecord,
    /// The procedure it follows, for labels of categories and bodies.
    pub procedure: Procedure,
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
    let procedure = procedure_of(&mut work.tx, &record).await?;
    let calendar = site_calendar(&mut work.tx, record.complaint.receipt.site_id).await?;
    if access::is_confidential(&record.complaint) {
        work.record("complaint.confidential_read", "complaint", Some(id.to_string()), "read a confidential complaint");
    }
    let now = work.now;
    work.commit().await?;
    let clocks = complaint_clocks(&procedure, &calendar, &record.complaint, now);
    let next = next_deadline(&clocks, &calendar, now);
    Ok(ComplaintDetail { record, procedure, calendar, clocks, next })
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

/// The open complaints' clocks that are overdue, due today or due soon.
pub async fn work_list(app: &App, actor: &Actor, filter: &WorkListFilter) -> Result<WorkList> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut tx = app.db.read().await?;
    let now = app.now();
    let stored = ComplaintFilter {
        site_id: filter.site_id,
        investigator_id: filter.person,
        body: filter.body.clone(),
        open_only: true,
        limit: 100_000,
        ..ComplaintFilter::default()
    };
    let records = store::open_records(&mut tx, &stored).await?;
    let mut procedures: HashMap<(String, i64), Procedure> = HashMap::new();
    let mut calendars: HashMap<i64, WorkingCalendar> = HashMap::new();
    let mut items: Vec<WorkItem> = Vec::new();
    for record in records.iter().filter(|r| access::may_read(actor, &r.complaint)) {
        let key = (record.procedure_key.clone(), record.policy_version);
        if let std::collections::hash_map::Entry::Vacant(slot) = procedures.entry(key.clone()) {
            slot.insert(procedure_of(&mut tx, record).await?);
        }
        let site_id = record.complaint.receipt.site_id;
        if let std::collections::hash_map::Entry::Vacant(slot) = calendars.entry(site_id) {
            slot.insert(site_calendar(&mut tx, site_id).await?);
        }
        let (Some(procedure), Some(calendar)) = (procedures.get(&key), calendars.get(&site_id)) else { continue };
        let clocks = complaint_clocks(procedure, calendar, &record.complaint, now);
        items.extend(
            work_items(procedure, calendar, record.id, &record.complaint, &clocks, now)
                .into_iter()
                .filter(|i| filter.person.is_none_or(|p| i.person == Some(p)))
                .filter(|i| filter.body.as_ref().is_none_or(|b| &i.body == b)),
        );
    }
    Ok(WorkList::from_items(items))
}
