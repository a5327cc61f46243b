//! The complaints clerk's aftercare journey: on a complaint's page an
//! ex-gratia payment is proposed (a bad amount first, shown back with an
//! error summary), the payment is offered, accepted and paid, and the
//! register shows it with the month's total; the officers and
//! lessons-learned pages are visited too. axe-core runs on every page.

use super::cross_cutting::{choose, click_to_new_page, main_text};
use super::*;

/// A request to the JSON API as the clerk, which must succeed.
async fn api(j: &Journey<'_>, token: &str, path: &str, body: Value) -> Value {
    let reply = support::client().post(j.app.url(path)).bearer_auth(token).json(&body).send().await.expect("the server answers");
    let status = reply.status();
    let text = reply.text().await.expect("a body");
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).expect("JSON")
}

pub async fn journey(j: &mut Journey<'_>) {
    let token = j.app.token_for("compliance-officer").await;
    let person = api(j, &token, "/api/v1/persons", json!({"given": "Amara", "family": "Okafor", "date_of_birth": "1991-09-12"})).await;
    let receipt = json!({"arrived_by": "complaint-box", "received_at": "2026-03-02T08:00:00Z", "site_id": "1",
        "setting": "removal-centre", "complainant_ids": [person["id"].to_string()], "incident_date": "2026-02-20",
        "summary": "My watch was lost when I was moved between wings."});
    let id = api(j, &token, "/api/v1/complaints", receipt).await["id"].as_i64().expect("complaint id");
    api(j, &token, &format!("/api/v1/complaints/{id}/triage"), json!({"category": "service-delivery"})).await;

    j.goto("/").await;
    j.arrive("/sign-in").await;
    j.sign_in("compliance-officer").await;
    j.arrive("/").await;
    let complaint = format!("/complaints/{id}");
    j.goto(&complaint).await;
    j.arrive(&complaint).await;
    j.axe("the complaint page with its aftercare section", &[]).await;

    // A bad amount comes back on the aftercare page with the error summary.
    choose(j, "ex_gratia-kind", "financial").await;
    j.fill("ex_gratia-amount", "a lot").await;
    j.fill("ex_gratia-rationale", "The watch was in the centre's care when it was lost").await;
    click_to_new_page(j, "form[action$='/aftercare/ex-gratia'] button[type=submit]").await;
    let aftercare = format!("{complaint}/aftercare");
    // Shown again at the address it was posted to, as the other forms are.
    j.arrive(&format!("{aftercare}/ex-gratia")).await;
    let summary = j.client.find(Locator::Css(".govuk-error-summary")).await.expect("an error summary");
    assert!(summary.text().await.unwrap_or_default().contains("is not an amount in pounds"));
    j.axe("the aftercare page with an error", &["status of 422"]).await;

    j.fill("ex_gratia-amount", "150.50").await;
    click_to_new_page(j, "form[action$='/aftercare/ex-gratia'] button[type=submit]").await;
    j.arrive(&aftercare).await;
    assert!(j.client.find(Locator::Css(".govuk-error-summary")).await.is_err(), "the proposal was refused");
    assert!(main_text(j).await.contains("£150.50"), "the proposal is on the complaint");
    j.axe("the aftercare page", &[]).await;

    let register = support::client().get(j.app.url("/api/v1/ex-gratia")).bearer_auth(&token).send().await.expect("register");
    let register: Value = register.json().await.expect("JSON");
    let pid = register["items"][0]["id"].as_i64().expect("payment id");
    let today = casebook_domain::calendar::london_date(jiff::Timestamp::now()).to_string();
    for step in [
        json!({"step": "offer", "on": today}),
        json!({"step": "accept", "on": today}),
        json!({"step": "pay", "on": today, "reference": "BACS-7"}),
    ] {
        api(j, &token, &format!("/api/v1/ex-gratia/{pid}/steps"), step).await;
    }

    // The register, reached from the navigation.
    click_to_new_page(j, ".govuk-service-navigation__link[href='/reports/ex-gratia']").await;
    j.arrive("/reports/ex-gratia").await;
    let text = main_text(j).await;
    assert!(text.contains("£150.50") && text.contains("Test site"), "{text}");
    j.axe("the ex-gratia register", &[]).await;

    j.goto("/reports/officers").await;
    j.arrive("/reports/officers").await;
    j.axe("officers complained about", &[]).await;
    j.goto("/reports/lessons").await;
    j.arrive("/reports/lessons").await;
    j.axe("the lessons-learned log", &[]).await;
}
