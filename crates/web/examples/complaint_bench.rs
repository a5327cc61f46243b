//! The complaints unit's reads over a generated world of complaints.
//! Written up in docs/benchmarks.md ("Complaints at scale").
//!
//! casebook generate --persons 100000 --contacts 0 --complaints 1000000 --days 1095 --seed 1 --database sqlite:///var/tmp/cb-bench/complaints.db
//! cargo run --release -p casebook-web --example complaint_bench -- --database sqlite:///var/tmp/cb-bench/complaints.db [--runs 50]
//!
//! Measures, `runs` times each, as a manager who may read sealed complaints:
//! - the due and overdue work list of every active site (`complaints::work_list`);
//! - the sweep for every breached clock on every site (`complaints::sweep_breaches`);
//! - last month's summary for all sites (`complaint_reports::summary::monthly`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "bench/mod.rs"]
mod bench;

use bench::{arg, percentile, summary};

use casebook_app::complaints::{self, WorkListFilter};
use casebook_app::{Actor, App, complaint_reports};
use casebook_domain::access::{Role, Roles};
use casebook_store::Db;
use casebook_store::complaints::DeadlineFilter;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let url = arg("--database").expect("--database URL of a generated world");
    let runs: usize = arg("--runs").map(|s| s.parse().unwrap()).unwrap_or(50);
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let app = App::new(db.clone());
    let manager = Actor {
        user_id: None,
        label: "bench".into(),
        roles: Roles::of(&[Role::Manager, Role::ComplianceOfficer]),
        grade: None,
        request_id: None,
    };
    let sites: Vec<_> = casebook_app::sites::list(&app).await.unwrap().into_iter().filter(|s| s.active).collect();
    println!("{} active sites", sites.len());

    // Warm the caches and the database's pages once, as a running server would be.
    let sweep = complaints::sweep_breaches(&app, &manager).await.unwrap();
    println!("breached clocks: {}", sweep.breaches.len());

    let mut all = Vec::new();
    let mut worst: (Duration, String, usize) = (Duration::ZERO, String::new(), 0);
    for site in &sites {
        let filter = WorkListFilter { site_id: Some(site.id), ..WorkListFilter::default() };
        let mut times = Vec::with_capacity(runs);
        let mut lines = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let list = complaints::work_list(&app, &manager, &filter).await.unwrap();
            times.push(t.elapsed());
            lines = list.overdue.len() + list.due_today.len() + list.due_soon.len();
        }
        times.sort();
        let p95 = percentile(&times, 0.95);
        if p95 > worst.0 {
            worst = (p95, site.code.clone(), lines);
        }
        all.extend(times);
    }
    summary("work list, one site, all sites' calls", all);
    // The index read alone, for the largest site: what the rest costs is the app's.
    let largest = sites.iter().find(|s| s.code == worst.1).map(|s| s.id);
    let wanted = DeadlineFilter { site_id: largest, ..DeadlineFilter::default() };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let mut tx = db.read().await.unwrap();
        let rows = casebook_store::complaints::listed_deadlines(&mut tx, &wanted, app.now(), 1_000_000).await.unwrap();
        times.push(t.elapsed());
        assert!(!rows.is_empty());
    }
    summary(&format!("  of which the index read for {}", worst.1), times);
    println!("worst site p95: {:.2?} at {} ({} lines)", worst.0, worst.1, worst.2);

    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let sweep = complaints::sweep_breaches(&app, &manager).await.unwrap();
        times.push(t.elapsed());
        assert!(!sweep.breaches.is_empty());
    }
    summary("sweep for breached clocks, all sites", times);

    let mut times = Vec::with_capacity(runs);
    let mut received = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let month = complaint_reports::summary::monthly(&app, &manager, None).await.unwrap();
        times.push(t.elapsed());
        received = month.sites.iter().map(|s| s.received).sum::<u64>();
    }
    summary("monthly summary, all sites", times);
    println!("last month: {received} received");
}
