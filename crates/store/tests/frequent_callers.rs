//! Frequent callers in the store: the SQL window counts and candidate query
//! agree with the pure `count_windows`/`assess_candidate` on the same data;
//! flags are versioned; the history keeps every step. Runs on SQLite, or on
//! PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.
//!
//! `cargo test -p casebook-store --test frequent_callers -- --ignored` runs
//! the speed check at 1 million persons and 5 million contacts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::access::{Grade, Role, Roles};
use casebook_domain::frequent_callers::AppliesTo;
use casebook_domain::frequent_callers::{
    ContactWindowCounts, FlagCommand, FlagEvent, FrequentCallerFlag, ResponsePlan, Thresholds, assess_candidate, count_previous_30_days,
    count_windows, decide, is_under_18,
};
use casebook_store::frequent_callers::{self as fc, CandidateRules, FlagHistoryEntry, Scope};
use casebook_store::testing::TestDb;
use casebook_store::users::UserFields;
use casebook_store::{Backend, Db, DbDate, DbTime, StoreError, Tx, on_backend, users};
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

fn now() -> Timestamp {
    "2026-11-23T12:00:00.123456Z".parse().unwrap()
}

fn today() -> Date {
    date(2026, 11, 23)
}

struct World {
    _test: TestDb,
    db: Db,
    handler: i64,
}

async fn world() -> World {
    let test = TestDb::new().await.unwrap();
    let db = test.db.clone();
    let mut tx = db.write().await.unwrap();
    let fields = UserFields {
        display_name: "Hal Handler".into(),
        email: None,
        grade: Grade::Eo,
        site_id: None,
        active: true,
        roles: Roles::of(&[Role::CallHandler]),
    };
    let handler = users::insert(&mut tx, "hal.handler", &fields, None, now()).await.unwrap();
    tx.commit().await.unwrap();
    World { _test: test, db, handler }
}

async fn add_person(tx: &mut Tx, name: &str, born: Option<Date>) -> i64 {
    on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO persons (display_name, date_of_birth, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id")
        .bind(name).bind(born.map(DbDate::from)).bind(DbTime(now())).fetch_one(c).await)
    .unwrap()
}

async fn add_contact(tx: &mut Tx, handler: i64, person: Option<i64>, at: Timestamp) {
    on_backend!(tx, c => sqlx::query(
        "INSERT INTO contacts (occurred_at, channel, direction, handler_id, person_id, anonymous, subject, notes, category, outcome, created_at)
         VALUES ($1, 'call-101', 'inbound', $2, $3, $4, 'Called', '', 'enquiry', 'resolved-at-first-contact', $1)")
        .bind(DbTime(at)).bind(handler).bind(person).bind(person.is_none()).execute(c).await.map(|_| ()))
    .unwrap();
}

/// The rules as the app hands them to the store.
fn rules(t: &Thresholds) -> CandidateRules {
    CandidateRules {
        general: t.lowest_per_window_for(&[AppliesTo::Everyone, AppliesTo::Adults]),
        under_18: t.lowest_per_window_for(&[AppliesTo::Under18]),
        born_after: date(2008, 11, 22),
    }
}

/// A small deterministic generator, so a failure can be reproduced.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[tokio::test]
async fn sql_counts_and_candidates_agree_with_the_pure_rules() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let mut rng = Lcg(2026);
    let mut times: BTreeMap<i64, (Option<Date>, Vec<Timestamp>)> = BTreeMap::new();
    for i in 0..40 {
        // Some children, some adults, some of unknown age.
        let born = match i % 3 {
            0 => Some(date(2010, 5, 1)),
            1 => Some(date(1970, 5, 1)),
            _ => None,
        };
        let id = add_person(&mut tx, &format!("Person {i}"), born).await;
        let mut mine = Vec::new();
        let n = rng.next(16);
        for _ in 0..n {
            // Mostly recent, some old, a few a second in the future (a skewed clock) and some exactly on a boundary.
            let secs = match rng.next(10) {
                0 => -1,
                1 => 24 * 3600 * i64::try_from(rng.next(200)).unwrap(),
                2..=5 => i64::try_from(rng.next(100 * 3600)).unwrap(),
                _ => i64::try_from(rng.next(200 * 24 * 3600)).unwrap(),
            };
            let at = now().checked_sub(SignedDuration::from_secs(secs)).unwrap();
            add_contact(&mut tx, w.handler, Some(id), at).await;
            mine.push(at);
        }
        times.insert(id, (born, mine));
    }
    // Anonymous contacts count for nobody.
    for _ in 0..5 {
        add_contact(&mut tx, w.handler, None, now()).await;
    }
    tx.commit().await.unwrap();

    let mut tx = w.db.read().await.unwrap();
    for (id, (_, mine)) in &times {
        let (counts, previous) = fc::counts_for_person(&mut tx, *id, now()).await.unwrap();
        assert_eq!(counts, count_windows(mine, now()), "person {id}");
        assert_eq!(previous, count_previous_30_days(mine, now()), "person {id}");
    }

    let thresholds = Thresholds::default();
    let found = fc::counts(&mut tx, now(), Scope::Candidates(&rules(&thresholds))).await.unwrap();
    let sql: Vec<i64> = found
        .iter()
        .filter(|p| assess_candidate(&p.counts, is_under_18(p.date_of_birth, today()), &thresholds).is_some())
        .map(|p| p.person_id)
        .collect();
    let pure: Vec<i64> = times
        .iter()
        .filter(|(_, (born, mine))| assess_candidate(&count_windows(mine, now()), is_under_18(*born, today()), &thresholds).is_some())
        .map(|(id, _)| *id)
        .collect();
    assert!(!pure.is_empty() && pure.len() < times.len(), "the data should hold candidates and non-candidates: {}", pure.len());
    assert_eq!(sql, pure);
    for p in &found {
        assert_eq!(p.counts, count_windows(&times[&p.person_id].1, now()));
    }
}

fn plan() -> ResponsePlan {
    ResponsePlan {
        handled_by: "Compliance Officer".into(),
        what_to_say: "Thank them and log the call".into(),
        pathway: "Crisis line".into(),
    }
}

fn flagged() -> FrequentCallerFlag {
    decide(&FrequentCallerFlag::NotFlagged, FlagCommand::Flag { reason: "Many calls".into(), plan: plan(), review_due: None }, today())
        .unwrap()
        .0
}

#[tokio::test]
async fn flags_are_versioned_and_flagged_persons_leave_the_candidates() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let a = add_person(&mut tx, "Ann Caller", None).await;
    let b = add_person(&mut tx, "Bob Caller", None).await;
    for person in [a, b] {
        for h in [1, 2, 3] {
            add_contact(&mut tx, w.handler, Some(person), now() - SignedDuration::from_hours(h)).await;
        }
    }
    assert_eq!(fc::get(&mut tx, a).await.unwrap(), None);
    assert_eq!(fc::save(&mut tx, a, &flagged(), None, Some(w.handler), now()).await.unwrap(), 1);
    // A second "first flag" lost the race.
    assert!(matches!(fc::save(&mut tx, a, &flagged(), None, None, now()).await, Err(StoreError::StaleVersion)));
    let saved = fc::get(&mut tx, a).await.unwrap().unwrap();
    assert_eq!((saved.flag.clone(), saved.version), (flagged(), 1));

    let lowest = rules(&Thresholds::default());
    let candidates: Vec<i64> = fc::counts(&mut tx, now(), Scope::Candidates(&lowest)).await.unwrap().iter().map(|p| p.person_id).collect();
    assert_eq!(candidates, [b]);
    let flagged_counts = fc::counts(&mut tx, now(), Scope::Flagged).await.unwrap();
    assert_eq!(flagged_counts.iter().map(|p| (p.person_id, p.counts.last_24h)).collect::<Vec<_>>(), [(a, 3)]);
    let list = fc::flagged(&mut tx).await.unwrap();
    assert_eq!(list.iter().map(|f| (f.display_name.as_str(), f.record.person_id)).collect::<Vec<_>>(), [("Ann Caller", a)]);

    // Lifted: back among the candidates, off the flagged list; an edit from the old version is refused.
    let lifted = FrequentCallerFlag::Lifted { on: today(), reason: "Settled".into() };
    assert_eq!(fc::save(&mut tx, a, &lifted, Some(1), None, now()).await.unwrap(), 2);
    assert!(matches!(fc::save(&mut tx, a, &flagged(), Some(1), None, now()).await, Err(StoreError::StaleVersion)));
    assert!(fc::flagged(&mut tx).await.unwrap().is_empty());
    let candidates = fc::counts(&mut tx, now(), Scope::Candidates(&lowest)).await.unwrap();
    assert_eq!(candidates.len(), 2);
    let nothing = CandidateRules { general: vec![], under_18: vec![], born_after: today() };
    assert_eq!(fc::counts(&mut tx, now(), Scope::Candidates(&nothing)).await.unwrap(), []);
    assert_eq!(fc::counts_for_person(&mut tx, 9_999, now()).await.unwrap(), (ContactWindowCounts::default(), 0));
}

#[tokio::test]
async fn the_history_keeps_every_step_newest_first() {
    let w = world().await;
    let mut tx = w.db.write().await.unwrap();
    let a = add_person(&mut tx, "Ann Caller", None).await;
    let step = |event: FlagEvent, detail: &str, minutes: i64| FlagHistoryEntry {
        event,
        detail: detail.into(),
        actor_id: Some(w.handler),
        actor_label: "hal.handler".into(),
        occurred_at: now() + SignedDuration::from_mins(minutes),
    };
    let first = step(FlagEvent::Flagged { since: today(), review_due: date(2027, 2, 23) }, "Many calls", 0);
    let second = step(FlagEvent::Lifted { on: today() }, "Settled", 5);
    fc::add_history(&mut tx, a, &first).await.unwrap();
    fc::add_history(&mut tx, a, &second).await.unwrap();
    assert_eq!(fc::history(&mut tx, a).await.unwrap(), [second, first]);
    assert!(fc::history(&mut tx, a + 1).await.unwrap().is_empty());
}

/// The candidate list at 1 million persons and 5 million contacts, over
/// 18 months, must come back in under 2 seconds.
#[tokio::test]
#[ignore = "slow: fills a database with 5 million contacts"]
async fn candidates_at_five_million_contacts_under_two_seconds() {
    let w = world().await;
    let start = now() - SignedDuration::from_hours(24 * 548);
    let span_secs: i64 = 548 * 24 * 3600;
    let mut tx = w.db.write().await.unwrap();
    match w.db.backend() {
        Backend::Sqlite => {
            // Building the indexes after the rows is much faster than keeping them up to date row by row.
            for index in ["contacts_person_occurred", "contacts_occurred", "contacts_occurred_person", "contacts_handler"] {
                on_backend!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX {index}"))).execute(c).await.map(|_| ()))
                    .unwrap();
            }
            // One person in 20 is a child.
            on_backend!(&mut tx, c => sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
                 INSERT INTO persons (id, display_name, date_of_birth, created_at, updated_at)
                 SELECT i, 'Person ' || i, CASE WHEN i % 20 = 0 THEN '2012-06-01' END, $1, $1 FROM n")
                .bind(DbTime(now())).execute(c).await.map(|_| ()))
            .unwrap();
            // Contact i belongs to person (i * 7919 mod 1M) + 1 and happens at a spread-out second of the 18 months.
            on_backend!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000)
                 INSERT INTO contacts (occurred_at, channel, direction, handler_id, person_id, anonymous, subject, notes, category, outcome, created_at)
                 SELECT strftime('%Y-%m-%dT%H:%M:%S.000000Z', {base} + ((i * 104729) % {span_secs}), 'unixepoch'),
                        'call-101', 'inbound', $1, ((i * 7919) % 1000000) + 1, FALSE, 'Called', '', 'enquiry', 'resolved-at-first-contact', $2 FROM n",
                base = start.as_second())))
                .bind(w.handler).bind(DbTime(now())).execute(c).await.map(|_| ())).unwrap();
            for index in [
                "contacts_person_occurred ON contacts (person_id, occurred_at)",
                "contacts_occurred ON contacts (occurred_at)",
                "contacts_occurred_person ON contacts (occurred_at, person_id)",
                "contacts_handler ON contacts (handler_id)",
            ] {
                on_backend!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(format!("CREATE INDEX {index}"))).execute(c).await.map(|_| ()))
                    .unwrap();
            }
        }
        Backend::Postgres => {
            on_backend!(&mut tx, c => sqlx::query(
                "INSERT INTO persons (id, display_name, date_of_birth, created_at, updated_at)
                 SELECT i, 'Person ' || i, CASE WHEN i % 20 = 0 THEN DATE '2012-06-01' END, $1, $1 FROM generate_series(1, 1000000) AS i")
                .bind(DbTime(now())).execute(c).await.map(|_| ()))
            .unwrap();
            on_backend!(&mut tx, c => sqlx::query(
                "INSERT INTO contacts (occurred_at, channel, direction, handler_id, person_id, anonymous, subject, notes, category, outcome, created_at)
                 SELECT $1 + make_interval(secs => (i::bigint * 104729) % $2), 'call-101', 'inbound', $3, ((i::bigint * 7919) % 1000000) + 1,
                        FALSE, 'Called', '', 'enquiry', 'resolved-at-first-contact', $1
                 FROM generate_series(1, 5000000) AS i")
                .bind(DbTime(start)).bind(span_secs).bind(w.handler).execute(c).await.map(|_| ())).unwrap();
        }
    }
    // A few heavy callers among them.
    for h in 0..12 {
        add_contact(&mut tx, w.handler, Some(42), now() - SignedDuration::from_hours(h)).await;
    }
    tx.commit().await.unwrap();
    match &w.db {
        Db::Sqlite(pool) => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()).unwrap(),
        // As autovacuum would leave it: statistics, and a visibility map for index-only scans.
        Db::Postgres(pool) => sqlx::query("VACUUM ANALYZE").execute(pool).await.map(|_| ()).unwrap(),
    }

    let lowest = rules(&Thresholds::default());
    let mut tx = w.db.read().await.unwrap();
    let started = std::time::Instant::now();
    let found = fc::counts(&mut tx, now(), Scope::Candidates(&lowest)).await.unwrap();
    let took = started.elapsed();
    eprintln!("{:?}: {} pre-filtered persons in {took:?}", w.db.backend(), found.len());
    assert!(found.iter().any(|p| p.person_id == 42 && p.counts.last_24h >= 12));
    assert!(took < std::time::Duration::from_secs(2), "the candidate query took {took:?}");
}
