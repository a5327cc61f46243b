//! The web crate's integration tests: a real server on a random port over a
//! fresh database (SQLite, or PostgreSQL with `CASEBOOK_TEST_DATABASE_URL`),
//! driven over HTTP like a browser (session cookie and CSRF token) or an API
//! client (bearer token). Each role signs in once per test: argon2 is slow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_domain::access::{Role, Roles};
use casebook_web::routes::{self, RouteSpec};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use support::{PASSWORD, TestApp, client, csrf_from, spawn_app, username_for};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A response read in full, so assertions can show the body.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    fn location(&self) -> &str {
        self.header("location")
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The `Set-Cookie` headers, for checking what the server gave the browser.
    fn set_cookies(&self) -> Vec<&str> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect()
    }

    fn snippet(&self) -> String {
        self.text.chars().take(300).collect()
    }
}

async fn send(request: RequestBuilder) -> Reply {
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a readable body");
    Reply { status, headers, text }
}

fn bearer(app: &TestApp, token: &str, method: Method, path: &str) -> RequestBuilder {
    client().request(method, app.url(path)).bearer_auth(token)
}

async fn api_get(app: &TestApp, token: &str, path: &str) -> Reply {
    send(bearer(app, token, Method::GET, path)).await
}

async fn api_send(app: &TestApp, token: &str, method: Method, path: &str, body: &Value) -> Reply {
    send(bearer(app, token, method, path).json(body)).await
}

/// Asserts an RFC 9457 problem with `status`, carrying the response's request id.
fn assert_problem(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status, status, "body: {}", reply.text);
    assert!(reply.header("content-type").starts_with("application/problem+json"), "content type {:?}", reply.header("content-type"));
    let problem = reply.json();
    assert_eq!(problem["status"], status, "{problem}");
    assert_eq!(problem["type"], "about:blank", "{problem}");
    assert!(problem["title"].as_str().is_some_and(|t| !t.is_empty()), "{problem}");
    assert!(problem["detail"].is_string(), "{problem}");
    assert_eq!(problem["request_id"].as_str(), Some(reply.header("x-request-id")), "{problem}");
    problem
}

/// The fields a 422 problem names, in order; each must come with a message.
fn problem_fields(reply: &Reply) -> Vec<String> {
    let problem = assert_problem(reply, 422);
    let errors = problem["errors"].as_array().unwrap_or_else(|| panic!("no errors list: {problem}"));
    errors
        .iter()
        .map(|e| {
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "an error without a message: {e}");
            e["field"].as_str().expect("a field name").to_owned()
        })
        .collect()
}

/// The targets of a GOV.UK error summary's links (without `#`), checking the
/// page is marked as an error page and that every link lands on a field.
fn summary_links(reply: &Reply) -> Vec<String> {
    let html = &reply.text;
    assert!(html.contains("There is a problem"), "no error summary: {}", reply.snippet());
    assert!(html.contains("<title>Error: "), "the title should start with \"Error: \"");
    let list = html.split("govuk-error-summary__list").nth(1).expect("an error summary list");
    let list = list.split("</ul>").next().unwrap_or_default();
    let links: Vec<String> = list.split("<a href=\"#").skip(1).map(|s| s.split('"').next().unwrap_or_default().to_owned()).collect();
    for id in &links {
        assert!(html.contains(&format!("id=\"{id}\"")), "the error summary links to #{id}, which is not on the page");
    }
    links
}

async fn sign_in_attempt(app: &TestApp, browser: &Client, username: &str, password: &str, next: &str) -> Reply {
    let form = send(browser.get(app.url("/sign-in"))).await;
    let token = csrf_from(&form.text);
    send(browser.post(app.url("/sign-in")).form(&[("csrf_token", token.as_str()), ("username", username), ("password", password), ("next", next)])).await
}

// ---------------------------------------------------------------------------
// 1. The role walk
// ---------------------------------------------------------------------------

/// Sample values for path parameters; a new parameter must be added here.
fn sample_path(pattern: &str) -> String {
    let path = pattern
        .replace("{id}", "1")
        .replace("{closure_id}", "1")
        .replace("{division}", "england-and-wales")
        .replace("{*path}", "app/casebook.js");
    assert!(!path.contains('{'), "the walk has no sample value for a parameter of {pattern}");
    path
}

fn method_of(spec: &RouteSpec) -> Method {
    match spec.method {
        "get" => Method::GET,
        "post" => Method::POST,
        "put" => Method::PUT,
        "delete" => Method::DELETE,
        other => panic!("the walk does not know the method {other} of {}", spec.path),
    }
}

fn is_public(spec: &RouteSpec) -> bool {
    spec.access.allows(None).is_ok()
}

struct Caller {
    role: Role,
    session: Client,
    csrf: String,
    token: String,
}

/// The request a caller makes: bearer token for the API, session and CSRF token for pages.
fn request_as(app: &TestApp, spec: &RouteSpec, path: &str, caller: &Caller) -> RequestBuilder {
    let method = method_of(spec);
    if path.starts_with("/api/") {
        return bearer(app, &caller.token, method, path);
    }
    let request = caller.session.request(method.clone(), app.url(path));
    if method == Method::GET { request } else { request.form(&[("csrf_token", caller.csrf.as_str())]) }
}

/// What is wrong with a signed-in caller's reply, if anything.
fn judge(api: bool, allowed: bool, reply: &Reply) -> Option<String> {
    if reply.header("x-request-id").is_empty() {
        return Some("no x-request-id header".into());
    }
    let status = reply.status.as_u16();
    if !allowed {
        if status != 403 {
            return Some(format!("should be refused with 403, got {status}: {}", reply.snippet()));
        }
        let content_type = reply.header("content-type");
        let (wanted_type, wanted_text, what) = if api {
            ("application/problem+json", "\"status\":403", "a problem object")
        } else {
            ("text/html", "You do not have access to this page", "the access page")
        };
        let right = content_type.starts_with(wanted_type) && reply.text.contains(wanted_text);
        return (!right).then(|| format!("403 should be {what}, got {content_type}: {}", reply.snippet()));
    }
    if matches!(status, 401 | 403 | 405) || status >= 500 {
        return Some(format!("should be let through, got {status}: {}", reply.snippet()));
    }
    if !api && status == 303 && reply.location().starts_with("/sign-in?") {
        return Some(format!("should be let through, was sent to {}", reply.location()));
    }
    None
}

/// What is wrong with an anonymous caller's reply to a non-public route, if anything.
fn judge_anonymous(api: bool, path: &str, reply: &Reply) -> Option<String> {
    let status = reply.status.as_u16();
    if api {
        let ok = status == 401 && reply.header("www-authenticate") == "Bearer" && reply.header("content-type").starts_with("application/problem+json");
        return (!ok).then(|| format!("should be 401 with WWW-Authenticate: Bearer, got {status} {:?}: {}", reply.header("www-authenticate"), reply.snippet()));
    }
    let wanted = format!("/sign-in?next={path}");
    (status != 303 || reply.location() != wanted).then(|| format!("should be 303 to {wanted}, got {status} to {:?}", reply.location()))
}

#[tokio::test]
async fn every_route_admits_exactly_the_roles_the_table_declares() {
    let app = spawn_app().await;
    let mut callers = Vec::new();
    for role in Role::ALL {
        let (session, csrf) = app.sign_in(username_for(role)).await;
        let token = app.token_for(username_for(role)).await;
        callers.push(Caller { role, session, csrf, token });
    }
    // An anonymous browser holding the sign-in form's token, so its posts get past CSRF to the guard.
    let anonymous = client();
    let anonymous_csrf = csrf_from(&send(anonymous.get(app.url("/sign-in"))).await.text);

    let mut table = routes::table();
    // Signing out ends the walking sessions, so it comes last.
    table.sort_by_key(|spec| spec.path == "/sign-out");

    let mut mismatches = Vec::new();
    let mut calls = 0;
    for spec in &table {
        let path = sample_path(spec.path);
        let api = path.starts_with("/api/");
        let name = format!("{} {}", spec.method.to_uppercase(), spec.path);
        for caller in &callers {
            let allowed = spec.access.admits(Roles::of(&[caller.role]));
            let reply = send(request_as(&app, spec, &path, caller)).await;
            calls += 1;
            if let Some(problem) = judge(api, allowed, &reply) {
                mismatches.push(format!("{name} as {}: {problem}", caller.role.slug()));
            }
        }
        let request = match (api, spec.method) {
            // An API client without a token has no cookies either.
            (true, _) => client().request(method_of(spec), app.url(&path)),
            (false, "get") => anonymous.get(app.url(&path)),
            (false, _) => anonymous.request(method_of(spec), app.url(&path)).form(&[("csrf_token", anonymous_csrf.as_str())]),
        };
        let reply = send(request).await;
        calls += 1;
        let problem = if is_public(spec) { judge(api, true, &reply) } else { judge_anonymous(api, &path, &reply) };
        if let Some(problem) = problem {
            mismatches.push(format!("{name} anonymously: {problem}"));
        }
    }
    assert_eq!(calls, table.len() * (Role::ALL.len() + 1));
    assert!(mismatches.is_empty(), "{} of {calls} calls answered wrongly:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// The table itself, checked against what Casebook promises, independently of the guard.
#[test]
fn the_route_table_keeps_administration_to_administrators_and_little_public() {
    let table = routes::table();
    let mut public: Vec<String> = table.iter().filter(|s| is_public(s)).map(|s| format!("{} {}", s.method, s.path)).collect();
    public.sort();
    let expected = [
        "get /accessibility",
        "get /api/v1/openapi.json",
        "get /assets/{*path}",
        "get /healthz",
        "get /metrics",
        "get /readyz",
        "get /sign-in",
        "post /sign-in",
    ];
    assert_eq!(public, expected, "the public routes changed");

    let mut seen = std::collections::HashSet::new();
    for spec in &table {
        assert!(seen.insert((spec.method, spec.path)), "{} {} is declared twice", spec.method, spec.path);
        let admin_only = spec.path.starts_with("/admin/") || (spec.path.starts_with("/api/") && spec.method != "get") || spec.path.starts_with("/api/v1/users") || spec.path == "/api/v1/audit";
        if admin_only {
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, role == Role::Administrator, "{} {} as {}", spec.method, spec.path, role.slug());
            }
        } else if !is_public(spec) {
            assert!(spec.access.admits(Roles::NONE), "{} {} should be open to anyone signed in", spec.method, spec.path);
        }
    }
}

// ---------------------------------------------------------------------------
// 2. The OpenAPI document
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let reply = send(client().get(app.url("/api/v1/openapi.json"))).await;
    assert_eq!(reply.status, 200);
    assert!(reply.header("content-type").starts_with("application/json"));
    let doc = reply.json();
    let version = doc["openapi"].as_str().expect("an openapi version");
    assert!(version.starts_with("3."), "OpenAPI {version}");
    assert_eq!(doc["info"]["title"], "Casebook API");
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");

    let paths = doc["paths"].as_object().expect("paths");
    let mut missing = Vec::new();
    let mut described = 0;
    for spec in routes::table() {
        if !spec.path.starts_with("/api/v1/") || spec.path == "/api/v1/openapi.json" {
            continue;
        }
        described += 1;
        if paths.get(spec.path).and_then(|ops| ops.get(spec.method)).is_none() {
            missing.push(format!("{} {}", spec.method, spec.path));
        }
    }
    assert!(described >= 14, "only {described} API routes in the table");
    assert!(missing.is_empty(), "not in the OpenAPI document: {missing:?}");
    // And nothing documented that the server does not serve.
    let table = routes::table();
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            assert!(table.iter().any(|s| s.path == path && s.method == method), "documented but not routed: {method} {path}");
        }
    }
}

// ---------------------------------------------------------------------------
// 3. CSRF
// ---------------------------------------------------------------------------

#[tokio::test]
async fn state_changing_forms_need_the_session_token_from_our_own_site() {
    let app = spawn_app().await;
    let (browser, csrf) = app.sign_in(username_for(Role::CallHandler)).await;
    let url = app.url("/account/password");
    let fields = [("current_password", ""), ("new_password", ""), ("confirm_password", "")];
    let with_token = |token: &str| {
        let mut form: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        form.push(("csrf_token", token.to_owned()));
        form
    };
    let refused = |reply: &Reply, case: &str| {
        assert_eq!(reply.status, 403, "{case}: {}", reply.snippet());
        assert!(reply.text.contains("Your form could not be sent"), "{case}: {}", reply.snippet());
    };

    refused(&send(browser.post(&url).form(&fields)).await, "no token");
    refused(&send(browser.post(&url).form(&with_token("not-the-token"))).await, "wrong token");
    refused(&send(browser.post(&url).form(&with_token(""))).await, "empty token");
    refused(&send(browser.post(&url).header("sec-fetch-site", "cross-site").form(&with_token(&csrf))).await, "cross-site");
    refused(&send(browser.post(&url).header("origin", "https://evil.example").form(&with_token(&csrf))).await, "foreign origin");
    refused(&send(browser.post(&url).header("x-csrf-token", "not-the-token").form(&fields)).await, "wrong header token");

    // The right token, in the form or in the header, gets the form processed (here: rejected as empty).
    for reply in [
        send(browser.post(&url).header("sec-fetch-site", "same-origin").form(&with_token(&csrf))).await,
        send(browser.post(&url).header("x-csrf-token", &csrf).form(&fields)).await,
    ] {
        assert_eq!(reply.status, 422, "{}", reply.snippet());
        assert_eq!(summary_links(&reply), ["current_password", "new_password"]);
    }

    // The JSON API with a session cookie needs the token too, in the header.
    let reply = send(browser.post(app.url("/api/v1/sites")).json(&json!({}))).await;
    assert_eq!(assert_problem(&reply, 403)["title"], "Your form could not be sent");
    let reply = send(browser.post(app.url("/api/v1/sites")).header("x-csrf-token", &csrf).json(&json!({}))).await;
    assert_eq!(assert_problem(&reply, 403)["title"], "You do not have access to this page", "past CSRF, a call handler is refused by role");

    // Signing in needs the token of the short-lived pre-session cookie.
    let stranger = client();
    let form = [("csrf_token", "made-up"), ("username", "call-handler"), ("password", PASSWORD), ("next", "/")];
    let reply = send(stranger.post(app.url("/sign-in")).form(&form)).await;
    assert_eq!(reply.status, 403, "sign-in without the pre-session cookie: {}", reply.snippet());
    let _ = send(stranger.get(app.url("/sign-in"))).await;
    let reply = send(stranger.post(app.url("/sign-in")).form(&form)).await;
    assert_eq!(reply.status, 403, "sign-in with a token that is not the cookie's: {}", reply.snippet());
    assert!(reply.set_cookies().iter().all(|c| !c.starts_with("casebook_session=")));
}

#[tokio::test]
async fn an_authorization_header_that_is_not_a_bearer_token_does_not_switch_off_csrf() {
    let app = spawn_app().await;
    let (admin, _csrf) = app.sign_in("administrator").await;
    let token = app.token_for("administrator").await;
    let before = user_count(&app, &token).await;
    let mut answers = Vec::new();
    for (i, authorization) in ["Basic dXNlcjpwYXNz", "bearer made-up", "Negotiate abc"].into_iter().enumerate() {
        let username = format!("forged{i}");
        let form = [("username", username.as_str()), ("display_name", "Forged"), ("grade", "eo"), ("roles", "administrator")];
        let reply = send(admin.post(app.url("/admin/users")).header("authorization", authorization).header("sec-fetch-site", "cross-site").form(&form)).await;
        if reply.status != 403 {
            answers.push(format!("Authorization: {authorization} -> {} {}", reply.status, reply.location()));
        }
    }
    assert!(answers.is_empty(), "forged cross-site posts were processed ({} users created):\n{}", user_count(&app, &token).await - before, answers.join("\n"));
}

// ---------------------------------------------------------------------------
// 4. Signing in and out
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_password_is_refused_without_a_session() {
    let app = spawn_app().await;
    let browser = client();
    let reply = sign_in_attempt(&app, &browser, "investigator", "not the password", "/").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["username"]);
    assert!(reply.text.contains("Enter a correct username and password"));
    assert!(reply.text.contains("value=\"investigator\""), "the username is kept in the form");
    assert!(reply.set_cookies().iter().all(|c| !c.starts_with("casebook_session=")), "{:?}", reply.set_cookies());
    let home = send(browser.get(app.url("/"))).await;
    assert_eq!((home.status.as_u16(), home.location()), (303, "/sign-in?next=/"));

    // An unknown user reads exactly the same.
    let reply = sign_in_attempt(&app, &client(), "nobody-at-all", "not the password", "/").await;
    assert_eq!(reply.status, 422);
    assert!(reply.text.contains("Enter a correct username and password"));

    // Empty fields are named one by one.
    let reply = sign_in_attempt(&app, &client(), "", "", "/").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["username", "password"]);
}

#[tokio::test]
async fn repeated_failures_pause_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    let browser = client();
    for attempt in 1..=5 {
        let reply = sign_in_attempt(&app, &browser, "manager", "wrong password", "/").await;
        assert_eq!(reply.status, 422, "attempt {attempt}");
        assert!(reply.text.contains("Enter a correct username and password"), "attempt {attempt}");
    }
    let reply = sign_in_attempt(&app, &browser, "manager", PASSWORD, "/").await;
    assert_eq!(reply.status, 422, "{}", reply.snippet());
    assert_eq!(summary_links(&reply), ["username"]);
    assert!(reply.text.contains("Too many failed attempts"), "{}", reply.snippet());
    assert!(reply.set_cookies().iter().all(|c| !c.starts_with("casebook_session=")));
    // Other people are not affected.
    let (_, _) = app.sign_in("investigator").await;
}

#[tokio::test]
async fn after_sign_in_only_local_paths_are_followed() {
    let app = spawn_app().await;
    let form = send(client().get(app.url("/sign-in?next=//evil.example"))).await;
    assert!(form.text.contains("name=\"next\" value=\"/\""), "the form should carry next=/");

    for (next, expected) in [("//evil.example", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("/admin/users", "/admin/users")] {
        let reply = sign_in_attempt(&app, &client(), "administrator", PASSWORD, next).await;
        assert_eq!((reply.status.as_u16(), reply.location()), (303, expected), "next={next}");
    }

    // A page asked for before signing in, query and all, is where signing in leads.
    let browser = client();
    let asked = send(browser.get(app.url("/admin/audit?action=user"))).await;
    assert_eq!((asked.status.as_u16(), asked.location()), (303, "/sign-in?next=/admin/audit%3Faction%3Duser"));
    let form = send(browser.get(app.url(asked.location()))).await;
    assert!(form.text.contains("name=\"next\" value=\"/admin/audit?action=user\""), "the form should carry the page asked for");
    let reply = sign_in_attempt(&app, &browser, "administrator", PASSWORD, "/admin/audit?action=user").await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, "/admin/audit?action=user"));
}

#[tokio::test]
async fn after_sign_in_paths_with_control_characters_are_not_followed() {
    let app = spawn_app().await;
    let mut answers = Vec::new();
    for next in ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example"] {
        let reply = sign_in_attempt(&app, &client(), "administrator", PASSWORD, next).await;
        if (reply.status.as_u16(), reply.location()) != (303, "/") {
            answers.push(format!("next={next:?} -> {} {:?}", reply.status, reply.location()));
        }
        let form = send(client().get(app.url(&format!("/sign-in?next={}", next.replace('\t', "%09").replace('\n', "%0A").replace('\r', "%0D"))))).await;
        if !form.text.contains("name=\"next\" value=\"/\"") {
            answers.push(format!("the sign-in form keeps next={next:?}"));
        }
    }
    assert!(answers.is_empty(), "{}", answers.join("\n"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = client();
    let reply = sign_in_attempt(&app, &browser, "call-handler", PASSWORD, "/").await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, "/"));
    let session = reply.set_cookies().into_iter().find(|c| c.starts_with("casebook_session=")).expect("a session cookie").to_owned();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    let cookie = session.split(';').next().unwrap().to_owned();

    let home = send(browser.get(app.url("/"))).await;
    assert_eq!(home.status, 200);
    let csrf = csrf_from(&home.text);
    let replayed = send(client().get(app.url("/")).header("cookie", &cookie)).await;
    assert_eq!(replayed.status, 200, "the cookie alone is the session");

    // Behind a TLS-terminating proxy the cookies are marked Secure.
    let form = send(client().get(app.url("/sign-in")).header("x-forwarded-proto", "https")).await;
    let pre_session = form.set_cookies().into_iter().find(|c| c.starts_with("casebook_csrf=")).expect("a pre-session cookie").to_owned();
    assert!(pre_session.contains("Secure") && pre_session.contains("HttpOnly"), "{pre_session}");
    assert!(!session.contains("Secure"), "plain HTTP in tests: {session}");

    let out = send(browser.post(app.url("/sign-out")).form(&[("csrf_token", csrf.as_str())])).await;
    assert_eq!((out.status.as_u16(), out.location()), (303, "/sign-in"));
    let home = send(browser.get(app.url("/"))).await;
    assert_eq!((home.status.as_u16(), home.location()), (303, "/sign-in?next=/"));
    let replayed = send(client().get(app.url("/")).header("cookie", &cookie)).await;
    assert_eq!((replayed.status.as_u16(), replayed.location()), (303, "/sign-in?next=/"), "a copied cookie must not outlive sign-out");
}

// ---------------------------------------------------------------------------
// 5. The administrator's user form
// ---------------------------------------------------------------------------

async fn user_count(app: &TestApp, token: &str) -> usize {
    let reply = api_get(app, token, "/api/v1/users").await;
    assert_eq!(reply.status, 200);
    reply.json()["items"].as_array().expect("items").len()
}

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

    let duplicate = vec![("username", "administrator"), ("display_name", "Someone Else"), ("grade", "eo"), ("site", ""), ("roles", "call-handler")];
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
    let event = events.iter().find(|e| e["entity_id"] == entity_id.as_str()).unwrap_or_else(|| panic!("no user.created event for {id}: {events:?}"));
    assert_eq!(event["action"], "user.created");
    assert_eq!(event["entity_type"], "user");
    assert_eq!(event["actor"], "administrator");
    assert_eq!(event["request_id"], request_id.as_str(), "the event names the request that made it");
}

// ---------------------------------------------------------------------------
// 6. Users over the API
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_users_api_validates_and_detects_stale_edits() {
    let app = spawn_app().await;
    let token = app.token_for("administrator").await;

    let reply = send(bearer(&app, &token, Method::POST, "/api/v1/users").header("content-type", "application/json").body("{\"username\": ")).await;
    assert_problem(&reply, 400);
    let reply = send(bearer(&app, &token, Method::POST, "/api/v1/users").body("username=x")).await;
    assert_problem(&reply, 400);

    let invalid = json!({"username": "new.person", "display_name": "New Person", "grade": "captain", "roles": ["wizard"]});
    let reply = api_send(&app, &token, Method::POST, "/api/v1/users", &invalid).await;
    assert_eq!(problem_fields(&reply), ["grade", "roles"]);
    let reply = api_send(&app, &token, Method::POST, "/api/v1/users", &json!({"username": "new.person", "display_name": "New Person", "grade": "eo", "roles": []})).await;
    assert_eq!(problem_fields(&reply), ["roles"]);

    let reply = api_send(&app, &token, Method::POST, "/api/v1/users", &json!({"username": "pat.jones", "display_name": "Pat Jones", "grade": "eo", "roles": ["investigator"]})).await;
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
    let demote = json!({"display_name": me["display_name"], "grade": me["grade"], "roles": ["manager"], "active": false, "version": me["version"]});
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

    let reply = api_send(&app, &token, Method::POST, "/api/v1/sites", &json!({"code": "CARDIFF", "name": "Cardiff", "kind": "contact-centre", "nation": "wales"})).await;
    assert_eq!(problem_fields(&reply), ["nation"]);
    let reply = api_send(&app, &token, Method::POST, "/api/v1/sites", &json!({"code": "leeds-cc", "name": "Leeds again", "kind": "contact-centre", "nation": "scotland"})).await;
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
    assert_eq!((day["site_id"].as_i64(), day["closed_on"].as_str(), day["reason"].as_str()), (Some(id), Some("2026-06-10"), Some("Office move")));
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
    assert!(metrics.text.lines().any(|l| l.starts_with("casebook_http_requests_total{") && l.contains("route=\"/healthz\"") && l.contains("status=\"200\"")), "no count for /healthz");

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
            assert!(!home.text.contains("href=\"/admin/"), "{}: a link to administration", role.slug());
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
    let site = [("csrf_token", csrf.as_str()), ("code", "YORK"), ("name", "York office"), ("kind", "pcc-office"), ("nation", "england-and-wales")];
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
