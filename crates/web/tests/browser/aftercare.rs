//! The complaints clerk's aftercare journey: on a complaint's page an
//! ex-gratia payment is proposed (a bad amount first, shown back with an
//! error summary); from the register the payment's page records its offer,
//! acceptance (a date in the future first, refused), payment and receipt;
//! the officers, lessons-learned and correspondence-decisions pages are
//! visited too. axe-core runs on every page.

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

    // The register, reached from the navigation, opens the payment's page.
    click_to_new_page(j, ".govuk-service-navigation__link[href='/reports/ex-gratia']").await;
    j.arrive("/reports/ex-gratia").await;
    let text = main_text(j).await;
    assert!(text.contains("£150.50") && text.contains("Test site"), "{text}");
    j.axe("the ex-gratia register", &[]).await;
    click_to_new_page(j, "a[href^='/reports/ex-gratia/']").await;
    let payment = j.path().await;
    j.arrive(&payment).await;
    j.axe("an ex-gratia payment's page", &[]).await;

    let today = casebook_domain::calendar::london_date(jiff::Timestamp::now());
    let tomorrow = today.tomorrow().expect("a date").to_string();
    let today = today.to_string();
    let steps = format!("form[action='{payment}/steps'] button[type=submit]");
    for (step, on, reference) in
        [("offer", &today, ""), ("accept", &tomorrow, ""), ("accept", &today, ""), ("pay", &today, "BACS-7"), ("receipt", &today, "")]
    {
        choose(j, "step-step", step).await;
        j.fill("step-on", on).await;
        j.fill("step-reference", reference).await;
        click_to_new_page(j, &steps).await;
        j.arrive(&format!("{payment}{}", if on == &tomorrow { "/steps" } else { "" })).await;
        if on == &tomorrow {
            let summary = j.client.find(Locator::Css(".govuk-error-summary")).await.expect("an error summary");
            assert!(summary.text().await.unwrap_or_default().contains(&tomorrow), "a date in the future is refused");
            j.axe("a payment's page with an error", &["status of 422"]).await;
        }
    }
    let text = main_text(j).await;
    assert!(text.contains("BACS-7") && text.contains("No further step"), "{text}");

    j.goto("/reports/officers").await;
    j.arrive("/reports/officers").await;
    j.axe("officers complained about", &[]).await;
    j.goto("/reports/lessons").await;
    j.arrive("/reports/lessons").await;
    j.axe("the lessons-learned log", &[]).await;
    j.goto("/reports/correspondence-decisions").await;
    j.arrive("/reports/correspondence-decisions").await;
    assert!(main_text(j).await.contains("The right to complain is never withdrawn"));
    j.axe("decisions to end correspondence", &[]).await;
}
