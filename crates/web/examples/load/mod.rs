//! What the load drivers share: their options, the real server started
//! in-process on 127.0.0.1, and the loop of clients that POST with a fresh
//! Idempotency-Key each and report sustained rate, latency and errors.
#![allow(dead_code)]

use casebook_app::accounts::{self, AccountForm};
use casebook_app::generate::{self, WorldSpec};
use casebook_app::{Actor, App};
use casebook_store::Db;
use casebook_store::testing::TestDb;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Options {
    pub database: Option<String>,
    pub url: Option<String>,
    pub token: Option<String>,
    pub persons: u64,
    pub clients: usize,
    pub seconds: u64,
}

pub fn options() -> Options {
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

/// Where the load goes: the base URL, a token, and the persons and sites on file.
pub struct Target {
    pub base: String,
    pub token: String,
    pub persons: Vec<i64>,
    pub sites: Vec<i64>,
    /// Keeps a temporary database alive while the run lasts.
    _keep: Option<TestDb>,
}

/// The target the options name: a running server (`--url`), or the real
/// server started in-process on its database, with an account of `role`.
pub async fn target(o: &Options, role: &str) -> Target {
    if let Some(url) = &o.url {
        let token = o.token.clone().expect("--url needs --token");
        return Target {
            base: url.trim_end_matches('/').to_owned(),
            token,
            persons: (1..=o.persons as i64).collect(),
            sites: vec![1],
            _keep: None,
        };
    }
    let (db, keep) = match o.database.as_deref() {
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
    let all_sites = casebook_app::sites::list(&app).await.unwrap();
    let site = all_sites.first().map(|s| s.code.clone()).unwrap_or_default();
    let sites = all_sites.iter().filter(|s| s.active).map(|s| s.id).collect();
    let username = format!("load.{}", std::process::id());
    let form = AccountForm {
        username: username.clone(),
        display_name: "Load driver".into(),
        grade: "eo".into(),
        site,
        roles: vec![role.into()],
        active: true,
        ..AccountForm::default()
    };
    let user = accounts::create(&app, &system, &form, None).await.unwrap();
    let token = accounts::create_token(&app, &system, user.id, "load driver").await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { casebook_web::serve(listener, app, std::future::pending()).await.unwrap() });
    Target { base: format!("http://{addr}"), token, persons, sites, _keep: keep }
}

/// POSTs to `path` from `o.clients` clients for `o.seconds`, each request's
/// body made by `body` from a number unique to the run, and prints the result.
pub async fn drive<F>(o: &Options, target: &Target, path: &str, what: &str, body: F)
where
    F: Fn(u64) -> serde_json::Value + Send + Sync + 'static,
{
    let body = Arc::new(body);
    let client = reqwest::Client::builder().pool_max_idle_per_host(o.clients * 2).build().unwrap();
    let url = format!("{}{path}", target.base);
    let run = std::process::id();
    println!("POST {url} from {} clients for {} s ({} persons to name)", o.clients, o.seconds, target.persons.len());
    let until = Instant::now() + Duration::from_secs(o.seconds);
    let began = Instant::now();
    let mut handles = Vec::new();
    for client_no in 0..o.clients {
        let (client, url, token, body) = (client.clone(), url.clone(), target.token.clone(), body.clone());
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
                    .json(&body(j))
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
        "created {} {what} in {:.1?}: {:.0} {what}/s sustained, p50 {:.1?}, p99 {:.1?}, max {:.1?}; errors {}",
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
