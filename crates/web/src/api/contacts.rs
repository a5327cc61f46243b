//! Contacts and the messages taken on them, over the API. Creating a
//! contact honours an `Idempotency-Key` header: a retry answers the contact
//! the first request made (200) instead of making a second one (201).

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use casebook_app::contacts::{self, ContactDetail, ContactSearch, Logged};
use casebook_domain::contacts::{ContactDraft, MessageState};
use casebook_store::contacts::{ContactRecord, MessageRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
const DEFAULT_LIMIT: i64 = 50;

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    pub contact_id: i64,
    /// The member of staff the message is for.
    pub recipient_id: i64,
    pub text: String,
    /// open, returned or not-returned.
    pub state: String,
    /// When the call was returned, or when the recipient decided not to (RFC 3339).
    pub decided_at: Option<String>,
    /// What was agreed, or why the call was not returned.
    pub note: Option<String>,
    pub created_at: String,
}

impl From<&MessageRecord> for MessageView {
    fn from(m: &MessageRecord) -> Self {
        let (state, decided_at, note) = match &m.state {
            MessageState::Open => ("open", None, None),
            MessageState::Returned { returned_at, note } => ("returned", Some(returned_at.to_string()), Some(note.clone())),
            MessageState::NotReturned { decided_at, reason } => ("not-returned", Some(decided_at.to_string()), Some(reason.clone())),
        };
        MessageView {
            id: m.id,
            contact_id: m.contact_id,
            recipient_id: m.recipient_id,
            text: m.text.clone(),
            state: state.into(),
            decided_at,
            note,
            created_at: m.created_at.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContactView {
    pub id: i64,
    /// RFC 3339, UTC.
    pub occurred_at: String,
    /// call-999, text-999, call-101, direct-dial, sms, email, online-report, fax, internal,
    /// weather-phone, webchat, letter, in-person, complaint-box or video-interview.
    pub channel: String,
    /// inbound or outbound.
    pub direction: String,
    pub site_id: Option<i64>,
    pub handler_id: i64,
    pub person_id: Option<i64>,
    pub anonymous: bool,
    pub subject: String,
    pub notes: String,
    /// enquiry, request, complaint, request-to-speak, sales-or-marketing, malicious-or-abusive or other.
    pub category: String,
    /// resolved-at-first-contact, message-taken, referred, complaint-opened or signposted.
    pub outcome: String,
    pub duration_seconds: Option<i64>,
    pub caller_warned: Option<bool>,
    pub call_ended: Option<bool>,
    pub sales_organisation: Option<String>,
    pub sales_purpose: Option<String>,
    pub created_at: String,
    /// Present on a single contact: the messages taken on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<MessageView>>,
    /// Present on a single contact that was assessed: its THRIVE assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triage: Option<super::triage::TriageView>,
}

impl From<&ContactRecord> for ContactView {
    fn from(c: &ContactRecord) -> Self {
        ContactView {
            id: c.id,
            occurred_at: c.occurred_at.to_string(),
            channel: c.channel.slug().into(),
            direction: c.direction.slug().into(),
            site_id: c.site_id,
            handler_id: c.handler_id,
            person_id: c.person_id,
            anonymous: c.anonymous,
            subject: c.subject.clone(),
            notes: c.notes.clone(),
            category: c.category.slug().into(),
            outcome: c.outcome.slug().into(),
            duration_seconds: c.duration_seconds,
            caller_warned: c.caller_warned,
            call_ended: c.call_ended,
            sales_organisation: c.sales_organisation.clone(),
            sales_purpose: c.sales_purpose.clone(),
            created_at: c.created_at.to_string(),
            messages: None,
            triage: None,
        }
    }
}

impl From<&ContactDetail> for ContactView {
    fn from(d: &ContactDetail) -> Self {
        ContactView {
            messages: Some(d.messages.iter().map(MessageView::from).collect()),
            triage: d.triage.as_ref().map(|t| super::triage::TriageView { notes_withheld: d.thrive_notes_withheld, ..t.into() }),
            ..ContactView::from(&d.contact)
        }
    }
}

/// A contact to log. The handler is the caller of the API; the site is
/// theirs unless `site_id` names another.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ContactInput {
    /// RFC 3339; omitted means now.
    pub occurred_at: Option<String>,
    pub channel: String,
    pub direction: String,
    pub site_id: Option<i64>,
    /// Required unless `anonymous`.
    pub person_id: Option<i64>,
    pub anonymous: bool,
    pub subject: String,
    pub notes: String,
    pub category: String,
    pub outcome: String,
    pub duration_seconds: Option<i64>,
    /// Required for malicious-or-abusive contacts.
    pub caller_warned: Option<bool>,
    /// Required for malicious-or-abusive telephone calls only.
    pub call_ended: Option<bool>,
    /// Required for sales-or-marketing contacts.
    pub sales_organisation: String,
    pub sales_purpose: String,
    /// With outcome message-taken: the user id of the member of staff the message is for.
    pub message_for: Option<i64>,
    pub message_text: String,
    /// A THRIVE assessment, when the handler made one; the grade is proposed by the server's rules.
    pub triage: Option<super::triage::TriageInput>,
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl ContactInput {
    fn draft(self, now: jiff::Timestamp) -> ContactDraft {
        ContactDraft {
            occurred_at: self.occurred_at.unwrap_or_else(|| now.to_string()),
            channel: self.channel,
            direction: self.direction,
            site_id: text(self.site_id),
            person_id: text(self.person_id),
            anonymous: self.anonymous,
            subject: self.subject,
            notes: self.notes,
            category: self.category,
            outcome: self.outcome,
            duration_seconds: text(self.duration_seconds),
            caller_warned: self.caller_warned,
            call_ended: self.call_ended,
            sales_organisation: self.sales_organisation,
            sales_purpose: self.sales_purpose,
            message_for: text(self.message_for),
            message_text: self.message_text,
            triage: self.triage.map(Into::into),
        }
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct ContactQuery {
    pub person_id: Option<i64>,
    /// A channel slug, e.g. call-101.
    pub channel: Option<String>,
    pub site_id: Option<i64>,
    pub handler_id: Option<i64>,
    /// A date (from the start of that London day) or an RFC 3339 instant.
    pub from: Option<String>,
    /// A date (to the end of that London day) or an RFC 3339 instant (exclusive).
    pub to: Option<String>,
    /// Text in the subject or notes (case-insensitive substring; full-text search later).
    pub q: Option<String>,
    /// At most 200; 50 when omitted.
    pub limit: Option<i64>,
    /// Paging: the `next_before` of the previous page.
    pub before: Option<i64>,
}

impl ContactQuery {
    fn search(self) -> ContactSearch {
        ContactSearch {
            person_id: self.person_id,
            channel: self.channel.unwrap_or_default(),
            site_id: self.site_id,
            handler_id: self.handler_id,
            from: self.from.unwrap_or_default(),
            to: self.to.unwrap_or_default(),
            q: self.q.unwrap_or_default(),
            before: self.before,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContactPage {
    pub items: Vec<ContactView>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next_before: Option<i64>,
    /// Share (0.0 to 1.0) of all contacts matching the filters resolved at first contact; absent when none match.
    pub first_contact_resolution: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct MessagePage {
    pub items: Vec<MessageView>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReturnedInput {
    /// When the call was returned (RFC 3339); omitted means now.
    pub returned_at: String,
    /// What was agreed, if anything.
    pub note: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NotReturnedInput {
    /// Why the call will not be returned.
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = ContactInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request answer the contact the first one made")),
    responses((status = 201, body = ContactView), (status = 200, description = "A replay of an Idempotency-Key: the contact it made", body = ContactView),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ContactInput>,
) -> Result<(StatusCode, Json<ContactView>), Failure> {
    let key = match headers.get(IDEMPOTENCY_KEY) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| Failure::BadRequest("The Idempotency-Key header must be printable ASCII.".into()))?),
    };
    let actor = user.actor();
    let mut draft = body.draft(state.app.now());
    // No site named: the handler's own, known from signing in, so no read is needed.
    if draft.site_id.trim().is_empty()
        && let Some(site) = user.principal.user.site_id
    {
        draft.site_id = site.to_string();
    }
    let (logged, detail) = contacts::log_and_show(&state.app, &actor, &draft, key).await?;
    let status = if matches!(logged, Logged::Created(_)) { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ContactView::from(&detail))))
}

#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactQuery),
    responses((status = 200, body = ContactPage), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ContactQuery>) -> Result<Json<ContactPage>, Failure> {
    let actor = user.actor();
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 200);
    let search = q.search();
    let found = contacts::list_contacts(&state.app, &actor, &search, limit).await?;
    let rate = contacts::first_contact_resolution(&state.app, &actor, &search).await?;
    let next_before = if i64::try_from(found.len()).unwrap_or(0) == limit { found.last().map(|c| c.id) } else { None };
    Ok(Json(ContactPage { items: found.iter().map(ContactView::from).collect(), next_before, first_contact_resolution: rate }))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactView), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<ContactView>, Failure> {
    Ok(Json(ContactView::from(&contacts::get_contact(&state.app, &user.actor(), id).await?)))
}

#[utoipa::path(get, path = "/api/v1/messages", tag = "contacts",
    responses((status = 200, description = "My messages, open ones first", body = MessagePage)), security(("bearer" = [])))]
pub async fn inbox(State(state): State<AppState>, user: CurrentUser) -> Result<Json<MessagePage>, Failure> {
    let messages = contacts::inbox(&state.app, &user.actor()).await?;
    Ok(Json(MessagePage { items: messages.iter().map(MessageView::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/messages/{id}/returned", tag = "contacts", params(("id" = i64, Path)), request_body = ReturnedInput,
    responses((status = 200, body = MessageView), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn returned(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReturnedInput>,
) -> Result<Json<MessageView>, Failure> {
    let message = contacts::record_message_returned(&state.app, &user.actor(), id, &body.returned_at, &body.note).await?;
    Ok(Json(MessageView::from(&message)))
}

#[utoipa::path(post, path = "/api/v1/messages/{id}/not-returned", tag = "contacts", params(("id" = i64, Path)), request_body = NotReturnedInput,
    responses((status = 200, body = MessageView), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
        (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn not_returned(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NotReturnedInput>,
) -> Result<Json<MessageView>, Failure> {
    let message = contacts::record_message_not_returned(&state.app, &user.actor(), id, &body.reason).await?;
    Ok(Json(MessageView::from(&message)))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct ReportQuery {
    /// A date (from the start of that London day) or an RFC 3339 instant.
    pub from: Option<String>,
    /// A date (to the end of that London day) or an RFC 3339 instant (exclusive).
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CountView {
    /// A channel, category or outcome slug.
    pub key: String,
    pub contacts: u64,
    /// Share resolved at the first contact (0.0 to 1.0); absent when there were none.
    pub first_contact_resolution: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactReportView {
    pub total: u64,
    pub first_contact_resolution: Option<f64>,
    pub by_channel: Vec<CountView>,
    pub by_category: Vec<CountView>,
    pub by_outcome: Vec<CountView>,
    pub malicious: u64,
    pub malicious_caller_warned: u64,
    pub malicious_call_ended: u64,
    pub sales: u64,
}

#[utoipa::path(get, path = "/api/v1/reports/contacts", tag = "contacts", params(ReportQuery),
    responses((status = 200, body = ContactReportView), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ReportQuery>,
) -> Result<Json<ContactReportView>, Failure> {
    let search = ContactSearch { from: q.from.unwrap_or_default(), to: q.to.unwrap_or_default(), ..ContactSearch::default() };
    let s = contacts::contact_summary(&state.app, &user.actor(), &search).await?;
    let line = |key: &str, contacts: u64, rate: Option<f64>| CountView { key: key.to_owned(), contacts, first_contact_resolution: rate };
    Ok(Json(ContactReportView {
        total: s.total,
        first_contact_resolution: s.first_contact_resolution,
        by_channel: s.by_channel.iter().map(|l| line(l.key.slug(), l.contacts, l.first_contact_resolution)).collect(),
        by_category: s.by_category.iter().map(|l| line(l.key.slug(), l.contacts, l.first_contact_resolution)).collect(),
        by_outcome: s.by_outcome.iter().map(|(o, n)| line(o.slug(), *n, None)).collect(),
        malicious: s.malicious,
        malicious_caller_warned: s.malicious_warned,
        malicious_call_ended: s.malicious_ended,
        sales: s.sales,
    }))
}
