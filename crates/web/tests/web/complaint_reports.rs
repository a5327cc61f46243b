//! Complaint reports over HTTP (issue 4): the monitoring board's pages and
//! API show exactly what may be shared and nothing of other complaints;
//! the monthly summary as page (chart and table), CSV, XLSX and JSON; the
//! dip sample drawn, checked and a poor response sent back, by page and API.

use super::*;
use casebook_app::complaint_reports::demo::{answer, at};
use casebook_app::complaint_reports::summary::month_or_last;
use casebook_app::complaints::{self as cases, AllocateForm, TriageForm};
use casebook_app::{Actor, accounts, people};
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_domain::complaints::response::Outcome;

/// Last month, as `YYYY-MM`.
fn last_month(app: &TestApp) -> String {
    month_or_last(None, app.app.now()).unwrap().key()
}

/// A complaint at the test site received, logged, allocated and answered
/// three days into last month; answers its id.
async fn answered(app: &TestApp, summary: &str, private: bool, outcome: Outcome) -> i64 {
    let clerk = Actor::user(&accounts::find_by_username(&app.app, "compliance-officer").await.unwrap(), None);
    let reviewer = accounts::find_by_username(&app.app, "senior-reviewer").await.unwrap();
    let investigator = accounts::find_by_username(&app.app, "investigator").await.unwrap();
    let month = month_or_last(None, app.app.now()).unwrap();
    let then = at(&app.app, month.starts_at() + jiff::SignedDuration::from_hours(24 * 3 + 10));
    let person = people::PersonForm { given: "Ada".into(), family: "Obi".into(), date_of_birth: "1990-01-02".into(), ..Default::default() };
    let person = people::create_person(&then, &clerk, &person).await.unwrap().id;
    let draft = ComplaintDraft {
        arrived_by: "complaint-box".into(),
        received_at: (then.now() - jiff::SignedDuration::from_hours(1)).to_string(),
        site_id: "1".into(),
        setting: "removal-centre".into(),
        complainant_ids: vec![person.to_string()],
        incident_date: casebook_domain::calendar::london_date(then.now() - jiff::SignedDuration::from_hours(48)).to_string(),
        summary: summary.into(),
        do_not_share_with_board: private,
        ..ComplaintDraft::default()
    };
    let id = cases::receive(&then, &clerk, &draft, None).await.unwrap().id;
    cases::triage(&then, &clerk, id, &TriageForm { category: "service-delivery".into(), ..TriageForm::default() }).await.unwrap();
    cases::log(&then, &clerk, id).await.unwrap();
    let form =
        AllocateForm { body: "supplier-centre-manager".into(), investigator: investigator.id.to_string(), ..AllocateForm::default() };
    cases::allocate(&then, &clerk, id, &form).await.unwrap();
    answer(&then, &clerk, reviewer.id, id, outcome).await.unwrap();
    id
}

#[tokio::test]
async fn the_board_sees_shared_copies_and_only_date_and_outcome_of_the_rest() {
    let app = spawn_app().await;
    let shared = answered(&app, "The showers were broken for a week.", false, Outcome::Substantiated).await;
    let private = answered(&app, "Something about my family I want kept private.", true, Outcome::NotSubstantiated).await;
    let board = app.token_for("monitoring-board").await;
    let clerk = app.token_for("compliance-officer").await;

    let list = api_get(&app, &board, "/api/v1/board/complaints").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let items = list.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    let restricted = items.iter().find(|i| i["id"] == private).unwrap();
    assert_eq!(restricted["view"].as_object().unwrap().len(), 3, "sharing, response date and outcome only: {restricted}");
    assert_eq!(restricted["view"]["outcome"], "not-substantiated");
    assert!(!list.text.contains("kept private") && !list.text.contains("Ada") && !list.text.contains("Obi"), "{}", list.text);
    let one = api_get(&app, &board, &format!("/api/v1/board/complaints/{shared}")).await;
    assert_eq!(one.json()["view"]["summary"], "The showers were broken for a week.");
    assert_eq!(one.json()["view"]["outcome"], "substantiated");
    assert_problem(&api_get(&app, &board, "/api/v1/board/complaints/999999").await, 404);
    assert_problem(&api_get(&app, &clerk, "/api/v1/board/complaints").await, 403);
    assert_problem(&api_get(&app, &board, &format!("/api/v1/complaints/{private}")).await, 403);

    let (browser, _) = app.sign_in("monitoring-board").await;
    let page = send(browser.get(app.url("/board/complaints"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("The showers") || page.text.contains(&format!("/board/complaints/{shared}")));
    assert!(page.text.contains("Not shared") && !page.text.contains("kept private") && !page.text.contains("Obi"));
    let page = send(browser.get(app.url(&format!("/board/complaints/{private}")))).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Complaint not shared") && page.text.contains("Not substantiated"));
    assert!(!page.text.contains("kept private") && !page.text.contains("TEST-SITE-"), "no reference or text");
    let page = send(browser.get(app.url(&format!("/board/complaints/{shared}")))).await;
    assert!(page.text.contains("The showers were broken for a week."));
    // The board member's navigation offers nothing but its own pages.
    for path in ["/complaints", "/reports/complaints", "/tasks", "/people"] {
        assert_eq!(send(browser.get(app.url(path))).await.status, 403, "{path}");
        assert!(!page.text.contains(&format!("href=\"{path}\"")), "{path} in the board's navigation");
    }
}

#[tokio::test]
async fn the_monthly_summary_is_a_page_with_a_chart_csv_xlsx_and_json() {
    let app = spawn_app().await;
    answered(&app, "One.", false, Outcome::Substantiated).await;
    answered(&app, "Two.", false, Outcome::PartiallySubstantiated).await;
    let month = last_month(&app);
    let (browser, _) = app.sign_in("manager").await;
    let page = send(browser.get(app.url(&format!("/reports/complaints?month={month}")))).await;
    assert_eq!(page.status, 200, "{}", page.snippet());
    assert!(page.text.contains("<svg role=\"img\"") && page.text.contains("2 received"), "a chart");
    assert!(page.text.contains("<th scope=\"row\" class=\"govuk-table__header\">Test site</th>"), "and its table");
    let bad = send(browser.get(app.url("/reports/complaints?month=soon"))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(summary_links(&bad), ["month"]);

    let csv = send(browser.get(app.url(&format!("/reports/complaints.csv?month={month}")))).await;
    assert!(csv.header("content-type").starts_with("text/csv"));
    let lines: Vec<&str> = csv.text.lines().collect();
    assert!(lines[0].starts_with("Site code,Site,Received,Received: "), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.starts_with("TEST-SITE,Test site,2,")), "{}", csv.text);
    let xlsx = browser.get(app.url(&format!("/reports/complaints.xlsx?month={month}"))).send().await.unwrap();
    assert!(xlsx.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "a zip container");

    let token = app.token_for("senior-reviewer").await;
    let json = api_get(&app, &token, &format!("/api/v1/reports/complaints?month={month}")).await;
    assert_eq!(json.status, 200, "{}", json.text);
    let totals = &json.json()["totals"];
    assert_eq!(
        (totals["received"].as_u64(), totals["responses_sent"].as_u64(), totals["substantiated"].as_u64()),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(totals["by_category"]["service-delivery"], 2);
    assert_eq!(problem_fields(&api_get(&app, &token, "/api/v1/reports/complaints?month=2026-13").await), ["month"]);
}

#[tokio::test]
async fn the_dip_sample_is_drawn_checked_and_a_poor_response_sent_back() {
    let app = spawn_app().await;
    let first = answered(&app, "One.", false, Outcome::Substantiated).await;
    let second = answered(&app, "Two.", false, Outcome::NotSubstantiated).await;
    let month = last_month(&app);
    let (browser, csrf) = app.sign_in("compliance-officer").await;

    let form = send(browser.get(app.url("/reports/dip-samples"))).await;
    assert_eq!(form.status, 200);
    let refused =
        send(browser.post(app.url("/reports/dip-samples")).form(&[("csrf_token", csrf.as_str()), ("site_id", ""), ("month", "2099-01")]))
            .await;
    assert_eq!(refused.status, 422);
    assert_eq!(summary_links(&refused), ["site_id", "month"]);
    let drawn = send(browser.post(app.url("/reports/dip-samples")).form(&[
        ("csrf_token", csrf.as_str()),
        ("site_id", "1"),
        ("month", month.as_str()),
        ("seed", "99"),
    ]))
    .await;
    assert_eq!(drawn.status, 303, "{}", drawn.snippet());
    let sample_path = drawn.location().to_owned();
    let page = send(browser.get(app.url(&sample_path))).await;
    assert!(page.text.contains("2 of 2 responses") && page.text.contains("seed 99"), "{}", page.text);
    let check = send(browser.get(app.url(&format!("{sample_path}?check={first}")))).await;
    assert!(check.text.contains("name=\"documents_present\""));
    let sample_id: i64 = sample_path.rsplit('/').next().unwrap().parse().unwrap();
    let post = |answers: &'static [(&'static str, &'static str)], complaint: i64| {
        let mut fields: Vec<(&str, String)> = vec![("csrf_token", csrf.clone()), ("complaint_id", complaint.to_string())];
        fields.extend(answers.iter().map(|(k, v)| (*k, (*v).to_owned())));
        browser.post(app.url(&format!("/reports/dip-samples/{sample_id}/findings"))).form(&fields)
    };
    let missing = send(post(&[("documents_present", "yes")], first)).await;
    assert_eq!(missing.status, 422);
    assert_eq!(summary_links(&missing), ["covers_every_point", "escalation_wording"]);
    let ok = send(post(&[("documents_present", "yes"), ("covers_every_point", "yes"), ("escalation_wording", "yes")], first)).await;
    assert_eq!(ok.status, 303);

    // The API: list, read, and a poor finding that becomes the manager's task.
    let token = app.token_for("manager").await;
    let list = api_get(&app, &token, &format!("/api/v1/dip-samples?month={month}")).await;
    assert_eq!(list.json()["items"][0]["checked"], 1);
    let one = api_get(&app, &token, &format!("/api/v1/dip-samples/{sample_id}")).await;
    assert_eq!(one.json()["seed"], "99");
    let poor = json!({"complaint_id": second.to_string(), "documents_present": "yes", "covers_every_point": "yes",
        "escalation_wording": "no", "notes": "No ombudsman paragraph"});
    let reply = api_send(&app, &token, Method::POST, &format!("/api/v1/dip-samples/{sample_id}/findings"), &poor).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let tasks = api_get(&app, &token, "/api/v1/tasks").await;
    assert!(tasks.text.contains("Poor response to complaint"), "{}", tasks.text);
    let again = json!({"site_id": "1", "month": month, "seed": "1"});
    assert_eq!(problem_fields(&api_send(&app, &token, Method::POST, "/api/v1/dip-samples", &again).await), ["month"]);
    let board = app.token_for("monitoring-board").await;
    assert_problem(&api_get(&app, &board, &format!("/api/v1/dip-samples/{sample_id}")).await, 403);
}

#[tokio::test]
async fn a_sample_can_be_drawn_over_the_api() {
    let app = spawn_app().await;
    answered(&app, "One.", false, Outcome::Substantiated).await;
    let token = app.token_for("senior-reviewer").await;
    let body = json!({"site_id": "1", "month": last_month(&app), "seed": "5"});
    let reply = api_send(&app, &token, Method::POST, "/api/v1/dip-samples", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json()["items"].as_array().unwrap().len(), 1);
    assert_eq!(problem_fields(&api_send(&app, &token, Method::POST, "/api/v1/dip-samples", &json!({"site_id": "x"})).await), ["site_id"]);
}
