//! Contacts over the API and the pages: idempotent creation, validation
//! naming fields, filters, the message inbox, and the log form's errors.

use super::*;

fn call() -> Value {
    json!({
        "channel": "call-101",
        "direction": "inbound",
        "anonymous": true,
        "subject": "Asked about a crime reference",
        "notes": "Gave the reference",
        "category": "enquiry",
        "outcome": "resolved-at-first-contact",
        "duration_seconds": 240
    })
}

async fn user_id(app: &TestApp, token: &str) -> i64 {
    api_get(app, token, "/api/v1/me").await.json()["user"]["id"].as_i64().expect("my id")
}

#[tokio::test]
async fn contacts_are_created_once_per_idempotency_key_and_validated() {
    let app = spawn_app().await;
    let token = app.token_for(username_for(Role::CallHandler)).await;

    let create = || bearer(&app, &token, Method::POST, "/api/v1/contacts").header("Idempotency-Key", "7f1c-retry").json(&call());
    let first = send(create()).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let body = first.json();
    assert_eq!(body["channel"], "call-101");
    assert_eq!(body["anonymous"], true);
    assert_eq!(body["site_id"], 1);
    assert_eq!(body["messages"], json!([]));
    let replay = send(create()).await;
    assert_eq!(replay.status, 200, "{}", replay.text);
    assert_eq!(replay.json()["id"], body["id"]);
    let listed = api_get(&app, &token, "/api/v1/contacts").await;
    assert_eq!(listed.json()["items"].as_array().unwrap().len(), 1);

    let id = body["id"].as_i64().unwrap();
    let shown = api_get(&app, &token, &format!("/api/v1/contacts/{id}")).await;
    assert_eq!(shown.json()["subject"], "Asked about a crime reference");
    // The creation answers from what was written, without reading it back: it must be what is on file.
    assert_eq!(shown.json(), body, "the 201 answer differs from the contact on file");
    assert_eq!(replay.json(), body);
    assert_problem(&api_get(&app, &token, &format!("/api/v1/contacts/{}", id + 1)).await, 404);

    let bad = json!({"channel": "pigeon", "direction": "inbound", "anonymous": true, "subject": "",
        "category": "enquiry", "outcome": "resolved-at-first-contact", "occurred_at": "2099-01-01T00:00:00Z"});
    let reply = api_send(&app, &token, Method::POST, "/api/v1/contacts", &bad).await;
    assert_eq!(problem_fields(&reply), ["occurred_at", "channel", "subject"]);
    let listed = api_get(&app, &token, "/api/v1/contacts").await;
    assert_eq!(listed.json()["items"].as_array().unwrap().len(), 1, "nothing saved by bad input");

    let board = app.token_for(username_for(Role::MonitoringBoard)).await;
    assert_problem(&api_send(&app, &board, Method::POST, "/api/v1/contacts", &call()).await, 403);
}

#[tokio::test]
async fn the_contact_list_filters_and_reports_first_contact_resolution() {
    let app = spawn_app().await;
    let handler = app.token_for(username_for(Role::CallHandler)).await;
    let manager = app.token_for(username_for(Role::Manager)).await;
    let handler_id = user_id(&app, &handler).await;
    assert_eq!(api_send(&app, &handler, Method::POST, "/api/v1/contacts", &call()).await.status, 201);
    let mut email = call();
    email["channel"] = json!("email");
    email["subject"] = json!("Parking permit");
    email["outcome"] = json!("signposted");
    email["duration_seconds"] = Value::Null;
    assert_eq!(api_send(&app, &manager, Method::POST, "/api/v1/contacts", &email).await.status, 201);

    let all = api_get(&app, &manager, "/api/v1/contacts").await.json();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(all["first_contact_resolution"], 0.5);
    let subjects = |v: &Value| v["items"].as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(subjects(&api_get(&app, &manager, "/api/v1/contacts?channel=email").await.json()), ["Parking permit"]);
    assert_eq!(subjects(&api_get(&app, &manager, "/api/v1/contacts?q=PERMIT").await.json()), ["Parking permit"]);
    let mine = api_get(&app, &manager, &format!("/api/v1/contacts?handler_id={handler_id}")).await.json();
    assert_eq!(subjects(&mine), ["Asked about a crime reference"]);
    assert_eq!(mine["first_contact_resolution"], 1.0);
    let none = api_get(&app, &manager, "/api/v1/contacts?to=2000-01-01").await.json();
    assert_eq!(none["items"], json!([]));
    assert_eq!(none["first_contact_resolution"], Value::Null);
    let page = api_get(&app, &manager, "/api/v1/contacts?limit=1").await.json();
    let before = page["next_before"].as_i64().expect("a next page");
    assert_eq!(
        api_get(&app, &manager, &format!("/api/v1/contacts?limit=1&before={before}")).await.json()["items"].as_array().unwrap().len(),
        1
    );
    assert_eq!(problem_fields(&api_get(&app, &manager, "/api/v1/contacts?channel=pigeon").await), ["channel"]);
}

#[tokio::test]
async fn a_message_reaches_the_inbox_and_the_recipient_records_the_decision() {
    let app = spawn_app().await;
    let handler = app.token_for(username_for(Role::CallHandler)).await;
    let manager = app.token_for(username_for(Role::Manager)).await;
    let manager_id = user_id(&app, &manager).await;
    let mut message = call();
    message["category"] = json!("request-to-speak");
    message["outcome"] = json!("message-taken");
    let reply = api_send(&app, &handler, Method::POST, "/api/v1/contacts", &message).await;
    assert_eq!(problem_fields(&reply), ["message_for", "message_text"]);
    message["message_for"] = json!(manager_id);
    message["message_text"] = json!("Please call Mrs Smith back about her letter");
    let created = api_send(&app, &handler, Method::POST, "/api/v1/contacts", &message).await;
    assert_eq!(created.status, 201, "{}", created.text);

    assert_eq!(api_get(&app, &handler, "/api/v1/messages").await.json()["items"], json!([]));
    let inbox = api_get(&app, &manager, "/api/v1/messages").await.json();
    let id = inbox["items"][0]["id"].as_i64().expect("a message");
    assert_eq!(inbox["items"][0]["state"], "open");
    let path = format!("/api/v1/messages/{id}/not-returned");
    assert_problem(&api_send(&app, &handler, Method::POST, &path, &json!({"reason": "Not mine"})).await, 403);
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::POST, &path, &json!({"reason": ""})).await), ["reason"]);
    let done =
        api_send(&app, &manager, Method::POST, &format!("/api/v1/messages/{id}/returned"), &json!({"note": "Agreed to write"})).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.json()["state"], "returned");
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::POST, &path, &json!({"reason": "Changed my mind"})).await), ["state"]);

    // The same inbox as a page, with a form per open message.
    let mut second = message.clone();
    second["message_text"] = json!("Another caller for you");
    assert_eq!(api_send(&app, &handler, Method::POST, "/api/v1/contacts", &second).await.status, 201);
    let (browser, csrf) = app.sign_in(username_for(Role::Manager)).await;
    let page = send(browser.get(app.url("/messages"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Another caller for you"), "{}", page.snippet());
    let open = api_get(&app, &manager, "/api/v1/messages").await.json()["items"][0]["id"].as_i64().unwrap();
    let refused =
        send(browser.post(app.url(&format!("/messages/{open}/not-returned"))).form(&[("csrf_token", csrf.as_str()), ("reason", "")])).await;
    assert_eq!(refused.status, 422);
    assert_eq!(summary_links(&refused), [format!("reason-{open}")]);
    let ok = send(
        browser
            .post(app.url(&format!("/messages/{open}/not-returned")))
            .form(&[("csrf_token", csrf.as_str()), ("reason", "Dealt with by the force")]),
    )
    .await;
    assert_eq!(ok.status, 303);
    assert_eq!(api_get(&app, &manager, "/api/v1/messages").await.json()["items"][0]["state"], "not-returned");
}

#[tokio::test]
async fn the_log_form_shows_an_error_summary_and_logs_a_contact() {
    let app = spawn_app().await;
    let (browser, csrf) = app.sign_in(username_for(Role::CallHandler)).await;
    let form = send(browser.get(app.url("/contacts/new"))).await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("Log a contact"));
    assert!(!form.text.to_lowercase().contains("transfer"), "the form must never offer a transfer");

    let bad = send(browser.post(app.url("/contacts")).form(&[
        ("csrf_token", csrf.as_str()),
        ("occurred_at", "2099-01-01T09:00"),
        ("channel", "pigeon"),
        ("direction", "inbound"),
        ("anonymous", "on"),
        ("subject", ""),
        ("category", "enquiry"),
        ("outcome", "resolved-at-first-contact"),
    ]))
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["occurred_at", "channel", "subject"]);

    let good = send(browser.post(app.url("/contacts")).form(&[
        ("csrf_token", csrf.as_str()),
        ("occurred_at", "2026-01-05T09:00"),
        ("channel", "direct-dial"),
        ("direction", "inbound"),
        ("anonymous", "on"),
        ("subject", "Abusive caller"),
        ("category", "malicious-or-abusive"),
        ("caller_warned", "yes"),
        ("call_ended", "yes"),
        ("outcome", "resolved-at-first-contact"),
    ]))
    .await;
    assert_eq!(good.status, 303, "{}", good.snippet());
    let shown = send(browser.get(app.url(good.location()))).await;
    assert!(shown.text.contains("Contact logged") && shown.text.contains("Abusive caller"), "{}", shown.snippet());
    let list = send(browser.get(app.url("/contacts?q=abusive"))).await;
    assert!(list.text.contains("Abusive caller") && list.text.contains("100%"), "{}", list.snippet());
}

#[tokio::test]
async fn the_contacts_report_counts_channels_categories_and_how_malicious_calls_went() {
    let app = spawn_app().await;
    let handler = app.token_for("call-handler").await;
    let abusive = json!({"channel": "call-101", "direction": "inbound", "anonymous": true, "subject": "Abusive caller",
        "category": "malicious-or-abusive", "outcome": "signposted", "caller_warned": true, "call_ended": true});
    let sales = json!({"channel": "email", "direction": "inbound", "anonymous": true, "subject": "Toner offer",
        "category": "sales-or-marketing", "outcome": "resolved-at-first-contact", "sales_organisation": "Acme", "sales_purpose": "Toner"});
    for body in [call(), call(), abusive, sales] {
        assert_eq!(api_send(&app, &handler, Method::POST, "/api/v1/contacts", &body).await.status, 201);
    }
    let manager = app.token_for("manager").await;
    let report = api_get(&app, &manager, "/api/v1/reports/contacts").await;
    assert_eq!(report.status, 200, "{}", report.text);
    let r = report.json();
    assert_eq!(r["total"], 4);
    assert_eq!(r["first_contact_resolution"], 0.75);
    assert_eq!(
        (r["malicious"].as_u64(), r["malicious_caller_warned"].as_u64(), r["malicious_call_ended"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(r["sales"], 1);
    assert_eq!(r["by_channel"][0]["key"], "call-101");
    assert_eq!(r["by_channel"][0]["contacts"], 3);

    assert_eq!(problem_fields(&api_get(&app, &manager, "/api/v1/reports/contacts?from=yesterday").await), ["from"]);
    assert_problem(&api_get(&app, &handler, "/api/v1/reports/contacts").await, 403);

    let (browser, _) = app.sign_in("manager").await;
    let page = send(browser.get(app.url("/reports/contacts"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains(r#"id="contacts-total">4<"#), "{}", page.snippet());
    assert!(page.text.contains("caller warned 1, call ended 1"));
    assert!(page.text.contains("75%"));
}
