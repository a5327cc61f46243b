//! Bad input on every form of the response page, through the real HTTP
//! app: each is shown again (422) with a GOV.UK error summary linking to
//! the field at fault (or to the problem's own message where no field
//! holds it), and the complaint, its response, its letters and the audit
//! trail read back unchanged.

use super::*;
use casebook_app::accounts::{self, AccountForm};
use casebook_app::complaints::letters;
use casebook_app::complaints::{self as cases, AllocateForm, DraftForm, ExtensionRequestForm, TriageForm};
use casebook_app::{Actor, people};
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_domain::complaints::response::Point;

struct Scene {
    app: TestApp,
    clerk: Actor,
    inv: Actor,
    reviewer: Actor,
    id: i64,
}

async fn actor(app: &TestApp, username: &str) -> Actor {
    Actor::user(&accounts::find_by_username(&app.app, username).await.unwrap(), None)
}

/// A complaint received an hour ago, logged, with part 1 allocated to the
/// investigator (HEO) and sent for investigation; and a grade 7 reviewer.
async fn scene() -> Scene {
    let app = spawn_app().await;
    let clerk = actor(&app, "compliance-officer").await;
    let inv = actor(&app, "investigator").await;
    let form = AccountForm {
        username: "reviewer-g7".into(),
        display_name: "Rita Reviewer".into(),
        email: String::new(),
        grade: "grade-7".into(),
        site: "TEST-SITE".into(),
        roles: vec![Role::SeniorReviewer.slug().into()],
        active: true,
    };
    accounts::create(&app.app, &Actor::system("test"), &form, Some(PASSWORD)).await.unwrap();
    let reviewer = actor(&app, "reviewer-g7").await;
    let person = people::PersonForm { given: "Ada".into(), family: "Obi".into(), date_of_birth: "1990-01-02".into(), ..Default::default() };
    let person = people::create_person(&app.app, &clerk, &person).await.unwrap().id;
    let now = app.app.now();
    let draft = ComplaintDraft {
        arrived_by: "complaint-box".into(),
        received_at: (now - jiff::SignedDuration::from_hours(1)).to_string(),
        site_id: "1".into(),
        setting: "removal-centre".into(),
        complainant_ids: vec![person.to_string()],
        incident_date: casebook_domain::calendar::london_date(now - jiff::SignedDuration::from_hours(72)).to_string(),
        summary: "My property was lost on transfer.".into(),
        ..ComplaintDraft::default()
    };
    let id = cases::receive(&app.app, &clerk, &draft, None).await.unwrap().id;
    cases::triage(&app.app, &clerk, id, &TriageForm { category: "service-delivery".into(), ..TriageForm::default() }).await.unwrap();
    cases::log(&app.app, &clerk, id).await.unwrap();
    let investigator = inv.user_id.unwrap().to_string();
    let allocate = AllocateForm { body: "supplier-centre-manager".into(), investigator, ..AllocateForm::default() };
    cases::allocate(&app.app, &clerk, id, &allocate).await.unwrap();
    cases::send_for_investigation(&app.app, &clerk, id, "1").await.unwrap();
    Scene { app, clerk, inv, reviewer, id }
}

/// What a refusal must leave alone, as read back.
async fn saved(s: &Scene) -> String {
    let record = cases::read(&s.app.app, &s.clerk, s.id).await.unwrap().record;
    let response = cases::read_response(&s.app.app, &s.clerk, s.id, "1").await.unwrap().response;
    let letters = letters::list(&s.app.app, &s.clerk, s.id).await.unwrap();
    let trail = casebook_app::audit::verify(&s.app.app).await.unwrap();
    format!("{record:?}\n{response:?}\n{letters:?}\n{trail}")
}

/// Posts `fields` to the complaint's `path` as a signed-in browser; asserts
/// the page came back with an error summary linking to `links`, whose text
/// includes `says`, and that nothing was saved.
async fn refused(s: &Scene, browser: &(Client, String), path: &str, fields: &[(&str, &str)], links: &[&str], says: &str) -> Reply {
    let before = saved(s).await;
    let (client, csrf) = browser;
    let mut form = vec![("csrf_token", csrf.as_str()), ("part", "1")];
    form.extend_from_slice(fields);
    let reply = send(client.post(s.app.url(&format!("/complaints/{}/{path}", s.id))).form(&form)).await;
    assert_eq!(reply.status, 422, "{path} {fields:?}: {}", reply.snippet());
    assert_eq!(summary_links(&reply), links, "{path} {fields:?}");
    let summary = reply.text.split("govuk-error-summary__list").nth(1).unwrap_or_default().split("</ul>").next().unwrap_or_default();
    assert!(summary.contains(says), "{path} {fields:?}: the summary should say {says:?}: {summary}");
    assert!(reply.text.contains("<h1 class=\"govuk-heading-l\">Response to part 1"), "the response page again");
    assert_eq!(saved(s).await, before, "nothing saved by {path} {fields:?}");
    reply
}

#[tokio::test]
async fn every_form_on_the_response_page_names_its_bad_input_and_saves_nothing() {
    let s = scene().await;
    let (app, id) = (&s.app.app, s.id);
    let inv = s.app.sign_in("investigator").await;
    let clerk = s.app.sign_in("compliance-officer").await;

    // Asking for an extension.
    let later = casebook_domain::calendar::london_date(app.now()).checked_add(jiff::Span::new().days(120)).unwrap().to_string();
    refused(&s, &inv, "extension-request", &[("reason", " "), ("new_date", &later)], &["extension-reason"], "Enter the reason").await;
    refused(&s, &inv, "extension-request", &[("reason", "CCTV"), ("new_date", "")], &["extension-new_date"], "Enter the new target date")
        .await;
    refused(&s, &inv, "extension-request", &[("reason", "CCTV"), ("new_date", "soon")], &["extension-new_date"], "real date").await;
    // Before the complaint was received.
    refused(&s, &inv, "extension-request", &[("reason", "CCTV"), ("new_date", "2020-01-01")], &["extension-new_date"], "after").await;
    refused(&s, &inv, "extension-request", &[("reason", ""), ("new_date", "")], &["extension-reason", "extension-new_date"], "Enter").await;
    // The interim response needs an agreed extension: the page names the problem.
    refused(&s, &inv, "interim-response", &[], &["problem-1"], "extension").await;

    // Deciding the extension.
    let ask = ExtensionRequestForm { part: "1".into(), reason: "Waiting for the escort's CCTV".into(), new_date: later.clone() };
    cases::request_extension(app, &s.inv, id, &ask).await.unwrap();
    refused(&s, &clerk, "extension-decision", &[("note", "")], &["decision-decision"], "Choose whether").await;
    refused(&s, &clerk, "extension-decision", &[("decision", "maybe")], &["decision-decision"], "not a decision").await;
    refused(&s, &clerk, "extension-decision", &[("decision", "refuse"), ("note", " ")], &["decision-note"], "refused").await;

    // The draft: an outcome not one of the three; what was typed is kept on the page.
    let typed = [("point", "My bag was lost"), ("answer", "We found it"), ("draft-outcome", "upheld")];
    let page = refused(&s, &inv, "response/draft", &typed, &["draft-outcome"], "not an outcome").await;
    assert!(page.text.contains("My bag was lost") && page.text.contains("We found it"), "the typed point is shown again");
    // Submitting an incomplete draft names every gap against its field.
    let partial = [("point", "My bag was lost"), ("answer", "")];
    let kept = send(
        inv.0
            .post(s.app.url(&format!("/complaints/{id}/response/draft")))
            .form(&[("csrf_token", inv.1.as_str()), ("part", "1")].into_iter().chain(partial).collect::<Vec<_>>()),
    )
    .await;
    assert_eq!(kept.status, 303, "an incomplete draft is kept: {}", kept.snippet());
    let gaps = [
        "draft-points",
        "draft-investigation_and_findings",
        "draft-outcome",
        "draft-action_to_be_taken",
        "draft-escalation_wording",
        "draft-leaflet_enclosed",
        "draft-feedback_form_enclosed",
    ];
    refused(&s, &inv, "response/submit", &[], &gaps, "is not answered").await;
    // Sending before approval.
    refused(&s, &inv, "response/send", &[("on", "")], &["problem-1"], "approved").await;

    // Quality assurance: a reviewer of the author's grade is refused by name.
    complete_and_submit(&s).await;
    let peer = s.app.sign_in("senior-reviewer").await;
    refused(&s, &peer, "response/approve", &[], &["problem-1"], "same as the author").await;
    let senior = s.app.sign_in("reviewer-g7").await;
    refused(&s, &senior, "response/return", &[("comments", "  ")], &["return-comments"], "comments").await;

    // Sending: the date must be a real one, not before approval nor in the future.
    cases::approve(app, &s.reviewer, id, "1").await.unwrap();
    refused(&s, &inv, "response/send", &[("on", "last week")], &["send-on"], "real date").await;
    refused(&s, &inv, "response/send", &[("on", "2020-01-01")], &["send-on"], "approv").await;
    let tomorrow = casebook_domain::calendar::london_date(app.now()).checked_add(jiff::Span::new().days(2)).unwrap().to_string();
    refused(&s, &inv, "response/send", &[("on", &tomorrow)], &["send-on"], "future").await;

    // Letters: the kind must be one produced here, and have its facts.
    refused(&s, &inv, "letters", &[("kind", "")], &["letter-kind"], "Choose the letter").await;
    refused(&s, &inv, "letters", &[("kind", "thank-you")], &["letter-kind"], "not a letter").await;
    refused(&s, &inv, "letters", &[("kind", "interim")], &["letter-kind"], "no agreed extension").await;
}

/// Part 1's draft completed (the route's wording with its blanks filled) and submitted.
async fn complete_and_submit(s: &Scene) {
    let app = &s.app.app;
    let r = cases::read_response(app, &s.inv, s.id, "1").await.unwrap();
    let wording = r.escalation.map(|e| e.wording).unwrap_or_default();
    let wording: String = wording
        .split('[')
        .enumerate()
        .map(|(i, piece)| if i == 0 { piece } else { piece.split_once(']').map_or(piece, |(_, rest)| rest) })
        .collect::<Vec<_>>()
        .join("Test Supplier Ltd");
    let draft = DraftForm {
        part: "1".into(),
        points: vec![Point { point: "My bag was lost".into(), answer: "We found it at reception.".into() }],
        investigation_and_findings: "We checked the transfer log.".into(),
        outcome: "partially-substantiated".into(),
        action_to_be_taken: "Two officers now sign property checks.".into(),
        escalation_wording: wording,
        leaflet_enclosed: true,
        feedback_form_enclosed: true,
    };
    let saved = cases::save_draft(app, &s.inv, s.id, &draft).await.unwrap();
    assert!(saved.gaps.is_empty(), "{:?}", saved.gaps);
    cases::submit(app, &s.inv, s.id, "1").await.unwrap();
}
