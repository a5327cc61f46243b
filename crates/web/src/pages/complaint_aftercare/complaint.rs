//! A complaint's aftercare: its escalations to an ombudsman with their
//! outcomes, ex-gratia proposals, lessons-learned actions, the officers it
//! names with their findings, and decisions to end correspondence about it
//! (`super::correspondence`), with the forms that record each. The complaint page shows it
//! as a section (`section`); `/complaints/{id}/aftercare` shows it alone,
//! and again with an error summary when a form is refused. Investigators
//! read escalations and named officers; the forms are for handlers.

use super::correspondence::{self, Proposing};
use super::{Fields, answer, finding_choices, notice, pounds, slug, value};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use crate::pages::{NoticeQuery, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use casebook_app::accounts;
use casebook_app::complaint_aftercare::{ex_gratia, lessons, officers, ombudsman};
use casebook_domain::access::Roles;
use casebook_domain::complaints::ex_gratia::Kind;
use casebook_domain::complaints::lessons::Source;
use casebook_domain::complaints::ombudsman::OmbudsmanOutcome;
use casebook_domain::complaints::procedure::Ombudsman;
use casebook_domain::validation::FieldErrors;
use std::collections::HashMap;

const BODIES: [Ombudsman; 6] = [
    Ombudsman::PrisonsAndProbationOmbudsman,
    Ombudsman::ParliamentaryAndHealthServiceOmbudsman,
    Ombudsman::ScottishPublicServicesOmbudsman,
    Ombudsman::NorthernIrelandPublicServicesOmbudsman,
    Ombudsman::PublicServicesOmbudsmanForWales,
    Ombudsman::IndependentExaminerOfComplaints,
];
const SOURCES: [Source; 4] = [Source::Complaint, Source::ProfessionalStandards, Source::Ombudsman, Source::QualityAssurance];

/// What the section shows and the choices its forms offer.
pub struct SectionData {
    pub id: i64,
    pub handler: bool,
    pub escalations: Vec<String>,
    pub payments: Vec<String>,
    pub lessons: Vec<String>,
    pub named: Vec<(i64, String)>,
    pub fields: Fields,
    pub steps: Vec<Choice>,
    pub bodies: Vec<Choice>,
    pub outcomes: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub sources: Vec<Choice>,
    pub owners: Vec<Choice>,
    pub officers: Vec<Choice>,
    /// The officers named here, for the finding form.
    pub named_officers: Vec<Choice>,
    pub findings: Vec<Choice>,
    /// Decisions to end correspondence, and the proposal form's choices.
    pub correspondence: Proposing,
}

impl SectionData {
    pub fn value(&self, key: &str) -> &str {
        value(&self.fields, key)
    }
}

async fn data(state: &AppState, user: &CurrentUser, id: i64, fields: Fields) -> Result<SectionData, Failure> {
    let actor = user.actor();
    let handler = user.principal.user.roles.intersects(Roles::COMPLAINT_HANDLERS);
    let escalations = ombudsman::escalations(&state.app, &actor, id)
        .await?
        .escalations
        .iter()
        .map(|e| {
            let mut line = format!("{}, escalated on {}", e.body.label(), e.escalated_on);
            if e.late {
                line.push_str(" (after the time limit)");
            }
            if let Some(r) = &e.reference {
                line.push_str(&format!(", reference {r}"));
            }
            match &e.decision {
                Some(d) => line.push_str(&format!(": {} on {}", d.outcome.label(), d.on)),
                None => line.push_str(": waiting for the outcome"),
            }
            line
        })
        .collect();
    let all_officers = if handler { officers::list(&state.app, &actor).await? } else { Vec::new() };
    let officer_names: HashMap<i64, String> =
        all_officers.iter().map(|o| (o.id, format!("{}, {}, {}", o.officer.name, o.officer.identifier, o.officer.employer))).collect();
    let named: Vec<(i64, String)> = officers::named(&state.app, &actor, id)
        .await?
        .iter()
        .map(|n| {
            let who = officer_names.get(&n.officer_id).cloned().unwrap_or_else(|| format!("Officer {}", n.officer_id));
            let finding = n.finding.map(|(f, on)| format!("{} on {on}", f.label())).unwrap_or_else(|| "no finding yet".into());
            (n.officer_id, format!("{who}: {finding}"))
        })
        .collect();
    let (mut payments, mut lesson_lines, mut owners) = (Vec::new(), Vec::new(), Vec::new());
    if handler {
        payments = ex_gratia::register(&state.app, &actor, Some(id))
            .await?
            .rows
            .iter()
            .map(|(_, r)| {
                let what = r.amount_pence.map(pounds).or_else(|| r.description.clone()).unwrap_or_default();
                format!("{} {what}: {} (proposed {})", r.kind.label(), r.status.label(), r.proposed_on)
            })
            .collect();
        lesson_lines = lessons::log(&state.app, &actor, Some(id))
            .await?
            .iter()
            .map(|l| {
                let a = &l.action.state;
                let overdue = if l.overdue { ", overdue" } else { "" };
                format!("{}: due {}, {}{overdue}", a.description, a.due, a.status.label())
            })
            .collect();
        owners = accounts::list(&state.app).await?.into_iter().filter(|u| u.active).map(|u| (u.id.to_string(), u.display_name)).collect();
    }
    let named_officers: Vec<(String, String)> = named.iter().map(|(officer, line)| (officer.to_string(), line.clone())).collect();
    let correspondence = if handler {
        correspondence::proposing(state, user, id, value(&fields, "correspondence-person")).await?
    } else {
        Proposing::default()
    };
    let pick = |key: &str| value(&fields, key).to_owned();
    Ok(SectionData {
        id,
        handler,
        escalations,
        payments,
        lessons: lesson_lines,
        named,
        steps: with_prompt(
            "Choose what to record",
            &pick("escalation-step"),
            [("escalate".to_owned(), "Escalated to an ombudsman".to_owned()), ("outcome".to_owned(), "The ombudsman's outcome".to_owned())],
        ),
        bodies: with_prompt("Choose the ombudsman", &pick("escalation-body"), BODIES.map(|b| (slug(b), b.label().to_owned()))),
        outcomes: with_prompt(
            "Choose the outcome",
            &pick("escalation-outcome"),
            OmbudsmanOutcome::ALL.map(|o| (slug(o), o.label().to_owned())),
        ),
        kinds: with_prompt(
            "Choose the kind",
            &pick("ex_gratia-kind"),
            [Kind::Financial, Kind::NonFinancial].map(|k| (slug(k), k.label().to_owned())),
        ),
        sources: with_prompt("Choose where it came from", &pick("lesson-source"), SOURCES.map(|s| (slug(s), s.label().to_owned()))),
        owners: with_prompt("Choose the owner", &pick("lesson-owner"), owners),
        officers: with_prompt(
            "Choose the officer",
            &pick("officer-officer"),
            officer_names.into_iter().collect::<std::collections::BTreeMap<_, _>>().into_iter().map(|(id, n)| (id.to_string(), n)),
        ),
        named_officers: with_prompt("Choose the officer", &pick("finding-officer"), named_officers),
        findings: finding_choices(&pick("finding-finding")),
        correspondence,
        fields,
    })
}

#[derive(Template)]
#[template(path = "complaint_aftercare/section.html")]
struct Section {
    s: SectionData,
    errors: FieldErrors,
    csrf_token: String,
}

/// The aftercare section of the complaint page, rendered to HTML.
pub async fn section(state: &AppState, user: &CurrentUser, id: i64) -> Result<String, Failure> {
    let section =
        Section { s: data(state, user, id, Fields::new()).await?, errors: FieldErrors::new(), csrf_token: user.csrf_token().to_owned() };
    section.render().map_err(|e| {
        tracing::error!(error = %e, "the aftercare section failed to render");
        Failure::Internal
    })
}

#[derive(Template)]
#[template(path = "complaint_aftercare/complaint.html")]
pub(super) struct AftercarePage {
    layout: Layout,
    s: SectionData,
    errors: FieldErrors,
    csrf_token: String,
}

pub(super) async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    fields: Fields,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> Result<AftercarePage, Failure> {
    let s = data(state, user, id, fields).await?;
    let layout = Layout::for_user(user, format!("Complaint {id}: after the response"), "/complaints", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(notice_code));
    Ok(AftercarePage { layout, s, errors, csrf_token: user.csrf_token().to_owned() })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &page(&state, &user, id, Fields::new(), FieldErrors::new(), q.notice.as_deref()).await?))
}

/// After a form on the section: back to the aftercare page with `notice`,
/// or the page again with the problem.
async fn after<T>(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    form: (&str, &[&str]),
    fields: Fields,
    result: Result<T, casebook_app::AppError>,
    notice: impl FnOnce(T) -> &'static str,
) -> Result<Response, Failure> {
    answer(
        result,
        |done| format!("/complaints/{id}/aftercare?notice={}", notice(done)),
        form,
        async |errors| page(state, user, id, fields, errors, None).await,
    )
    .await
}

pub async fn escalation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = ombudsman::EscalationForm {
        step: value(&fields, "escalation-step").to_owned(),
        body: value(&fields, "escalation-body").to_owned(),
        on: value(&fields, "escalation-on").to_owned(),
        reference: value(&fields, "escalation-reference").to_owned(),
        outcome: value(&fields, "escalation-outcome").to_owned(),
        ..ombudsman::EscalationForm::default()
    };
    let result = ombudsman::record(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("escalation", &["step", "body", "on", "reference", "outcome"]), fields, result, |_| "recorded").await
}

pub async fn propose_ex_gratia(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = ex_gratia::ProposeForm {
        kind: value(&fields, "ex_gratia-kind").to_owned(),
        amount: value(&fields, "ex_gratia-amount").to_owned(),
        description: value(&fields, "ex_gratia-description").to_owned(),
        rationale: value(&fields, "ex_gratia-rationale").to_owned(),
    };
    let result = ex_gratia::propose_payment(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("ex_gratia", &["kind", "amount", "description", "rationale"]), fields, result, |_| "recorded").await
}

pub async fn raise_lesson(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = lessons::RaiseForm {
        source: value(&fields, "lesson-source").to_owned(),
        description: value(&fields, "lesson-description").to_owned(),
        owner: value(&fields, "lesson-owner").to_owned(),
        due: value(&fields, "lesson-due").to_owned(),
    };
    let result = lessons::raise_action(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("lesson", &["source", "description", "owner", "due"]), fields, result, |_| "recorded").await
}

pub async fn name_officer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = officers::NameForm { officer: value(&fields, "officer-officer").to_owned() };
    let result = officers::name(&state.app, &user.actor(), id, &form).await;
    after(&state, &user, id, ("officer", &["officer"]), fields, result, |_| "recorded").await
}

pub async fn record_finding(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let form = officers::FindingForm {
        officer: value(&fields, "finding-officer").to_owned(),
        finding: value(&fields, "finding-finding").to_owned(),
        decided_on: value(&fields, "finding-decided_on").to_owned(),
    };
    let result = officers::record_finding(&state.app, &user.actor(), id, &form).await;
    let notice = |done: officers::FindingRecorded| if done.reviews_raised.is_empty() { "recorded" } else { "review-raised" };
    after(&state, &user, id, ("finding", &["officer", "finding", "decided_on"]), fields, result, notice).await
}
