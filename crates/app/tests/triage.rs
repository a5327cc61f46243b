//! THRIVE use cases against a real database and a stopped clock: an
//! assessment saved with its contact in one transaction (or nothing saved),
//! the audit summary, live proposals, replacing the grading rules, the
//! report and the demo's assessments. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::accounts::{self};
use casebook_app::contacts::{self, ContactSearch, Logged};
use casebook_app::triage::{self, ReportDates};
use casebook_app::{Actor, App, AppError, demo};
use casebook_domain::contacts::{Channel, ContactDraft};
use casebook_domain::triage::{Grade, GradingPolicy, TriageDraft};
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use jiff::Timestamp;

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

struct World {
    _db: TestDb,
    app: App,
    handler: Actor,
    manager: Actor,
    reviewer: Actor,
    board: Actor,
}

async fn world() -> World {
    let (test, app) = support::app_at(t0()).await;
    let _system = Actor::system("test setup");
    support::site(&app, "NP-COMMS", "Northumbria Police Communications Centre", "contact-centre").await;
    let mut actors = Vec::new();
    for (name, role) in
        [("hal.handler", "call-handler"), ("meg.manager", "manager"), ("rev.reviewer", "senior-reviewer"), ("bo.board", "monitoring-board")]
    {
        actors.push(support::staff(&app, name, role, "eo", "np-comms").await.0);
    }
    let [handler, manager, reviewer, board] = actors.try_into().unwrap();
    World { _db: test, app, handler, manager, reviewer, board }
}

fn thrive(levels: [&str; 6], decision: &str) -> TriageDraft {
    let note = |l: &str| if matches!(l, "medium" | "high") { format!("Judged {l} on what the caller said") } else { String::new() };
    TriageDraft {
        threat: levels[0].into(),
        threat_note: note(levels[0]),
        harm: levels[1].into(),
        harm_note: note(levels[1]),
        risk: levels[2].into(),
        risk_note: note(levels[2]),
        investigation: levels[3].into(),
        investigation_note: note(levels[3]),
        vulnerability: levels[4].into(),
        vulnerability_note: note(levels[4]),
        engagement: levels[5].into(),
        engagement_note: note(levels[5]),
        decision: decision.into(),
        ..TriageDraft::default()
    }
}

fn draft(channel: &str, triage: Option<TriageDraft>) -> ContactDraft {
    ContactDraft {
        occurred_at: "2026-03-02T08:45:00Z".into(),
        channel: channel.into(),
        direction: "inbound".into(),
        anonymous: true,
        subject: "Neighbour shouting threats".into(),
        category: "request".into(),
        outcome: "referred".into(),
        triage,
        ..ContactDraft::default()
    }
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn logged_summaries(app: &App) -> Vec<String> {
    let mut tx = app.db.read().await.unwrap();
    let filter = AuditFilter { action: Some("contact.logged".into()), limit: 100, ..AuditFilter::default() };
    audit_store::list(&mut tx, &filter).await.unwrap().into_iter().map(|e| e.facts.summary).collect()
}

async fn contact_count(w: &World) -> usize {
    contacts::list_contacts(&w.app, &w.manager, &ContactSearch::default(), 200).await.unwrap().len()
}

async fn log(w: &World, d: &ContactDraft) -> i64 {
    match contacts::log_contact(&w.app, &w.handler, d, None).await.unwrap() {
        Logged::Created(id) => id,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_assessment_is_saved_with_its_contact_and_audited_with_the_grade() {
    let w = world().await;
    let id = log(&w, &draft("call-101", Some(thrive(["high", "low", "high", "low", "low", "low"], "accept")))).await;
    let detail = contacts::get_contact(&w.app, &w.handler, id).await.unwrap();
    let t = detail.triage.expect("the assessment");
    assert_eq!((t.proposed, t.final_grade, t.override_reason), (Grade::Emergency, Grade::Emergency, None));
    assert_eq!(t.factors[0].note, "Judged high on what the caller said");
    assert_eq!(t.policy_version, None, "the built-in rules");

    let mut overridden = thrive(["low"; 6], "override");
    overridden.override_grade = "priority".into();
    overridden.override_reason = "Caller's child has not come home".into();
    let second = log(&w, &draft("email", Some(overridden))).await;
    let t = contacts::get_contact(&w.app, &w.handler, second).await.unwrap().triage.unwrap();
    assert_eq!((t.proposed, t.final_grade), (Grade::ResolutionWithoutDeployment, Grade::Priority));
    assert_eq!(t.override_reason.as_deref(), Some("Caller's child has not come home"));

    let plain = log(&w, &draft("call-101", None)).await;
    assert_eq!(contacts::get_contact(&w.app, &w.handler, plain).await.unwrap().triage, None);

    let summaries = logged_summaries(&w.app).await;
    assert_eq!(summaries.len(), 3);
    assert!(summaries.iter().any(|s| s.ends_with("; THRIVE grade 1 (emergency) as proposed")), "{summaries:?}");
    assert!(
        summaries.iter().any(|s| s.ends_with("; THRIVE grade 2 (priority), overridden from grade 4 (resolution-without-deployment)")),
        "{summaries:?}"
    );
    assert!(summaries.iter().any(|s| !s.contains("THRIVE")), "{summaries:?}");
}

#[tokio::test]
async fn invalid_thrive_saves_nothing_not_even_the_contact() {
    let w = world().await;
    let mut no_reason = thrive(["low"; 6], "override");
    no_reason.override_grade = "emergency".into();
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &draft("call-101", Some(no_reason)), None).await), ["override_reason"]);
    let mut unexplained = thrive(["low", "low", "high", "low", "low", "low"], "accept");
    unexplained.risk_note.clear();
    unexplained.harm.clear();
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &draft("call-101", Some(unexplained)), None).await), ["harm", "risk_note"]);
    let undecided = thrive(["low"; 6], "");
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &draft("call-101", Some(undecided)), None).await), ["decision"]);
    assert_eq!(contact_count(&w).await, 0);
    assert!(logged_summaries(&w.app).await.is_empty());
}

#[tokio::test]
async fn proposals_use_the_rules_in_force_which_managers_replace() {
    let w = world().await;
    let levels = thrive(["medium", "none", "none", "none", "none", "none"], "");
    assert_eq!(triage::proposal(&w.app, &w.handler, &levels).await.unwrap().grade, Grade::Scheduled);
    assert_eq!(fields(triage::proposal(&w.app, &w.handler, &TriageDraft { risk: "severe".into(), ..levels.clone() }).await), ["risk"]);
    assert!(matches!(triage::proposal(&w.app, &w.board, &levels).await, Err(AppError::Forbidden)));

    let rules = triage::grading_rules(&w.app, &w.handler).await.unwrap();
    assert_eq!((rules.policy.clone(), rules.version()), (GradingPolicy::default_preset(), None));
    assert!(matches!(triage::grading_rules(&w.app, &w.board).await, Err(AppError::Forbidden)));

    // A stricter office: any medium factor is a priority.
    let mut stricter = GradingPolicy::default_preset();
    for rule in &mut stricter.rules {
        if rule.grade == Grade::Scheduled {
            rule.grade = Grade::Priority;
        }
    }
    assert!(matches!(triage::replace_grading_rules(&w.app, &w.handler, &stricter, None).await, Err(AppError::Forbidden)));
    assert!(matches!(triage::replace_grading_rules(&w.app, &w.reviewer, &stricter, None).await, Err(AppError::Forbidden)));
    let mut backwards = stricter.clone();
    backwards.rules.reverse();
    match triage::replace_grading_rules(&w.app, &w.manager, &backwards, None).await {
        Err(AppError::Invalid(errors)) => assert!(errors.get("rules").unwrap().contains("most to least urgent"), "{errors:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(triage::grading_rules(&w.app, &w.manager).await.unwrap().version(), None, "a refused policy is not saved");
    assert_eq!(triage::replace_grading_rules(&w.app, &w.manager, &stricter, None).await.unwrap(), 1);
    assert!(matches!(triage::replace_grading_rules(&w.app, &w.manager, &stricter, None).await, Err(AppError::StaleEdit(_))));

    assert_eq!(triage::proposal(&w.app, &w.handler, &levels).await.unwrap().grade, Grade::Priority);
    let id = log(&w, &draft("call-101", Some(thrive(["medium", "none", "none", "none", "none", "none"], "accept")))).await;
    let t = contacts::get_contact(&w.app, &w.handler, id).await.unwrap().triage.unwrap();
    assert_eq!((t.final_grade, t.policy_version), (Grade::Priority, Some(1)));
    let mut tx = w.app.db.read().await.unwrap();
    let filter = AuditFilter { action: Some("policy.replaced".into()), limit: 10, ..AuditFilter::default() };
    assert_eq!(audit_store::list(&mut tx, &filter).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_report_counts_grades_by_channel_with_totals_and_lists_overrides() {
    let w = world().await;
    log(&w, &draft("call-101", Some(thrive(["high", "low", "high", "low", "low", "low"], "accept")))).await;
    log(&w, &draft("call-101", Some(thrive(["low"; 6], "accept")))).await;
    let mut changed = thrive(["low"; 6], "override");
    changed.override_grade = "scheduled".into();
    changed.override_reason = "Elderly caller, wants a visit".into();
    log(&w, &draft("email", Some(changed))).await;
    log(&w, &draft("email", None)).await;

    let r = triage::report(&w.app, &w.manager, &ReportDates::default()).await.unwrap();
    assert_eq!((r.from.to_string(), r.to.to_string()), ("2026-02-03".to_owned(), "2026-03-02".to_owned()), "four weeks up to today");
    let rows: Vec<_> = r.rows.iter().map(|row| (row.channel, row.counts, row.total)).collect();
    assert_eq!(rows, [(Channel::Call101, [1, 0, 0, 1], 2), (Channel::Email, [0, 0, 1, 0], 1)]);
    assert_eq!((r.totals, r.total), ([1, 0, 1, 1], 3));
    assert_eq!(r.overrides.len(), 1);
    assert_eq!((r.overrides[0].proposed, r.overrides[0].final_grade), (Grade::ResolutionWithoutDeployment, Grade::Scheduled));
    assert_eq!(r.overrides[0].reason, "Elderly caller, wants a visit");

    let earlier = ReportDates { from: "2026-02-01".into(), to: "2026-03-01".into() };
    assert_eq!(triage::report(&w.app, &w.reviewer, &earlier).await.unwrap().total, 0);
    let bad = ReportDates { from: "yesterday".into(), to: "2026-01-01".into() };
    assert_eq!(fields(triage::report(&w.app, &w.manager, &bad).await), ["from"]);
    let both_bad = ReportDates { from: "yesterday".into(), to: "tomorrow".into() };
    assert_eq!(fields(triage::report(&w.app, &w.manager, &both_bad).await), ["from", "to"]);
    let end_only = ReportDates { from: String::new(), to: "2026-02-28".into() };
    let r = triage::report(&w.app, &w.manager, &end_only).await.unwrap();
    assert_eq!((r.from.to_string(), r.total), ("2026-02-01".to_owned(), 0), "four weeks up to the end date");
    let backwards = ReportDates { from: "2026-03-02".into(), to: "2026-03-01".into() };
    assert_eq!(fields(triage::report(&w.app, &w.manager, &backwards).await), ["to"]);
    assert!(matches!(triage::report(&w.app, &w.handler, &ReportDates::default()).await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn the_demo_assesses_some_contacts_with_one_override() {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    demo::seed(&app).await.unwrap();
    let manager = Actor::user(&accounts::find_by_username(&app, "niamh.kelly").await.unwrap(), None);
    let r = triage::report(&app, &manager, &ReportDates::default()).await.unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.overrides.len(), 1);
    assert_eq!((r.overrides[0].proposed, r.overrides[0].final_grade), (Grade::Scheduled, Grade::Priority));
}
