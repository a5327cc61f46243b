//! The response use cases against a real database and a stopped clock:
//! extensions (asked and decided, refused without a reason, for a date
//! before receipt, on a closed complaint), the interim response, the draft
//! with every checklist gap named, sign-off only by a strictly more senior
//! reviewer who is not the author (checked over every pair of grades),
//! sending only after approval, outcomes only of the three, letters
//! produced and kept. After each refusal the complaint, its response, its
//! letters and the audit trail are read back unchanged. Runs on SQLite, or
//! on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::accounts::{self};
use casebook_app::complaints::letters::{self, LetterForm};
use casebook_app::complaints::{
    self, AllocateForm, DraftForm, ExtensionDecisionForm, ExtensionRequestForm, ReturnForm, SendForm, TriageForm, WithdrawForm,
};
use casebook_app::people::{self, PersonForm};
use casebook_app::{Actor, App, AppError};
use casebook_domain::access::Grade;
use casebook_domain::complaints::response::{Outcome, Point, Stage};
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;

struct World {
    _db: TestDb,
    app: App,
    clerk: Actor,
    /// The part's investigator and the draft's author (HEO).
    inv: Actor,
    inv_id: i64,
    /// Senior reviewers of the same grade, a junior one and a senior one.
    peer: Actor,
    junior: Actor,
    senior: Actor,
    board: Actor,
    site_id: i64,
    person_id: i64,
}

async fn user(app: &App, username: &str, role: &str, grade: &str) -> (Actor, i64) {
    support::staff(app, username, role, grade, "MORTON").await
}

async fn world() -> World {
    let (test, app) = support::app_at("2026-03-02T09:00:00Z".parse().unwrap()).await;
    let site_id = support::site(&app, "MORTON", "Morton Hall", "detention-centre").await;
    let (clerk, _) = user(&app, "cora.clerk", "compliance-officer", "heo").await;
    let (inv, inv_id) = user(&app, "ivan.investigator", "investigator", "heo").await;
    let (peer, _) = user(&app, "pat.peer", "senior-reviewer", "heo").await;
    let (junior, _) = user(&app, "jo.junior", "senior-reviewer", "eo").await;
    let (senior, _) = user(&app, "sue.senior", "senior-reviewer", "seo").await;
    let (board, _) = user(&app, "bea.board", "monitoring-board", "eo").await;
    let p = PersonForm { given: "Ada".into(), family: "Obi".into(), date_of_birth: "1990-01-02".into(), ..PersonForm::default() };
    let person_id = people::create_person(&app, &clerk, &p).await.unwrap().id;
    World { _db: test, app, clerk, inv, inv_id, peer, junior, senior, board, site_id, person_id }
}

/// A complaint received an hour before now, logged, part 1 allocated to
/// `investigator` and sent for investigation.
async fn allocated(w: &World, investigator: i64) -> i64 {
    let draft = support::complaint_from_the_box(w.site_id, w.person_id, "My property was lost on transfer.");
    let id = complaints::receive(&w.app, &w.clerk, &draft, None).await.unwrap().id;
    complaints::triage(&w.app, &w.clerk, id, &TriageForm { category: "service-delivery".into(), ..TriageForm::default() }).await.unwrap();
    complaints::log(&w.app, &w.clerk, id).await.unwrap();
    let allocate =
        AllocateForm { body: "supplier-centre-manager".into(), investigator: investigator.to_string(), ..AllocateForm::default() };
    complaints::allocate(&w.app, &w.clerk, id, &allocate).await.unwrap();
    complaints::send_for_investigation(&w.app, &w.clerk, id, "1").await.unwrap();
    id
}

/// A draft of part 1 with every checklist item met.
async fn complete(w: &World, author: &Actor, id: i64) -> DraftForm {
    let r = complaints::read_response(&w.app, author, id, "1").await.unwrap();
    let step = r.escalation.expect("the route's escalation step");
    let mut wording = String::new();
    let mut rest = step.wording.as_str();
    while let Some(start) = rest.find('[') {
        let end = start + rest[start..].find(']').unwrap();
        wording.push_str(&rest[..start]);
        wording.push_str("Morton Services Ltd");
        rest = &rest[end + 1..];
    }
    wording.push_str(rest);
    DraftForm {
        part: "1".into(),
        points: vec![Point { point: "My property was lost".into(), answer: "We found the bag and returned it.".into() }],
        investigation_and_findings: "We checked the transfer log.".into(),
        outcome: "partially-substantiated".into(),
        action_to_be_taken: "Two officers now sign property checks.".into(),
        escalation_wording: wording,
        leaflet_enclosed: true,
        feedback_form_enclosed: true,
    }
}

async fn submitted(w: &World, author: &Actor, id: i64) {
    let draft = complete(w, author, id).await;
    complaints::save_draft(&w.app, author, id, &draft).await.unwrap();
    complaints::submit(&w.app, author, id, "1").await.unwrap();
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn messages<T: std::fmt::Debug>(result: Result<T, AppError>) -> String {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" | "),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn audit_actions(app: &App) -> Vec<String> {
    let mut tx = app.db.read().await.unwrap();
    let filter = AuditFilter { limit: 1000, ..AuditFilter::default() };
    audit_store::list(&mut tx, &filter).await.unwrap().into_iter().rev().map(|e| e.facts.action).collect()
}

/// Everything a refusal must leave alone: the complaint, its response,
/// its letters and the audit trail, as read back.
async fn saved(w: &World, id: i64) -> String {
    let record = complaints::read(&w.app, &w.clerk, id).await.unwrap().record;
    let response = complaints::read_response(&w.app, &w.clerk, id, "1").await.unwrap().response;
    let letters = letters::list(&w.app, &w.clerk, id).await.unwrap();
    let trail = audit_actions(&w.app).await.len();
    format!("{record:?}\n{response:?}\n{letters:?}\n{trail}")
}

/// Asserts that `refusal` names exactly `expected` and saved nothing.
macro_rules! refused {
    ($w:expr, $id:expr, $call:expr, $expected:expr) => {{
        let before = saved($w, $id).await;
        let got = fields($call.await);
        assert_eq!(got, $expected as &[&str]);
        assert_eq!(saved($w, $id).await, before, "nothing saved after refusing {:?}", $expected);
    }};
}

fn ask(reason: &str, new_date: &str) -> ExtensionRequestForm {
    ExtensionRequestForm { part: "1".into(), reason: reason.into(), new_date: new_date.into() }
}

#[tokio::test]
async fn extensions_are_asked_with_a_reason_and_a_later_date_and_decided_by_the_complaints_unit() {
    let w = world().await;
    let id = allocated(&w, w.inv_id).await;
    let app = &w.app;
    refused!(&w, id, complaints::request_extension(app, &w.inv, id, &ask(" ", "2026-06-30")), &["reason"]);
    refused!(&w, id, complaints::request_extension(app, &w.inv, id, &ask("CCTV", "")), &["new_date"]);
    refused!(&w, id, complaints::request_extension(app, &w.inv, id, &ask("CCTV", "next month")), &["new_date"]);
    // Before the complaint was received (and so before its target date).
    refused!(&w, id, complaints::request_extension(app, &w.inv, id, &ask("CCTV", "2026-03-01")), &["new_date"]);
    refused!(
        &w,
        id,
        complaints::request_extension(app, &w.inv, id, &ExtensionRequestForm { part: "7".into(), ..ask("CCTV", "2026-06-30") }),
        &["part"]
    );
    let before = saved(&w, id).await;
    assert!(matches!(complaints::request_extension(app, &w.board, id, &ask("CCTV", "2026-06-30")).await, Err(AppError::Forbidden)));
    assert_eq!(saved(&w, id).await, before);
    // No interim response before an extension is agreed.
    refused!(&w, id, complaints::record_interim_response(app, &w.inv, id, "1"), &["state"]);

    let target = complaints::read(app, &w.clerk, id).await.unwrap().record.complaint.parts[0].target;
    let asked = complaints::request_extension(app, &w.inv, id, &ask("Waiting for the escort's CCTV", "2026-06-30")).await.unwrap();
    assert_eq!(asked.complaint.parts[0].extension_requested.as_ref().map(|r| r.reason.as_str()), Some("Waiting for the escort's CCTV"));
    let decide = |decision: &str, note: &str| ExtensionDecisionForm { part: "1".into(), decision: decision.into(), note: note.into() };
    // The investigator may not decide; the unit must say agree or refuse, and give a reason to refuse.
    let before = saved(&w, id).await;
    assert!(matches!(complaints::decide_extension(app, &w.inv, id, &decide("agree", "")).await, Err(AppError::Forbidden)));
    assert_eq!(saved(&w, id).await, before);
    refused!(&w, id, complaints::decide_extension(app, &w.clerk, id, &decide("", "")), &["decision"]);
    refused!(&w, id, complaints::decide_extension(app, &w.clerk, id, &decide("maybe", "")), &["decision"]);
    refused!(&w, id, complaints::decide_extension(app, &w.clerk, id, &decide("refuse", "  ")), &["note"]);

    let agreed = complaints::decide_extension(app, &w.clerk, id, &decide("agree", "Chase weekly")).await.unwrap();
    let part = &agreed.complaint.parts[0];
    assert_ne!(part.target, target, "the target date moved");
    assert_eq!(part.target.map(|t| casebook_domain::calendar::london_date(t).to_string()), Some("2026-06-30".into()));
    assert_eq!((part.extensions_agreed, part.extension_requested.is_none()), (1, true));
    let interim = complaints::record_interim_response(app, &w.inv, id, "1").await.unwrap();
    assert!(interim.complaint.parts[0].interim_response_at.is_some());

    // A second request refused with a note leaves the agreed date where it was.
    complaints::request_extension(app, &w.inv, id, &ask("More time", "2026-07-31")).await.unwrap();
    let refused = complaints::decide_extension(app, &w.clerk, id, &decide("refuse", "Answer with what you have")).await.unwrap();
    assert_eq!(refused.complaint.parts[0].target, part.target);

    let actions = audit_actions(app).await;
    let steps: Vec<&str> = actions.iter().map(String::as_str).filter(|a| a.contains("extension") || a.contains("interim")).collect();
    assert_eq!(steps.len(), 5, "asked, agreed, interim, asked, refused: {steps:?}");

    // On a closed complaint no extension may be asked.
    let withdraw = WithdrawForm { on: "2026-03-02".into(), method: "orally".into(), ..WithdrawForm::default() };
    complaints::withdraw(app, &w.clerk, id, &withdraw).await.unwrap();
    refused!(&w, id, complaints::request_extension(app, &w.inv, id, &ask("More time", "2026-08-31")), &["state"]);
}

#[tokio::test]
async fn a_draft_is_kept_with_every_gap_named_and_cannot_be_submitted_until_complete() {
    let w = world().await;
    let id = allocated(&w, w.inv_id).await;
    let app = &w.app;
    // An outcome not one of the three is refused before anything starts.
    let upheld = DraftForm { part: "1".into(), outcome: "upheld".into(), ..DraftForm::default() };
    refused!(&w, id, complaints::save_draft(app, &w.inv, id, &upheld), &["outcome"]);
    assert!(complaints::read_response(app, &w.inv, id, "1").await.unwrap().response.is_none());
    let before = saved(&w, id).await;
    assert!(matches!(
        complaints::save_draft(app, &w.board, id, &DraftForm { part: "1".into(), ..DraftForm::default() }).await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(saved(&w, id).await, before);
    refused!(&w, id, complaints::submit(app, &w.inv, id, "1"), &["stage"]);

    // An incomplete draft is kept, starting from the procedure's wording with its blank.
    let partial = DraftForm {
        part: "1".into(),
        points: vec![Point { point: "Staff were rude".into(), answer: String::new() }, Point::default()],
        ..DraftForm::default()
    };
    let kept = complaints::save_draft(app, &w.inv, id, &partial).await.unwrap();
    let response = kept.response.clone().expect("a draft");
    assert_eq!(response.draft.content.points.len(), 1, "the empty row is left out");
    assert!(matches!(response.stage, Stage::Drafting));
    let gaps: Vec<String> = kept.gaps.iter().map(ToString::to_string).collect();
    assert!(gaps.iter().any(|g| g.contains("Point 1 (\"Staff were rude\") is not answered")), "{gaps:?}");
    let refusal = complaints::submit(app, &w.inv, id, "1").await;
    let named = messages(complaints::submit(app, &w.inv, id, "1").await);
    for gap in &gaps {
        assert!(named.contains(gap.as_str()), "{gap} named in {named}");
    }
    let mut got = fields(refusal);
    got.sort();
    assert_eq!(
        got,
        [
            "action_to_be_taken",
            "escalation_wording",
            "feedback_form_enclosed",
            "investigation_and_findings",
            "leaflet_enclosed",
            "outcome",
            "points[1].answer"
        ]
    );
    refused!(
        &w,
        id,
        complaints::submit(app, &w.inv, id, "1"),
        &[
            "points[1].answer",
            "investigation_and_findings",
            "outcome",
            "action_to_be_taken",
            "escalation_wording",
            "leaflet_enclosed",
            "feedback_form_enclosed"
        ]
    );
    // The wording must name the ombudsman and leave no blank.
    let draft = complete(&w, &w.inv, id).await;
    let unnamed = DraftForm { escalation_wording: "You may complain to someone else.".into(), ..draft.clone() };
    complaints::save_draft(app, &w.inv, id, &unnamed).await.unwrap();
    refused!(&w, id, complaints::submit(app, &w.inv, id, "1"), &["escalation_wording"]);
    let blank = DraftForm { escalation_wording: format!("{} [IRC supplier's name]", draft.escalation_wording), ..draft.clone() };
    complaints::save_draft(app, &w.inv, id, &blank).await.unwrap();
    refused!(&w, id, complaints::submit(app, &w.inv, id, "1"), &["escalation_wording"]);

    let done = complaints::save_draft(app, &w.inv, id, &draft).await.unwrap();
    assert!(done.gaps.is_empty(), "{:?}", done.gaps);
    let sent = complaints::submit(app, &w.inv, id, "1").await.unwrap();
    assert!(matches!(sent.response.unwrap().stage, Stage::SubmittedForQualityAssurance { .. }));
    // Frozen while with the reviewer.
    refused!(&w, id, complaints::save_draft(app, &w.inv, id, &draft), &["stage"]);
    let actions = audit_actions(app).await;
    let response_steps: Vec<&str> = actions.iter().map(String::as_str).filter(|a| a.starts_with("complaint_response.")).collect();
    assert_eq!(response_steps.first(), Some(&"complaint_response.started"), "{response_steps:?}");
    assert_eq!(response_steps.last(), Some(&"complaint_response.submitted"), "{response_steps:?}");
    assert!(actions.iter().any(|a| a == "complaint.response-drafted"), "{actions:?}");
}

#[tokio::test]
async fn only_a_more_senior_reviewer_who_is_not_the_author_approves_and_only_then_is_it_sent_with_its_letter() {
    let w = world().await;
    let id = allocated(&w, w.inv_id).await;
    let app = &w.app;
    submitted(&w, &w.inv, id).await;
    let send = |on: &str| SendForm { part: "1".into(), on: on.into() };
    refused!(&w, id, complaints::send(app, &w.inv, id, &send("")), &["stage"]);
    refused!(&w, id, letters::produce(app, &w.inv, id, &LetterForm { kind: "response".into(), part: "1".into() }), &["kind"]);
    // The investigator and the clerk are not approvers at all.
    for actor in [&w.inv, &w.clerk] {
        let before = saved(&w, id).await;
        assert!(matches!(complaints::approve(app, actor, id, "1").await, Err(AppError::Forbidden)));
        assert_eq!(saved(&w, id).await, before);
    }
    let same = complaints::approve(app, &w.peer, id, "1").await;
    assert!(messages(complaints::approve(app, &w.peer, id, "1").await).contains("same as the author"));
    assert_eq!(fields(same), ["reviewer"]);
    refused!(&w, id, complaints::approve(app, &w.peer, id, "1"), &["reviewer"]);
    refused!(&w, id, complaints::approve(app, &w.junior, id, "1"), &["reviewer"]);
    refused!(&w, id, complaints::return_draft(app, &w.junior, id, &ReturnForm { part: "1".into(), comments: "No".into() }), &["reviewer"]);
    refused!(&w, id, complaints::return_draft(app, &w.senior, id, &ReturnForm { part: "1".into(), comments: " ".into() }), &["comments"]);

    let approved = complaints::approve(app, &w.senior, id, "1").await.unwrap();
    assert!(matches!(approved.response.unwrap().stage, Stage::Approved { .. }));
    refused!(&w, id, complaints::send(app, &w.inv, id, &send("2026-03-01")), &["on"]);
    refused!(&w, id, complaints::send(app, &w.inv, id, &send("2026-03-09")), &["on"]);
    refused!(&w, id, complaints::send(app, &w.inv, id, &send("yesterday")), &["on"]);

    let sent = complaints::send(app, &w.inv, id, &send("")).await.unwrap();
    assert_eq!(sent.response.as_ref().and_then(|r| r.sent()), Some(("2026-03-02".parse().unwrap(), Outcome::PartiallySubstantiated)));
    let complaint = complaints::read(app, &w.clerk, id).await.unwrap().record.complaint;
    assert_eq!(complaint.parts[0].outcome, Some(Outcome::PartiallySubstantiated));
    assert!(complaint.parts[0].closed_at.is_some() && !complaint.state.is_open(), "the only part is closed, so the complaint is");
    refused!(&w, id, complaints::send(app, &w.inv, id, &send("")), &["stage"]);

    let letter = letters::produce(app, &w.inv, id, &LetterForm { kind: "response".into(), part: "1".into() }).await.unwrap();
    assert!(
        letter.body_text.contains("partially substantiated") && letter.body_text.contains("Morton Services Ltd"),
        "{}",
        letter.body_text
    );
    assert!(!letter.body_text.contains('{') && letter.body_html.starts_with("<p>"));
    let kept = letters::list(app, &w.clerk, id).await.unwrap();
    assert_eq!(kept.iter().map(|l| (l.id, l.kind.as_str(), l.part)).collect::<Vec<_>>(), [(letter.id, "response", Some(1))]);
    assert_eq!(letters::get(app, &w.clerk, id, letter.id).await.unwrap().body_text, letter.body_text);
    refused!(&w, id, letters::produce(app, &w.inv, id, &LetterForm { kind: "thank-you".into(), part: "1".into() }), &["kind"]);
    refused!(&w, id, letters::produce(app, &w.inv, id, &LetterForm { kind: "interim".into(), part: "1".into() }), &["kind"]);

    let actions = audit_actions(app).await;
    let tail: Vec<&str> = actions.iter().rev().take(9).rev().map(String::as_str).collect();
    assert_eq!(tail.first(), Some(&"complaint_response.approved"), "{tail:?}");
    for action in ["complaint_response.sent", "complaint_response.outcome_recorded", "complaint.letter_produced"] {
        assert!(tail.contains(&action), "{action} in {tail:?}");
    }
}

#[tokio::test]
async fn an_author_who_may_approve_still_cannot_approve_their_own_draft() {
    let w = world().await;
    let (lead, lead_id) = user(&w.app, "lee.lead", "manager", "grade-7").await;
    let id = allocated(&w, lead_id).await;
    submitted(&w, &lead, id).await;
    refused!(&w, id, complaints::approve(&w.app, &lead, id, "1"), &["reviewer"]);
    assert!(messages(complaints::approve(&w.app, &lead, id, "1").await).contains("author"));
    let (head, _) = user(&w.app, "hal.head", "senior-reviewer", "scs").await;
    complaints::approve(&w.app, &head, id, "1").await.unwrap();
}

/// Over every pair of grades, through the real use case: approval is
/// refused, saving nothing, unless the reviewer is strictly more senior
/// than the author.
#[tokio::test]
async fn approval_follows_seniority_over_every_pair_of_grades() {
    let w = world().await;
    let slug = |g: Grade| serde_json::to_value(g).unwrap().as_str().unwrap().to_owned();
    let mut reviewers = Vec::new();
    for g in Grade::ALL {
        reviewers.push((g, user(&w.app, &format!("reviewer-{}", slug(g)), "senior-reviewer", &slug(g)).await.0));
    }
    for author_grade in Grade::ALL {
        let (author, author_id) = user(&w.app, &format!("author-{}", slug(author_grade)), "investigator", &slug(author_grade)).await;
        let id = allocated(&w, author_id).await;
        submitted(&w, &author, id).await;
        // Refusals first: each leaves the draft with the reviewer.
        for (grade, reviewer) in reviewers.iter().filter(|(g, _)| !g.is_more_senior_than(author_grade)) {
            let before = saved(&w, id).await;
            assert_eq!(fields(complaints::approve(&w.app, reviewer, id, "1").await), ["reviewer"], "{grade:?} for {author_grade:?}");
            assert_eq!(saved(&w, id).await, before);
        }
        // Every more senior grade may approve: each on a fresh draft.
        for (grade, reviewer) in reviewers.iter().filter(|(g, _)| g.is_more_senior_than(author_grade)) {
            let fresh = allocated(&w, author_id).await;
            submitted(&w, &author, fresh).await;
            let approved = complaints::approve(&w.app, reviewer, fresh, "1").await;
            assert!(approved.is_ok(), "{grade:?} approving {author_grade:?}: {approved:?}");
        }
    }
}

/// The demo answers its complaints through these use cases: each closed
/// one has an approved, sent response by a more senior reviewer, with its
/// letter kept; one part's target was extended with an interim letter; one
/// draft waits for approval and one extension for a decision.
#[tokio::test]
async fn the_demo_complaints_carry_approved_sent_responses_with_letters() {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    casebook_app::demo::seed(&app).await.unwrap();
    let clerk = Actor::user(&accounts::find_by_username(&app, "raj.patel").await.unwrap(), None);
    let reviewer = accounts::find_by_username(&app, "morag.stewart").await.unwrap();
    let filter = casebook_store::complaints::ComplaintFilter { limit: 100, ..Default::default() };
    let listed = complaints::list(&app, &clerk, &filter).await.unwrap();
    let mut answered = 0;
    let mut findings = Vec::new();
    let (mut interim_letters, mut awaiting_approval, mut extensions_pending) = (0, 0, 0);
    for summary in &listed {
        let record = complaints::read(&app, &clerk, summary.id).await.unwrap().record;
        let letters = letters::list(&app, &clerk, summary.id).await.unwrap();
        interim_letters += letters.iter().filter(|l| l.kind == "interim").count();
        for part in &record.complaint.parts {
            extensions_pending += usize::from(part.extension_requested.is_some());
            let r = complaints::read_response(&app, &clerk, summary.id, &part.number.to_string()).await.unwrap();
            let Some(response) = r.response else { continue };
            match &response.stage {
                Stage::OutcomeRecorded { approval, .. } => {
                    answered += 1;
                    assert_eq!(approval.by.user_id, reviewer.id);
                    assert_ne!(response.draft.author.user_id, reviewer.id);
                    assert!(r.gaps.is_empty(), "{:?}", r.gaps);
                    assert_eq!(part.outcome, response.sent().map(|(_, o)| o));
                    let letter = letters.iter().find(|l| l.kind == "response" && l.part == Some(i64::from(part.number)));
                    let letter = letter.expect("the response letter is kept");
                    assert!(letter.body_text.contains(&response.draft.content.investigation_and_findings), "{}", letter.body_text);
                    findings.push(response.draft.content.investigation_and_findings.clone());
                }
                Stage::SubmittedForQualityAssurance { .. } => awaiting_approval += 1,
                other => panic!("unexpected demo stage {other:?}"),
            }
        }
    }
    assert_eq!((answered, interim_letters, awaiting_approval, extensions_pending), (3, 1, 1, 1));
    let returned = audit_actions(&app).await.iter().filter(|a| *a == "complaint_response.returned").count();
    assert_eq!(returned, 1, "one demo draft went back with comments first");

    // The board's copy of a shared, answered complaint is the response letter as sent.
    let board = Actor::user(&accounts::find_by_username(&app, "helen.ward").await.unwrap(), None);
    let copies: Vec<_> = casebook_app::complaint_reports::board::list(&app, &board)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|item| match item.view {
            casebook_domain::complaints::board::BoardView::Allowed(copy) => copy.response_text.filter(|t| !t.is_empty()),
            _ => None,
        })
        .collect();
    assert!(!copies.is_empty(), "the board sees at least one response copy");
    assert!(copies.iter().all(|t| findings.iter().any(|f| t.contains(f.as_str()))), "{copies:?}");
}

/// The demo's answered complaints carry aftercare made through the real use
/// cases, so the registers a new user opens are not empty: an accepted
/// payment awaiting payment, a lesson with an owner, an officer found
/// against, an escalation, and a proposal to end correspondence waiting for
/// a senior reviewer.
#[tokio::test]
async fn the_demo_has_aftercare_on_its_answered_complaints() {
    use casebook_app::complaint_aftercare::{ex_gratia, lessons, officers, ombudsman, persistent};
    use casebook_domain::complaints::ex_gratia::Status;
    use casebook_domain::complaints::persistent::CorrespondenceState;
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    casebook_app::demo::seed(&app).await.unwrap();
    let clerk = Actor::user(&accounts::find_by_username(&app, "raj.patel").await.unwrap(), None);

    let register = ex_gratia::register(&app, &clerk, None).await.unwrap();
    let [(_, payment)] = register.rows.as_slice() else { panic!("one demo payment, got {}", register.rows.len()) };
    assert_eq!((payment.amount_pence, payment.status), (Some(5_000), Status::Accepted));
    assert!(payment.offered_on.is_some() && payment.paid_on.is_none());
    let letters = payment.complaint_id;

    let log = lessons::log(&app, &clerk, None).await.unwrap();
    assert_eq!(log.len(), 1, "one lesson");
    assert!(!log[0].overdue);

    let named = officers::named(&app, &clerk, letters).await.unwrap();
    assert_eq!(named.len(), 1, "the post-room officer is named on the letters complaint");
    assert_eq!(named[0].finding.map(|(f, _)| f), Some(Outcome::Substantiated));

    let decisions = persistent::decisions(&app, &clerk, None).await.unwrap();
    let [line] = decisions.as_slice() else { panic!("one demo decision, got {}", decisions.len()) };
    assert!(matches!(line.decision.state, CorrespondenceState::Proposed(_)), "awaiting approval");
    let library = line.complaint_id.expect("on a complaint");
    assert_eq!(ombudsman::escalations(&app, &clerk, library).await.unwrap().escalations.len(), 1);
}
