//! Complaints administration over HTTP: the procedure page every complaint
//! handler reads, the administrator's numbers and preset forms, the
//! procedure API; the complaint-box log, its forms and API. Every route's
//! roles are also walked in walk.rs; here each route is used for real.

use super::*;

fn form<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf_token", csrf)];
    all.extend_from_slice(pairs);
    all
}

/// The numbers form as the page fills it, with `changes` on top.
fn numbers_form(page: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for chunk in page.split("<input ").skip(1) {
        let attr = |name: &str| {
            chunk
                .split(&format!("{name}=\""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .map(|s| s.replace("&#x7b;", "{").replace("&#x7d;", "}"))
        };
        if let (Some(name), Some(value)) = (attr("name"), attr("value")) {
            fields.push((name, value));
        }
    }
    for chunk in page.split("<select ").skip(1) {
        let name = chunk.split("name=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_owned();
        let body = chunk.split("</select>").next().unwrap_or_default();
        if let Some(selected) = body.split("<option value=\"").skip(1).find(|o| o.contains(" selected")) {
            fields.push((name, selected.split('"').next().unwrap_or_default().to_owned()));
        }
    }
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    fields
}

#[tokio::test]
async fn complaint_handlers_read_the_procedure_and_only_administrators_may_change_it() {
    let app = spawn_app().await;
    let (investigator, _) = app.sign_in("investigator").await;
    let page = send(investigator.get(app.url("/admin/complaint-procedure"))).await;
    assert_eq!(page.status, 200, "{}", page.snippet());
    for expected in [
        "Detention services complaints",
        "Respond in writing",
        "20 working days",
        "Escalation by nation",
        "Prisons and Probation Ombudsman",
        "Changes apply to complaints logged from then on",
    ] {
        assert!(page.text.contains(expected), "the procedure page should show {expected:?}");
    }
    assert!(!page.text.contains("/admin/complaint-procedure/edit"), "only administrators are offered the numbers form");
    assert_eq!(send(investigator.get(app.url("/admin/complaint-procedure/edit"))).await.status, 403);
    let (handler, _) = app.sign_in("call-handler").await;
    assert_eq!(send(handler.get(app.url("/admin/complaint-procedure"))).await.status, 403);

    let (admin, csrf) = app.sign_in("administrator").await;
    let page = send(admin.get(app.url("/admin/complaint-procedure"))).await;
    assert!(page.text.contains("href=\"/admin/complaint-procedure\""), "the procedure is in the admin navigation");
    assert!(page.text.contains("/admin/complaint-procedure/edit") && page.text.contains("id=\"preset\""));

    let edit = send(admin.get(app.url("/admin/complaint-procedure/edit"))).await;
    assert_eq!(edit.status, 200);
    assert!(edit.text.contains("id=\"limits[1].period\"") && edit.text.contains("id=\"reference_format\""), "{}", edit.snippet());
    let bad = numbers_form(&edit.text, &[("csrf_token", &csrf), ("limits[1].period", "soon"), ("in_time.months", "0")]);
    let bad = send(admin.post(app.url("/admin/complaint-procedure/edit")).form(&bad)).await;
    assert_eq!(bad.status, 422, "{}", bad.snippet());
    assert_eq!(summary_links(&bad), ["limits[1].period"]);
    let invalid = numbers_form(&edit.text, &[("csrf_token", &csrf), ("in_time.months", "0")]);
    let invalid = send(admin.post(app.url("/admin/complaint-procedure/edit")).form(&invalid)).await;
    assert_eq!(summary_links(&invalid), ["in_time.months"]);
    let unchanged = numbers_form(&edit.text, &[("csrf_token", &csrf)]);
    let unchanged = send(admin.post(app.url("/admin/complaint-procedure/edit")).form(&unchanged)).await;
    assert_eq!(summary_links(&unchanged), ["limits"]);

    let good = numbers_form(&edit.text, &[("csrf_token", &csrf), ("in_time.months", "4")]);
    let saved = send(admin.post(app.url("/admin/complaint-procedure/edit")).form(&good)).await;
    assert_eq!((saved.status.as_u16(), saved.location()), (303, "/admin/complaint-procedure?notice=numbers-saved"), "{}", saved.snippet());
    let page = send(investigator.get(app.url("/admin/complaint-procedure"))).await;
    assert!(page.text.contains(": 4 months") && page.text.contains("Version 1"), "{}", page.snippet());
    let stale = send(admin.post(app.url("/admin/complaint-procedure/edit")).form(&good)).await;
    assert_eq!(stale.status, 409, "the form read the preset, which is no longer in force");

    let wrong =
        send(admin.post(app.url("/admin/complaint-procedure/preset")).form(&form(&csrf, &[("version", "1"), ("preset", "nonsense")])))
            .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(summary_links(&wrong), ["preset"]);
    let chosen =
        send(admin.post(app.url("/admin/complaint-procedure/preset")).form(&form(&csrf, &[("version", "1"), ("preset", "two-stage")])))
            .await;
    assert_eq!((chosen.status.as_u16(), chosen.location()), (303, "/admin/complaint-procedure?notice=preset-chosen"));
    let page = send(investigator.get(app.url("/admin/complaint-procedure"))).await;
    assert!(page.text.contains("Version 2") && !page.text.contains("Detention services complaints (DSO"), "{}", page.snippet());
}

#[tokio::test]
async fn the_procedure_api_reads_for_handlers_and_changes_for_administrators() {
    let app = spawn_app().await;
    let reader = app.token_for("senior-reviewer").await;
    let admin = app.token_for("administrator").await;
    let got = api_get(&app, &reader, "/api/v1/complaint-procedure").await;
    assert_eq!(got.status, 200);
    let body = got.json();
    assert!(body["version"].is_null());
    assert_eq!(body["procedure"]["key"], "detention-dso-03-2015");
    let mut numbers = json!({"limits": [{"key": "respond", "period": {"amount": 25, "unit": "working-days"}, "translated_period": null}],
        "in_time_months": 3, "reference_format": "{site}-{year}-{seq:05}"});

    assert_eq!(api_send(&app, &reader, Method::PUT, "/api/v1/complaint-procedure", &json!({"numbers": numbers})).await.status, 403);
    let both =
        api_send(&app, &admin, Method::PUT, "/api/v1/complaint-procedure", &json!({"numbers": numbers, "preset": "two-stage"})).await;
    assert_eq!(problem_fields(&both), ["preset"]);
    numbers["reference_format"] = json!("{seq}{site}");
    let bad = api_send(&app, &admin, Method::PUT, "/api/v1/complaint-procedure", &json!({"numbers": numbers})).await;
    assert_eq!(problem_fields(&bad), ["reference_format"]);
    numbers["reference_format"] = json!("{site}-{year}-{seq:05}");
    let put = api_send(&app, &admin, Method::PUT, "/api/v1/complaint-procedure", &json!({"numbers": numbers})).await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(put.json()["version"], 1);
    let respond = put.json()["procedure"]["limits"].as_array().unwrap().iter().find(|l| l["key"] == "respond").cloned().unwrap();
    assert_eq!(respond["period"], json!({"amount": 25, "unit": "working-days"}));
    let stale = api_send(&app, &admin, Method::PUT, "/api/v1/complaint-procedure", &json!({"preset": "two-stage"})).await;
    assert_problem(&stale, 409);
    let preset = api_send(&app, &admin, Method::PUT, "/api/v1/complaint-procedure", &json!({"version": 1, "preset": "two-stage"})).await;
    assert_eq!((preset.status.as_u16(), preset.json()["version"].as_i64()), (200, Some(2)));
}

/// A minute ago, as the API takes it: today in London unless run at midnight.
fn a_minute_ago() -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(1)).to_string()
}

#[tokio::test]
async fn a_clerk_records_an_emptying_and_its_scans_on_the_pages() {
    let app = spawn_app().await;
    let (clerk, csrf) = app.sign_in("compliance-officer").await;
    let log = send(clerk.get(app.url("/complaint-boxes"))).await;
    assert_eq!(log.status, 200, "{}", log.snippet());
    assert!(log.text.contains("href=\"/complaint-boxes\""), "Complaint boxes is in the navigation");
    let new = send(clerk.get(app.url("/complaint-boxes/emptyings/new"))).await;
    assert_eq!(new.status, 200);
    assert!(new.text.contains("id=\"site_id\"") && new.text.contains("id=\"emptied_by\""));

    let bad = send(clerk.post(app.url("/complaint-boxes/emptyings")).form(&form(&csrf, &[]))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["site_id", "emptied_at", "emptied_by", "count"]);
    let at = a_minute_ago();
    let me =
        api_get(&app, &app.token_for("compliance-officer").await, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap().to_string();
    let good = form(&csrf, &[("site_id", "1"), ("emptied_at", &at), ("emptied_by", &me), ("count", "2")]);
    let done = send(clerk.post(app.url("/complaint-boxes/emptyings")).form(&good)).await;
    assert_eq!(done.status, 303, "{}", done.snippet());
    let page_url = done.location().split('?').next().unwrap().to_owned();
    assert!(page_url.starts_with("/complaint-boxes/emptyings/"), "{page_url}");

    let page = send(clerk.get(app.url(&page_url))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Not scanned yet") && page.text.contains("Record a scan"), "{}", page.snippet());
    let scans = format!("{page_url}/scans");
    let bad = send(clerk.post(app.url(&scans)).form(&form(&csrf, &[("complaint_reference", ""), ("scanned_at", "")]))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["complaint_reference"]);
    for reference in ["TEST-2026-00001", "TEST-2026-00002"] {
        let ok = send(clerk.post(app.url(&scans)).form(&form(&csrf, &[("complaint_reference", reference), ("scanned_at", "")]))).await;
        assert_eq!(ok.status, 303, "{}", ok.snippet());
    }
    let page = send(clerk.get(app.url(&page_url))).await;
    assert!(page.text.contains("TEST-2026-00002") && page.text.contains("Every complaint from this emptying has been scanned"));
    let log = send(clerk.get(app.url("/complaint-boxes"))).await;
    assert!(log.text.contains("Test site") && log.text.contains(&page_url), "{}", log.snippet());

    let (investigator, _) = app.sign_in("investigator").await;
    assert_eq!(send(investigator.get(app.url("/complaint-boxes"))).await.status, 403);
    let page = send(investigator.get(app.url("/"))).await;
    assert!(!page.text.contains("href=\"/complaint-boxes\""), "investigators do not keep the box log");
}

#[tokio::test]
async fn the_box_log_api_records_and_reports_scans_and_their_clocks() {
    let app = spawn_app().await;
    let token = app.token_for("manager").await;
    let me = api_get(&app, &token, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap();
    let bad = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/complaint-boxes/emptyings",
        &json!({"site_id": 99, "emptied_at": a_minute_ago(), "emptied_by": me, "count": 1}),
    )
    .await;
    assert_eq!(problem_fields(&bad), ["site_id"]);
    let made = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/complaint-boxes/emptyings",
        &json!({"site_id": 1, "emptied_at": a_minute_ago(), "emptied_by": me, "count": 1}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let id = made.json()["id"].as_i64().unwrap();
    assert_eq!((made.json()["waiting"].as_u64(), made.json()["overdue"].as_bool()), (Some(1), Some(false)));

    let path = format!("/api/v1/complaint-boxes/emptyings/{id}/scans");
    let scanned = api_send(&app, &token, Method::POST, &path, &json!({"complaint_reference": "TEST-2026-00001"})).await;
    assert_eq!(scanned.status, 201, "{}", scanned.text);
    let body = scanned.json();
    assert_eq!((body["on_time"].as_u64(), body["complaints"][0]["complaint_reference"].as_str()), (Some(1), Some("TEST-2026-00001")));
    let full = api_send(&app, &token, Method::POST, &path, &json!({"complaint_reference": "TEST-2026-00002"})).await;
    assert_eq!(problem_fields(&full), ["complaint_reference"]);

    let one = api_get(&app, &token, &format!("/api/v1/complaint-boxes/emptyings/{id}")).await;
    assert_eq!((one.status.as_u16(), one.json()["scanned"].as_u64()), (200, Some(1)));
    assert_eq!(api_get(&app, &token, "/api/v1/complaint-boxes/emptyings/999").await.status, 404);
    let log = api_get(&app, &token, "/api/v1/complaint-boxes?days=3").await;
    assert_eq!(log.status, 200, "{}", log.text);
    let sites = log.json()["sites"].as_array().unwrap().clone();
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0]["site_id"], 1);
    assert_eq!(sites[0]["days_not_emptied"].as_array().unwrap().len(), 3);
    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/complaint-boxes?days=0").await), ["days"]);
    let refused = app.token_for("investigator").await;
    assert_eq!(api_get(&app, &refused, "/api/v1/complaint-boxes").await.status, 403);
}
