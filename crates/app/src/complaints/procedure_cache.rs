//! The procedures complaints follow, parsed once per process. A complaint
//! keeps the procedure version it was received under, and a kept version
//! never changes, so it is read and parsed once; the version in force is
//! checked with one small query and its procedure reparsed only when an
//! administrator has saved a new one.

use super::PROCEDURE_POLICY;
use crate::{AppError, Result, policies};
use casebook_domain::complaints::{Procedure, preset_detention};
use casebook_store::{Tx, complaints as store};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, PoisonError};

/// A procedure with the policy version it came from and its JSON as kept.
#[derive(Debug)]
pub struct KeptProcedure {
    pub procedure: Procedure,
    /// The policy version (0: the built-in preset).
    pub version: i64,
    pub body: String,
    /// Whether this process has kept it in `complaint_procedures` (a
    /// committed keep is permanent, so each process sends the body once).
    pub kept: AtomicBool,
}

#[derive(Debug, Default)]
pub struct ProcedureCache {
    in_force: Mutex<Option<Arc<KeptProcedure>>>,
    kept: Mutex<HashMap<(String, i64), Arc<Procedure>>>,
}

impl ProcedureCache {
    /// The procedure in force, as last seen, without asking the database;
    /// `None` before the first [`ProcedureCache::in_force`].
    pub fn last_in_force(&self) -> Option<Arc<KeptProcedure>> {
        self.in_force.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The procedure new complaints follow now.
    pub async fn in_force(&self, tx: &mut Tx) -> Result<Arc<KeptProcedure>> {
        let version = casebook_store::policies::version(tx, PROCEDURE_POLICY).await?.unwrap_or(0);
        if let Some(seen) = self.last_in_force().filter(|seen| seen.version == version) {
            return Ok(seen);
        }
        let loaded = policies::load(tx, PROCEDURE_POLICY, preset_detention::preset).await?;
        let version = loaded.version().unwrap_or(0);
        let body = serde_json::to_string(&loaded.policy).map_err(|e| AppError::Internal(e.to_string()))?;
        let kept = Arc::new(KeptProcedure { procedure: loaded.policy, version, body, kept: AtomicBool::new(false) });
        *self.in_force.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&kept));
        Ok(kept)
    }

    /// The procedure kept as `key` at `version`.
    pub async fn kept(&self, tx: &mut Tx, key: &str, version: i64) -> Result<Arc<Procedure>> {
        let id = (key.to_owned(), version);
        if let Some(found) = self.kept.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(Arc::clone(found));
        }
        let body = store::procedure(tx, key, version).await?;
        let procedure: Procedure = serde_json::from_str(&body)
            .map_err(|e| AppError::Internal(format!("the procedure {key} (version {version}) cannot be read: {e}")))?;
        let procedure = Arc::new(procedure);
        self.kept.lock().unwrap_or_else(PoisonError::into_inner).insert(id, Arc::clone(&procedure));
        Ok(procedure)
    }
}
