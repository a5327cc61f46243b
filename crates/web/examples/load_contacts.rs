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

#[path = "load/mod.rs"]
mod load;

use casebook_domain::contacts::CategoryDetail;
use casebook_domain::generate::ContactPlan;
use serde_json::json;

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
    let o = load::options();
    let target = load::target(&o, "call-handler").await;
    let plan = ContactPlan::new(u64::from(std::process::id()), target.persons.len().max(1) as u64, 30, jiff::Timestamp::now());
    let persons = target.persons.clone();
    load::drive(&o, &target, "/api/v1/contacts", "contacts", move |j| body(&plan, j, &persons)).await;
}
