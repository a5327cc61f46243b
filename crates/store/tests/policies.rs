//! Policies as data: the first save, replacing with the version read, and
//! refusing a save based on a stale read. Runs on SQLite, or on PostgreSQL
//! when `CASEBOOK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_store::StoreError;
use casebook_store::policies;
use casebook_store::testing::TestDb;
use jiff::Timestamp;

#[tokio::test]
async fn a_policy_is_saved_replaced_and_guarded_by_its_version() {
    let test = TestDb::new().await.unwrap();
    let now: Timestamp = "2026-11-23T09:00:00Z".parse().unwrap();
    let mut tx = test.db.write().await.unwrap();
    assert_eq!(policies::get(&mut tx, "grading").await.unwrap(), None);
    assert_eq!(policies::put(&mut tx, "grading", r#"{"a":1}"#, None, None, now).await.unwrap(), 1);
    // A second "first save" lost the race: the editor read the preset, but a row exists now.
    assert!(matches!(policies::put(&mut tx, "grading", r#"{"a":2}"#, None, None, now).await, Err(StoreError::StaleVersion)));
    assert_eq!(policies::put(&mut tx, "grading", r#"{"a":3}"#, Some(1), None, now).await.unwrap(), 2);
    assert!(matches!(policies::put(&mut tx, "grading", r#"{"a":4}"#, Some(1), None, now).await, Err(StoreError::StaleVersion)));
    let saved = policies::get(&mut tx, "grading").await.unwrap().unwrap();
    assert_eq!((saved.body.as_str(), saved.version, saved.updated_at), (r#"{"a":3}"#, 2, now));
    assert_eq!(policies::get(&mut tx, "thresholds").await.unwrap(), None);
}
