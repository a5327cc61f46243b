//! Complaints after the response over HTTP: ombudsman escalations refused
//! before a response, ex-gratia payments through to the register (with
//! the complaints unit's task), lessons-learned actions and the overdue
//! log, officers reaching the review threshold (a manager's task), and
//! decisions to end correspondence; refusals name their fields and save
//! nothing, sealed complaints are 404 to roles they do not name.

use super::*;

fn today() -> jiff::civil::Date {
    casebook_domain::calendar::london_date(jiff::Timestamp::now())
}

pub(super) async fn new_complaint(app: &TestApp, token: &str, sealed: bool) -> (i64, i64) {
    let body = json!({"given": "Ada", "family": "Obi", "date_of_birth": "1990-01-02"});
    let person = api_send(app, token, Method::POST, "/api/v1/persons", &body).await.json()["id"].as_i64().unwrap();
    let mut receipt = json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1",
        "setting": "removal-centre", "complainant_ids": [person.to_string()], "incident_date": "2026-02-20",
        "summary": "My property was lost on transfer."});
    if sealed {
        receipt["confidential"] = json!(true);
        receipt["visible_to_roles"] = json!(["manager", "compliance-officer"]);
    }
    let reply = api_send(app, token, Method::POST, "/api/v1/complaints", &receipt).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    (reply.json()["id"].as_i64().unwrap(), person)
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    api_send(app, token, Method::POST, path, &body).await
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    let admin = app.token_for("administrator").await;
    api_get(app, &admin, &format!("/api/v1/audit?action={action}")).await.json()["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn an_escalation_waits_for_the_response_and_investigators_only_read() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let investigator = app.token_for("investigator").await;
    let board = app.token_for("monitoring-board").await;
    let (id, _) = new_complaint(&app, &clerk, false).await;
    let path = format!("/api/v1/complaints/{id}/escalations");
    let escalate = json!({"step": "escalate", "body": "prisons-and-probation-ombudsman", "on": today().to_string()});
    assert_eq!(
        problem_fields(
            &post(&app, &clerk, &path, json!({"step": "escalate", "body": "prisons-and-probation-ombudsman", "on": "soon"})).await
        ),
        ["on"]
    );
    assert_eq!(problem_fields(&post(&app, &clerk, &path, json!({"step": "fly"})).await), ["step"]);
    let reply = post(&app, &clerk, &path, escalate.clone()).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(post(&app, &investigator, &path, escalate).await.status, 403);
    let read = api_get(&app, &investigator, &path).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.json()["escalations"], json!([]), "nothing saved");
    assert_eq!(api_get(&app, &board, &path).await.status, 403);
    assert_eq!(audit_count(&app, "complaint.escalated").await, 0);
}

#[tokio::test]
async fn an_ex_gratia_payment_goes_from_proposal_to_the_register() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let investigator = app.token_for("investigator").await;
    let (id, _) = new_complaint(&app, &clerk, false).await;
    let path = format!("/api/v1/complaints/{id}/ex-gratia");
    let reply = post(&app, &clerk, &path, json!({"kind": "financial", "amount": "lots", "rationale": "Lost property"})).await;
    assert_eq!(problem_fields(&reply), ["amount"]);
    let reply = post(&app, &clerk, &path, json!({"kind": "financial", "amount": "150.50", "rationale": ""})).await;
    assert_eq!(problem_fields(&reply), ["rationale"]);
    assert!(api_get(&app, &clerk, "/api/v1/ex-gratia").await.json()["items"].as_array().unwrap().is_empty(), "refusals saved nothing");
    assert_eq!(post(&app, &investigator, &path, json!({"kind": "financial", "amount": "1"})).await.status, 403);

    let reply = post(&app, &clerk, &path, json!({"kind": "financial", "amount": "£150.50", "rationale": "Lost property"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let pid = reply.json()["id"].as_i64().unwrap();
    let steps = format!("/api/v1/ex-gratia/{pid}/steps");
    let on = today().to_string();
    assert_eq!(problem_fields(&post(&app, &clerk, &steps, json!({"step": "pay", "on": on, "reference": "P1"})).await).len(), 1);
    for step in ["offer", "accept"] {
        let reply = post(&app, &clerk, &steps, json!({"step": step, "on": on})).await;
        assert_eq!(reply.status, 200, "{step}: {}", reply.text);
    }
    let reply = post(&app, &clerk, &steps, json!({"step": "pay", "on": on, "reference": "BACS-1"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let register = api_get(&app, &clerk, "/api/v1/ex-gratia").await.json();
    assert_eq!(register["items"].as_array().unwrap().len(), 1);
    assert_eq!(register["paid"]["total_pence"], 15050);
    assert_eq!(register["items"][0]["row"]["status"], "paid");
    assert_eq!(audit_count(&app, "ex_gratia.paid").await, 1);
    // Offer, acceptance and payment each told the complaints unit.
    assert_eq!(audit_count(&app, "ex_gratia.complaints_unit_told").await, 3);
    let tasks = api_get(&app, &clerk, "/api/v1/tasks").await;
    assert!(tasks.text.contains("ex-gratia-notice"), "{}", tasks.text);
}

#[tokio::test]
async fn a_lessons_learned_action_is_raised_and_moved_on() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let owner = api_get(&app, &clerk, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap();
    let (id, _) = new_complaint(&app, &clerk, false).await;
    let path = format!("/api/v1/complaints/{id}/lessons");
    let past = today().yesterday().unwrap().to_string();
    let due = today().tomorrow().unwrap().to_string();
    let body = json!({"source": "complaint", "description": "Check property at transfer", "owner": owner.to_string(), "due": past});
    assert_eq!(problem_fields(&post(&app, &clerk, &path, body).await), ["due"]);
    let body = json!({"source": "complaint", "description": "Check property", "owner": "99999", "due": due});
    assert_eq!(problem_fields(&post(&app, &clerk, &path, body).await), ["owner"]);
    assert!(api_get(&app, &clerk, "/api/v1/lessons").await.json()["items"].as_array().unwrap().is_empty());

    let body = json!({"source": "complaint", "description": "Check property at transfer", "owner": owner.to_string(), "due": due});
    let reply = post(&app, &clerk, &path, body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let aid = reply.json()["id"].as_i64().unwrap();
    let steps = format!("/api/v1/lessons/{aid}/steps");
    assert_eq!(problem_fields(&post(&app, &clerk, &steps, json!({"step": "progress", "note": ""})).await), ["note"]);
    let reply = post(&app, &clerk, &steps, json!({"step": "progress", "note": "Checklist drafted"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let log = api_get(&app, &clerk, "/api/v1/lessons").await.json();
    assert_eq!(log["items"][0]["overdue"], false);
    assert_eq!(log["items"][0]["action"]["state"]["notes"].as_array().unwrap().len(), 1);
    assert_eq!(audit_count(&app, "lesson.raised").await, 1);
    assert_eq!(audit_count(&app, "lesson.progress_recorded").await, 1);
}

#[tokio::test]
async fn a_third_substantiated_complaint_raises_a_review_task() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let reply = post(&app, &clerk, "/api/v1/officers", json!({"name": "", "identifier": "DCO 17", "employer": "Escorts Ltd"})).await;
    assert_eq!(problem_fields(&reply), ["name"]);
    let reply =
        post(&app, &clerk, "/api/v1/officers", json!({"name": "J. Smith", "identifier": "DCO 17", "employer": "Escorts Ltd"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let officer = reply.json()["id"].as_i64().unwrap().to_string();
    let again =
        post(&app, &clerk, "/api/v1/officers", json!({"name": "J. Smith", "identifier": "DCO 17", "employer": "Escorts Ltd"})).await;
    assert_eq!(problem_fields(&again), ["identifier"]);

    let on = today().to_string();
    for n in 0..3 {
        let (id, _) = new_complaint(&app, &clerk, false).await;
        let finding = json!({"officer": officer, "finding": "substantiated", "decided_on": on});
        if n == 0 {
            let early = post(&app, &clerk, &format!("/api/v1/complaints/{id}/officers/finding"), finding.clone()).await;
            assert_eq!(problem_fields(&early), ["officer"], "named first");
            let future = json!({"officer": officer, "finding": "substantiated", "decided_on": today().tomorrow().unwrap().to_string()});
            post(&app, &clerk, &format!("/api/v1/complaints/{id}/officers"), json!({"officer": officer})).await;
            assert_eq!(
                problem_fields(&post(&app, &clerk, &format!("/api/v1/complaints/{id}/officers/finding"), future).await),
                ["decided_on"]
            );
        } else {
            let reply = post(&app, &clerk, &format!("/api/v1/complaints/{id}/officers"), json!({"officer": officer})).await;
            assert_eq!(reply.status, 200, "{}", reply.text);
        }
        let reply = post(&app, &clerk, &format!("/api/v1/complaints/{id}/officers/finding"), finding).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let over = api_get(&app, &clerk, "/api/v1/officers/threshold").await.json();
        assert_eq!(over["items"].as_array().unwrap().len(), usize::from(n == 2), "after {} findings", n + 1);
    }
    assert_eq!(audit_count(&app, "officer.review_raised").await, 1);
    let tasks = api_get(&app, &manager, "/api/v1/tasks").await;
    assert!(tasks.text.contains("officer-review"), "{}", tasks.text);
}

#[tokio::test]
async fn ending_correspondence_needs_a_concluded_matter_and_a_senior_approver() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let (id, person) = new_complaint(&app, &clerk, false).await;
    let path = format!("/api/v1/complaints/{id}/correspondence-decisions");
    let review_on = today().checked_add(jiff::Span::new().days(90)).unwrap().to_string();
    let body = json!({"person": person.to_string(), "reason": "Repeated letters on a settled matter", "review_on": review_on});
    assert_eq!(problem_fields(&post(&app, &clerk, &path, body.clone()).await), ["complaint"], "not concluded yet");
    let withdraw = json!({"on": today().to_string(), "method": "in-writing"});
    let reply = post(&app, &clerk, &format!("/api/v1/complaints/{id}/withdraw"), withdraw).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let no_reason = json!({"person": person.to_string(), "reason": "", "review_on": review_on});
    assert_eq!(problem_fields(&post(&app, &clerk, &path, no_reason).await), ["reason"]);
    assert!(api_get(&app, &clerk, "/api/v1/correspondence-decisions").await.json()["items"].as_array().unwrap().is_empty());

    let reply = post(&app, &clerk, &path, body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let did = reply.json()["id"].as_i64().unwrap();
    let approval = format!("/api/v1/correspondence-decisions/{did}/approval");
    assert_eq!(post(&app, &clerk, &approval, json!({"step": "approve"})).await.status, 403, "compliance officers do not approve");
    // The test manager holds the proposer's grade: approval needs a more senior one.
    assert_eq!(problem_fields(&post(&app, &manager, &approval, json!({"step": "approve"})).await), ["approver"]);
    let steps = format!("/api/v1/correspondence-decisions/{did}/steps");
    let letter = json!({"step": "letter", "received_on": today().to_string(), "acknowledge": true});
    assert_eq!(problem_fields(&post(&app, &clerk, &steps, letter).await), ["decision"], "no decision in force yet");
    let list = api_get(&app, &clerk, "/api/v1/correspondence-decisions").await.json();
    assert_eq!(list["items"][0]["decision"]["state"]["state"], "proposed");
    assert_eq!(audit_count(&app, "complaint.end_correspondence_proposed").await, 1);
    assert_eq!(audit_count(&app, "complaint.correspondence_ended").await, 0);
}

#[tokio::test]
async fn records_on_a_sealed_complaint_are_hidden_from_roles_it_does_not_name() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let investigator = app.token_for("investigator").await;
    let reviewer = app.token_for("senior-reviewer").await;
    let (id, _) = new_complaint(&app, &clerk, true).await;
    let reply = post(
        &app,
        &clerk,
        &format!("/api/v1/complaints/{id}/ex-gratia"),
        json!({"kind": "non-financial", "description": "An apology in person", "rationale": "Distress"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let pid = reply.json()["id"].as_i64().unwrap();
    assert_problem(&api_get(&app, &investigator, &format!("/api/v1/complaints/{id}/escalations")).await, 404);
    assert_problem(&api_get(&app, &investigator, &format!("/api/v1/complaints/{id}/officers")).await, 404);
    assert_problem(&api_get(&app, &reviewer, &format!("/api/v1/ex-gratia/{pid}")).await, 404);
    let steps = post(&app, &reviewer, &format!("/api/v1/ex-gratia/{pid}/steps"), json!({"step": "agree", "on": today().to_string()})).await;
    assert_problem(&steps, 404);
    assert!(api_get(&app, &reviewer, "/api/v1/ex-gratia").await.json()["items"].as_array().unwrap().is_empty());
    assert_eq!(api_get(&app, &clerk, "/api/v1/ex-gratia").await.json()["items"].as_array().unwrap().len(), 1);
}
