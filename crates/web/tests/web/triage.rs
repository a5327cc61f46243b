//! THRIVE over the pages and the API: the form's THRIVE section and its
//! live proposal, the assessment on the contact page, the report and the
//! grading rules, each route with the roles it admits and refuses.

use super::*;

/// Levels for every factor, with notes where a level needs one.
fn levels(values: [&str; 6]) -> Vec<(String, String)> {
    ["threat", "harm", "risk", "investigation", "vulnerability", "engagement"]
        .iter()
        .zip(values)
        .flat_map(|(factor, level)| {
            let note = if matches!(level, "medium" | "high") { format!("{factor} judged {level}") } else { String::new() };
            [((*factor).to_owned(), level.to_owned()), (format!("{factor}_note"), note)]
        })
        .collect()
}

fn assessed_call(triage: Value) -> Value {
    json!({
        "channel": "call-101",
        "direction": "inbound",
        "anonymous": true,
        "subject": "Neighbour threatening to smash windows",
        "category": "request",
        "outcome": "referred",
        "triage": triage
    })
}

fn thrive_json(values: [&str; 6], decision: Value) -> Value {
    let mut t = serde_json::Map::new();
    for (k, v) in levels(values) {
        t.insert(k, json!(v));
    }
    for (k, v) in decision.as_object().unwrap() {
        t.insert(k.clone(), v.clone());
    }
    Value::Object(t)
}

#[tokio::test]
async fn the_log_form_posts_thrive_and_the_contact_page_shows_it() {
    let app = spawn_app().await;
    let (browser, csrf) = app.sign_in(username_for(Role::CallHandler)).await;
    let form = send(browser.get(app.url("/contacts/new"))).await;
    assert_eq!(form.status, 200);
    for id in ["threat", "harm-4", "engagement_note", "decision", "decision-2", "override_grade", "override_reason", "thrive-proposal"] {
        assert!(form.text.contains(&format!("id=\"{id}\"")), "the form has no #{id}");
    }
    assert!(form.text.contains("hx-post=\"/triage/proposal\""), "the proposal is not live");
    // Not a conditional reveal: GOV.UK Frontend would put aria-expanded on a radio, which axe refuses.
    assert!(!form.text.contains("data-aria-controls"), "the override fields are always shown");

    let contact = |extra: Vec<(String, String)>| {
        let mut fields: Vec<(String, String)> = [
            ("csrf_token", csrf.as_str()),
            ("occurred_at", "2026-01-05T09:00"),
            ("channel", "call-101"),
            ("direction", "inbound"),
            ("anonymous", "on"),
            ("subject", "Neighbour threatening to smash windows"),
            ("category", "request"),
            ("outcome", "referred"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        fields.extend(extra);
        fields
    };
    let mut no_reason = levels(["medium", "low", "low", "none", "low", "low"]);
    no_reason.extend([
        ("decision".into(), "override".into()),
        ("override_grade".into(), "priority".into()),
        ("override_reason".into(), "".into()),
    ]);
    let bad = send(browser.post(app.url("/contacts")).form(&contact(no_reason.clone()))).await;
    assert_eq!(bad.status, 422, "{}", bad.snippet());
    assert_eq!(summary_links(&bad), ["override_reason"]);
    assert!(bad.text.contains("Enter the reason for changing the grade"));
    assert!(bad.text.contains("id=\"thrive-proposed-grade\">Grade 3: Scheduled<"), "the proposal is shown again with the errors");
    let started = vec![("threat".to_owned(), "high".to_owned())];
    let unfinished = send(browser.post(app.url("/contacts")).form(&contact(started))).await;
    assert_eq!(unfinished.status, 422, "{}", unfinished.snippet());
    assert_eq!(summary_links(&unfinished), ["threat_note", "harm", "risk", "investigation", "vulnerability", "engagement", "decision"]);
    let token = app.token_for(username_for(Role::Manager)).await;
    assert_eq!(api_get(&app, &token, "/api/v1/contacts").await.json()["items"], json!([]), "nothing saved");

    let mut with_reason = no_reason;
    with_reason.retain(|(k, _)| k != "override_reason");
    with_reason.push(("override_reason".into(), "Threats have escalated since yesterday".into()));
    let good = send(browser.post(app.url("/contacts")).form(&contact(with_reason))).await;
    assert_eq!(good.status, 303, "{}", good.snippet());
    let shown = send(browser.get(app.url(good.location()))).await;
    for text in [
        "THRIVE assessment",
        "threat judged medium",
        "Grade 3: Scheduled",
        "Grade 2: Priority",
        "Overridden",
        "Threats have escalated since yesterday",
        "The built-in grading rules",
    ] {
        assert!(shown.text.contains(text), "the contact page does not show {text:?}");
    }

    // A contact logged without touching the section has no assessment.
    let plain = send(browser.post(app.url("/contacts")).form(&contact(Vec::new()))).await;
    assert_eq!(plain.status, 303, "{}", plain.snippet());
    assert!(!send(browser.get(app.url(plain.location()))).await.text.contains("THRIVE assessment"));
}

#[tokio::test]
async fn the_live_proposal_fragment_is_for_the_front_line() {
    let app = spawn_app().await;
    let (browser, csrf) = app.sign_in(username_for(Role::CallHandler)).await;
    let mut fields = levels(["high", "low", "high", "low", "low", "low"]);
    fields.push(("csrf_token".into(), csrf.clone()));
    let reply = send(browser.post(app.url("/triage/proposal")).header("HX-Request", "true").form(&fields)).await;
    assert_eq!(reply.status, 200, "{}", reply.snippet());
    assert!(reply.text.contains("Grade 1: Emergency") && !reply.text.contains("<html"), "{}", reply.snippet());
    let partial = send(browser.post(app.url("/triage/proposal")).form(&[("csrf_token", csrf.as_str()), ("threat", "high")])).await;
    assert_eq!(partial.status, 200);
    assert!(partial.text.contains("Choose a level for every factor"), "{}", partial.snippet());

    let (board, board_csrf) = app.sign_in(username_for(Role::MonitoringBoard)).await;
    assert_eq!(send(board.post(app.url("/triage/proposal")).form(&[("csrf_token", board_csrf.as_str())])).await.status, 403);
    let anonymous = client();
    let sign_in_csrf = csrf_from(&send(anonymous.get(app.url("/sign-in"))).await.text);
    let refused = send(anonymous.post(app.url("/triage/proposal")).form(&[("csrf_token", sign_in_csrf.as_str())])).await;
    assert_eq!((refused.status.as_u16(), refused.location()), (303, "/sign-in?next=/triage/proposal"));
}

#[tokio::test]
async fn the_api_logs_and_shows_an_assessment_and_refuses_an_override_without_a_reason() {
    let app = spawn_app().await;
    let token = app.token_for(username_for(Role::CallHandler)).await;
    let created = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/contacts",
        &assessed_call(thrive_json(["high", "low", "high", "low", "low", "low"], json!({"decision": "accept"}))),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let t = &created.json()["triage"];
    assert_eq!(
        (t["proposed_grade"].as_str(), t["final_grade"].as_str(), t["final_grade_number"].as_u64()),
        (Some("emergency"), Some("emergency"), Some(1))
    );
    assert_eq!((t["overridden"].as_bool(), &t["override_reason"]), (Some(false), &Value::Null));
    assert_eq!(t["factors"][0], json!({"factor": "threat", "level": "high", "note": "threat judged high"}));
    let id = created.json()["id"].as_i64().unwrap();
    assert_eq!(api_get(&app, &token, &format!("/api/v1/contacts/{id}")).await.json()["triage"], *t);

    let no_reason = thrive_json(["low"; 6], json!({"decision": "override", "override_grade": "emergency"}));
    let reply = api_send(&app, &token, Method::POST, "/api/v1/contacts", &assessed_call(no_reason)).await;
    assert_eq!(problem_fields(&reply), ["override_reason"]);
    assert_eq!(api_get(&app, &token, "/api/v1/contacts").await.json()["items"].as_array().unwrap().len(), 1, "nothing saved");
    let plain = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/contacts",
        &json!({"channel": "email", "direction": "inbound", "anonymous": true,
        "subject": "Parking", "category": "enquiry", "outcome": "signposted"}),
    )
    .await;
    assert_eq!(plain.status, 201);
    assert!(plain.json().get("triage").is_none(), "no assessment, no triage object");

    let doc = send(client().get(app.url("/api/v1/openapi.json"))).await.json();
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["ContactInput"]["properties"]["triage"].is_object(), "ContactInput.triage is not documented");
    assert!(schemas["ContactView"]["properties"]["triage"].is_object(), "ContactView.triage is not documented");
    assert!(schemas["TriageInput"]["properties"]["override_reason"].is_object(), "TriageInput is not documented");
    assert!(schemas["TriageView"]["properties"]["final_grade"].is_object(), "TriageView is not documented");
}

#[tokio::test]
async fn the_api_proposes_a_grade_without_saving() {
    let app = spawn_app().await;
    let handler = app.token_for(username_for(Role::CallHandler)).await;
    let body =
        json!({"threat": "none", "harm": "none", "risk": "none", "investigation": "none", "vulnerability": "high", "engagement": "low"});
    let reply = api_send(&app, &handler, Method::POST, "/api/v1/triage/proposal", &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let p = reply.json();
    assert_eq!((p["grade"].as_str(), p["number"].as_u64()), (Some("priority"), Some(2)));
    assert!(p["reason"].as_str().unwrap().contains("vulnerability"));
    let partial = api_send(&app, &handler, Method::POST, "/api/v1/triage/proposal", &json!({"threat": "severe", "harm": "low"})).await;
    assert_eq!(problem_fields(&partial), ["threat", "risk", "investigation", "vulnerability", "engagement"]);
    assert_eq!(api_get(&app, &handler, "/api/v1/contacts").await.json()["items"], json!([]));

    let board = app.token_for(username_for(Role::MonitoringBoard)).await;
    assert_problem(&api_send(&app, &board, Method::POST, "/api/v1/triage/proposal", &body).await, 403);
    let anonymous = send(client().post(app.url("/api/v1/triage/proposal")).json(&body)).await;
    assert_problem(&anonymous, 401);
}

#[tokio::test]
async fn managers_replace_the_grading_rules_with_the_version_read() {
    let app = spawn_app().await;
    let manager = app.token_for(username_for(Role::Manager)).await;
    let handler = app.token_for(username_for(Role::CallHandler)).await;
    let shown = api_get(&app, &handler, "/api/v1/triage/policy").await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    let preset = shown.json();
    assert_eq!(preset["version"], Value::Null);
    assert_eq!(preset["policy"]["default_grade"], "resolution-without-deployment");
    let board = app.token_for(username_for(Role::MonitoringBoard)).await;
    assert_problem(&api_get(&app, &board, "/api/v1/triage/policy").await, 403);

    // Any medium factor becomes a priority, not a scheduled response.
    let mut stricter = preset["policy"].clone();
    for rule in stricter["rules"].as_array_mut().unwrap() {
        if rule["grade"] == "scheduled" {
            rule["grade"] = json!("priority");
        }
    }
    let body = json!({"version": null, "policy": stricter});
    for refused in [&handler, &app.token_for(username_for(Role::SeniorReviewer)).await] {
        assert_problem(&api_send(&app, refused, Method::PUT, "/api/v1/triage/policy", &body).await, 403);
    }
    let mut backwards = stricter.clone();
    backwards["rules"].as_array_mut().unwrap().reverse();
    let refused = api_send(&app, &manager, Method::PUT, "/api/v1/triage/policy", &json!({"policy": backwards})).await;
    assert_eq!(problem_fields(&refused), ["rules"]);
    let garbled = api_send(&app, &manager, Method::PUT, "/api/v1/triage/policy", &json!({"policy": {"rules": "none"}})).await;
    assert_problem(&garbled, 400);

    let saved = api_send(&app, &manager, Method::PUT, "/api/v1/triage/policy", &body).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert_eq!(saved.json()["version"], 1);
    assert_problem(&api_send(&app, &manager, Method::PUT, "/api/v1/triage/policy", &body).await, 409);
    let medium =
        json!({"threat": "medium", "harm": "none", "risk": "none", "investigation": "none", "vulnerability": "none", "engagement": "none"});
    assert_eq!(api_send(&app, &handler, Method::POST, "/api/v1/triage/proposal", &medium).await.json()["grade"], "priority");

    let (browser, _) = app.sign_in(username_for(Role::SeniorReviewer)).await;
    let page = send(browser.get(app.url("/triage/policy"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("version 1") && page.text.contains("Threat is high or above"), "{}", page.snippet());
    let (handler_browser, _) = app.sign_in(username_for(Role::CallHandler)).await;
    assert_eq!(send(handler_browser.get(app.url("/triage/policy"))).await.status, 403);
}

#[tokio::test]
async fn the_report_shows_grades_by_channel_and_overrides_to_report_readers() {
    let app = spawn_app().await;
    let handler = app.token_for(username_for(Role::CallHandler)).await;
    for (values, decision) in [
        (["high", "low", "high", "low", "low", "low"], json!({"decision": "accept"})),
        (["low"; 6], json!({"decision": "accept"})),
        (["low"; 6], json!({"decision": "override", "override_grade": "scheduled", "override_reason": "Elderly caller living alone"})),
    ] {
        let reply = api_send(&app, &handler, Method::POST, "/api/v1/contacts", &assessed_call(thrive_json(values, decision))).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }

    let reviewer = app.token_for(username_for(Role::SeniorReviewer)).await;
    let report = api_get(&app, &reviewer, "/api/v1/reports/triage").await;
    assert_eq!(report.status, 200, "{}", report.text);
    let r = report.json();
    assert_eq!(r["by_channel"][0]["channel"], "call-101");
    assert_eq!(
        r["by_channel"][0]["grades"],
        json!({"emergency": 1, "priority": 0, "scheduled": 1, "resolution_without_deployment": 1, "total": 3})
    );
    assert_eq!(r["totals"]["total"], 3);
    assert_eq!(r["overrides"].as_array().unwrap().len(), 1);
    assert_eq!(
        (r["overrides"][0]["proposed_grade"].as_str(), r["overrides"][0]["final_grade"].as_str()),
        (Some("resolution-without-deployment"), Some("scheduled"))
    );
    assert_eq!(r["overrides"][0]["reason"], "Elderly caller living alone");
    assert_eq!(problem_fields(&api_get(&app, &reviewer, "/api/v1/reports/triage?from=soon").await), ["from"]);
    assert_problem(&api_get(&app, &handler, "/api/v1/reports/triage").await, 403);

    let (manager, _) = app.sign_in(username_for(Role::Manager)).await;
    let page = send(manager.get(app.url("/reports/triage"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("id=\"grades-by-channel\"") && page.text.contains("101 call"), "{}", page.snippet());
    assert!(page.text.contains("id=\"grades-total\"><strong>3</strong>"), "the totals row");
    assert!(page.text.contains("Elderly caller living alone"), "the overrides list");
    let bad = send(manager.get(app.url("/reports/triage?from=2026-03-02&to=2026-03-01"))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["to"]);
    let (browser, _) = app.sign_in(username_for(Role::CallHandler)).await;
    assert_eq!(send(browser.get(app.url("/reports/triage"))).await.status, 403);
    let anonymous = send(client().get(app.url("/reports/triage"))).await;
    assert_eq!((anonymous.status.as_u16(), anonymous.location()), (303, "/sign-in?next=/reports/triage"));
}

#[tokio::test]
async fn thrive_notes_are_special_category_withheld_from_others_and_their_reads_audited() {
    let app = spawn_app().await;
    let handler = app.token_for(username_for(Role::CallHandler)).await;
    let admin = app.token_for(username_for(Role::Administrator)).await;
    let thrive = thrive_json(["high", "low", "high", "low", "medium", "low"], json!({"decision": "accept"}));
    let created = api_send(&app, &handler, Method::POST, "/api/v1/contacts", &assessed_call(thrive)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json()["id"].as_i64().unwrap();
    let reads = async || {
        let reply =
            api_get(&app, &admin, &format!("/api/v1/audit?entity_type=contact&entity_id={id}&action=contact.thrive_notes_read")).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["items"].as_array().unwrap().len()
    };
    let before = reads().await;

    // An investigator reads contacts but not special-category information.
    let investigator = app.token_for(username_for(Role::Investigator)).await;
    let seen = api_get(&app, &investigator, &format!("/api/v1/contacts/{id}")).await.json();
    let t = &seen["triage"];
    assert_eq!(t["notes_withheld"], true);
    assert_eq!(t["factors"][4], json!({"factor": "vulnerability", "level": "medium", "note": ""}), "the level stays, the note goes");
    assert_eq!(t["final_grade"], "emergency");
    assert_eq!(reads().await, before, "nothing read, nothing audited");
    let (browser, _) = app.sign_in(username_for(Role::Investigator)).await;
    let page = send(browser.get(app.url(&format!("/contacts/{id}")))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("The notes are not shown") && !page.text.contains("vulnerability judged medium"), "{}", page.snippet());

    // The call handler sees the notes, and the reading is on the record.
    let seen = api_get(&app, &handler, &format!("/api/v1/contacts/{id}")).await.json();
    assert_eq!(seen["triage"]["notes_withheld"], false);
    assert_eq!(seen["triage"]["factors"][4]["note"], "vulnerability judged medium");
    assert_eq!(reads().await, before + 1);
}
