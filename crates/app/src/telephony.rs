//! The caller screen: a call event arrives from the telephony platform, and
//! the agent it rang for sees at once who is probably calling, how often
//! they have been in touch, and what has been agreed about them.

use crate::{Actor, App, AppError, Result, safeguarding};
use casebook_domain::access::Roles;
use casebook_domain::contacts::Channel;
use casebook_domain::frequent_callers::{ActiveFlag, ContactWindowCounts};
use casebook_domain::telephony::{self as domain, CallEventDraft};
use casebook_store::contacts::{self, ContactFilter, ContactRecord};
use casebook_store::frequent_callers;
use casebook_store::people::{self, PersonRecord};
use casebook_store::safeguarding::MarkerRecord;
use casebook_store::telephony::{self, CallEventRecord};
use casebook_store::{StoreError, Tx, users};
use jiff::Timestamp;

/// How many earlier contacts the screen lists.
const LAST_CONTACTS: i64 = 5;
/// More persons than this on one number (a switchboard, a care home) are
/// listed by name only, without their history.
const CALLERS_SHOWN: usize = 5;

/// What receiving a call event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Created(CallEventRecord),
    /// The platform sent this call id before; nothing new was saved.
    Replayed(CallEventRecord),
}

impl Received {
    pub fn record(&self) -> &CallEventRecord {
        match self {
            Received::Created(r) | Received::Replayed(r) => r,
        }
    }
}

/// One person who may be calling, with what a handler needs before answering.
#[derive(Debug, Clone, PartialEq)]
pub struct CallerSummary {
    pub person: PersonRecord,
    pub counts: ContactWindowCounts,
    pub last_contacts: Vec<ContactRecord>,
    /// The frequent-caller flag and agreed response plan, when flagged.
    pub flag: Option<ActiveFlag>,
    /// Current special-category markers, for roles that need them (the read
    /// is audited); `None` for every other role, which is not told whether
    /// there are any.
    pub markers: Option<Vec<MarkerRecord>>,
}

/// The caller screen: for a call (who rang, on which line) or for a person.
#[derive(Debug, Clone, PartialEq)]
pub struct CallerScreen {
    pub call: Option<CallEventRecord>,
    /// Persons on file with the caller's number (or the one person asked for).
    pub callers: Vec<CallerSummary>,
    /// Persons on the same number beyond those summarised.
    pub more_callers: usize,
    /// The channel a contact started from this screen is logged under.
    pub channel: Channel,
}

/// Records a call event from the telephony platform for the named agent.
/// A call id seen before answers the call kept then and saves nothing.
pub async fn receive_call_event(app: &App, actor: &Actor, draft: &CallEventDraft) -> Result<Received> {
    actor.require(Roles::TELEPHONY)?;
    let mut work = app.begin(actor).await?;
    let event = domain::validate(draft, work.now)?;
    if let Some(existing) = telephony::find_by_call_id(&mut work.tx, &event.call_id).await? {
        return Ok(Received::Replayed(existing));
    }
    let agent = match users::find_by_username(&mut work.tx, event.agent_username.as_str()).await {
        Ok(Some(user)) if user.active && user.roles.intersects(Roles::FRONT_LINE) => user,
        Ok(_) => {
            return Err(AppError::field(
                "agent_username",
                format!("There is no active call handler with the username \"{}\"", event.agent_username.as_str()),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let now = work.now;
    let Some(id) = telephony::insert(&mut work.tx, &event, agent.id, now).await? else {
        // The same call id arrived twice at once; the other request kept it.
        drop(work);
        let mut tx = app.db.read().await?;
        let existing = telephony::find_by_call_id(&mut tx, &event.call_id).await?;
        return existing.map(Received::Replayed).ok_or(AppError::Internal("a call id clashed but was not found".into()));
    };
    let caller = if event.caller.phone().is_some() { "a caller with a number" } else { "a withheld number" };
    work.record(
        "call.received",
        "call",
        Some(id.to_string()),
        format!("{} call from {caller} for {}", event.channel.slug(), agent.username),
    );
    let record = telephony::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(Received::Created(record))
}

/// The caller screen for a call offered to the actor. Only the agent the
/// call rang for sees it: who is calling someone else is not their business.
pub async fn screen_for_call(app: &App, actor: &Actor, call_event_id: i64) -> Result<CallerScreen> {
    actor.require(Roles::FRONT_LINE)?;
    let now = app.now();
    let mut tx = app.db.read().await?;
    let call = telephony::get(&mut tx, call_event_id).await.map_err(not_found("call"))?;
    if Some(call.agent_id) != actor.user_id {
        return Err(AppError::NotFound("call"));
    }
    let persons = match &call.caller_number {
        Some(number) => people::find_by_identifier(&mut tx, "phone", number).await?,
        None => Vec::new(),
    };
    let more_callers = persons.len().saturating_sub(CALLERS_SHOWN);
    let mut callers = Vec::new();
    for id in persons.into_iter().take(CALLERS_SHOWN) {
        callers.push(summarise(&mut tx, id, now).await?);
    }
    drop(tx);
    add_markers(app, actor, &mut callers).await?;
    let channel = call.channel;
    Ok(CallerScreen { call: Some(call), callers, more_callers, channel })
}

/// The same screen for a person, opened from their page.
pub async fn screen_for_person(app: &App, actor: &Actor, person_id: i64) -> Result<CallerScreen> {
    actor.require(Roles::FRONT_LINE)?;
    let now = app.now();
    let mut tx = app.db.read().await?;
    let mut callers = vec![summarise(&mut tx, person_id, now).await?];
    drop(tx);
    add_markers(app, actor, &mut callers).await?;
    Ok(CallerScreen { call: None, callers, more_callers: 0, channel: Channel::DirectDial })
}

/// Calls offered to the actor after `after_id`, oldest first: what a live
/// caller screen has not shown yet.
pub async fn calls_after(app: &App, actor: &Actor, after_id: i64) -> Result<Vec<CallEventRecord>> {
    actor.require(Roles::FRONT_LINE)?;
    let me = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut tx = app.db.read().await?;
    Ok(telephony::for_agent_after(&mut tx, me, after_id, 20).await?)
}

/// The latest call offered to the actor, if any.
pub async fn latest_call(app: &App, actor: &Actor) -> Result<Option<CallEventRecord>> {
    actor.require(Roles::FRONT_LINE)?;
    let me = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut tx = app.db.read().await?;
    Ok(telephony::latest_for_agent(&mut tx, me).await?)
}

async fn summarise(tx: &mut Tx, person_id: i64, now: Timestamp) -> Result<CallerSummary> {
    let person = people::get(tx, person_id).await.map_err(not_found("person"))?;
    let (counts, _) = frequent_callers::counts_for_person(tx, person_id, now).await?;
    let filter = ContactFilter { person_id: Some(person_id), ..ContactFilter::default() };
    let last_contacts = contacts::list(tx, &filter, LAST_CONTACTS).await?;
    let flag = frequent_callers::get(tx, person_id).await?.and_then(|f| f.flag.active().cloned());
    Ok(CallerSummary { person, counts, last_contacts, flag, markers: None })
}

/// Adds the current markers for an actor who may read them, auditing each read.
async fn add_markers(app: &App, actor: &Actor, callers: &mut [CallerSummary]) -> Result<()> {
    if !actor.roles.intersects(Roles::SPECIAL_CATEGORY_READERS) {
        return Ok(());
    }
    for caller in callers {
        let markers = safeguarding::read_markers(app, actor, caller.person.id).await?;
        caller.markers = Some(markers.into_iter().filter(|m| m.withdrawal.is_none()).collect());
    }
    Ok(())
}

fn not_found(what: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::NotFound => AppError::NotFound(what),
        other => other.into(),
    }
}
