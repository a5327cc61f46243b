//! The web crate's integration tests: a real server on a random port over a
//! fresh database (SQLite, or PostgreSQL with `CASEBOOK_TEST_DATABASE_URL`),
//! driven over HTTP like a browser (session cookie and CSRF token) or an API
//! client (bearer token). Each role signs in once per test: argon2 is slow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod admin;
mod api;
mod complaint_admin;
mod complaint_response; // extensions, response and letters (issue 4)
mod complaint_response_forms; // bad input on every form of the response page
// Complaint reports (issue 4)
mod complaint_reports;
// Complaints at scale: the breach sweep (issue 4)
mod aftercare_forms; // the step forms of those pages: payments, lessons, findings, ending correspondence
mod aftercare_pages; // pages for complaints after the response (issue 4)
mod certification; // certification of officers complained about (issue 4)
mod complaint_aftercare;
mod complaint_scale;
mod complaints;
mod contacts;
mod frequent_callers;
mod people;
mod safeguarding;
mod security;
mod telephony;
mod triage;
mod walk;

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
    // A live stream never ends: its headers are the answer.
    let streaming = headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
    let text = if streaming { String::new() } else { response.text().await.expect("a readable body") };
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
    send(browser.post(app.url("/sign-in")).form(&[
        ("csrf_token", token.as_str()),
        ("username", username),
        ("password", password),
        ("next", next),
    ]))
    .await
}

async fn user_count(app: &TestApp, token: &str) -> usize {
    let reply = api_get(app, token, "/api/v1/users").await;
    assert_eq!(reply.status, 200);
    reply.json()["items"].as_array().expect("items").len()
}
