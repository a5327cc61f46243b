//! Policies as data: each mechanism (frequent-caller thresholds, THRIVE
//! grading rules, ...) ships a preset in the domain; an office may replace
//! its numbers. Reading falls back to the preset; replacing is audited and
//! applies from then on.

use crate::{AppError, Result, Work};
use casebook_store::policies::{self, PolicyRecord};
use casebook_store::{StoreError, Tx};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A policy in force, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct InForce<T> {
    pub policy: T,
    /// `None` while the built-in preset is in force.
    pub saved: Option<PolicyRecord>,
}

impl<T> InForce<T> {
    /// The version an editor must quote to replace this policy.
    pub fn version(&self) -> Option<i64> {
        self.saved.as_ref().map(|s| s.version)
    }
}

/// The policy saved under `key`, or `preset()` when none is.
pub async fn load<T: DeserializeOwned>(tx: &mut Tx, key: &str, preset: impl FnOnce() -> T) -> Result<InForce<T>> {
    match policies::get(tx, key).await? {
        None => Ok(InForce { policy: preset(), saved: None }),
        Some(saved) => {
            let policy = serde_json::from_str(&saved.body)
                .map_err(|e| AppError::Internal(format!("the saved policy \"{key}\" cannot be read: {e}")))?;
            Ok(InForce { policy, saved: Some(saved) })
        }
    }
}

/// Replaces the policy under `key` inside `work`, with an audit event.
/// The caller validates `policy` first; `expected_version` is what the
/// editor read (see [`InForce::version`]).
pub async fn replace<T: Serialize>(work: &mut Work, key: &str, policy: &T, expected_version: Option<i64>) -> Result<i64> {
    let body = serde_json::to_string(policy).map_err(|e| AppError::Internal(e.to_string()))?;
    let by = work.actor().user_id;
    let now = work.now;
    let version = policies::put(&mut work.tx, key, &body, expected_version, by, now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::StaleEdit("the policy"),
        other => other.into(),
    })?;
    work.record("policy.replaced", "policy", Some(key.to_owned()), format!("Policy \"{key}\" replaced (version {version})"));
    Ok(version)
}
