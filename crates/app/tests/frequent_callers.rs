//! Frequent-caller use cases against a real database and a stopped clock:
//! candidates, flagging with a plan, reviews, referrals and lifting (each
//! audited, each refused to the wrong roles), validation that names the
//! field and saves nothing, stale edits, the report and the thresholds.
//! Runs on SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::contacts;
use casebook_app::frequent_callers::{self as fc, PlanForm};
use casebook_app::people::{self, PersonForm};
use casebook_app::{Actor, App, AppError};
use casebook_domain::contacts::ContactDraft;
use casebook_domain::frequent_callers::{AppliesTo, FrequentCallerFlag, ReviewStatus, Threshold, Thresholds, Trend, Window};
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use std::sync::Arc;

fn t0() -> Timestamp {
    "2026-11-23T12:00:00.123456Z".parse().unwrap()
}

struct World {
    _db: TestDb,
    app: App,
    handler: Actor,
    manager: Actor,
    compliance: Actor,
    board: Actor,
    /// Four contacts in the last 3 days: a candidate under the defaults.
    busy: i64,
    /// One contact: nobody's concern.
    quiet: i64,
}

async fn world() -> World {
    let (test, app) = support::app_at(t0()).await;
    let system = Actor::system("test setup");
    support::site(&app, "BEDS-OPCC", "Bedfordshire OPCC", "pcc-office").await;
    let mut actors = Vec::new();
    for (name, role) in [
        ("hal.handler", "call-handler"),
        ("meg.manager", "manager"),
        ("cal.compliance", "compliance-officer"),
        ("bo.board", "monitoring-board"),
    ] {
        actors.push(support::staff(&app, name, role, "heo", "beds-opcc").await.0);
    }
    let person = |given: &str| PersonForm { given: given.into(), family: "Caller".into(), ..PersonForm::default() };
    let busy = people::create_person(&app, &system, &person("Bea")).await.unwrap().id;
    let quiet = people::create_person(&app, &system, &person("Quin")).await.unwrap().id;
    let handler = actors[0].clone();
    for (person, hours) in [(busy, 70), (busy, 40), (busy, 20), (busy, 2), (quiet, 5)] {
        let draft = ContactDraft {
            occurred_at: (t0() - SignedDuration::from_hours(hours)).to_string(),
            channel: "call-101".into(),
            direction: "inbound".into(),
            person_id: person.to_string(),
            subject: "Asked about her report".into(),
            category: "enquiry".into(),
            outcome: "resolved-at-first-contact".into(),
            ..ContactDraft::default()
        };
        contacts::log_contact(&app, &handler, &draft, None).await.unwrap();
    }
    let [handler, manager, compliance, board] = actors.try_into().unwrap();
    World { _db: test, app, handler, manager, compliance, board, busy, quiet }
}

fn plan() -> PlanForm {
    PlanForm {
        handled_by: "The Compliance Officer".into(),
        what_to_say: "Thank her, log the call and say the Compliance Officer will write".into(),
        pathway: "Mental health crisis line".into(),
    }
}

async fn actions(app: &App) -> Vec<String> {
    let mut tx = app.db.read().await.unwrap();
    let events = audit_store::list(&mut tx, &AuditFilter { limit: 100, ..AuditFilter::default() }).await.unwrap();
    events.into_iter().map(|e| e.facts.action).filter(|a| a.starts_with("frequent_caller.") || a.starts_with("policy.")).collect()
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_busy_caller_is_a_candidate_with_reasons_counts_and_trend() {
    let w = world().await;
    let found = fc::candidates(&w.app, &w.manager).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!((c.person_id, c.display_name.as_str()), (w.busy, "Bea Caller"));
    assert_eq!((c.counts.last_24h, c.counts.last_96h, c.counts.last_30d), (2, 4, 4));
    assert_eq!(c.reasons.summary(), "4 contacts in 96 hours (threshold 3)");
    assert_eq!(c.trend, Trend::Rising);
    // Compliance officers keep the frequent-calls log and read the list; call handlers do not.
    assert_eq!(fc::candidates(&w.app, &w.compliance).await.unwrap(), found);
    assert!(matches!(fc::candidates(&w.app, &w.handler).await, Err(AppError::Forbidden)));
    assert!(matches!(fc::report(&w.app, &w.board).await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn a_manager_flags_reviews_refers_and_lifts_each_step_audited_and_in_the_history() {
    let w = world().await;
    let flagged = fc::flag(&w.app, &w.manager, w.busy, "Four calls in three days to different staff", &plan(), "", Some(0)).await.unwrap();
    let flag = flagged.flag.active().unwrap().clone();
    assert_eq!(flag.review_due, jiff::civil::date(2027, 2, 23));
    assert_eq!(flag.response_plan.pathway, "Mental health crisis line");
    assert_eq!(flagged.version, 1);
    // Every handler sees the plan on the next contact.
    let seen = fc::flag_for_person(&w.app, &w.handler, w.busy).await.unwrap();
    assert_eq!(seen.flag.active().unwrap().response_plan.handled_by, "The Compliance Officer");
    assert!(seen.flag.may_make_contact());
    assert_eq!(seen.review, Some(ReviewStatus::NotYetDue));
    // Flagged persons leave the candidates and appear in the report.
    assert!(fc::candidates(&w.app, &w.manager).await.unwrap().is_empty());
    let report = fc::report(&w.app, &w.compliance).await.unwrap();
    assert_eq!(report.flagged.iter().map(|f| (f.person_id, f.counts.last_96h)).collect::<Vec<_>>(), [(w.busy, 4)]);

    let review_plan = PlanForm { pathway: "Community mental health team".into(), ..plan() };
    let reviewed = fc::review(&w.app, &w.manager, w.busy, "Calls continue weekly", &review_plan, "2027-01-10", Some(1)).await.unwrap();
    assert_eq!(reviewed.flag.active().unwrap().response_plan.pathway, "Community mental health team");
    let referred = fc::record_referral(&w.app, &w.manager, w.busy, "2026-11-20", "Bedfordshire adult social care", "ASC-2026-118", Some(2))
        .await
        .unwrap();
    assert_eq!(referred.flag.active().unwrap().referral.as_ref().unwrap().reference, "ASC-2026-118");
    let lifted = fc::lift(&w.app, &w.manager, w.busy, "No contact since the referral", Some(3)).await.unwrap();
    assert!(matches!(lifted.flag, FrequentCallerFlag::Lifted { .. }));
    assert!(lifted.flag.may_make_contact());

    assert_eq!(
        actions(&w.app).await,
        [
            "frequent_caller.lifted",
            "frequent_caller.referral_recorded",
            "frequent_caller.plan_changed",
            "frequent_caller.reviewed",
            "frequent_caller.flagged"
        ]
    );
    let details: Vec<String> = lifted.history.iter().map(|h| h.detail.clone()).collect();
    assert_eq!(details[0], "No contact since the referral");
    assert_eq!(details[3], "Calls continue weekly");
    assert_eq!(details[4], "Four calls in three days to different staff");
    assert!(lifted.history.iter().all(|h| h.actor_label == "meg.manager"));
}

#[tokio::test]
async fn only_managers_change_flags_and_front_line_staff_read_them() {
    let w = world().await;
    for actor in [&w.handler, &w.compliance, &w.board] {
        assert!(matches!(fc::flag(&w.app, actor, w.busy, "r", &plan(), "", None).await, Err(AppError::Forbidden)));
        assert!(matches!(fc::lift(&w.app, actor, w.busy, "r", None).await, Err(AppError::Forbidden)));
    }
    assert!(matches!(fc::flag_for_person(&w.app, &w.board, w.busy).await, Err(AppError::Forbidden)));
    assert!(matches!(fc::flag_for_person(&w.app, &w.handler, 9_999).await, Err(AppError::NotFound("person"))));
    assert!(matches!(fc::flag(&w.app, &w.manager, 9_999, "r", &plan(), "", None).await, Err(AppError::NotFound("person"))));
    assert!(actions(&w.app).await.is_empty());
}

#[tokio::test]
async fn bad_input_names_each_field_and_saves_nothing() {
    let w = world().await;
    let blank = PlanForm { handled_by: " ".into(), ..plan() };
    assert_eq!(fields(fc::flag(&w.app, &w.manager, w.busy, "", &blank, "", None).await), ["reason", "plan_handled_by"]);
    assert_eq!(fields(fc::flag(&w.app, &w.manager, w.busy, "r", &plan(), "next spring", None).await), ["review_due"]);
    assert_eq!(fields(fc::flag(&w.app, &w.manager, w.busy, "r", &plan(), "2026-11-23", None).await), ["review_due"]);
    // Not flagged: nothing to review, lift or refer.
    assert_eq!(fields(fc::lift(&w.app, &w.manager, w.busy, "gone quiet", None).await), ["state"]);
    assert_eq!(fields(fc::record_referral(&w.app, &w.manager, w.busy, "", "Force", "X1", None).await), ["referral_date"]);
    assert!(actions(&w.app).await.is_empty());
    assert_eq!(fc::flag_for_person(&w.app, &w.handler, w.busy).await.unwrap().flag, FrequentCallerFlag::NotFlagged);

    fc::flag(&w.app, &w.manager, w.busy, "r", &plan(), "", None).await.unwrap();
    assert_eq!(
        fields(fc::record_referral(&w.app, &w.manager, w.busy, "2026-11-23", " ", "", None).await),
        ["referral_body", "referral_reference"]
    );
    assert_eq!(fields(fc::record_referral(&w.app, &w.manager, w.busy, "2026-11-30", "Force", "X1", None).await), ["referral_date"]);
    assert_eq!(fields(fc::review(&w.app, &w.manager, w.busy, "", &PlanForm::default(), "", None).await), ["note"]);
    assert_eq!(fields(fc::flag(&w.app, &w.manager, w.busy, "again", &plan(), "", None).await), ["state"]);
    assert_eq!(actions(&w.app).await, ["frequent_caller.flagged"]);
}

#[tokio::test]
async fn an_edit_from_a_stale_page_is_refused() {
    let w = world().await;
    fc::flag(&w.app, &w.manager, w.busy, "r", &plan(), "", Some(0)).await.unwrap();
    // Another manager's page was loaded before the flag was set.
    assert!(matches!(fc::flag(&w.app, &w.manager, w.busy, "r", &plan(), "", Some(0)).await, Err(AppError::StaleEdit(_))));
    assert!(matches!(fc::lift(&w.app, &w.manager, w.busy, "done", Some(7)).await, Err(AppError::StaleEdit(_))));
    assert_eq!(actions(&w.app).await, ["frequent_caller.flagged"]);
}

#[tokio::test]
async fn a_review_that_is_due_is_shown_as_due() {
    let w = world().await;
    fc::flag(&w.app, &w.manager, w.busy, "r", &plan(), "2026-11-30", None).await.unwrap();
    let report = fc::report(&w.app, &w.manager).await.unwrap();
    assert_eq!(report.flagged[0].review, ReviewStatus::DueSoon);
    // A week later by the clock, the same flag is overdue.
    let mut later = w.app.clone();
    later.clock = Arc::new(support::FixedClock(t0() + SignedDuration::from_hours(24 * 8)));
    assert_eq!(fc::report(&later, &w.manager).await.unwrap().flagged[0].review, ReviewStatus::Overdue);
}

#[tokio::test]
async fn managers_change_the_thresholds_and_the_candidates_follow() {
    let w = world().await;
    let in_force = fc::thresholds(&w.app, &w.compliance).await.unwrap();
    assert_eq!((in_force.policy, in_force.saved.is_none()), (Thresholds::default(), true));

    let form = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<HashMap<_, _>>();
    assert_eq!(fields(fc::thresholds_from_form(&form(&[("adults-days-30", "five")]))), ["adults-days-30"]);
    let zero = fc::thresholds_from_form(&form(&[("everyone-hours-24", "0")])).unwrap();
    assert_eq!(fields(fc::replace_thresholds(&w.app, &w.manager, &zero, None).await), ["everyone-hours-24"]);
    assert_eq!(fields(fc::replace_thresholds(&w.app, &w.manager, &Thresholds { rules: vec![] }, None).await), ["rules"]);

    // One contact in 24 hours now makes a candidate of everyone who called today.
    let strict = fc::thresholds_from_form(&form(&[("everyone-hours-24", "1"), ("under-18-days-183", "")])).unwrap();
    assert_eq!(strict, Thresholds { rules: vec![Threshold { applies_to: AppliesTo::Everyone, window: Window::Hours24, at_least: 1 }] });
    assert!(matches!(fc::replace_thresholds(&w.app, &w.compliance, &strict, None).await, Err(AppError::Forbidden)));
    assert_eq!(actions(&w.app).await, Vec::<String>::new());
    assert_eq!(fc::replace_thresholds(&w.app, &w.manager, &strict, None).await.unwrap(), 1);
    assert!(matches!(fc::replace_thresholds(&w.app, &w.manager, &strict, None).await, Err(AppError::StaleEdit(_))));
    let ids: Vec<i64> = fc::candidates(&w.app, &w.manager).await.unwrap().iter().map(|c| c.person_id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&w.busy) && ids.contains(&w.quiet));
    assert_eq!(actions(&w.app).await, ["policy.replaced"]);
}

#[tokio::test]
async fn the_demo_has_a_flagged_caller_with_a_referral_and_a_candidate() {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    casebook_app::demo::seed(&app).await.unwrap();
    let report = fc::report(&app, &Actor::system("test")).await.unwrap();
    assert_eq!(report.flagged.iter().map(|f| f.display_name.as_str()).collect::<Vec<_>>(), ["Gareth Llewellyn"]);
    let flag = &report.flagged[0].flag;
    assert_eq!(flag.referral.as_ref().map(|r| r.reference.as_str()), Some("ASC-2026-0418"));
    assert_eq!(report.flagged[0].counts.last_30d, 5);
    assert_eq!(report.candidates.iter().map(|c| c.display_name.as_str()).collect::<Vec<_>>(), ["Siobhan O'Neill"]);
}
