//! Complaints over HTTP: the whole core journey through the API (with an
//! idempotent create) and through the pages, refusals that name their
//! fields, sealed complaints hidden (404) from roles they do not name with
//! every read audited, and the monitoring board kept out.

use super::*;

async fn new_person(app: &TestApp, token: &str) -> i64 {
    let body = json!({"given": "Ada", "family": "Obi", "date_of_birth": "1990-01-02"});
    let reply = api_send(app, token, Method::POST, "/api/v1/persons", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()["id"].as_i64().unwrap()
}

async fn my_id(app: &TestApp, token: &str) -> i64 {
    api_get(app, token, "/api/v1/me").await.json()["user"]["id"].as_i64().expect("my id")
}

fn receipt(person: i64) -> Value {
    json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1", "setting": "removal-centre",
        "complainant_ids": [person.to_string()], "incident_date": "2026-02-20", "summary": "My property was lost on transfer."})
}

async fn step(app: &TestApp, token: &str, id: i64, name: &str, body: &Value) -> Reply {
    api_send(app, token, Method::POST, &format!("/api/v1/complaints/{id}/{name}"), body).await
}

#[tokio::test]
async fn the_api_runs_the_journey_from_receipt_to_withdrawal() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let investigator = app.token_for("investigator").await;
    let board = app.token_for("monitoring-board").await;
    let investigator_id = my_id(&app, &investigator).await;
    let person = new_person(&app, &clerk).await;

    let first =
        send(bearer(&app, &clerk, Method::POST, "/api/v1/complaints").header("Idempotency-Key", "k-1").json(&receipt(person))).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = first.json()["id"].as_i64().unwrap();
    let again =
        send(bearer(&app, &clerk, Method::POST, "/api/v1/complaints").header("Idempotency-Key", "k-1").json(&receipt(person))).await;
    assert_eq!(again.json()["id"].as_i64(), Some(id), "the same key answers the same complaint");
    assert_eq!(first.json()["state"], "received");

    let reply = step(&app, &clerk, id, "triage", &json!({"category": "parking"})).await;
    assert_eq!(problem_fields(&reply), ["category"]);
    let reply = step(&app, &clerk, id, "triage", &json!({"category": "service-delivery"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["state"], "triaged");
    assert_eq!(step(&app, &clerk, id, "forward", &json!({})).await.status, 200);
    let reply = step(&app, &clerk, id, "log", &json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reference = reply.json()["reference"].as_str().unwrap().to_owned();
    assert!(reference.contains("TEST-SITE"), "{reference}");
    assert_eq!(problem_fields(&step(&app, &clerk, id, "log", &json!({})).await), ["state"], "logged once");

    let reply = step(&app, &clerk, id, "allocate", &json!({"body": "police", "investigator": investigator_id.to_string()})).await;
    assert_eq!(problem_fields(&reply), ["body"], "the police are referred to, not allocated");
    let alloc = json!({"body": "supplier-centre-manager", "investigator": investigator_id.to_string()});
    assert_eq!(step(&app, &investigator, id, "allocate", &alloc).await.status, 403, "investigators do not allocate");
    let reply = step(&app, &clerk, id, "allocate", &alloc).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let split = json!({"category": "minor-misconduct", "body": "hoie-manager", "investigator": investigator_id.to_string()});
    let reply = step(&app, &clerk, id, "allocate", &split).await;
    assert_eq!(reply.json()["record"]["parts"].as_array().unwrap().len(), 2, "split into two parts");

    let reply = step(&app, &investigator, id, "acknowledge", &json!({"part": 1})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(problem_fields(&step(&app, &investigator, id, "acknowledge", &json!({"part": 9})).await), ["part"]);
    assert_eq!(step(&app, &clerk, id, "send-for-investigation", &json!({"part": 1})).await.status, 200);
    let moved = json!({"part": "2", "body": "escort-supplier", "investigator": investigator_id.to_string(), "reason": ""});
    assert_eq!(problem_fields(&step(&app, &clerk, id, "reallocate", &moved).await), ["reason"]);
    let moved = json!({"part": "2", "body": "escort-supplier", "investigator": investigator_id.to_string(), "reason": "On the escort"});
    assert_eq!(step(&app, &clerk, id, "reallocate", &moved).await.status, 200);
    let recat = json!({"part": "1", "category": "minor-misconduct", "reason": "Staff conduct after all"});
    assert_eq!(step(&app, &clerk, id, "recategorise", &recat).await.status, 200);

    let one = api_get(&app, &investigator, &format!("/api/v1/complaints/{id}")).await;
    assert_eq!(one.status, 200);
    let history: Vec<String> =
        one.json()["history"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap().to_owned()).collect();
    assert!(history.iter().any(|h| h.contains("reallocated")) && history.iter().any(|h| h.contains("recategorised")), "{history:?}");
    assert!(!one.json()["clocks"].as_array().unwrap().is_empty());

    let list = api_get(&app, &clerk, "/api/v1/complaints?state=allocated").await;
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 1);
    let work = api_get(&app, &investigator, &format!("/api/v1/complaints/work?person={investigator_id}")).await;
    assert_eq!(work.status, 200, "{}", work.text);
    assert!(work.json()["overdue"].is_array() && work.json()["due_soon"].is_array());

    assert_eq!(problem_fields(&step(&app, &clerk, id, "withdraw", &json!({})).await), ["on", "method"]);
    let today = jiff::Zoned::now().with_time_zone(casebook_domain::calendar::london()).date().to_string();
    let reply = step(&app, &clerk, id, "withdraw", &json!({"on": today, "method": "by-email"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["state"], "withdrawn");
    assert_eq!(
        problem_fields(&step(&app, &clerk, id, "withdraw", &json!({"on": today, "method": "by-email"})).await).len(),
        1,
        "already closed"
    );

    // The monitoring board sees none of this.
    assert_eq!(api_get(&app, &board, "/api/v1/complaints").await.status, 403);
    assert_eq!(api_get(&app, &board, &format!("/api/v1/complaints/{id}")).await.status, 403);
}

#[tokio::test]
async fn translation_comes_before_triage() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let person = new_person(&app, &clerk).await;
    let mut body = receipt(person);
    body["language"] = json!("Tigrinya");
    body["translation_needed"] = json!(true);
    let id = api_send(&app, &clerk, Method::POST, "/api/v1/complaints", &body).await.json()["id"].as_i64().unwrap();
    assert_eq!(problem_fields(&step(&app, &clerk, id, "triage", &json!({"category": "service-delivery"})).await), ["state"]);
    assert_eq!(step(&app, &clerk, id, "translation", &json!({})).await.status, 200);
    assert_eq!(step(&app, &clerk, id, "triage", &json!({"category": "service-delivery"})).await.status, 200);
}

#[tokio::test]
async fn a_bad_receipt_names_each_field_and_saves_nothing() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let reply = api_send(&app, &clerk, Method::POST, "/api/v1/complaints", &json!({"site_id": "1"})).await;
    let fields = problem_fields(&reply);
    for f in ["arrived_by", "received_at", "summary"] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }
    assert!(api_get(&app, &clerk, "/api/v1/complaints").await.json()["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_sealed_complaint_is_not_found_by_roles_it_does_not_name_and_reads_are_audited() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let investigator = app.token_for("investigator").await;
    let admin = app.token_for("administrator").await;
    let person = new_person(&app, &clerk).await;
    let mut body = receipt(person);
    body["confidential"] = json!(true);
    body["visible_to_roles"] = json!(["manager", "compliance-officer"]);
    let id = api_send(&app, &clerk, Method::POST, "/api/v1/complaints", &body).await.json()["id"].as_i64().unwrap();
    assert_problem(&api_get(&app, &investigator, &format!("/api/v1/complaints/{id}")).await, 404);
    assert!(api_get(&app, &investigator, "/api/v1/complaints").await.json()["items"].as_array().unwrap().is_empty());
    let (browser, _) = app.sign_in("investigator").await;
    assert_eq!(send(browser.get(app.url(&format!("/complaints/{id}")))).await.status, 404);
    assert_eq!(api_get(&app, &manager, &format!("/api/v1/complaints/{id}")).await.status, 200);
    let events =
        api_get(&app, &admin, &format!("/api/v1/audit?entity_type=complaint&entity_id={id}&action=complaint.confidential_read")).await;
    // Only the manager's read: the create's answer gives the clerk back what they sent, and is no read.
    let reads = events.json()["items"].as_array().unwrap().clone();
    assert_eq!(reads.len(), 1, "{}", events.text);
    assert_eq!(reads[0]["actor"], "manager");
}

#[tokio::test]
async fn the_pages_take_a_complaint_from_the_form_to_an_acknowledged_part() {
    let app = spawn_app().await;
    let clerk_token = app.token_for("compliance-officer").await;
    let investigator_id = my_id(&app, &app.token_for("investigator").await).await;
    let person = new_person(&app, &clerk_token).await;
    let (clerk, csrf) = app.sign_in("compliance-officer").await;

    let home = send(clerk.get(app.url("/"))).await;
    assert!(home.text.contains("href=\"/complaints\""), "the navigation has Complaints");
    let form = send(clerk.get(app.url("/complaints/new"))).await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("Receive a complaint"));

    let bad =
        send(clerk.post(app.url("/complaints")).form(&[("csrf_token", csrf.as_str()), ("site_id", "1"), ("complainants", "999")])).await;
    assert_eq!(bad.status, 422);
    let links = summary_links(&bad);
    for f in ["arrived_by", "received_at", "setting", "summary"] {
        assert!(links.contains(&f.to_owned()), "{f} in {links:?}");
    }

    let person = person.to_string();
    let good = send(clerk.post(app.url("/complaints")).form(&[
        ("csrf_token", csrf.as_str()),
        ("arrived_by", "letter"),
        ("received_at", "2026-03-02T08:00"),
        ("site_id", "1"),
        ("setting", "removal-centre"),
        ("complainants", person.as_str()),
        ("incident_date", "2026-02-20"),
        ("summary", "The food was cold every day."),
    ]))
    .await;
    assert_eq!(good.status, 303, "{}", good.snippet());
    let page_path = good.location().split('?').next().unwrap().to_owned();
    let page = send(clerk.get(app.url(good.location()))).await;
    assert!(page.text.contains("Complaint received") && page.text.contains("Record the triage"), "{}", page.snippet());

    let post = |path: &str, fields: Vec<(&'static str, String)>| {
        let mut form: Vec<(String, String)> = vec![("csrf_token".into(), csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k.to_owned(), v)));
        clerk.post(app.url(&format!("{page_path}/{path}"))).form(&form)
    };
    let refused = send(post("triage", vec![("category", String::new())])).await;
    assert_eq!(refused.status, 422);
    assert_eq!(summary_links(&refused), ["triage-category"]);
    assert_eq!(send(post("triage", vec![("category", "service-delivery".into())])).await.status, 303);
    assert_eq!(send(post("forward", vec![])).await.status, 303);
    assert_eq!(send(post("log", vec![])).await.status, 303);
    let refused = send(post("allocate", vec![("allocate-body", String::new()), ("allocate-investigator", String::new())])).await;
    assert_eq!(refused.status, 422);
    let links = summary_links(&refused);
    assert!(links.contains(&"allocate-investigator".to_owned()), "{links:?}");
    let allocated = send(post(
        "allocate",
        vec![("allocate-body", "supplier-centre-manager".into()), ("allocate-investigator", investigator_id.to_string())],
    ))
    .await;
    assert_eq!(allocated.status, 303);
    assert_eq!(send(post("send-for-investigation", vec![("part", "1".into())])).await.status, 303);
    let refused = send(post(
        "reallocate",
        vec![("part", "1".into()), ("body", "escort-supplier".into()), ("investigator", investigator_id.to_string())],
    ))
    .await;
    assert_eq!(refused.status, 422, "a reason is needed");
    summary_links(&refused);
    let reason = ("reason", "Staff conduct".to_owned());
    assert_eq!(send(post("recategorise", vec![("part", "1".into()), ("category", "minor-misconduct".into()), reason])).await.status, 303);
    let refused = send(post("withdraw", vec![("withdraw-on", "yesterday".into())])).await;
    assert_eq!(refused.status, 422);
    let links = summary_links(&refused);
    assert!(links.contains(&"withdraw-on".to_owned()) && links.contains(&"withdraw-method".to_owned()), "{links:?}");
    assert_eq!(send(post("translation", vec![])).await.status, 422, "no translation needed");

    // The investigator acknowledges their part from the page.
    let (investigator, icsrf) = app.sign_in("investigator").await;
    let page = send(investigator.get(app.url(&page_path))).await;
    assert!(page.text.contains("Record acknowledgement of part 1"));
    assert!(!page.text.contains("Allocate another part"), "investigators do not allocate");
    let ack =
        send(investigator.post(app.url(&format!("{page_path}/acknowledge"))).form(&[("csrf_token", icsrf.as_str()), ("part", "1")])).await;
    assert_eq!(ack.status, 303);
    let page = send(clerk.get(app.url(&page_path))).await;
    for text in ["Part 1 acknowledged", "Part 1 recategorised", "Time limits", "Minor misconduct", "Withdraw"] {
        assert!(page.text.contains(text), "the page shows {text:?}");
    }
    let list = send(clerk.get(app.url("/complaints"))).await;
    assert!(list.text.contains("Work list") && list.text.contains(&page_path));
    let filtered = send(clerk.get(app.url("/complaints?state=withdrawn"))).await;
    assert!(!filtered.text.contains(&page_path));

    // The board has no complaints pages or navigation.
    let (board, _) = app.sign_in("monitoring-board").await;
    assert!(!send(board.get(app.url("/"))).await.text.contains("href=\"/complaints\""));
    assert_eq!(send(board.get(app.url("/complaints"))).await.status, 403);
    assert_eq!(send(board.get(app.url(&page_path))).await.status, 403);
}

#[tokio::test]
async fn an_urgent_matter_at_triage_lands_on_a_managers_tasks() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let person = new_person(&app, &clerk).await;
    let id = api_send(&app, &clerk, Method::POST, "/api/v1/complaints", &receipt(person)).await.json()["id"].as_i64().unwrap();
    let reply = step(&app, &clerk, id, "triage", &json!({"category": "service-delivery", "urgent": ["bullying"]})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let tasks = api_get(&app, &manager, "/api/v1/tasks").await.json();
    let kinds: Vec<&str> = tasks["items"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["complaint-escalation"]);
}

#[tokio::test]
async fn the_form_records_a_third_partys_consent_and_an_oral_allegation() {
    let app = spawn_app().await;
    let person = new_person(&app, &app.token_for("compliance-officer").await).await.to_string();
    let (clerk, csrf) = app.sign_in("compliance-officer").await;
    let form = send(clerk.get(app.url("/complaints/new"))).await;
    for field in [
        "third_party_complainant",
        "consent_given_by",
        "consent_method",
        "consent_date",
        "oral_misconduct_allegation",
        "encouraged_to_write",
    ] {
        assert!(form.text.contains(&format!("id=\"{field}\"")), "the form asks for {field}");
    }
    let before = api_get(&app, &app.token_for("compliance-officer").await, "/api/v1/complaints").await.json();
    let base = |extra: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(&str, &str)> = vec![
            ("csrf_token", csrf.as_str()),
            ("arrived_by", "phone"),
            ("received_at", "2026-03-02T08:00"),
            ("site_id", "1"),
            ("setting", "removal-centre"),
            ("complainants", person.as_str()),
            ("incident_date", "2026-02-20"),
            ("summary", "An officer swore at my brother during the search."),
        ];
        fields.extend_from_slice(extra);
        clerk.post(app.url("/complaints")).form(&fields)
    };

    // Ticked but not filled in: each missing answer is named, and nothing is saved.
    let bad = send(base(&[("third_party", "yes"), ("oral_misconduct_allegation", "yes")])).await;
    assert_eq!(bad.status, 422, "{}", bad.snippet());
    let links = summary_links(&bad);
    for f in ["third_party_complainant", "consent_given_by", "consent_method", "consent_date", "encouraged_to_write"] {
        assert!(links.contains(&f.to_owned()), "{f} in {links:?}");
    }
    let after = api_get(&app, &app.token_for("compliance-officer").await, "/api/v1/complaints").await.json();
    assert_eq!(before, after, "a refused receipt saves nothing");

    let good = send(base(&[
        ("third_party", "yes"),
        ("third_party_complainant", "A. Shah, legal representative"),
        ("consent_given_by", "Farid Shah"),
        ("consent_method", "written"),
        ("consent_date", "2026-02-25"),
        ("oral_misconduct_allegation", "yes"),
        ("encouraged_to_write", "yes"),
    ]))
    .await;
    assert_eq!(good.status, 303, "{}", good.snippet());
    let page = send(clerk.get(app.url(good.location()))).await;
    assert!(
        page.text.contains("A. Shah, legal representative, with the consent of Farid Shah (written, 2026-02-25)"),
        "{}",
        page.snippet()
    );
    assert!(page.text.contains("the complainant was encouraged to put it in writing"), "{}", page.snippet());
}
