//! Markers, tasks and person merges in the store: a merge then an unmerge
//! restores exactly the original rows, contacts logged for the survivor
//! after the merge stay with it, and merged-away persons drop out of every
//! lookup. Runs on SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::access::{Grade, Role, Roles};
use casebook_domain::contacts::{CategoryDetail, Channel, ContactCategory, ContactOutcome, Direction, ValidContact};
use casebook_domain::nation::Nation;
use casebook_domain::people::{PersonName, query_blocking_keys};
use casebook_domain::safeguarding::{LawfulBasis, MarkerKind, ValidMarker};
use casebook_domain::site::SiteKind;
use casebook_domain::tasks::TaskKind;
use casebook_store::people::{self, Identifier, NameKind, NameRecord, NewPerson};
use casebook_store::sites::SiteFields;
use casebook_store::tasks::{self, NewTask};
use casebook_store::testing::TestDb;
use casebook_store::users::UserFields;
use casebook_store::{Db, StoreError, Tx, contacts, merges, on_backend, safeguarding, sites, users};
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

struct World {
    _test: TestDb,
    db: Db,
    site: i64,
    manager: i64,
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
    let user = UserFields {
        display_name: "Meg Manager".into(),
        email: None,
        grade: Grade::Heo,
        site_id: Some(site),
        active: true,
        roles: Roles::of(&[Role::Manager]),
    };
    let manager = users::insert(&mut tx, "meg.manager", &user, None, t0()).await.unwrap();
    tx.commit().await.unwrap();
    World { _test: test, db, site, manager }
}

fn person(given: &str, family: &str, phone: &str, alias: Option<(&str, &str)>) -> NewPerson {
    let mut names = vec![NameRecord { given: given.into(), family: family.into(), kind: NameKind::Current }];
    if let Some((g, f)) = alias {
        names.push(NameRecord { given: g.into(), family: f.into(), kind: NameKind::Alias });
    }
    NewPerson {
        display_name: format!("{given} {family}"),
        date_of_birth: Some(date(1984, 7, 19)),
        postcode: None,
        names,
        identifiers: vec![Identifier::phone(phone)],
    }
}

fn call(w: &World, person: i64, subject: &str) -> ValidContact {
    ValidContact {
        occurred_at: t0(),
        channel: Channel::Call101,
        direction: Direction::Inbound,
        site_id: w.site,
        person_id: Some(person),
        subject: subject.into(),
        notes: String::new(),
        category: ContactCategory::Enquiry,
        detail: CategoryDetail::None,
        outcome: ContactOutcome::ResolvedAtFirstContact,
        message: None,
        duration_seconds: None,
        triage: None,
    }
}

fn marker() -> ValidMarker {
    ValidMarker {
        kind: MarkerKind::Autism,
        reasonable_adjustments: "Prefers email".into(),
        source: "Told us".into(),
        source_date: date(2026, 3, 1),
        lawful_basis: LawfulBasis::SafeguardingIndividualsAtRisk,
        review_date: date(2027, 3, 1),
    }
}

/// Every row that follows a person, with its owner (and a name's kind), in a stable order.
async fn snapshot(tx: &mut Tx) -> Vec<String> {
    let mut out = Vec::new();
    for (table, extra) in
        [("contacts", "''"), ("person_identifiers", "value"), ("person_names", "kind"), ("special_category_markers", "kind")]
    {
        let sql = format!("SELECT id, person_id, {extra} FROM {table} ORDER BY id");
        let rows: Vec<(i64, i64, String)> =
            on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(c).await).unwrap();
        out.extend(rows.into_iter().map(|(id, p, x)| format!("{table} {id} -> {p} {x}")));
    }
    let keys: Vec<(i64, String, bool)> = on_backend!(tx, c => sqlx::query_as(
        "SELECT person_id, key, date_of_birth_known FROM person_name_keys ORDER BY person_id, key").fetch_all(c).await)
    .unwrap();
    out.extend(keys.into_iter().map(|(p, k, dated)| format!("key {p} {k} {dated}")));
    out
}

#[tokio::test]
async fn a_merge_then_an_unmerge_restores_exactly_the_original_rows() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let keep = people::insert(&mut tx, &person("Siobhan", "O'Neill", "+447700900101", None), t0()).await.unwrap();
    let dup = people::insert(&mut tx, &person("Shivaun", "Oneil", "+447700900102", Some(("Shiv", "Murphy"))), t0()).await.unwrap();
    let bystander = people::insert(&mut tx, &person("Gareth", "Jones", "+447700900103", None), t0()).await.unwrap();
    contacts::insert(&mut tx, &call(&w, keep, "first"), w.manager, t0()).await.unwrap();
    contacts::insert(&mut tx, &call(&w, dup, "second"), w.manager, t0()).await.unwrap();
    contacts::insert(&mut tx, &call(&w, dup, "third"), w.manager, t0()).await.unwrap();
    contacts::insert(&mut tx, &call(&w, bystander, "elsewhere"), w.manager, t0()).await.unwrap();
    safeguarding::insert(&mut tx, dup, &marker(), Some(w.manager), t0()).await.unwrap();
    let before = snapshot(&mut tx).await;
    tx.commit().await.unwrap();

    let later = t0() + SignedDuration::from_hours(1);
    let mut tx = w.db.write().await.unwrap();
    let (merge_id, moved) = merges::merge(&mut tx, keep, dup, "Same person", Some(w.manager), later).await.unwrap();
    assert_eq!((moved.contacts, moved.identifiers, moved.names, moved.markers), (2, 1, 2, 1));
    assert_eq!(merges::moved_rows(&mut tx, merge_id).await.unwrap().len(), 6);
    tx.commit().await.unwrap();

    let mut tx = w.db.read().await.unwrap();
    let survivor = people::get(&mut tx, keep).await.unwrap();
    assert_eq!(survivor.identifiers.len(), 2);
    assert_eq!(survivor.names[0].full(), "Siobhan O'Neill", "the survivor's own name stays current");
    assert!(survivor.names[1..].iter().all(|n| n.kind != NameKind::Current), "{:?}", survivor.names);
    assert_eq!(people::get(&mut tx, dup).await.unwrap().merged_into_id, Some(keep));
    // The merged-away person is found nowhere; their identifiers and names lead to the survivor.
    assert_eq!(people::find_by_identifier(&mut tx, "phone", "+447700900102").await.unwrap(), [keep]);
    assert_eq!(
        people::find_by_keys(&mut tx, &query_blocking_keys(&PersonName::new("Shiv", "Murphy")), people::KeyScope::Everyone, 300, 10)
            .await
            .unwrap(),
        [keep]
    );
    assert!(people::search(&mut tx, "", 10, 0).await.unwrap().iter().all(|p| p.id != dup));
    assert_eq!(safeguarding::for_person(&mut tx, keep).await.unwrap().len(), 1);
    drop(tx);

    // A contact logged for the survivor after the merge is the survivor's, and stays so.
    let mut tx = w.db.write().await.unwrap();
    let after = contacts::insert(&mut tx, &call(&w, keep, "after the merge"), w.manager, later).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = w.db.write().await.unwrap();
    let back = merges::unmerge(&mut tx, merge_id, "Different people after all", Some(w.manager), later).await.unwrap();
    assert_eq!((back.contacts, back.identifiers, back.names, back.markers), (2, 1, 2, 1));
    assert!(matches!(merges::unmerge(&mut tx, merge_id, "again", None, later).await, Err(StoreError::StaleVersion)));
    tx.commit().await.unwrap();

    let mut tx = w.db.read().await.unwrap();
    assert_eq!(contacts::get(&mut tx, after).await.unwrap().person_id, Some(keep));
    let mut now = snapshot(&mut tx).await;
    now.retain(|row| !row.starts_with(&format!("contacts {after} ")));
    assert_eq!(now, before, "the unmerge restored every row, kind and key");
    assert_eq!(people::get(&mut tx, dup).await.unwrap().merged_into_id, None);
    assert_eq!(people::find_by_identifier(&mut tx, "phone", "+447700900102").await.unwrap(), [dup]);
    let record = merges::get(&mut tx, merge_id).await.unwrap();
    assert_eq!(record.unmerged.as_ref().map(|u| u.reason.as_str()), Some("Different people after all"));
    assert_eq!(merges::for_person(&mut tx, dup).await.unwrap().len(), 1);
    assert!(merges::for_person(&mut tx, bystander).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_person_merged_away_cannot_be_merged_again() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let a = people::insert(&mut tx, &person("Ann", "Lee", "+447700900201", None), t0()).await.unwrap();
    let b = people::insert(&mut tx, &person("Anne", "Lee", "+447700900202", None), t0()).await.unwrap();
    let c = people::insert(&mut tx, &person("Annie", "Lee", "+447700900203", None), t0()).await.unwrap();
    merges::merge(&mut tx, a, b, "dup", None, t0()).await.unwrap();
    assert!(matches!(merges::merge(&mut tx, c, b, "dup", None, t0()).await, Err(StoreError::StaleVersion)));
    assert!(matches!(merges::merge(&mut tx, b, c, "dup", None, t0()).await, Err(StoreError::StaleVersion)));
}

#[tokio::test]
async fn markers_are_listed_current_first_and_withdrawn_once() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let p = people::insert(&mut tx, &person("Ann", "Lee", "+447700900201", None), t0()).await.unwrap();
    let first = safeguarding::insert(&mut tx, p, &marker(), Some(w.manager), t0()).await.unwrap();
    let second =
        safeguarding::insert(&mut tx, p, &ValidMarker { kind: MarkerKind::Other, ..marker() }, Some(w.manager), t0()).await.unwrap();
    safeguarding::withdraw(&mut tx, first, Some(w.manager), "Not accurate", t0()).await.unwrap();
    assert!(matches!(safeguarding::withdraw(&mut tx, first, None, "again", t0()).await, Err(StoreError::StaleVersion)));
    assert!(matches!(safeguarding::withdraw(&mut tx, first + 100, None, "x", t0()).await, Err(StoreError::NotFound)));
    let found = safeguarding::for_person(&mut tx, p).await.unwrap();
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [second, first]);
    assert_eq!(found[0], safeguarding::get(&mut tx, second).await.unwrap());
    assert_eq!(found[0].source_date, date(2026, 3, 1));
    assert_eq!(found[1].withdrawal.as_ref().unwrap().reason, "Not accurate");
    assert_eq!(found[1].withdrawal.as_ref().unwrap().at, t0());
}

#[tokio::test]
async fn tasks_are_queued_open_first_and_completed_once() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let task = |title: &str| NewTask {
        assignee_id: w.manager,
        kind: TaskKind::SafeguardingConcern,
        title: title.into(),
        detail: "Seemed confused".into(),
        person_id: None,
        contact_id: None,
        created_by: None,
    };
    let a = tasks::insert(&mut tx, &task("a"), t0()).await.unwrap();
    let b = tasks::insert(&mut tx, &task("b"), t0()).await.unwrap();
    let c = tasks::insert(&mut tx, &task("c"), t0()).await.unwrap();
    tasks::complete(&mut tx, a, "Agreed email only", t0()).await.unwrap();
    assert!(matches!(tasks::complete(&mut tx, a, "again", t0()).await, Err(StoreError::StaleVersion)));
    let mine = tasks::for_assignee(&mut tx, w.manager, 10).await.unwrap();
    assert_eq!(mine.iter().map(|t| t.id).collect::<Vec<_>>(), [b, c, a]);
    assert_eq!(mine[2].done, Some((t0(), "Agreed email only".into())));
    assert_eq!(mine[0].kind, TaskKind::SafeguardingConcern);
    assert!(tasks::for_assignee(&mut tx, w.manager + 1, 10).await.unwrap().is_empty());
}
