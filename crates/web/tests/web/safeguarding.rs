//! Safeguarding over HTTP: the person page shows markers only to those who
//! need them (and each showing is audited), the markers API, concerns that
//! reach a manager's tasks page, and merging and unmerging by page and API.

use super::*;

async fn new_person(app: &TestApp, token: &str, given: &str, phone: &str) -> i64 {
    let body = json!({"given": given, "family": "Lee", "date_of_birth": "1984-07-19", "phones": [phone]});
    let reply = api_send(app, token, Method::POST, "/api/v1/persons", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()["id"].as_i64().unwrap()
}

fn marker() -> Value {
    json!({"kind": "autism", "reasonable_adjustments": "Prefers email, needs extra time", "source": "Told us herself",
        "source_date": "2026-01-05", "lawful_basis": "safeguarding-individuals-at-risk"})
}

/// Audit events about a person with this action, read by the administrator.
async fn person_events(app: &TestApp, admin: &str, person: i64, action: &str) -> Vec<Value> {
    let reply = api_get(app, admin, &format!("/api/v1/audit?entity_type=person&entity_id={person}&action={action}")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["items"].as_array().unwrap().clone()
}

async fn my_id(app: &TestApp, token: &str) -> i64 {
    api_get(app, token, "/api/v1/me").await.json()["user"]["id"].as_i64().expect("my id")
}

#[tokio::test]
async fn the_person_page_shows_markers_to_a_call_handler_and_not_to_an_investigator() {
    let app = spawn_app().await;
    let handler = app.token_for("call-handler").await;
    let manager = app.token_for("manager").await;
    let admin = app.token_for("administrator").await;
    let id = new_person(&app, &handler, "Ann", "07700 900201").await;
    assert_eq!(api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{id}/markers"), &marker()).await.status, 201);

    let (browser, _) = app.sign_in("call-handler").await;
    let page = send(browser.get(app.url(&format!("/people/{id}")))).await;
    assert_eq!(page.status, 200);
    for text in ["Vulnerability and reasonable adjustments", "Autism", "Prefers email, needs extra time", "Told us herself"] {
        assert!(page.text.contains(text), "a call handler should see {text:?}");
    }
    assert!(!page.text.contains("/withdraw") && !page.text.contains("Record a marker"), "only managers change markers");
    assert!(page.text.contains("Raise a concern with a manager"));
    assert_eq!(person_events(&app, &admin, id, "person.special_category_read").await.len(), 1, "the showing was audited");

    let (browser, _) = app.sign_in("investigator").await;
    let page = send(browser.get(app.url(&format!("/people/{id}")))).await;
    assert_eq!(page.status, 200);
    for text in ["Vulnerability", "Autism", "Prefers email", "marker", "special-category", "Special-category"] {
        assert!(!page.text.contains(text), "an investigator must see nothing of the markers, found {text:?}");
    }
    assert!(page.text.contains("Raise a concern with a manager"), "front-line staff may still raise a concern");
    assert_eq!(person_events(&app, &admin, id, "person.special_category_read").await.len(), 1, "nothing read, nothing audited");

    let (browser, _) = app.sign_in("manager").await;
    let page = send(browser.get(app.url(&format!("/people/{id}")))).await;
    assert!(page.text.contains("Record a marker") && page.text.contains("/withdraw") && page.text.contains("Merge another record"));
    assert_eq!(person_events(&app, &admin, id, "person.special_category_read").await.len(), 2);
    assert!(!page.text.contains("Review due"));

    // A marker whose review date has come is flagged for review.
    let overdue = casebook_domain::safeguarding::ValidMarker {
        kind: casebook_domain::safeguarding::MarkerKind::Other,
        reasonable_adjustments: String::new(),
        source: "An old letter".into(),
        source_date: jiff::civil::date(2025, 1, 1),
        lawful_basis: casebook_domain::safeguarding::LawfulBasis::ExplicitConsent,
        review_date: jiff::civil::date(2025, 12, 31),
    };
    let mut tx = app.app.db.write().await.unwrap();
    casebook_store::safeguarding::insert(&mut tx, id, &overdue, None, app.app.now()).await.unwrap();
    tx.commit().await.unwrap();
    assert!(send(browser.get(app.url(&format!("/people/{id}")))).await.text.contains("Review due"));
}

#[tokio::test]
async fn the_markers_api_audits_reads_and_refuses_those_without_need_to_know() {
    let app = spawn_app().await;
    let handler = app.token_for("call-handler").await;
    let manager = app.token_for("manager").await;
    let admin = app.token_for("administrator").await;
    let id = new_person(&app, &handler, "Ann", "07700 900201").await;
    let path = format!("/api/v1/persons/{id}/markers");

    assert_problem(&api_send(&app, &handler, Method::POST, &path, &marker()).await, 403);
    let bad = json!({"kind": "grumpy", "source_date": "2999-01-01", "review_date": "2026-01-01"});
    let reply = api_send(&app, &manager, Method::POST, &path, &bad).await;
    assert_eq!(problem_fields(&reply), ["kind", "source", "source_date", "lawful_basis", "review_date"]);
    assert_problem(&api_send(&app, &manager, Method::POST, "/api/v1/persons/9999/markers", &marker()).await, 404);
    let created = api_send(&app, &manager, Method::POST, &path, &marker()).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let marker_id = created.json()["id"].as_i64().unwrap();

    for role in ["call-handler", "manager", "senior-reviewer"] {
        let token = app.token_for(role).await;
        let reply = api_get(&app, &token, &path).await;
        assert_eq!(reply.status, 200, "{role}: {}", reply.text);
        assert_eq!(reply.json()["items"][0]["kind"], "autism");
    }
    let reads = person_events(&app, &admin, id, "person.special_category_read").await;
    assert_eq!(reads.len(), 3, "every read is audited");
    assert!(reads.iter().all(|e| !e["summary"].as_str().unwrap().contains("autism")));
    for role in ["investigator", "compliance-officer", "monitoring-board", "administrator"] {
        let token = app.token_for(role).await;
        assert_problem(&api_get(&app, &token, &path).await, 403);
    }
    assert_eq!(person_events(&app, &admin, id, "person.special_category_read").await.len(), 3);

    let withdraw = format!("/api/v1/markers/{marker_id}/withdraw");
    assert_problem(&api_send(&app, &handler, Method::POST, &withdraw, &json!({"reason": "x"})).await, 403);
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::POST, &withdraw, &json!({})).await), ["reason"]);
    let done = api_send(&app, &manager, Method::POST, &withdraw, &json!({"reason": "Diagnosis was wrong"})).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.json()["withdrawal_reason"], "Diagnosis was wrong");
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::POST, &withdraw, &json!({"reason": "again"})).await), ["marker"]);
}

#[tokio::test]
async fn managers_record_and_withdraw_markers_on_the_person_page() {
    let app = spawn_app().await;
    let handler = app.token_for("call-handler").await;
    let id = new_person(&app, &handler, "Ann", "07700 900201").await;
    let (browser, csrf) = app.sign_in("manager").await;
    let url = app.url(&format!("/people/{id}/markers"));
    let bad = send(browser.post(&url).form(&[("csrf_token", csrf.as_str()), ("source_date", "2999-01-01")])).await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["kind", "source", "source_date", "lawful_basis"]);
    let good = send(browser.post(&url).form(&[
        ("csrf_token", csrf.as_str()),
        ("kind", "learning-disability"),
        ("reasonable_adjustments", "Needs extra time"),
        ("source", "Letter from GP"),
        ("source_date", "2026-01-05"),
        ("lawful_basis", "explicit-consent"),
    ]))
    .await;
    assert_eq!(good.status, 303, "{}", good.snippet());
    let page = send(browser.get(app.url(good.location()))).await;
    assert!(page.text.contains("Marker recorded") && page.text.contains("Learning disability") && page.text.contains("Letter from GP"));
    let marker_id = api_get(&app, &handler, &format!("/api/v1/persons/{id}/markers")).await.json()["items"][0]["id"].as_i64().unwrap();

    let withdraw = app.url(&format!("/markers/{marker_id}/withdraw"));
    let refused = send(browser.post(&withdraw).form(&[("csrf_token", csrf.as_str()), ("reason", "")])).await;
    assert_eq!(refused.status, 422);
    assert_eq!(summary_links(&refused), ["reason"]);
    let ok = send(browser.post(&withdraw).form(&[("csrf_token", csrf.as_str()), ("reason", "Recorded on the wrong person")])).await;
    assert_eq!(ok.status, 303);
    let page = send(browser.get(app.url(ok.location()))).await;
    assert!(page.text.contains("Withdrawn") && page.text.contains("Recorded on the wrong person"));

    let (other, other_csrf) = app.sign_in("senior-reviewer").await;
    let refused = send(other.post(&url).form(&[("csrf_token", other_csrf.as_str()), ("kind", "autism")])).await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn a_concern_becomes_a_task_on_the_managers_tasks_page() {
    let app = spawn_app().await;
    let handler = app.token_for("call-handler").await;
    let manager = app.token_for("manager").await;
    let manager_id = my_id(&app, &manager).await;
    let id = new_person(&app, &handler, "Ann", "07700 900201").await;

    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let url = app.url(&format!("/people/{id}/concerns"));
    let bad = send(browser.post(&url).form(&[("csrf_token", csrf.as_str()), ("noticed", "")])).await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["manager_id", "noticed"]);
    let manager_text = manager_id.to_string();
    let good = send(browser.post(&url).form(&[
        ("csrf_token", csrf.as_str()),
        ("manager_id", manager_text.as_str()),
        ("noticed", "Struggled to follow the conversation"),
    ]))
    .await;
    assert_eq!(good.status, 303, "{}", good.snippet());
    assert!(send(browser.get(app.url(good.location()))).await.text.contains("Concern raised"));

    let api = api_send(&app, &handler, Method::POST, &format!("/api/v1/persons/{id}/concerns"), &json!({"manager_id": 9999})).await;
    assert_eq!(problem_fields(&api), ["noticed"]);
    let api =
        api_send(&app, &handler, Method::POST, &format!("/api/v1/persons/{id}/concerns"), &json!({"manager_id": 9999, "noticed": "x"}))
            .await;
    assert_eq!(problem_fields(&api), ["manager_id"]);
    let board = app.token_for("monitoring-board").await;
    let body = json!({"manager_id": manager_id, "noticed": "x"});
    assert_problem(&api_send(&app, &board, Method::POST, &format!("/api/v1/persons/{id}/concerns"), &body).await, 403);

    let (manager_browser, manager_csrf) = app.sign_in("manager").await;
    let home = send(manager_browser.get(app.url("/"))).await;
    assert!(home.text.contains("href=\"/tasks\""), "Tasks should be in the navigation");
    let tasks = send(manager_browser.get(app.url("/tasks"))).await;
    assert_eq!(tasks.status, 200);
    assert!(tasks.text.contains("Concern about Ann Lee") && tasks.text.contains("Struggled to follow the conversation"));
    let task_id = api_get(&app, &manager, "/api/v1/tasks").await.json()["items"][0]["id"].as_i64().unwrap();
    assert_eq!(api_get(&app, &handler, "/api/v1/tasks").await.json()["items"], json!([]));
    let done_path = format!("/api/v1/tasks/{task_id}/done");
    assert_problem(&api_send(&app, &handler, Method::POST, &done_path, &json!({"note": "mine"})).await, 403);

    let done = app.url(&format!("/tasks/{task_id}/done"));
    let refused = send(manager_browser.post(&done).form(&[("csrf_token", manager_csrf.as_str()), ("note", "")])).await;
    assert_eq!(refused.status, 422);
    assert_eq!(summary_links(&refused), [format!("note-{task_id}")]);
    let ok = send(manager_browser.post(&done).form(&[("csrf_token", manager_csrf.as_str()), ("note", "Agreed written contact")])).await;
    assert_eq!(ok.status, 303);
    let item = &api_get(&app, &manager, "/api/v1/tasks").await.json()["items"][0];
    assert_eq!((item["state"].as_str(), item["note"].as_str()), (Some("done"), Some("Agreed written contact")));
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::POST, &done_path, &json!({"note": "again"})).await), ["state"]);
}

#[tokio::test]
async fn records_are_merged_side_by_side_and_unmerged_with_both_in_the_trail() {
    let app = spawn_app().await;
    let handler = app.token_for("call-handler").await;
    let manager = app.token_for("manager").await;
    let admin = app.token_for("administrator").await;
    let keep = new_person(&app, &handler, "Ann", "07700 900201").await;
    let dup = new_person(&app, &handler, "Anne", "07700 900202").await;
    let (browser, csrf) = app.sign_in("manager").await;

    let itself = send(browser.get(app.url(&format!("/people/{keep}/merge?merged_id={keep}")))).await;
    assert_eq!(itself.status, 422);
    assert_eq!(summary_links(&itself), ["merged_id"]);
    assert!(itself.text.contains("cannot be merged into themselves"));
    let compare = send(browser.get(app.url(&format!("/people/{keep}/merge?merged_id={dup}")))).await;
    assert_eq!(compare.status, 200);
    assert!(
        compare.text.contains("Keep: Ann Lee") && compare.text.contains("Merge in: Anne Lee") && compare.text.contains("+447700900202")
    );
    let url = app.url(&format!("/people/{keep}/merge"));
    let dup_text = dup.to_string();
    let no_reason = send(browser.post(&url).form(&[("csrf_token", csrf.as_str()), ("merged_id", dup_text.as_str()), ("reason", "")])).await;
    assert_eq!(no_reason.status, 422);
    assert_eq!(summary_links(&no_reason), ["reason"]);
    assert!(no_reason.text.contains("Merge in: Anne Lee"), "both stay side by side");
    assert_eq!(api_get(&app, &handler, "/api/v1/persons?q=anne").await.json()["items"][0]["id"], dup, "nothing saved");
    let merged =
        send(browser.post(&url).form(&[("csrf_token", csrf.as_str()), ("merged_id", dup_text.as_str()), ("reason", "Same person")])).await;
    assert_eq!(merged.status, 303, "{}", merged.snippet());

    let gone = send(browser.get(app.url(&format!("/people/{dup}")))).await;
    assert!(gone.text.contains("merged into") && gone.text.contains(&format!("href=\"/people/{keep}\"")), "{}", gone.snippet());
    let found = api_get(&app, &handler, "/api/v1/persons?q=anne").await.json();
    let ids: Vec<i64> = found["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [keep], "the merged-away person is not found; the survivor is, by the name that moved");
    let matched = api_send(&app, &handler, Method::POST, "/api/v1/persons/match", &json!({"phone": "07700 900202"})).await;
    assert_eq!(matched.json()["items"][0]["person_id"], keep);

    let survivor = send(browser.get(app.url(&format!("/people/{keep}")))).await;
    let merge_id: i64 =
        survivor.text.split("/merges/").nth(1).and_then(|s| s.split('/').next()).and_then(|s| s.parse().ok()).expect("an undo form");
    let unmerge = app.url(&format!("/merges/{merge_id}/unmerge"));
    let refused = send(browser.post(&unmerge).form(&[("csrf_token", csrf.as_str()), ("reason", " ")])).await;
    assert_eq!(refused.status, 422);
    assert_eq!(summary_links(&refused), ["reason"]);
    let undone = send(browser.post(&unmerge).form(&[("csrf_token", csrf.as_str()), ("reason", "Different people")])).await;
    assert_eq!(undone.status, 303);
    assert_eq!(api_get(&app, &handler, "/api/v1/persons?q=anne").await.json()["items"][0]["id"], dup);

    // The same through the API.
    let path = format!("/api/v1/persons/{keep}/merge");
    assert_problem(&api_send(&app, &handler, Method::POST, &path, &json!({"merged_id": dup, "reason": "x"})).await, 403);
    assert_eq!(
        problem_fields(&api_send(&app, &manager, Method::POST, &path, &json!({"merged_id": keep, "reason": "x"})).await),
        ["merged_id"]
    );
    let created = api_send(&app, &manager, Method::POST, &path, &json!({"merged_id": dup, "reason": "Same person again"})).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let api_merge = created.json()["id"].as_i64().unwrap();
    let unmerge_path = format!("/api/v1/merges/{api_merge}/unmerge");
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::POST, &unmerge_path, &json!({})).await), ["reason"]);
    let back = api_send(&app, &manager, Method::POST, &unmerge_path, &json!({"reason": "No, different"})).await;
    assert_eq!(back.status, 200, "{}", back.text);
    assert_eq!(back.json()["unmerge_reason"], "No, different");
    assert_problem(&api_send(&app, &manager, Method::POST, "/api/v1/merges/9999/unmerge", &json!({"reason": "x"})).await, 404);

    for person in [keep, dup] {
        assert_eq!(person_events(&app, &admin, person, "person.merged").await.len(), 2, "person {person}");
        assert_eq!(person_events(&app, &admin, person, "person.unmerged").await.len(), 2, "person {person}");
    }
}
