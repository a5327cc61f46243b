//! Group commit for contacts (see [`crate::group_commit`]): a contact
//! centre logs thousands of contacts an hour, each validated in its own
//! request and written in batches, each with its own Idempotency-Key check,
//! audit event and answer.

use crate::contacts::Logged;
use crate::group_commit::{self, Batched, GroupCommit};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::contacts::{MessageState, ValidContact};
use casebook_domain::validation::FieldErrors;
use casebook_store::StoreError;
use casebook_store::bulk::{self, BulkContact};
use casebook_store::contacts::{self, Referent};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};

/// The queue of contacts waiting to be written.
pub type ContactWriter = GroupCommit<Item>;

/// One contact to write: who logged it, as which handler, with which
/// Idempotency-Key, and when they submitted it (its `created_at`).
pub struct Item {
    actor: Actor,
    handler_id: i64,
    contact: ValidContact,
    key: Option<String>,
    logged_at: Timestamp,
}

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
    let item = Item { actor: actor.clone(), handler_id, contact, key: key.map(str::to_owned), logged_at };
    group_commit::submit(app, item).await
}

impl Batched for Item {
    type Answer = Logged;

    fn queue(app: &App) -> &GroupCommit<Self> {
        &app.contact_writer
    }

    async fn write_together(app: &App, items: &[Self]) -> Result<Vec<Result<Logged>>> {
        Ok(write_together(app, items).await?.into_iter().map(Result::from).collect())
    }

    async fn after_failure(app: &App, item: &Self, error: AppError) -> Result<Logged> {
        match error {
            AppError::Store(StoreError::Conflict { .. }) if item.key.is_some() => replay_after_clash(app, item).await,
            other => Err(other),
        }
    }
}

/// What became of one contact of a batch, before the commit.
enum Outcome {
    Created(i64),
    /// An Idempotency-Key used before (or earlier in this batch) made this contact.
    Replayed(i64),
    Refused(AppError),
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
