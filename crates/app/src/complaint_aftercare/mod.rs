//! Complaints after the response (issue 4): escalation to an ombudsman,
//! decisions to end correspondence with a persistent complainant, ex-gratia
//! payments, lessons-learned actions and officers complained about.
//!
//! Each use case loads what it changes (refusing a sealed complaint to
//! those it is not open to, as not found), lets the domain's state machine
//! in `casebook_domain::complaints` decide, and saves the new state with
//! its audit event in one transaction. Nothing is saved on a refusal.
//!
//! Roles: complaint handlers (compliance officers, managers, senior
//! reviewers) act and read the registers; investigators read what is on a
//! complaint; only managers and senior reviewers approve or decline ending
//! correspondence (and the domain wants a more senior grade than the
//! proposer's).

pub mod certification;
pub mod demo;
pub mod ex_gratia;
pub mod lessons;
pub mod officers;
pub mod ombudsman;
pub mod persistent;

use crate::complaints::{access, not_found};
use crate::{Actor, AppError, Result, Work};
use casebook_domain::access::Role;
use casebook_store::complaints::{self as store, ComplaintRecord};
use casebook_store::tasks::{self, NewTask};
use casebook_store::{StoreError, Tx, users};
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// The complaint a step is about, refused as not found to anyone it is not open to.
pub(crate) async fn complaint(work: &mut Work, id: i64) -> Result<ComplaintRecord> {
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(work.actor(), &record.complaint)?;
    Ok(record)
}

/// Which of `ids` the actor may see; registers leave the others out.
pub(crate) async fn readable(tx: &mut Tx, actor: &Actor, ids: &[i64]) -> Result<HashMap<i64, bool>> {
    let mut seen = HashMap::new();
    for &id in ids {
        if seen.contains_key(&id) {
            continue;
        }
        let may = match store::get(tx, id).await {
            Ok(record) => access::may_read(actor, &record.complaint),
            Err(StoreError::NotFound) => false,
            Err(other) => return Err(other.into()),
        };
        seen.insert(id, may);
    }
    Ok(seen)
}

/// A required date typed as `YYYY-MM-DD`.
pub(crate) fn date(field: &str, raw: &str, what: &str) -> Result<Date> {
    match raw.trim() {
        "" => Err(AppError::field(field, format!("Enter {what}"))),
        raw => raw.parse().map_err(|_| AppError::field(field, format!("\"{raw}\" is not a date: use YYYY-MM-DD"))),
    }
}

/// A choice typed as its slug, e.g. `partly-upheld`.
pub(crate) fn choice<T: DeserializeOwned>(field: &str, raw: &str, what: &str) -> Result<T> {
    match raw.trim() {
        "" => Err(AppError::field(field, format!("Choose {what}"))),
        raw => serde_json::from_value(serde_json::Value::String(raw.to_owned()))
            .map_err(|_| AppError::field(field, format!("\"{raw}\" is not a known {what}"))),
    }
}

/// A record id typed in a form.
pub(crate) fn id(field: &str, raw: &str, what: &str) -> Result<i64> {
    match raw.trim() {
        "" => Err(AppError::field(field, format!("Enter {what}"))),
        raw => raw.parse().map_err(|_| AppError::field(field, format!("\"{raw}\" is not a record number"))),
    }
}

pub(crate) fn stale(what: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::StaleVersion => AppError::StaleEdit(what),
        other => other.into(),
    }
}

/// An active user holding `role`, at `site_id` if there is one, else any.
pub(crate) async fn someone_with(work: &mut Work, role: Role, site_id: Option<i64>) -> Result<Option<i64>> {
    let found: Vec<_> = users::list(&mut work.tx).await?.into_iter().filter(|u| u.active && u.roles.contains(role)).collect();
    Ok(found.iter().find(|u| site_id.is_some() && u.site_id == site_id).or_else(|| found.first()).map(|u| u.id))
}

pub(crate) async fn add_task(work: &mut Work, task: &NewTask) -> Result<i64> {
    let now = work.now;
    Ok(tasks::insert(&mut work.tx, task, now).await?)
}
