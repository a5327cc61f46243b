//! The complaints clerk's journey for a cross-cutting complaint: a letter
//! about both the centre's food and a healthcare appointment is received
//! on the form, triaged, logged, and split into two parts, one answered by
//! the centre's supplier and one by the healthcare provider, each with its
//! own investigator, acknowledgement and target date on the one page; the
//! site's investigator then acknowledges their part. axe-core runs on every
//! page.

use super::*;
use casebook_app::Actor;
use casebook_app::accounts;
use casebook_app::people::{self, PersonForm};

/// Waits until the browser is on a complaint's own page; returns its path.
pub async fn arrive_at_a_complaint(j: &Journey<'_>) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let path = j.path().await;
        let on_complaint = path.strip_prefix("/complaints/").is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()));
        if on_complaint
            && j.client.find(Locator::Css("h1")).await.is_ok()
            && j.client.execute("return document.readyState", vec![]).await.ok() == Some(json!("complete"))
        {
            return path;
        }
        if Instant::now() >= deadline {
            let problem = match j.client.find(Locator::Css(".govuk-error-summary")).await {
                Ok(summary) => summary.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("expected a complaint's page, the browser is at {path}: {problem}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn choose(j: &Journey<'_>, select_id: &str, value: &str) {
    let select = j.client.find(Locator::Id(select_id)).await.unwrap_or_else(|e| panic!("no #{select_id}: {e}"));
    select.select_by_value(value).await.unwrap_or_else(|e| panic!("choose {value} in #{select_id}: {e}"));
}

pub async fn main_text(j: &Journey<'_>) -> String {
    j.client.find(Locator::Css("main")).await.expect("main").text().await.expect("text")
}

/// Clicks `css` and waits until the browser has left the page it was on:
/// a form posted back to the page's own address arrives at the same path,
/// so the path alone cannot tell the new page from the old.
pub async fn click_to_new_page(j: &Journey<'_>, css: &str) {
    let old = j.client.find(Locator::Css("html")).await.expect("the page");
    j.click(css).await;
    let deadline = Instant::now() + WAIT;
    while old.tag_name().await.is_ok() {
        assert!(Instant::now() < deadline, "clicking {css} did not load a new page; the browser is at {}", j.path().await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Posts one of the page's buttons and waits for the complaint's page again.
pub async fn press(j: &Journey<'_>, css: &str, page: &str) {
    click_to_new_page(j, css).await;
    assert_eq!(arrive_at_a_complaint(j).await, page);
}

pub async fn journey(j: &mut Journey<'_>) {
    let clerk = accounts::find_by_username(&j.app.app, "compliance-officer").await.expect("clerk");
    let investigator = accounts::find_by_username(&j.app.app, "investigator").await.expect("investigator");
    let form = PersonForm { given: "Tomasz".into(), family: "Nowak".into(), date_of_birth: "1988-06-02".into(), ..PersonForm::default() };
    let person = people::create_person(&j.app.app, &Actor::user(&clerk, None), &form).await.expect("person");

    j.goto("/").await;
    j.arrive("/sign-in").await;
    j.sign_in("compliance-officer").await;
    j.arrive("/").await;
    j.goto("/complaints/new").await;
    j.arrive("/complaints/new").await;
    j.axe("the complaint form", &[]).await;

    choose(j, "arrived_by", "letter").await;
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/London").expect("London"));
    j.fill("received_at", &now.strftime("%Y-%m-%dT%H:%M").to_string()).await;
    j.fill("incident_date", &now.date().checked_sub(jiff::ToSpan::days(7)).expect("a week ago").to_string()).await;
    choose(j, "site_id", "1").await;
    choose(j, "setting", "removal-centre").await;
    j.fill("complainants", &person.id.to_string()).await;
    j.fill("summary", "The food is cold every day, and my appointment with the doctor has been cancelled three times.").await;
    j.click("form[action='/complaints'] button[type=submit]").await;
    let page = arrive_at_a_complaint(j).await;
    assert!(main_text(j).await.contains("Complaint received"));
    j.axe("a complaint just received", &[]).await;

    choose(j, "triage-category", "service-delivery").await;
    press(j, "form[action$='/triage'] button[type=submit]", &page).await;
    press(j, "form[action$='/log'] button[type=submit]", &page).await;
    j.axe("a logged complaint", &[]).await;

    // The food: the centre's supplier answers.
    choose(j, "allocate-body", "supplier-centre-manager").await;
    choose(j, "allocate-investigator", &investigator.id.to_string()).await;
    press(j, "form[action$='/allocate'] button[type=submit]", &page).await;
    // The doctor's appointments: healthcare answers, as a second part.
    choose(j, "allocate-category", "healthcare").await;
    choose(j, "allocate-body", "healthcare-provider").await;
    choose(j, "allocate-investigator", &clerk.id.to_string()).await;
    press(j, "form[action$='/allocate'] button[type=submit]", &page).await;
    for part in ["1", "2"] {
        press(j, &format!("form[action$='/send-for-investigation']:has(input[name=part][value='{part}']) button[type=submit]"), &page)
            .await;
    }
    let text = main_text(j).await;
    for expected in ["Part 1", "Part 2", "On-site healthcare manager", "Healthcare"] {
        assert!(text.contains(expected), "the page shows {expected:?}:\n{text}");
    }
    let targets = j.client.find_all(Locator::XPath("//dt[normalize-space()='Target date']/following-sibling::dd")).await.expect("targets");
    assert_eq!(targets.len(), 2, "each part has its own target date");
    for target in targets {
        let date = target.text().await.expect("target date");
        assert!(!date.trim().is_empty(), "a part's target date is shown");
    }
    j.axe("a complaint split in two parts", &[]).await;

    // The site's investigator acknowledges the food part; healthcare's stays open.
    j.click("form[action='/sign-out'] button[type=submit]").await;
    j.arrive("/sign-in").await;
    j.sign_in("investigator").await;
    j.arrive("/").await;
    j.goto(&page).await;
    arrive_at_a_complaint(j).await;
    press(j, "form[action$='/acknowledge']:has(input[name=part][value='1']) button[type=submit]", &page).await;
    let text = main_text(j).await;
    assert!(text.contains("Part 1 acknowledged"), "the history shows the acknowledgement:\n{text}");
    assert!(
        j.client.find(Locator::Css("form[action$='/acknowledge']:has(input[name=part][value='2'])")).await.is_ok(),
        "part 2 is still to be acknowledged, by its own investigator"
    );
    j.axe("the complaint with one part acknowledged", &[]).await;
}
