//! Group commit for contacts. A contact centre logs thousands of contacts an
//! hour and every one must be durable before the handler is told "logged";
//! a durable commit costs a disk flush, and the audit chain lets only one
//! writer append at a time. So contacts that arrive together are written
//! together: one transaction, one flush, one turn at the audit chain, each
//! contact still with its own checks, its own audit event and its own answer.
//!
//! Nothing is answered before its commit, and nothing waits in memory for
//! long: a writer task starts when the first contact arrives, writes
//! whatever has queued while the previous batch committed, and stops when
//! the queue is empty. If a batch fails as a whole, each of its contacts is
//! tried again alone, so one contact's problem is never another's.

use crate::contacts::Logged;
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::contacts::{MessageState, ValidContact};
use casebook_domain::validation::FieldErrors;
use casebook_store::StoreError;
use casebook_store::bulk::{self, BulkContact};
use casebook_store::contacts::{self, Referent};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::oneshot;

/// The most contacts written in one transaction.
const BATCH_MAX: usize = 256;

/// A contact waiting for its turn, already validated.
struct Pending {
    item: Item,
    reply: oneshot::Sender<Result<Logged>>,
}

/// One contact to write: who logged it, as which handler, with which
/// Idempotency-Key, and when they submitted it (its `created_at`).
struct Item {
    actor: Actor,
    handler_id: i64,
    contact: ValidContact,
    key: Option<String>,
    logged_at: Timestamp,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Pending>,
    writing: bool,
}

/// The queue of contacts to write, shared by every request of one [`App`].
#[derive(Default)]
pub struct ContactWriter {
    queue: Mutex<Queue>,
}

impl std::fmt::Debug for ContactWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContactWriter")
    }
}

impl ContactWriter {
    /// Queues a contact handled by `handler_id`, logged at `logged_at`, and
    /// waits until it is committed (or refused).
    pub(crate) async fn write(
        app: &App,
        actor: &Actor,
        handler_id: i64,
        contact: ValidContact,
        key: Option<&str>,
        logged_at: Timestamp,
    ) -> Result<Logged> {
        let (reply, answer) = oneshot::channel();
        let item = Item { actor: actor.clone(), handler_id, contact, key: key.map(str::to_owned), logged_at };
        let start_writer = {
            let mut queue = app.contact_writer.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.waiting.push(Pending { item, reply });
            !std::mem::replace(&mut queue.writing, true)
        };
        if start_writer {
            // A task of its own, so a client that hangs up cannot cancel other people's contacts.
            tokio::spawn(drain(app.clone()));
        }
        answer.await.map_err(|_| AppError::Internal("the contact writer stopped before answering".into()))?
    }
}

/// Writes batches until the queue is empty.
async fn drain(app: App) {
    let writer = Arc::clone(&app.contact_writer);
    loop {
        let batch: Vec<Pending> = {
            let mut queue = writer.queue.lock().unwrap_or_else(PoisonError::into_inner);
            if queue.waiting.is_empty() {
                queue.writing = false;
                return;
            }
            let take = queue.waiting.len().min(BATCH_MAX);
            queue.waiting.drain(..take).collect()
        };
        write_batch(&app, batch).await;
    }
}

/// What became of one contact of a batch, before the commit.
enum Outcome {
    Created(i64),
    /// An Idempotency-Key used before (or earlier in this batch) made this contact.
    Replayed(i64),
    Refused(AppError),
}

async fn write_batch(app: &App, batch: Vec<Pending>) {
    let (items, replies): (Vec<Item>, Vec<_>) = batch.into_iter().map(|p| (p.item, p.reply)).unzip();
    match write_together(app, &items).await {
        Ok(outcomes) => {
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                let _ = reply.send(outcome.into());
            }
        }
        Err(e) if items.len() > 1 => {
            tracing::warn!(error = %e, contacts = items.len(), "a batch of contacts failed; writing each alone");
            for (item, reply) in items.iter().zip(replies) {
                let _ = reply.send(write_alone(app, item).await);
            }
        }
        Err(e) => {
            let result = match (&e, items.first()) {
                (AppError::Store(StoreError::Conflict { .. }), Some(item)) if item.key.is_some() => replay_after_clash(app, item).await,
                _ => Err(e),
            };
            // A batch of one: its only contact gets the answer.
            if let Some(reply) = replies.into_iter().next() {
                let _ = reply.send(result);
            }
        }
    }
}

impl From<Outcome> for Result<Logged> {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Created(id) => Ok(Logged::Created(id)),
            Outcome::Replayed(id) => Ok(Logged::Replayed(id)),
            Outcome::Refused(e) => Err(e),
        }
    }
}

async fn write_alone(app: &App, item: &Item) -> Result<Logged> {
    match write_together(app, std::slice::from_ref(item)).await {
        Ok(mut outcomes) => outcomes.pop().map_or(Err(AppError::Internal("a contact was lost from its batch".into())), Result::from),
        Err(AppError::Store(StoreError::Conflict { .. })) if item.key.is_some() => replay_after_clash(app, item).await,
        Err(e) => Err(e),
    }
}

/// Two requests with the same Idempotency-Key at once (on different
/// servers, or PostgreSQL sessions): the other one won; answer its contact.
async fn replay_after_clash(app: &App, item: &Item) -> Result<Logged> {
    let mut tx = app.db.read().await?;
    let key = item.key.as_deref().unwrap_or_default();
    let existing = contacts::find_by_idempotency_key(&mut tx, item.handler_id, key).await?;
    existing.map(Logged::Replayed).ok_or(AppError::Internal("an Idempotency-Key clashed but was not found".into()))
}

/// Writes a batch in one transaction: one query for the Idempotency-Keys
/// already used, three for what the contacts refer to, then multi-row
/// inserts for the contacts, their messages, their keys and their audit
/// events, so a batch costs a handful of round trips, not four per contact.
async fn write_together(app: &App, items: &[Item]) -> Result<Vec<Outcome>> {
    let Some(first) = items.first() else { return Ok(Vec::new()) };
    let mut work = app.begin(&first.actor).await?;
    let (sites, persons, staff) = referents(&mut work, items).await?;
    let keyed: Vec<(i64, &str)> = items.iter().filter_map(|item| Some((item.handler_id, item.key.as_deref()?))).collect();
    let used = contacts::find_by_idempotency_keys(&mut work.tx, &keyed).await?;

    // Decide each contact's fate before writing any: a replay, a refusal,
    // the first use of its key, or a repeat of a key used earlier in this batch.
    let mut plan = Vec::with_capacity(items.len());
    let mut first_in_batch: HashMap<(i64, &str), usize> = HashMap::new();
    let mut to_write = Vec::new();
    for (i, Item { handler_id, contact, key, .. }) in items.iter().enumerate() {
        let key = key.as_deref();
        if let Some(key) = key {
            if let Some(id) = used.get(&(*handler_id, key.to_owned())) {
                plan.push(Planned::Done(Outcome::Replayed(*id)));
                continue;
            }
            if let Some(first) = first_in_batch.get(&(*handler_id, key)) {
                plan.push(Planned::RepeatOf(*first));
                continue;
            }
        }
        let errors = missing_referents(contact, &sites, &persons, &staff);
        if !errors.is_empty() {
            plan.push(Planned::Done(Outcome::Refused(AppError::Invalid(errors))));
            continue;
        }
        if let Some(key) = key {
            first_in_batch.insert((*handler_id, key), i);
        }
        plan.push(Planned::Write(to_write.len()));
        to_write.push(i);
    }

    let now = work.now;
    let rows: Vec<BulkContact> = to_write
        .iter()
        .map(|&i| BulkContact {
            contact: items[i].contact.clone(),
            handler_id: items[i].handler_id,
            message_state: MessageState::Open,
            logged_at: Some(items[i].logged_at),
        })
        .collect();
    let ids = bulk::insert_contacts(&mut work.tx, &rows).await?;
    let mut made = Vec::new();
    for (&i, id) in to_write.iter().zip(&ids) {
        let Item { actor, handler_id, contact, key, .. } = &items[i];
        if let Some(triage) = &contact.triage {
            casebook_store::triage::insert(&mut work.tx, *id, triage, *handler_id, now).await?;
        }
        if let Some(key) = key.as_deref() {
            made.push((*handler_id, key, *id));
        }
        work.act_as(actor.clone());
        work.record("contact.logged", "contact", Some(id.to_string()), summary(contact));
    }
    contacts::remember_idempotency_keys(&mut work.tx, &made, now).await?;
    work.commit().await?;

    // A repeat's first use is always a write (keys are remembered only then).
    let slots: Vec<Option<usize>> = plan.iter().map(|p| if let Planned::Write(slot) = p { Some(*slot) } else { None }).collect();
    Ok(plan
        .into_iter()
        .map(|p| match p {
            Planned::Done(outcome) => outcome,
            Planned::Write(slot) => Outcome::Created(ids[slot]),
            Planned::RepeatOf(first) => slots[first].map_or_else(
                || Outcome::Refused(AppError::Internal("a repeated Idempotency-Key lost its first use".into())),
                |slot| Outcome::Replayed(ids[slot]),
            ),
        })
        .collect())
}

/// What the batch does with one contact.
enum Planned {
    Done(Outcome),
    /// Written as the `n`th new contact.
    Write(usize),
    /// Same user and Idempotency-Key as the contact at this position in the batch.
    RepeatOf(usize),
}

type Known = (HashSet<i64>, HashSet<i64>, HashSet<i64>);

/// The sites, persons and staff the batch names that exist, in three queries.
async fn referents(work: &mut Work, items: &[Item]) -> Result<Known> {
    let mut site_ids = Vec::new();
    let mut person_ids = Vec::new();
    let mut staff_ids = Vec::new();
    for Item { contact, .. } in items {
        site_ids.push(contact.site_id);
        person_ids.extend(contact.person_id);
        staff_ids.extend(contact.message.as_ref().map(|m| m.recipient_id));
    }
    for ids in [&mut site_ids, &mut person_ids, &mut staff_ids] {
        ids.sort_unstable();
        ids.dedup();
    }
    Ok((
        contacts::existing(&mut work.tx, Referent::Sites, &site_ids).await?,
        contacts::existing(&mut work.tx, Referent::Persons, &person_ids).await?,
        contacts::existing(&mut work.tx, Referent::ActiveStaff, &staff_ids).await?,
    ))
}

fn missing_referents(contact: &ValidContact, sites: &HashSet<i64>, persons: &HashSet<i64>, staff: &HashSet<i64>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if !sites.contains(&contact.site_id) {
        errors.add("site_id", format!("There is no site with the record number {}", contact.site_id));
    }
    if let Some(person) = contact.person_id
        && !persons.contains(&person)
    {
        errors.add(
            "person_id",
            format!("There is no current person with the record number {person}: check it, or whether their record was merged"),
        );
    }
    if let Some(message) = &contact.message
        && !staff.contains(&message.recipient_id)
    {
        errors.add("message_for", format!("There is no active member of staff with the record number {}", message.recipient_id));
    }
    errors
}

fn summary(contact: &ValidContact) -> String {
    let mut summary = format!(
        "{} {} contact: {} → {}",
        contact.direction.slug(),
        contact.channel.slug(),
        contact.category.slug(),
        contact.outcome.slug()
    );
    if let Some(message) = &contact.message {
        summary.push_str(&format!("; message for user {}", message.recipient_id));
    }
    if let Some(triage) = &contact.triage {
        summary.push_str(&crate::triage::audit_note(triage));
    }
    summary
}
