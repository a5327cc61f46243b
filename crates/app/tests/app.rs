//! The use cases against a real database and a clock the tests move:
//! accounts, signing in, tokens, closures, the audit trail and bank
//! holidays. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.

// clippy.toml allows unwrap/expect/panic in test functions only; the helpers
// below are test code too, and a failed setup should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::accounts::{self, AccountForm};
use casebook_app::sessions::{self, NewSession};
use casebook_app::sites::{self};
use casebook_app::{Actor, App, AppError, Clock, audit, calendar, demo};
use casebook_domain::calendar::{Division, NonWorkingReason};
use casebook_store::audit::AuditFilter;
use casebook_store::testing::TestDb;
use casebook_store::users::UserRecord;
use casebook_store::{Backend, Db};
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

// ---- helpers -------------------------------------------------------------

/// A clock that stands still until a test moves it, to the microsecond.
#[derive(Debug)]
struct TestClock(AtomicI64);

impl TestClock {
    fn advance(&self, by: SignedDuration) {
        self.0.fetch_add(by.as_micros() as i64, Ordering::SeqCst);
    }

    fn set(&self, to: Timestamp) {
        self.0.store(to.as_microsecond(), Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_microsecond(self.0.load(Ordering::SeqCst)).unwrap()
    }
}

/// Monday 2 March 2026, 09:00:00.123456 UTC.
fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "a brand new long passphrase";

/// A fresh database, a stopped clock, one site (BEDS-CC, England and
/// Wales) and one administrator (ada.admin, who can sign in with PASSWORD).
struct World {
    _db: TestDb,
    app: App,
    clock: Arc<TestClock>,
    admin: Actor,
    admin_user: UserRecord,
}

async fn world() -> World {
    let test = TestDb::new().await.unwrap();
    let clock = Arc::new(TestClock(AtomicI64::new(t0().as_microsecond())));
    let mut app = App::new(test.db.clone());
    app.clock = clock.clone();
    let system = Actor::system("test setup");
    support::site(&app, "BEDS-CC", "Bedfordshire Contact Centre", "contact-centre").await;
    let admin_user = accounts::create(&app, &system, &account("ada.admin", &["administrator"]), Some(PASSWORD)).await.unwrap();
    let admin = Actor::user(&admin_user, Some("req-admin".into()));
    World { _db: test, app, clock, admin, admin_user }
}

fn account(username: &str, roles: &[&str]) -> AccountForm {
    AccountForm {
        username: username.into(),
        display_name: "Amy Clarke".into(),
        email: format!("{username}@example.org"),
        grade: "heo".into(),
        site: "beds-cc".into(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        active: true,
    }
}

/// Creates a person with PASSWORD as an administrator would.
async fn person(w: &World, username: &str, roles: &[&str]) -> UserRecord {
    accounts::create(&w.app, &w.admin, &account(username, roles), Some(PASSWORD)).await.unwrap()
}

/// The fields a validation error names, in order; panics on any other error.
fn fields(result: Result<impl std::fmt::Debug, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The message a validation error gives for `field`.
fn message(result: Result<impl std::fmt::Debug, AppError>, field: &str) -> String {
    match result {
        Err(AppError::Invalid(errors)) => errors.get(field).unwrap_or_else(|| panic!("no error on {field}: {errors}")).to_owned(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// (accounts, audit events) now in the database.
async fn counts(app: &App) -> (usize, i64) {
    let mut tx = app.db.read().await.unwrap();
    let users = casebook_store::users::list(&mut tx).await.unwrap().len();
    (users, casebook_store::audit::count(&mut tx).await.unwrap())
}

/// Actions of the newest `n` audit events, newest first.
async fn latest_actions(app: &App, n: i64) -> Vec<String> {
    let events = audit::list(app, &AuditFilter { limit: n, ..Default::default() }).await.unwrap();
    events.into_iter().map(|e| e.facts.action).collect()
}

async fn sign_in(app: &App, username: &str, password: &str) -> Result<NewSession, AppError> {
    sessions::sign_in(app, username, password, Some("192.0.2.10"), None).await
}

/// Runs statements behind the app's back, as a database administrator could.
async fn run_sql(db: &Db, statements: &[&'static str]) {
    for sql in statements {
        match db {
            Db::Sqlite(pool) => sqlx::query(*sql).execute(pool).await.map(drop).unwrap(),
            Db::Postgres(pool) => sqlx::query(*sql).execute(pool).await.map(drop).unwrap(),
        }
    }
}

// ---- accounts ----------------------------------------------------------------

#[tokio::test]
async fn creating_an_account_with_bad_input_names_the_field_and_saves_nothing() {
    let w = world().await;
    let good = account("amy.clarke", &["call-handler"]);
    let cases: [(&str, AccountForm, &str); 6] = [
        ("username", AccountForm { username: "  ".into(), ..good.clone() }, PASSWORD),
        ("grade", AccountForm { grade: "boss".into(), ..good.clone() }, PASSWORD),
        ("roles", AccountForm { roles: vec![], ..good.clone() }, PASSWORD),
        ("site", AccountForm { site: "NOWHERE".into(), ..good.clone() }, PASSWORD),
        ("password", good.clone(), "too short"),
        ("email", AccountForm { email: "amy at example.org".into(), ..good.clone() }, PASSWORD),
    ];
    let before = counts(&w.app).await;
    for (field, form, password) in cases {
        let result = accounts::create(&w.app, &w.admin, &form, Some(password)).await;
        assert_eq!(fields(result), [field], "{form:?}");
        assert_eq!(counts(&w.app).await, before, "saved something despite a bad {field}");
    }
    let unknown_role = AccountForm { roles: vec!["boss".into()], ..good };
    assert_eq!(fields(accounts::create(&w.app, &w.admin, &unknown_role, None).await), ["roles"]);
}

#[tokio::test]
async fn a_duplicate_username_is_a_field_error_on_username() {
    let w = world().await;
    person(&w, "amy.clarke", &["call-handler"]).await;
    let before = counts(&w.app).await;
    let form = AccountForm { username: " Amy.Clarke ".into(), ..account("amy.clarke", &["manager"]) };
    let again = accounts::create(&w.app, &w.admin, &form, None).await;
    assert_eq!(message(again, "username"), "There is already a user called amy.clarke");
    assert_eq!(counts(&w.app).await, before);
}

#[tokio::test]
async fn creating_an_account_records_exactly_one_user_created_event() {
    let w = world().await;
    let (users, events) = counts(&w.app).await;
    let amy = person(&w, "amy.clarke", &["call-handler", "manager"]).await;
    assert_eq!(counts(&w.app).await, (users + 1, events + 1));

    let newest = audit::list(&w.app, &AuditFilter { limit: 1, ..Default::default() }).await.unwrap();
    let facts = &newest[0].facts;
    assert_eq!((facts.action.as_str(), facts.entity_type.as_str()), ("user.created", "user"));
    assert_eq!(facts.entity_id, Some(amy.id.to_string()));
    assert_eq!((facts.actor_id, facts.actor_label.as_str()), (Some(w.admin_user.id), "ada.admin"));
    assert_eq!((facts.occurred_at, facts.request_id.as_deref()), (t0(), Some("req-admin")));
    assert_eq!(amy.created_at, t0());
}

#[tokio::test]
async fn an_account_is_not_created_when_its_audit_event_cannot_be_written() {
    let w = world().await;
    let before = counts(&w.app).await;
    run_sql(&w.app.db, &["DELETE FROM audit_chain_head"]).await;
    assert!(accounts::create(&w.app, &w.admin, &account("amy.clarke", &["manager"]), None).await.is_err());
    assert_eq!(counts(&w.app).await, before, "the account was saved without its audit event");
}

#[tokio::test]
async fn people_who_are_not_administrators_are_forbidden_to_manage_accounts_and_closures() {
    let w = world().await;
    let manager = person(&w, "niamh.kelly", &["manager", "senior-reviewer"]).await;
    let actor = Actor::user(&manager, None);
    let site = sites::list(&w.app).await.unwrap()[0].id;
    let before = counts(&w.app).await;

    let create = accounts::create(&w.app, &actor, &account("amy.clarke", &["manager"]), None).await;
    assert!(matches!(create, Err(AppError::Forbidden)), "{create:?}");
    let update = accounts::update(&w.app, &actor, manager.id, manager.version, &account("niamh.kelly", &["administrator"])).await;
    assert!(matches!(update, Err(AppError::Forbidden)), "{update:?}");
    let set_password = accounts::set_password(&w.app, &actor, w.admin_user.id, NEW_PASSWORD).await;
    assert!(matches!(set_password, Err(AppError::Forbidden)), "{set_password:?}");
    let closure = sites::add_closure(&w.app, &actor, site, "2026-12-24", "Christmas Eve").await;
    assert!(matches!(closure, Err(AppError::Forbidden)), "{closure:?}");
    let token = accounts::create_token(&w.app, &actor, w.admin_user.id, "someone else's").await;
    assert!(matches!(token, Err(AppError::Forbidden)), "{token:?}");
    assert_eq!(counts(&w.app).await, before);
}

#[tokio::test]
async fn updating_an_account_with_a_stale_version_is_a_stale_edit() {
    let w = world().await;
    let amy = person(&w, "amy.clarke", &["call-handler"]).await;
    let promoted = AccountForm { grade: "seo".into(), ..account("amy.clarke", &["manager"]) };
    let saved = accounts::update(&w.app, &w.admin, amy.id, amy.version, &promoted).await.unwrap();
    assert_eq!((saved.version, saved.grade.slug()), (amy.version + 1, "seo"));

    let late = accounts::update(&w.app, &w.admin, amy.id, amy.version, &account("amy.clarke", &["investigator"])).await;
    assert!(matches!(late, Err(AppError::StaleEdit(_))), "{late:?}");
    assert_eq!(accounts::get(&w.app, amy.id).await.unwrap(), saved, "the stale edit changed nothing");
}

#[tokio::test]
async fn an_administrator_cannot_remove_their_own_administrator_role_or_deactivate_themselves() {
    let w = world().await;
    let me = &w.admin_user;
    let demoted = account("ada.admin", &["manager"]);
    let inactive = AccountForm { active: false, ..account("ada.admin", &["administrator"]) };
    let both = AccountForm { active: false, ..demoted.clone() };
    assert_eq!(fields(accounts::update(&w.app, &w.admin, me.id, me.version, &demoted).await), ["roles"]);
    assert_eq!(fields(accounts::update(&w.app, &w.admin, me.id, me.version, &inactive).await), ["active"]);
    assert_eq!(fields(accounts::update(&w.app, &w.admin, me.id, me.version, &both).await), ["roles", "active"]);
    assert_eq!(&accounts::get(&w.app, me.id).await.unwrap(), me);
}

// ---- signing in ----------------------------------------------------------------

#[tokio::test]
async fn the_right_password_gives_a_session_that_its_cookie_resolves_to() {
    let w = world().await;
    let session = sign_in(&w.app, " Ada.Admin ", PASSWORD).await.unwrap();
    assert_eq!(session.user.id, w.admin_user.id);
    let principal = sessions::from_cookie(&w.app, &session.cookie_value).await.unwrap().unwrap();
    assert_eq!(principal.user.id, w.admin_user.id);
    let key = principal.session.unwrap();
    assert_eq!(key.csrf_token, session.csrf_token);
    assert_eq!(latest_actions(&w.app, 1).await, ["session.signed_in"]);
    assert!(sessions::from_cookie(&w.app, "not-a-session").await.unwrap().is_none());

    sessions::sign_out(&w.app, &Actor::user(&principal.user, None), &key).await.unwrap();
    assert!(sessions::from_cookie(&w.app, &session.cookie_value).await.unwrap().is_none());
    assert_eq!(latest_actions(&w.app, 1).await, ["session.signed_out"]);
}

#[tokio::test]
async fn a_wrong_password_is_bad_credentials_and_an_audited_failure() {
    let w = world().await;
    let (_, events) = counts(&w.app).await;
    assert!(matches!(sign_in(&w.app, "ada.admin", "not my password").await, Err(AppError::BadCredentials)));
    assert!(matches!(sign_in(&w.app, "nobody.here", PASSWORD).await, Err(AppError::BadCredentials)));
    assert_eq!(counts(&w.app).await.1, events + 2);
    let failed = audit::list(&w.app, &AuditFilter { limit: 2, ..Default::default() }).await.unwrap();
    let summaries: Vec<_> = failed.iter().map(|e| (e.facts.action.as_str(), e.facts.summary.as_str())).collect();
    assert_eq!(
        summaries,
        [("session.sign_in_failed", "failed sign-in as nobody.here"), ("session.sign_in_failed", "failed sign-in as ada.admin")]
    );
    assert_eq!(fields(sign_in(&w.app, " ", "").await), ["username", "password"]);
}

#[tokio::test]
async fn after_five_failures_even_the_right_password_is_throttled_until_fifteen_minutes_after_the_last() {
    let w = world().await;
    for _ in 0..5 {
        assert!(matches!(sign_in(&w.app, "ada.admin", "wrong guess").await, Err(AppError::BadCredentials)));
        w.clock.advance(mins(1));
    }
    let last_failure = t0() + mins(4);
    match sign_in(&w.app, "ada.admin", PASSWORD).await {
        Err(AppError::Throttled { until }) => assert_eq!(until, last_failure + mins(15)),
        other => panic!("expected throttling, got {other:?}"),
    }
    assert_eq!(latest_actions(&w.app, 1).await, ["session.sign_in_throttled"]);

    w.clock.set(last_failure + mins(15) + SignedDuration::from_micros(1));
    assert!(sign_in(&w.app, "ada.admin", PASSWORD).await.is_ok(), "still throttled after the announced time");
}

// `until` is the newest failure + 15 min (crates/app/src/sessions.rs:51), but recent_failures
// (crates/store/src/sessions.rs:79) counts a sliding window from now - 15 min, so sign-in opens
// again as soon as the oldest of the five failures leaves the window.
#[tokio::test]
async fn a_throttled_account_stays_paused_until_the_time_it_was_told() {
    let w = world().await;
    for _ in 0..5 {
        assert!(matches!(sign_in(&w.app, "ada.admin", "wrong guess").await, Err(AppError::BadCredentials)));
        w.clock.advance(mins(1));
    }
    let until = t0() + mins(4) + mins(15);
    w.clock.set(until - mins(1));
    let early = sign_in(&w.app, "ada.admin", PASSWORD).await;
    assert!(matches!(early, Err(AppError::Throttled { .. })), "signed in a minute before {until}: {early:?}");
}

#[tokio::test]
async fn inactive_people_cannot_sign_in_and_deactivation_ends_their_sessions() {
    let w = world().await;
    let inactive = AccountForm { active: false, ..account("old.leaver", &["call-handler"]) };
    accounts::create(&w.app, &w.admin, &inactive, Some(PASSWORD)).await.unwrap();
    assert!(matches!(sign_in(&w.app, "old.leaver", PASSWORD).await, Err(AppError::BadCredentials)));

    let amy = person(&w, "amy.clarke", &["call-handler"]).await;
    let session = sign_in(&w.app, "amy.clarke", PASSWORD).await.unwrap();
    let leaving = AccountForm { active: false, ..account("amy.clarke", &["call-handler"]) };
    accounts::update(&w.app, &w.admin, amy.id, amy.version, &leaving).await.unwrap();
    assert!(sessions::from_cookie(&w.app, &session.cookie_value).await.unwrap().is_none());
    assert!(matches!(sign_in(&w.app, "amy.clarke", PASSWORD).await, Err(AppError::BadCredentials)));
}

#[tokio::test]
async fn a_session_ends_after_the_idle_period_without_activity() {
    let w = world().await;
    let idle = w.app.settings.session_idle;
    let session = sign_in(&w.app, "ada.admin", PASSWORD).await.unwrap();
    // Activity just inside the idle period keeps it alive, twice over.
    for _ in 0..2 {
        w.clock.advance(idle - SignedDuration::from_secs(1));
        assert!(sessions::from_cookie(&w.app, &session.cookie_value).await.unwrap().is_some());
    }
    w.clock.advance(idle);
    assert!(sessions::from_cookie(&w.app, &session.cookie_value).await.unwrap().is_none());
}

#[tokio::test]
async fn changing_your_own_password_ends_your_other_sessions_but_keeps_this_one() {
    let w = world().await;
    let here = sign_in(&w.app, "ada.admin", PASSWORD).await.unwrap();
    let elsewhere = sign_in(&w.app, "ada.admin", PASSWORD).await.unwrap();
    let me = sessions::from_cookie(&w.app, &here.cookie_value).await.unwrap().unwrap();
    let keep = me.session.unwrap().token_hash;

    accounts::change_own_password(&w.app, &w.admin, PASSWORD, NEW_PASSWORD, NEW_PASSWORD, Some(&keep)).await.unwrap();
    assert!(sessions::from_cookie(&w.app, &here.cookie_value).await.unwrap().is_some());
    assert!(sessions::from_cookie(&w.app, &elsewhere.cookie_value).await.unwrap().is_none());
    assert_eq!(latest_actions(&w.app, 1).await, ["user.password_changed"]);
    assert!(matches!(sign_in(&w.app, "ada.admin", PASSWORD).await, Err(AppError::BadCredentials)));
    assert!(sign_in(&w.app, "ada.admin", NEW_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn changing_your_own_password_needs_the_current_one_and_a_matching_confirmation() {
    let w = world().await;
    let before = counts(&w.app).await;
    let change = async |current, confirm| accounts::change_own_password(&w.app, &w.admin, current, NEW_PASSWORD, confirm, None).await;
    assert_eq!(fields(change("not my password", NEW_PASSWORD).await), ["current_password"]);
    assert_eq!(fields(change(PASSWORD, "a different passphrase").await), ["confirm_password"]);
    assert_eq!(fields(change("", "").await), ["current_password", "confirm_password"]);
    assert_eq!(counts(&w.app).await, before);
    assert!(sign_in(&w.app, "ada.admin", PASSWORD).await.is_ok(), "the old password still works");
}

// ---- API tokens ------------------------------------------------------------------

#[tokio::test]
async fn an_api_token_resolves_to_its_owner_and_an_unknown_token_to_nobody() {
    let w = world().await;
    let amy = person(&w, "amy.clarke", &["call-handler"]).await;
    let token = accounts::create_token(&w.app, &w.admin, amy.id, "reporting").await.unwrap();
    let secret = token.strip_prefix("cb_").unwrap_or_else(|| panic!("{token} lacks the cb_ prefix"));
    assert!(secret.len() == 64 && secret.chars().all(|c| c.is_ascii_hexdigit()), "{token}");

    let principal = sessions::from_bearer(&w.app, &token).await.unwrap().unwrap();
    assert_eq!(principal.user.id, amy.id);
    assert!(principal.session.is_none(), "API tokens carry no session");
    assert!(sessions::from_bearer(&w.app, &format!("cb_{}", "0".repeat(64))).await.unwrap().is_none());
    assert!(sessions::from_bearer(&w.app, "").await.unwrap().is_none());

    let own = accounts::create_token(&w.app, &Actor::user(&amy, None), amy.id, "my own").await.unwrap();
    assert_ne!(own, token);
    assert_eq!(sessions::from_bearer(&w.app, &own).await.unwrap().unwrap().user.id, amy.id);
}

// ---- closures --------------------------------------------------------------------

#[tokio::test]
async fn a_closure_on_a_weekend_or_a_bank_holiday_is_refused_naming_it() {
    let w = world().await;
    let site = sites::list(&w.app).await.unwrap()[0].id;
    let weekend = message(sites::add_closure(&w.app, &w.admin, site, "2026-01-03", "Stocktake").await, "closed_on");
    assert_eq!(weekend, "2026-01-03 is a weekend, which is never a working day");
    let christmas = message(sites::add_closure(&w.app, &w.admin, site, "2026-12-25", "Christmas").await, "closed_on");
    assert_eq!(christmas, "2026-12-25 is already a bank holiday (Christmas Day) in England and Wales");
    assert_eq!(fields(sites::add_closure(&w.app, &w.admin, site, "2026-02-30", " ").await), ["closed_on", "reason"]);
    // 2 January is a bank holiday in Scotland only, so an English site may close then.
    assert!(sites::add_closure(&w.app, &w.admin, site, "2026-01-02", "Staff training").await.is_ok());
}

#[tokio::test]
async fn a_closure_on_a_date_already_closed_is_refused() {
    let w = world().await;
    let site = sites::list(&w.app).await.unwrap()[0].id;
    sites::add_closure(&w.app, &w.admin, site, "2026-12-24", "Christmas Eve").await.unwrap();
    let before = counts(&w.app).await;
    let again = message(sites::add_closure(&w.app, &w.admin, site, "2026-12-24", "Again").await, "closed_on");
    assert_eq!(again, "Bedfordshire Contact Centre is already recorded as closed on 2026-12-24");
    assert_eq!(counts(&w.app).await, before);
}

#[tokio::test]
async fn a_closure_is_a_non_working_day_in_the_site_calendar_until_it_is_removed() {
    let w = world().await;
    let site = sites::list(&w.app).await.unwrap()[0].id;
    let eve = date(2026, 12, 24);
    assert!(sites::calendar(&w.app, site).await.unwrap().is_working_day(eve));

    let closure = sites::add_closure(&w.app, &w.admin, site, "2026-12-24", "Christmas Eve").await.unwrap();
    let calendar = sites::calendar(&w.app, site).await.unwrap();
    assert_eq!(calendar.non_working_reason(eve), Some(NonWorkingReason::Closure));
    // Tuesday 22 to Thursday 24 December, less the closure.
    assert_eq!(calendar.working_days_between(date(2026, 12, 21), date(2026, 12, 24)), 2);
    assert_eq!(sites::closures(&w.app, site, Some(2026)).await.unwrap(), std::slice::from_ref(&closure));

    sites::remove_closure(&w.app, &w.admin, site, closure.id).await.unwrap();
    let calendar = sites::calendar(&w.app, site).await.unwrap();
    assert!(calendar.is_working_day(eve));
    assert_eq!(calendar.working_days_between(date(2026, 12, 21), date(2026, 12, 24)), 3);
    assert_eq!(sites::closures(&w.app, site, None).await.unwrap(), []);
    let removed = audit::list(&w.app, &AuditFilter { action: Some("closure".into()), limit: 10, ..Default::default() }).await.unwrap();
    let trail: Vec<_> = removed.iter().map(|e| (e.facts.action.as_str(), e.facts.entity_id.clone())).collect();
    assert_eq!(trail, [("closure.removed", Some(site.to_string())), ("closure.added", Some(site.to_string()))]);
    assert!(matches!(sites::remove_closure(&w.app, &w.admin, site, closure.id).await, Err(AppError::NotFound(_))));
}

// ---- audit trail and calendar -------------------------------------------------------

#[tokio::test]
async fn the_trail_verifies_after_the_demo_seed_and_counts_every_event() {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    demo::seed(&app).await.unwrap();
    let (_, events) = counts(&app).await;
    let expected = 6
        + demo::PEOPLE.len()
        + 1
        + demo::MEMBERS_OF_THE_PUBLIC
        + demo::CONTACTS_LOGGED
        + demo::SAFEGUARDING_EVENTS
        + demo::FREQUENT_CALLER_STEPS
        + casebook_app::complaints::demo::EVENTS
        + demo::COMPLAINT_BOX_EVENTS
        + casebook_app::complaint_reports::demo::EVENTS
        + casebook_app::complaint_aftercare::demo::EVENTS;
    assert_eq!(events, expected as i64, "each site, account, closure, member of the public and contact records one event");
    assert_eq!(audit::verify(&app).await.unwrap(), events as u64);
}

#[tokio::test]
async fn the_trail_is_reported_broken_after_a_dba_alters_an_event() {
    let w = world().await;
    person(&w, "amy.clarke", &["call-handler"]).await;
    assert_eq!(audit::verify(&w.app).await.unwrap(), 3);
    let drop_triggers: &[&'static str] = match w.app.db.backend() {
        Backend::Sqlite => &["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"],
        Backend::Postgres => &["DROP TRIGGER audit_events_no_update ON audit_events"],
    };
    run_sql(&w.app.db, drop_triggers).await;
    run_sql(&w.app.db, &["UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 2"]).await;
    match audit::verify(&w.app).await {
        Err(AppError::AuditBroken(why)) => assert!(why.starts_with("event 2:") && why.contains("altered"), "{why}"),
        other => panic!("expected a broken trail, got {other:?}"),
    }
}

#[tokio::test]
async fn bank_holidays_are_listed_per_division_and_bad_input_names_the_field() {
    let (division, holidays) = calendar::holidays("scotland", 2026).unwrap();
    assert_eq!(division, Division::Scotland);
    assert!(holidays.iter().any(|h| h.date == date(2026, 1, 2)), "{holidays:?}");
    let (_, english) = calendar::holidays("england-and-wales", 2026).unwrap();
    assert!(!english.iter().any(|h| h.date == date(2026, 1, 2)));
    assert_eq!(fields(calendar::holidays("narnia", 2026)), ["division"]);
    assert_eq!(fields(calendar::holidays("scotland", 20260)), ["year"]);
}
