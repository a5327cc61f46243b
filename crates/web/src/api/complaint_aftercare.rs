//! Complaints after the response over the API: ombudsman escalations,
//! ex-gratia payments and their register, lessons-learned actions, officers
//! complained about (findings, the review threshold) and decisions to end
//! correspondence. Same use cases as the pages; records on a sealed
//! complaint are 404 to anyone it is not open to. Bodies are the forms'
//! fields as JSON; answers carry the domain's record as `state`.

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use casebook_app::complaint_aftercare::{certification, ex_gratia, lessons, officers, ombudsman, persistent};
use casebook_store::aftercare::Stored;
use casebook_store::aftercare::officers::{Naming, OfficerRecord};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::IntoParams;

type Answer = Result<Json<Value>, Failure>;

fn stored<T: Serialize>(s: &Stored<T>) -> Value {
    json!({ "id": s.id, "version": s.version, "state": s.state })
}

fn officer(o: &OfficerRecord) -> Value {
    json!({ "id": o.id, "name": o.officer.name, "identifier": o.officer.identifier, "employer": o.officer.employer })
}

fn namings(list: &[Naming]) -> Value {
    let items: Vec<Value> = list
        .iter()
        .map(|n| {
            json!({
                "officer_id": n.officer_id,
                "complaint_id": n.complaint_id,
                "finding": n.finding.map(|(f, _)| f),
                "decided_on": n.finding.map(|(_, on)| on.to_string()),
            })
        })
        .collect();
    json!({ "items": items })
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct ComplaintQuery {
    /// Only this complaint's records.
    pub complaint_id: Option<i64>,
}

macro_rules! doc {
    ($method:ident, $path:literal, $doc:literal, $params:tt, $item:item) => {
        #[utoipa::path($method, path = $path, tag = "complaints after the response", params $params, request_body = Object, description = $doc,
            responses((status = 200, body = Object), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
                (status = 409, body = super::Problem), (status = 422, body = super::Problem)),
            security(("bearer" = [])))]
        $item
    };
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}/escalations", tag = "complaints after the response", params(("id" = i64, Path)),
    description = "The complaint's escalations to an ombudsman, oldest first: body, route, dates, reference, outcome, recommendations.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn escalations(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Answer {
    Ok(Json(json!(ombudsman::escalations(&state.app, &user.actor(), id).await?)))
}

#[utoipa::path(post, path = "/api/v1/complaints/{id}/escalations", tag = "complaints after the response", params(("id" = i64, Path)),
    request_body = Object,
    description = "Body: step (escalate, reference, outcome or recommendation), body (an ombudsman on the complaint's route, e.g. ppo), on (YYYY-MM-DD), mp, reference, outcome (upheld, partly-upheld, not-upheld, declined-to-investigate, withdrawn), recommendation. Needs a response first; a late escalation is marked, not refused.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
        (status = 409, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn escalate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(form): ApiJson<ombudsman::EscalationForm>,
) -> Answer {
    Ok(Json(json!(ombudsman::record(&state.app, &user.actor(), id, &form).await?)))
}

doc!(
    post,
    "/api/v1/complaints/{id}/ex-gratia",
    "Proposes an ex-gratia payment. Body: kind (financial or non-financial), amount (pounds, financial), description (non-financial), rationale.",
    (("id" = i64, Path)),
    pub async fn propose_ex_gratia(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<ex_gratia::ProposeForm>,
    ) -> Answer {
        Ok(Json(stored(&ex_gratia::propose_payment(&state.app, &user.actor(), id, &form).await?)))
    }
);

#[utoipa::path(get, path = "/api/v1/ex-gratia", tag = "complaints after the response", params(ComplaintQuery),
    description = "The register of ex-gratia payments (one line each, with its status) and the money paid per site, per month and in all.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn ex_gratia_register(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ComplaintQuery>) -> Answer {
    let register = ex_gratia::register(&state.app, &user.actor(), q.complaint_id).await?;
    let items: Vec<Value> = register.rows.iter().map(|(id, row)| json!({ "id": id, "row": row })).collect();
    let by_site: Vec<Value> = register
        .paid
        .by_site
        .iter()
        .map(|(site, p)| json!({ "site_id": site, "payments": p.payments, "total_pence": p.total_pence }))
        .collect();
    let by_month: Vec<Value> = register
        .paid
        .by_month
        .iter()
        .map(|(m, p)| json!({ "month": format!("{:04}-{:02}", m.year, m.month), "payments": p.payments, "total_pence": p.total_pence }))
        .collect();
    Ok(Json(json!({
        "items": items,
        "paid": { "payments": register.paid.total.payments, "total_pence": register.paid.total.total_pence, "by_site": by_site, "by_month": by_month },
    })))
}

#[utoipa::path(get, path = "/api/v1/ex-gratia/{id}", tag = "complaints after the response", params(("id" = i64, Path)),
    description = "One ex-gratia payment.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn show_ex_gratia(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Answer {
    Ok(Json(stored(&ex_gratia::payment(&state.app, &user.actor(), id).await?)))
}

doc!(
    post,
    "/api/v1/ex-gratia/{id}/steps",
    "Body: step (agree, not-offered, offer, accept, decline, pay, receipt), on (YYYY-MM-DD), reference (pay), reason (not-offered). Offers, acceptances and payments the complaints unit must hear of become a task for a compliance officer.",
    (("id" = i64, Path)),
    pub async fn ex_gratia_step(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<ex_gratia::StepForm>,
    ) -> Answer {
        Ok(Json(stored(&ex_gratia::record_step(&state.app, &user.actor(), id, &form).await?)))
    }
);

doc!(
    post,
    "/api/v1/complaints/{id}/lessons",
    "Raises a lessons-learned action. Body: source (complaint, professional-standards, ombudsman, quality-assurance), description, owner (user id), due (YYYY-MM-DD, not in the past).",
    (("id" = i64, Path)),
    pub async fn raise_lesson(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<lessons::RaiseForm>,
    ) -> Answer {
        Ok(Json(stored(&lessons::raise_action(&state.app, &user.actor(), id, &form).await?)))
    }
);

#[utoipa::path(get, path = "/api/v1/lessons", tag = "complaints after the response", params(ComplaintQuery),
    description = "The lessons-learned log, each action marked overdue when unfinished after its due date.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn lesson_log(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ComplaintQuery>) -> Answer {
    let lines = lessons::log(&state.app, &user.actor(), q.complaint_id).await?;
    let items: Vec<Value> = lines.iter().map(|l| json!({ "action": stored(&l.action), "overdue": l.overdue })).collect();
    Ok(Json(json!({ "items": items })))
}

doc!(
    post,
    "/api/v1/lessons/{id}/steps",
    "Body: step (progress, reassign, move-due, complete, drop), note, owner (reassign), due (move-due), reason.",
    (("id" = i64, Path)),
    pub async fn lesson_step(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<lessons::StepForm>,
    ) -> Answer {
        Ok(Json(stored(&lessons::record_step(&state.app, &user.actor(), id, &form).await?)))
    }
);

#[utoipa::path(get, path = "/api/v1/officers", tag = "complaints after the response",
    description = "Every officer complained about (who need not be users).",
    responses((status = 200, body = Object), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn list_officers(State(state): State<AppState>, user: CurrentUser) -> Answer {
    let items: Vec<Value> = officers::list(&state.app, &user.actor()).await?.iter().map(officer).collect();
    Ok(Json(json!({ "items": items })))
}

doc!(
    post,
    "/api/v1/officers",
    "Adds an officer. Body: name, identifier (staff or certification number), employer.",
    (),
    pub async fn add_officer(State(state): State<AppState>, user: CurrentUser, ApiJson(form): ApiJson<officers::OfficerForm>) -> Answer {
        Ok(Json(officer(&officers::add(&state.app, &user.actor(), &form).await?)))
    }
);

#[utoipa::path(get, path = "/api/v1/officers/threshold", tag = "complaints after the response",
    description = "Officers with three or more substantiated complaints in the rolling year to today, highest count first.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn officers_over_threshold(State(state): State<AppState>, user: CurrentUser) -> Answer {
    let over = officers::at_or_over(&state.app, &user.actor()).await?;
    let items: Vec<Value> = over.iter().map(|o| json!({ "officer": officer(&o.officer), "substantiated": o.substantiated })).collect();
    Ok(Json(json!({ "items": items })))
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}/officers", tag = "complaints after the response", params(("id" = i64, Path)),
    description = "The officers named on the complaint, with the finding against each once recorded.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn named_officers(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Answer {
    Ok(Json(namings(&officers::named(&state.app, &user.actor(), id).await?)))
}

doc!(
    post,
    "/api/v1/complaints/{id}/officers",
    "Names an officer on the complaint. Body: officer (the officer's record number).",
    (("id" = i64, Path)),
    pub async fn name_officer(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<officers::NameForm>,
    ) -> Answer {
        Ok(Json(namings(&officers::name(&state.app, &user.actor(), id, &form).await?)))
    }
);

doc!(
    post,
    "/api/v1/complaints/{id}/officers/finding",
    "Records the finding against a named officer. Body: officer, finding (substantiated, partially-substantiated, not-substantiated), decided_on (YYYY-MM-DD). Reaching three substantiated complaints in a rolling year raises a review task for a manager.",
    (("id" = i64, Path)),
    pub async fn record_finding(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<officers::FindingForm>,
    ) -> Answer {
        Ok(Json(namings(&officers::record_finding(&state.app, &user.actor(), id, &form).await?.named)))
    }
);

fn decision(line: &persistent::DecisionLine) -> Value {
    let letters: Vec<Value> = line
        .letters
        .iter()
        .map(|l| json!({ "received_on": l.received_on.to_string(), "handling": l.handling, "fresh_evidence": l.fresh_evidence }))
        .collect();
    json!({ "decision": stored(&line.decision), "complaint_id": line.complaint_id, "letters": letters })
}

doc!(
    post,
    "/api/v1/complaints/{id}/correspondence-decisions",
    "Proposes ending correspondence about this concluded complaint. Body: person (the complainant's record number), reason, review_on (YYYY-MM-DD, after today). The right to complain is never withdrawn: new complaints are judged on their merits.",
    (("id" = i64, Path)),
    pub async fn propose_decision(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<persistent::ProposeForm>,
    ) -> Answer {
        Ok(Json(stored(&persistent::propose(&state.app, &user.actor(), id, &form).await?)))
    }
);

#[utoipa::path(get, path = "/api/v1/correspondence-decisions", tag = "complaints after the response", params(ComplaintQuery),
    description = "Decisions to end correspondence, with the later letters recorded under each.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn decisions(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ComplaintQuery>) -> Answer {
    let items: Vec<Value> = persistent::decisions(&state.app, &user.actor(), q.complaint_id).await?.iter().map(decision).collect();
    Ok(Json(json!({ "items": items })))
}

doc!(
    post,
    "/api/v1/correspondence-decisions/{id}/approval",
    "A manager or senior reviewer, other than the proposer and of a more senior grade, approves or declines. Body: step (approve or decline), reason (decline).",
    (("id" = i64, Path)),
    pub async fn decide_proposal(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<persistent::StepForm>,
    ) -> Answer {
        if !matches!(form.step.trim(), "approve" | "decline") {
            return Err(casebook_app::AppError::field("step", "Choose approve or decline").into());
        }
        Ok(Json(stored(&persistent::record_step(&state.app, &user.actor(), id, &form).await?)))
    }
);

doc!(
    post,
    "/api/v1/correspondence-decisions/{id}/steps",
    "Under a decision in force. Body: step (review, lift or letter), note and next_review (review), reason (lift), received_on, fresh_evidence and acknowledge (letter: fresh evidence reopens the matter; otherwise the letter is acknowledged and filed, or filed).",
    (("id" = i64, Path)),
    pub async fn decision_step(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<persistent::StepForm>,
    ) -> Answer {
        if matches!(form.step.trim(), "approve" | "decline") {
            return Err(casebook_app::AppError::field("step", "Approve or decline through the approval route").into());
        }
        Ok(Json(stored(&persistent::record_step(&state.app, &user.actor(), id, &form).await?)))
    }
);

// --- Certification (seed 002 para 50) ----------------------------------------

fn case(c: &Stored<casebook_domain::complaints::officers::CertificationCase>) -> Value {
    json!({ "id": c.id, "version": c.version, "status": c.state.status(), "state": c.state })
}

#[utoipa::path(get, path = "/api/v1/officers/{id}/certification", tag = "complaints after the response", params(("id" = i64, Path)),
    description = "The officer, the complaints naming them with findings, substantiated complaints in the rolling year, the certification status and every certification case.",
    responses((status = 200, body = Object), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn certification(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Answer {
    let record = certification::certification(&state.app, &user.actor(), id).await?;
    let cases: Vec<Value> = record.cases.iter().map(case).collect();
    Ok(Json(json!({
        "officer": officer(&record.officer),
        "named": namings(&record.named)["items"],
        "substantiated": record.substantiated,
        "status": record.status(),
        "cases": cases,
    })))
}

doc!(
    post,
    "/api/v1/officers/{id}/certification/suspension",
    "A manager suspends the officer's certification pending a serious-misconduct investigation. Body: complaint (record number of a complaint naming the officer, triaged or allocated as serious misconduct), on (YYYY-MM-DD), reason.",
    (("id" = i64, Path)),
    pub async fn suspend_certification(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<certification::SuspendForm>,
    ) -> Answer {
        Ok(Json(case(&certification::suspend(&state.app, &user.actor(), id, &form).await?)))
    }
);

doc!(
    post,
    "/api/v1/officers/{id}/certification/appeal",
    "Records the officer's appeal against a suspension. Body: complaint, on (YYYY-MM-DD), grounds.",
    (("id" = i64, Path)),
    pub async fn lodge_certification_appeal(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<certification::AppealForm>,
    ) -> Answer {
        Ok(Json(case(&certification::lodge_appeal(&state.app, &user.actor(), id, &form).await?)))
    }
);

doc!(
    post,
    "/api/v1/officers/{id}/certification/appeal-decision",
    "A manager other than the one who suspended decides the appeal. Body: complaint, on (YYYY-MM-DD), decision (upheld: the suspension is lifted; dismissed), reason.",
    (("id" = i64, Path)),
    pub async fn decide_certification_appeal(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<certification::AppealDecisionForm>,
    ) -> Answer {
        Ok(Json(case(&certification::decide_appeal(&state.app, &user.actor(), id, &form).await?)))
    }
);

doc!(
    post,
    "/api/v1/officers/{id}/certification/recommendation",
    "A manager's recommendation to the certification team at the end of the investigation; closes the case. Body: complaint, on (YYYY-MM-DD), finding (substantiated, partially-substantiated, not-substantiated), recommendation (reinstate, reinstate-with-warning, revoke: the last two only when substantiated), reason.",
    (("id" = i64, Path)),
    pub async fn recommend_certification(
        State(state): State<AppState>,
        user: CurrentUser,
        Path(id): Path<i64>,
        ApiJson(form): ApiJson<certification::RecommendForm>,
    ) -> Answer {
        Ok(Json(case(&certification::recommend(&state.app, &user.actor(), id, &form).await?)))
    }
);
