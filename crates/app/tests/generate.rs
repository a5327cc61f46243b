//! Generating a world: counts, one audit event for the persons and contacts,
//! generated people recognisable by phone and by a misspelt name, and bad
//! input refused by field. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_app::generate::{self, WorldSpec};
use casebook_app::people::{self, MatchInput};
use casebook_app::{Actor, App, AppError};
use casebook_domain::access::{Role, Roles};
use casebook_domain::generate::{Rng, person, typo};
use casebook_store::audit::AuditFilter;
use casebook_store::contacts::ContactFilter;
use casebook_store::testing::TestDb;

async fn app() -> (TestDb, App) {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    (test, app)
}

fn handler() -> Actor {
    Actor { user_id: None, label: "tester".into(), roles: Roles::of(&[Role::CallHandler]), grade: None, request_id: None }
}

async fn run(app: &App, spec: &WorldSpec) -> Result<generate::Generated, AppError> {
    generate::generate(app, &Actor::system("test"), spec, &mut |_, _, _| {}).await
}

#[tokio::test]
async fn a_small_world_is_generated_once_audited_and_recognisable() {
    let (_db, app) = app().await;
    let spec = WorldSpec { persons: 200, contacts: 1_000, seed: 7, days: 365 };
    let world = run(&app, &spec).await.unwrap();
    assert_eq!((world.person_ids.len(), world.contacts, world.staff_created), (200, 1_000, 12));

    let mut tx = app.db.read().await.unwrap();
    let all = casebook_store::contacts::list(&mut tx, &ContactFilter::default(), 1_000).await.unwrap();
    assert_eq!(all.len(), 1_000);
    assert!(all.iter().any(|c| c.anonymous) && all.iter().any(|c| !c.anonymous));
    let generated =
        casebook_store::audit::list(&mut tx, &AuditFilter { action: Some("world.generated".into()), ..Default::default() }).await.unwrap();
    assert_eq!(generated.len(), 1, "one event for the whole world");
    assert!(generated[0].facts.summary.contains("200 persons") && generated[0].facts.summary.contains("1000 contacts"));
    // The staff made for the world are audited one by one, like any account; persons and contacts are not.
    assert_eq!(casebook_store::audit::count(&mut tx).await.unwrap(), 1 + 1 + 12);
    drop(tx);

    for i in [0u64, 17, 199] {
        let truth = person(spec.seed, i);
        let id = world.person_ids[i as usize];
        if let Some(phone) = truth.phones.first() {
            let found =
                people::match_candidates(&app, &handler(), &MatchInput { phone: phone.clone(), ..Default::default() }).await.unwrap();
            assert_eq!(found[0].person_id, id, "phone {phone}");
        }
        let mut rng = Rng::new(i);
        let input = MatchInput {
            given: truth.given.clone(),
            family: typo(&mut rng, &truth.family),
            date_of_birth: truth.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        let found = people::match_candidates(&app, &handler(), &input).await.unwrap();
        assert!(found.iter().any(|m| m.person_id == id), "{input:?} did not find {id}");
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_world_and_existing_staff_handle_it() {
    let (_a, first) = app().await;
    let (_b, second) = app().await;
    let spec = WorldSpec { persons: 50, contacts: 300, seed: 3, days: 30 };
    run(&first, &spec).await.unwrap();
    let again = run(&first, &spec).await.unwrap();
    assert_eq!(again.staff_created, 0, "the staff from the first run handle the second");
    run(&second, &spec).await.unwrap();
    let names = |app: &App| {
        let app = app.clone();
        async move {
            people::search_persons(&app, &handler(), "", 100, 0).await.unwrap().into_iter().map(|p| p.display_name).collect::<Vec<_>>()
        }
    };
    let (a, b) = (names(&first).await, names(&second).await);
    assert_eq!(a.len(), 100);
    assert_eq!(b.len(), 50);
    // Every person of the second database twice in the first, which has the world twice.
    assert_eq!(a.iter().step_by(2).collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
}

#[tokio::test]
async fn bad_sizes_are_refused_by_field_and_only_administrators_generate() {
    let (_db, app) = app().await;
    let spec = WorldSpec { persons: 0, contacts: 200_000_000, seed: 1, days: 0 };
    match run(&app, &spec).await {
        Err(AppError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["persons", "contacts", "days"]);
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    let refused = generate::generate(&app, &handler(), &WorldSpec::default(), &mut |_, _, _| {}).await;
    assert!(matches!(refused, Err(AppError::Forbidden)));
    let mut tx = app.db.read().await.unwrap();
    assert_eq!(casebook_store::audit::count(&mut tx).await.unwrap(), 0, "nothing saved");
}
