//! The step forms after the response (issue 4): an ex-gratia payment's
//! page, the lessons-learned log's change form, an officer's finding on the
//! complaint page, and ending correspondence (proposed on the complaint,
//! decided on the register). A good post saves and redirects with a notice;
//! a bad one re-renders 422 naming the field and saves nothing; a role that
//! may not post is refused.

use super::aftercare_pages::{HANDLERS, browsers, complaint, only, post_form, today};
use super::complaint_aftercare::new_complaint;
use super::*;

fn days(n: i64) -> String {
    today().checked_add(jiff::Span::new().days(n)).unwrap().to_string()
}

#[tokio::test]
async fn the_new_pages_admit_complaint_handlers_only() {
    let app = spawn_app().await;
    let browsers = browsers(&app).await;
    let clerk = app.token_for("compliance-officer").await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    let body = json!({"kind": "financial", "amount": "20", "rationale": "Lost bag"});
    let pid =
        api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/ex-gratia"), &body).await.json()["id"].as_i64().unwrap();
    only(&app, &browsers, &format!("/reports/ex-gratia/{pid}"), &HANDLERS).await;
    only(&app, &browsers, "/reports/correspondence-decisions", &HANDLERS).await;
    let browser = |r: Role| browsers.iter().find(|(role, _)| *role == r).map(|(_, b)| b.clone()).unwrap();
    let home = send(browser(Role::SeniorReviewer).get(app.url("/"))).await;
    assert!(home.text.contains("href=\"/reports/correspondence-decisions\""), "reached from the navigation");
    let register = send(browser(Role::ComplianceOfficer).get(app.url("/reports/ex-gratia"))).await;
    assert!(register.text.contains(&format!("href=\"/reports/ex-gratia/{pid}\"")), "each payment opens from the register");
}

#[tokio::test]
async fn an_ex_gratia_payment_is_offered_accepted_paid_and_receipted_on_its_page() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    let body = json!({"kind": "financial", "amount": "150.50", "rationale": "Watch lost on transfer"});
    let pid =
        api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/ex-gratia"), &body).await.json()["id"].as_i64().unwrap();
    let status =
        async || api_get(&app, &clerk, &format!("/api/v1/ex-gratia?complaint_id={id}")).await.json()["items"][0]["row"]["status"].clone();
    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let page = format!("/reports/ex-gratia/{pid}");
    let steps = format!("{page}/steps");
    let on = today().to_string();

    // Out of order, in the future, or without a reference: refused, naming the field.
    let reply = post_form(&app, &browser, &csrf, &steps, &[("step-step", "accept"), ("step-on", &on)]).await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["step-step"]);
    let reply = post_form(&app, &browser, &csrf, &steps, &[("step-step", "offer"), ("step-on", &days(1))]).await;
    assert_eq!(summary_links(&reply), ["step-on"]);
    assert!(reply.text.contains(&format!("value=\"{}\"", days(1))), "the answers are kept");
    assert_eq!(status().await, "proposed", "refusals saved nothing");

    let good = |step: &'static str| [("step-step", step), ("step-on", on.as_str()), ("step-reference", "")];
    for step in ["offer", "accept"] {
        let reply = post_form(&app, &browser, &csrf, &steps, &good(step)).await;
        assert_eq!((reply.status.as_u16(), reply.location()), (303, format!("{page}?notice=recorded").as_str()), "{step}");
    }
    let reply = post_form(&app, &browser, &csrf, &steps, &good("pay")).await;
    assert_eq!(summary_links(&reply), ["step-reference"]);
    assert_eq!(status().await, "accepted");
    let reply = post_form(&app, &browser, &csrf, &steps, &[("step-step", "pay"), ("step-on", &on), ("step-reference", "BACS-7")]).await;
    assert_eq!(reply.status, 303);
    assert_eq!(post_form(&app, &browser, &csrf, &steps, &good("receipt")).await.status, 303);
    assert_eq!(status().await, "receipt-recorded");
    let shown = send(browser.get(app.url(&format!("{page}?notice=recorded")))).await;
    assert!(shown.text.contains("Recorded") && shown.text.contains("BACS-7") && shown.text.contains("£150.50"), "{}", shown.snippet());
    assert!(shown.text.contains("No further step") && !shown.text.contains(&format!("action=\"{steps}\"")));

    let (investigator, icsrf) = app.sign_in("investigator").await;
    assert_eq!(post_form(&app, &investigator, &icsrf, &steps, &good("offer")).await.status, 403);
}

#[tokio::test]
async fn a_lesson_action_is_reassigned_moved_and_dropped_on_the_log() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    let me = api_get(&app, &clerk, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap().to_string();
    let manager = api_get(&app, &app.token_for("manager").await, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap().to_string();
    let body = json!({"source": "complaint", "description": "Check property at transfer", "owner": me, "due": days(7)});
    let reply = api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/lessons"), &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let aid = reply.json()["id"].as_i64().unwrap().to_string();
    let action = async || api_get(&app, &clerk, "/api/v1/lessons").await.json()["items"][0]["action"]["state"].clone();
    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let change = |step: &'static str, owner: &str, due: &str, reason: &str| {
        [
            ("change-action", aid.clone()),
            ("change-step", step.into()),
            ("change-owner", owner.into()),
            ("change-due", due.into()),
            ("change-reason", reason.into()),
        ]
    };
    let post = async |fields: [(&'static str, String); 5]| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post_form(&app, &browser, &csrf, "/reports/lessons/change", &fields).await
    };

    let log = send(browser.get(app.url("/reports/lessons"))).await;
    assert!(log.text.contains("action=\"/reports/lessons/change\""));
    assert_eq!(summary_links(&post(change("reassign", "", "", "Moved teams")).await), ["change-owner"]);
    let reply = post(change("move-due", "", "soon", "Waiting for the supplier")).await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["change-due"]);
    assert!(reply.text.contains("value=\"Waiting for the supplier\""), "the answers are kept");
    assert_eq!(summary_links(&post(change("drop", "", "", "")).await), ["change-reason"]);
    let state = action().await;
    assert_eq!((state["owner"].to_string(), state["due"].as_str().unwrap()), (me.clone(), days(7).as_str()), "refusals saved nothing");

    for fields in [
        change("reassign", &manager, "", "Moved teams"),
        change("move-due", "", &days(30), "Waiting for the supplier"),
        change("drop", "", "", "Superseded by the national checklist"),
    ] {
        let reply = post(fields).await;
        assert_eq!((reply.status.as_u16(), reply.location()), (303, "/reports/lessons?notice=recorded"), "{}", reply.snippet());
    }
    let state = action().await;
    assert_eq!((state["owner"].to_string(), state["due"].as_str().unwrap()), (manager, days(30).as_str()));
    assert!(state["status"].to_string().contains("dropped"), "{state}");

    let (investigator, icsrf) = app.sign_in("investigator").await;
    let fields = [("change-action", aid.as_str()), ("change-step", "drop"), ("change-reason", "x")];
    assert_eq!(post_form(&app, &investigator, &icsrf, "/reports/lessons/change", &fields).await.status, 403);
}

#[tokio::test]
async fn a_finding_is_recorded_on_the_complaint_page_and_the_third_raises_a_review() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let body = json!({"name": "J. Smith", "identifier": "DCO 3", "employer": "Escorts Ltd"});
    let officer = api_send(&app, &clerk, Method::POST, "/api/v1/officers", &body).await.json()["id"].as_i64().unwrap().to_string();
    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let on = today().to_string();
    for n in 0..3 {
        let id = complaint(&app, &clerk, "service-delivery").await;
        let named = api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/officers"), &json!({"officer": officer})).await;
        assert_eq!(named.status, 200);
        let path = format!("/complaints/{id}/aftercare/finding");
        let finding = |finding: &'static str, on: String| {
            [("finding-officer", officer.clone()), ("finding-finding", finding.into()), ("finding-decided_on", on)]
        };
        let post = async |fields: [(&'static str, String); 3]| {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(&app, &browser, &csrf, &path, &fields).await
        };
        if n == 0 {
            let reply = post(finding("", on.clone())).await;
            assert_eq!(reply.status, 422);
            assert_eq!(summary_links(&reply), ["finding-finding"]);
            assert_eq!(summary_links(&post(finding("substantiated", days(1))).await), ["finding-decided_on"]);
            let named = api_get(&app, &clerk, &format!("/api/v1/complaints/{id}/officers")).await.json();
            assert_eq!(named["items"][0]["finding"], Value::Null, "refusals saved nothing");
        }
        let reply = post(finding("substantiated", on.clone())).await;
        let notice = if n == 2 { "review-raised" } else { "recorded" };
        assert_eq!((reply.status.as_u16(), reply.location()), (303, format!("/complaints/{id}/aftercare?notice={notice}").as_str()));
        if n == 2 {
            let page = send(browser.get(app.url(reply.location()))).await;
            assert!(page.text.contains("review threshold") && page.text.contains("Substantiated on"), "{}", page.snippet());
        }
    }
    let manager = app.token_for("manager").await;
    assert!(api_get(&app, &manager, "/api/v1/tasks").await.text.contains("officer-review"));

    let (investigator, icsrf) = app.sign_in("investigator").await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    let fields = [("finding-officer", officer.as_str()), ("finding-finding", "substantiated"), ("finding-decided_on", on.as_str())];
    assert_eq!(post_form(&app, &investigator, &icsrf, &format!("/complaints/{id}/aftercare/finding"), &fields).await.status, 403);
}

/// Gives the user holding `role` a more senior grade than the test fixture's.
async fn promote(app: &TestApp, role: &str) {
    let admin = app.token_for("administrator").await;
    let id = api_get(app, &app.token_for(role).await, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap();
    let user = api_get(app, &admin, &format!("/api/v1/users/{id}")).await.json();
    let changes = json!({"display_name": user["display_name"], "grade": "grade-7", "site": "TEST-SITE", "roles": [role], "active": true,
        "version": user["version"]});
    let reply = api_send(app, &admin, Method::PUT, &format!("/api/v1/users/{id}"), &changes).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn correspondence_is_ended_on_a_concluded_complaint_and_decided_on_the_register() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let (id, person) = new_complaint(&app, &clerk, false).await;
    let person = person.to_string();
    let decisions = async || api_get(&app, &clerk, "/api/v1/correspondence-decisions").await.json()["items"].clone();
    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let base = format!("/complaints/{id}/aftercare");
    let propose = |reason: &'static str| {
        [("correspondence-person", person.clone()), ("correspondence-reason", reason.into()), ("correspondence-review_on", days(90))]
    };
    let post = async |fields: [(&'static str, String); 3]| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post_form(&app, &browser, &csrf, &format!("{base}/correspondence"), &fields).await
    };

    let page = send(browser.get(app.url(&base))).await;
    assert!(page.text.contains("never withdraws the right to complain") && page.text.contains("only once the complaint has concluded"));
    let reply = post(propose("Repeated letters on a settled matter")).await;
    assert_eq!(reply.status, 422, "not concluded yet");
    assert_eq!(summary_links(&reply), ["correspondence-person"]);
    let withdraw = json!({"on": today().to_string(), "method": "in-writing"});
    assert_eq!(api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/withdraw"), &withdraw).await.status, 200);
    assert_eq!(summary_links(&post(propose("")).await), ["correspondence-reason"]);
    assert_eq!(decisions().await, json!([]), "refusals saved nothing");
    let reply = post(propose("Repeated letters on a settled matter")).await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, format!("{base}?notice=proposed").as_str()));
    let did = decisions().await[0]["decision"]["id"].as_i64().unwrap().to_string();

    // Approval: refused to compliance officers, and to a manager of the proposer's grade.
    let register = send(browser.get(app.url("/reports/correspondence-decisions"))).await;
    assert!(register.text.contains("The right to complain is never withdrawn") && register.text.contains("waiting for approval"));
    assert!(!register.text.contains("action=\"/reports/correspondence-decisions/approval\""), "approvers alone see the approval form");
    let approve = [("approval-decision", did.as_str()), ("approval-step", "approve"), ("approval-reason", "")];
    let approval = "/reports/correspondence-decisions/approval";
    assert_eq!(post_form(&app, &browser, &csrf, approval, &approve).await.status, 403);
    let (manager, mcsrf) = app.sign_in("manager").await;
    let reply = post_form(&app, &manager, &mcsrf, approval, &approve).await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["approval-decision"]);
    assert!(reply.text.contains("more senior grade"));
    promote(&app, "senior-reviewer").await;
    let (reviewer, rcsrf) = app.sign_in("senior-reviewer").await;
    let reply = post_form(
        &app,
        &reviewer,
        &rcsrf,
        approval,
        &[("approval-decision", did.as_str()), ("approval-step", "decline"), ("approval-reason", "")],
    )
    .await;
    assert_eq!(summary_links(&reply), ["approval-reason"]);
    assert_eq!(decisions().await[0]["decision"]["state"]["state"], "proposed");
    let reply = post_form(&app, &reviewer, &rcsrf, approval, &approve).await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, "/reports/correspondence-decisions?notice=recorded"));
    assert_eq!(decisions().await[0]["decision"]["state"]["state"], "in-force");

    // Handlers: a review, a later letter filed with an acknowledgement, then fresh evidence reopens the matter.
    let steps = "/reports/correspondence-decisions/steps";
    let on = today().to_string();
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        steps,
        &[("step-decision", &did), ("step-step", "review"), ("step-note", "Still writing"), ("step-next_review", &on)],
    )
    .await;
    assert_eq!(summary_links(&reply), ["step-next_review"]);
    let reply =
        post_form(&app, &browser, &csrf, steps, &[("step-decision", &did), ("step-step", "letter"), ("step-received_on", "")]).await;
    assert_eq!(summary_links(&reply), ["step-received_on"]);
    assert_eq!(decisions().await[0]["letters"], json!([]), "refusals saved nothing");
    let review =
        [("step-decision", did.as_str()), ("step-step", "review"), ("step-note", "Still writing weekly"), ("step-next_review", &days(60))];
    assert_eq!(post_form(&app, &browser, &csrf, steps, &review).await.status, 303);
    let letter = [("step-decision", did.as_str()), ("step-step", "letter"), ("step-received_on", &on), ("step-acknowledge", "yes")];
    assert_eq!(post_form(&app, &browser, &csrf, steps, &letter).await.status, 303);
    let fresh = [
        ("step-decision", did.as_str()),
        ("step-step", "letter"),
        ("step-received_on", &on),
        ("step-fresh_evidence", "A witness statement"),
    ];
    assert_eq!(post_form(&app, &browser, &csrf, steps, &fresh).await.status, 303);
    let line = decisions().await[0].clone();
    assert_eq!(line["decision"]["state"]["state"], "ended");
    let handled: Vec<&str> = line["letters"].as_array().unwrap().iter().map(|l| l["handling"].as_str().unwrap()).collect();
    assert_eq!(handled, ["acknowledged-and-filed", "reopened"]);
    let register = send(browser.get(app.url("/reports/correspondence-decisions"))).await;
    assert!(register.text.contains("reopened on fresh evidence"), "{}", register.snippet());

    let (investigator, icsrf) = app.sign_in("investigator").await;
    assert_eq!(post_form(&app, &investigator, &icsrf, steps, &letter).await.status, 403);
}
