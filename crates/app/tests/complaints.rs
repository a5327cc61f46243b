//! Complaints use cases against a real database and a stopped clock: the
//! journey from receipt to allocation and acknowledgement, reallocation
//! and recategorisation with history, withdrawal, the work list, urgent
//! escalation to a manager's tasks, sealed complaints hidden from those
//! they are not open to (every read audited), the reference sequence, and
//! refusals that save nothing. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::complaints::{self, AllocateForm, ReallocateForm, RecategoriseForm, TriageForm, WithdrawForm, WorkListFilter};
use casebook_app::people::{self, PersonForm};
use casebook_app::{Actor, App, AppError, policies, tasks};
use casebook_domain::complaints::complaint::{Happened, State};
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::complaints::ComplaintFilter;
use casebook_store::testing::TestDb;

struct World {
    _db: TestDb,
    app: App,
    clerk: Actor,
    investigator: Actor,
    investigator_id: i64,
    manager: Actor,
    manager_id: i64,
    handler: Actor,
    board: Actor,
    site_id: i64,
    person_id: i64,
}

async fn user(app: &App, username: &str, role: &str) -> (Actor, i64) {
    support::staff(app, username, role, "heo", "MORTON").await
}

async fn world() -> World {
    let (test, app) = support::app_at("2026-03-02T09:00:00Z".parse().unwrap()).await;
    let site_id = support::site(&app, "MORTON", "Morton Hall", "contact-centre").await;
    let (clerk, _) = user(&app, "cora.clerk", "compliance-officer").await;
    let (investigator, investigator_id) = user(&app, "ivan.investigator", "investigator").await;
    let (manager, manager_id) = user(&app, "meg.manager", "manager").await;
    let (handler, _) = user(&app, "hal.handler", "call-handler").await;
    let (board, _) = user(&app, "bea.board", "monitoring-board").await;
    let p = PersonForm { given: "Ada".into(), family: "Obi".into(), date_of_birth: "1990-01-02".into(), ..PersonForm::default() };
    let person_id = people::create_person(&app, &clerk, &p).await.unwrap().id;
    World { _db: test, app, clerk, investigator, investigator_id, manager, manager_id, handler, board, site_id, person_id }
}

fn draft(w: &World) -> ComplaintDraft {
    support::complaint_from_the_box(w.site_id, w.person_id, "My property was lost on transfer.")
}

fn triage_as(category: &str) -> TriageForm {
    TriageForm { category: category.into(), ..TriageForm::default() }
}

fn allocate_to(w: &World, body: &str) -> AllocateForm {
    AllocateForm { body: body.into(), investigator: w.investigator_id.to_string(), ..AllocateForm::default() }
}

async fn audit_actions(app: &App) -> Vec<String> {
    let mut tx = app.db.read().await.unwrap();
    let filter = AuditFilter { limit: 1000, ..AuditFilter::default() };
    audit_store::list(&mut tx, &filter).await.unwrap().into_iter().map(|e| e.facts.action).collect()
}

async fn logged(w: &World) -> i64 {
    let c = complaints::receive(&w.app, &w.clerk, &draft(w), None).await.unwrap();
    complaints::triage(&w.app, &w.clerk, c.id, &triage_as("service-delivery")).await.unwrap();
    complaints::log(&w.app, &w.clerk, c.id).await.unwrap();
    c.id
}

#[tokio::test]
async fn a_complaint_goes_from_receipt_to_an_acknowledged_part_with_its_history_and_clocks() {
    let w = world().await;
    let c = complaints::receive(&w.app, &w.clerk, &draft(&w), None).await.unwrap();
    assert_eq!(c.complaint.state, State::Received);
    assert_eq!(c.policy_version, 0, "the built-in preset");
    let c = complaints::triage(&w.app, &w.clerk, c.id, &triage_as("service-delivery")).await.unwrap();
    assert_eq!(c.complaint.state, State::Triaged);
    let c = complaints::log(&w.app, &w.clerk, c.id).await.unwrap();
    let reference = c.complaint.reference.clone().expect("a reference");
    assert!(reference.contains("MORTON") && reference.contains("2026"), "{reference}");
    let c = complaints::allocate(&w.app, &w.clerk, c.id, &allocate_to(&w, "supplier-centre-manager")).await.unwrap();
    assert_eq!(c.complaint.parts.len(), 1);
    assert!(c.complaint.parts[0].target.is_some(), "20 working days to respond");
    let c = complaints::acknowledge(&w.app, &w.investigator, c.id, "1").await.unwrap();
    assert!(c.complaint.parts[0].acknowledged_at.is_some());

    let detail = complaints::read(&w.app, &w.investigator, c.id).await.unwrap();
    let kinds: Vec<String> = detail.record.complaint.history.iter().map(|e| e.what.summary()).collect();
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert!(kinds[0].contains("received") && kinds[4].contains("acknowledged"), "{kinds:?}");
    assert!(!detail.clocks.is_empty(), "clocks are rebuilt from the history");
    assert!(detail.next.is_some());

    let actions = audit_actions(&w.app).await;
    for a in ["complaint.received", "complaint.triaged", "complaint.logged", "complaint.allocated", "complaint.acknowledged"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn references_are_unique_and_a_refused_log_takes_no_number() {
    let w = world().await;
    let a = logged(&w).await;
    let b = complaints::receive(&w.app, &w.clerk, &draft(&w), None).await.unwrap().id;
    // Not triaged yet: refused, and the sequence is untouched.
    assert!(matches!(complaints::log(&w.app, &w.clerk, b).await, Err(AppError::Invalid(_))));
    complaints::triage(&w.app, &w.clerk, b, &triage_as("service-delivery")).await.unwrap();
    complaints::log(&w.app, &w.clerk, b).await.unwrap();
    let ra = complaints::read(&w.app, &w.clerk, a).await.unwrap().record.complaint.reference.unwrap();
    let rb = complaints::read(&w.app, &w.clerk, b).await.unwrap().record.complaint.reference.unwrap();
    assert_ne!(ra, rb);
    assert!(ra.ends_with('1') && rb.ends_with('2'), "{ra} then {rb}");
}

#[tokio::test]
async fn bad_receipts_name_their_fields_and_save_nothing() {
    let w = world().await;
    let mut bad = draft(&w);
    bad.summary = String::new();
    bad.incident_date = "2026-03-05".into();
    let Err(AppError::Invalid(errors)) = complaints::receive(&w.app, &w.clerk, &bad, None).await else { panic!("refused") };
    assert!(errors.get("summary").is_some() && errors.get("incident_date").is_some(), "{errors:?}");
    let mut unknown = draft(&w);
    unknown.complainant_ids = vec!["9999".into()];
    let Err(AppError::Invalid(errors)) = complaints::receive(&w.app, &w.clerk, &unknown, None).await else { panic!("refused") };
    assert!(errors.get("complainant_ids").is_some(), "{errors:?}");
    let all = complaints::list(&w.app, &w.clerk, &ComplaintFilter { limit: 100, ..ComplaintFilter::default() }).await.unwrap();
    assert!(all.is_empty(), "nothing half-saved");
    assert!(!audit_actions(&w.app).await.iter().any(|a| a == "complaint.received"));
}

#[tokio::test]
async fn only_complaint_handlers_receive_and_the_board_and_call_handlers_read_nothing() {
    let w = world().await;
    assert!(matches!(complaints::receive(&w.app, &w.investigator, &draft(&w), None).await, Err(AppError::Forbidden)));
    assert!(matches!(complaints::receive(&w.app, &w.board, &draft(&w), None).await, Err(AppError::Forbidden)));
    let id = logged(&w).await;
    assert!(matches!(complaints::read(&w.app, &w.board, id).await, Err(AppError::Forbidden)));
    assert!(matches!(complaints::read(&w.app, &w.handler, id).await, Err(AppError::Forbidden)));
    assert!(matches!(complaints::work_list(&w.app, &w.board, &WorkListFilter::default()).await, Err(AppError::Forbidden)));
    // Investigators acknowledge but do not allocate.
    assert!(matches!(
        complaints::allocate(&w.app, &w.investigator, id, &allocate_to(&w, "supplier-centre-manager")).await,
        Err(AppError::Forbidden)
    ));
}

#[tokio::test]
async fn a_repeated_api_create_with_the_same_key_makes_one_complaint() {
    let w = world().await;
    let a = complaints::receive(&w.app, &w.clerk, &draft(&w), Some("abc-123")).await.unwrap();
    let b = complaints::receive(&w.app, &w.clerk, &draft(&w), Some("abc-123")).await.unwrap();
    assert_eq!(a.id, b.id);
    let all = complaints::list(&w.app, &w.clerk, &ComplaintFilter { limit: 100, ..ComplaintFilter::default() }).await.unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn a_sealed_complaint_is_not_found_by_roles_it_does_not_name_and_each_read_is_audited() {
    let w = world().await;
    let mut sealed = draft(&w);
    sealed.confidential = true;
    sealed.visible_to_roles = vec!["manager".into(), "compliance-officer".into()];
    let id = complaints::receive(&w.app, &w.clerk, &sealed, None).await.unwrap().id;
    assert!(matches!(complaints::read(&w.app, &w.investigator, id).await, Err(AppError::NotFound(_))));
    let listed = complaints::list(&w.app, &w.investigator, &ComplaintFilter { limit: 100, ..ComplaintFilter::default() }).await.unwrap();
    assert!(listed.is_empty(), "not even listed");
    complaints::read(&w.app, &w.manager, id).await.unwrap();
    complaints::read(&w.app, &w.clerk, id).await.unwrap();
    let reads = audit_actions(&w.app).await.into_iter().filter(|a| a == "complaint.confidential_read").count();
    assert_eq!(reads, 2);
    let listed = complaints::list(&w.app, &w.manager, &ComplaintFilter { limit: 100, ..ComplaintFilter::default() }).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].summary.is_empty(), "a list never shows a sealed complaint's words");
}

#[tokio::test]
async fn an_urgent_matter_gives_the_duty_manager_a_task_at_once() {
    let w = world().await;
    let id = complaints::receive(&w.app, &w.clerk, &draft(&w), None).await.unwrap().id;
    let form = TriageForm { urgent: vec!["threat-of-self-harm".into()], ..triage_as("service-delivery") };
    complaints::triage(&w.app, &w.clerk, id, &form).await.unwrap();
    let mine = tasks::my_tasks(&w.app, &w.manager).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].assignee_id, w.manager_id);
    assert!(mine[0].title.contains(&id.to_string()));
    let detail = complaints::read(&w.app, &w.clerk, id).await.unwrap();
    let decision = detail.record.complaint.triage.unwrap();
    assert_eq!(decision.escalations.len(), 1, "the time of escalation is recorded");
}

#[tokio::test]
async fn an_out_of_time_complaint_needs_a_reason_and_a_refusal_closes_it() {
    let w = world().await;
    let mut late = draft(&w);
    late.incident_date = "2025-09-01".into();
    let id = complaints::receive(&w.app, &w.clerk, &late, None).await.unwrap().id;
    let no_reason = TriageForm { out_of_time: "refuse".into(), ..triage_as("service-delivery") };
    let Err(AppError::Invalid(errors)) = complaints::triage(&w.app, &w.clerk, id, &no_reason).await else { panic!("refused") };
    assert!(errors.iter().any(|e| e.field.starts_with("out_of_time")), "{errors:?}");
    assert_eq!(complaints::read(&w.app, &w.clerk, id).await.unwrap().record.complaint.state, State::Received, "nothing saved");
    let refused = TriageForm { out_of_time_reason: "No good reason for the delay".into(), ..no_reason };
    let c = complaints::triage(&w.app, &w.clerk, id, &refused).await.unwrap();
    assert_eq!(c.complaint.state.label(), "closed");
}

#[tokio::test]
async fn a_cross_cutting_complaint_splits_and_parts_move_with_reasons_kept() {
    let w = world().await;
    let id = logged(&w).await;
    complaints::allocate(&w.app, &w.clerk, id, &allocate_to(&w, "supplier-centre-manager")).await.unwrap();
    let second = AllocateForm { category: "minor-misconduct".into(), ..allocate_to(&w, "hoie-manager") };
    let c = complaints::allocate(&w.app, &w.clerk, id, &second).await.unwrap();
    assert_eq!(c.complaint.parts.len(), 2);

    let move_it = ReallocateForm {
        part: "2".into(),
        body: "escort-supplier".into(),
        investigator: w.investigator_id.to_string(),
        reason: String::new(),
    };
    let Err(AppError::Invalid(errors)) = complaints::reallocate(&w.app, &w.clerk, id, &move_it).await else { panic!("a reason is needed") };
    assert!(errors.get("reason").is_some(), "{errors:?}");
    let move_it = ReallocateForm { reason: "It happened on the escort".into(), ..move_it };
    let c = complaints::reallocate(&w.app, &w.clerk, id, &move_it).await.unwrap();
    assert_eq!(c.complaint.parts[1].body, "escort-supplier");

    let bad = RecategoriseForm { part: "1".into(), category: "parking".into(), reason: "Wrong".into(), ..RecategoriseForm::default() };
    let Err(AppError::Invalid(errors)) = complaints::recategorise(&w.app, &w.clerk, id, &bad).await else { panic!("unknown category") };
    assert!(errors.get("category").is_some(), "{errors:?}");
    let good = RecategoriseForm { category: "minor-misconduct".into(), reason: "Staff conduct after all".into(), ..bad };
    let c = complaints::recategorise(&w.app, &w.clerk, id, &good).await.unwrap();
    assert_eq!(c.complaint.parts[0].category, "minor-misconduct");
    let kinds: Vec<&Happened> = c.complaint.history.iter().map(|e| &e.what).collect();
    assert!(kinds.iter().any(|h| matches!(h, Happened::Reallocated { reason, .. } if reason == "It happened on the escort")));
    assert!(kinds.iter().any(|h| matches!(h, Happened::Recategorised { .. })));

    let unknown = AllocateForm { investigator: "9999".into(), ..allocate_to(&w, "supplier-centre-manager") };
    let Err(AppError::Invalid(errors)) = complaints::allocate(&w.app, &w.clerk, id, &unknown).await else { panic!("no such user") };
    assert!(errors.get("investigator").is_some(), "{errors:?}");
}

#[tokio::test]
async fn withdrawal_closes_without_an_outcome_and_a_second_is_refused() {
    let w = world().await;
    let id = logged(&w).await;
    complaints::allocate(&w.app, &w.clerk, id, &allocate_to(&w, "supplier-centre-manager")).await.unwrap();
    let missing = WithdrawForm::default();
    let Err(AppError::Invalid(errors)) = complaints::withdraw(&w.app, &w.clerk, id, &missing).await else { panic!("refused") };
    assert!(errors.get("on").is_some() && errors.get("method").is_some(), "{errors:?}");
    let early = WithdrawForm { on: "2026-02-01".into(), method: "in-writing".into(), ..WithdrawForm::default() };
    assert!(matches!(complaints::withdraw(&w.app, &w.clerk, id, &early).await, Err(AppError::Invalid(_))), "before receipt");
    let ok = WithdrawForm { on: "2026-03-02".into(), method: "orally".into(), ..WithdrawForm::default() };
    let c = complaints::withdraw(&w.app, &w.clerk, id, &ok).await.unwrap();
    assert_eq!(c.complaint.state.label(), "withdrawn");
    assert!(matches!(complaints::withdraw(&w.app, &w.clerk, id, &ok).await, Err(AppError::Invalid(_))), "already closed");
    let detail = complaints::read(&w.app, &w.clerk, id).await.unwrap();
    assert!(detail.clocks.iter().all(|c| c.clock.is_finished()), "its clocks stop");
}

#[tokio::test]
async fn the_work_list_shows_clocks_by_site_person_and_body() {
    let w = world().await;
    let id = logged(&w).await;
    complaints::allocate(&w.app, &w.clerk, id, &allocate_to(&w, "supplier-centre-manager")).await.unwrap();
    let all = complaints::work_list(&w.app, &w.clerk, &WorkListFilter::default()).await.unwrap();
    assert!(!all.is_empty(), "acknowledgement and sending for investigation are due");
    let mine =
        complaints::work_list(&w.app, &w.investigator, &WorkListFilter { person: Some(w.investigator_id), ..WorkListFilter::default() })
            .await
            .unwrap();
    assert!(mine.due_soon.iter().chain(&mine.due_today).chain(&mine.overdue).all(|i| i.person == Some(w.investigator_id)));
    let other_body = WorkListFilter { body: Some("escort-supplier".into()), ..WorkListFilter::default() };
    assert!(complaints::work_list(&w.app, &w.clerk, &other_body).await.unwrap().is_empty());
    let other_site = WorkListFilter { site_id: Some(w.site_id + 100), ..WorkListFilter::default() };
    assert!(complaints::work_list(&w.app, &w.clerk, &other_site).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_edited_procedure_applies_to_new_complaints_only() {
    let w = world().await;
    let old = complaints::receive(&w.app, &w.clerk, &draft(&w), None).await.unwrap();
    let mut procedure = casebook_domain::complaints::preset_detention::preset();
    procedure.name = "Edited procedure".into();
    let mut work = w.app.begin(&w.manager).await.unwrap();
    policies::replace(&mut work, complaints::PROCEDURE_POLICY, &procedure, None).await.unwrap();
    work.commit().await.unwrap();
    let new = complaints::receive(&w.app, &w.clerk, &draft(&w), None).await.unwrap();
    assert_eq!(new.policy_version, 1);
    assert_eq!(complaints::read(&w.app, &w.clerk, new.id).await.unwrap().procedure.name, "Edited procedure");
    assert_ne!(complaints::read(&w.app, &w.clerk, old.id).await.unwrap().procedure.name, "Edited procedure");
}

/// Group commit: complaints received at the same moment share a
/// transaction, yet each keeps its own checks, audit event and answer.
#[tokio::test]
async fn complaints_received_at_once_are_committed_together_each_with_its_own_answer() {
    let w = world().await;
    let mut receiving = tokio::task::JoinSet::new();
    for i in 0..60 {
        let (app, clerk, mut draft) = (w.app.clone(), w.clerk.clone(), draft(&w));
        receiving.spawn(async move {
            // Requests 3n+2 retry request 3n+1 (same key); request 30 names a person
            // who does not exist and request 33 a site that does not.
            let key = format!("key-{}", i - (i % 3) / 2);
            match i {
                30 => draft.complainant_ids = vec!["999999".into()],
                33 => draft.site_id = "424242".into(),
                _ => draft.summary = format!("Complaint number {}", i - (i % 3) / 2),
            }
            (i, complaints::receive(&app, &clerk, &draft, Some(&key)).await)
        });
    }
    let mut by_key: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    while let Some(joined) = receiving.join_next().await {
        let (i, result) = joined.unwrap();
        let key = format!("key-{}", i - (i % 3) / 2);
        match result {
            Ok(record) => {
                assert_eq!(record.complaint.receipt.summary, format!("Complaint number {}", i - (i % 3) / 2));
                let first = *by_key.entry(key).or_insert(record.id);
                assert_eq!(first, record.id, "request {i}: one complaint per key");
            }
            Err(AppError::Invalid(errors)) => {
                let field = if i == 30 { "complainant_ids" } else { "site_id" };
                assert!((i == 30 || i == 33) && errors.get(field).is_some(), "request {i}: {errors:?}");
            }
            Err(other) => panic!("request {i}: {other:?}"),
        }
    }
    // 60 requests over 40 keys: two keys refused on their own, one complaint for each of the others.
    assert_eq!(by_key.len(), 38);
    let all = complaints::list(&w.app, &w.clerk, &ComplaintFilter { limit: 100, ..ComplaintFilter::default() }).await.unwrap();
    assert_eq!(all.len(), 38);
    let received = audit_actions(&w.app).await.into_iter().filter(|a| a == "complaint.received").count();
    assert_eq!(received, 38, "one audit event per complaint");
    for summary in &all {
        let detail = complaints::read(&w.app, &w.clerk, summary.id).await.unwrap();
        assert!(!detail.clocks.is_empty(), "complaint {} has its clocks", summary.id);
    }
    casebook_app::audit::verify(&w.app).await.expect("the audit chain holds");
}
