//! Load driver: logs contacts through `POST /api/v1/contacts` (with a fresh
//! Idempotency-Key each) from C concurrent clients for T seconds and reports
//! sustained contacts per second, latency and errors. Written up in
//! docs/benchmarks.md ("Contacts and recognition at scale").
//!
//! cargo run --release -p casebook-web --example load_contacts -- [options]
//!
//!   --database URL   serve in-process on 127.0.0.1 from this database: a
//!                    `postgres://…` URL gets a fresh schema of its own, a
//!                    `sqlite://…` file is used as it is (e.g. a generated
//!                    world); default: a fresh temporary SQLite file
//!   --url URL        instead, target a running server (needs --token, and
//!                    --persons N to name persons 1..=N; else contacts are anonymous)
//!   --clients C      concurrent clients (default 32)
//!   --seconds T      how long to run (default 20)
//!
//! Bodies come from the world generator (every channel, category and
//! outcome in its proportions), timed "now".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_app::accounts::{self, AccountForm};
use casebook_app::generate::{self, WorldSpec};
use casebook_app::{Actor, App};
use casebook_domain::contacts::CategoryDetail;
use casebook_domain::generate::ContactPlan;
use casebook_store::Db;
use casebook_store::testing::TestDb;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Options {
    database: Option<String>,
    url: Option<String>,
    token: Option<String>,
    persons: u64,
    clients: usize,
    seconds: u64,
}

fn options() -> Options {
    let mut o = Options { database: None, url: None, token: None, persons: 0, clients: 32, seconds: 20 };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_else(|| panic!("{} needs a value", pair[0]));
        match pair[0].as_str() {
            "--database" => o.database = Some(value),
            "--url" => o.url = Some(value),
            "--token" => o.token = Some(value),
            "--persons" => o.persons = value.parse().unwrap(),
            "--clients" => o.clients = value.parse().unwrap(),
            "--seconds" => o.seconds = value.parse().unwrap(),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

/// Starts the real server in-process; answers its address, a call handler's token and the person ids to use.
async fn serve_in_process(database: Option<&str>) -> (String, String, Vec<i64>, Option<TestDb>) {
    let (db, keep) = match database {
        Some(url) if url.starts_with("postgres") => {
            let t = TestDb::postgres(url).await.unwrap();
            (t.db.clone(), Some(t))
        }
        Some(url) => {
            let db = Db::connect(url).await.unwrap();
            db.migrate().await.unwrap();
            (db, None)
        }
        None => {
            let t = TestDb::sqlite().await.unwrap();
            (t.db.clone(), Some(t))
        }
    };
    let app = App::new(db.clone());
    let system = Actor::system("load driver");
    let mut tx = db.read().await.unwrap();
    let persons: Vec<i64> = casebook_store::people::search(&mut tx, "", 1_000, 0).await.unwrap().into_iter().map(|p| p.id).collect();
    drop(tx);
    let persons = if persons.is_empty() {
        let spec = WorldSpec { persons: 1_000, contacts: 0, seed: 1, days: 30 };
        generate::generate(&app, &system, &spec, &mut |_, _, _| {}).await.unwrap().person_ids
    } else {
        persons
    };
    let site = casebook_app::sites::list(&app).await.unwrap().first().map(|s| s.code.clone()).unwrap_or_default();
    let username = format!("load.{}", std::process::id());
    let form = AccountForm {
        username: username.clone(),
        display_name: "Load driver".into(),
        grade: "ao".into(),
        site,
        roles: vec!["call-handler".into()],
        active: true,
        ..AccountForm::default()
    };
    let user = accounts::create(&app, &system, &form, None).await.unwrap();
    let token = accounts::create_token(&app, &system, user.id, "load driver").await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { casebook_web::serve(listener, app, std::future::pending()).await.unwrap() });
    (format!("http://{addr}"), token, persons, keep)
}

/// A generated contact as an API client would send it, timed now.
fn body(plan: &ContactPlan, j: u64, persons: &[i64]) -> serde_json::Value {
    let g = plan.contact(j, 1);
    let person_id = g.person.filter(|_| !persons.is_empty()).map(|i| persons[i as usize % persons.len()]);
    let (caller_warned, call_ended, organisation, purpose) = match &g.detail {
        CategoryDetail::None => (None, None, "", ""),
        CategoryDetail::Malicious { caller_warned, call_ended } => (Some(*caller_warned), *call_ended, "", ""),
        CategoryDetail::Sales { organisation, purpose } => (None, None, organisation.as_str(), purpose.as_str()),
    };
    // A message needs a recipient; the driver's own account is the only one it knows, so it takes none.
    let outcome = if g.recipient.is_some() { "signposted" } else { g.outcome.slug() };
    json!({
        "channel": g.channel.slug(), "direction": g.direction.slug(), "person_id": person_id, "anonymous": person_id.is_none(),
        "subject": g.subject, "notes": g.notes, "category": g.category.slug(), "outcome": outcome,
        "duration_seconds": g.duration_seconds, "caller_warned": caller_warned, "call_ended": call_ended,
        "sales_organisation": organisation, "sales_purpose": purpose,
    })
}

#[tokio::main]
async fn main() {
    let o = options();
    let (base, token, persons, _keep) = match &o.url {
        Some(url) => {
            let token = o.token.clone().expect("--url needs --token");
            (url.trim_end_matches('/').to_owned(), token, (1..=o.persons as i64).collect(), None)
        }
        None => serve_in_process(o.database.as_deref()).await,
    };
    let plan = Arc::new(ContactPlan::new(u64::from(std::process::id()), persons.len().max(1) as u64, 30, jiff::Timestamp::now()));
    let persons = Arc::new(persons);
    let client = reqwest::Client::builder().pool_max_idle_per_host(o.clients * 2).build().unwrap();
    let url = format!("{base}/api/v1/contacts");
    let run = std::process::id();
    println!("POST {url} from {} clients for {} s ({} persons to name)", o.clients, o.seconds, persons.len());
    let until = Instant::now() + Duration::from_secs(o.seconds);
    let began = Instant::now();
    let mut handles = Vec::new();
    for client_no in 0..o.clients {
        let (client, url, token, plan, persons) = (client.clone(), url.clone(), token.clone(), plan.clone(), persons.clone());
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures: BTreeMap<String, u64> = BTreeMap::new();
            let mut i = 0u64;
            while Instant::now() < until {
                let j = (client_no as u64) << 32 | i;
                let t = Instant::now();
                let sent = client
                    .post(&url)
                    .bearer_auth(&token)
                    .header("Idempotency-Key", format!("load-{run}-{client_no}-{i}"))
                    .json(&body(&plan, j, &persons))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 201 => {
                        r.bytes().await.unwrap();
                        latencies.push(t.elapsed());
                    }
                    Ok(r) => {
                        let status = r.status().to_string();
                        let text = r.text().await.unwrap_or_default();
                        *failures.entry(format!("{status} {}", text.chars().take(160).collect::<String>())).or_default() += 1;
                    }
                    Err(e) => *failures.entry(e.to_string()).or_default() += 1,
                }
                i += 1;
            }
            (latencies, failures)
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    let mut failures: BTreeMap<String, u64> = BTreeMap::new();
    for h in handles {
        let (l, f) = h.await.unwrap();
        all.extend(l);
        for (k, v) in f {
            *failures.entry(k).or_default() += v;
        }
    }
    let elapsed = began.elapsed();
    all.sort();
    let pct = |p: f64| all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or_default();
    println!(
        "logged {} contacts in {:.1?}: {:.0} contacts/s sustained, p50 {:.1?}, p99 {:.1?}, max {:.1?}; errors {}",
        all.len(),
        elapsed,
        all.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        all.last().copied().unwrap_or_default(),
        failures.values().sum::<u64>()
    );
    for (what, n) in failures {
        println!("  {n} × {what}");
    }
}
