//! Complaints after the response as pages (issue 4): the ex-gratia register
//! and its CSV, the lessons-learned log with its progress form, officers at
//! the threshold and an officer's certification forms, and a complaint's
//! aftercare section. Each page admits its roles and refuses the others;
//! each form re-renders a refusal with an error summary naming the field
//! and saves nothing.

use super::*;

pub(super) fn today() -> jiff::civil::Date {
    casebook_domain::calendar::london_date(jiff::Timestamp::now())
}

/// A complaint received through the API, triaged as `category`.
pub(super) async fn complaint(app: &TestApp, clerk: &str, category: &str) -> i64 {
    let body = json!({"given": "Ada", "family": "Obi", "date_of_birth": "1990-01-02"});
    let person = api_send(app, clerk, Method::POST, "/api/v1/persons", &body).await.json()["id"].as_i64().unwrap();
    let receipt = json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1",
        "setting": "removal-centre", "complainant_ids": [person.to_string()], "incident_date": "2026-02-20",
        "summary": "My property was lost on transfer."});
    let id = api_send(app, clerk, Method::POST, "/api/v1/complaints", &receipt).await.json()["id"].as_i64().unwrap();
    let reply = api_send(app, clerk, Method::POST, &format!("/api/v1/complaints/{id}/triage"), &json!({"category": category})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    id
}

pub(super) async fn post_form(app: &TestApp, browser: &Client, csrf: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf_token", csrf)];
    all.extend_from_slice(fields);
    send(browser.post(app.url(path)).form(&all)).await
}

/// A signed-in browser for every role a person can hold (argon2 is slow: once each).
pub(super) async fn browsers(app: &TestApp) -> Vec<(Role, Client)> {
    let mut all = Vec::new();
    for role in Role::ALL.into_iter().filter(|r| *r != Role::TelephonyPlatform) {
        all.push((role, app.sign_in(username_for(role)).await.0));
    }
    all
}

/// Every role other than `allowed` is refused the page; anonymous visitors are sent to sign in.
pub(super) async fn only(app: &TestApp, browsers: &[(Role, Client)], path: &str, allowed: &[Role]) {
    for (role, browser) in browsers {
        let reply = send(browser.get(app.url(path))).await;
        let expected = if allowed.contains(role) { 200 } else { 403 };
        assert_eq!(reply.status, expected, "{path} as {}: {}", role.slug(), reply.snippet());
    }
    let anonymous = send(client().get(app.url(path))).await;
    assert_eq!(anonymous.status, 303, "{path} anonymous");
    assert!(anonymous.location().starts_with("/sign-in?next="), "{}", anonymous.location());
}

pub(super) const HANDLERS: [Role; 3] = [Role::ComplianceOfficer, Role::SeniorReviewer, Role::Manager];

#[tokio::test]
async fn the_report_pages_admit_complaint_handlers_only() {
    let app = spawn_app().await;
    let browsers = browsers(&app).await;
    for path in ["/reports/ex-gratia", "/reports/ex-gratia.csv", "/reports/lessons", "/reports/officers"] {
        only(&app, &browsers, path, &HANDLERS).await;
    }
    let clerk = app.token_for("compliance-officer").await;
    let reply = api_send(
        &app,
        &clerk,
        Method::POST,
        "/api/v1/officers",
        &json!({"name": "J. Smith", "identifier": "DCO 1", "employer": "Escorts Ltd"}),
    )
    .await;
    let officer = reply.json()["id"].as_i64().unwrap();
    only(&app, &browsers, &format!("/reports/officers/{officer}"), &HANDLERS).await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    only(
        &app,
        &browsers,
        &format!("/complaints/{id}/aftercare"),
        &[Role::ComplianceOfficer, Role::SeniorReviewer, Role::Manager, Role::Investigator],
    )
    .await;
    // The navigation offers the registers to handlers, not to investigators.
    let browser = |r: Role| browsers.iter().find(|(role, _)| *role == r).map(|(_, b)| b.clone()).unwrap();
    let home = send(browser(Role::ComplianceOfficer).get(app.url("/"))).await;
    assert!(home.text.contains("href=\"/reports/ex-gratia\""), "{}", home.snippet());
    let home = send(browser(Role::Investigator).get(app.url("/"))).await;
    assert!(!home.text.contains("href=\"/reports/ex-gratia\""));
}

#[tokio::test]
async fn an_ex_gratia_payment_proposed_on_the_complaint_page_reaches_the_register_and_its_csv() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let page = send(browser.get(app.url(&format!("/complaints/{id}")))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("After the response") && page.text.contains(&format!("/complaints/{id}/aftercare/ex-gratia")));

    let path = format!("/complaints/{id}/aftercare/ex-gratia");
    let bad = post_form(
        &app,
        &browser,
        &csrf,
        &path,
        &[("ex_gratia-kind", "financial"), ("ex_gratia-amount", "lots"), ("ex_gratia-rationale", "Lost bag")],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["ex_gratia-amount"]);
    assert!(bad.text.contains("value=\"Lost bag\""), "the answers are kept");
    let bad = post_form(&app, &browser, &csrf, &path, &[("ex_gratia-kind", ""), ("ex_gratia-amount", "1")]).await;
    assert_eq!(summary_links(&bad), ["ex_gratia-kind"]);
    let register = send(browser.get(app.url("/reports/ex-gratia"))).await;
    assert!(register.text.contains("No ex-gratia payments recorded"), "refusals saved nothing");

    let good = post_form(
        &app,
        &browser,
        &csrf,
        &path,
        &[("ex_gratia-kind", "financial"), ("ex_gratia-amount", "£1,150.50"), ("ex_gratia-rationale", "Lost bag")],
    )
    .await;
    assert_eq!((good.status.as_u16(), good.location()), (303, format!("/complaints/{id}/aftercare?notice=recorded").as_str()));
    let pid = api_get(&app, &clerk, "/api/v1/ex-gratia").await.json()["items"][0]["id"].as_i64().unwrap();
    let on = today().to_string();
    for step in
        [json!({"step": "offer", "on": on}), json!({"step": "accept", "on": on}), json!({"step": "pay", "on": on, "reference": "BACS-1"})]
    {
        let reply = api_send(&app, &clerk, Method::POST, &format!("/api/v1/ex-gratia/{pid}/steps"), &step).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    let register = send(browser.get(app.url("/reports/ex-gratia"))).await;
    assert_eq!(register.status, 200);
    assert!(
        register.text.contains("£1,150.50")
            && register.text.contains("Test site")
            && register.text.contains(&today().strftime("%Y-%m").to_string())
    );
    let csv = send(browser.get(app.url("/reports/ex-gratia.csv"))).await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let mut lines = csv.text.lines();
    assert!(lines.next().unwrap().starts_with("Payment,Complaint,Site,Kind"));
    let row = lines.next().unwrap();
    assert!(row.contains("£1,150.50") && row.contains(",paid,") && row.contains("Lost bag"), "{row}");
}

#[tokio::test]
async fn escalations_lessons_and_officers_are_recorded_from_the_complaint_page() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let id = complaint(&app, &clerk, "service-delivery").await;
    let (browser, csrf) = app.sign_in("compliance-officer").await;
    let base = format!("/complaints/{id}/aftercare");

    // An escalation before any response is refused, naming a field on the form.
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        &format!("{base}/escalation"),
        &[("escalation-step", "escalate"), ("escalation-body", "prisons-and-probation-ombudsman"), ("escalation-on", "soon")],
    )
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["escalation-on"]);
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        &format!("{base}/escalation"),
        &[("escalation-step", "escalate"), ("escalation-body", "prisons-and-probation-ombudsman"), ("escalation-on", &today().to_string())],
    )
    .await;
    assert_eq!(reply.status, 422, "no response yet");
    assert_eq!(summary_links(&reply).len(), 1);
    assert_eq!(api_get(&app, &clerk, &format!("/api/v1/complaints/{id}/escalations")).await.json()["escalations"], json!([]));

    // A lesson: a past due date is refused; then raised, and progress recorded on the log.
    let owner = api_get(&app, &clerk, "/api/v1/me").await.json()["user"]["id"].as_i64().unwrap().to_string();
    let past = today().yesterday().unwrap().to_string();
    let due = today().tomorrow().unwrap().to_string();
    let lesson = |due: &str| {
        vec![
            ("lesson-source", "complaint".to_owned()),
            ("lesson-description", "Check property at transfer".to_owned()),
            ("lesson-owner", owner.clone()),
            ("lesson-due", due.to_owned()),
        ]
    };
    let fields = lesson(&past);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = post_form(&app, &browser, &csrf, &format!("{base}/lesson"), &fields).await;
    assert_eq!(summary_links(&reply), ["lesson-due"]);
    let fields = lesson(&due);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&app, &browser, &csrf, &format!("{base}/lesson"), &fields).await.status, 303);
    let log = send(browser.get(app.url("/reports/lessons"))).await;
    assert!(log.text.contains("Check property at transfer") && log.text.contains(&due), "{}", log.snippet());
    let aid = api_get(&app, &clerk, "/api/v1/lessons").await.json()["items"][0]["action"]["id"].as_i64().unwrap().to_string();
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        "/reports/lessons/progress",
        &[("progress-action", &aid), ("progress-step", "progress"), ("progress-note", "")],
    )
    .await;
    assert_eq!(summary_links(&reply), ["progress-note"]);
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        "/reports/lessons/progress",
        &[("progress-action", "x"), ("progress-step", "progress"), ("progress-note", "n")],
    )
    .await;
    assert_eq!(summary_links(&reply), ["progress-action"]);
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        "/reports/lessons/progress",
        &[("progress-action", &aid), ("progress-step", "progress"), ("progress-note", "Checklist drafted")],
    )
    .await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, "/reports/lessons?notice=recorded"));
    let log = send(browser.get(app.url("/reports/lessons"))).await;
    assert!(log.text.contains("Checklist drafted"));

    // An officer: added on the officers page (a blank name refused), then named on the complaint.
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        "/reports/officers",
        &[("officer-name", ""), ("officer-identifier", "DCO 7"), ("officer-employer", "Escorts Ltd")],
    )
    .await;
    assert_eq!(summary_links(&reply), ["officer-name"]);
    assert!(api_get(&app, &clerk, "/api/v1/officers").await.json()["items"].as_array().unwrap().is_empty());
    let reply = post_form(
        &app,
        &browser,
        &csrf,
        "/reports/officers",
        &[("officer-name", "J. Smith"), ("officer-identifier", "DCO 7"), ("officer-employer", "Escorts Ltd")],
    )
    .await;
    assert_eq!(reply.status, 303, "{}", reply.snippet());
    let officer = reply.location().trim_start_matches("/reports/officers/").split('?').next().unwrap().to_owned();
    let reply = post_form(&app, &browser, &csrf, &format!("{base}/officer"), &[("officer-officer", "")]).await;
    assert_eq!(summary_links(&reply), ["officer-officer"]);
    assert_eq!(post_form(&app, &browser, &csrf, &format!("{base}/officer"), &[("officer-officer", &officer)]).await.status, 303);
    let page = send(browser.get(app.url(&base))).await;
    assert!(page.text.contains("J. Smith, DCO 7, Escorts Ltd: no finding yet"), "{}", page.text);

    // Investigators read the section but are refused its forms.
    let (investigator, icsrf) = app.sign_in("investigator").await;
    let page = send(investigator.get(app.url(&base))).await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("aftercare/lesson"));
    assert_eq!(post_form(&app, &investigator, &icsrf, &format!("{base}/lesson"), &fields).await.status, 403);
}

#[tokio::test]
async fn an_officers_certification_is_suspended_appealed_and_recommended_on_the_officer_page() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let reply = api_send(
        &app,
        &clerk,
        Method::POST,
        "/api/v1/officers",
        &json!({"name": "J. Smith", "identifier": "DCO 9", "employer": "Escorts Ltd"}),
    )
    .await;
    let officer = reply.json()["id"].as_i64().unwrap();
    let id = complaint(&app, &clerk, "serious-misconduct").await;
    let named =
        api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/officers"), &json!({"officer": officer.to_string()})).await;
    assert_eq!(named.status, 200);
    let base = format!("/reports/officers/{officer}");
    let on = today().to_string();
    let cid = id.to_string();

    let (clerk_browser, clerk_csrf) = app.sign_in("compliance-officer").await;
    let page = send(clerk_browser.get(app.url(&base))).await;
    assert!(
        page.text.contains("Record an appeal") && !page.text.contains("Suspend certification"),
        "managers alone see the deciding forms"
    );
    let suspend = [("suspend-complaint", cid.as_str()), ("suspend-on", on.as_str()), ("suspend-reason", "Assault alleged")];
    assert_eq!(post_form(&app, &clerk_browser, &clerk_csrf, &format!("{base}/suspension"), &suspend).await.status, 403);

    let (manager, csrf) = app.sign_in("manager").await;
    let page = send(manager.get(app.url(&base))).await;
    assert!(page.text.contains("Suspend certification"));
    let reply = post_form(
        &app,
        &manager,
        &csrf,
        &format!("{base}/suspension"),
        &[("suspend-complaint", cid.as_str()), ("suspend-on", on.as_str()), ("suspend-reason", "")],
    )
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["suspend-reason"]);
    let reply = post_form(
        &app,
        &manager,
        &csrf,
        &format!("{base}/appeal"),
        &[("appeal-complaint", cid.as_str()), ("appeal-on", on.as_str()), ("appeal-grounds", "Not me")],
    )
    .await;
    assert_eq!(summary_links(&reply), ["appeal-complaint"], "nothing to appeal yet");
    assert_eq!(api_get(&app, &clerk, &format!("/api/v1/officers/{officer}/certification")).await.json()["cases"], json!([]));

    let reply = post_form(&app, &manager, &csrf, &format!("{base}/suspension"), &suspend).await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, format!("{base}?notice=recorded").as_str()));
    let reply = post_form(
        &app,
        &clerk_browser,
        &clerk_csrf,
        &format!("{base}/appeal"),
        &[("appeal-complaint", cid.as_str()), ("appeal-on", on.as_str()), ("appeal-grounds", "I was not on shift")],
    )
    .await;
    assert_eq!(reply.status, 303);
    let decide = [
        ("decision-complaint", cid.as_str()),
        ("decision-on", on.as_str()),
        ("decision-decision", "dismissed"),
        ("decision-reason", "CCTV"),
    ];
    let reply = post_form(&app, &manager, &csrf, &format!("{base}/appeal-decision"), &decide).await;
    assert_eq!(summary_links(&reply), ["decision-decision"], "the suspender does not decide the appeal");
    let recommend = [
        ("recommend-complaint", cid.as_str()),
        ("recommend-on", on.as_str()),
        ("recommend-finding", "not-substantiated"),
        ("recommend-recommendation", "revoke"),
        ("recommend-reason", "Closed"),
    ];
    let reply = post_form(&app, &manager, &csrf, &format!("{base}/recommendation"), &recommend).await;
    assert_eq!(summary_links(&reply), ["recommend-complaint"], "the appeal is still pending");
    let page = send(manager.get(app.url(&base))).await;
    assert!(page.text.contains("Suspended, appeal pending") && page.text.contains("I was not on shift"), "{}", page.text);
    let over = send(manager.get(app.url("/reports/officers"))).await;
    assert!(over.text.contains("Suspended, appeal pending"));
}
