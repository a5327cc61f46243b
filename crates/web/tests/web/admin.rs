//! Administration pages, home pages and the audit page.

use super::*;

// ---------------------------------------------------------------------------
// 5. The administrator's user form
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_user_form_explains_bad_input_and_creates_good_input() {
    let app = spawn_app().await;
    let (admin, csrf) = app.sign_in("administrator").await;
    let token = app.token_for("administrator").await;
    let before = user_count(&app, &token).await;
    let post = |form: Vec<(&'static str, &'static str)>| {
        let mut form: Vec<(&str, &str)> = form;
        form.push(("csrf_token", csrf.as_str()));
        send(admin.post(app.url("/admin/users")).form(&form))
    };

    let empty = vec![("username", ""), ("display_name", ""), ("email", ""), ("grade", ""), ("site", ""), ("password", "")];
    let reply = post(empty).await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["username", "display_name", "grade", "roles"]);
    assert_eq!(user_count(&app, &token).await, before, "nothing is created from a bad form");

    let duplicate =
        vec![("username", "administrator"), ("display_name", "Someone Else"), ("grade", "eo"), ("site", ""), ("roles", "call-handler")];
    let reply = post(duplicate).await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["username"]);
    assert!(reply.text.contains("There is already a user called administrator"), "{}", reply.snippet());
    assert!(reply.text.contains("value=\"Someone Else\""), "what was typed is kept");
    assert_eq!(user_count(&app, &token).await, before);

    let valid = vec![
        ("username", "Amy.Clarke"),
        ("display_name", "Amy Clarke"),
        ("email", "amy.clarke@example.org"),
        ("grade", "eo"),
        ("site", "test-site"),
        ("roles", "call-handler"),
        ("roles", "investigator"),
        ("password", PASSWORD),
    ];
    let reply = post(valid).await;
    assert_eq!(reply.status, 303, "{}", reply.snippet());
    let id: i64 = reply
        .location()
        .strip_prefix("/admin/users/")
        .and_then(|rest| rest.strip_suffix("?notice=user-created"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("unexpected redirect {:?}", reply.location()));
    let request_id = reply.header("x-request-id").to_owned();
    assert_eq!(user_count(&app, &token).await, before + 1);

    let page = send(admin.get(app.url(reply.location()))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("User account created"));
    let user = api_get(&app, &token, &format!("/api/v1/users/{id}")).await.json();
    assert_eq!(user["username"], "amy.clarke", "usernames are stored in lower case");
    assert_eq!(user["roles"], json!(["call-handler", "investigator"]));
    assert_eq!(user["site_id"], 1);

    let (amy, _) = app.sign_in("amy.clarke").await;
    let home = send(amy.get(app.url("/"))).await;
    assert!(home.text.contains("Welcome, Amy Clarke"));

    let audit = api_get(&app, &token, "/api/v1/audit?action=user.created").await;
    assert_eq!(audit.status, 200);
    let events = audit.json()["items"].as_array().expect("items").clone();
    let entity_id = id.to_string();
    let event = events
        .iter()
        .find(|e| e["entity_id"] == entity_id.as_str())
        .unwrap_or_else(|| panic!("no user.created event for {id}: {events:?}"));
    assert_eq!(event["action"], "user.created");
    assert_eq!(event["entity_type"], "user");
    assert_eq!(event["actor"], "administrator");
    assert_eq!(event["request_id"], request_id.as_str(), "the event names the request that made it");
}

// ---------------------------------------------------------------------------
// 6. Users over the API
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// 10. Home pages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_role_has_a_home_page_and_only_administrators_see_users() {
    let app = spawn_app().await;
    let users_link = "class=\"govuk-service-navigation__link\" href=\"/admin/users\"";
    for role in Role::ALL {
        let (browser, _) = app.sign_in(username_for(role)).await;
        let home = send(browser.get(app.url("/"))).await;
        assert_eq!(home.status, 200, "{}", role.slug());
        let name = format!("Test {}", role.label());
        assert!(home.text.contains(&format!("Welcome, {name}")), "{}: no welcome", role.slug());
        assert!(home.text.contains(&format!("Signed in as <strong>{name}</strong>")), "{}: no name in the header", role.slug());
        assert!(home.text.contains(role.description()), "{}: the role is not described", role.slug());
        let admin = role == Role::Administrator;
        assert_eq!(home.text.contains(users_link), admin, "{}: the Users link", role.slug());
        if !admin {
            // Complaint handlers read the procedure in force, which sits with the administration pages.
            let others = home.text.replace("href=\"/admin/complaint-procedure\"", "");
            assert!(!others.contains("href=\"/admin/"), "{}: a link to administration", role.slug());
        }
    }
}

// ---------------------------------------------------------------------------
// 11. The audit trail page
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_audit_page_checks_its_filters_and_the_chain() {
    let app = spawn_app().await;
    let (admin, csrf) = app.sign_in("administrator").await;
    let get = |query: &str| send(admin.get(app.url(&format!("/admin/audit{query}"))));

    let reply = get("?from=not-a-date").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["from"]);
    assert!(reply.text.contains("Enter a real date"));
    let reply = get("?from=2026-01-01&to=2026-13-01").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["to"]);

    let reply = get("?actor=nobody").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["actor"]);
    assert!(reply.text.contains("There is no user called nobody"));

    // The fixture's users were created by the system; the administrator now creates a site.
    let site =
        [("csrf_token", csrf.as_str()), ("code", "YORK"), ("name", "York office"), ("kind", "pcc-office"), ("nation", "england-and-wales")];
    let created = send(admin.post(app.url("/admin/sites")).form(&site)).await;
    assert_eq!(created.status, 303, "{}", created.snippet());
    let reply = get("?actor=administrator").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text.contains("<code>site.created</code>"), "the administrator's change is listed");
    assert!(!reply.text.contains("<code>user.created</code>"), "the filter keeps other people's events out");
    let reply = get("?action=user.created").await;
    assert_eq!(reply.text.matches("<code>user.created</code>").count(), Role::ALL.len(), "one per fixture user");

    let reply = get("?verify=1").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text.contains("The audit trail is intact"), "{}", reply.snippet());
}
