//! The JSON API: users, sites and closures, calendars, and operations.

use super::*;

#[tokio::test]
async fn the_users_api_validates_and_detects_stale_edits() {
    let app = spawn_app().await;
    let token = app.token_for("administrator").await;

    let reply =
        send(bearer(&app, &token, Method::POST, "/api/v1/users").header("content-type", "application/json").body("{\"username\": ")).await;
    assert_problem(&reply, 400);
    let reply = send(bearer(&app, &token, Method::POST, "/api/v1/users").body("username=x")).await;
    assert_problem(&reply, 400);

    let invalid = json!({"username": "new.person", "display_name": "New Person", "grade": "captain", "roles": ["wizard"]});
    let reply = api_send(&app, &token, Method::POST, "/api/v1/users", &invalid).await;
    assert_eq!(problem_fields(&reply), ["grade", "roles"]);
    let reply = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/users",
        &json!({"username": "new.person", "display_name": "New Person", "grade": "eo", "roles": []}),
    )
    .await;
    assert_eq!(problem_fields(&reply), ["roles"]);

    let reply = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/users",
        &json!({"username": "pat.jones", "display_name": "Pat Jones", "grade": "eo", "roles": ["investigator"]}),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let created = reply.json();
    let id = created["id"].as_i64().expect("id");
    let version = created["version"].as_i64().expect("version");
    let path = format!("/api/v1/users/{id}");

    let changes = |name: &str, version: i64| json!({"display_name": name, "grade": "heo", "roles": ["investigator"], "active": true, "version": version});
    let reply = api_send(&app, &token, Method::PUT, &path, &changes("Pat Jones-Smith", version)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let updated = reply.json();
    assert_eq!(updated["display_name"], "Pat Jones-Smith");
    assert_eq!(updated["grade"], "heo");
    assert!(updated["version"].as_i64().expect("version") > version);

    let reply = api_send(&app, &token, Method::PUT, &path, &changes("Stale Name", version)).await;
    let problem = assert_problem(&reply, 409);
    assert!(problem["detail"].as_str().unwrap().contains("changed by someone else"), "{problem}");
    assert_eq!(api_get(&app, &token, &path).await.json()["display_name"], "Pat Jones-Smith", "a stale edit changes nothing");

    assert_problem(&api_send(&app, &token, Method::PUT, "/api/v1/users/999999", &changes("Nobody", 1)).await, 404);
    assert_problem(&api_get(&app, &token, "/api/v1/users/999999").await, 404);

    // Administrators cannot lock themselves out.
    let me = api_get(&app, &token, "/api/v1/me").await.json()["user"].clone();
    let demote =
        json!({"display_name": me["display_name"], "grade": me["grade"], "roles": ["manager"], "active": false, "version": me["version"]});
    let reply = api_send(&app, &token, Method::PUT, &format!("/api/v1/users/{}", me["id"]), &demote).await;
    assert_eq!(problem_fields(&reply), ["roles", "active"]);

    // Deactivating an account ends its session and stops its token at once.
    let (browser, _) = app.sign_in("investigator").await;
    let their_token = app.token_for("investigator").await;
    let them = api_get(&app, &their_token, "/api/v1/me").await.json()["user"].clone();
    let deactivate = json!({"display_name": them["display_name"], "grade": them["grade"], "roles": them["roles"], "active": false, "version": them["version"]});
    let reply = api_send(&app, &token, Method::PUT, &format!("/api/v1/users/{}", them["id"]), &deactivate).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["active"], false);
    let home = send(browser.get(app.url("/"))).await;
    assert_eq!((home.status.as_u16(), home.location()), (303, "/sign-in?next=/"));
    assert_problem(&api_get(&app, &their_token, "/api/v1/me").await, 401);
    let reply = sign_in_attempt(&app, &client(), "investigator", PASSWORD, "/").await;
    assert_eq!(reply.status, 422, "a deactivated account cannot sign in");
}

#[tokio::test]
async fn me_says_who_is_calling_and_how() {
    let app = spawn_app().await;
    let token = app.token_for("manager").await;
    let reply = api_get(&app, &token, "/api/v1/me").await;
    assert_eq!(reply.status, 200);
    let me = reply.json();
    assert_eq!(me["authenticated_by"], "token");
    assert_eq!(me["user"]["username"], "manager");
    assert_eq!(me["user"]["roles"], json!(["manager"]));
    assert_eq!(me["user"]["display_name"], "Test Manager");

    let (browser, _) = app.sign_in("monitoring-board").await;
    let me = send(browser.get(app.url("/api/v1/me"))).await.json();
    assert_eq!(me["authenticated_by"], "session");
    assert_eq!(me["user"]["roles"], json!(["monitoring-board"]));

    let reply = api_get(&app, "cb_not-a-real-token", "/api/v1/me").await;
    assert_problem(&reply, 401);
    assert_eq!(reply.header("www-authenticate"), "Bearer");
}

// ---------------------------------------------------------------------------
// 7. Sites and closure days over the API
// ---------------------------------------------------------------------------

#[tokio::test]
async fn sites_and_their_closure_days_over_the_api() {
    let app = spawn_app().await;
    let token = app.token_for("administrator").await;

    let site = json!({"code": "leeds-cc", "name": "Leeds contact centre", "kind": "contact-centre", "nation": "england-and-wales"});
    let reply = api_send(&app, &token, Method::POST, "/api/v1/sites", &site).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let created = reply.json();
    assert_eq!(created["code"], "LEEDS-CC");
    assert_eq!(created["active"], true);
    let id = created["id"].as_i64().expect("id");
    assert_eq!(api_get(&app, &token, &format!("/api/v1/sites/{id}")).await.json()["name"], "Leeds contact centre");

    let reply = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/sites",
        &json!({"code": "CARDIFF", "name": "Cardiff", "kind": "contact-centre", "nation": "wales"}),
    )
    .await;
    assert_eq!(problem_fields(&reply), ["nation"]);
    let reply = api_send(
        &app,
        &token,
        Method::POST,
        "/api/v1/sites",
        &json!({"code": "leeds-cc", "name": "Leeds again", "kind": "contact-centre", "nation": "scotland"}),
    )
    .await;
    assert_eq!(problem_fields(&reply), ["code"], "a second site with the same code");

    let closures = format!("/api/v1/sites/{id}/closures");
    let closure = |date: &str| json!({"closed_on": date, "reason": "Office move"});
    let reply = api_send(&app, &token, Method::POST, &closures, &closure("2026-06-06")).await;
    assert_eq!(problem_fields(&reply), ["closed_on"], "a Saturday");
    assert!(reply.text.contains("weekend"), "{}", reply.text);
    let reply = api_send(&app, &token, Method::POST, &closures, &closure("2026-08-31")).await;
    assert_eq!(problem_fields(&reply), ["closed_on"], "the summer bank holiday in England");
    let reply = api_send(&app, &token, Method::POST, &closures, &closure("2026-02-30")).await;
    assert_eq!(problem_fields(&reply), ["closed_on"], "no such date");

    let reply = api_send(&app, &token, Method::POST, &closures, &closure("2026-06-10")).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let day = reply.json();
    assert_eq!(
        (day["site_id"].as_i64(), day["closed_on"].as_str(), day["reason"].as_str()),
        (Some(id), Some("2026-06-10"), Some("Office move"))
    );
    let closure_id = day["id"].as_i64().expect("id");
    let reply = api_send(&app, &token, Method::POST, &closures, &closure("2026-06-10")).await;
    assert_eq!(problem_fields(&reply), ["closed_on"], "the same day twice");

    let listed = api_get(&app, &token, &format!("{closures}?year=2026")).await.json();
    assert_eq!(listed["items"], json!([{"id": closure_id, "site_id": id, "closed_on": "2026-06-10", "reason": "Office move"}]));
    assert_eq!(api_get(&app, &token, &format!("{closures}?year=2027")).await.json()["items"], json!([]));
    // The test site's closures are its own.
    assert_eq!(api_get(&app, &token, "/api/v1/sites/1/closures?year=2026").await.json()["items"], json!([]));
    assert_problem(&send(bearer(&app, &token, Method::DELETE, &format!("/api/v1/sites/1/closures/{closure_id}"))).await, 404);

    let reply = send(bearer(&app, &token, Method::DELETE, &format!("{closures}/{closure_id}"))).await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    assert_eq!(api_get(&app, &token, &format!("{closures}?year=2026")).await.json()["items"], json!([]));
    assert_problem(&send(bearer(&app, &token, Method::DELETE, &format!("{closures}/{closure_id}"))).await, 404);
    assert_problem(&api_get(&app, &token, "/api/v1/sites/999999/closures").await, 404);

    // Renaming needs the version last read.
    let version = created["version"].as_i64().expect("version");
    let renamed = |version: i64| json!({"code": "LEEDS-CC", "name": "Leeds centre", "kind": "contact-centre", "nation": "england-and-wales", "version": version});
    let reply = api_send(&app, &token, Method::PUT, &format!("/api/v1/sites/{id}"), &renamed(version)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["name"], "Leeds centre");
    assert_problem(&api_send(&app, &token, Method::PUT, &format!("/api/v1/sites/{id}"), &renamed(version)).await, 409);
}

// ---------------------------------------------------------------------------
// 8. Bank-holiday calendars over the API
// ---------------------------------------------------------------------------

fn holiday_dates(reply: &Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["holidays"].as_array().expect("holidays").iter().map(|h| h["date"].as_str().expect("date").to_owned()).collect()
}

#[tokio::test]
async fn bank_holidays_by_division_and_year() {
    let app = spawn_app().await;
    let token = app.token_for("call-handler").await;

    let scotland = holiday_dates(&api_get(&app, &token, "/api/v1/calendars/scotland/holidays?year=2026").await);
    assert!(scotland.contains(&"2026-01-02".to_owned()), "{scotland:?}");
    assert!(scotland.contains(&"2026-11-30".to_owned()), "{scotland:?}");
    let england = holiday_dates(&api_get(&app, &token, "/api/v1/calendars/england-and-wales/holidays?year=2026").await);
    assert!(!england.contains(&"2026-01-02".to_owned()), "{england:?}");
    assert_eq!(england.len(), 8, "{england:?}");

    let reply = api_get(&app, &token, "/api/v1/calendars/united-kingdom/holidays?year=2026").await;
    let uk = holiday_dates(&reply);
    for date in ["2026-01-02", "2026-03-17", "2026-07-13", "2026-11-30", "2026-12-25"] {
        assert!(uk.contains(&date.to_owned()), "{date} missing from {uk:?}");
    }
    let mut sorted = uk.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(uk, sorted, "one entry per date, in order");
    let body = reply.json();
    assert_eq!((body["division"].as_str(), body["year"].as_i64()), (Some("united-kingdom"), Some(2026)));
    assert!(body["holidays"].as_array().unwrap().iter().all(|h| h["source"] == "official"));

    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/calendars/wales/holidays?year=2026").await), ["division"]);
    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/calendars/scotland/holidays").await), ["year"]);
    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/calendars/scotland/holidays?year=twenty").await), ["year"]);
    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/calendars/scotland/holidays?year=20260").await), ["year"]);
    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/calendars/scotland/holidays?year=1899").await), ["year"]);

    let reply = api_get(&app, &token, "/api/v1/calendars/england-and-wales/holidays?year=2035").await;
    let later = holiday_dates(&reply);
    assert!(later.contains(&"2035-12-25".to_owned()), "{later:?}");
    let holidays = reply.json()["holidays"].as_array().unwrap().clone();
    assert!(holidays.len() >= 8 && holidays.iter().all(|h| h["source"] == "rules"), "{holidays:?}");
}

// ---------------------------------------------------------------------------
// 9. Operations, failures and headers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn operational_endpoints_errors_headers_and_assets() {
    let app = spawn_app().await;
    let anonymous = client();

    let health = send(anonymous.get(app.url("/healthz"))).await;
    assert_eq!((health.status.as_u16(), health.text.as_str()), (200, "ok"));
    let ready = send(anonymous.get(app.url("/readyz"))).await;
    assert_eq!((ready.status.as_u16(), ready.text.as_str()), (200, "ready"));
    let metrics = send(anonymous.get(app.url("/metrics"))).await;
    assert_eq!(metrics.status, 200);
    assert!(metrics.header("content-type").starts_with("text/plain"));
    assert!(metrics.text.contains("casebook_http_requests_total"), "{}", metrics.snippet());
    assert!(
        metrics
            .text
            .lines()
            .any(|l| l.starts_with("casebook_http_requests_total{") && l.contains("route=\"/healthz\"") && l.contains("status=\"200\"")),
        "no count for /healthz"
    );

    let missing = send(anonymous.get(app.url("/no/such/page"))).await;
    assert_eq!(missing.status, 404);
    assert!(missing.header("content-type").starts_with("text/html"));
    assert!(missing.text.contains("Page not found"));
    assert!(missing.text.contains(missing.header("x-request-id")), "the error page shows the request id");
    let missing_api = send(anonymous.get(app.url("/api/v1/no-such-thing"))).await;
    assert_problem(&missing_api, 404);

    // Request ids: made up when absent, kept when a proxy sent one.
    let given = send(anonymous.get(app.url("/api/v1/no-such-thing")).header("x-request-id", "trace-123")).await;
    assert_eq!(given.header("x-request-id"), "trace-123");
    assert_eq!(given.json()["request_id"], "trace-123");
    assert_ne!(health.header("x-request-id"), ready.header("x-request-id"));

    let (browser, _) = app.sign_in("call-handler").await;
    let pages = [
        send(anonymous.get(app.url("/sign-in"))).await,
        send(browser.get(app.url("/"))).await,
        send(browser.get(app.url("/admin/users"))).await,
        missing,
    ];
    for page in &pages {
        assert!(!page.header("x-request-id").is_empty());
        assert_eq!(page.header("cache-control"), "no-store");
        let csp = page.header("content-security-policy");
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert_eq!(page.header("x-content-type-options"), "nosniff");
        assert_eq!(page.header("x-frame-options"), "DENY");
    }
    assert_eq!(pages[2].status, 403);

    let css = send(anonymous.get(app.url("/assets/vendor/casebook.css"))).await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").starts_with("text/css"), "{}", css.header("content-type"));
    assert_eq!(css.header("cache-control"), "public, max-age=3600");
    assert!(!css.text.is_empty());
    let js = send(anonymous.get(app.url("/assets/app/casebook.js"))).await;
    assert_eq!((js.status.as_u16(), js.header("content-type")), (200, "text/javascript"));

    // Test-only and documentation files exist on disk but are not served.
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/vendor");
    for (file, url) in [("axe-core/axe.min.js", "/assets/vendor/axe-core/axe.min.js"), ("VERSIONS.md", "/assets/vendor/VERSIONS.md")] {
        assert!(assets.join(file).exists(), "{file} should exist, or this check proves nothing");
        let reply = send(anonymous.get(app.url(url))).await;
        assert_eq!(reply.status, 404, "{url} should not be served");
    }
    assert_eq!(send(anonymous.get(app.url("/assets/vendor/no-such.css"))).await.status, 404);
}
