//! Contact pages: the list with filters and the resolution rate, the
//! one-page log form (messages, never transfers), one contact, and the
//! message inbox where staff record whether they returned the call.

use super::{london, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, ticked, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::contacts::{self, ContactDetail, ContactSearch};
use casebook_app::{AppError, accounts, sites};
use casebook_domain::contacts::{Channel, ContactCategory, ContactDraft, ContactOutcome, Direction, MessageState};
use casebook_domain::validation::FieldErrors;
use casebook_store::contacts::{ContactRecord, MessageRecord};
use serde::Deserialize;
use std::collections::HashMap;

const PAGE_SIZE: i64 = 50;

fn notice(code: Option<&str>) -> Option<String> {
    match code? {
        "contact-logged" => Some("Contact logged".into()),
        "message-decided" => Some("Your decision on the message has been recorded".into()),
        _ => None,
    }
}

/// One row of the contact table, ready to show.
pub struct Row {
    id: i64,
    when: String,
    channel: &'static str,
    direction: &'static str,
    subject: String,
    category: &'static str,
    outcome: &'static str,
    handler: String,
}

fn rows(found: &[ContactRecord], names: &HashMap<i64, String>) -> Vec<Row> {
    found
        .iter()
        .map(|c| Row {
            id: c.id,
            when: london(c.occurred_at),
            channel: c.channel.label(),
            direction: c.direction.label(),
            subject: c.subject.clone(),
            category: c.category.label(),
            outcome: c.outcome.label(),
            handler: names.get(&c.handler_id).cloned().unwrap_or_else(|| format!("user {}", c.handler_id)),
        })
        .collect()
}

async fn staff_names(state: &AppState) -> Result<HashMap<i64, String>, Failure> {
    Ok(accounts::list(&state.app).await?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

// ---- the list ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "contacts/list.html")]
struct ListPage {
    layout: Layout,
    errors: FieldErrors,
    q: FilterInput,
    channels: Vec<Choice>,
    rows: Vec<Row>,
    rate: Option<String>,
    next_before: Option<i64>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct FilterInput {
    q: String,
    channel: String,
    from: String,
    to: String,
    person_id: String,
    handler_id: String,
    site_id: String,
    before: Option<i64>,
    notice: Option<String>,
}

impl FilterInput {
    fn search(&self, errors: &mut FieldErrors) -> ContactSearch {
        let mut id = |field: &str, raw: &str| match raw.trim() {
            "" => None,
            raw => errors.check(field, raw.parse::<i64>().map_err(|_| format!("\"{raw}\" is not a record number"))),
        };
        ContactSearch {
            person_id: id("person_id", &self.person_id),
            site_id: id("site_id", &self.site_id),
            handler_id: id("handler_id", &self.handler_id),
            channel: self.channel.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            q: self.q.clone(),
            before: self.before,
        }
    }

    /// The filters as a query string, for the "older contacts" link.
    fn query(&self) -> String {
        let pairs = [("q", &self.q), ("channel", &self.channel), ("from", &self.from), ("to", &self.to)];
        pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn channel_choices(current: &str, prompt: &str) -> Vec<Choice> {
    with_prompt(prompt, current, Channel::ALL.map(|c| (c.slug().to_owned(), c.label().to_owned())))
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<FilterInput>) -> Result<Response, Failure> {
    let actor = user.actor();
    let mut errors = FieldErrors::new();
    let search = q.search(&mut errors);
    let (found, rate) = if errors.is_empty() {
        match contacts::list_contacts(&state.app, &actor, &search, PAGE_SIZE).await {
            Ok(found) => (found, contacts::first_contact_resolution(&state.app, &actor, &search).await?),
            Err(AppError::Invalid(e)) => {
                errors = e;
                (Vec::new(), None)
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        (Vec::new(), None)
    };
    let names = staff_names(&state).await?;
    let next_before = if i64::try_from(found.len()).unwrap_or(0) == PAGE_SIZE { found.last().map(|c| c.id) } else { None };
    let layout = Layout::for_user(&user, "Contacts", "/contacts", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(q.notice.as_deref()));
    let page = ListPage {
        layout,
        channels: channel_choices(&q.channel, "Any channel"),
        rows: rows(&found, &names),
        rate: rate.map(|r| format!("{:.0}%", r * 100.0)),
        next_before,
        errors,
        q,
    };
    Ok(ok(&page))
}

impl ListPage {
    fn older_link(&self, before: &i64) -> String {
        let query = self.q.query();
        if query.is_empty() { format!("/contacts?before={before}") } else { format!("/contacts?{query}&before={before}") }
    }
}

// ---- the log form ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "contacts/form.html")]
struct FormPage {
    layout: Layout,
    errors: FieldErrors,
    form: ContactInput,
    channels: Vec<Choice>,
    directions: Vec<Choice>,
    sites: Vec<Choice>,
    categories: Vec<Choice>,
    outcomes: Vec<Choice>,
    staff: Vec<Choice>,
    thrive: super::triage::ThriveSection,
}

/// The form as posted; every field is text so a bad value comes back as typed.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContactInput {
    occurred_at: String,
    channel: String,
    direction: String,
    site_id: String,
    person_id: String,
    anonymous: Option<String>,
    subject: String,
    notes: String,
    category: String,
    outcome: String,
    duration_seconds: String,
    caller_warned: String,
    call_ended: String,
    sales_organisation: String,
    sales_purpose: String,
    message_for: String,
    message_text: String,
    /// The THRIVE section; all blank means the contact was not assessed.
    #[serde(flatten)]
    thrive: casebook_domain::triage::TriageDraft,
}

fn yes_no(raw: &str) -> Option<bool> {
    match raw {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

impl ContactInput {
    fn draft(&self) -> ContactDraft {
        ContactDraft {
            occurred_at: self.occurred_at.clone(),
            channel: self.channel.clone(),
            direction: self.direction.clone(),
            site_id: self.site_id.clone(),
            person_id: self.person_id.clone(),
            anonymous: ticked(&self.anonymous),
            subject: self.subject.clone(),
            notes: self.notes.clone(),
            category: self.category.clone(),
            outcome: self.outcome.clone(),
            duration_seconds: self.duration_seconds.clone(),
            caller_warned: yes_no(&self.caller_warned),
            call_ended: yes_no(&self.call_ended),
            sales_organisation: self.sales_organisation.clone(),
            sales_purpose: self.sales_purpose.clone(),
            message_for: self.message_for.clone(),
            message_text: self.message_text.clone(),
            triage: Some(self.thrive.clone()).filter(|t| !t.is_blank()),
        }
    }

    fn is_anonymous(&self) -> bool {
        ticked(&self.anonymous)
    }
}

async fn form_page(state: &AppState, user: &CurrentUser, form: ContactInput, errors: FieldErrors) -> Result<FormPage, Failure> {
    let layout = Layout::for_user(user, "Log a contact", "/contacts", &state.app.settings.organisation).with_errors(!errors.is_empty());
    let sites = sites::list(&state.app).await?.into_iter().filter(|s| s.active).map(|s| (s.id.to_string(), s.name));
    let staff = accounts::list(&state.app)
        .await?
        .into_iter()
        .filter(|u| u.active && u.roles.intersects(casebook_domain::access::Roles::FRONT_LINE))
        .map(|u| (u.id.to_string(), u.display_name));
    let thrive = super::triage::section(state, user, &form.thrive, &errors).await?;
    Ok(FormPage {
        layout,
        errors,
        channels: channel_choices(&form.channel, "Choose the channel"),
        directions: Direction::ALL.iter().map(|d| Choice::new(d.slug(), d.label(), form.direction == d.slug())).collect(),
        sites: with_prompt("My site", &form.site_id, sites),
        categories: with_prompt(
            "Choose the category",
            &form.category,
            ContactCategory::ALL.map(|c| (c.slug().to_owned(), c.label().to_owned())),
        ),
        outcomes: with_prompt(
            "Choose the outcome",
            &form.outcome,
            ContactOutcome::ALL.map(|o| (o.slug().to_owned(), o.label().to_owned())),
        ),
        staff: with_prompt("No message", &form.message_for, staff),
        thrive,
        form,
    })
}

/// What a link may fill in on a new contact, e.g. from the caller screen:
/// `?person_id=12&channel=call-101&occurred_at=2026-11-23T09:14`.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Prefill {
    person_id: String,
    channel: String,
    occurred_at: String,
    anonymous: Option<String>,
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, Query(prefill): Query<Prefill>) -> Result<Response, Failure> {
    let now = state.app.now().to_zoned(casebook_domain::calendar::london()).strftime("%Y-%m-%dT%H:%M").to_string();
    let form = ContactInput {
        occurred_at: if prefill.occurred_at.is_empty() { now } else { prefill.occurred_at },
        direction: "inbound".into(),
        person_id: prefill.person_id,
        channel: prefill.channel,
        anonymous: prefill.anonymous,
        ..ContactInput::default()
    };
    Ok(ok(&form_page(&state, &user, form, FieldErrors::new()).await?))
}

pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(input): Form<ContactInput>) -> Result<Response, Failure> {
    match contacts::log_contact(&state.app, &user.actor(), &input.draft(), None).await {
        Ok(logged) => Ok(Redirect::to(&format!("/contacts/{}?notice=contact-logged", logged.id())).into_response()),
        Err(AppError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&state, &user, input, errors).await?)),
        Err(other) => Err(other.into()),
    }
}

// ---- one contact ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "contacts/show.html")]
struct ShowPage {
    layout: Layout,
    detail: ContactDetail,
    when: String,
    handler: String,
    messages: Vec<MessageRow>,
    triage: Option<super::triage::AssessmentView>,
}

pub struct MessageRow {
    id: i64,
    contact_id: i64,
    recipient: String,
    text: String,
    taken: String,
    open: bool,
    decision: String,
}

fn message_rows(messages: &[MessageRecord], names: &HashMap<i64, String>) -> Vec<MessageRow> {
    messages
        .iter()
        .map(|m| {
            let decision = match &m.state {
                MessageState::Open => "Open".to_owned(),
                MessageState::Returned { returned_at, note } if note.is_empty() => format!("Returned at {}", london(*returned_at)),
                MessageState::Returned { returned_at, note } => format!("Returned at {}: {note}", london(*returned_at)),
                MessageState::NotReturned { decided_at, reason } => format!("Not returned (decided {}): {reason}", london(*decided_at)),
            };
            MessageRow {
                id: m.id,
                contact_id: m.contact_id,
                recipient: names.get(&m.recipient_id).cloned().unwrap_or_else(|| format!("user {}", m.recipient_id)),
                text: m.text.clone(),
                taken: london(m.created_at),
                open: m.state == MessageState::Open,
                decision,
            }
        })
        .collect()
}

#[derive(Debug, Deserialize, Default)]
pub struct NoticeInput {
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeInput>,
) -> Result<Response, Failure> {
    let detail = contacts::get_contact(&state.app, &user.actor(), id).await?;
    let names = staff_names(&state).await?;
    let layout = Layout::for_user(&user, format!("Contact {id}"), "/contacts", &state.app.settings.organisation)
        .with_notice(notice(q.notice.as_deref()));
    let handler = names.get(&detail.contact.handler_id).cloned().unwrap_or_default();
    Ok(ok(&ShowPage {
        layout,
        when: london(detail.contact.occurred_at),
        handler,
        messages: message_rows(&detail.messages, &names),
        triage: detail
            .triage
            .as_ref()
            .map(|t| super::triage::AssessmentView { notes_withheld: detail.thrive_notes_withheld, ..super::triage::assessment_view(t) }),
        detail,
    }))
}

// ---- the inbox ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "contacts/inbox.html")]
struct InboxPage {
    layout: Layout,
    errors: FieldErrors,
    messages: Vec<MessageRow>,
}

async fn inbox_page(state: &AppState, user: &CurrentUser, errors: FieldErrors, notice_code: Option<&str>) -> Result<InboxPage, Failure> {
    let messages = contacts::inbox(&state.app, &user.actor()).await?;
    let names = staff_names(state).await?;
    let layout = Layout::for_user(user, "My messages", "/messages", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(notice_code));
    Ok(InboxPage { layout, errors, messages: message_rows(&messages, &names) })
}

pub async fn inbox(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeInput>) -> Result<Response, Failure> {
    Ok(ok(&inbox_page(&state, &user, FieldErrors::new(), q.notice.as_deref()).await?))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DecisionInput {
    note: String,
    reason: String,
}

async fn decided(state: &AppState, user: &CurrentUser, id: i64, result: Result<MessageRecord, AppError>) -> Result<Response, Failure> {
    match result {
        Ok(_) => Ok(Redirect::to("/messages?notice=message-decided").into_response()),
        Err(AppError::Invalid(errors)) => {
            // Each message has its own form: point the summary at this message's fields.
            let mut own = FieldErrors::new();
            for e in errors.iter() {
                own.add(&format!("{}-{id}", e.field), e.message.clone());
            }
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &inbox_page(state, user, own, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn returned(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<DecisionInput>,
) -> Result<Response, Failure> {
    let result = contacts::record_message_returned(&state.app, &user.actor(), id, "", &input.note).await;
    decided(&state, &user, id, result).await
}

pub async fn not_returned(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<DecisionInput>,
) -> Result<Response, Failure> {
    let result = contacts::record_message_not_returned(&state.app, &user.actor(), id, &input.reason).await;
    decided(&state, &user, id, result).await
}
