//! Frequent callers over HTTP: the review list, flag forms and the panel on
//! a person's page, the report with its CSV and XLSX downloads, the
//! thresholds page, and the API. Every route's roles are also walked in
//! walk.rs; here each route is used for real.

use super::*;

/// A person with `calls` contacts in the last few hours, logged through the API.
async fn caller_with_contacts(app: &TestApp, given: &str, calls: usize) -> i64 {
    let token = app.token_for("call-handler").await;
    let reply = api_send(app, &token, Method::POST, "/api/v1/persons", &json!({"given": given, "family": "Caller"})).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let id = reply.json()["id"].as_i64().unwrap();
    for _ in 0..calls {
        let call = json!({"channel": "call-101", "direction": "inbound", "person_id": id, "subject": "Asked about her report",
            "category": "enquiry", "outcome": "resolved-at-first-contact"});
        let reply = api_send(app, &token, Method::POST, "/api/v1/contacts", &call).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
    id
}

fn form<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf_token", csrf)];
    all.extend_from_slice(pairs);
    all
}

#[tokio::test]
async fn a_manager_flags_from_the_person_page_and_every_handler_sees_the_plan() {
    let app = spawn_app().await;
    let id = caller_with_contacts(&app, "Bea", 3).await;
    let (manager, csrf) = app.sign_in("manager").await;

    let list = send(manager.get(app.url("/frequent-callers"))).await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("Bea Caller") && list.text.contains("3 contacts in 24 hours (threshold 3)"), "{}", list.snippet());
    assert!(list.text.contains("The right to make contact is never withdrawn"));
    assert!(list.text.contains("href=\"/frequent-callers\""), "Frequent callers should be in the navigation");

    let page = send(manager.get(app.url(&format!("/people/{id}")))).await;
    assert!(page.text.contains(&format!("/people/{id}/frequent-caller/flag")), "managers see the flag button");
    assert_eq!(send(manager.get(app.url(&format!("/people/{id}/frequent-caller/flag")))).await.status, 200);

    let flag_url = app.url(&format!("/people/{id}/frequent-caller/flag"));
    let bad =
        send(manager.post(&flag_url).form(&form(&csrf, &[("version", "0"), ("reason", ""), ("plan_handled_by", "Compliance Officer")])))
            .await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["reason", "plan_what_to_say", "plan_pathway"]);

    let good = [
        ("version", "0"),
        ("reason", "Three calls today to different staff"),
        ("plan_handled_by", "The Compliance Officer"),
        ("plan_what_to_say", "Thank her and say the Compliance Officer will write"),
        ("plan_pathway", "Mental health crisis line"),
        ("review_due", ""),
    ];
    let done = send(manager.post(&flag_url).form(&form(&csrf, &good))).await;
    assert_eq!((done.status.as_u16(), done.location()), (303, format!("/people/{id}#frequent-caller").as_str()));
    // The same page sent twice: the second was made from a stale version.
    assert_eq!(send(manager.post(&flag_url).form(&form(&csrf, &good))).await.status, 409);

    let (handler, _) = app.sign_in("call-handler").await;
    let seen = send(handler.get(app.url(&format!("/people/{id}")))).await;
    assert_eq!(seen.status, 200);
    for text in [
        "Their contacts are handled by The Compliance Officer",
        "Mental health crisis line",
        "the right to make contact is never withdrawn",
    ] {
        assert!(seen.text.contains(text), "{text:?} not on the person's page");
    }
    assert!(!seen.text.contains("/frequent-caller/review"), "call handlers do not see the managers' buttons");
    // The domain reference asks us to avoid a dismissive label for these callers.
    let dismissive = ["frequent", "flyer"].join(" ");
    assert!(!seen.text.to_lowercase().contains(&dismissive));

    for (path, fields) in [
        ("review", vec![("version", "1"), ("note", "Calls continue"), ("review_due", "2027-01-10")]),
        (
            "referral",
            vec![
                ("version", "2"),
                ("referral_date", "2026-01-01"),
                ("referral_body", "Adult social care"),
                ("referral_reference", "ASC-118"),
            ],
        ),
        ("lift", vec![("version", "3"), ("reason", "No contact since the referral")]),
    ] {
        let url = app.url(&format!("/people/{id}/frequent-caller/{path}"));
        assert_eq!(send(manager.get(&url)).await.status, 200, "{path} form");
        let reply = send(manager.post(&url).form(&form(&csrf, &fields))).await;
        assert_eq!(reply.status, 303, "{path}: {}", reply.snippet());
    }
    let after = send(manager.get(app.url(&format!("/people/{id}")))).await;
    for text in [
        "the flag was lifted",
        "No contact since the referral",
        "Calls continue",
        "Referral to Adult social care recorded",
        "Three calls today",
    ] {
        assert!(after.text.contains(text), "{text:?} not in the history");
    }
    let bad_lift =
        send(manager.post(app.url(&format!("/people/{id}/frequent-caller/lift"))).form(&form(&csrf, &[("reason", "again")]))).await;
    assert_eq!(bad_lift.status, 422);
    assert_eq!(summary_links(&bad_lift), ["state"]);
    assert_eq!(send(manager.get(app.url("/people/9999/frequent-caller/flag"))).await.status, 404);
}

#[tokio::test]
async fn the_report_downloads_as_csv_and_xlsx_with_formulas_neutralised() {
    let app = spawn_app().await;
    let flagged = caller_with_contacts(&app, "Bea", 1).await;
    caller_with_contacts(&app, "Cy", 3).await;
    let manager = app.token_for("manager").await;
    let body = json!({"reason": "=HYPERLINK(\"http://example.org\")", "response_plan":
        {"handled_by": "@team", "what_to_say": "Thank them", "pathway": "GP"}});
    let reply = api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{flagged}/frequent-caller/flag"), &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let (reader, _) = app.sign_in("compliance-officer").await;
    let page = send(reader.get(app.url("/frequent-callers/report"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Bea Caller") && page.text.contains("Cy Caller"));
    assert!(page.text.contains("href=\"/frequent-callers/report.csv\"") && page.text.contains("href=\"/frequent-callers/report.xlsx\""));

    let csv = send(reader.get(app.url("/frequent-callers/report.csv"))).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        csv.header("content-disposition").starts_with("attachment; filename=\"frequent-callers-"),
        "{}",
        csv.header("content-disposition")
    );
    let mut lines = csv.text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Status,Person number,Name,Contacts in 24 hours,Contacts in 7 days,Contacts in 30 days,Contacts in the 30 days before,Trend,Reasons,Handled by,What to say,Pathway offered,Flagged since,Review due,Review,Referral,Vulnerability"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{}", csv.text);
    assert!(rows[0].starts_with(&format!("Flagged,{flagged},Bea Caller,1,1,1,0,")), "{}", rows[0]);
    assert!(rows[0].contains("\"'=HYPERLINK(\"\"http://example.org\"\")\",'@team,"), "{}", rows[0]);
    assert!(rows[1].starts_with("Candidate,") && rows[1].contains("Cy Caller"), "{}", rows[1]);
    assert!(rows.iter().all(|r| r.ends_with(",Not shown to your role")), "a compliance officer does not read markers: {rows:?}");

    let xlsx = reader.get(app.url("/frequent-callers/report.xlsx")).send().await.unwrap();
    assert_eq!(xlsx.status(), 200);
    let header = |name: &str| xlsx.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(header("content-disposition").ends_with(".xlsx\""), "{}", header("content-disposition"));
    let bytes = xlsx.bytes().await.unwrap();
    assert!(bytes.len() > 1000 && bytes.starts_with(b"PK"), "not an XLSX (zip) file");

    let (handler, _) = app.sign_in("call-handler").await;
    assert_eq!(send(handler.get(app.url("/frequent-callers/report.csv"))).await.status, 403);
}

#[tokio::test]
async fn managers_edit_the_thresholds_and_readers_only_see_them() {
    let app = spawn_app().await;
    let (manager, csrf) = app.sign_in("manager").await;
    let page = send(manager.get(app.url("/frequent-callers/thresholds"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("id=\"adults-days-30\"") && page.text.contains("value=\"5\""), "{}", page.snippet());
    assert!(page.text.contains("Save thresholds"));

    let bad = send(
        manager
            .post(app.url("/frequent-callers/thresholds"))
            .form(&form(&csrf, &[("version", ""), ("adults-days-30", "lots"), ("everyone-hours-24", "0")])),
    )
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["adults-days-30"]);
    let zero =
        send(manager.post(app.url("/frequent-callers/thresholds")).form(&form(&csrf, &[("version", ""), ("everyone-hours-24", "0")])))
            .await;
    assert_eq!(summary_links(&zero), ["everyone-hours-24"]);
    let empty = send(manager.post(app.url("/frequent-callers/thresholds")).form(&form(&csrf, &[("version", "")]))).await;
    assert_eq!(summary_links(&empty), ["rules"]);

    let saved =
        send(manager.post(app.url("/frequent-callers/thresholds")).form(&form(&csrf, &[("version", ""), ("everyone-hours-24", "2")])))
            .await;
    assert_eq!((saved.status.as_u16(), saved.location()), (303, "/frequent-callers/thresholds?notice=thresholds-saved"));
    let stale =
        send(manager.post(app.url("/frequent-callers/thresholds")).form(&form(&csrf, &[("version", ""), ("everyone-hours-24", "4")])))
            .await;
    assert_eq!(stale.status, 409);

    let (reader, _) = app.sign_in("senior-reviewer").await;
    let page = send(reader.get(app.url("/frequent-callers/thresholds"))).await;
    assert!(page.text.contains("id=\"everyone-hours-24\"") && page.text.contains("value=\"2\" disabled"), "{}", page.snippet());
    assert!(!page.text.contains("Save thresholds"));
}

#[tokio::test]
async fn the_api_lists_flags_candidates_and_takes_the_managers_commands() {
    let app = spawn_app().await;
    let id = caller_with_contacts(&app, "Bea", 3).await;
    let reader = app.token_for("senior-reviewer").await;
    let manager = app.token_for("manager").await;
    let handler = app.token_for("call-handler").await;

    let list = api_get(&app, &reader, "/api/v1/frequent-callers").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let body = list.json();
    assert_eq!(body["candidates"][0]["person_id"], id);
    assert_eq!(body["candidates"][0]["counts"]["last_24h"], 3);
    assert_eq!(body["candidates"][0]["reasons"][0], "3 contacts in 24 hours (threshold 3)");
    assert_problem(&api_get(&app, &handler, "/api/v1/frequent-callers").await, 403);

    let flag_path = format!("/api/v1/persons/{id}/frequent-caller/flag");
    let bad = api_send(&app, &manager, Method::POST, &flag_path, &json!({"reason": " ", "review_due": "soon"})).await;
    assert_eq!(problem_fields(&bad), ["review_due"]);
    let bad = api_send(&app, &manager, Method::POST, &flag_path, &json!({"reason": " "})).await;
    assert_eq!(problem_fields(&bad), ["reason", "plan_handled_by", "plan_what_to_say", "plan_pathway"]);
    let plan = json!({"handled_by": "Compliance Officer", "what_to_say": "Thank her", "pathway": "GP"});
    let good = json!({"reason": "Three calls today", "response_plan": plan, "version": 0});
    assert_problem(&api_send(&app, &handler, Method::POST, &flag_path, &good).await, 403);
    let flagged = api_send(&app, &manager, Method::POST, &flag_path, &good).await;
    assert_eq!(flagged.status, 200, "{}", flagged.text);
    assert_problem(&api_send(&app, &manager, Method::POST, &flag_path, &good).await, 409);

    let seen = api_get(&app, &handler, &format!("/api/v1/persons/{id}/frequent-caller")).await;
    assert_eq!(seen.status, 200);
    let seen = seen.json();
    assert_eq!((seen["state"].as_str(), seen["may_make_contact"].as_bool()), (Some("flagged"), Some(true)));
    assert_eq!(seen["flag"]["response_plan"]["pathway"], "GP");
    assert_eq!(seen["history"][0]["detail"], "Three calls today");
    assert_problem(&api_get(&app, &handler, "/api/v1/persons/9999/frequent-caller").await, 404);

    let review = json!({"note": "Still calling", "version": 1});
    assert_eq!(api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{id}/frequent-caller/review"), &review).await.status, 200);
    let referral = json!({"date": "2026-01-01", "body": "Police", "reference": ""});
    let reply = api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{id}/frequent-caller/referral"), &referral).await;
    assert_eq!(problem_fields(&reply), ["referral_reference"]);
    let lifted =
        api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{id}/frequent-caller/lift"), &json!({"reason": "Settled"})).await;
    assert_eq!(lifted.json()["state"], "lifted");

    let list = api_get(&app, &reader, "/api/v1/frequent-callers").await.json();
    assert_eq!(list["flagged"].as_array().map(Vec::len), Some(0));
    assert_eq!(list["candidates"][0]["person_id"], id, "a lifted flag puts the person back among the candidates");
}

#[tokio::test]
async fn the_report_shows_vulnerability_notes_only_to_special_category_readers_and_audits_each() {
    let app = spawn_app().await;
    let flagged = caller_with_contacts(&app, "Dee", 1).await;
    let candidate = caller_with_contacts(&app, "Eli", 3).await;
    let manager = app.token_for("manager").await;
    let body = json!({"reason": "Daily calls about her neighbour", "response_plan":
        {"handled_by": "The neighbourhood team", "what_to_say": "Listen and log", "pathway": "Mediation"}});
    let reply = api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{flagged}/frequent-caller/flag"), &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let marker = json!({"kind": "autism", "reasonable_adjustments": "Short questions, one at a time", "source": "Told us herself",
        "source_date": "2026-01-05", "lawful_basis": "safeguarding-individuals-at-risk"});
    let reply = api_send(&app, &manager, Method::POST, &format!("/api/v1/persons/{flagged}/markers"), &marker).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let admin = app.token_for("administrator").await;
    let reads = async |person: i64| {
        let path = format!("/api/v1/audit?entity_type=person&entity_id={person}&action=person.special_category_read");
        api_get(&app, &admin, &path).await.json()["items"].as_array().unwrap().len()
    };

    // A compliance officer reads the report, not the markers: nothing shown, nothing audited.
    let (officer, _) = app.sign_in("compliance-officer").await;
    let page = send(officer.get(app.url("/frequent-callers/report"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Vulnerability notes are not shown") && !page.text.contains("Short questions"), "{}", page.snippet());
    assert_eq!(reads(flagged).await, 0);

    // A manager sees them, and the read of each person's markers is on the record.
    let (boss, _) = app.sign_in("manager").await;
    let page = send(boss.get(app.url("/frequent-callers/report"))).await;
    assert!(page.text.contains("Autism (Short questions, one at a time)"), "{}", page.snippet());
    assert!(page.text.contains("None recorded"), "Eli has no markers");
    assert_eq!((reads(flagged).await, reads(candidate).await), (1, 0), "one read of Dee's markers; Eli has none to read");
    let csv = send(boss.get(app.url("/frequent-callers/report.csv"))).await;
    assert!(
        csv.text
            .lines()
            .any(|l| l.starts_with(&format!("Flagged,{flagged},")) && l.ends_with(",\"Autism (Short questions, one at a time)\"")),
        "{}",
        csv.text
    );
    assert_eq!(reads(flagged).await, 2);
}

#[tokio::test]
async fn the_api_reads_and_replaces_the_thresholds_for_managers_only() {
    let app = spawn_app().await;
    let id = caller_with_contacts(&app, "Gil", 2).await;
    let reader = app.token_for("senior-reviewer").await;
    let manager = app.token_for("manager").await;
    let handler = app.token_for("call-handler").await;
    let path = "/api/v1/frequent-callers/thresholds";

    let shown = api_get(&app, &reader, path).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    let shown = shown.json();
    assert_eq!(shown["version"], serde_json::Value::Null, "the defaults are in force");
    let rule = json!({"applies_to": "adults", "window": "days30", "at_least": 5});
    assert!(shown["thresholds"]["rules"].as_array().unwrap().contains(&rule), "{shown}");
    assert_problem(&api_get(&app, &handler, path).await, 403);
    assert!(api_get(&app, &reader, "/api/v1/frequent-callers").await.json()["candidates"].as_array().unwrap().is_empty());

    let two_a_day = json!({"version": null, "thresholds": {"rules": [{"applies_to": "everyone", "window": "hours24", "at_least": 2}]}});
    assert_problem(&api_send(&app, &reader, Method::PUT, path, &two_a_day).await, 403);
    let zero = json!({"thresholds": {"rules": [{"applies_to": "everyone", "window": "hours24", "at_least": 0}]}});
    assert_eq!(problem_fields(&api_send(&app, &manager, Method::PUT, path, &zero).await), ["everyone-hours-24"]);
    let unknown = json!({"thresholds": {"rules": [{"applies_to": "everyone", "window": "fortnight", "at_least": 2}]}});
    let reply = api_send(&app, &manager, Method::PUT, path, &unknown).await;
    assert!(reply.status == 400 || reply.status == 422, "{}", reply.text);
    assert!(reply.text.contains("fortnight"), "the message names the bad window: {}", reply.text);
    assert_eq!(api_get(&app, &reader, path).await.json()["version"], serde_json::Value::Null, "nothing saved");

    let saved = api_send(&app, &manager, Method::PUT, path, &two_a_day).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert_eq!(saved.json()["version"], 1);
    assert_problem(&api_send(&app, &manager, Method::PUT, path, &two_a_day).await, 409);
    let candidates = api_get(&app, &reader, "/api/v1/frequent-callers").await.json();
    assert_eq!(candidates["candidates"][0]["person_id"], id, "two calls now make a candidate: {candidates}");
}
