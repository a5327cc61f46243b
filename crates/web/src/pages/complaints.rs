//! Complaints pages: the work list and list with filters, the receipt
//! form, and one page per complaint with its state, parts, clocks,
//! history and the form for the step it is at. A step refused by the
//! domain shows the same page again with the problem named.

use super::{london, notice_text, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, ticked, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use casebook_app::complaints::{
    self, AllocateForm, ComplaintDetail, ReallocateForm, RecategoriseForm, TriageForm, WithdrawForm, WorkListFilter,
};
use casebook_app::{AppError, accounts, sites};
use casebook_domain::access::{Role, Roles};
use casebook_domain::complaints::clocks::Scope;
use casebook_domain::complaints::complaint::State as ComplaintState;
use casebook_domain::complaints::procedure::Setting;
use casebook_domain::complaints::receipt::{ArrivedBy, ComplaintDraft, ConsentMethod, ThirdPartyDraft};
use casebook_domain::complaints::triage::ReferralInput;
use casebook_domain::complaints::withdrawal::WithdrawalMethod;
use casebook_domain::complaints::worklist::WorkItem;
use casebook_domain::validation::FieldErrors;
use casebook_store::complaints::{ComplaintFilter, ComplaintSummary};
use casebook_store::users::UserRecord;
use serde::Deserialize;
use std::collections::HashMap;

fn notice(code: Option<&str>) -> Option<String> {
    let text = match code? {
        "complaint-received" => "Complaint received",
        "step-recorded" => "Saved",
        other => return notice_text(Some(other)),
    };
    Some(text.to_owned())
}

// ---------------------------------------------------------------------------
// The list and the work list
// ---------------------------------------------------------------------------

pub struct WorkRow {
    complaint_id: i64,
    reference: String,
    label: String,
    body: String,
    status: String,
    due: String,
}

fn work_rows(items: &[WorkItem]) -> Vec<WorkRow> {
    items
        .iter()
        .map(|i| WorkRow {
            complaint_id: i.complaint_id,
            reference: i.reference.clone().unwrap_or_else(|| format!("Complaint {}", i.complaint_id)),
            label: i.label.clone(),
            body: i.body.clone(),
            status: i.status.summary(),
            due: i.status.due().map(london).unwrap_or_default(),
        })
        .collect()
}

pub struct ListRow {
    id: i64,
    reference: String,
    state: String,
    category: String,
    received: String,
    summary: String,
    confidential: bool,
}

fn list_rows(found: &[ComplaintSummary]) -> Vec<ListRow> {
    found
        .iter()
        .map(|c| ListRow {
            id: c.id,
            reference: c.reference.clone().unwrap_or_else(|| "Not logged yet".into()),
            state: c.state.clone(),
            category: c.category.clone().unwrap_or_default(),
            received: london(c.received_at),
            summary: c.summary.chars().take(120).collect(),
            confidential: c.confidential,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "complaints/list.html")]
struct ListPage {
    layout: Layout,
    may_receive: bool,
    sites: Vec<Choice>,
    states: Vec<Choice>,
    people: Vec<Choice>,
    body: String,
    overdue: Vec<WorkRow>,
    due_today: Vec<WorkRow>,
    due_soon: Vec<WorkRow>,
    complaints: Vec<ListRow>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    site_id: String,
    state: String,
    person: String,
    body: String,
    notice: Option<String>,
}

fn id_of(raw: &str) -> Option<i64> {
    raw.trim().parse().ok()
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ListQuery>) -> Result<Response, Failure> {
    let actor = user.actor();
    let body = q.body.trim().to_owned();
    let work = WorkListFilter { site_id: id_of(&q.site_id), person: id_of(&q.person), body: (!body.is_empty()).then(|| body.clone()) };
    let work = complaints::work_list(&state.app, &actor, &work).await?;
    let filter = ComplaintFilter {
        site_id: id_of(&q.site_id),
        state: (!q.state.trim().is_empty()).then(|| q.state.trim().to_owned()),
        investigator_id: id_of(&q.person),
        body: (!body.is_empty()).then(|| body.clone()),
        limit: 200,
        ..ComplaintFilter::default()
    };
    let found = complaints::list(&state.app, &actor, &filter).await?;
    let sites = sites::list(&state.app).await?.into_iter().map(|s| (s.id.to_string(), s.name));
    let states = ["received", "triaged", "logged", "allocated", "closed", "withdrawn"].map(|s| (s.to_owned(), s.to_owned()));
    let people = accounts::list(&state.app)
        .await?
        .into_iter()
        .filter(|u| u.roles.intersects(Roles::COMPLAINT_READERS))
        .map(|u| (u.id.to_string(), u.display_name));
    let layout =
        Layout::for_user(&user, "Complaints", "/complaints", &state.app.settings.organisation).with_notice(notice(q.notice.as_deref()));
    Ok(ok(&ListPage {
        layout,
        may_receive: actor.roles.intersects(Roles::COMPLAINT_HANDLERS),
        sites: with_prompt("Any site", q.site_id.trim(), sites),
        states: with_prompt("Any state", q.state.trim(), states),
        people: with_prompt("Anyone", q.person.trim(), people),
        body,
        overdue: work_rows(&work.overdue),
        due_today: work_rows(&work.due_today),
        due_soon: work_rows(&work.due_soon),
        complaints: list_rows(&found),
    }))
}

// ---------------------------------------------------------------------------
// Receipt
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "complaints/new.html")]
struct NewPage {
    layout: Layout,
    errors: FieldErrors,
    input: ReceiptInput,
    arrived_by: Vec<Choice>,
    sites: Vec<Choice>,
    settings: Vec<Choice>,
    consent_methods: Vec<Choice>,
    encouraged: Vec<Choice>,
    roles: Vec<Choice>,
}

/// The receipt form as posted; `complainants` is a comma-separated list of person record numbers.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReceiptInput {
    arrived_by: String,
    reallocated_from: String,
    received_at: String,
    site_id: String,
    setting: String,
    complainants: String,
    complainant_number: String,
    anonymous: Option<String>,
    group: Option<String>,
    language: String,
    translation_needed: Option<String>,
    confidential: Option<String>,
    visible_to_roles: Vec<String>,
    do_not_share_with_board: Option<String>,
    oral_misconduct_allegation: Option<String>,
    /// `yes` or `no`; blank when not answered.
    encouraged_to_write: String,
    third_party: Option<String>,
    third_party_complainant: String,
    consent_given_by: String,
    consent_method: String,
    consent_date: String,
    incident_date: String,
    summary: String,
}

impl ReceiptInput {
    fn draft(&self) -> ComplaintDraft {
        ComplaintDraft {
            arrived_by: self.arrived_by.clone(),
            reallocated_from: self.reallocated_from.clone(),
            received_at: self.received_at.clone(),
            site_id: self.site_id.clone(),
            setting: self.setting.clone(),
            complainant_ids: self.complainants.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
            complainant_number: self.complainant_number.clone(),
            anonymous: ticked(&self.anonymous),
            group: ticked(&self.group),
            language: self.language.clone(),
            translation_needed: ticked(&self.translation_needed),
            confidential: ticked(&self.confidential),
            visible_to_roles: self.visible_to_roles.clone(),
            do_not_share_with_board: ticked(&self.do_not_share_with_board),
            oral_misconduct_allegation: ticked(&self.oral_misconduct_allegation),
            encouraged_to_write: match self.encouraged_to_write.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            third_party: ticked(&self.third_party).then(|| ThirdPartyDraft {
                complainant: self.third_party_complainant.clone(),
                consent_given_by: self.consent_given_by.clone(),
                consent_method: self.consent_method.clone(),
                consent_date: self.consent_date.clone(),
            }),
            incident_date: self.incident_date.clone(),
            summary: self.summary.clone(),
        }
    }
}

/// The form's name for a field the domain names differently.
fn form_field(domain_field: &str) -> &str {
    match domain_field {
        "complainant_ids" => "complainants",
        "third_party.complainant" => "third_party_complainant",
        "third_party.consent_given_by" => "consent_given_by",
        "third_party.consent_method" => "consent_method",
        "third_party.consent_date" => "consent_date",
        other => other,
    }
}

async fn new_page(state: &AppState, user: &CurrentUser, input: ReceiptInput, errors: FieldErrors) -> Result<NewPage, Failure> {
    let mut shown = FieldErrors::new();
    for e in errors.iter() {
        shown.add(form_field(&e.field), e.message.clone());
    }
    let sites = sites::list(&state.app).await?.into_iter().filter(|s| s.active).map(|s| (s.id.to_string(), s.name));
    let arrived_by = ArrivedBy::ALL.map(|a| (a.slug().to_owned(), label_of(a.slug())));
    let settings = Setting::ALL.map(|s| (s.slug().to_owned(), label_of(s.slug())));
    let consent_methods = ConsentMethod::ALL.map(|m| (m.slug().to_owned(), label_of(m.slug())));
    let encouraged = [("yes", "Yes"), ("no", "No")].map(|(v, l)| (v.to_owned(), l.to_owned()));
    let roles = Role::ALL
        .into_iter()
        .filter(|r| Roles::COMPLAINT_READERS.contains(*r))
        .map(|r| Choice::new(r.slug(), r.label(), input.visible_to_roles.iter().any(|v| v == r.slug())))
        .collect();
    let layout =
        Layout::for_user(user, "Receive a complaint", "/complaints", &state.app.settings.organisation).with_errors(!shown.is_empty());
    Ok(NewPage {
        layout,
        errors: shown,
        arrived_by: with_prompt("Choose how it arrived", &input.arrived_by, arrived_by),
        sites: with_prompt("Choose the site", &input.site_id, sites),
        settings: with_prompt("Not needed", &input.setting, settings),
        consent_methods: with_prompt("Choose how consent was given", &input.consent_method, consent_methods),
        encouraged: with_prompt("Not answered", &input.encouraged_to_write, encouraged),
        roles,
        input,
    })
}

/// "complaint-box" as "Complaint box".
fn label_of(slug: &str) -> String {
    let text = slug.replace('-', " ");
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    Ok(ok(&new_page(&state, &user, ReceiptInput::default(), FieldErrors::new()).await?))
}

pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(input): Form<ReceiptInput>) -> Result<Response, Failure> {
    match complaints::receive(&state.app, &user.actor(), &input.draft(), None).await {
        Ok(record) => Ok(Redirect::to(&format!("/complaints/{}?notice=complaint-received", record.id)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &new_page(&state, &user, input, errors).await?)),
        Err(other) => Err(other.into()),
    }
}

// ---------------------------------------------------------------------------
// One complaint
// ---------------------------------------------------------------------------

pub struct PartRow {
    number: u32,
    category: String,
    body: String,
    investigator: String,
    target: String,
    stage: String,
    open: bool,
    acknowledged: bool,
    sent: bool,
}

pub struct ClockRow {
    label: String,
    scope: String,
    status: String,
    due: String,
    urgent: bool,
}

pub struct HistoryRow {
    at: String,
    by: String,
    summary: String,
}

/// A problem no form field holds, shown with its own id so the error summary can link to it.
pub struct ErrorLine {
    pub(super) field: String,
    pub(super) message: String,
}

/// Places each error on the form field `field_id` names when the page has
/// it (`known`); any other becomes a numbered problem of its own. Shared by
/// the pages that hold several forms of one complaint.
pub(super) fn place_errors(errors: &FieldErrors, known: &[&str], field_id: impl Fn(&str) -> String) -> (FieldErrors, Vec<ErrorLine>) {
    let mut shown = FieldErrors::new();
    let mut loose = Vec::new();
    for e in errors.iter() {
        let field = field_id(&e.field);
        if known.contains(&field.as_str()) {
            shown.add(&field, e.message.clone());
        } else {
            let id = format!("problem-{}", loose.len() + 1);
            shown.add(&id, e.message.clone());
            loose.push(ErrorLine { field: id, message: e.message.clone() });
        }
    }
    (shown, loose)
}

/// Staff names by user id, for the "by whom" of history and sign-offs.
pub(super) struct StaffNames(HashMap<i64, String>);

impl StaffNames {
    pub(super) fn of(users: &[UserRecord]) -> Self {
        StaffNames(users.iter().map(|u| (u.id, u.display_name.clone())).collect())
    }

    pub(super) fn name(&self, id: i64) -> String {
        self.0.get(&id).cloned().unwrap_or_else(|| format!("User {id}"))
    }
}

#[derive(Template)]
#[template(path = "complaints/show.html")]
struct ShowPage {
    layout: Layout,
    errors: FieldErrors,
    loose: Vec<ErrorLine>,
    id: i64,
    reference: String,
    state: String,
    site: String,
    received: String,
    arrived_by: String,
    complainants: String,
    /// Who complains on the person's behalf, and their consent.
    on_behalf: Option<String>,
    oral_allegation: Option<&'static str>,
    confidential: bool,
    translation: String,
    category: String,
    summary: String,
    triage_notes: Vec<String>,
    parts: Vec<PartRow>,
    clocks: Vec<ClockRow>,
    history: Vec<HistoryRow>,
    next: String,
    // What the signed-in person may do now.
    handler: bool,
    reader_actions: bool,
    awaiting_translation: bool,
    can_triage: bool,
    can_log: bool,
    can_forward: bool,
    can_allocate: bool,
    open: bool,
    categories: Vec<Choice>,
    subcategories: Vec<Choice>,
    out_of_scope: Vec<Choice>,
    urgent: Vec<Choice>,
    referrals: Vec<Choice>,
    bodies: Vec<Choice>,
    investigators: Vec<Choice>,
    methods: Vec<Choice>,
    /// Ombudsman, ex-gratia, lessons and officers, rendered by their module.
    aftercare: String,
}

/// Field ids the page's forms use, each prefixed with its step so one
/// page can hold several forms.
const FORM_FIELDS: &[&str] = &[
    "triage-category",
    "triage-subcategory",
    "triage-out_of_time",
    "triage-out_of_time_reason",
    "triage-out_of_scope",
    "triage-urgent",
    "triage-referral",
    "triage-referral_reference",
    "allocate-category",
    "allocate-subcategory",
    "allocate-body",
    "allocate-investigator",
    "withdraw-on",
    "withdraw-method",
    "withdraw-representative",
    "withdraw-note",
];

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    detail: ComplaintDetail,
    step: Option<&str>,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> Result<ShowPage, Failure> {
    let actor = user.actor();
    let c = &detail.record.complaint;
    let p = &detail.procedure;
    let users = accounts::list(&state.app).await?;
    let names = StaffNames::of(&users);
    let name = |id: i64| names.name(id);
    let site = sites::get(&state.app, c.receipt.site_id).await.map(|s| s.name).unwrap_or_else(|_| c.site.code.clone());
    let cat_label = |key: &str| p.category(key).map(|c| c.label.clone()).unwrap_or_else(|| key.to_owned());
    let body_label = |key: &str| p.body(key).map(|b| b.label.clone()).unwrap_or_else(|| key.to_owned());

    let (shown, loose) = place_errors(&errors, FORM_FIELDS, |raw| {
        let field = match step {
            Some(step) => format!("{step}-{}", raw.split('.').next().unwrap_or_default()),
            None => raw.to_owned(),
        };
        if field.starts_with("triage-referrals") { "triage-referral_reference".to_owned() } else { field }
    });

    let complainants = match &c.receipt.complainants {
        casebook_domain::complaints::receipt::Complainants::Anonymous => "Anonymous".to_owned(),
        casebook_domain::complaints::receipt::Complainants::One { person_id } => format!("Person {person_id}"),
        casebook_domain::complaints::receipt::Complainants::Group { person_ids } => {
            format!("Group: {}", person_ids.iter().map(|i| format!("person {i}")).collect::<Vec<_>>().join(", "))
        }
    };
    let mut triage_notes = Vec::new();
    if let Some(t) = &c.triage {
        if let Some(r) = &t.redirect {
            triage_notes.push(format!("Redirected: {} to {}", r.matter, r.to));
        }
        for e in &t.escalations {
            triage_notes.push(format!("Escalated at once: {} to {} at {}", e.matter, e.to, london(e.at)));
        }
        for r in &t.referrals {
            triage_notes.push(format!(
                "Referred: {} to {}{}",
                r.trigger,
                r.to,
                r.reference.as_ref().map(|x| format!(" (reference {x})")).unwrap_or_default()
            ));
        }
        for s in &t.suggested_referrals {
            triage_notes.push(format!("Suggested referral not made: {s}"));
        }
    }
    let now = state.app.now();
    let clocks = detail
        .clocks
        .iter()
        .map(|k| {
            let status = k.clock.status(&detail.calendar, now);
            let bucket = status.bucket();
            ClockRow {
                label: k.label.clone(),
                scope: match k.scope {
                    Scope::Complaint => "Complaint".into(),
                    Scope::Part { number } => format!("Part {number}"),
                },
                status: status.summary(),
                due: status.due().map(london).unwrap_or_default(),
                urgent: matches!(
                    bucket,
                    casebook_domain::deadlines::WorkBucket::Overdue | casebook_domain::deadlines::WorkBucket::DueToday
                ),
            }
        })
        .collect();
    let handler = actor.roles.intersects(Roles::COMPLAINT_HANDLERS);
    let received = c.state == ComplaintState::Received;
    let category_now = c.triage.as_ref().map(|t| t.category.clone()).unwrap_or_default();
    let layout = Layout::for_user(
        user,
        c.reference.clone().unwrap_or_else(|| format!("Complaint {}", detail.record.id)),
        "/complaints",
        &state.app.settings.organisation,
    )
    .with_errors(!shown.is_empty())
    .with_notice(notice(notice_code));
    Ok(ShowPage {
        layout,
        errors: shown,
        loose,
        id: detail.record.id,
        reference: c.reference.clone().unwrap_or_else(|| "Not logged yet".into()),
        state: label_of(c.state.label()),
        site,
        received: london(c.receipt.received_at),
        arrived_by: label_of(c.receipt.arrived_by.slug()),
        complainants,
        on_behalf: c.receipt.third_party.as_ref().map(|t| {
            format!(
                "{}, with the consent of {} ({}, {})",
                t.complainant,
                t.consent_given_by,
                t.consent_method.slug().replace('-', " "),
                t.consent_date
            )
        }),
        oral_allegation: c.receipt.oral_allegation.map(|o| {
            if o.encouraged_to_write {
                "Made orally; the complainant was encouraged to put it in writing"
            } else {
                "Made orally; the complainant was not encouraged to put it in writing"
            }
        }),
        confidential: c.receipt.sealed_for.is_some(),
        translation: match (&c.receipt.language, c.receipt.translation_needed, c.translated_at) {
            (_, true, Some(at)) => format!("Translated {}", london(at)),
            (Some(l), true, None) => format!("Waiting for translation from {l}"),
            (Some(l), false, _) => l.clone(),
            _ => "English".into(),
        },
        category: if category_now.is_empty() { "Not triaged yet".into() } else { cat_label(&category_now) },
        summary: c.receipt.summary.clone(),
        triage_notes,
        parts: c
            .parts
            .iter()
            .map(|part| PartRow {
                number: part.number,
                category: cat_label(&part.category),
                body: body_label(&part.body),
                investigator: name(part.investigator),
                target: part.target.map(london).unwrap_or_else(|| "Another body's timescales".into()),
                stage: label_of(&serde_json::to_value(part.stage()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()),
                open: part.is_open(),
                acknowledged: part.acknowledged_at.is_some(),
                sent: part.sent_for_investigation_at.is_some(),
            })
            .collect(),
        clocks,
        history: c
            .history
            .iter()
            .rev()
            .map(|e| HistoryRow {
                at: london(e.at),
                by: if e.by > 0 { name(e.by) } else { "The system".into() },
                summary: e.what.summary(),
            })
            .collect(),
        next: detail.next.as_ref().map(|n| format!("{}: {}", n.label, n.status.summary())).unwrap_or_else(|| "Nothing running".into()),
        handler,
        reader_actions: actor.roles.intersects(Roles::COMPLAINT_READERS),
        awaiting_translation: handler && received && c.awaiting_translation(),
        can_triage: handler && received && !c.awaiting_translation(),
        can_log: handler && c.state == ComplaintState::Triaged,
        can_forward: handler && c.state == ComplaintState::Triaged && c.forwarded_at.is_none(),
        can_allocate: handler && matches!(c.state, ComplaintState::Logged | ComplaintState::Allocated),
        open: c.state.is_open(),
        categories: with_prompt("Choose the category", "", p.categories.iter().map(|c| (c.key.clone(), c.label.clone()))),
        subcategories: with_prompt(
            "None",
            "",
            p.subcategories.iter().map(|s| (s.key.clone(), format!("{} ({})", s.label, cat_label(&s.category)))),
        ),
        out_of_scope: with_prompt("No: within the procedure", "", p.out_of_scope.iter().map(|o| (o.key.clone(), o.label.clone()))),
        urgent: p.urgent.iter().map(|u| Choice::new(u.key.clone(), u.label.clone(), false)).collect(),
        referrals: with_prompt("No referral", "", p.referrals.iter().map(|r| (r.key.clone(), r.label.clone()))),
        bodies: with_prompt("Choose the body", "", p.bodies.iter().map(|b| (b.key.clone(), b.label.clone()))),
        investigators: with_prompt(
            "Choose the investigator",
            "",
            users
                .iter()
                .filter(|u| u.active && u.roles.intersects(Roles::COMPLAINT_READERS))
                .map(|u| (u.id.to_string(), u.display_name.clone())),
        ),
        methods: with_prompt("Choose how", "", WithdrawalMethod::ALL.map(|m| (m.slug().to_owned(), m.label().to_owned()))),
        aftercare: super::complaint_aftercare::complaint::section(state, user, detail.record.id).await?,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> Result<Response, Failure> {
    let detail = complaints::read(&state.app, &user.actor(), id).await?;
    Ok(ok(&show_page(&state, &user, detail, None, FieldErrors::new(), q.notice.as_deref()).await?))
}

/// After a step: back to the page, or the page again with the problem.
async fn after(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    step: &str,
    result: Result<casebook_store::complaints::ComplaintRecord, AppError>,
) -> Result<Response, Failure> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/complaints/{id}?notice=step-recorded")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let detail = complaints::read(&state.app, &user.actor(), id).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &show_page(state, user, detail, Some(step), errors, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PartInput {
    part: String,
}

pub async fn translation(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    let result = complaints::record_translation(&state.app, &user.actor(), id).await;
    after(&state, &user, id, "translation", result).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct TriageInput {
    category: String,
    subcategory: String,
    out_of_time: String,
    out_of_time_reason: String,
    out_of_scope: String,
    urgent: Vec<String>,
    referral: String,
    referral_reference: String,
}

pub async fn triage(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<TriageInput>,
) -> Result<Response, Failure> {
    let referrals = if input.referral.trim().is_empty() {
        Vec::new()
    } else {
        vec![ReferralInput { trigger: input.referral, reference: input.referral_reference }]
    };
    let form = TriageForm {
        category: input.category,
        subcategory: input.subcategory,
        out_of_time: input.out_of_time,
        out_of_time_reason: input.out_of_time_reason,
        out_of_scope: input.out_of_scope,
        urgent: input.urgent,
        referrals,
    };
    let result = complaints::triage(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, "triage", result).await
}

pub async fn forward(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    let result = complaints::forward_to_hub(&state.app, &user.actor(), id).await;
    after(&state, &user, id, "forward", result).await
}

pub async fn log(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    let result = complaints::log(&state.app, &user.actor(), id).await;
    after(&state, &user, id, "log", result).await
}

/// The allocation form; its fields carry the step's prefix so the page's forms keep distinct ids.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AllocateInput {
    #[serde(rename = "allocate-category")]
    category: String,
    #[serde(rename = "allocate-body")]
    body: String,
    #[serde(rename = "allocate-investigator")]
    investigator: String,
}

pub async fn allocate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<AllocateInput>,
) -> Result<Response, Failure> {
    let form = AllocateForm { category: input.category, subcategory: String::new(), body: input.body, investigator: input.investigator };
    let result = complaints::allocate(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, "allocate", result).await
}

pub async fn send_for_investigation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<PartInput>,
) -> Result<Response, Failure> {
    let result = complaints::send_for_investigation(&state.app, &user.actor(), id, &input.part).await;
    after(&state, &user, id, "send", result).await
}

pub async fn acknowledge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<PartInput>,
) -> Result<Response, Failure> {
    let result = complaints::acknowledge(&state.app, &user.actor(), id, &input.part).await;
    after(&state, &user, id, "acknowledge", result).await
}

pub async fn reallocate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ReallocateForm>,
) -> Result<Response, Failure> {
    let step = format!("reallocate-{}", form.part.trim());
    let result = complaints::reallocate(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, &step, result).await
}

pub async fn recategorise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<RecategoriseForm>,
) -> Result<Response, Failure> {
    let step = format!("recategorise-{}", form.part.trim());
    let result = complaints::recategorise(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, &step, result).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct WithdrawInput {
    #[serde(rename = "withdraw-on")]
    on: String,
    #[serde(rename = "withdraw-method")]
    method: String,
    #[serde(rename = "withdraw-representative")]
    representative: String,
    #[serde(rename = "withdraw-note")]
    note: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<WithdrawInput>,
) -> Result<Response, Failure> {
    let form = WithdrawForm { on: input.on, method: input.method, representative: input.representative, note: input.note };
    let result = complaints::withdraw(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, "withdraw", result).await
}
