//! Group commit for received complaints (see [`crate::group_commit`]). A
//! complaints unit emptying the boxes of every site, or a partner's system
//! sending its complaints through the API, receives complaints in bursts;
//! each is validated in its own request against the procedure in force and
//! written in batches: one query for the Idempotency-Keys already used, one
//! per site for its calendar, one for the complainants, multi-row inserts,
//! and each complaint's own audit event, all in one transaction.

use super::access;
use super::procedure_cache::KeptProcedure;
use super::read::{ComplaintDetail, detail};
use crate::group_commit::{Batched, GroupCommit};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::calendar::WorkingCalendar;
use casebook_domain::complaints::complaint::{Complaint, SiteRef};
use casebook_domain::complaints::deadline_index::indexed_clocks;
use casebook_domain::complaints::receipt::{ComplaintDraft, NewComplaint};
use casebook_domain::validation::FieldErrors;
use casebook_store::bulk::{self, BulkComplaint};
use casebook_store::complaints::{self as store, ComplaintRecord};
use casebook_store::contacts::{self, Referent};
use casebook_store::{StoreError, people, sites};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The queue of complaints waiting to be written.
pub type ComplaintWriter = GroupCommit<Receipt>;

/// One complaint to write: its draft, as validated in its request against
/// the procedure in force then, by whom, with which Idempotency-Key.
pub struct Receipt {
    pub(super) actor: Actor,
    pub(super) draft: ComplaintDraft,
    pub(super) receipt: NewComplaint,
    pub(super) procedure: Arc<KeptProcedure>,
    pub(super) key: Option<String>,
}

impl Batched for Receipt {
    type Answer = ComplaintDetail;

    fn queue(app: &App) -> &GroupCommit<Self> {
        &app.complaint_writer
    }

    async fn write_together(app: &App, items: &[Self]) -> Result<Vec<Result<ComplaintDetail>>> {
        write_together(app, items).await
    }

    async fn after_failure(app: &App, item: &Self, error: AppError) -> Result<ComplaintDetail> {
        let Some(key) = item.key.as_deref() else { return Err(error) };
        if !matches!(error, AppError::Store(StoreError::Conflict { .. })) {
            return Err(error);
        }
        // Another server received the same key at the same moment and won: answer its complaint.
        let mut tx = app.db.read().await?;
        let Some(id) = store::find_by_idempotency_key(&mut tx, key).await? else { return Err(error) };
        drop(tx);
        super::read(app, &item.actor, id).await
    }
}

/// What the batch does with one receipt.
enum Planned {
    Refused(AppError),
    /// Already made with its Idempotency-Key: this complaint is the answer.
    Replay(i64),
    /// Written as the `n`th new complaint.
    Write(usize),
    /// Same Idempotency-Key as the receipt at this position in the batch.
    RepeatOf(usize),
}

async fn write_together(app: &App, items: &[Receipt]) -> Result<Vec<Result<ComplaintDetail>>> {
    let Some(first) = items.first() else { return Ok(Vec::new()) };
    let mut work = app.begin(&first.actor).await?;
    let in_force = app.procedures.in_force(&mut work.tx).await?;
    let keys: Vec<&str> = items.iter().filter_map(|r| r.key.as_deref()).collect();
    let used = store::find_by_idempotency_keys(&mut work.tx, &keys).await?;
    let calendars = calendars(&mut work, items).await?;
    let persons = complainants_on_file(&mut work, items).await?;

    let mut plan = Vec::with_capacity(items.len());
    let mut first_in_batch: HashMap<&str, usize> = HashMap::new();
    let mut to_write: Vec<(usize, Complaint, &WorkingCalendar)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(key) = item.key.as_deref() {
            if let Some(id) = used.get(key) {
                plan.push(Planned::Replay(*id));
                continue;
            }
            if let Some(first) = first_in_batch.get(key) {
                plan.push(Planned::RepeatOf(*first));
                continue;
            }
        }
        // An administrator saved a new procedure since this request checked its draft.
        let revalidated;
        let receipt = if item.procedure.version == in_force.version {
            &item.receipt
        } else {
            match item.draft.validate(&in_force.procedure, work.now) {
                Ok(receipt) => {
                    revalidated = receipt;
                    &revalidated
                }
                Err(errors) => {
                    plan.push(Planned::Refused(AppError::Invalid(errors)));
                    continue;
                }
            }
        };
        let mut errors = FieldErrors::new();
        let site = match calendars.get(&receipt.site_id) {
            Some(Ok(site)) => Some(site),
            Some(Err(problem)) => {
                errors.add("site_id", problem.clone());
                None
            }
            None => {
                errors.add("site_id", format!("There is no open site with the record number {}", receipt.site_id));
                None
            }
        };
        for id in receipt.complainants.person_ids() {
            if let Some(problem) = persons.get(&id) {
                errors.add("complainant_ids", problem.clone());
            }
        }
        let Some((site, calendar)) = site.filter(|_| errors.is_empty()) else {
            plan.push(Planned::Refused(AppError::Invalid(errors)));
            continue;
        };
        if let Some(key) = item.key.as_deref() {
            first_in_batch.insert(key, i);
        }
        let by = item.actor.user_id.unwrap_or(0);
        let (complaint, _) = Complaint::receive(receipt.clone(), site.clone(), by);
        plan.push(Planned::Write(to_write.len()));
        to_write.push((i, complaint, calendar));
    }

    let rows: Vec<BulkComplaint> = to_write
        .iter()
        .map(|(i, complaint, calendar)| BulkComplaint {
            deadlines: indexed_clocks(&in_force.procedure, calendar, complaint),
            complaint: complaint.clone(),
            idempotency_key: items[*i].key.clone(),
            created_by: items[*i].actor.user_id,
        })
        .collect();
    let now = work.now;
    let key = in_force.procedure.key.as_str();
    let keeping = !rows.is_empty() && !in_force.kept.load(Ordering::Acquire);
    if keeping {
        store::keep_procedure(&mut work.tx, key, in_force.version, &in_force.body).await?;
    }
    let ids = bulk::insert_complaints(&mut work.tx, key, in_force.version, &rows, now).await?;
    for ((i, complaint, _), id) in to_write.iter().zip(&ids) {
        // The summary may be confidential: the trail says what happened, not what the complaint says.
        let sealed = if access::is_confidential(complaint) { " (confidential)" } else { "" };
        work.act_as(items[*i].actor.clone());
        work.record(
            "complaint.received",
            "complaint",
            Some(id.to_string()),
            format!("received complaint {id}{sealed} at {} by {}", complaint.site.code, complaint.receipt.arrived_by.slug()),
        );
    }
    let mut replayed = HashMap::new();
    for p in &plan {
        if let Planned::Replay(id) = p {
            replayed.insert(*id, store::get(&mut work.tx, *id).await?);
        }
    }
    work.commit().await?;
    if keeping {
        in_force.kept.store(true, Ordering::Release);
    }

    let procedure = Arc::new(in_force.procedure.clone());
    let made: Vec<ComplaintDetail> = to_write
        .into_iter()
        .zip(&ids)
        .map(|((_, complaint, calendar), id)| {
            let record = ComplaintRecord {
                id: *id,
                procedure_key: key.to_owned(),
                policy_version: in_force.version,
                complaint,
                created_at: now,
                version: 1,
            };
            detail(record, Arc::clone(&procedure), calendar.clone(), now)
        })
        .collect();
    let mut answers = Vec::with_capacity(plan.len());
    for (item, p) in items.iter().zip(plan) {
        answers.push(match p {
            Planned::Refused(e) => Err(e),
            Planned::Write(n) => Ok(made[n].clone()),
            Planned::RepeatOf(first) => match answers.get(first) {
                Some(Ok(done)) => Ok(ComplaintDetail::clone(done)),
                _ => Err(AppError::Internal("a repeated Idempotency-Key lost its first use".into())),
            },
            Planned::Replay(id) => match replayed.remove(&id) {
                Some(record) => replay(app, &item.actor, record).await,
                None => super::read(app, &item.actor, id).await,
            },
        });
    }
    Ok(answers)
}

/// A complaint made before with the same Idempotency-Key, if the actor may read it.
async fn replay(app: &App, actor: &Actor, record: ComplaintRecord) -> Result<ComplaintDetail> {
    access::check_read(actor, &record.complaint)?;
    let mut tx = app.db.read().await?;
    let procedure = app.procedures.kept(&mut tx, &record.procedure_key, record.policy_version).await?;
    let calendar = super::site_calendar(&mut tx, record.complaint.receipt.site_id).await?;
    drop(tx);
    Ok(detail(record, procedure, calendar, app.now()))
}

type SiteCalendars = HashMap<i64, std::result::Result<(SiteRef, WorkingCalendar), String>>;

/// Each site the batch names, open with its calendar, or what is wrong with it.
async fn calendars(work: &mut Work, items: &[Receipt]) -> Result<SiteCalendars> {
    let mut found = HashMap::new();
    for item in items {
        let id = item.receipt.site_id;
        if found.contains_key(&id) {
            continue;
        }
        let site = match sites::get(&mut work.tx, id).await {
            Ok(site) if site.active => {
                let calendar = super::calendar_of(&mut work.tx, &site).await?;
                Ok((SiteRef { code: site.code, nation: site.nation }, calendar))
            }
            Ok(_) | Err(StoreError::NotFound) => Err(format!("There is no open site with the record number {id}")),
            Err(other) => return Err(other.into()),
        };
        found.insert(id, site);
    }
    Ok(found)
}

/// What is wrong with each complainant the batch names that is not a current person on file.
async fn complainants_on_file(work: &mut Work, items: &[Receipt]) -> Result<HashMap<i64, String>> {
    let mut ids: Vec<i64> = items.iter().flat_map(|item| item.receipt.complainants.person_ids()).collect();
    ids.sort_unstable();
    ids.dedup();
    let current: HashSet<i64> = contacts::existing(&mut work.tx, Referent::Persons, &ids).await?;
    let mut problems = HashMap::new();
    for id in ids.into_iter().filter(|id| !current.contains(id)) {
        let problem = match people::get(&mut work.tx, id).await {
            Ok(p) => format!("Person {id} was merged into person {}: use that record instead", p.merged_into_id.unwrap_or_default()),
            Err(StoreError::NotFound) => format!("There is no person with the record number {id}"),
            Err(other) => return Err(other.into()),
        };
        problems.insert(id, problem);
    }
    Ok(problems)
}
