//! Persons and recognition use cases: validation, permissions and matching.
//! Runs on SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::people::{self, MatchInput, PersonForm};
use casebook_app::{Actor, App, AppError};
use casebook_domain::access::{Role, Roles};
use casebook_domain::people::MatchReason;
use casebook_store::testing::TestDb;

async fn app() -> (TestDb, App) {
    support::app_at("2026-03-02T09:00:00.123456Z".parse().unwrap()).await
}

fn actor(roles: &[Role]) -> Actor {
    Actor { user_id: None, label: "tester".into(), roles: Roles::of(roles), grade: None, request_id: None }
}

fn handler() -> Actor {
    actor(&[Role::CallHandler])
}

fn form(given: &str, family: &str, phone: &str) -> PersonForm {
    PersonForm {
        given: given.into(),
        family: family.into(),
        date_of_birth: "1984-07-19".into(),
        postcode: "mk430ab".into(),
        phones: if phone.is_empty() { vec![] } else { vec![phone.into()] },
        emails: vec![format!("{}@Example.org", given.to_lowercase())],
        references: vec![("home-office-reference".into(), "b123 4567".into())],
        aliases: vec!["Shiv Murphy".into()],
    }
}

async fn audit_count(app: &App) -> i64 {
    let mut tx = app.db.read().await.unwrap();
    casebook_store::audit::count(&mut tx).await.unwrap()
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_person_is_created_normalised_and_audited() {
    let (_db, app) = app().await;
    let p = people::create_person(&app, &handler(), &form("Siobhan", "O'Neill", "+44 (0)7700 900123")).await.unwrap();
    assert_eq!(p.display_name, "Siobhan O'Neill");
    assert_eq!(p.postcode.as_deref(), Some("MK43 0AB"));
    let ids: Vec<(&str, &str)> = p.identifiers.iter().map(|i| (i.kind.as_str(), i.value.as_str())).collect();
    assert_eq!(ids, [("phone", "+447700900123"), ("email", "siobhan@example.org"), ("reference-home-office-reference", "B1234567")]);
    assert_eq!(p.names.len(), 2);
    assert_eq!(audit_count(&app).await, 1);
    let events = casebook_app::audit::list(&app, &Default::default()).await.unwrap();
    assert_eq!(events[0].facts.action, "person.created");
    assert_eq!(people::get_person(&app, &handler(), p.id).await.unwrap(), p);
    assert!(matches!(people::get_person(&app, &handler(), p.id + 1).await, Err(AppError::NotFound("person"))));
}

#[tokio::test]
async fn bad_input_names_each_field_and_saves_nothing() {
    let (_db, app) = app().await;
    let bad = PersonForm {
        given: "".into(),
        family: "Sm1th".into(),
        date_of_birth: "2027-01-01".into(),
        postcode: "not a postcode".into(),
        phones: vec!["07700 9001234".into()],
        emails: vec!["no-at-sign".into()],
        references: vec![("shoe-size".into(), "9".into())],
        aliases: vec!["R2-D2".into()],
    };
    assert_eq!(
        fields(people::create_person(&app, &handler(), &bad).await),
        ["given", "family", "date_of_birth", "postcode", "phones", "emails", "references", "aliases"]
    );
    let old = PersonForm { date_of_birth: "1899-12-31".into(), ..form("Ann", "Lee", "") };
    assert_eq!(fields(people::create_person(&app, &handler(), &old).await), ["date_of_birth"]);
    assert_eq!(audit_count(&app).await, 0);
    assert!(people::search_persons(&app, &handler(), "", 10, 0).await.unwrap().is_empty());
}

#[tokio::test]
async fn matching_ranks_the_phone_first_and_finds_misspelt_names() {
    let (_db, app) = app().await;
    let siobhan = people::create_person(&app, &handler(), &form("Siobhan", "O'Neill", "07700 900123")).await.unwrap();
    let other = people::create_person(&app, &handler(), &form("Siobhan", "O'Neil", "07700 900456")).await.unwrap();
    let unrelated = people::create_person(&app, &handler(), &form("Gareth", "Jones", "07700 900789")).await.unwrap();

    let by_phone = MatchInput { phone: "0044 7700 900123".into(), given: "Siobhan".into(), family: "O'Neil".into(), ..Default::default() };
    let found = people::match_candidates(&app, &handler(), &by_phone).await.unwrap();
    assert_eq!(found[0].person_id, siobhan.id, "{found:?}");
    assert!(found[0].reasons.contains(&MatchReason::SamePhone));
    assert!(found.iter().any(|m| m.person_id == other.id));
    assert!(found[0].score > found[1].score);

    let misspelt = MatchInput { given: "Gareht".into(), family: "Joens".into(), ..Default::default() };
    let found = people::match_candidates(&app, &handler(), &misspelt).await.unwrap();
    assert_eq!(found.first().map(|m| m.person_id), Some(unrelated.id), "{found:?}");
    assert_eq!(found[0].display_name, "Gareth Jones");

    let bad = MatchInput { phone: "12".into(), date_of_birth: "2030-01-01".into(), ..Default::default() };
    assert_eq!(fields(people::match_candidates(&app, &handler(), &bad).await), ["phone", "date_of_birth"]);
}

#[tokio::test]
async fn only_front_line_roles_may_read_and_create_persons() {
    let (_db, app) = app().await;
    let p = people::create_person(&app, &actor(&[Role::Manager]), &form("Ann", "Lee", "")).await.unwrap();
    for role in [Role::MonitoringBoard, Role::Administrator] {
        let who = actor(&[role]);
        assert!(matches!(people::create_person(&app, &who, &form("Bo", "Lee", "")).await, Err(AppError::Forbidden)));
        assert!(matches!(people::get_person(&app, &who, p.id).await, Err(AppError::Forbidden)));
        assert!(matches!(people::search_persons(&app, &who, "", 10, 0).await, Err(AppError::Forbidden)));
        let q = MatchInput { family: "Lee".into(), ..Default::default() };
        assert!(matches!(people::match_candidates(&app, &who, &q).await, Err(AppError::Forbidden)));
    }
    for role in [Role::CallHandler, Role::ComplianceOfficer, Role::Investigator, Role::SeniorReviewer] {
        assert_eq!(people::get_person(&app, &actor(&[role]), p.id).await.unwrap().id, p.id);
    }
    assert_eq!(audit_count(&app).await, 1);
}
