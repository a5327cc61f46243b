//! An officer's certification over the API (seed 002 para 50): suspended
//! by a manager only pending a serious-misconduct investigation, an appeal
//! recorded by the unit and decided by another manager, and the final
//! recommendation that closes the case. Every refusal names its field and
//! saves nothing; other roles get 403, anonymous callers 401.

use super::*;
use casebook_app::Actor;
use casebook_app::accounts::{self, AccountForm};

fn today() -> jiff::civil::Date {
    casebook_domain::calendar::london_date(jiff::Timestamp::now())
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    api_send(app, token, Method::POST, path, &body).await
}

/// A complaint triaged as `category`, naming `officer`.
async fn complaint_naming(app: &TestApp, clerk: &str, officer: i64, category: &str) -> i64 {
    let body = json!({"given": "Ada", "family": "Obi", "date_of_birth": "1990-01-02"});
    let person = api_send(app, clerk, Method::POST, "/api/v1/persons", &body).await.json()["id"].as_i64().unwrap();
    let receipt = json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1",
        "setting": "removal-centre", "complainant_ids": [person.to_string()], "incident_date": "2026-02-20",
        "summary": "An officer pushed me on the landing."});
    let id = post(app, clerk, "/api/v1/complaints", receipt).await.json()["id"].as_i64().unwrap();
    let reply = post(app, clerk, &format!("/api/v1/complaints/{id}/triage"), json!({"category": category})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = post(app, clerk, &format!("/api/v1/complaints/{id}/officers"), json!({"officer": officer.to_string()})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    id
}

/// An officer recorded by the clerk.
pub(super) async fn new_officer(app: &TestApp, clerk: &str, number: &str) -> i64 {
    let body = json!({"name": "J. Smith", "identifier": number, "employer": "Escorts Ltd"});
    let reply = post(app, clerk, "/api/v1/officers", body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["id"].as_i64().unwrap()
}

/// A second manager, so an appeal can be decided by someone other than the suspender.
pub(super) async fn second_manager(app: &TestApp) -> String {
    let form = AccountForm {
        username: "manager-two".into(),
        display_name: "Second manager".into(),
        email: String::new(),
        grade: "seo".into(),
        site: "TEST-SITE".into(),
        roles: vec![Role::Manager.slug().into()],
        active: true,
    };
    accounts::create(&app.app, &Actor::system("test"), &form, Some(PASSWORD)).await.unwrap();
    app.token_for("manager-two").await
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    let admin = app.token_for("administrator").await;
    api_get(app, &admin, &format!("/api/v1/audit?action={action}")).await.json()["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_suspension_is_appealed_decided_and_ends_in_a_recommendation() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let other_manager = second_manager(&app).await;
    let officer = new_officer(&app, &clerk, "DCO 17").await;
    let minor = complaint_naming(&app, &clerk, officer, "service-delivery").await;
    let serious = complaint_naming(&app, &clerk, officer, "serious-misconduct").await;
    let base = format!("/api/v1/officers/{officer}/certification");
    let on = today().to_string();
    let suspend = |complaint: i64, on: &str, reason: &str| json!({"complaint": complaint.to_string(), "on": on, "reason": reason});

    // Refusals: each names its field and saves nothing.
    let path = format!("{base}/suspension");
    assert_eq!(problem_fields(&post(&app, &manager, &path, suspend(minor, &on, "Assault alleged")).await), ["complaint"]);
    assert_eq!(problem_fields(&post(&app, &manager, &path, suspend(serious, "soon", "Assault alleged")).await), ["on"]);
    let tomorrow = today().tomorrow().unwrap().to_string();
    assert_eq!(problem_fields(&post(&app, &manager, &path, suspend(serious, &tomorrow, "Assault alleged")).await), ["on"]);
    assert_eq!(problem_fields(&post(&app, &manager, &path, suspend(serious, &on, " ")).await), ["reason"]);
    assert_eq!(problem_fields(&post(&app, &manager, &path, json!({"complaint": "x", "on": on, "reason": "r"})).await), ["complaint"]);
    assert_eq!(problem_fields(&post(&app, &manager, &path, suspend(999_999, &on, "Assault alleged")).await), ["complaint"]);
    assert_eq!(post(&app, &clerk, &path, suspend(serious, &on, "Assault alleged")).await.status, 403, "clerks do not suspend");
    let appeal_early = json!({"complaint": serious.to_string(), "on": on, "grounds": "Not me"});
    assert_eq!(problem_fields(&post(&app, &clerk, &format!("{base}/appeal"), appeal_early).await), ["complaint"], "nothing to appeal");
    let read = api_get(&app, &clerk, &base).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.json()["cases"], json!([]), "refusals saved nothing");
    assert_eq!(read.json()["status"], "not-suspended");
    assert_eq!(audit_count(&app, "officer.certification_suspended").await, 0);

    // Suspension, appeal, decision by another manager, recommendation.
    let reply = post(&app, &manager, &path, suspend(serious, &on, "Assault alleged")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["status"], "suspended");
    assert_eq!(problem_fields(&post(&app, &manager, &path, suspend(serious, &on, "Again")).await), ["complaint"], "suspended once");

    let appeal = format!("{base}/appeal");
    let blank = json!({"complaint": serious.to_string(), "on": on, "grounds": ""});
    assert_eq!(problem_fields(&post(&app, &clerk, &appeal, blank).await), ["grounds"]);
    let reply = post(&app, &clerk, &appeal, json!({"complaint": serious.to_string(), "on": on, "grounds": "I was not on shift"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["status"], "appeal-pending");

    let decision = format!("{base}/appeal-decision");
    let decide = |d: &str| json!({"complaint": serious.to_string(), "on": on, "decision": d, "reason": "Rota shows the shift"});
    assert_eq!(post(&app, &clerk, &decision, decide("upheld")).await.status, 403);
    assert_eq!(problem_fields(&post(&app, &manager, &decision, decide("upheld")).await), ["decision"], "not the suspender");
    assert_eq!(problem_fields(&post(&app, &other_manager, &decision, decide("maybe")).await), ["decision"]);
    let reply = post(&app, &other_manager, &decision, decide("upheld")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["status"], "suspension-lifted-on-appeal");

    let recommendation = format!("{base}/recommendation");
    let recommend = |finding: &str, r: &str| json!({"complaint": serious.to_string(), "on": on, "finding": finding, "recommendation": r, "reason": "Investigation closed"});
    assert_eq!(problem_fields(&post(&app, &manager, &recommendation, recommend("not-substantiated", "revoke")).await), ["recommendation"]);
    assert_eq!(problem_fields(&post(&app, &manager, &recommendation, recommend("guilty", "revoke")).await), ["finding"]);
    assert_eq!(post(&app, &clerk, &recommendation, recommend("substantiated", "reinstate")).await.status, 403);
    let reply = post(&app, &manager, &recommendation, recommend("substantiated", "reinstate-with-warning")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["status"], "reinstatement-recommended");
    assert_eq!(reply.json()["state"]["recommendation"]["recommendation"]["warn_of_further_complaints"], true);
    let again = post(&app, &manager, &recommendation, recommend("substantiated", "revoke")).await;
    assert_eq!(problem_fields(&again), ["complaint"], "the case is closed");

    let read = api_get(&app, &clerk, &base).await.json();
    assert_eq!(read["status"], "reinstatement-recommended");
    assert_eq!(read["cases"].as_array().unwrap().len(), 1);
    assert_eq!(read["named"].as_array().unwrap().len(), 2);
    for action in [
        "officer.certification_suspended",
        "officer.suspension_appeal_lodged",
        "officer.suspension_appeal_decided",
        "officer.certification_recommendation",
    ] {
        assert_eq!(audit_count(&app, action).await, 1, "{action}");
    }
}

#[tokio::test]
async fn certification_is_refused_to_other_roles_and_to_anonymous_callers() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let officer = new_officer(&app, &clerk, "DCO 18").await;
    let base = format!("/api/v1/officers/{officer}/certification");
    for role in ["investigator", "call-handler", "monitoring-board", "administrator"] {
        let token = app.token_for(role).await;
        assert_eq!(api_get(&app, &token, &base).await.status, 403, "{role} reads");
        assert_eq!(post(&app, &token, &format!("{base}/appeal"), json!({})).await.status, 403, "{role} records an appeal");
    }
    let senior = app.token_for("senior-reviewer").await;
    assert_eq!(api_get(&app, &senior, &base).await.status, 200);
    for step in ["suspension", "appeal-decision", "recommendation"] {
        assert_eq!(post(&app, &senior, &format!("{base}/{step}"), json!({})).await.status, 403, "senior reviewers do not {step}");
    }
    let anonymous = send(client().get(app.url(&base))).await;
    assert_eq!(anonymous.status, 401);
    let manager = app.token_for("manager").await;
    assert_eq!(api_get(&app, &manager, "/api/v1/officers/999999/certification").await.status, 404);
}

#[tokio::test]
async fn a_case_on_a_sealed_complaint_is_hidden_from_roles_it_does_not_name() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let senior = app.token_for("senior-reviewer").await;
    let officer = new_officer(&app, &clerk, "DCO 19").await;
    let body = json!({"given": "Ada", "family": "Obi", "date_of_birth": "1990-01-02"});
    let person = api_send(&app, &clerk, Method::POST, "/api/v1/persons", &body).await.json()["id"].as_i64().unwrap();
    let receipt = json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1",
        "setting": "removal-centre", "complainant_ids": [person.to_string()], "incident_date": "2026-02-20",
        "summary": "Sealed allegation.", "confidential": true, "visible_to_roles": ["manager", "compliance-officer"]});
    let id = post(&app, &clerk, "/api/v1/complaints", receipt).await.json()["id"].as_i64().unwrap();
    assert_eq!(post(&app, &clerk, &format!("/api/v1/complaints/{id}/triage"), json!({"category": "serious-misconduct"})).await.status, 200);
    assert_eq!(post(&app, &clerk, &format!("/api/v1/complaints/{id}/officers"), json!({"officer": officer.to_string()})).await.status, 200);
    let base = format!("/api/v1/officers/{officer}/certification");
    let reply = post(
        &app,
        &manager,
        &format!("{base}/suspension"),
        json!({"complaint": id.to_string(), "on": today().to_string(), "reason": "Sealed"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(api_get(&app, &manager, &base).await.json()["cases"].as_array().unwrap().len(), 1);
    let hidden = api_get(&app, &senior, &base).await.json();
    assert_eq!(hidden["cases"], json!([]), "{hidden}");
    assert_eq!(hidden["named"], json!([]));
}
