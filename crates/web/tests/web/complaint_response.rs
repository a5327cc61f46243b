//! Complaint extensions, the response with quality assurance, sending and
//! letters over HTTP (issue 4): every route, the refusals the issue names
//! (extension without a reason, an outcome not one of three, sending before
//! approval, approval by the author or by the same grade, a target date on a
//! closed complaint) each saving nothing, and sealed complaints hidden.

use super::*;
use casebook_app::Actor;
use casebook_app::accounts::{self, AccountForm};

async fn person(app: &TestApp, token: &str) -> i64 {
    let body = json!({"given": "Ada", "family": "Obi", "date_of_birth": "1990-01-02"});
    api_send(app, token, Method::POST, "/api/v1/persons", &body).await.json()["id"].as_i64().unwrap()
}

async fn id_of(app: &TestApp, token: &str) -> i64 {
    api_get(app, token, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap()
}

/// A user of `role` and `grade`, with an API token.
async fn graded(app: &TestApp, username: &str, role: Role, grade: &str) -> String {
    let form = AccountForm {
        username: username.into(),
        display_name: format!("Test {username}"),
        email: String::new(),
        grade: grade.into(),
        site: "TEST-SITE".into(),
        roles: vec![role.slug().into()],
        active: true,
    };
    accounts::create(&app.app, &Actor::system("test"), &form, Some(PASSWORD)).await.unwrap();
    app.token_for(username).await
}

async fn post(app: &TestApp, token: &str, id: i64, path: &str, body: &Value) -> Reply {
    api_send(app, token, Method::POST, &format!("/api/v1/complaints/{id}/{path}"), body).await
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().with_time_zone(casebook_domain::calendar::london()).date()
}

/// A complaint received, triaged, logged, with part 1 (service delivery) and
/// part 2 (minor misconduct) allocated to the investigator and sent for investigation.
async fn allocated(app: &TestApp, clerk: &str, investigator_id: i64, extra: Value) -> i64 {
    let person = person(app, clerk).await;
    let mut receipt = json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1",
        "setting": "removal-centre", "complainant_ids": [person.to_string()], "incident_date": "2026-02-20",
        "summary": "My property was lost on transfer."});
    if let (Some(r), Some(e)) = (receipt.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    let id = api_send(app, clerk, Method::POST, "/api/v1/complaints", &receipt).await.json()["id"].as_i64().unwrap();
    assert_eq!(post(app, clerk, id, "triage", &json!({"category": "service-delivery"})).await.status, 200);
    assert_eq!(post(app, clerk, id, "log", &json!({})).await.status, 200);
    let inv = investigator_id.to_string();
    let reply = post(app, clerk, id, "allocate", &json!({"body": "supplier-centre-manager", "investigator": inv})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let split = json!({"category": "minor-misconduct", "body": "hoie-manager", "investigator": inv});
    assert_eq!(post(app, clerk, id, "allocate", &split).await.status, 200);
    for part in [1, 2] {
        assert_eq!(post(app, clerk, id, "send-for-investigation", &json!({"part": part})).await.status, 200);
    }
    id
}

/// A complete draft for `part`, with the procedure's escalation wording and its blanks filled.
async fn full_draft(app: &TestApp, token: &str, id: i64, part: u32) -> Value {
    let view = api_get(app, token, &format!("/api/v1/complaints/{id}/parts/{part}/response")).await;
    assert_eq!(view.status, 200, "{}", view.text);
    let wording = view.json()["escalation_wording"].as_str().unwrap_or_default().to_owned();
    let mut filled = String::new();
    let mut blank = false;
    for ch in wording.chars() {
        match ch {
            '[' => blank = true,
            ']' if blank => {
                blank = false;
                filled.push_str("Test Supplier Ltd");
            }
            _ if blank => {}
            c => filled.push(c),
        }
    }
    json!({"part": part.to_string(),
        "points": [{"point": "My property was lost", "answer": "We found the bag at reception and returned it."}],
        "investigation_and_findings": "We checked the transfer log and spoke to the escort staff.",
        "outcome": "partially-substantiated",
        "action_to_be_taken": "Property checks at reception are now signed by two officers.",
        "escalation_wording": filled,
        "leaflet_enclosed": true, "feedback_form_enclosed": true})
}

async fn part_of(app: &TestApp, token: &str, id: i64, index: usize) -> Value {
    api_get(app, token, &format!("/api/v1/complaints/{id}")).await.json()["record"]["parts"][index].clone()
}

async fn stage(app: &TestApp, token: &str, id: i64, part: u32) -> String {
    let view = api_get(app, token, &format!("/api/v1/complaints/{id}/parts/{part}/response")).await;
    view.json()["stage"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_api_takes_a_part_from_extension_to_a_sent_response_and_its_letters() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let inv = app.token_for("investigator").await;
    let same_grade = app.token_for("senior-reviewer").await; // HEO, as the investigator
    let board = app.token_for("monitoring-board").await;
    let caller = app.token_for("call-handler").await;
    let reviewer = graded(&app, "reviewer-g7", Role::SeniorReviewer, "grade-7").await;
    let lead = graded(&app, "lead-g7", Role::Manager, "grade-7").await;
    let head = graded(&app, "head-scs", Role::SeniorReviewer, "scs").await;
    let inv_id = id_of(&app, &inv).await;
    let id = allocated(&app, &clerk, inv_id, json!({})).await;
    let later = today().checked_add(jiff::Span::new().days(90)).unwrap().to_string();

    // Extension: the reason is required; nothing saved on refusal.
    let reply = post(&app, &inv, id, "extension-request", &json!({"part": "1", "reason": " ", "new_date": later})).await;
    assert_eq!(problem_fields(&reply), ["reason"], "{}", reply.text);
    assert!(part_of(&app, &clerk, id, 0).await["extension_requested"].is_null());
    let reply = post(&app, &inv, id, "extension-request", &json!({"part": "1", "reason": "CCTV", "new_date": "soon"})).await;
    assert_eq!(problem_fields(&reply), ["new_date"]);
    for token in [&board, &caller] {
        assert_eq!(post(&app, token, id, "extension-request", &json!({"part": "1"})).await.status, 403);
    }
    let before = part_of(&app, &clerk, id, 0).await["target"].clone();
    let ask = json!({"part": "1", "reason": "Waiting for the escort's CCTV", "new_date": later});
    assert_eq!(post(&app, &inv, id, "extension-request", &ask).await.status, 200);
    let agree = json!({"part": "1", "decision": "agree"});
    assert_eq!(post(&app, &inv, id, "extension-decision", &agree).await.status, 403, "the complaints unit decides");
    assert_eq!(
        problem_fields(&post(&app, &clerk, id, "extension-decision", &json!({"part": "1", "decision": "maybe"})).await),
        ["decision"]
    );
    let reply = post(&app, &clerk, id, "extension-decision", &agree).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let part = part_of(&app, &clerk, id, 0).await;
    assert_ne!(part["target"], before, "the clock moved");
    assert_eq!(part["extensions_agreed"], 1);
    let history = reply.json()["history"].to_string();
    assert!(history.contains("extension-requested") && history.contains("extension-agreed"), "history kept");
    assert_eq!(post(&app, &inv, id, "interim-response", &json!({"part": "1"})).await.status, 200);

    // Drafting: an outcome not one of three is refused and nothing is saved.
    let mut draft = full_draft(&app, &inv, id, 1).await;
    draft["outcome"] = json!("upheld");
    assert_eq!(problem_fields(&post(&app, &inv, id, "response/draft", &draft).await), ["outcome"]);
    assert_eq!(stage(&app, &inv, id, 1).await, "not-started");
    // An incomplete draft is kept; submitting lists its gaps.
    let partial = json!({"part": "1", "points": [{"point": "My property was lost", "answer": ""}]});
    let reply = post(&app, &inv, id, "response/draft", &partial).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(!reply.json()["gaps"].as_array().unwrap().is_empty());
    let reply = post(&app, &inv, id, "response/submit", &json!({"part": "1"})).await;
    let fields = problem_fields(&reply);
    assert!(fields.contains(&"points[1].answer".to_owned()) && fields.contains(&"outcome".to_owned()), "{fields:?}");
    assert_eq!(stage(&app, &inv, id, 1).await, "drafting");
    let reply = post(&app, &inv, id, "response/draft", &full_draft(&app, &inv, id, 1).await).await;
    assert!(reply.json()["gaps"].as_array().unwrap().is_empty(), "{}", reply.text);
    // Sending before approval is refused.
    assert_eq!(problem_fields(&post(&app, &inv, id, "response/send", &json!({"part": "1"})).await), ["stage"]);
    assert_eq!(post(&app, &inv, id, "response/submit", &json!({"part": "1"})).await.status, 200);

    // Quality assurance: approvers only, strictly more senior than the author.
    assert_eq!(post(&app, &inv, id, "response/approve", &json!({"part": "1"})).await.status, 403);
    assert_eq!(post(&app, &clerk, id, "response/approve", &json!({"part": "1"})).await.status, 403);
    let reply = post(&app, &same_grade, id, "response/approve", &json!({"part": "1"})).await;
    assert_eq!(problem_fields(&reply), ["reviewer"]);
    assert!(reply.text.contains("same as the author"), "{}", reply.text);
    assert_eq!(stage(&app, &inv, id, 1).await, "submitted-for-quality-assurance", "nothing saved");
    assert_eq!(problem_fields(&post(&app, &reviewer, id, "response/return", &json!({"part": "1", "comments": ""})).await), ["comments"]);
    let back = json!({"part": "1", "comments": "Say when the bag was returned."});
    assert_eq!(post(&app, &reviewer, id, "response/return", &back).await.status, 200);
    assert_eq!(stage(&app, &inv, id, 1).await, "returned-with-comments");
    assert_eq!(post(&app, &inv, id, "response/draft", &full_draft(&app, &inv, id, 1).await).await.status, 200);
    assert_eq!(post(&app, &inv, id, "response/submit", &json!({"part": "1"})).await.status, 200);
    let reply = post(&app, &reviewer, id, "response/approve", &json!({"part": "1"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["stage"], "approved");

    // Sending records the date and outcome on the complaint and closes the part.
    let reply = post(&app, &inv, id, "response/send", &json!({"part": "1", "on": "2020-01-01"})).await;
    assert_eq!(problem_fields(&reply), ["on"], "before the approval");
    let reply = post(&app, &inv, id, "response/send", &json!({"part": "1"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["stage"], "outcome-recorded");
    let part = part_of(&app, &clerk, id, 0).await;
    assert_eq!(part["outcome"], "partially-substantiated");
    assert!(!part["closed_at"].is_null());

    // Part 2: the author may not approve their own draft.
    assert_eq!(post(&app, &lead, id, "response/draft", &full_draft(&app, &lead, id, 2).await).await.status, 200);
    assert_eq!(post(&app, &lead, id, "response/submit", &json!({"part": "2"})).await.status, 200);
    let reply = post(&app, &lead, id, "response/approve", &json!({"part": "2"})).await;
    assert_eq!(problem_fields(&reply), ["reviewer"]);
    assert!(reply.text.contains("author"), "{}", reply.text);
    assert_eq!(post(&app, &head, id, "response/approve", &json!({"part": "2"})).await.status, 200);
    assert_eq!(post(&app, &clerk, id, "response/send", &json!({"part": "2"})).await.status, 200);
    let complaint = api_get(&app, &clerk, &format!("/api/v1/complaints/{id}")).await;
    assert_eq!(complaint.json()["state"], "closed", "every part answered");

    // A target date on a closed complaint is refused.
    let reply = post(&app, &inv, id, "extension-request", &json!({"part": "1", "reason": "More time", "new_date": later})).await;
    assert_eq!(problem_fields(&reply), ["state"]);

    // Letters from templates, kept on the complaint.
    let reply = post(&app, &inv, id, "letters", &json!({"kind": "response", "part": "1"})).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let letter = reply.json();
    let text = letter["text"].as_str().unwrap();
    assert!(text.contains("partially substantiated") && text.contains("Test Supplier Ltd") && !text.contains('{'), "{text}");
    assert!(letter["html"].as_str().unwrap().starts_with("<p>"));
    assert_eq!(post(&app, &inv, id, "letters", &json!({"kind": "interim", "part": "1"})).await.status, 201);
    assert_eq!(post(&app, &inv, id, "letters", &json!({"kind": "acknowledgement", "part": "2"})).await.status, 201);
    assert_eq!(problem_fields(&post(&app, &inv, id, "letters", &json!({"kind": "interim", "part": "2"})).await), ["kind"]);
    assert_eq!(problem_fields(&post(&app, &inv, id, "letters", &json!({"kind": "bogus"})).await), ["kind"]);
    let list = api_get(&app, &clerk, &format!("/api/v1/complaints/{id}/letters")).await;
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 3);
    let one = api_get(&app, &clerk, &format!("/api/v1/complaints/{id}/letters/{}", letter["id"])).await;
    assert_eq!(one.json()["kind"], "response");
    assert_eq!(api_get(&app, &clerk, &format!("/api/v1/complaints/{id}/letters/999")).await.status, 404);
    assert_eq!(api_get(&app, &board, &format!("/api/v1/complaints/{id}/letters")).await.status, 403);

    // The printable letter page: the letter alone, with its print stylesheet.
    let (browser, _) = app.sign_in("investigator").await;
    let page = send(browser.get(app.url(&format!("/complaints/{id}/letters/{}", letter["id"])))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("letter.css") && page.text.contains("What we did and what we found"));
    assert!(!page.text.contains("govuk-service-navigation"), "no navigation on a printed letter");

    let admin = app.token_for("administrator").await;
    let audit =
        api_get(&app, &admin, &format!("/api/v1/audit?entity_type=complaint&entity_id={id}&action=complaint_response.approved")).await;
    assert_eq!(audit.json()["items"].as_array().unwrap().len(), 2, "{}", audit.text);
}

#[tokio::test]
async fn the_response_page_shows_the_checklist_and_names_refusals() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let inv_id = id_of(&app, &app.token_for("investigator").await).await;
    let id = allocated(&app, &clerk, inv_id, json!({})).await;
    let (browser, csrf) = app.sign_in("investigator").await;
    let complaint = send(browser.get(app.url(&format!("/complaints/{id}")))).await;
    assert!(complaint.text.contains(&format!("/complaints/{id}/parts/1/response")), "the complaint links to the response");
    let page = send(browser.get(app.url(&format!("/complaints/{id}/parts/1/response")))).await;
    assert_eq!(page.status, 200);
    for text in ["Checklist", "Every point of the complaint answered", "How to escalate", "Ask for the extension", "Save the draft"] {
        assert!(page.text.contains(text), "{text} on the page");
    }
    let bad = send(browser.post(app.url(&format!("/complaints/{id}/extension-request"))).form(&[
        ("csrf_token", csrf.as_str()),
        ("part", "1"),
        ("reason", ""),
        ("new_date", ""),
    ]))
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text.contains("href=\"#extension-reason\"") && bad.text.contains("href=\"#extension-new_date\""), "{}", bad.snippet());
    let saved = send(browser.post(app.url(&format!("/complaints/{id}/response/draft"))).form(&[
        ("csrf_token", csrf.as_str()),
        ("part", "1"),
        ("point", "Lost property"),
        ("answer", ""),
        ("outcome", ""),
    ]))
    .await;
    assert_eq!(saved.status, 303, "{}", saved.snippet());
    let page = send(browser.get(app.url(saved.location()))).await;
    assert!(
        page.text.contains("Point 1 (&quot;Lost property&quot;) is not answered")
            || page.text.contains("Point 1 (&#34;Lost property&#34;) is not answered")
    );
    let refused =
        send(browser.post(app.url(&format!("/complaints/{id}/response/submit"))).form(&[("csrf_token", csrf.as_str()), ("part", "1")]))
            .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("There is a problem"));
    let print = send(browser.post(app.url(&format!("/complaints/{id}/letters"))).form(&[
        ("csrf_token", csrf.as_str()),
        ("part", "1"),
        ("kind", "acknowledgement"),
    ]))
    .await;
    assert_eq!(print.status, 303);
    assert!(print.location().starts_with(&format!("/complaints/{id}/letters/")));
}

#[tokio::test]
async fn a_sealed_complaints_response_and_letters_are_not_found_by_roles_it_does_not_name() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let inv = app.token_for("investigator").await;
    let inv_id = id_of(&app, &inv).await;
    let sealed = json!({"confidential": true, "visible_to_roles": ["manager", "compliance-officer"]});
    let id = allocated(&app, &clerk, inv_id, sealed).await;
    assert_eq!(api_get(&app, &clerk, &format!("/api/v1/complaints/{id}/parts/1/response")).await.status, 200);
    for path in [format!("/api/v1/complaints/{id}/parts/1/response"), format!("/api/v1/complaints/{id}/letters")] {
        assert_eq!(api_get(&app, &inv, &path).await.status, 404, "{path}");
    }
    let reply = post(&app, &inv, id, "response/draft", &json!({"part": "1"})).await;
    assert_eq!(reply.status, 404);
    assert_eq!(post(&app, &inv, id, "letters", &json!({"kind": "acknowledgement", "part": "1"})).await.status, 404);
    let (browser, _) = app.sign_in("investigator").await;
    assert_eq!(send(browser.get(app.url(&format!("/complaints/{id}/parts/1/response")))).await.status, 404);
}
