//! The caller screen over HTTP: the telephony platform posts a call event,
//! the agent's open page hears of it on its event stream, and the screen
//! shows who is probably calling; only the telephony account may post, and
//! only the agent the call rang for sees it.

use super::*;
use std::time::Duration;

fn call_event(call_id: &str, caller: &str) -> Value {
    json!({
        "call_id": call_id, "caller_number": caller, "called_number": "101",
        "agent_username": username_for(Role::CallHandler)
    })
}

/// Reads the event stream until it holds `wanted`, or fails after a few seconds.
async fn read_stream_until(response: &mut reqwest::Response, wanted: &str) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(wanted) {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .unwrap_or_else(|_| panic!("no {wanted:?} on the stream; saw {seen:?}"))
            .expect("the stream stays open")
            .expect("the stream goes on");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen
}

#[tokio::test]
async fn a_call_event_reaches_the_agents_open_page_and_shows_the_caller() {
    let app = spawn_app().await;
    let handler_token = app.token_for(username_for(Role::CallHandler)).await;
    let platform = app.token_for(username_for(Role::TelephonyPlatform)).await;
    let person = json!({"given": "Siobhan", "family": "O'Neill", "date_of_birth": "1984-07-19", "phones": ["07700 900123"]});
    let person_id = api_send(&app, &handler_token, Method::POST, "/api/v1/persons", &person).await.json()["id"].as_i64().unwrap();
    for subject in ["Asked about a noise complaint", "Rang again about the noise"] {
        let contact = json!({"channel": "call-101", "direction": "inbound", "person_id": person_id, "subject": subject,
            "category": "enquiry", "outcome": "resolved-at-first-contact"});
        assert_eq!(api_send(&app, &handler_token, Method::POST, "/api/v1/contacts", &contact).await.status, 201);
    }

    // The call handler has a page open: it listens on the stream.
    let (session, _) = app.sign_in(username_for(Role::CallHandler)).await;
    let page = send(session.get(app.url("/contacts"))).await;
    assert!(page.text.contains(r#"data-stream="/caller-screen/stream""#), "front-line pages listen for calls");
    let mut stream = session.get(app.url("/caller-screen/stream")).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));

    let reply = api_send(&app, &platform, Method::POST, "/api/v1/telephony/events", &call_event("call-0001", "+44 (0)7700 900123")).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let call = reply.json();
    let call_id = call["id"].as_i64().unwrap();
    assert_eq!(call["caller_number"], "+447700900123");
    assert_eq!(call["channel"], "call-101");

    let seen = read_stream_until(&mut stream, &format!("data: {call_id}")).await;
    assert!(seen.contains("event: call"), "{seen}");

    // What the page fetches into its live region.
    let fragment = send(session.get(app.url(&format!("/caller-screen/calls/{call_id}"))).header("hx-request", "true")).await;
    assert_eq!(fragment.status, 200);
    assert!(!fragment.text.contains("<html"), "a fragment, not a page");
    assert!(
        fragment.text.contains("probably Siobhan O&#39;Neill") || fragment.text.contains("probably Siobhan O&#x27;Neill"),
        "{}",
        fragment.text
    );
    assert!(fragment.text.contains("2 in the last 24 hours"), "{}", fragment.text);
    assert!(fragment.text.contains("Rang again about the noise"));
    assert!(fragment.text.contains("/contacts/new?channel=call-101&#38;occurred_at="), "{}", fragment.text);
    assert!(fragment.text.contains(&format!("person_id={person_id}")));

    // The prefilled contact form.
    let form = send(session.get(app.url(&format!("/contacts/new?channel=call-101&person_id={person_id}")))).await;
    assert!(form.text.contains(&format!(r#"value="{person_id}""#)), "person prefilled");
    assert!(form.text.contains(r#"<option value="call-101" selected"#), "channel prefilled");

    // The whole page, and the latest call on /caller-screen.
    let whole = send(session.get(app.url("/caller-screen"))).await;
    assert_eq!(whole.status, 200);
    assert!(whole.text.contains("Noise") || whole.text.contains("noise"));

    // The platform retries: the same call, nothing new.
    let again = api_send(&app, &platform, Method::POST, "/api/v1/telephony/events", &call_event("call-0001", "07700 900123")).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["id"], call_id);

    // Another agent may not see whom this call was for.
    let (manager, _) = app.sign_in(username_for(Role::Manager)).await;
    assert_eq!(send(manager.get(app.url(&format!("/caller-screen/calls/{call_id}")))).await.status, 404);

    // The same view from the person's page.
    let screen = send(manager.get(app.url(&format!("/people/{person_id}/screen")))).await;
    assert_eq!(screen.status, 200);
    assert!(screen.text.contains("2 in the last 24 hours"), "{}", screen.snippet());
}

#[tokio::test]
async fn an_unknown_or_withheld_number_still_gets_a_screen() {
    let app = spawn_app().await;
    let platform = app.token_for(username_for(Role::TelephonyPlatform)).await;
    let (session, _) = app.sign_in(username_for(Role::CallHandler)).await;
    for (call, number, heading) in [("c-1", "anonymous", "a withheld number"), ("c-2", "01234 567890", "number not on file")] {
        let reply = api_send(&app, &platform, Method::POST, "/api/v1/telephony/events", &call_event(call, number)).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        let id = reply.json()["id"].as_i64().unwrap();
        let page = send(session.get(app.url(&format!("/caller-screen/calls/{id}")))).await;
        assert!(page.text.contains(heading), "{heading}: {}", page.text);
        assert!(page.text.contains("Start an anonymous contact"));
    }
}

#[tokio::test]
async fn bad_call_events_are_refused_naming_each_field_and_only_the_platform_may_post() {
    let app = spawn_app().await;
    let platform = app.token_for(username_for(Role::TelephonyPlatform)).await;
    let bad = json!({"call_id": "", "caller_number": "07700 9001", "called_number": "one-oh-one",
        "occurred_at": "2099-01-01T00:00:00Z", "agent_username": "nobody"});
    let reply = api_send(&app, &platform, Method::POST, "/api/v1/telephony/events", &bad).await;
    assert_eq!(problem_fields(&reply), ["call_id", "caller_number", "called_number", "occurred_at"]);

    let unknown_agent = json!({"call_id": "c-9", "caller_number": "07700 900123", "called_number": "101", "agent_username": "nobody"});
    let reply = api_send(&app, &platform, Method::POST, "/api/v1/telephony/events", &unknown_agent).await;
    assert_eq!(problem_fields(&reply), ["agent_username"]);
    // A monitoring-board member cannot be offered calls.
    let board_agent = json!({"call_id": "c-9", "caller_number": "07700 900123", "called_number": "101",
        "agent_username": username_for(Role::MonitoringBoard)});
    assert_eq!(
        problem_fields(&api_send(&app, &platform, Method::POST, "/api/v1/telephony/events", &board_agent).await),
        ["agent_username"]
    );

    for role in [Role::CallHandler, Role::Manager, Role::Administrator] {
        let token = app.token_for(username_for(role)).await;
        let reply = api_send(&app, &token, Method::POST, "/api/v1/telephony/events", &call_event("c-10", "07700 900123")).await;
        assert_problem(&reply, 403);
    }

    // Nothing was kept: the call handler has had no calls.
    let (session, _) = app.sign_in(username_for(Role::CallHandler)).await;
    let page = send(session.get(app.url("/caller-screen"))).await;
    assert!(page.text.contains("No call has rung for you yet"), "{}", page.snippet());
}
