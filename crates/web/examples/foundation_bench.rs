//! Benchmarks of the foundation, written up in docs/benchmarks.md.
//!
//! cargo run --release -p casebook-web --example foundation_bench [-- postgres://…]
//!
//! Measures: working-day arithmetic; durable audited writes (one use case,
//! one transaction, one audit event each), serially and from 16 tasks; and
//! an authenticated API read through the whole middleware stack, from 32
//! concurrent clients. Uses a temporary SQLite file, or the PostgreSQL
//! database given (a fresh schema in it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_app::accounts::{self, AccountForm};
use casebook_app::sites::{self, SiteForm};
use casebook_app::{Actor, App};
use casebook_domain::calendar::{Division, WorkingCalendar};
use casebook_store::testing::TestDb;
use jiff::civil::Date;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let pg = std::env::args().nth(1);
    calendar_arithmetic();
    let test_db = match &pg {
        Some(url) => TestDb::postgres(url).await.unwrap(),
        None => TestDb::sqlite().await.unwrap(),
    };
    println!("backend: {:?}", test_db.db.backend());
    let app = App::new(test_db.db.clone());
    audited_writes(&app).await;
    api_reads(&app).await;
}

fn calendar_arithmetic() {
    let calendar = WorkingCalendar::new(Division::UnitedKingdom);
    let start = Date::new(2026, 1, 1).unwrap();
    let n = 1_000_000u32;
    let began = Instant::now();
    let mut checksum = 0i64;
    for i in 0..n {
        let from = start.checked_add(jiff::Span::new().days(i64::from(i % 3650))).unwrap();
        let due = calendar.add_working_days(from, 1 + i % 60);
        checksum += i64::from(calendar.working_days_between(from, due));
    }
    let per = began.elapsed() / n;
    println!("calendar: {n} × (add_working_days + working_days_between) on the UK union calendar: {per:?} per pair (checksum {checksum})");
}

fn site_form(i: usize) -> SiteForm {
    SiteForm { code: format!("S{i}"), name: format!("Site {i}"), kind: "other".into(), nation: "scotland".into(), active: true }
}

async fn audited_writes(app: &App) {
    let actor = Actor::system("benchmark");
    let serial = 500;
    let began = Instant::now();
    for i in 0..serial {
        sites::create(app, &actor, &site_form(i)).await.unwrap();
    }
    let rate = serial as f64 / began.elapsed().as_secs_f64();
    println!("audited writes, 1 writer: {serial} site creations (each: 1 transaction, 1 audit event, durable commit) at {rate:.0}/s");

    let tasks = 16;
    let each = 100;
    let began = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let app = app.clone();
        let actor = actor.clone();
        handles.push(tokio::spawn(async move {
            for i in 0..each {
                sites::create(&app, &actor, &site_form(10_000 + t * each + i)).await.unwrap();
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let total = tasks * each;
    let rate = total as f64 / began.elapsed().as_secs_f64();
    println!("audited writes, {tasks} concurrent writers: {total} site creations at {rate:.0}/s");
    let began = Instant::now();
    let checked = casebook_app::audit::verify(app).await.unwrap();
    println!("audit verify: {checked} events in {:?}", began.elapsed());
}

async fn api_reads(app: &App) {
    let system = Actor::system("benchmark");
    let form = AccountForm {
        username: "bench.admin".into(),
        display_name: "Bench".into(),
        grade: "seo".into(),
        roles: vec!["administrator".into()],
        active: true,
        ..AccountForm::default()
    };
    let user = accounts::create(app, &system, &form, Some("a long benchmark password")).await.unwrap();
    let token = accounts::create_token(app, &system, user.id, "bench").await.unwrap();
    let began = Instant::now();
    casebook_app::sessions::sign_in(app, "bench.admin", "a long benchmark password", None, None).await.unwrap();
    println!("sign-in (Argon2id verify + session insert): {:?}", began.elapsed());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = app.clone();
    tokio::spawn(async move { casebook_web::serve(listener, served, std::future::pending()).await.unwrap() });
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let url = format!("http://{addr}/api/v1/me");
    let clients = 32;
    let each = 300;
    let began = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..clients {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(each);
            for _ in 0..each {
                let t = Instant::now();
                let r = client.get(&url).bearer_auth(&token).send().await.unwrap();
                assert_eq!(r.status(), 200);
                r.bytes().await.unwrap();
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let elapsed = began.elapsed();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "GET /api/v1/me with a bearer token, {clients} clients in-process: {:.0} requests/s, p50 {:?}, p99 {:?}",
        all.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99)
    );
}
