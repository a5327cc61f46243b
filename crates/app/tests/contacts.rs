//! Contact use cases against a real database and a stopped clock: logging
//! (validation, existence checks, Idempotency-Key replays, permissions),
//! searching, the resolution rate and the message inbox. Runs on SQLite, or
//! on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::contacts::{self, ContactSearch, Logged};
use casebook_app::{Actor, App, AppError};
use casebook_domain::contacts::{ContactDraft, MessageState};
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

struct World {
    _db: TestDb,
    app: App,
    handler: Actor,
    handler_id: i64,
    manager: Actor,
    manager_id: i64,
    site_id: i64,
}

async fn world() -> World {
    let (test, app) = support::app_at(t0()).await;
    let site_id = support::site(&app, "BEDS-CC", "Bedfordshire Contact Centre", "contact-centre").await;
    let (handler, handler_id) = support::staff(&app, "hal.handler", "call-handler", "eo", "beds-cc").await;
    let (manager, manager_id) = support::staff(&app, "meg.manager", "manager", "eo", "beds-cc").await;
    World { _db: test, handler, handler_id, manager, manager_id, app, site_id }
}

async fn actor_with(w: &World, username: &str, role: &str) -> Actor {
    support::staff(&w.app, username, role, "eo", "beds-cc").await.0
}

fn draft() -> ContactDraft {
    ContactDraft {
        occurred_at: "2026-03-02T08:45:00Z".into(),
        channel: "call-101".into(),
        direction: "inbound".into(),
        anonymous: true,
        subject: "Asked about a crime reference".into(),
        notes: "Gave the reference".into(),
        category: "enquiry".into(),
        outcome: "resolved-at-first-contact".into(),
        duration_seconds: "240".into(),
        ..ContactDraft::default()
    }
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn counts(w: &World) -> (usize, usize) {
    let all = contacts::list_contacts(&w.app, &w.manager, &ContactSearch::default(), 200).await.unwrap();
    let mut tx = w.app.db.read().await.unwrap();
    let filter = AuditFilter { action: Some("contact.logged".into()), ..AuditFilter::default() };
    (all.len(), audit_store::list(&mut tx, &filter).await.unwrap().len())
}

#[tokio::test]
async fn a_contact_is_logged_with_the_handler_and_their_site_and_audited() {
    let w = world().await;
    let logged = contacts::log_contact(&w.app, &w.handler, &draft(), None).await.unwrap();
    let Logged::Created(id) = logged else { panic!("{logged:?}") };
    let detail = contacts::get_contact(&w.app, &w.manager, id).await.unwrap();
    assert_eq!(detail.contact.handler_id, w.handler_id);
    assert_eq!(detail.contact.site_id, Some(w.site_id));
    assert_eq!(detail.contact.occurred_at, "2026-03-02T08:45:00Z".parse::<Timestamp>().unwrap());
    assert!(detail.messages.is_empty());
    assert_eq!(counts(&w).await, (1, 1));
    assert!(matches!(contacts::get_contact(&w.app, &w.manager, id + 1).await, Err(AppError::NotFound("contact"))));
}

#[tokio::test]
async fn bad_input_names_the_fields_and_saves_nothing() {
    let w = world().await;
    let future = ContactDraft { occurred_at: (t0() + SignedDuration::from_hours(1)).to_string(), ..draft() };
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &future, None).await), ["occurred_at"]);
    let pigeon = ContactDraft { channel: "pigeon".into(), ..draft() };
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &pigeon, None).await), ["channel"]);
    let nobody = ContactDraft { anonymous: false, person_id: "999".into(), ..draft() };
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &nobody, None).await), ["person_id"]);
    let ghost = ContactDraft { outcome: "message-taken".into(), message_for: "999".into(), message_text: "Call back".into(), ..draft() };
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &ghost, None).await), ["message_for"]);
    let transfer = ContactDraft { outcome: "transferred".into(), ..draft() };
    assert_eq!(fields(contacts::log_contact(&w.app, &w.handler, &transfer, None).await), ["outcome"]);
    let blank_key = contacts::log_contact(&w.app, &w.handler, &draft(), Some("  ")).await;
    assert_eq!(fields(blank_key), ["idempotency_key"]);
    assert_eq!(counts(&w).await, (0, 0));
}

#[tokio::test]
async fn a_replayed_idempotency_key_makes_no_second_contact_or_event() {
    let w = world().await;
    let first = contacts::log_contact(&w.app, &w.handler, &draft(), Some("retry-1")).await.unwrap();
    let again = contacts::log_contact(&w.app, &w.handler, &draft(), Some("retry-1")).await.unwrap();
    assert!(matches!(first, Logged::Created(_)));
    assert_eq!(again, Logged::Replayed(first.id()));
    assert_eq!(counts(&w).await, (1, 1));
    // The key is the user's own: someone else's same key makes their own contact.
    let theirs = contacts::log_contact(&w.app, &w.manager, &draft(), Some("retry-1")).await.unwrap();
    assert!(matches!(theirs, Logged::Created(id) if id != first.id()));
    assert_eq!(counts(&w).await, (2, 2));
}

#[tokio::test]
async fn only_contact_roles_may_log_or_read_contacts() {
    let w = world().await;
    let id = contacts::log_contact(&w.app, &w.handler, &draft(), None).await.unwrap().id();
    for role in ["monitoring-board", "administrator"] {
        let outsider = actor_with(&w, role, role).await;
        assert!(matches!(contacts::log_contact(&w.app, &outsider, &draft(), None).await, Err(AppError::Forbidden)), "{role}");
        assert!(matches!(contacts::get_contact(&w.app, &outsider, id).await, Err(AppError::Forbidden)), "{role}");
        let listed = contacts::list_contacts(&w.app, &outsider, &ContactSearch::default(), 10).await;
        assert!(matches!(listed, Err(AppError::Forbidden)), "{role}");
        assert!(matches!(contacts::inbox(&w.app, &outsider).await, Err(AppError::Forbidden)), "{role}");
    }
    for role in ["compliance-officer", "investigator", "senior-reviewer"] {
        let insider = actor_with(&w, role, role).await;
        assert!(contacts::log_contact(&w.app, &insider, &draft(), None).await.is_ok(), "{role}");
    }
    assert_eq!(counts(&w).await, (4, 4));
}

#[tokio::test]
async fn searching_and_the_first_contact_resolution_rate() {
    let w = world().await;
    contacts::log_contact(&w.app, &w.handler, &draft(), None).await.unwrap();
    let email = ContactDraft { channel: "email".into(), subject: "Parking".into(), outcome: "signposted".into(), ..draft() };
    contacts::log_contact(&w.app, &w.manager, &email, None).await.unwrap();
    let all = ContactSearch::default();
    assert_eq!(contacts::first_contact_resolution(&w.app, &w.manager, &all).await.unwrap(), Some(0.5));
    let by_channel = ContactSearch { channel: "email".into(), ..ContactSearch::default() };
    let found = contacts::list_contacts(&w.app, &w.handler, &by_channel, 10).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].handler_id, w.manager_id);
    let text = ContactSearch { q: "PARK".into(), ..ContactSearch::default() };
    assert_eq!(contacts::list_contacts(&w.app, &w.handler, &text, 10).await.unwrap().len(), 1);
    let dated = ContactSearch { from: "2026-03-02".into(), to: "2026-03-02".into(), ..ContactSearch::default() };
    assert_eq!(contacts::list_contacts(&w.app, &w.handler, &dated, 10).await.unwrap().len(), 2);
    let earlier = ContactSearch { to: "2026-03-01".into(), ..ContactSearch::default() };
    assert_eq!(contacts::first_contact_resolution(&w.app, &w.handler, &earlier).await.unwrap(), None);
    let bad = ContactSearch { channel: "pigeon".into(), from: "someday".into(), ..ContactSearch::default() };
    assert_eq!(fields(contacts::list_contacts(&w.app, &w.handler, &bad, 10).await), ["channel", "from"]);
}

#[tokio::test]
async fn a_message_reaches_its_recipient_who_alone_decides_once() {
    let w = world().await;
    let with_message = ContactDraft {
        category: "request-to-speak".into(),
        outcome: "message-taken".into(),
        message_for: w.manager_id.to_string(),
        message_text: "Please call Mrs Smith back".into(),
        ..draft()
    };
    contacts::log_contact(&w.app, &w.handler, &with_message, None).await.unwrap();
    assert!(contacts::inbox(&w.app, &w.handler).await.unwrap().is_empty());
    let inbox = contacts::inbox(&w.app, &w.manager).await.unwrap();
    assert_eq!(inbox.len(), 1);
    let id = inbox[0].id;
    assert!(matches!(contacts::record_message_returned(&w.app, &w.handler, id, "", "").await, Err(AppError::Forbidden)));
    assert_eq!(fields(contacts::record_message_not_returned(&w.app, &w.manager, id, " ").await), ["reason"]);
    let done = contacts::record_message_returned(&w.app, &w.manager, id, "", "Agreed to write").await.unwrap();
    assert_eq!(done.state, MessageState::Returned { returned_at: t0(), note: "Agreed to write".into() });
    assert_eq!(fields(contacts::record_message_not_returned(&w.app, &w.manager, id, "Changed my mind").await), ["state"]);
    assert!(matches!(contacts::record_message_returned(&w.app, &w.manager, id + 9, "", "").await, Err(AppError::NotFound("message"))));
}

/// Group commit: contacts logged at the same moment share a transaction, yet
/// each keeps its own checks, its own audit event and its own answer.
#[tokio::test]
async fn contacts_logged_at_once_are_committed_together_each_with_its_own_answer() {
    let w = world().await;
    let mut logging = tokio::task::JoinSet::new();
    for i in 0..60 {
        let (app, handler) = (w.app.clone(), w.handler.clone());
        logging.spawn(async move {
            // Requests 3n+2 retry request 3n+1 (same key); request 30 (a key of its own) names a person who does not exist.
            let key = format!("key-{}", i - (i % 3) / 2);
            let draft = if i == 30 { ContactDraft { anonymous: false, person_id: "999999".into(), ..draft() } } else { draft() };
            (i, contacts::log_contact(&app, &handler, &draft, Some(&key)).await)
        });
    }
    let mut created = std::collections::HashMap::new();
    let mut replayed = 0;
    while let Some(joined) = logging.join_next().await {
        let (i, result) = joined.unwrap();
        match result {
            Ok(Logged::Created(id)) => {
                assert!(created.insert(format!("key-{}", i - (i % 3) / 2), id).is_none(), "two contacts for one key")
            }
            Ok(Logged::Replayed(_)) => replayed += 1,
            Err(AppError::Invalid(errors)) => assert!(i == 30 && errors.get("person_id").is_some(), "request {i}: {errors:?}"),
            Err(other) => panic!("request {i}: {other:?}"),
        }
    }
    // 60 requests over 40 keys: 20 retries, and request 30 refused on its own.
    assert_eq!((created.len(), replayed), (39, 20));
    assert_eq!(counts(&w).await, (39, 39), "one contact and one audit event per key");
    casebook_app::audit::verify(&w.app).await.expect("the audit chain holds");
}
