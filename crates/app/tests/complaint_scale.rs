//! Complaints at scale: generated complaints are written with their
//! running clocks indexed, and the work list and breach sweep answered
//! from the index are exactly what the clocks themselves say. Runs on
//! SQLite, or on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_app::complaints::{WorkListFilter, sweep_breaches, work_list};
use casebook_app::generate::{self, WorldSpec};
use casebook_app::generate_complaints::generate_complaints;
use casebook_app::{Actor, App};
use casebook_domain::access::{Role, Roles};
use casebook_domain::calendar::{Division, WorkingCalendar};
use casebook_domain::complaints::Procedure;
use casebook_domain::complaints::clocks::complaint_clocks;
use casebook_domain::complaints::monthly_summary::report_facts;
use casebook_domain::complaints::worklist::{WorkList, work_items};
use casebook_store::audit::AuditFilter;
use casebook_store::complaints::{self as store, ComplaintFilter};
use casebook_store::testing::TestDb;
use std::collections::BTreeMap;

fn reader(roles: &[Role]) -> Actor {
    Actor { user_id: None, label: "reader".into(), roles: Roles::of(roles), grade: None, request_id: None }
}

/// The work list as the clocks say it, from every open record.
async fn from_the_clocks(app: &App, actor_sees_sealed: bool, site_id: Option<i64>) -> WorkList {
    let mut tx = app.db.read().await.unwrap();
    let filter = ComplaintFilter { site_id, open_only: true, limit: 100_000, ..ComplaintFilter::default() };
    let records = store::open_records(&mut tx, &filter).await.unwrap();
    let now = app.now();
    // The generated estate's sites are in all three nations, with no closures.
    let nations: std::collections::HashMap<i64, Division> =
        casebook_store::sites::list(&mut tx).await.unwrap().into_iter().map(|s| (s.id, Division::from(s.nation))).collect();
    let mut items = Vec::new();
    for r in records.iter().filter(|r| actor_sees_sealed || r.complaint.receipt.sealed_for.is_none()) {
        let cal = WorkingCalendar::new(nations[&r.complaint.receipt.site_id]);
        let body = store::procedure(&mut tx, &r.procedure_key, r.policy_version).await.unwrap();
        let procedure: Procedure = serde_json::from_str(&body).unwrap();
        let clocks = complaint_clocks(&procedure, &cal, &r.complaint, now);
        items.extend(work_items(&procedure, &cal, r.id, &r.complaint, &clocks, now));
    }
    WorkList::from_items(items)
}

#[tokio::test]
async fn the_indexed_work_list_and_sweep_equal_the_clocks() {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    let system = Actor::system("test");
    let world =
        generate::generate(&app, &system, &WorldSpec { persons: 60, contacts: 0, seed: 5, days: 120 }, &mut |_, _, _| {}).await.unwrap();
    let made = generate_complaints(&app, &system, 5, 600, 120, &world.person_ids, &mut |_, _, _| {}).await.unwrap();
    assert_eq!(made.complaints, 600);
    assert!(made.open > 20 && made.open < 600, "some open, most finished: {made:?}");
    assert!(made.running_clocks > 20, "{made:?}");

    let mut tx = app.db.read().await.unwrap();
    let all = store::list(&mut tx, &ComplaintFilter { limit: 1_000, ..ComplaintFilter::default() }).await.unwrap();
    assert_eq!(all.len(), 600);
    let audited = casebook_store::audit::list(&mut tx, &AuditFilter { action: Some("complaints.generated".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audited.len(), 1, "one event for all the complaints");
    let site_id = all[0].site_id;
    // Complaints arrive across the generated estate, in all three nations.
    let used: std::collections::HashSet<i64> = all.iter().map(|c| c.site_id).collect();
    assert!(used.len() >= 8, "complaints spread over the estate: {used:?}");
    let scottish = casebook_store::sites::list(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.nation == casebook_domain::nation::Nation::Scotland && used.contains(&s.id))
        .expect("a Scottish site with complaints")
        .id;
    drop(tx);

    let manager = reader(&[Role::Manager, Role::ComplianceOfficer]);
    let investigator = reader(&[Role::Investigator]);
    for (actor, sees_sealed) in [(&manager, true), (&investigator, false)] {
        for site in [None, Some(site_id), Some(scottish)] {
            let expected = from_the_clocks(&app, sees_sealed, site).await;
            let got = work_list(&app, actor, &WorkListFilter { site_id: site, ..WorkListFilter::default() }).await.unwrap();
            assert_eq!(got, expected, "work list for site {site:?}, sealed shown: {sees_sealed}");
            assert!(!expected.is_empty(), "site {site:?} has work");
            let sweep = sweep_breaches(&app, actor).await.unwrap();
            if site.is_none() {
                assert!(!expected.overdue.is_empty(), "the generated world has breached clocks");
                assert_eq!(sweep.breaches, expected.overdue, "the sweep finds every breached clock");
            }
        }
    }
    // The generator keeps the monthly summary's columns as a save would.
    let mut tx = app.db.read().await.unwrap();
    let filter = ComplaintFilter { limit: 1_000, ..ComplaintFilter::default() };
    let mut expected: BTreeMap<(i64, Option<String>, Option<bool>, bool), i64> = BTreeMap::new();
    for summary in store::list(&mut tx, &filter).await.unwrap() {
        let record = store::get(&mut tx, summary.id).await.unwrap();
        let facts = report_facts(&record.complaint);
        if facts.responded_at.is_some() {
            let key = (summary.site_id, facts.outcome.map(|o| o.slug().to_owned()), facts.within_target, facts.extended);
            *expected.entry(key).or_default() += 1;
        }
    }
    let (from, to) = ("2000-01-01T00:00:00Z".parse().unwrap(), "2100-01-01T00:00:00Z".parse().unwrap());
    let counted: BTreeMap<_, i64> = casebook_store::complaint_reports::responses(&mut tx, from, to)
        .await
        .unwrap()
        .into_iter()
        .map(|r| ((r.site_id, r.outcome, r.within_target, r.extended), r.count))
        .collect();
    assert!(expected.values().sum::<i64>() > 100, "most generated complaints are answered: {expected:?}");
    assert_eq!(counted, expected);
    drop(tx);

    let some = from_the_clocks(&app, true, None).await;
    let person = some.overdue.iter().chain(&some.due_soon).find_map(|i| i.person).unwrap();
    let got = work_list(&app, &manager, &WorkListFilter { person: Some(person), ..WorkListFilter::default() }).await.unwrap();
    assert!(!got.is_empty() && got.overdue.iter().chain(&got.due_today).chain(&got.due_soon).all(|i| i.person == Some(person)));
}

#[tokio::test]
async fn too_many_complaints_are_refused_by_field() {
    let test = TestDb::new().await.unwrap();
    let app = App::new(test.db.clone());
    let err = generate_complaints(&app, &Actor::system("test"), 1, 30_000_000, 30, &[], &mut |_, _, _| {}).await.unwrap_err();
    assert!(format!("{err:?}").contains("complaints"), "{err:?}");
    let mut tx = app.db.read().await.unwrap();
    assert!(store::list(&mut tx, &ComplaintFilter { limit: 10, ..ComplaintFilter::default() }).await.unwrap().is_empty());
}
