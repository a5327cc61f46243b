//! Bulk loading: persons and contacts written in batches come back exactly
//! as the one-at-a-time inserts write them, blocking keys included. Runs on
//! SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::contacts::{
    CategoryDetail, Channel, ContactCategory, ContactOutcome, Direction, MessageRequest, MessageState, ValidContact,
};
use casebook_domain::people::{PersonName, query_blocking_keys};
use casebook_store::bulk::{self, BulkContact};
use casebook_store::people::{self, Identifier, NameKind, NameRecord, NewPerson};
use casebook_store::testing::TestDb;
use casebook_store::{Db, Tx, contacts, sites, users};
use jiff::Timestamp;
use jiff::civil::date;

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

fn person(i: usize) -> NewPerson {
    let (given, family) = [("Siobhan", "O'Neill"), ("Mary-Jane", "Smith-Jones"), ("Mohammed", "Khan")][i % 3];
    NewPerson {
        display_name: format!("{given} {family}"),
        date_of_birth: Some(date(1950 + (i % 50) as i16, 1 + (i % 12) as i8, 1 + (i % 28) as i8)),
        postcode: i.is_multiple_of(2).then(|| "MK43 0AB".to_owned()),
        names: vec![
            NameRecord { given: given.into(), family: family.into(), kind: NameKind::Current },
            NameRecord { given: "Shiv".into(), family: "Murphy".into(), kind: NameKind::Alias },
        ],
        identifiers: vec![Identifier::phone(&format!("+4477009{i:05}")), Identifier::email(&format!("p{i}@example.org"))],
    }
}

/// The person's blocking keys, each with whether their date of birth is on file.
async fn keys_of(db: &Db, id: i64) -> Vec<(String, bool)> {
    let sql = "SELECT key, date_of_birth_known FROM person_name_keys WHERE person_id = $1 ORDER BY key";
    match db {
        Db::Sqlite(p) => sqlx::query_as(sql).bind(id).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).bind(id).fetch_all(p).await.unwrap(),
    }
}

#[tokio::test]
async fn bulk_persons_are_stored_exactly_as_one_at_a_time() {
    let test = TestDb::new().await.unwrap();
    let mut tx = test.db.write().await.unwrap();
    let single = people::insert(&mut tx, &person(0), t0()).await.unwrap();
    // More rows than one statement may carry, so batching is exercised.
    let many: Vec<NewPerson> = (0..2_500).map(person).collect();
    let ids = bulk::insert_persons(&mut tx, &many, t0()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids.len(), 2_500);
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > single);

    let mut tx = test.db.read().await.unwrap();
    let (a, b) = (people::get(&mut tx, single).await.unwrap(), people::get(&mut tx, ids[0]).await.unwrap());
    assert_eq!((a.names, a.identifiers, a.date_of_birth, a.postcode), (b.names, b.identifiers, b.date_of_birth, b.postcode));
    assert_eq!(keys_of(&test.db, single).await, keys_of(&test.db, ids[0]).await);
    assert!(!keys_of(&test.db, ids[0]).await.is_empty());
    assert!(keys_of(&test.db, ids[0]).await.iter().all(|(_, dated)| *dated));
    let last = people::get(&mut tx, ids[2_499]).await.unwrap();
    assert_eq!(last.identifiers[0].value, "+447700902499");
    assert_eq!(bulk::persons_extent(&mut tx).await.unwrap(), (single, 2_501));

    // Findable by phone and by a misspelt name.
    assert_eq!(people::find_by_identifier(&mut tx, "phone", "+447700901234").await.unwrap(), [ids[1_234]]);
    let keys = query_blocking_keys(&PersonName::new("Mohamed", "Khan"));
    let found = people::find_by_keys(&mut tx, &keys, people::KeyScope::Everyone, 5_000, 5_000).await.unwrap();
    assert!(found.contains(&ids[2]) && !found.contains(&ids[0]), "Khans, not O'Neills");
}

async fn staff(tx: &mut Tx) -> (i64, i64) {
    use casebook_domain::access::{Grade, Role, Roles};
    use casebook_domain::{nation::Nation, site::SiteKind};
    let site = sites::SiteFields {
        code: "CC".into(),
        name: "Contact centre".into(),
        kind: SiteKind::ContactCentre,
        nation: Nation::EnglandAndWales,
        active: true,
    };
    let site = sites::insert(tx, &site, t0()).await.unwrap();
    let fields = users::UserFields {
        display_name: "Amy".into(),
        email: None,
        grade: Grade::Ao,
        site_id: Some(site),
        active: true,
        roles: Roles::of(&[Role::CallHandler]),
    };
    (users::insert(tx, "amy", &fields, None, t0()).await.unwrap(), site)
}

#[tokio::test]
async fn bulk_contacts_and_their_messages_round_trip() {
    let test = TestDb::new().await.unwrap();
    let mut tx = test.db.write().await.unwrap();
    let (handler, site) = staff(&mut tx).await;
    let persons = bulk::insert_persons(&mut tx, &[person(0)], t0()).await.unwrap();
    let contact = |i: i64| ValidContact {
        occurred_at: t0() - jiff::SignedDuration::from_hours(i),
        channel: Channel::Call101,
        direction: Direction::Inbound,
        site_id: site,
        person_id: (i % 2 == 0).then_some(persons[0]),
        subject: format!("Call {i}"),
        notes: String::new(),
        category: if i % 3 == 0 { ContactCategory::MaliciousOrAbusive } else { ContactCategory::Enquiry },
        detail: if i % 3 == 0 { CategoryDetail::Malicious { caller_warned: true, call_ended: Some(false) } } else { CategoryDetail::None },
        outcome: if i == 1 { ContactOutcome::MessageTaken } else { ContactOutcome::ResolvedAtFirstContact },
        message: (i == 1).then(|| MessageRequest { recipient_id: handler, text: "Call back".into() }),
        duration_seconds: Some(60),
        triage: None,
    };
    let rows: Vec<BulkContact> = (0..2_000)
        .map(|i| BulkContact {
            contact: contact(i),
            handler_id: handler,
            message_state: MessageState::Returned { returned_at: t0(), note: "Done".into() },
            logged_at: None,
        })
        .collect();
    let ids = bulk::insert_contacts(&mut tx, &rows).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    for i in [0usize, 1, 3, 1_999] {
        let got = contacts::get(&mut tx, ids[i]).await.unwrap();
        let want = contact(i as i64);
        assert_eq!(
            (got.occurred_at, got.person_id, got.anonymous, got.subject),
            (want.occurred_at, want.person_id, want.person_id.is_none(), want.subject)
        );
        assert_eq!(
            (got.category, got.caller_warned, got.call_ended, got.handler_id),
            (want.category, if i % 3 == 0 { Some(true) } else { None }, if i % 3 == 0 { Some(false) } else { None }, handler)
        );
    }
    let messages = contacts::messages_for_contact(&mut tx, ids[1]).await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].state, MessageState::Returned { returned_at: t0(), note: "Done".into() });
    let filter = contacts::ContactFilter { person_id: Some(persons[0]), ..Default::default() };
    assert_eq!(contacts::list(&mut tx, &filter, 1_000).await.unwrap().len(), 1_000);
}

#[tokio::test]
async fn recent_contact_counts_cover_a_day_a_week_and_30_days() {
    let test = TestDb::new().await.unwrap();
    let mut tx = test.db.write().await.unwrap();
    let (handler, site) = staff(&mut tx).await;
    let persons = bulk::insert_persons(&mut tx, &[person(0), person(1)], t0()).await.unwrap();
    let rows: Vec<BulkContact> = [1, 23, 25, 24 * 6, 24 * 8, 24 * 29, 24 * 31, -2]
        .iter()
        .map(|&hours| BulkContact {
            contact: ValidContact {
                occurred_at: t0() - jiff::SignedDuration::from_hours(hours),
                channel: Channel::Email,
                direction: Direction::Inbound,
                site_id: site,
                person_id: Some(persons[0]),
                subject: "Again".into(),
                notes: String::new(),
                category: ContactCategory::Enquiry,
                detail: CategoryDetail::None,
                outcome: ContactOutcome::Signposted,
                message: None,
                duration_seconds: None,
                triage: None,
            },
            handler_id: handler,
            message_state: MessageState::Open,
            logged_at: None,
        })
        .collect();
    bulk::insert_contacts(&mut tx, &rows).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = test.db.read().await.unwrap();
    let (counts, _) = casebook_store::frequent_callers::counts_for_person(&mut tx, persons[0], t0()).await.unwrap();
    assert_eq!((counts.last_24h, counts.last_7d, counts.last_30d), (2, 4, 6), "the future contact is not counted");
    let (none, _) = casebook_store::frequent_callers::counts_for_person(&mut tx, persons[1], t0()).await.unwrap();
    assert_eq!(none, Default::default());
}
