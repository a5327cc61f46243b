//! Persons in the store: round trip with names and identifiers, and the
//! identifier and blocking-key lookups recognition starts from. Runs on
//! SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::people::{ExternalReference, PersonName, ReferenceKind, query_blocking_keys};
use casebook_store::people::{self, Identifier, KeyScope, NameKind, NameRecord, NewPerson};
use casebook_store::testing::TestDb;
use jiff::Timestamp;
use jiff::civil::date;

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

fn name(given: &str, family: &str, kind: NameKind) -> NameRecord {
    NameRecord { given: given.into(), family: family.into(), kind }
}

fn siobhan() -> NewPerson {
    NewPerson {
        display_name: "Siobhan O'Neill".into(),
        date_of_birth: Some(date(1984, 7, 19)),
        postcode: Some("MK43 0AB".into()),
        names: vec![name("Siobhan", "O'Neill", NameKind::Current), name("Shiv", "Murphy", NameKind::Alias)],
        identifiers: vec![
            Identifier::phone("+447700900123"),
            Identifier::email("siobhan@example.org"),
            Identifier::reference(&ExternalReference { kind: ReferenceKind::HomeOfficeReference, value: "B1234567".into() }),
        ],
    }
}

#[tokio::test]
async fn a_person_round_trips_with_names_and_identifiers() {
    let test = TestDb::new().await.unwrap();
    let mut tx = test.db.write().await.unwrap();
    let id = people::insert(&mut tx, &siobhan(), t0()).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    let p = people::get(&mut tx, id).await.unwrap();
    assert_eq!(p.display_name, "Siobhan O'Neill");
    assert_eq!(p.date_of_birth, Some(date(1984, 7, 19)));
    assert_eq!(p.postcode.as_deref(), Some("MK43 0AB"));
    assert_eq!(p.created_at, t0());
    assert_eq!(p.names, siobhan().names);
    assert_eq!(p.identifiers, siobhan().identifiers);
    assert_eq!(p.identifiers[2].as_reference().unwrap().value, "B1234567");
    assert!(matches!(people::get(&mut tx, id + 100).await, Err(casebook_store::StoreError::NotFound)));

    let c = people::candidates(&mut tx, &[id]).await.unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].names[0], PersonName::new("Siobhan", "O'Neill"));
    assert_eq!(c[0].phones, ["+447700900123"]);
    assert_eq!(c[0].emails, ["siobhan@example.org"]);
    assert_eq!(c[0].references.len(), 1);
}

#[tokio::test]
async fn identifiers_and_blocking_keys_find_the_person() {
    let test = TestDb::new().await.unwrap();
    let mut tx = test.db.write().await.unwrap();
    let id = people::insert(&mut tx, &siobhan(), t0()).await.unwrap();
    let mut other = siobhan();
    other.display_name = "Tom Baker".into();
    other.names = vec![name("Tom", "Baker", NameKind::Current)];
    other.identifiers = vec![Identifier::phone("+447700900123")];
    let housemate = people::insert(&mut tx, &other, t0()).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    // A household shares a phone.
    assert_eq!(people::find_by_identifier(&mut tx, "phone", "+447700900123").await.unwrap(), [id, housemate]);
    assert_eq!(people::find_by_identifier(&mut tx, "email", "siobhan@example.org").await.unwrap(), [id]);
    assert!(people::find_by_identifier(&mut tx, "phone", "+447700900999").await.unwrap().is_empty());

    let keys = query_blocking_keys(&PersonName::new("Siobahn", "O'Neill"));
    assert_eq!(people::find_by_keys(&mut tx, &keys, KeyScope::Everyone, 300, 200).await.unwrap(), [id]);
    let keys = query_blocking_keys(&PersonName::new("Shiv", "Murphy"));
    assert_eq!(people::find_by_keys(&mut tx, &keys, KeyScope::Everyone, 300, 200).await.unwrap(), [id]);
    assert!(people::find_by_keys(&mut tx, &[], KeyScope::Everyone, 300, 200).await.unwrap().is_empty());

    let found = people::search(&mut tx, "o'neill", 10, 0).await.unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);
    assert_eq!(people::search(&mut tx, "murphy", 10, 0).await.unwrap().len(), 1);
    assert_eq!(people::search(&mut tx, "", 10, 0).await.unwrap().len(), 2);
    assert_eq!(people::search(&mut tx, "", 1, 1).await.unwrap()[0].id, housemate, "ordered by name: Siobhan, then Tom");
}

#[tokio::test]
async fn a_caller_with_a_date_of_birth_is_looked_up_by_that_day_and_among_the_undated() {
    let test = TestDb::new().await.unwrap();
    let mut tx = test.db.write().await.unwrap();
    let dated = people::insert(&mut tx, &siobhan(), t0()).await.unwrap();
    let undated = people::insert(&mut tx, &NewPerson { date_of_birth: None, identifiers: vec![], ..siobhan() }, t0()).await.unwrap();
    let mut twins = Vec::new();
    for _ in 0..3 {
        let twin = NewPerson { date_of_birth: Some(date(1990, 1, 1)), identifiers: vec![], ..siobhan() };
        twins.push(people::insert(&mut tx, &twin, t0()).await.unwrap());
    }
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    let keys = query_blocking_keys(&PersonName::new("Siobhan", "O'Neill"));
    assert_eq!(people::find_by_keys(&mut tx, &keys, KeyScope::WithoutDateOfBirth, 300, 200).await.unwrap(), [undated]);
    assert_eq!(people::find_by_date_of_birth(&mut tx, date(1984, 7, 19), 10).await.unwrap(), [dated]);
    assert_eq!(people::find_by_date_of_birth(&mut tx, date(1990, 1, 1), 2).await.unwrap(), twins[..2]);
    assert!(people::find_by_date_of_birth(&mut tx, date(2000, 1, 1), 10).await.unwrap().is_empty());

    // Each key brings at most `per_key` persons, in record order; the overall limit still applies.
    let one_key = &keys[..1];
    assert_eq!(people::find_by_keys(&mut tx, one_key, KeyScope::Everyone, 2, 200).await.unwrap(), [dated, undated]);
    assert_eq!(people::find_by_keys(&mut tx, &keys, KeyScope::Everyone, 300, 3).await.unwrap().len(), 3);
    assert_eq!(people::find_by_keys(&mut tx, &keys, KeyScope::Everyone, 300, 200).await.unwrap().len(), 5);
}
