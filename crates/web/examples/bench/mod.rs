//! What the read benchmarks share: their options and how they report timings.
#![allow(dead_code)]

use std::time::Duration;

/// The value after `name` on the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

/// The `p`th percentile (0 to 1) of sorted `times`.
pub fn percentile(times: &[Duration], p: f64) -> Duration {
    times[((times.len() as f64 * p) as usize).min(times.len() - 1)]
}

/// Prints the count, p50, p95, p99 and max of `times`.
pub fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let pct = |p| percentile(&times, p);
    println!(
        "{label}: n={}, p50 {:.2?}, p95 {:.2?}, p99 {:.2?}, max {:.2?}",
        times.len(),
        pct(0.5),
        pct(0.95),
        pct(0.99),
        times[times.len() - 1]
    );
}
