//! Recognition and the caller screen's reads over a generated world, with
//! known truth. Written up in docs/benchmarks.md ("Contacts and
//! recognition at scale").
//!
//! casebook generate --persons 1000000 --contacts 5000000 --seed 1 --database sqlite:///var/tmp/cb-bench/world.db
//! cargo run --release -p casebook-web --example recognition_bench -- --database sqlite:///var/tmp/cb-bench/world.db [--seed 1] [--queries 2000]
//!
//! The database must hold one generated world and nothing else (person `i`
//! of the generator is the `i`-th person by record number; checked).
//! Measures, each over `queries` lookups:
//! - the caller screen: find the persons with the phone number the telephony
//!   platform sends, then `telephony::screen_for_person` for each (contacts
//!   in the windows up to 183 days, last 5 contacts, frequent-caller flag);
//!   callers are drawn as calls arrive (heavy callers often);
//! - `match_candidates` for a garbled name (typos, initials, swapped,
//!   spoken variants, one barrel) with the date of birth, and without it:
//!   latency, and top-candidate precision and recall against the truth.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "bench/mod.rs"]
mod bench;

use bench::{arg, summary};

use casebook_app::people::{self, MatchInput};
use casebook_app::telephony;
use casebook_app::{Actor, App};
use casebook_domain::access::{Role, Roles};
use casebook_domain::generate::{ContactPlan, NOISES, Rng, noisy_name, person};
use casebook_domain::people::{PersonName, PhoneNumber};
use casebook_store::{Db, people as stored};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let url = arg("--database").expect("--database URL of a generated world");
    let seed: u64 = arg("--seed").map(|s| s.parse().unwrap()).unwrap_or(1);
    let queries: usize = arg("--queries").map(|s| s.parse().unwrap()).unwrap_or(2_000);
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let app = App::new(db.clone());
    let handler = Actor { user_id: None, label: "bench".into(), roles: Roles::of(&[Role::CallHandler]), grade: None, request_id: None };
    // A front-line role that does not read special-category markers, so the
    // screen is all reads (a call handler's screen adds one audited write).
    let screen_reader = Actor { roles: Roles::of(&[Role::ComplianceOfficer]), ..handler.clone() };

    let mut tx = db.read().await.unwrap();
    let (first, count) = casebook_store::bulk::persons_extent(&mut tx).await.unwrap();
    let persons = count as u64;
    let id_of = |i: u64| first + i as i64;
    for i in [0, persons / 2, persons - 1] {
        let on_file = stored::get(&mut tx, id_of(i)).await.unwrap();
        assert_eq!(on_file.display_name, person(seed, i).name().full(), "person {i} is not the generator's: wrong --seed?");
    }
    drop(tx);
    println!("backend {:?}: {persons} persons, seed {seed}, {queries} queries each", db.backend());

    // The caller screen, for callers drawn as calls arrive.
    let now = app.now();
    let plan = ContactPlan::new(seed, persons, 730, now);
    let mut rng = Rng::new(99);
    let mut times = Vec::new();
    let (mut found, mut with_history) = (0, 0);
    while times.len() < queries {
        let Some(i) = plan.contact(rng.next_u64() % 1_000_000_000, 1).person else { continue };
        let truth = person(seed, i);
        let Some(raw) = truth.phones.first() else { continue };
        let e164 = PhoneNumber::parse(raw).unwrap().e164().to_owned();
        let t = Instant::now();
        let mut tx = db.read().await.unwrap();
        let ids = stored::find_by_identifier(&mut tx, "phone", &e164).await.unwrap();
        drop(tx);
        for id in &ids {
            // The screen's own use case: counts, last contacts, flag and plan (markers need a user to audit the read).
            let screen = telephony::screen_for_person(&app, &screen_reader, *id).await.unwrap();
            let caller = &screen.callers[0];
            with_history += usize::from(caller.counts.last_30d > 0 || !caller.last_contacts.is_empty());
        }
        times.push(t.elapsed());
        found += usize::from(ids.contains(&id_of(i)));
    }
    summary("caller screen (person by phone + contacts in 24h/7d/30d + last 5 contacts)", times);
    println!("  the caller was found {found} times of {queries}; {with_history} screens showed history");

    // Recognition of a garbled name, with and without the date of birth.
    for with_dob in [true, false] {
        let mut rng = Rng::new(7);
        let (mut answered, mut correct) = (0usize, 0usize);
        let mut times = Vec::new();
        let mut by_noise: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        // With the date of birth: split by whether the truth's date is on
        // file (a caller with none on file is matched on the name alone).
        let mut by_dob_on_file = [(0usize, 0usize); 2];
        for _ in 0..queries {
            let i = rng.next_u64() % persons;
            let truth = person(seed, i);
            let noise = NOISES[rng.below(NOISES.len())];
            let raw = noisy_name(&mut rng, &truth.given, &truth.family, noise);
            let name = PersonName::parse(&raw).unwrap();
            let input = MatchInput {
                given: name.given,
                family: name.family,
                date_of_birth: truth.date_of_birth.filter(|_| with_dob).map(|d| d.to_string()).unwrap_or_default(),
                ..Default::default()
            };
            let t = Instant::now();
            let ranked = people::match_candidates(&app, &handler, &input).await.unwrap();
            times.push(t.elapsed());
            let hit = ranked.first().is_some_and(|m| m.person_id == id_of(i));
            answered += usize::from(!ranked.is_empty());
            correct += usize::from(hit);
            let e = by_noise.entry(noise).or_default();
            e.0 += 1;
            e.1 += usize::from(hit);
            let e = &mut by_dob_on_file[usize::from(truth.date_of_birth.is_some())];
            e.0 += 1;
            e.1 += usize::from(hit);
        }
        let label = if with_dob { "match_candidates, garbled name + date of birth" } else { "match_candidates, garbled name only" };
        summary(label, times);
        println!(
            "  top candidate: precision {:.3}, recall {:.3} ({correct} right of {answered} answered, {queries} asked)",
            correct as f64 / answered.max(1) as f64,
            correct as f64 / queries as f64
        );
        let line: Vec<String> = by_noise.iter().map(|(k, (n, c))| format!("{k} {:.2}", *c as f64 / *n as f64)).collect();
        println!("  recall by noise: {}", line.join(", "));
        let [(undated, undated_hits), (dated, dated_hits)] = by_dob_on_file;
        println!(
            "  recall when the date of birth is on file {:.3} ({dated_hits} of {dated}), when it is not {:.3} ({undated_hits} of {undated})",
            dated_hits as f64 / dated.max(1) as f64,
            undated_hits as f64 / undated.max(1) as f64
        );
    }
}
