//! The store against a real database: schema parity between the two
//! migrations, round trips, optimistic locking, sessions, and the audit
//! chain's tamper evidence. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.

// clippy.toml allows unwrap/expect/panic in test functions only; the helpers
// below are test code too, and a failed setup should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::access::{Grade, Role, Roles};
use casebook_domain::audit::{AuditFacts, BrokenLink, verify_chain};
use casebook_domain::nation::Nation;
use casebook_domain::site::SiteKind;
use casebook_store::audit::{self, AuditFilter};
use casebook_store::sites::{SiteFields, SiteRecord};
use casebook_store::testing::TestDb;
use casebook_store::users::{UserFields, UserRecord};
use casebook_store::{Backend, Db, DbTime, StoreError, Tx, closures, sessions, sites, users};
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

// ---- helpers -------------------------------------------------------------

/// A fixed instant with a non-zero microsecond part, so truncation would show.
fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

fn secs(n: i64) -> SignedDuration {
    SignedDuration::from_secs(n)
}

async fn fresh() -> TestDb {
    TestDb::new().await.unwrap()
}

fn site_fields(code: &str, name: &str) -> SiteFields {
    SiteFields { code: code.into(), name: name.into(), kind: SiteKind::ContactCentre, nation: Nation::Scotland, active: true }
}

fn user_fields(site_id: Option<i64>, roles: &[Role]) -> UserFields {
    UserFields {
        display_name: "Amy Clarke".into(),
        email: Some("amy.clarke@example.org".into()),
        grade: Grade::Heo,
        site_id,
        active: true,
        roles: Roles::of(roles),
    }
}

/// Inserts a site and a user in one committed transaction; returns their ids.
async fn site_and_user(db: &Db, username: &str) -> (i64, i64) {
    let mut tx = db.write().await.unwrap();
    let site = sites::insert(&mut tx, &site_fields("BEDS-CC", "Bedfordshire Contact Centre"), t0()).await.unwrap();
    let user = users::insert(&mut tx, username, &user_fields(Some(site), &[Role::CallHandler]), Some("hash"), t0()).await.unwrap();
    tx.commit().await.unwrap();
    (site, user)
}

fn facts(action: &str, entity_type: &str, entity_id: &str, at: Timestamp) -> AuditFacts {
    AuditFacts {
        occurred_at: at,
        actor_id: Some(7),
        actor_label: "kim.admin".into(),
        action: action.into(),
        entity_type: entity_type.into(),
        entity_id: Some(entity_id.into()),
        request_id: Some("req-1".into()),
        summary: format!("{action} {entity_type} {entity_id}"),
    }
}

/// Appends `n` numbered events in one committed transaction.
async fn append_committed(db: &Db, n: usize, label: &str) {
    let mut tx = db.write().await.unwrap();
    let events: Vec<AuditFacts> = (0..n).map(|i| facts("user.updated", "user", &format!("{label}-{i}"), t0())).collect();
    audit::append(&mut tx, &events).await.unwrap();
    tx.commit().await.unwrap();
}

/// Reads the whole chain and checks it against the recorded head.
async fn verify(db: &Db) -> Result<u64, BrokenLink> {
    let mut tx = db.read().await.unwrap();
    let events = audit::chain_page(&mut tx, 0, 10_000).await.unwrap();
    let (seq, hash) = audit::head(&mut tx).await.unwrap();
    verify_chain(events, (seq > 0).then_some((seq, hash.as_str())))
}

/// Runs one statement behind the store's back, as a database administrator could.
async fn run_sql(db: &Db, sql: &'static str) -> Result<u64, sqlx::Error> {
    match db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
    }
}

/// What a malicious DBA does first: removes the append-only triggers.
async fn drop_audit_triggers(db: &Db) {
    match db.backend() {
        Backend::Sqlite => {
            run_sql(db, "DROP TRIGGER audit_events_no_update").await.unwrap();
            run_sql(db, "DROP TRIGGER audit_events_no_delete").await.unwrap();
        }
        Backend::Postgres => {
            run_sql(db, "DROP TRIGGER audit_events_no_update ON audit_events").await.unwrap();
        }
    }
}

async fn is_live(tx: &mut Tx, token_hash: &str) -> bool {
    sessions::find_live(tx, token_hash, t0()).await.unwrap().is_some()
}

/// table -> column -> nullable, for the tables the migrations create.
type Schema = BTreeMap<String, BTreeMap<String, bool>>;

async fn sqlite_schema(db: &Db) -> Schema {
    let Db::Sqlite(pool) = db else { panic!("not SQLite") };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'
         AND name NOT LIKE 'contacts_search%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for table in tables {
        let columns: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT name, \"notnull\", pk FROM pragma_table_info($1)").bind(&table).fetch_all(pool).await.unwrap();
        // A primary key is declared non-null; a_session_without_a_token_hash_is_refused covers SQLite's exception.
        let columns = columns.into_iter().map(|(name, notnull, pk)| (name, notnull == 0 && pk == 0)).collect();
        schema.insert(table, columns);
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let Db::Postgres(pool) = db else { panic!("not PostgreSQL") };
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for (table, column, nullable) in rows {
        // Full-text search is backend-specific: FTS5 tables on SQLite (left out above), a tsvector column here.
        if (table.as_str(), column.as_str()) == ("contacts", "search") {
            continue;
        }
        schema.entry(table).or_default().insert(column, nullable == "YES");
    }
    schema
}

fn postgres_url() -> Option<String> {
    std::env::var("CASEBOOK_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

// ---- schema ----------------------------------------------------------------

#[tokio::test]
async fn sqlite_and_postgres_migrations_define_the_same_tables_columns_and_nullability() {
    let Some(url) = postgres_url() else {
        println!("skipped: set CASEBOOK_TEST_DATABASE_URL to compare the SQLite and PostgreSQL schemas");
        return;
    };
    let sqlite = TestDb::sqlite().await.unwrap();
    let postgres = TestDb::postgres(&url).await.unwrap();
    let (lite, pg) = (sqlite_schema(&sqlite.db).await, postgres_schema(&postgres.db).await);

    let expected =
        ["sites", "users", "user_roles", "sessions", "api_tokens", "sign_in_attempts", "closure_days", "audit_events", "audit_chain_head"];
    for table in expected {
        assert!(lite.contains_key(table), "SQLite lacks {table}: {lite:?}");
    }
    assert_eq!(lite.keys().collect::<Vec<_>>(), pg.keys().collect::<Vec<_>>(), "table names differ");
    for (table, columns) in &lite {
        assert_eq!(Some(columns), pg.get(table), "columns of {table} differ (name -> nullable)");
    }
}

// SQLite lets NULL into a PRIMARY KEY column unless it is INTEGER PRIMARY KEY or declared NOT NULL.
#[tokio::test]
async fn a_session_without_a_token_hash_is_refused() {
    let test = fresh().await;
    let (_, user) = site_and_user(&test.db, "amy.clarke").await;
    let sql = "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
               VALUES (NULL, $1, 'c', $2, $2, $2)";
    let inserted = match &test.db {
        Db::Sqlite(pool) => sqlx::query(sql).bind(user).bind(DbTime(t0())).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).bind(user).bind(DbTime(t0())).execute(pool).await.map(|_| ()),
    };
    assert!(inserted.is_err(), "a session without a token hash was stored");
}

// ---- sites and users -------------------------------------------------------

#[tokio::test]
async fn a_site_reads_back_as_written_with_microsecond_time() {
    let test = fresh().await;
    let mut tx = test.db.write().await.unwrap();
    let id = sites::insert(&mut tx, &site_fields("DUNGAVEL", "Dungavel House"), t0()).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    let expected = SiteRecord {
        id,
        code: "DUNGAVEL".into(),
        name: "Dungavel House".into(),
        kind: SiteKind::ContactCentre,
        nation: Nation::Scotland,
        active: true,
        created_at: t0(),
        version: 1,
    };
    assert_eq!(sites::get(&mut tx, id).await.unwrap(), expected);
    assert_eq!(sites::find_by_code(&mut tx, "DUNGAVEL").await.unwrap(), Some(expected.clone()));
    assert_eq!(sites::find_by_code(&mut tx, "NOPE").await.unwrap(), None);
    assert_eq!(sites::list(&mut tx).await.unwrap(), vec![expected]);
}

#[tokio::test]
async fn a_user_reads_back_with_roles_site_and_password_hash() {
    let test = fresh().await;
    let mut tx = test.db.write().await.unwrap();
    let site = sites::insert(&mut tx, &site_fields("BEDS-CC", "Bedfordshire"), t0()).await.unwrap();
    let fields = user_fields(Some(site), &[Role::Investigator, Role::Manager]);
    let id = users::insert(&mut tx, "amy.clarke", &fields, Some("$argon2id$stub"), t0()).await.unwrap();
    let bare_fields = UserFields { email: None, ..user_fields(None, &[]) };
    let bare = users::insert(&mut tx, "no.roles", &bare_fields, None, t0()).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    let amy = users::get(&mut tx, id).await.unwrap();
    assert_eq!(
        amy,
        UserRecord {
            id,
            username: "amy.clarke".into(),
            display_name: "Amy Clarke".into(),
            email: Some("amy.clarke@example.org".into()),
            grade: Grade::Heo,
            site_id: Some(site),
            active: true,
            roles: Roles::of(&[Role::Investigator, Role::Manager]),
            created_at: t0(),
            version: 1,
        }
    );
    assert_eq!(users::find_for_sign_in(&mut tx, "amy.clarke").await.unwrap(), Some((amy.clone(), Some("$argon2id$stub".into()))));
    assert_eq!(users::find_for_sign_in(&mut tx, "nobody").await.unwrap(), None);
    let listed = users::list(&mut tx).await.unwrap();
    assert_eq!(listed.iter().map(|u| (u.id, u.roles)).collect::<Vec<_>>(), vec![(id, amy.roles), (bare, Roles::NONE)]);
    assert!(matches!(users::get(&mut tx, 9_999).await, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn updating_a_user_with_a_stale_version_is_refused() {
    let test = fresh().await;
    let (_, id) = site_and_user(&test.db, "amy.clarke").await;
    let changed = UserFields { grade: Grade::Seo, ..user_fields(None, &[Role::Manager]) };

    let mut tx = test.db.write().await.unwrap();
    users::update(&mut tx, id, 1, &changed, t0() + secs(1)).await.unwrap();
    let after = users::get(&mut tx, id).await.unwrap();
    assert_eq!((after.version, after.grade, after.roles, after.site_id), (2, Grade::Seo, Roles::of(&[Role::Manager]), None));
    assert!(matches!(users::update(&mut tx, id, 1, &changed, t0()).await, Err(StoreError::StaleVersion)));
    assert!(matches!(users::update(&mut tx, 9_999, 1, &changed, t0()).await, Err(StoreError::NotFound)));
    assert_eq!(users::get(&mut tx, id).await.unwrap().version, 2, "a refused update must not bump the version");
}

#[tokio::test]
async fn updating_a_site_with_a_stale_version_is_refused() {
    let test = fresh().await;
    let (id, _) = site_and_user(&test.db, "amy.clarke").await;
    let renamed = site_fields("BEDS-CC", "Bedfordshire Police Contact Centre");

    let mut tx = test.db.write().await.unwrap();
    sites::update(&mut tx, id, 1, &renamed).await.unwrap();
    let after = sites::get(&mut tx, id).await.unwrap();
    assert_eq!((after.name.as_str(), after.version, after.created_at), ("Bedfordshire Police Contact Centre", 2, t0()));
    assert!(matches!(sites::update(&mut tx, id, 1, &renamed).await, Err(StoreError::StaleVersion)));
    assert!(matches!(sites::update(&mut tx, 9_999, 1, &renamed).await, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn a_duplicate_username_is_a_conflict_on_users_username() {
    let test = fresh().await;
    site_and_user(&test.db, "amy.clarke").await;
    let mut tx = test.db.write().await.unwrap();
    let err = users::insert(&mut tx, "amy.clarke", &user_fields(None, &[Role::Manager]), None, t0()).await.unwrap_err();
    assert!(err.is_conflict_on("users", "username"), "{err:?}");
    assert!(!err.is_conflict_on("sites", "code"), "{err:?}");
    drop(tx);

    let mut tx = test.db.write().await.unwrap();
    let err = sites::insert(&mut tx, &site_fields("BEDS-CC", "Another name"), t0()).await.unwrap_err();
    assert!(err.is_conflict_on("sites", "code") && !err.is_conflict_on("sites", "name"), "{err:?}");
}

// ---- closures and sessions -------------------------------------------------

#[tokio::test]
async fn closures_are_listed_by_year_in_date_order() {
    let test = fresh().await;
    let (site, _) = site_and_user(&test.db, "amy.clarke").await;
    let mut tx = test.db.write().await.unwrap();
    let other = sites::insert(&mut tx, &site_fields("OTHER", "Other site"), t0()).await.unwrap();
    for on in [date(2026, 12, 24), date(2025, 12, 31), date(2026, 1, 5), date(2027, 1, 4)] {
        closures::insert(&mut tx, site, on, "Closed", t0()).await.unwrap();
    }
    closures::insert(&mut tx, other, date(2026, 6, 1), "Elsewhere", t0()).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = test.db.read().await.unwrap();
    let dates = |list: Vec<closures::ClosureDay>| list.into_iter().map(|c| c.closed_on).collect::<Vec<Date>>();
    assert_eq!(dates(closures::for_site(&mut tx, site, Some(2026)).await.unwrap()), [date(2026, 1, 5), date(2026, 12, 24)]);
    assert_eq!(dates(closures::for_site(&mut tx, site, Some(2028)).await.unwrap()), []);
    assert_eq!(
        dates(closures::for_site(&mut tx, site, None).await.unwrap()),
        [date(2025, 12, 31), date(2026, 1, 5), date(2026, 12, 24), date(2027, 1, 4)]
    );
    drop(tx);

    let mut tx = test.db.write().await.unwrap();
    let err = closures::insert(&mut tx, site, date(2026, 1, 5), "Again", t0()).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
}

#[tokio::test]
async fn a_session_is_live_until_its_expiry_and_touch_slides_it() {
    let test = fresh().await;
    let (_, user) = site_and_user(&test.db, "amy.clarke").await;
    let expires = t0() + SignedDuration::from_hours(8);
    let mut tx = test.db.write().await.unwrap();
    sessions::insert(&mut tx, "hash-a", user, "csrf-a", t0(), expires).await.unwrap();

    let live = sessions::find_live(&mut tx, "hash-a", expires - SignedDuration::from_micros(1)).await.unwrap();
    assert_eq!(live, Some(sessions::SessionRecord { user_id: user, csrf_token: "csrf-a".into(), last_seen_at: t0(), expires_at: expires }));
    assert_eq!(sessions::find_live(&mut tx, "hash-a", expires).await.unwrap(), None, "expired at its expiry instant");
    assert_eq!(sessions::find_live(&mut tx, "hash-b", t0()).await.unwrap(), None);

    let later = t0() + SignedDuration::from_hours(7);
    sessions::touch(&mut tx, "hash-a", later, later + SignedDuration::from_hours(8)).await.unwrap();
    let touched = sessions::find_live(&mut tx, "hash-a", expires + secs(1)).await.unwrap().unwrap();
    assert_eq!((touched.last_seen_at, touched.expires_at), (later, later + SignedDuration::from_hours(8)));
    assert_eq!(sessions::purge_expired(&mut tx, later + SignedDuration::from_hours(8)).await.unwrap(), 1);
    assert_eq!(sessions::find_live(&mut tx, "hash-a", later).await.unwrap(), None, "purged");
}

#[tokio::test]
async fn delete_for_user_ends_every_other_session_of_that_user_only() {
    let test = fresh().await;
    let (_, amy) = site_and_user(&test.db, "amy.clarke").await;
    let mut tx = test.db.write().await.unwrap();
    let tom = users::insert(&mut tx, "tom.hughes", &user_fields(None, &[Role::Manager]), None, t0()).await.unwrap();
    let expires = t0() + SignedDuration::from_hours(8);
    for (hash, user) in [("amy-1", amy), ("amy-2", amy), ("amy-3", amy), ("tom-1", tom)] {
        sessions::insert(&mut tx, hash, user, "csrf", t0(), expires).await.unwrap();
    }

    assert_eq!(sessions::delete_for_user(&mut tx, amy, Some("amy-2")).await.unwrap(), 2);
    let mut still_live = Vec::new();
    for hash in ["amy-1", "amy-2", "amy-3", "tom-1"] {
        still_live.push(is_live(&mut tx, hash).await);
    }
    assert_eq!(still_live, [false, true, false, true]);
    assert_eq!(sessions::delete_for_user(&mut tx, amy, None).await.unwrap(), 1);
    assert!(!is_live(&mut tx, "amy-2").await);
    assert_eq!(sessions::count_signed_in(&mut tx, t0()).await.unwrap(), 1);
}

#[tokio::test]
async fn recent_failures_lists_only_failures_after_the_last_success_newest_first() {
    let test = fresh().await;
    let mut tx = test.db.write().await.unwrap();
    assert_eq!(sessions::recent_failures(&mut tx, "amy", 10).await.unwrap(), Vec::<jiff::Timestamp>::new());
    for (offset, ok) in [(1, false), (2, false), (3, true), (4, false), (5, false)] {
        sessions::record_sign_in_attempt(&mut tx, "amy", Some("192.0.2.1"), t0() + secs(offset), ok).await.unwrap();
    }
    sessions::record_sign_in_attempt(&mut tx, "tom", None, t0() + secs(6), false).await.unwrap();

    assert_eq!(sessions::recent_failures(&mut tx, "amy", 10).await.unwrap(), vec![t0() + secs(5), t0() + secs(4)]);
    assert_eq!(sessions::recent_failures(&mut tx, "amy", 1).await.unwrap(), vec![t0() + secs(5)]);
    assert_eq!(sessions::recent_failures(&mut tx, "tom", 10).await.unwrap(), vec![t0() + secs(6)]);
    sessions::record_sign_in_attempt(&mut tx, "tom", None, t0() + secs(7), true).await.unwrap();
    assert_eq!(sessions::recent_failures(&mut tx, "tom", 10).await.unwrap(), Vec::<jiff::Timestamp>::new());
}

// ---- audit chain -------------------------------------------------------------

#[tokio::test]
async fn events_appended_over_several_transactions_form_one_verifiable_chain() {
    let test = fresh().await;
    append_committed(&test.db, 3, "a").await;
    append_committed(&test.db, 2, "b").await;
    {
        let mut rolled_back = test.db.write().await.unwrap();
        audit::append(&mut rolled_back, &[facts("user.created", "user", "never", t0())]).await.unwrap();
    }
    append_committed(&test.db, 1, "c").await;

    assert_eq!(verify(&test.db).await, Ok(6));
    let mut tx = test.db.read().await.unwrap();
    let all = audit::chain_page(&mut tx, 0, 100).await.unwrap();
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    assert!(all.iter().all(|e| e.facts.entity_id.as_deref() != Some("never")), "a rolled-back event was kept");
    assert_eq!(all[0].facts, facts("user.updated", "user", "a-0", t0()), "facts read back exactly");
    assert_eq!(audit::head(&mut tx).await.unwrap(), (6, all[5].hash.clone()));
    assert_eq!(audit::chain_page(&mut tx, 2, 2).await.unwrap().iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(audit::count(&mut tx).await.unwrap(), 6);
}

#[tokio::test]
async fn the_triggers_refuse_to_update_or_delete_audit_events() {
    let test = fresh().await;
    append_committed(&test.db, 2, "a").await;
    for sql in ["UPDATE audit_events SET summary = 'nothing to see' WHERE seq = 1", "DELETE FROM audit_events WHERE seq = 2"] {
        let err = run_sql(&test.db, sql).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(verify(&test.db).await, Ok(2));
}

#[tokio::test]
async fn an_altered_summary_behind_dropped_triggers_is_reported_at_that_event() {
    let test = fresh().await;
    append_committed(&test.db, 5, "a").await;
    drop_audit_triggers(&test.db).await;
    assert_eq!(run_sql(&test.db, "UPDATE audit_events SET summary = 'nothing to see' WHERE seq = 3").await.unwrap(), 1);
    assert_eq!(verify(&test.db).await, Err(BrokenLink::Altered { seq: 3 }));
}

#[tokio::test]
async fn deleting_the_last_event_is_caught_by_the_chain_head() {
    let test = fresh().await;
    append_committed(&test.db, 5, "a").await;
    drop_audit_triggers(&test.db).await;
    assert_eq!(run_sql(&test.db, "DELETE FROM audit_events WHERE seq = 5").await.unwrap(), 1);
    assert_eq!(verify(&test.db).await, Err(BrokenLink::Truncated { last_seq: 4, head_seq: 5 }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_queue_on_the_head_and_keep_the_chain_contiguous() {
    let test = fresh().await;
    let tasks: Vec<_> = (0..8)
        .map(|task| {
            let db = test.db.clone();
            tokio::spawn(async move {
                for i in 0..20 {
                    let mut tx = db.write().await.unwrap();
                    audit::append(&mut tx, &[facts("user.updated", "user", &format!("{task}-{i}"), t0())]).await.unwrap();
                    tx.commit().await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }

    let mut tx = test.db.read().await.unwrap();
    let seqs: Vec<i64> = audit::chain_page(&mut tx, 0, 1_000).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=160).collect::<Vec<i64>>());
    assert_eq!(verify(&test.db).await, Ok(160));
}

// ---- audit list filters ------------------------------------------------------

/// Six events a second apart: seq n happens at t0 + n seconds.
async fn filter_fixture(db: &Db) {
    let mut tx = db.write().await.unwrap();
    let events = [
        facts("user.created", "user", "1", t0() + secs(1)),
        facts("username.changed", "user", "2", t0() + secs(2)),
        facts("user.updated", "user", "1", t0() + secs(3)),
        facts("site.created", "site", "1", t0() + secs(4)),
        facts("user", "user", "3", t0() + secs(5)),
        AuditFacts { actor_id: None, ..facts("user.updated", "user", "2", t0() + secs(6)) },
    ];
    audit::append(&mut tx, &events).await.unwrap();
    tx.commit().await.unwrap();
}

/// No filter, and a limit above the fixture's size.
fn everything() -> AuditFilter {
    AuditFilter { limit: 100, ..Default::default() }
}

/// The sequence numbers a filter lists, newest first.
async fn listed(db: &Db, filter: AuditFilter) -> Vec<i64> {
    let mut tx = db.read().await.unwrap();
    audit::list(&mut tx, &filter).await.unwrap().iter().map(|e| e.seq).collect()
}

#[tokio::test]
async fn the_action_filter_matches_exactly_or_as_a_dotted_prefix() {
    let test = fresh().await;
    filter_fixture(&test.db).await;
    let by_action = |a: &str| AuditFilter { action: Some(a.into()), ..everything() };
    assert_eq!(listed(&test.db, by_action("user")).await, [6, 5, 3, 1]);
    assert_eq!(listed(&test.db, by_action("user.updated")).await, [6, 3]);
    assert_eq!(listed(&test.db, by_action("username")).await, [2]);
    assert_eq!(listed(&test.db, by_action("use")).await, Vec::<i64>::new());
}

#[tokio::test]
// Wildcards in the filter match themselves; case is ignored alike on both backends.
async fn the_action_filter_treats_wildcards_literally_and_ignores_case_on_both_backends() {
    let test = fresh().await;
    filter_fixture(&test.db).await;
    let by_action = |a: &str| AuditFilter { action: Some(a.into()), ..everything() };
    assert_eq!(listed(&test.db, by_action("%")).await, Vec::<i64>::new());
    assert_eq!(listed(&test.db, by_action("us_r")).await, Vec::<i64>::new());
    assert_eq!(listed(&test.db, by_action("USER")).await, [6, 5, 3, 1]);
}

#[tokio::test]
async fn the_trail_filters_by_entity_actor_and_time_range() {
    let test = fresh().await;
    filter_fixture(&test.db).await;
    let entity = AuditFilter { entity_type: Some("user".into()), entity_id: Some("1".into()), ..everything() };
    assert_eq!(listed(&test.db, entity).await, [3, 1]);
    assert_eq!(listed(&test.db, AuditFilter { entity_type: Some("site".into()), ..everything() }).await, [4]);
    assert_eq!(listed(&test.db, AuditFilter { actor_id: Some(7), ..everything() }).await, [5, 4, 3, 2, 1]);
    // `from` is inclusive and `until` exclusive, to the microsecond.
    let range = AuditFilter { from: Some(t0() + secs(2)), until: Some(t0() + secs(5)), ..everything() };
    assert_eq!(listed(&test.db, range).await, [4, 3, 2]);
    let edge = AuditFilter { from: Some(t0() + secs(2) + SignedDuration::from_micros(1)), ..everything() };
    assert_eq!(listed(&test.db, edge).await, [6, 5, 4, 3]);
}

#[tokio::test]
async fn the_trail_pages_backwards_with_before_seq_and_limit() {
    let test = fresh().await;
    filter_fixture(&test.db).await;
    assert_eq!(listed(&test.db, AuditFilter { limit: 2, ..everything() }).await, [6, 5]);
    assert_eq!(listed(&test.db, AuditFilter { limit: 2, before_seq: Some(5), ..everything() }).await, [4, 3]);
    assert_eq!(listed(&test.db, AuditFilter { limit: 2, before_seq: Some(3), ..everything() }).await, [2, 1]);
    assert_eq!(listed(&test.db, AuditFilter { limit: 2, before_seq: Some(1), ..everything() }).await, Vec::<i64>::new());
    let combined = AuditFilter { action: Some("user".into()), before_seq: Some(6), limit: 1, ..everything() };
    assert_eq!(listed(&test.db, combined).await, [5]);
}
