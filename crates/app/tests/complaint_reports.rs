//! Complaint reports against a real database: the monitoring board sees
//! exactly what the complainant agreed to share and only its own site's
//! complaints (every read audited); the monthly summary's counts; the dip
//! sample drawn reproducibly, refusals that save nothing, and a poor
//! response sent back to the site's delivery manager as a task. Runs on
//! SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::complaint_reports::demo::{answer, at};
use casebook_app::complaint_reports::dip_samples::{self, DrawForm, FindingForm};
use casebook_app::complaint_reports::{board, summary};
use casebook_app::complaints::{self, AllocateForm, TriageForm};
use casebook_app::people::{self, PersonForm};
use casebook_app::{Actor, App, AppError, tasks};
use casebook_domain::complaints::board::BoardView;
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_domain::complaints::response::Outcome;
use casebook_domain::tasks::TaskKind;
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use jiff::Timestamp;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

struct World {
    _db: TestDb,
    /// Stopped in March 2026, when the complaints are made and answered.
    march: App,
    /// Stopped in April 2026, when March is reported on.
    april: App,
    clerk: Actor,
    reviewer_id: i64,
    investigator_id: i64,
    manager: Actor,
    board: Actor,
    site_id: i64,
    other_site_id: i64,
    person_id: i64,
}

async fn user(app: &App, username: &str, role: &str, site: &str) -> (Actor, i64) {
    support::staff(app, username, role, "heo", site).await
}

async fn site(app: &App, code: &str, name: &str) -> i64 {
    support::site(app, code, name, "contact-centre").await
}

async fn world() -> World {
    let test = TestDb::new().await.unwrap();
    let base = App::new(test.db.clone());
    let march = at(&base, ts("2026-03-02T09:00:00Z"));
    let april = at(&base, ts("2026-04-10T09:00:00Z"));
    let site_id = site(&march, "MORTON", "Morton Hall").await;
    let other_site_id = site(&march, "DOVER", "Dover").await;
    let (clerk, _) = user(&march, "cora.clerk", "compliance-officer", "MORTON").await;
    let (_, reviewer_id) = user(&march, "rex.reviewer", "senior-reviewer", "MORTON").await;
    let (_, investigator_id) = user(&march, "ivan.investigator", "investigator", "MORTON").await;
    let (manager, _) = user(&march, "meg.manager", "manager", "MORTON").await;
    let (board, _) = user(&march, "bea.board", "monitoring-board", "MORTON").await;
    let p = PersonForm { given: "Ada".into(), family: "Obi".into(), date_of_birth: "1990-01-02".into(), ..PersonForm::default() };
    let person_id = people::create_person(&march, &clerk, &p).await.unwrap().id;
    World { _db: test, march, april, clerk, reviewer_id, investigator_id, manager, board, site_id, other_site_id, person_id }
}

fn draft(w: &World, site_id: i64, summary: &str) -> ComplaintDraft {
    support::complaint_from_the_box(site_id, w.person_id, summary)
}

/// Received, triaged, logged and allocated at `site_id` in March.
async fn allocated(w: &World, d: &ComplaintDraft) -> i64 {
    let id = complaints::receive(&w.march, &w.clerk, d, None).await.unwrap().id;
    complaints::triage(&w.march, &w.clerk, id, &TriageForm { category: "service-delivery".into(), ..TriageForm::default() }).await.unwrap();
    complaints::log(&w.march, &w.clerk, id).await.unwrap();
    let form =
        AllocateForm { body: "supplier-centre-manager".into(), investigator: w.investigator_id.to_string(), ..AllocateForm::default() };
    complaints::allocate(&w.march, &w.clerk, id, &form).await.unwrap();
    id
}

async fn answered(w: &World, d: &ComplaintDraft, outcome: Outcome) -> i64 {
    let id = allocated(w, d).await;
    answer(&at(&w.march, ts("2026-03-10T10:00:00Z")), &w.clerk, w.reviewer_id, id, outcome).await.unwrap();
    id
}

async fn audit_actions(app: &App) -> Vec<String> {
    let mut tx = app.db.read().await.unwrap();
    let filter = AuditFilter { limit: 1000, ..AuditFilter::default() };
    audit_store::list(&mut tx, &filter).await.unwrap().into_iter().map(|e| e.facts.action).collect()
}

#[tokio::test]
async fn the_board_sees_copies_of_shared_complaints_and_only_date_and_outcome_of_the_rest() {
    let w = world().await;
    let shared = answered(&w, &draft(&w, w.site_id, "The food was cold every evening."), Outcome::Substantiated).await;
    let private = ComplaintDraft { do_not_share_with_board: true, ..draft(&w, w.site_id, "A private matter about my family.") };
    let private = answered(&w, &private, Outcome::NotSubstantiated).await;
    let sealed = ComplaintDraft {
        confidential: true,
        visible_to_roles: vec!["compliance-officer".into()],
        ..draft(&w, w.site_id, "A sealed complaint about an officer.")
    };
    let sealed = allocated(&w, &sealed).await;
    let elsewhere = allocated(&w, &draft(&w, w.other_site_id, "At another centre.")).await;
    let unlogged = complaints::receive(&w.march, &w.clerk, &draft(&w, w.site_id, "Not yet logged."), None).await.unwrap().id;

    let seen = board::list(&w.april, &w.board).await.unwrap();
    let ids: Vec<i64> = seen.iter().map(|i| i.id).collect();
    assert_eq!(ids, [sealed, private, shared], "own site, logged only, newest first");
    assert!(!ids.contains(&elsewhere) && !ids.contains(&unlogged));

    let BoardView::Allowed(copy) = board::read(&w.april, &w.board, shared).await.unwrap().view else { panic!("shared") };
    assert_eq!(copy.summary, "The food was cold every evening.");
    assert_eq!(copy.site, "Morton Hall");
    assert_eq!(copy.response_date.map(|d| d.to_string()).as_deref(), Some("2026-03-10"));
    assert_eq!(copy.outcome, Some(Outcome::Substantiated));

    let restricted = board::read(&w.april, &w.board, private).await.unwrap().view;
    let json = serde_json::to_value(&restricted).unwrap();
    assert_eq!(json, serde_json::json!({"sharing": "refused", "response-date": "2026-03-10", "outcome": "not-substantiated"}));
    let sealed_view = serde_json::to_value(board::read(&w.april, &w.board, sealed).await.unwrap().view).unwrap();
    assert_eq!(
        sealed_view,
        serde_json::json!({"sharing": "refused", "response-date": null, "outcome": null}),
        "sealed counts as not shared"
    );

    for id in [elsewhere, unlogged, 999_999] {
        assert!(matches!(board::read(&w.april, &w.board, id).await, Err(AppError::NotFound(_))), "complaint {id}");
    }
    assert!(matches!(board::list(&w.april, &w.clerk).await, Err(AppError::Forbidden)), "the board's view is the board's");
    assert!(matches!(complaints::read(&w.april, &w.board, shared).await, Err(AppError::Forbidden)), "and the board reads nothing else");
    let actions = audit_actions(&w.april).await;
    assert_eq!(actions.iter().filter(|a| *a == "complaint.board_list").count(), 1);
    assert_eq!(actions.iter().filter(|a| *a == "complaint.board_read").count(), 3);
}

#[tokio::test]
async fn the_monthly_summary_counts_each_site_in_sql() {
    let w = world().await;
    answered(&w, &draft(&w, w.site_id, "One."), Outcome::Substantiated).await;
    answered(&w, &draft(&w, w.site_id, "Two."), Outcome::PartiallySubstantiated).await;
    allocated(&w, &draft(&w, w.site_id, "Three, still open.")).await;
    complaints::receive(&w.march, &w.clerk, &draft(&w, w.other_site_id, "Four, not triaged."), None).await.unwrap();

    let s = summary::monthly(&w.april, &w.manager, Some("2026-03")).await.unwrap();
    assert_eq!(s.month.key(), "2026-03");
    let morton = s.sites.iter().find(|l| l.site_id == w.site_id).unwrap();
    assert_eq!((morton.received, morton.responded, morton.substantiated, morton.partially_substantiated), (3, 2, 1, 1));
    assert_eq!((morton.within_target, morton.extended), (2, 0));
    // The open one's target (20 working days from 2 March) is 30 March: overdue at the month's end.
    assert_eq!(morton.overdue, 1);
    let service = s.categories.iter().position(|(k, _)| k == "service-delivery").unwrap();
    assert_eq!(morton.by_category[service], 3);
    let dover = s.sites.iter().find(|l| l.site_id == w.other_site_id).unwrap();
    let untriaged = s.categories.iter().position(|(k, _)| k.is_empty()).unwrap();
    assert_eq!((dover.received, dover.by_category[untriaged]), (1, 1));
    assert_eq!(s.totals.received, 4);

    let february = summary::monthly(&w.april, &w.manager, Some("2026-02")).await.unwrap();
    assert_eq!((february.totals.received, february.totals.overdue), (0, 0));
    assert!(matches!(summary::monthly(&w.april, &w.manager, Some("March")).await, Err(AppError::Invalid(e)) if e.get("month").is_some()));
    assert!(matches!(summary::monthly(&w.april, &w.board, None).await, Err(AppError::Forbidden)));
    assert_eq!(summary::monthly(&w.april, &w.clerk, None).await.unwrap().month.key(), "2026-03", "last month by default");
}

#[tokio::test]
async fn the_dip_sample_is_reproducible_and_a_poor_response_goes_back_to_the_site() {
    let w = world().await;
    let mut ids = Vec::new();
    for n in 0..7 {
        ids.push(answered(&w, &draft(&w, w.site_id, &format!("Complaint {n}")), Outcome::NotSubstantiated).await);
    }
    let form = |month: &str, seed: &str| DrawForm { site_id: w.site_id.to_string(), month: month.into(), seed: seed.into() };

    // Refusals save nothing.
    let refused = dip_samples::draw(&w.april, &w.clerk, &form("2026-04", "x")).await;
    let Err(AppError::Invalid(errors)) = refused else { panic!("{refused:?}") };
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["month", "seed"]);
    let empty = dip_samples::draw(&w.april, &w.clerk, &form("2026-02", "")).await;
    assert!(matches!(empty, Err(AppError::Invalid(e)) if e.get("month").is_some()), "nothing sent in February");
    assert!(dip_samples::list(&w.april, &w.clerk, None).await.unwrap().is_empty());
    assert!(matches!(dip_samples::draw(&w.april, &w.board, &form("2026-03", "1")).await, Err(AppError::Forbidden)));

    let id = dip_samples::draw(&w.april, &w.clerk, &form("2026-03", "42")).await.unwrap();
    let sample = dip_samples::read(&w.april, &w.clerk, id).await.unwrap();
    assert_eq!((sample.sample.seed, sample.sample.population, sample.items.len()), (42, 7, 5));
    let drawn: Vec<i64> = sample.items.iter().map(|l| l.item.complaint_id).collect();
    assert_eq!(
        drawn,
        casebook_domain::complaints::dip_sample::draw(w.site_id, "2026-03".parse_month(), 42, &ids),
        "the recorded seed redraws it"
    );
    let again = dip_samples::draw(&w.april, &w.clerk, &form("2026-03", "42")).await;
    assert!(matches!(again, Err(AppError::Invalid(e)) if e.get("month").is_some()), "one sample per site and month");

    let first = drawn[0];
    let finding = |documents: &str, notes: &str| FindingForm {
        complaint_id: first.to_string(),
        documents_present: documents.into(),
        covers_every_point: "yes".into(),
        escalation_wording: "yes".into(),
        notes: notes.into(),
    };
    let no_notes = dip_samples::record_finding(&w.april, &w.clerk, id, &finding("no", "")).await;
    assert!(matches!(no_notes, Err(AppError::Invalid(e)) if e.get("notes").is_some()));
    let stranger = FindingForm { complaint_id: "999999".into(), ..finding("yes", "") };
    assert!(
        matches!(dip_samples::record_finding(&w.april, &w.clerk, id, &stranger).await, Err(AppError::Invalid(e)) if e.get("complaint_id").is_some())
    );
    assert!(tasks::my_tasks(&w.april, &w.manager).await.unwrap().is_empty(), "refusals made no task");

    let detail = dip_samples::record_finding(&w.april, &w.clerk, id, &finding("no", "No acknowledgement letter on file")).await.unwrap();
    let checked = detail.items.iter().find(|l| l.item.complaint_id == first).unwrap();
    assert_eq!(checked.item.verdict.as_deref(), Some("poor"));
    let task = tasks::my_tasks(&w.april, &w.manager).await.unwrap().into_iter().next().expect("a task for the site's manager");
    assert_eq!(task.kind, TaskKind::PoorComplaintResponse);
    assert!(
        task.detail.contains("No acknowledgement letter on file") && task.detail.contains("required documents missing"),
        "{}",
        task.detail
    );
    assert_eq!(checked.item.task_id, Some(task.id));
    let twice = dip_samples::record_finding(&w.april, &w.clerk, id, &finding("yes", "")).await;
    assert!(matches!(twice, Err(AppError::Invalid(e)) if e.get("complaint_id").is_some()), "checked once");
    let actions = audit_actions(&w.april).await;
    for action in ["complaint.dip_sample_drawn", "complaint.dip_sample_checked", "complaint.poor_response_sent_back"] {
        assert_eq!(actions.iter().filter(|a| *a == action).count(), 1, "{action}");
    }
}

#[tokio::test]
async fn a_poor_response_with_no_manager_at_the_site_is_refused_and_nothing_saved() {
    let w = world().await;
    let id = answered(&w, &draft(&w, w.other_site_id, "At Dover, where no manager works."), Outcome::Substantiated).await;
    let form = DrawForm { site_id: w.other_site_id.to_string(), month: "2026-03".into(), seed: "7".into() };
    let sample = dip_samples::draw(&w.april, &w.clerk, &form).await.unwrap();
    let poor = FindingForm {
        complaint_id: id.to_string(),
        documents_present: "yes".into(),
        covers_every_point: "no".into(),
        escalation_wording: "yes".into(),
        notes: "Point 2 not answered".into(),
    };
    let refused = dip_samples::record_finding(&w.april, &w.clerk, sample, &poor).await;
    assert!(matches!(refused, Err(AppError::Invalid(e)) if e.get("complaint_id").is_some()), "no manager to send it to");
    let detail = dip_samples::read(&w.april, &w.clerk, sample).await.unwrap();
    assert_eq!(detail.items[0].item.verdict, None, "the finding was not saved");
}

trait ParseMonth {
    fn parse_month(&self) -> casebook_domain::complaints::monthly_summary::Month;
}

impl ParseMonth for &str {
    fn parse_month(&self) -> casebook_domain::complaints::monthly_summary::Month {
        casebook_domain::complaints::monthly_summary::Month::parse(self).unwrap()
    }
}
