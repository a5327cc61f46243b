//! A complaint's whole journey to the board: a complaint form from the
//! site's box is received, triaged, logged and allocated; the investigator
//! acknowledges it and asks for more time, which the complaints unit
//! agrees; the investigator drafts the response with the order's checklist
//! and submits it; a senior reviewer of a higher grade approves it; it is
//! sent and its letter printed; the monitoring board then sees the
//! complaint and its outcome. axe-core runs on every page.

use super::cross_cutting::{arrive_at_a_complaint, choose, click_to_new_page, main_text, press};
use super::*;
use casebook_app::Actor;
use casebook_app::accounts::{self, AccountForm};
use casebook_app::people::{self, PersonForm};

async fn switch_to(j: &mut Journey<'_>, username: &str) {
    j.click("form[action='/sign-out'] button[type=submit]").await;
    j.arrive("/sign-in").await;
    j.sign_in(username).await;
    j.arrive("/").await;
}

/// Sets a field's value directly: typing into a date input depends on the browser's locale.
async fn set_value(j: &Journey<'_>, id: &str, value: &str) {
    j.client
        .execute("document.getElementById(arguments[0]).value = arguments[1];", vec![json!(id), json!(value)])
        .await
        .unwrap_or_else(|e| panic!("set #{id}: {e}"));
}

/// Opens part 1's response page and waits for it.
async fn response_page(j: &Journey<'_>, complaint: &str) -> String {
    let path = format!("{complaint}/parts/1/response");
    j.goto(&path).await;
    j.arrive(&path).await;
    path
}

async fn submit(j: &Journey<'_>, action_suffix: &str, back_to: &str) {
    click_to_new_page(j, &format!("form[action$='{action_suffix}'] button[type=submit]")).await;
    if let Ok(summary) = j.client.find(Locator::Css(".govuk-error-summary")).await {
        panic!("{action_suffix} was refused: {}", summary.text().await.unwrap_or_default());
    }
    j.arrive(back_to).await;
}

pub async fn journey(j: &mut Journey<'_>) {
    let system = Actor::system("browser test");
    let senior = AccountForm {
        username: "senior".into(),
        display_name: "Sam Senior".into(),
        email: String::new(),
        grade: "grade-7".into(),
        site: "TEST-SITE".into(),
        roles: vec!["senior-reviewer".into()],
        active: true,
    };
    accounts::create(&j.app.app, &system, &senior, Some(support::PASSWORD)).await.expect("senior reviewer");
    let investigator = accounts::find_by_username(&j.app.app, "investigator").await.expect("investigator");
    let form = PersonForm { given: "Amara".into(), family: "Okafor".into(), date_of_birth: "1991-09-12".into(), ..PersonForm::default() };
    let person = people::create_person(&j.app.app, &system, &form).await.expect("person");

    // The clerk receives the form from the box, triages, logs and allocates it.
    j.goto("/").await;
    j.arrive("/sign-in").await;
    j.sign_in("compliance-officer").await;
    j.arrive("/").await;
    j.goto("/complaints/new").await;
    j.arrive("/complaints/new").await;
    choose(j, "arrived_by", "complaint-box").await;
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/London").expect("London"));
    j.fill("received_at", &now.strftime("%Y-%m-%dT%H:%M").to_string()).await;
    choose(j, "site_id", "1").await;
    choose(j, "setting", "removal-centre").await;
    j.fill("complainants", &person.id.to_string()).await;
    j.fill("incident_date", &now.date().checked_sub(jiff::ToSpan::days(3)).expect("date").to_string()).await;
    j.fill("summary", "My property bag was lost when I was moved between rooms.").await;
    j.click("form[action='/complaints'] button[type=submit]").await;
    let complaint = arrive_at_a_complaint(j).await;
    choose(j, "triage-category", "service-delivery").await;
    press(j, "form[action$='/triage'] button[type=submit]", &complaint).await;
    press(j, "form[action$='/log'] button[type=submit]", &complaint).await;
    choose(j, "allocate-body", "supplier-centre-manager").await;
    choose(j, "allocate-investigator", &investigator.id.to_string()).await;
    press(j, "form[action$='/allocate'] button[type=submit]", &complaint).await;
    press(j, "form[action$='/send-for-investigation'] button[type=submit]", &complaint).await;
    j.axe("an allocated complaint", &[]).await;

    // The investigator acknowledges it and asks for more time.
    switch_to(j, "investigator").await;
    j.goto(&complaint).await;
    arrive_at_a_complaint(j).await;
    press(j, "form[action$='/acknowledge'] button[type=submit]", &complaint).await;
    j.click(&format!("a[href='{complaint}/parts/1/response']")).await;
    let response = format!("{complaint}/parts/1/response");
    j.arrive(&response).await;
    j.axe("the response page", &[]).await;
    j.fill("extension-reason", "The property records are held by the escort supplier, who has not replied yet.").await;
    let new_date = now.date().checked_add(jiff::ToSpan::days(45)).expect("date").to_string();
    set_value(j, "extension-new_date", &new_date).await;
    submit(j, "/extension-request", &response).await;

    // The complaints unit agrees.
    switch_to(j, "compliance-officer").await;
    response_page(j, &complaint).await;
    j.click("#decision-decision").await;
    j.fill("decision-note", "Agreed: the escort supplier's records are needed.").await;
    submit(j, "/extension-decision", &response).await;
    assert!(main_text(j).await.contains(&new_date[..4]), "the new target date is shown");

    // The investigator drafts the response with the checklist and submits it.
    switch_to(j, "investigator").await;
    response_page(j, &complaint).await;
    j.fill("draft-point-1", "The property bag was lost during a room move").await;
    j.fill("draft-answer-1", "The bag was found in the reception store and returned on the same day.").await;
    j.fill("draft-investigation_and_findings", "The move log shows the bag was left in reception; the officer did not record it.").await;
    choose(j, "draft-outcome", "substantiated").await;
    j.fill("draft-action_to_be_taken", "Reception staff reminded to log property at every move.").await;
    let wording = j
        .client
        .find(Locator::Id("draft-escalation_wording"))
        .await
        .expect("wording")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    let mut filled = String::new();
    let mut in_blank = false;
    for ch in wording.chars() {
        match ch {
            '[' => in_blank = true,
            ']' if in_blank => {
                in_blank = false;
                filled.push_str("Test Supplier Ltd");
            }
            _ if in_blank => {}
            other => filled.push(other),
        }
    }
    j.fill("draft-escalation_wording", &filled).await;
    for id in ["draft-leaflet_enclosed", "draft-feedback_form_enclosed"] {
        if j.client.find(Locator::Id(id)).await.is_ok() {
            j.click(&format!("#{id}")).await;
        }
    }
    submit(j, "/response/draft", &response).await;
    j.axe("a saved draft", &[]).await;
    submit(j, "/response/submit", &response).await;
    let page = main_text(j).await;
    assert!(page.contains("with the reviewer"), "the draft is with a reviewer:\n{page}");

    // A senior reviewer of a higher grade approves it.
    switch_to(j, "senior").await;
    response_page(j, &complaint).await;
    j.axe("quality assurance", &[]).await;
    submit(j, "/response/approve", &response).await;

    // The investigator sends it and prints the letter.
    switch_to(j, "investigator").await;
    response_page(j, &complaint).await;
    submit(j, "/response/send", &response).await;
    let page = main_text(j).await;
    assert!(page.contains("Substantiated"), "the outcome is recorded:\n{page}");
    choose(j, "letter-kind", "response").await;
    j.click("form[action$='/letters'] button[type=submit]").await;
    let deadline = Instant::now() + WAIT;
    while !j.path().await.contains("/letters/") {
        assert!(Instant::now() < deadline, "no letter page; the browser is at {}", j.path().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let letter = j.client.find(Locator::Css("body")).await.expect("body").text().await.expect("text");
    assert!(letter.contains("Test Supplier Ltd") && letter.contains("Amara"), "the letter is filled in:\n{letter}");
    j.axe("the printable letter", &[]).await;
    j.goto(&complaint).await;
    arrive_at_a_complaint(j).await;

    // The board sees the complaint and its outcome, and nothing else.
    switch_to(j, "monitoring-board").await;
    j.goto("/board/complaints").await;
    j.arrive("/board/complaints").await;
    let board = main_text(j).await;
    assert!(board.contains("Substantiated"), "the board sees the outcome:\n{board}");
    j.axe("the board's list", &[]).await;
    j.goto(&complaint).await;
    let refused = j.client.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert!(!refused.contains("Amara"), "the board does not reach the complaint's own page: {refused}");
}
