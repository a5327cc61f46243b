//! The complaints procedure as a policy against a real database: the
//! detention preset until changed; administrators change its numbers or
//! choose the other preset, each change validated (errors name the field,
//! nothing saved), versioned and audited with old → new; other roles read
//! it or are refused. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::complaint_procedures::{self as cp, LimitNumbers, Numbers};
use casebook_app::{Actor, App, AppError};
use casebook_domain::complaints::{preset_detention, preset_two_stage};
use casebook_domain::deadlines::Period;
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use std::collections::HashMap;

struct World {
    _db: TestDb,
    app: App,
    admin: Actor,
    investigator: Actor,
    handler: Actor,
    board: Actor,
}

async fn world() -> World {
    let (test, app) = support::app_at("2026-11-23T12:00:00Z".parse().unwrap()).await;
    let _system = Actor::system("test setup");
    support::site(&app, "YARL", "Yarl's Wood IRC", "detention-centre").await;
    let mut actors = Vec::new();
    for (name, role) in [
        ("ada.admin", "administrator"),
        ("ivy.investigator", "investigator"),
        ("hal.handler", "call-handler"),
        ("bo.board", "monitoring-board"),
    ] {
        actors.push(support::staff(&app, name, role, "heo", "yarl").await.0);
    }
    let [admin, investigator, handler, board] = actors.try_into().unwrap();
    World { _db: test, app, admin, investigator, handler, board }
}

async fn events(app: &App) -> Vec<(String, String)> {
    let mut tx = app.db.read().await.unwrap();
    let events = audit_store::list(&mut tx, &AuditFilter { limit: 100, ..AuditFilter::default() }).await.unwrap();
    events.into_iter().map(|e| (e.facts.action, e.facts.summary)).filter(|(a, _)| a.starts_with("complaint_procedure.")).collect()
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn respond_in(numbers: &mut Numbers, period: Period) {
    numbers.limits.iter_mut().find(|l| l.key == "respond").unwrap().period = period;
}

#[tokio::test]
async fn the_detention_preset_is_in_force_until_changed_and_readers_see_it() {
    let w = world().await;
    let in_force = cp::active(&w.app, &w.investigator).await.unwrap();
    assert_eq!(in_force.policy, preset_detention::preset());
    assert_eq!(in_force.version(), None);
    assert!(cp::active(&w.app, &w.admin).await.is_ok());
    for refused in [&w.handler, &w.board] {
        assert!(matches!(cp::active(&w.app, refused).await, Err(AppError::Forbidden)));
    }
}

#[tokio::test]
async fn an_administrator_changes_the_numbers_versioned_and_audited_old_to_new() {
    let w = world().await;
    let mut numbers = Numbers::of(&preset_detention::preset());
    respond_in(&mut numbers, Period::working_days(25));
    numbers.in_time_months = 4;
    numbers.reference_format = "CX/{year}/{seq:04}".into();
    assert!(matches!(cp::change_numbers(&w.app, &w.investigator, &numbers, None).await, Err(AppError::Forbidden)));
    assert_eq!(cp::change_numbers(&w.app, &w.admin, &numbers, None).await.unwrap(), 1);

    let in_force = cp::active(&w.app, &w.investigator).await.unwrap();
    assert_eq!(in_force.version(), Some(1));
    let respond = in_force.policy.limits.iter().find(|l| l.key == "respond").unwrap();
    assert_eq!(respond.period, Period::working_days(25));
    assert_eq!(in_force.policy.in_time.months, 4);
    assert_eq!(in_force.policy.reference_format.as_str(), "CX/{year}/{seq:04}");

    let audited = events(&w.app).await;
    assert_eq!(audited.len(), 1, "{audited:?}");
    let (action, summary) = &audited[0];
    assert_eq!(action, "complaint_procedure.numbers_changed");
    assert!(summary.contains("Respond in writing: 20 working days → 25 working days"), "{summary}");
    assert!(summary.contains("3 months → 4 months"), "{summary}");
    assert!(summary.contains("reference format: {site}-{year}-{seq:05} → CX/{year}/{seq:04}"), "{summary}");

    // The editor who read version 1 may save again; one holding the preset's (no) version may not.
    respond_in(&mut numbers, Period::working_days(22));
    assert!(matches!(cp::change_numbers(&w.app, &w.admin, &numbers, None).await, Err(AppError::StaleEdit(_))));
    assert_eq!(cp::change_numbers(&w.app, &w.admin, &numbers, Some(1)).await.unwrap(), 2);
}

#[tokio::test]
async fn bad_numbers_are_refused_naming_the_field_and_nothing_is_saved() {
    let w = world().await;
    let mut numbers = Numbers::of(&preset_detention::preset());
    respond_in(&mut numbers, Period::working_days(400));
    numbers.in_time_months = 0;
    numbers.reference_format = "{site}{seq}".into();
    let respond_at = preset_detention::preset().limits.iter().position(|l| l.key == "respond").unwrap() + 1;
    let mut got = fields(cp::change_numbers(&w.app, &w.admin, &numbers, None).await);
    got.sort();
    assert_eq!(got, ["in_time.months".to_owned(), format!("limits[{respond_at}].period"), "reference_format".to_owned()]);

    let unknown = Numbers {
        limits: vec![LimitNumbers { key: "no-such-limit".into(), period: Period::hours(1), translated_period: None }],
        ..Numbers::of(&preset_detention::preset())
    };
    assert_eq!(fields(cp::change_numbers(&w.app, &w.admin, &unknown, None).await), ["limits"]);
    let unchanged = Numbers::of(&preset_detention::preset());
    assert_eq!(fields(cp::change_numbers(&w.app, &w.admin, &unchanged, None).await), ["limits"]);

    assert_eq!(cp::active(&w.app, &w.admin).await.unwrap().version(), None);
    assert!(events(&w.app).await.is_empty());
}

#[tokio::test]
async fn the_numbers_form_reads_amounts_units_and_blank_translations() {
    let procedure = preset_detention::preset();
    let mut form: HashMap<String, String> = HashMap::new();
    for (i, l) in procedure.limits.iter().enumerate() {
        form.insert(cp::period_field(i), l.period.amount.to_string());
        form.insert(format!("{}.unit", cp::period_field(i)), cp::unit_slug(l.period.unit).into());
    }
    form.insert(cp::IN_TIME_FIELD.into(), "3".into());
    form.insert(cp::REFERENCE_FIELD.into(), "{site}-{year}-{seq:05}".into());
    form.insert(cp::translated_field(0), "5".into());
    form.insert(format!("{}.unit", cp::translated_field(0)), "weeks".into());
    let numbers = cp::numbers_from_form(&procedure, &form).unwrap();
    assert_eq!(numbers.limits[0].translated_period, Some(Period::weeks(5)));
    assert_eq!(numbers.limits[1].translated_period, None);

    form.insert(cp::period_field(1), "soon".into());
    form.insert(cp::IN_TIME_FIELD.into(), "three".into());
    let mut got = fields(cp::numbers_from_form(&procedure, &form));
    got.sort();
    assert_eq!(got, ["in_time.months".to_owned(), cp::period_field(1)]);
}

#[tokio::test]
async fn an_administrator_chooses_the_two_stage_preset_and_back() {
    let w = world().await;
    assert!(matches!(cp::choose_preset(&w.app, &w.investigator, preset_two_stage::KEY, None).await, Err(AppError::Forbidden)));
    assert_eq!(fields(cp::choose_preset(&w.app, &w.admin, "nonsense", None).await), ["preset"]);
    assert_eq!(cp::choose_preset(&w.app, &w.admin, preset_two_stage::KEY, None).await.unwrap(), 1);
    assert_eq!(cp::active(&w.app, &w.investigator).await.unwrap().policy, preset_two_stage::preset());
    assert!(matches!(cp::choose_preset(&w.app, &w.admin, preset_detention::KEY, None).await, Err(AppError::StaleEdit(_))));
    assert_eq!(cp::choose_preset(&w.app, &w.admin, preset_detention::KEY, Some(1)).await.unwrap(), 2);
    let audited = events(&w.app).await;
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert!(audited.iter().all(|(a, _)| a == "complaint_procedure.preset_chosen"));
    assert!(audited.iter().any(|(_, s)| s.contains("version 2")), "{audited:?}");
}
