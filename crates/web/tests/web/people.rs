//! People over HTTP: the persons API (create, read, search, match, bad
//! input) and the add-a-person page's error summary.

use super::*;

#[tokio::test]
async fn the_persons_api_creates_reads_searches_and_matches() {
    let app = spawn_app().await;
    let token = app.token_for("call-handler").await;

    let body = json!({
        "given": "Siobhan", "family": "O'Neill", "date_of_birth": "1984-07-19", "postcode": "mk43 0ab",
        "phones": ["07700 900123"], "emails": ["Siobhan@Example.org"],
        "references": [{"kind": "port-number", "value": "abc/123"}], "aliases": ["Shiv Murphy"]
    });
    let reply = api_send(&app, &token, Method::POST, "/api/v1/persons", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let created = reply.json();
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["identifiers"][0]["value"], "+447700900123");
    assert_eq!(created["identifiers"][1]["value"], "siobhan@example.org");
    assert_eq!(created["identifiers"][2]["kind"], "reference-port-number");

    let reply = api_get(&app, &token, &format!("/api/v1/persons/{id}")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["display_name"], "Siobhan O'Neill");
    assert_eq!(reply.json()["names"][1]["kind"], "alias");
    assert_problem(&api_get(&app, &token, &format!("/api/v1/persons/{}", id + 1)).await, 404);

    let reply = api_get(&app, &token, "/api/v1/persons?q=neill&limit=5").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["items"][0]["id"], id);
    let reply = api_get(&app, &token, "/api/v1/persons?q=nobody").await;
    assert_eq!(reply.json()["items"].as_array().map(Vec::len), Some(0));

    let reply = api_send(&app, &token, Method::POST, "/api/v1/persons/match", &json!({"phone": "+44 (0)7700 900123"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let top = &reply.json()["items"][0];
    assert_eq!(top["person_id"], id);
    assert!(top["score"].as_f64().unwrap() >= 0.7);
    assert!(top["reasons"].as_array().unwrap().iter().any(|r| r == "same phone number"), "{top}");

    let reply = api_send(&app, &token, Method::POST, "/api/v1/persons/match", &json!({"given": "Siobahn", "family": "ONeil"})).await;
    assert_eq!(reply.json()["items"][0]["person_id"], id, "{}", reply.text);

    let reply = api_send(&app, &token, Method::POST, "/api/v1/persons/match", &json!({"phone": "0770"})).await;
    assert_eq!(problem_fields(&reply), ["phone"]);

    let openapi = api_get(&app, &token, "/api/v1/openapi.json").await.json();
    for path in ["/api/v1/persons", "/api/v1/persons/{id}", "/api/v1/persons/match"] {
        assert!(openapi["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
}

#[tokio::test]
async fn impossible_phones_and_future_dates_are_refused_naming_the_fields() {
    let app = spawn_app().await;
    let token = app.token_for("manager").await;
    let body = json!({"given": "Ann", "family": "Lee", "date_of_birth": "2999-01-01", "phones": ["07700 9001234"]});
    let reply = api_send(&app, &token, Method::POST, "/api/v1/persons", &body).await;
    assert_eq!(problem_fields(&reply), ["date_of_birth", "phones"]);
    let reply = api_get(&app, &token, "/api/v1/persons").await;
    assert_eq!(reply.json()["items"].as_array().map(Vec::len), Some(0));

    let board = app.token_for("monitoring-board").await;
    assert_problem(&api_get(&app, &board, "/api/v1/persons").await, 403);
}

#[tokio::test]
async fn the_add_a_person_page_shows_an_error_summary() {
    let app = spawn_app().await;
    let (browser, csrf) = app.sign_in("investigator").await;
    let home = send(browser.get(app.url("/"))).await;
    assert!(home.text.contains("href=\"/people\""), "People should be in the navigation");

    let form = send(browser.get(app.url("/people/new"))).await;
    assert_eq!(form.status, 200);
    let reply = send(browser.post(app.url("/people")).form(&[
        ("csrf_token", csrf.as_str()),
        ("given", "Ann"),
        ("family", ""),
        ("date_of_birth", "2999-01-01"),
        ("phones", "07700 9001234"),
    ]))
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["family", "date_of_birth", "phones"]);

    let reply = send(browser.post(app.url("/people")).form(&[
        ("csrf_token", csrf.as_str()),
        ("given", "Ann"),
        ("family", "Lee"),
        ("date_of_birth", "1990-02-03"),
        ("phones", "07700 900123"),
    ]))
    .await;
    assert_eq!(reply.status, 303, "{}", reply.snippet());
    let page = send(browser.get(app.url(reply.location()))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Ann Lee") && page.text.contains("+447700900123") && page.text.contains("3 February 1990"));
    let list = send(browser.get(app.url("/people?q=lee"))).await;
    assert!(list.text.contains("Ann Lee"));
}

#[tokio::test]
async fn the_contact_forms_search_box_proposes_the_caller_and_fills_in_their_number() {
    let app = spawn_app().await;
    let token = app.token_for("call-handler").await;
    let body = json!({"given": "Siobhan", "family": "O'Neill", "date_of_birth": "1979-03-14", "phones": ["07700 900123"]});
    let id = api_send(&app, &token, Method::POST, "/api/v1/persons", &body).await.json()["id"].as_i64().unwrap();
    let (browser, _) = app.sign_in("call-handler").await;

    let form = send(browser.get(app.url("/contacts/new"))).await;
    assert!(form.text.contains(r#"hx-get="/contacts/person-candidates""#), "the form has the search box");

    for typed in ["Siobahn%20ONeil", "07700%20900123", "Shivaun%20O%27Neill%2014%2F03%2F1979"] {
        let found = send(browser.get(app.url(&format!("/contacts/person-candidates?who={typed}")))).await;
        assert_eq!(found.status, 200);
        assert!(found.text.contains(&format!("/contacts/person-field?person_id={id}")), "{typed}: {}", found.text);
        assert!(found.text.contains("This is the caller"));
    }
    let nobody = send(browser.get(app.url("/contacts/person-candidates?who=Zebedee%20Quartermaine"))).await;
    assert!(nobody.text.contains("Nobody on file matches"), "{}", nobody.text);
    let blank = send(browser.get(app.url("/contacts/person-candidates?who=%20"))).await;
    assert!(!blank.text.contains("<table"), "nothing typed, nothing proposed");

    let chosen = send(browser.get(app.url(&format!("/contacts/person-field?person_id={id}")))).await;
    assert!(chosen.text.contains(&format!(r#"value="{id}""#)), "{}", chosen.text);
    assert!(chosen.text.contains("The caller: Siobhan O&#39;Neill, born 14 March 1979"), "{}", chosen.text);
    assert_eq!(send(browser.get(app.url("/contacts/person-field?person_id=999"))).await.status, 404);
}
