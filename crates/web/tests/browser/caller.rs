//! The call handler's journey: a call rings (the telephony platform posts
//! the event), the open page shows who is probably calling with their
//! vulnerability and agreed response plan, the handler starts a contact
//! from the screen, grades it with THRIVE and logs it; then a manager sees
//! the caller in the frequent-callers report. axe-core runs on every page.

use super::*;
use casebook_app::accounts;
use casebook_app::frequent_callers::{self, PlanForm};
use casebook_app::people::{self, PersonForm};
use casebook_app::{Actor, contacts, safeguarding};
use casebook_domain::contacts::ContactDraft;
use casebook_domain::safeguarding::MarkerDraft;

const PHONE: &str = "07700 900123";

async fn actor(app: &support::TestApp, username: &str) -> Actor {
    Actor::user(&accounts::find_by_username(&app.app, username).await.expect("user"), None)
}

/// Siobhan has rung four times today; a manager has flagged her with a plan
/// and recorded that she is autistic, with the adjustments she needs.
pub async fn setup(app: &support::TestApp) {
    let handler = actor(app, "call-handler").await;
    let manager = actor(app, "manager").await;
    let form = PersonForm {
        given: "Siobhan".into(),
        family: "O'Neill".into(),
        date_of_birth: "1979-03-14".into(),
        phones: vec![PHONE.into()],
        ..PersonForm::default()
    };
    let person = people::create_person(&app.app, &handler, &form).await.expect("person");
    for subject in ["Noise from the flat upstairs", "Noise again", "Asked for an officer to visit", "Rang to ask about the visit"] {
        let draft = ContactDraft {
            occurred_at: app.app.now().to_string(),
            channel: "call-101".into(),
            direction: "inbound".into(),
            person_id: person.id.to_string(),
            subject: subject.into(),
            category: "request".into(),
            outcome: "resolved-at-first-contact".into(),
            ..ContactDraft::default()
        };
        contacts::log_contact(&app.app, &handler, &draft, None).await.expect("contact");
    }
    let marker = MarkerDraft {
        kind: "autism".into(),
        reasonable_adjustments: "Short questions, one at a time".into(),
        source: "She told us on the phone".into(),
        source_date: jiff::Zoned::now().date().to_string(),
        lawful_basis: "safeguarding-individuals-at-risk".into(),
        review_date: String::new(),
    };
    safeguarding::record_marker(&app.app, &manager, person.id, &marker).await.expect("marker");
    let plan = PlanForm {
        handled_by: "The neighbourhood team".into(),
        what_to_say: "Listen, log the concern and say the neighbourhood team will call back".into(),
        pathway: "Community mental health team".into(),
    };
    frequent_callers::flag(&app.app, &manager, person.id, "Four calls a day about the same noise", &plan, "", None).await.expect("flag");
}

/// Waits until the browser is on a contact's own page; returns its `h1`.
async fn arrive_at_a_contact(j: &Journey<'_>) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let path = j.path().await;
        let on_contact = path.starts_with("/contacts/") && path[10..].chars().all(|c| c.is_ascii_digit());
        if on_contact && let Ok(h1) = j.client.find(Locator::Css("h1")).await {
            return h1.text().await.expect("h1 text");
        }
        assert!(Instant::now() < deadline, "expected a contact's page, the browser is at {path}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `css` holds `text`; returns the element's text.
async fn wait_for_text(j: &Journey<'_>, css: &str, text: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(element) = j.client.find(Locator::Css(css)).await
            && let Ok(seen) = element.text().await
            && seen.contains(text)
        {
            return seen;
        }
        assert!(Instant::now() < deadline, "{css} never showed {text:?} on {}", j.path().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn choose(j: &Journey<'_>, select_id: &str, value: &str) {
    let select = j.client.find(Locator::Id(select_id)).await.unwrap_or_else(|e| panic!("no #{select_id}: {e}"));
    select.select_by_value(value).await.unwrap_or_else(|e| panic!("choose {value} in #{select_id}: {e}"));
}

pub async fn journey(j: &mut Journey<'_>) {
    j.goto("/").await;
    j.arrive("/sign-in").await;
    j.sign_in("call-handler").await;
    j.arrive("/").await;
    j.goto("/contacts").await;
    j.arrive("/contacts").await;

    // The phone rings: the telephony platform tells Casebook.
    let platform = j.app.token_for("telephony-platform").await;
    let event = json!({"call_id": "journey-1", "caller_number": PHONE, "called_number": "101", "agent_username": "call-handler"});
    let reply = reqwest::Client::new()
        .post(j.app.url("/api/v1/telephony/events"))
        .bearer_auth(&platform)
        .json(&event)
        .send()
        .await
        .expect("post the call event");
    assert_eq!(reply.status(), 201);

    // The open page shows who is calling, how often, her needs and the agreed plan.
    let screen = wait_for_text(j, "#caller-screen-live", "probably Siobhan O'Neill").await;
    for expected in ["4 in the last 24 hours", "Short questions, one at a time", "The neighbourhood team", "Community mental health team"] {
        assert!(screen.contains(expected), "the caller screen should show {expected:?}:\n{screen}");
    }
    j.axe("contacts page with the caller screen", &[]).await;

    // Start a contact from the screen: the caller and the line are filled in.
    j.click("#caller-screen-live .govuk-summary-card__action a").await;
    j.arrive("/contacts/new").await;
    let person_field = j.client.find(Locator::Id("person_id")).await.expect("person number field");
    assert!(!person_field.prop("value").await.expect("value").unwrap_or_default().is_empty(), "the person is filled in");
    j.fill("subject", "Noise again, asked for a callback").await;
    choose(j, "category", "request").await;
    choose(j, "outcome", "resolved-at-first-contact").await;

    // THRIVE: the proposal appears as the levels are chosen.
    for (factor, level) in [("threat", 2), ("harm", 2), ("risk", 2), ("investigation", 1), ("vulnerability", 3), ("engagement", 2)] {
        let id = if level == 1 { factor.to_owned() } else { format!("{factor}-{level}") };
        j.click(&format!("#{id}")).await;
    }
    j.fill("vulnerability_note", "Autistic; distressed by the noise").await;
    wait_for_text(j, "#thrive-proposal", "Proposed grade").await;
    j.click("#decision").await;
    j.axe("new contact form with THRIVE", &[]).await;
    j.click("form[action='/contacts'] button[type=submit]").await;
    let h1 = arrive_at_a_contact(j).await;
    assert_eq!(h1, "Noise again, asked for a callback");
    let page = j.client.find(Locator::Css("main")).await.expect("main").text().await.expect("text");
    assert!(page.contains("THRIVE"), "the contact shows its THRIVE assessment:\n{page}");
    j.axe("the logged contact", &[]).await;

    // The manager's fortnightly report lists her, with today's five contacts.
    j.click("form[action='/sign-out'] button[type=submit]").await;
    j.arrive("/sign-in").await;
    j.sign_in("manager").await;
    j.arrive("/").await;
    j.goto("/frequent-callers/report").await;
    j.arrive("/frequent-callers/report").await;
    let report = wait_for_text(j, "main", "Siobhan O'Neill").await;
    assert!(report.contains("The neighbourhood team"), "the report shows the plan:\n{report}");
    j.axe("frequent-callers report", &[]).await;
}
