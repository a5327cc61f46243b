//! Contacts: logging one (once, even when an API client retries), finding
//! them, the single-contact resolution rate, and the messages taken for
//! named staff (messages, never transfers) with the recipient's decision.

use crate::contact_writer;
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::contacts::summary::{ContactSummary, summarise};
use casebook_domain::contacts::{self as domain, ContactDraft, Message, MessageError, MessageState};
use casebook_domain::triage::RulesInForce;
use casebook_domain::validation::FieldErrors;
use casebook_store::contacts::{self, ContactFilter, ContactRecord, MessageRecord};
use casebook_store::triage::TriageRecord;
use casebook_store::{StoreError, users};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// Longest Idempotency-Key we keep (a UUID is 36 characters).
const IDEMPOTENCY_KEY_MAX: usize = 200;
const PAGE_MAX: i64 = 200;

/// What logging did: made a new contact, or found the one this
/// Idempotency-Key already made and made nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logged {
    Created(i64),
    Replayed(i64),
}

impl Logged {
    pub fn id(self) -> i64 {
        match self {
            Logged::Created(id) | Logged::Replayed(id) => id,
        }
    }
}

/// A contact with the messages taken on it and its THRIVE assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDetail {
    pub contact: ContactRecord,
    pub messages: Vec<MessageRecord>,
    pub triage: Option<TriageRecord>,
    /// The THRIVE notes were blanked: they may hold health or vulnerability
    /// details, which only special-category readers see.
    pub thrive_notes_withheld: bool,
}

/// Search criteria as typed (query string or filter form); blank means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactSearch {
    pub person_id: Option<i64>,
    pub channel: String,
    pub site_id: Option<i64>,
    pub handler_id: Option<i64>,
    /// A date (`2026-11-23`, from the start of that London day) or an RFC 3339 instant.
    pub from: String,
    /// A date (up to the end of that London day) or an RFC 3339 instant (exclusive).
    pub to: String,
    /// Text in the subject or notes.
    pub q: String,
    /// Paging: the last id of the previous page.
    pub before: Option<i64>,
}

fn handler_id(actor: &Actor) -> Result<i64> {
    actor.user_id.ok_or(AppError::Forbidden)
}

fn check_key(key: Option<&str>) -> Result<Option<&str>> {
    match key.map(str::trim) {
        None => Ok(None),
        Some(k) if k.is_empty() || k.chars().count() > IDEMPOTENCY_KEY_MAX || k.chars().any(char::is_control) => {
            Err(AppError::field("idempotency_key", format!("The Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} printable characters")))
        }
        Some(k) => Ok(Some(k)),
    }
}

/// Logs a contact handled by the actor. The site is the actor's own unless
/// the draft names one. With an `idempotency_key` this user has used
/// before, answers the contact it made and saves nothing. Contacts logged
/// at the same moment are committed together (see [`crate::contact_writer`]).
pub async fn log_contact(app: &App, actor: &Actor, draft: &ContactDraft, idempotency_key: Option<&str>) -> Result<Logged> {
    Ok(log(app, actor, draft, idempotency_key).await?.0)
}

/// Logs a contact as [`log_contact`] does and answers it as saved. A new
/// contact with no message and no THRIVE assessment is answered from what
/// was written, saving a read per contact at thousands a second; any
/// other is read back.
pub async fn log_and_show(
    app: &App,
    actor: &Actor,
    draft: &ContactDraft,
    idempotency_key: Option<&str>,
) -> Result<(Logged, ContactDetail)> {
    let (logged, written) = log(app, actor, draft, idempotency_key).await?;
    let detail = match logged {
        Logged::Created(id) if written.contact.message.is_none() && written.contact.triage.is_none() => ContactDetail {
            contact: ContactRecord::as_written(id, &written.contact, written.handler_id, written.logged_at),
            messages: Vec::new(),
            triage: None,
            thrive_notes_withheld: false,
        },
        _ => get_contact(app, actor, logged.id()).await?,
    };
    Ok((logged, detail))
}

/// What `log` handed to the writer.
struct Written {
    contact: domain::ValidContact,
    handler_id: i64,
    logged_at: Timestamp,
}

async fn log(app: &App, actor: &Actor, draft: &ContactDraft, idempotency_key: Option<&str>) -> Result<(Logged, Written)> {
    actor.require(Roles::FRONT_LINE)?;
    let handler = handler_id(actor)?;
    let key = check_key(idempotency_key)?;
    let mut draft = draft.clone();
    // Read only what the draft needs: most contacts name their site (the web
    // fills in the handler's own) and carry no THRIVE assessment.
    let needs_site = draft.site_id.trim().is_empty();
    let rules = if needs_site || draft.triage.is_some() {
        let mut tx = app.db.read().await?;
        if needs_site {
            let me = users::get(&mut tx, handler).await.map_err(|_| AppError::Forbidden)?;
            if let Some(site) = me.site_id {
                draft.site_id = site.to_string();
            }
        }
        crate::triage::rules_in_force(&mut tx).await?
    } else {
        RulesInForce::preset()
    };
    let now = app.now();
    let valid = domain::validate(&draft, now, &rules)?;
    let written = Written { contact: valid.clone(), handler_id: handler, logged_at: now };
    let logged = contact_writer::write(app, actor, handler, valid, key, now).await?;
    Ok((logged, written))
}

pub async fn get_contact(app: &App, actor: &Actor, id: i64) -> Result<ContactDetail> {
    actor.require(Roles::FRONT_LINE)?;
    let mut tx = app.db.read().await?;
    let contact = contacts::get(&mut tx, id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("contact"),
        other => other.into(),
    })?;
    let messages = contacts::messages_for_contact(&mut tx, id).await?;
    let mut triage = casebook_store::triage::for_contact(&mut tx, id).await?;
    drop(tx);
    let mut thrive_notes_withheld = false;
    if let Some(assessment) = triage.as_mut()
        && assessment.factors.iter().any(|f| !f.note.is_empty())
    {
        // A THRIVE note ("autistic; distressed by the noise") is often
        // special-category data: shown to those who may read markers, and
        // every such read is on the record, as for the markers themselves.
        if actor.roles.intersects(Roles::SPECIAL_CATEGORY_READERS) {
            let mut work = app.begin(actor).await?;
            work.record("contact.thrive_notes_read", "contact", Some(id.to_string()), "read the THRIVE notes");
            work.commit().await?;
        } else {
            assessment.factors.iter_mut().for_each(|f| f.note.clear());
            thrive_notes_withheld = true;
        }
    }
    Ok(ContactDetail { contact, messages, triage, thrive_notes_withheld })
}

fn parse_bound(raw: &str, field: &str, end_of_day: bool, errors: &mut FieldErrors) -> Option<Timestamp> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Ok(ts) = raw.parse::<Timestamp>() {
        return Some(ts);
    }
    let london = casebook_domain::calendar::london();
    let local = match raw.parse::<Date>() {
        Ok(d) if end_of_day => d.tomorrow().ok().map(|d| d.to_datetime(jiff::civil::Time::midnight())),
        Ok(d) => Some(d.to_datetime(jiff::civil::Time::midnight())),
        Err(_) => raw.parse::<DateTime>().ok(),
    };
    match local.and_then(|l| l.to_zoned(london).ok()) {
        Some(z) => Some(z.timestamp()),
        None => {
            errors.add(field, format!("\"{raw}\" is not a date, like 2026-11-23"));
            None
        }
    }
}

fn parse_search(search: &ContactSearch) -> Result<ContactFilter> {
    let mut errors = FieldErrors::new();
    let channel = match search.channel.trim() {
        "" => None,
        raw => errors.check("channel", raw.parse::<domain::Channel>()),
    };
    let from = parse_bound(&search.from, "from", false, &mut errors);
    let to = parse_bound(&search.to, "to", true, &mut errors);
    errors.into_result(())?;
    Ok(ContactFilter {
        person_id: search.person_id,
        channel,
        site_id: search.site_id,
        handler_id: search.handler_id,
        from,
        to,
        text: Some(search.q.trim().to_owned()).filter(|q| !q.is_empty()),
        before_id: search.before,
    })
}

/// Contacts matching the search, newest first, at most `limit` (up to 200).
pub async fn list_contacts(app: &App, actor: &Actor, search: &ContactSearch, limit: i64) -> Result<Vec<ContactRecord>> {
    actor.require(Roles::FRONT_LINE)?;
    let filter = parse_search(search)?;
    let mut tx = app.db.read().await?;
    Ok(contacts::list(&mut tx, &filter, limit.clamp(1, PAGE_MAX)).await?)
}

/// The single-contact resolution rate (0.0 to 1.0) of the contacts matching
/// the search, ignoring paging; `None` when there are none.
pub async fn first_contact_resolution(app: &App, actor: &Actor, search: &ContactSearch) -> Result<Option<f64>> {
    actor.require(Roles::FRONT_LINE)?;
    let filter = ContactFilter { before_id: None, ..parse_search(search)? };
    let mut tx = app.db.read().await?;
    Ok(summarise(&contacts::count_rows(&mut tx, &filter).await?).first_contact_resolution)
}

/// The contacts report (REPORT_READERS): counts by channel, category and
/// outcome, the resolution rate, and how malicious and sales calls went.
pub async fn contact_summary(app: &App, actor: &Actor, search: &ContactSearch) -> Result<ContactSummary> {
    actor.require(Roles::REPORT_READERS)?;
    let filter = ContactFilter { before_id: None, ..parse_search(search)? };
    let mut tx = app.db.read().await?;
    Ok(summarise(&contacts::count_rows(&mut tx, &filter).await?))
}

/// The actor's messages: open ones first.
pub async fn inbox(app: &App, actor: &Actor) -> Result<Vec<MessageRecord>> {
    actor.require(Roles::FRONT_LINE)?;
    let me = handler_id(actor)?;
    let mut tx = app.db.read().await?;
    Ok(contacts::inbox(&mut tx, me, PAGE_MAX).await?)
}

fn message_error(e: MessageError) -> AppError {
    AppError::field(e.field(), e.to_string())
}

/// Loads a message the actor may decide: only its recipient may.
async fn own_message(work: &mut crate::Work, actor: &Actor, id: i64) -> Result<Message> {
    let record = contacts::get_message(&mut work.tx, id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("message"),
        other => other.into(),
    })?;
    if Some(record.recipient_id) != actor.user_id {
        return Err(AppError::Forbidden);
    }
    Ok(Message { recipient_id: record.recipient_id, text: record.text, taken_at: record.created_at, state: record.state })
}

async fn save_decision(mut work: crate::Work, id: i64, state: MessageState, action: &str, summary: String) -> Result<MessageRecord> {
    contacts::decide_message(&mut work.tx, id, &state).await.map_err(|e| match e {
        StoreError::StaleVersion => message_error(MessageError::AlreadyDecided),
        other => other.into(),
    })?;
    work.record(action, "message", Some(id.to_string()), summary);
    let record = contacts::get_message(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}

/// The recipient returned the call. `returned_at` blank means now; it may
/// be an RFC 3339 instant or London wall-clock time (`2026-11-23T14:30`).
pub async fn record_message_returned(app: &App, actor: &Actor, id: i64, returned_at: &str, note: &str) -> Result<MessageRecord> {
    actor.require(Roles::FRONT_LINE)?;
    let mut work = app.begin(actor).await?;
    let message = own_message(&mut work, actor, id).await?;
    let now = work.now;
    let at = match returned_at.trim() {
        "" => now,
        raw => {
            let mut errors = FieldErrors::new();
            let at = parse_bound(raw, "returned_at", false, &mut errors);
            errors.into_result(())?;
            at.unwrap_or(now)
        }
    };
    let state = domain::record_returned(&message, at, note, now).map_err(message_error)?;
    save_decision(work, id, state, "message.returned", format!("returned the call at {at}")).await
}

/// The recipient decided not to return the call, and says why.
pub async fn record_message_not_returned(app: &App, actor: &Actor, id: i64, reason: &str) -> Result<MessageRecord> {
    actor.require(Roles::FRONT_LINE)?;
    let mut work = app.begin(actor).await?;
    let message = own_message(&mut work, actor, id).await?;
    let state = domain::record_not_returned(&message, reason, work.now).map_err(message_error)?;
    save_decision(work, id, state, "message.not_returned", "decided not to return the call".into()).await
}
