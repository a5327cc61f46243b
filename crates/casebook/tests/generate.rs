//! `casebook generate` end to end: the real binary on a temporary SQLite database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

#[test]
fn generate_fills_a_fresh_sqlite_database_and_refuses_bad_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("world.db").display());
    let casebook = env!("CARGO_BIN_EXE_casebook");
    let out = Command::new(casebook).args(["generate", "--persons", "200", "--contacts", "1000", "--database", &url]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Generated 200 persons and 1000 contacts"), "{stdout}");

    let out = Command::new(casebook).args(["audit", "verify", "--database", &url]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = Command::new(casebook).args(["generate", "--persons", "0", "--days", "0", "--database", &url]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--persons: Persons must be between") && stderr.contains("--days:"), "{stderr}");
}
