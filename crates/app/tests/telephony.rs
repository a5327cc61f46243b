//! The caller screen's use cases against a real database and a stopped
//! clock: receiving call events (once per call id, audited, only from the
//! telephony account), and what the screen counts and shows. Runs on
//! SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::accounts::{self, AccountForm};
use casebook_app::people::{self, PersonForm};
use casebook_app::telephony::{self, Received};
use casebook_app::{Actor, App, AppError, contacts, safeguarding};
use casebook_domain::contacts::ContactDraft;
use casebook_domain::safeguarding::MarkerDraft;
use casebook_domain::telephony::CallEventDraft;
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-23T09:15:00Z".parse().unwrap()
}

struct World {
    _db: TestDb,
    app: App,
    platform: Actor,
    handler: Actor,
    other_handler: Actor,
    manager: Actor,
    investigator: Actor,
}

async fn world() -> World {
    let (test, app) = support::app_at(now()).await;
    let system = Actor::system("test setup");
    support::site(&app, "NORTHUMBRIA-CC", "Northumbria Communications Centre", "contact-centre").await;
    let actor = async |name: &str, role: &str| {
        let form = AccountForm {
            username: name.into(),
            display_name: name.into(),
            email: String::new(),
            grade: "ao".into(),
            site: "northumbria-cc".into(),
            roles: vec![role.into()],
            active: true,
        };
        Actor::user(&accounts::create(&app, &system, &form, None).await.unwrap(), None)
    };
    let platform = actor("telephony", "telephony-platform").await;
    let handler = actor("hal.handler", "call-handler").await;
    let other_handler = actor("olu.handler", "call-handler").await;
    let manager = actor("meg.manager", "manager").await;
    let investigator = actor("ivo.investigator", "investigator").await;
    World { _db: test, app, platform, handler, other_handler, manager, investigator }
}

fn ring(call_id: &str, caller: &str) -> CallEventDraft {
    CallEventDraft {
        call_id: call_id.into(),
        caller_number: caller.into(),
        called_number: "101".into(),
        occurred_at: "2026-11-23T09:14:55Z".into(),
        agent_username: "hal.handler".into(),
    }
}

async fn person(w: &World, given: &str, phone: &str) -> i64 {
    let form = PersonForm { given: given.into(), family: "Okafor".into(), phones: vec![phone.into()], ..PersonForm::default() };
    people::create_person(&w.app, &w.handler, &form).await.unwrap().id
}

async fn contact(w: &World, person_id: i64, hours_ago: i64) {
    let draft = ContactDraft {
        occurred_at: (now() - SignedDuration::from_hours(hours_ago)).to_string(),
        channel: "call-101".into(),
        direction: "inbound".into(),
        person_id: person_id.to_string(),
        subject: format!("Rang {hours_ago} hours ago"),
        category: "enquiry".into(),
        outcome: "resolved-at-first-contact".into(),
        ..ContactDraft::default()
    };
    contacts::log_contact(&w.app, &w.handler, &draft, None).await.unwrap();
}

#[tokio::test]
async fn a_call_is_kept_once_audited_and_shows_the_callers_history() {
    let w = world().await;
    let ada = person(&w, "Ada", "07700 900123").await;
    for hours_ago in [1, 30, 24 * 10, 24 * 40] {
        contact(&w, ada, hours_ago).await;
    }

    let received = telephony::receive_call_event(&w.app, &w.platform, &ring("c-1", "+44 7700 900123")).await.unwrap();
    let Received::Created(call) = received else { panic!("a new call") };
    let again = telephony::receive_call_event(&w.app, &w.platform, &ring("c-1", "07700 900123")).await.unwrap();
    assert_eq!(again, Received::Replayed(call.clone()));

    let screen = telephony::screen_for_call(&w.app, &w.handler, call.id).await.unwrap();
    assert_eq!(screen.callers.len(), 1);
    let caller = &screen.callers[0];
    assert_eq!(caller.person.id, ada);
    assert_eq!((caller.counts.last_24h, caller.counts.last_7d, caller.counts.last_30d, caller.counts.last_90d), (1, 2, 3, 4));
    assert_eq!(caller.last_contacts.first().map(|c| c.subject.as_str()), Some("Rang 1 hours ago"), "newest first");

    // Only the agent the call rang for sees it.
    assert!(matches!(telephony::screen_for_call(&w.app, &w.other_handler, call.id).await, Err(AppError::NotFound(_))));
    assert_eq!(telephony::calls_after(&w.app, &w.other_handler, 0).await.unwrap(), []);
    assert_eq!(telephony::calls_after(&w.app, &w.handler, 0).await.unwrap(), std::slice::from_ref(&call));
    assert_eq!(telephony::calls_after(&w.app, &w.handler, call.id).await.unwrap(), []);

    let mut tx = w.app.db.read().await.unwrap();
    let filter = AuditFilter { action: Some("call.received".into()), limit: 10, ..AuditFilter::default() };
    let events = audit_store::list(&mut tx, &filter).await.unwrap();
    assert_eq!(events.len(), 1, "one event for one call, however often it is sent");
    assert!(!events[0].facts.summary.contains("7700"), "the audit line does not repeat the caller's number");
}

#[tokio::test]
async fn a_shared_number_lists_everyone_on_it() {
    let w = world().await;
    for given in ["Ada", "Bola", "Chidi", "Dayo", "Efe", "Funmi", "Gozie"] {
        person(&w, given, "0191 496 0000").await;
    }
    let Received::Created(call) = telephony::receive_call_event(&w.app, &w.platform, &ring("c-2", "01914960000")).await.unwrap() else {
        panic!("a new call")
    };
    let screen = telephony::screen_for_call(&w.app, &w.handler, call.id).await.unwrap();
    assert_eq!((screen.callers.len(), screen.more_callers), (5, 2));
}

#[tokio::test]
async fn only_the_telephony_account_posts_calls_and_bad_events_save_nothing() {
    let w = world().await;
    assert!(matches!(telephony::receive_call_event(&w.app, &w.handler, &ring("c-3", "07700 900123")).await, Err(AppError::Forbidden)));
    let stranger = CallEventDraft { agent_username: "nobody".into(), ..ring("c-4", "07700 900123") };
    match telephony::receive_call_event(&w.app, &w.platform, &stranger).await {
        Err(AppError::Invalid(errors)) => assert!(errors.get("agent_username").is_some()),
        other => panic!("expected a field error, got {other:?}"),
    }
    let bad = CallEventDraft { caller_number: "not a number".into(), ..ring("c-5", "") };
    assert!(matches!(telephony::receive_call_event(&w.app, &w.platform, &bad).await, Err(AppError::Invalid(_))));
    assert_eq!(telephony::calls_after(&w.app, &w.handler, 0).await.unwrap(), []);
    assert_eq!(telephony::latest_call(&w.app, &w.handler).await.unwrap(), None);
}

#[tokio::test]
async fn markers_show_to_those_who_need_them_and_each_read_is_audited() {
    let w = world().await;
    let ada = person(&w, "Ada", "07700 900123").await;
    let marker = MarkerDraft {
        kind: "autism".into(),
        reasonable_adjustments: "Prefers short questions, one at a time".into(),
        source: "The caller told us".into(),
        source_date: "2026-11-20".into(),
        lawful_basis: "safeguarding-individuals-at-risk".into(),
        review_date: String::new(),
    };
    safeguarding::record_marker(&w.app, &w.manager, ada, &marker).await.unwrap();

    let Received::Created(call) = telephony::receive_call_event(&w.app, &w.platform, &ring("c-6", "07700 900123")).await.unwrap() else {
        panic!("a new call")
    };
    let screen = telephony::screen_for_call(&w.app, &w.handler, call.id).await.unwrap();
    let markers = screen.callers[0].markers.as_ref().expect("a call handler needs them");
    assert_eq!(markers.iter().map(|m| m.reasonable_adjustments.as_str()).collect::<Vec<_>>(), ["Prefers short questions, one at a time"]);

    let seen_by_investigator = telephony::screen_for_person(&w.app, &w.investigator, ada).await.unwrap();
    assert_eq!(seen_by_investigator.callers[0].markers, None, "an investigator is not told");

    let mut tx = w.app.db.read().await.unwrap();
    let filter = AuditFilter { action: Some("person.special_category_read".into()), limit: 10, ..AuditFilter::default() };
    let reads = audit_store::list(&mut tx, &filter).await.unwrap();
    assert_eq!(reads.len(), 1, "one audited read, by the call handler");
    assert_eq!(reads[0].facts.actor_label, "hal.handler");
}
