//! Load driver: receives complaints through `POST /api/v1/complaints` (with
//! a fresh Idempotency-Key each) from C concurrent clients for T seconds and
//! reports sustained complaints per second, latency and errors. Written up in
//! docs/benchmarks.md ("Complaints at scale").
//!
//! cargo run --release -p casebook-web --example load_complaints -- [options]
//!
//!   --database URL   serve in-process on 127.0.0.1 from this database: a
//!                    `postgres://…` URL gets a fresh schema of its own, a
//!                    `sqlite://…` file is used as it is (e.g. a generated
//!                    world); default: a fresh temporary SQLite file
//!   --url URL        instead, target a running server (needs --token, and
//!                    --persons N to name persons 1..=N)
//!   --clients C      concurrent clients (default 32)
//!   --seconds T      how long to run (default 20)
//!
//! Bodies mix the ways complaints arrive as the generator does: mostly from
//! the complaint box, some translated, anonymous, group or confidential.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "load/mod.rs"]
mod load;

use serde_json::json;

const ROUTES: [&str; 6] = ["complaint-box", "complaint-box", "letter", "email", "online", "phone"];
const SUMMARIES: [&str; 4] = [
    "Meals were served cold on several days.",
    "My property did not arrive with me on transfer.",
    "An officer was rude when I asked about visits.",
    "I waited weeks for a doctor's appointment.",
];

/// A well-mixed number from `j` (splitmix64), so bodies vary without a generator.
fn mix(j: u64) -> u64 {
    let mut z = j.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn body(j: u64, persons: &[i64], sites: &[i64]) -> serde_json::Value {
    let r = mix(j);
    let pick = |n: usize, shift: u32| (r >> shift) as usize % n.max(1);
    let percent = (r >> 40) % 100;
    let person = |k: u32| persons.get(pick(persons.len(), k)).map(|p| p.to_string());
    let (anonymous, group, complainants): (bool, bool, Vec<String>) = match percent {
        0..=4 => (true, false, vec![]),
        5..=7 if persons.len() > 1 => {
            let first = pick(persons.len(), 8);
            let second = (first + 1 + pick(persons.len() - 1, 20)) % persons.len();
            (false, true, vec![persons[first].to_string(), persons[second].to_string()])
        }
        _ => (false, false, person(8).into_iter().collect()),
    };
    let translated = (r >> 50) % 100 < 6;
    let confidential = (r >> 58).is_multiple_of(50);
    let received = jiff::Timestamp::now() - jiff::SignedDuration::from_hours((r >> 52) as i64 % 48);
    json!({
        "arrived_by": ROUTES[pick(ROUTES.len(), 0)],
        "received_at": received.to_string(),
        "site_id": sites[pick(sites.len(), 4)].to_string(),
        "complainant_ids": complainants,
        "anonymous": anonymous || persons.is_empty(),
        "group": group && !persons.is_empty(),
        "language": if translated { "Polish" } else { "" },
        "translation_needed": translated,
        "setting": "removal-centre",
        "confidential": confidential,
        "visible_to_roles": if confidential { vec!["manager", "compliance-officer"] } else { vec![] },
        "summary": SUMMARIES[pick(SUMMARIES.len(), 12)],
    })
}

#[tokio::main]
async fn main() {
    let o = load::options();
    let target = load::target(&o, "compliance-officer").await;
    let (persons, sites) = (target.persons.clone(), target.sites.clone());
    load::drive(&o, &target, "/api/v1/complaints", "complaints", move |j| body(j, &persons, &sites)).await;
}
