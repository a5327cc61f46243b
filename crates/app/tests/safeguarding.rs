//! Safeguarding use cases against a real database and a stopped clock:
//! who may read and change markers (every read audited), concerns becoming
//! a manager's task, tasks completed only by their assignee, and merges and
//! unmerges with both persons in the trail. Bad input saves nothing. Runs
//! on SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::contacts;
use casebook_app::people::{self, PersonForm};
use casebook_app::{Actor, App, AppError, merges, safeguarding, tasks};
use casebook_domain::contacts::ContactDraft;
use casebook_domain::safeguarding::{ConcernDraft, MarkerDraft};
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;

struct World {
    _db: TestDb,
    app: App,
    handler: Actor,
    manager: Actor,
    manager_id: i64,
    other_manager: Actor,
}

async fn world() -> World {
    let (test, app) = support::app_at("2026-03-02T09:00:00.123456Z".parse().unwrap()).await;
    support::site(&app, "BEDS-CC", "Bedfordshire Contact Centre", "contact-centre").await;
    let handler = actor_with(&app, "hal.handler", "call-handler").await;
    let (manager, manager_id) = support::staff(&app, "meg.manager", "manager", "eo", "beds-cc").await;
    let other_manager = actor_with(&app, "max.manager", "manager").await;
    World { _db: test, app, handler, manager, manager_id, other_manager }
}

async fn actor_with(app: &App, username: &str, role: &str) -> Actor {
    support::staff(app, username, role, "eo", "beds-cc").await.0
}

async fn person(w: &World, given: &str, phone: &str) -> i64 {
    let f = PersonForm {
        given: given.into(),
        family: "Lee".into(),
        date_of_birth: "1984-07-19".into(),
        phones: vec![phone.into()],
        ..PersonForm::default()
    };
    people::create_person(&w.app, &w.handler, &f).await.unwrap().id
}

fn marker() -> MarkerDraft {
    MarkerDraft {
        kind: "autism".into(),
        reasonable_adjustments: "Prefers email, needs extra time".into(),
        source: "Told us herself".into(),
        source_date: "2026-03-01".into(),
        lawful_basis: "safeguarding-individuals-at-risk".into(),
        review_date: String::new(),
    }
}

async fn events(app: &App) -> Vec<(String, Option<String>, String)> {
    let mut tx = app.db.read().await.unwrap();
    let mut found: Vec<_> = audit_store::list(&mut tx, &AuditFilter { limit: 1000, ..AuditFilter::default() })
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.facts.action, e.facts.entity_id, e.facts.summary))
        .collect();
    found.reverse();
    found
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn every_marker_read_is_audited_without_the_content() {
    let w = world().await;
    let p = person(&w, "Ann", "07700 900201").await;
    let recorded = safeguarding::record_marker(&w.app, &w.manager, p, &marker()).await.unwrap();
    assert_eq!(recorded.review_date.to_string(), "2027-03-02");
    let senior = actor_with(&w.app, "sue.senior", "senior-reviewer").await;
    let before = events(&w.app).await.len();
    for reader in [&w.handler, &w.manager, &senior] {
        let found = safeguarding::read_markers(&w.app, reader, p).await.unwrap();
        assert_eq!(found, std::slice::from_ref(&recorded));
    }
    let after = events(&w.app).await;
    assert_eq!(after.len(), before + 3, "one audit event per read");
    for (action, entity, summary) in &after[before..] {
        assert_eq!(action, "person.special_category_read");
        assert_eq!(entity.as_deref(), Some(p.to_string().as_str()));
        assert!(!summary.to_lowercase().contains("autism") && !summary.contains("email"), "{summary}");
    }
    // Nor does recording one put its content in the trail, which administrators read.
    assert!(after.iter().all(|(_, _, s)| !s.to_lowercase().contains("autism")));
    assert!(matches!(safeguarding::read_markers(&w.app, &w.handler, p + 100).await, Err(AppError::NotFound("person"))));
}

#[tokio::test]
async fn only_need_to_know_roles_read_markers_and_only_managers_change_them() {
    let w = world().await;
    let p = person(&w, "Ann", "07700 900201").await;
    let marker_id = safeguarding::record_marker(&w.app, &w.manager, p, &marker()).await.unwrap().id;
    let before = events(&w.app).await.len();
    for role in ["monitoring-board", "investigator", "compliance-officer", "administrator"] {
        let who = actor_with(&w.app, &format!("x.{role}"), role).await;
        assert!(matches!(safeguarding::read_markers(&w.app, &who, p).await, Err(AppError::Forbidden)), "{role} read markers");
        assert!(matches!(safeguarding::record_marker(&w.app, &who, p, &marker()).await, Err(AppError::Forbidden)));
        assert!(matches!(safeguarding::withdraw_marker(&w.app, &who, marker_id, "x").await, Err(AppError::Forbidden)));
    }
    assert!(matches!(safeguarding::record_marker(&w.app, &w.handler, p, &marker()).await, Err(AppError::Forbidden)));
    assert!(matches!(safeguarding::withdraw_marker(&w.app, &w.handler, marker_id, "x").await, Err(AppError::Forbidden)));
    // Four accounts created, nothing else.
    assert_eq!(events(&w.app).await.len(), before + 4);

    let withdrawn = safeguarding::withdraw_marker(&w.app, &w.manager, marker_id, "No longer accurate").await.unwrap();
    assert_eq!(withdrawn.withdrawal.unwrap().reason, "No longer accurate");
    assert_eq!(fields(safeguarding::withdraw_marker(&w.app, &w.manager, marker_id, "again").await), ["marker"]);
    assert!(matches!(safeguarding::withdraw_marker(&w.app, &w.manager, marker_id + 9, "x").await, Err(AppError::NotFound("marker"))));
}

#[tokio::test]
async fn bad_markers_and_concerns_name_the_field_and_save_nothing() {
    let w = world().await;
    let p = person(&w, "Ann", "07700 900201").await;
    let before = events(&w.app).await.len();
    let bad = MarkerDraft { source: " ".into(), source_date: "2026-03-03".into(), review_date: "2026-03-02".into(), ..marker() };
    assert_eq!(fields(safeguarding::record_marker(&w.app, &w.manager, p, &bad).await), ["source", "source_date", "review_date"]);
    let concern = ConcernDraft { manager_id: w.handler.user_id.unwrap().to_string(), noticed: "".into(), contact_id: String::new() };
    assert_eq!(fields(safeguarding::raise_concern(&w.app, &w.handler, p, &concern).await), ["noticed"]);
    let not_a_manager = ConcernDraft { noticed: "Confused".into(), ..concern };
    assert_eq!(fields(safeguarding::raise_concern(&w.app, &w.handler, p, &not_a_manager).await), ["manager_id"]);
    let wrong_contact = ConcernDraft { manager_id: w.manager_id.to_string(), contact_id: "999".into(), ..not_a_manager };
    assert_eq!(fields(safeguarding::raise_concern(&w.app, &w.handler, p, &wrong_contact).await), ["contact_id"]);
    assert_eq!(events(&w.app).await.len(), before);
    assert!(safeguarding::read_markers(&w.app, &w.manager, p).await.unwrap().is_empty());
    assert!(tasks::my_tasks(&w.app, &w.manager).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_concern_becomes_the_managers_task_which_only_they_complete() {
    let w = world().await;
    let p = person(&w, "Ann", "07700 900201").await;
    let draft = ContactDraft {
        occurred_at: "2026-03-02T08:00:00Z".into(),
        channel: "call-101".into(),
        direction: "inbound".into(),
        person_id: p.to_string(),
        subject: "Called again".into(),
        category: "enquiry".into(),
        outcome: "resolved-at-first-contact".into(),
        ..ContactDraft::default()
    };
    let contact = contacts::log_contact(&w.app, &w.handler, &draft, None).await.unwrap().id();
    let investigator = actor_with(&w.app, "ivy.investigator", "investigator").await;
    let concern = ConcernDraft {
        manager_id: w.manager_id.to_string(),
        noticed: "Seemed very confused about dates".into(),
        contact_id: contact.to_string(),
    };
    let task = safeguarding::raise_concern(&w.app, &investigator, p, &concern).await.unwrap();
    assert_eq!(task.assignee_id, w.manager_id);
    assert_eq!(task.title, "Concern about Ann Lee");
    assert_eq!((task.person_id, task.contact_id), (Some(p), Some(contact)));
    let (action, entity, summary) = events(&w.app).await.pop().unwrap();
    assert_eq!((action.as_str(), entity), ("person.concern_raised", Some(p.to_string())));
    assert!(!summary.contains("confused"), "{summary}");

    let board = actor_with(&w.app, "bob.board", "monitoring-board").await;
    assert!(matches!(safeguarding::raise_concern(&w.app, &board, p, &concern).await, Err(AppError::Forbidden)));
    assert_eq!(tasks::my_tasks(&w.app, &w.manager).await.unwrap(), std::slice::from_ref(&task));
    assert!(tasks::my_tasks(&w.app, &w.other_manager).await.unwrap().is_empty());
    assert!(matches!(tasks::complete_task(&w.app, &w.other_manager, task.id, "Mine now").await, Err(AppError::Forbidden)));
    assert_eq!(fields(tasks::complete_task(&w.app, &w.manager, task.id, " ").await), ["note"]);
    let done = tasks::complete_task(&w.app, &w.manager, task.id, "Agreed written contact; marker recorded").await.unwrap();
    assert!(!done.is_open());
    assert_eq!(fields(tasks::complete_task(&w.app, &w.manager, task.id, "again").await), ["state"]);
    assert_eq!(events(&w.app).await.pop().unwrap().0, "task.completed");
}

#[tokio::test]
async fn merges_and_unmerges_are_managers_and_audited_on_both_persons() {
    let w = world().await;
    let keep = person(&w, "Ann", "07700 900201").await;
    let dup = person(&w, "Anne", "07700 900202").await;
    safeguarding::record_marker(&w.app, &w.manager, dup, &marker()).await.unwrap();
    let before = events(&w.app).await.len();

    assert!(matches!(merges::merge_persons(&w.app, &w.handler, keep, &dup.to_string(), "dup").await, Err(AppError::Forbidden)));
    assert_eq!(fields(merges::merge_persons(&w.app, &w.manager, keep, &keep.to_string(), "dup").await), ["merged_id"]);
    assert_eq!(fields(merges::merge_persons(&w.app, &w.manager, keep, "", "dup").await), ["merged_id"]);
    assert_eq!(fields(merges::merge_persons(&w.app, &w.manager, keep, "9999", "dup").await), ["merged_id"]);
    assert_eq!(fields(merges::merge_persons(&w.app, &w.manager, keep, &dup.to_string(), "  ").await), ["reason"]);
    assert_eq!(events(&w.app).await.len(), before, "refused merges save nothing");
    assert!(people::get_person(&w.app, &w.manager, dup).await.unwrap().merged_into_id.is_none());

    let (s, m) = merges::preview_merge(&w.app, &w.manager, keep, &dup.to_string()).await.unwrap();
    assert_eq!((s.id, m.id), (keep, dup));
    let merge = merges::merge_persons(&w.app, &w.manager, keep, &format!(" {dup} "), "Same date of birth and address").await.unwrap();
    let trail = events(&w.app).await;
    let merged_events: Vec<_> = trail[before..].iter().filter(|e| e.0 == "person.merged").collect();
    assert_eq!(merged_events.iter().map(|e| e.1.clone().unwrap()).collect::<Vec<_>>(), [keep.to_string(), dup.to_string()]);
    assert!(merged_events[0].2.contains(&format!("person {dup}")) && merged_events[0].2.contains(&format!("person {keep}")));
    assert_eq!(safeguarding::read_markers(&w.app, &w.manager, keep).await.unwrap().len(), 1, "markers follow the person");
    assert_eq!(fields(merges::merge_persons(&w.app, &w.manager, keep, &dup.to_string(), "again").await), ["merged_id"]);
    assert_eq!(fields(merges::preview_merge(&w.app, &w.manager, dup, &keep.to_string()).await), ["survivor_id"]);
    assert_eq!(fields(safeguarding::record_marker(&w.app, &w.manager, dup, &marker()).await), ["person"]);
    assert!(people::search_persons(&w.app, &w.handler, "anne", 10, 0).await.unwrap().iter().all(|p| p.id != dup));

    assert!(matches!(merges::unmerge(&w.app, &w.handler, merge.id, "x").await, Err(AppError::Forbidden)));
    assert_eq!(fields(merges::unmerge(&w.app, &w.manager, merge.id, "").await), ["reason"]);
    let undone = merges::unmerge(&w.app, &w.manager, merge.id, "Twins, not one person").await.unwrap();
    assert!(undone.unmerged.is_some());
    let trail = events(&w.app).await;
    let unmerged: Vec<_> = trail.iter().filter(|e| e.0 == "person.unmerged").map(|e| e.1.clone().unwrap()).collect();
    assert_eq!(unmerged, [keep.to_string(), dup.to_string()]);
    assert_eq!(fields(merges::unmerge(&w.app, &w.manager, merge.id, "again").await), ["merge"]);
    assert_eq!(safeguarding::read_markers(&w.app, &w.manager, dup).await.unwrap().len(), 1, "the marker went back");
    assert!(matches!(merges::unmerge(&w.app, &w.manager, merge.id + 7, "x").await, Err(AppError::NotFound("merge"))));
    assert_eq!(merges::merges_for_person(&w.app, &w.manager, keep).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_flagged_frequent_caller_is_not_merged_away_until_the_flag_is_lifted() {
    let w = world().await;
    let keep = person(&w, "Anne", "07700 900201").await;
    let dup = person(&w, "Ann", "07700 900202").await;
    let plan = casebook_app::frequent_callers::PlanForm {
        handled_by: "Neighbourhood team".into(),
        what_to_say: "Log it and say the team will call back".into(),
        pathway: "Community mental health team".into(),
    };
    casebook_app::frequent_callers::flag(&w.app, &w.manager, dup, "Daily calls", &plan, "", None).await.unwrap();
    assert_eq!(fields(merges::merge_persons(&w.app, &w.manager, keep, &dup.to_string(), "Same person").await), ["merged_id"]);
    casebook_app::frequent_callers::lift(&w.app, &w.manager, dup, "Calls stopped", None).await.unwrap();
    merges::merge_persons(&w.app, &w.manager, keep, &dup.to_string(), "Same person").await.unwrap();
}
