//! Contacts in the store: round trips with category details and messages,
//! filters and paging, message decisions and Idempotency-Keys. Runs on
//! SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::access::{Grade, Role, Roles};
use casebook_domain::contacts::{
    CategoryDetail, Channel, ContactCategory, ContactOutcome, Direction, MessageRequest, MessageState, ValidContact,
};
use casebook_domain::nation::Nation;
use casebook_domain::site::SiteKind;
use casebook_store::contacts::{self, ContactFilter, Referent};
use casebook_store::sites::SiteFields;
use casebook_store::testing::TestDb;
use casebook_store::users::UserFields;
use casebook_store::{Db, DbTime, StoreError, on_backend, sites, users};
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

struct World {
    _test: TestDb,
    db: Db,
    site: i64,
    handler: i64,
    other: i64,
    person: i64,
}

async fn world() -> World {
    let test = TestDb::new().await.unwrap();
    let db = test.db.clone();
    let mut tx = db.write().await.unwrap();
    let fields = SiteFields {
        code: "BEDS-CC".into(),
        name: "Bedfordshire Contact Centre".into(),
        kind: SiteKind::ContactCentre,
        nation: Nation::EnglandAndWales,
        active: true,
    };
    let site = sites::insert(&mut tx, &fields, t0()).await.unwrap();
    let user = |name: &str| UserFields {
        display_name: name.into(),
        email: None,
        grade: Grade::Eo,
        site_id: Some(site),
        active: true,
        roles: Roles::of(&[Role::CallHandler]),
    };
    let handler = users::insert(&mut tx, "hal.handler", &user("Hal Handler"), None, t0()).await.unwrap();
    let other = users::insert(&mut tx, "olu.other", &user("Olu Other"), None, t0()).await.unwrap();
    let person: i64 = on_backend!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO persons (display_name, created_at, updated_at) VALUES ('Jo Bloggs', $1, $1) RETURNING id")
        .bind(DbTime(t0())).fetch_one(c).await)
    .unwrap();
    tx.commit().await.unwrap();
    World { _test: test, db, site, handler, other, person }
}

fn contact(w: &World, at: Timestamp, subject: &str) -> ValidContact {
    ValidContact {
        occurred_at: at,
        channel: Channel::Call101,
        direction: Direction::Inbound,
        site_id: w.site,
        person_id: Some(w.person),
        subject: subject.into(),
        notes: "Asked about a crime reference".into(),
        category: ContactCategory::Enquiry,
        detail: CategoryDetail::None,
        outcome: ContactOutcome::ResolvedAtFirstContact,
        message: None,
        duration_seconds: Some(240),
        triage: None,
    }
}

async fn insert(w: &World, c: &ValidContact, handler: i64) -> i64 {
    let mut tx = w.db.write().await.unwrap();
    let id = contacts::insert(&mut tx, c, handler, t0()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn a_contact_reads_back_with_its_details_and_message() {
    let w = world().await;
    let malicious = ValidContact {
        person_id: None,
        category: ContactCategory::MaliciousOrAbusive,
        detail: CategoryDetail::Malicious { caller_warned: true, call_ended: Some(false) },
        outcome: ContactOutcome::MessageTaken,
        message: Some(MessageRequest { recipient_id: w.other, text: "Please call back".into() }),
        ..contact(&w, t0() - mins(5), "Abusive caller")
    };
    let id = insert(&w, &malicious, w.handler).await;
    let mut tx = w.db.read().await.unwrap();
    let got = contacts::get(&mut tx, id).await.unwrap();
    assert_eq!(got.occurred_at, t0() - mins(5));
    assert_eq!(got.channel, Channel::Call101);
    assert!(got.anonymous);
    assert_eq!(got.person_id, None);
    assert_eq!(got.site_id, Some(w.site));
    assert_eq!(got.handler_id, w.handler);
    assert_eq!((got.caller_warned, got.call_ended), (Some(true), Some(false)));
    assert_eq!(got.sales_organisation, None);
    assert_eq!(got.duration_seconds, Some(240));
    let messages = contacts::messages_for_contact(&mut tx, id).await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].state, MessageState::Open);
    assert_eq!(contacts::inbox(&mut tx, w.other, 10).await.unwrap(), messages);
    assert!(contacts::inbox(&mut tx, w.handler, 10).await.unwrap().is_empty());
    assert!(matches!(contacts::get(&mut tx, id + 100).await, Err(StoreError::NotFound)));

    let sales = ValidContact {
        category: ContactCategory::SalesOrMarketing,
        detail: CategoryDetail::Sales { organisation: "Acme Ltd".into(), purpose: "Toner".into() },
        ..contact(&w, t0(), "Sales call")
    };
    drop(tx);
    let id = insert(&w, &sales, w.handler).await;
    let mut tx = w.db.read().await.unwrap();
    let got = contacts::get(&mut tx, id).await.unwrap();
    assert_eq!((got.sales_organisation.as_deref(), got.sales_purpose.as_deref()), (Some("Acme Ltd"), Some("Toner")));
    assert!(!got.anonymous);
}

#[tokio::test]
async fn the_list_filters_searches_and_pages_newest_first() {
    let w = world().await;
    let a = insert(&w, &contact(&w, t0() - mins(30), "Lost property"), w.handler).await;
    let b = insert(&w, &email(&w, t0() - mins(20)), w.other).await;
    let c = insert(&w, &contact(&w, t0() - mins(10), "Noise 100% LOUD"), w.handler).await;
    let mut tx = w.db.read().await.unwrap();
    let ids = |v: Vec<contacts::ContactRecord>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();

    assert_eq!(ids(contacts::list(&mut tx, &ContactFilter::default(), 10).await.unwrap()), [c, b, a]);
    let by_handler = ContactFilter { handler_id: Some(w.handler), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &by_handler, 10).await.unwrap()), [c, a]);
    let by_channel = ContactFilter { channel: Some(Channel::Email), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &by_channel, 10).await.unwrap()), [b]);
    let by_person = ContactFilter { person_id: Some(w.person), site_id: Some(w.site), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &by_person, 10).await.unwrap()), [c, b, a]);
    let window = ContactFilter { from: Some(t0() - mins(25)), to: Some(t0() - mins(10)), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &window, 10).await.unwrap()), [b]);
    let text = ContactFilter { text: Some("100% loud".into()), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &text, 10).await.unwrap()), [c]);
    // Full text: stemmed words, all of them; what a person types is never run as a query operator.
    let stemmed = ContactFilter { text: Some("noises".into()), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &stemmed, 10).await.unwrap()), [c]);
    let all_words = ContactFilter { text: Some("noise property".into()), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &all_words, 10).await.unwrap()), Vec::<i64>::new());
    let operators = ContactFilter { text: Some("loud OR \"lost\" NEAR*".into()), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &operators, 10).await.unwrap()), Vec::<i64>::new());
    let no_words = ContactFilter { text: Some("%".into()), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &no_words, 10).await.unwrap()), [c, b, a], "punctuation alone filters nothing");
    let notes = ContactFilter { text: Some("CRIME".into()), ..ContactFilter::default() };
    assert_eq!(ids(contacts::list(&mut tx, &notes, 10).await.unwrap()), [c, a]);

    let first = contacts::list(&mut tx, &ContactFilter::default(), 2).await.unwrap();
    let next = ContactFilter { before_id: first.last().map(|c| c.id), ..ContactFilter::default() };
    assert_eq!(ids(first), [c, b]);
    assert_eq!(ids(contacts::list(&mut tx, &next, 2).await.unwrap()), [a]);

    let mut counts: Vec<(ContactOutcome, u64)> =
        contacts::count_rows(&mut tx, &ContactFilter::default()).await.unwrap().into_iter().map(|r| (r.outcome, r.contacts)).collect();
    counts.sort_by_key(|(o, _)| o.slug());
    assert_eq!(counts, [(ContactOutcome::ResolvedAtFirstContact, 2), (ContactOutcome::Signposted, 1)]);
}

/// A second, differently shaped contact for the list tests.
fn email(w: &World, at: Timestamp) -> ValidContact {
    ValidContact {
        channel: Channel::Email,
        outcome: ContactOutcome::Signposted,
        notes: String::new(),
        duration_seconds: None,
        ..contact(w, at, "Emailed about parking")
    }
}

#[tokio::test]
async fn a_message_is_decided_once() {
    let w = world().await;
    let with_message = ValidContact {
        outcome: ContactOutcome::MessageTaken,
        message: Some(MessageRequest { recipient_id: w.other, text: "Call back".into() }),
        ..contact(&w, t0(), "Wants the commissioner")
    };
    let id = insert(&w, &with_message, w.handler).await;
    let mut tx = w.db.write().await.unwrap();
    let message = contacts::messages_for_contact(&mut tx, id).await.unwrap().remove(0);
    let returned = MessageState::Returned { returned_at: t0() + mins(60), note: "Agreed to write".into() };
    contacts::decide_message(&mut tx, message.id, &returned).await.unwrap();
    let again = MessageState::NotReturned { decided_at: t0() + mins(61), reason: "No".into() };
    assert!(matches!(contacts::decide_message(&mut tx, message.id, &again).await, Err(StoreError::StaleVersion)));
    assert!(matches!(contacts::decide_message(&mut tx, message.id + 50, &again).await, Err(StoreError::NotFound)));
    assert_eq!(contacts::get_message(&mut tx, message.id).await.unwrap().state, returned);
}

#[tokio::test]
async fn an_idempotency_key_belongs_to_one_user_and_is_used_once() {
    let w = world().await;
    let id = insert(&w, &contact(&w, t0(), "Once"), w.handler).await;
    let mut tx = w.db.write().await.unwrap();
    assert_eq!(contacts::find_by_idempotency_key(&mut tx, w.handler, "k-1").await.unwrap(), None);
    contacts::remember_idempotency_keys(&mut tx, &[(w.handler, "k-1", id)], t0()).await.unwrap();
    assert_eq!(contacts::find_by_idempotency_key(&mut tx, w.handler, "k-1").await.unwrap(), Some(id));
    assert_eq!(contacts::find_by_idempotency_key(&mut tx, w.other, "k-1").await.unwrap(), None);
    contacts::remember_idempotency_keys(&mut tx, &[(w.other, "k-1", id)], t0()).await.unwrap();
    let persons = contacts::existing(&mut tx, Referent::Persons, &[w.person, w.person + 1]).await.unwrap();
    assert_eq!(persons, [w.person].into());
    let staff = contacts::existing(&mut tx, Referent::ActiveStaff, &[w.handler, w.other, -1]).await.unwrap();
    assert_eq!(staff, [w.handler, w.other].into());
    let sites = contacts::existing(&mut tx, Referent::Sites, &[w.site, w.site + 100]).await.unwrap();
    assert_eq!(sites, [w.site].into());
    let clash = contacts::remember_idempotency_keys(&mut tx, &[(w.handler, "k-1", id)], t0()).await;
    assert!(matches!(clash, Err(StoreError::Conflict { .. })), "{clash:?}");
}
