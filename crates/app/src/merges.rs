//! Merging two records of one person, and undoing it (managers only). Each
//! is one transaction with an audit event on both persons, so either
//! person's trail shows what happened and with whom.

use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::Roles;
use casebook_domain::safeguarding::{MergeError, MergeSide, MergeState, check_merge, check_unmerge, merge_reason};
use casebook_store::merges::{self, MergeRecord, Moved};
use casebook_store::people::{self, PersonRecord};
use casebook_store::{StoreError, frequent_callers};

fn side(p: &PersonRecord) -> MergeSide {
    MergeSide { id: p.id, merged_into_id: p.merged_into_id }
}

fn refused(e: MergeError) -> AppError {
    AppError::Invalid(e.into_field_errors())
}

fn moved(m: Moved) -> String {
    format!("{} contact(s), {} identifier(s), {} name(s), {} marker(s)", m.contacts, m.identifiers, m.names, m.markers)
}

/// The record number of the person to merge in, as typed.
fn merged_id(raw: &str) -> Result<i64> {
    match raw.trim() {
        "" => Err(AppError::field("merged_id", "Enter the record number of the person to merge into this one")),
        raw => raw.parse::<i64>().map_err(|_| AppError::field("merged_id", format!("\"{raw}\" is not a record number"))),
    }
}

/// Both persons, checked against the merge rules.
async fn both(work_tx: &mut casebook_store::Tx, survivor_id: i64, merged_raw: &str) -> Result<(PersonRecord, PersonRecord)> {
    let survivor = people::get(work_tx, survivor_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("person"),
        other => other.into(),
    })?;
    let merged_id = merged_id(merged_raw)?;
    let merged = people::get(work_tx, merged_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::field("merged_id", format!("There is no person with the record number {merged_id}")),
        other => other.into(),
    })?;
    check_merge(side(&survivor), side(&merged)).map_err(refused)?;
    // A flag carries an agreed plan and its history; a merge must not hide it.
    if frequent_callers::get(work_tx, merged.id).await?.is_some_and(|f| f.flag.active().is_some()) {
        return Err(AppError::field(
            "merged_id",
            format!(
                "{} is flagged as a frequent caller: lift that flag (and flag the surviving record if still needed) before merging",
                merged.display_name
            ),
        ));
    }
    Ok((survivor, merged))
}

/// The two persons a merge would join, for the confirmation page; saves nothing.
pub async fn preview_merge(app: &App, actor: &Actor, survivor_id: i64, merged_raw: &str) -> Result<(PersonRecord, PersonRecord)> {
    actor.require(Roles::MANAGERS)?;
    let mut tx = app.db.read().await?;
    both(&mut tx, survivor_id, merged_raw).await
}

/// Merges the person `merged_raw` names into `survivor_id`, moving their
/// contacts, identifiers, names and markers to the survivor.
pub async fn merge_persons(app: &App, actor: &Actor, survivor_id: i64, merged_raw: &str, reason: &str) -> Result<MergeRecord> {
    actor.require(Roles::MANAGERS)?;
    let mut work = app.begin(actor).await?;
    let (survivor, merged) = both(&mut work.tx, survivor_id, merged_raw).await?;
    let reason = merge_reason(reason).map_err(refused)?;
    let now = work.now;
    let (id, counts) =
        merges::merge(&mut work.tx, survivor.id, merged.id, &reason, actor.user_id, now).await.map_err(|e| stale(e, "person"))?;
    let summary = format!("merged person {} into person {} (merge {id}): moved {}", merged.id, survivor.id, moved(counts));
    record_both(&mut work, "person.merged", survivor.id, merged.id, &summary);
    let record = merges::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}

/// Undoes a merge: exactly the rows it moved go back, and the merged person stands again.
pub async fn unmerge(app: &App, actor: &Actor, merge_id: i64, reason: &str) -> Result<MergeRecord> {
    actor.require(Roles::MANAGERS)?;
    let mut work = app.begin(actor).await?;
    let merge = merges::get(&mut work.tx, merge_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("merge"),
        other => other.into(),
    })?;
    let survivor = people::get(&mut work.tx, merge.survivor_id).await?;
    let merged = people::get(&mut work.tx, merge.merged_id).await?;
    let state = MergeState { survivor: side(&survivor), merged: side(&merged), undone: merge.unmerged.is_some() };
    let reason = check_unmerge(state, reason).map_err(refused)?;
    let now = work.now;
    let counts = merges::unmerge(&mut work.tx, merge_id, &reason, actor.user_id, now).await.map_err(|e| stale(e, "merge"))?;
    let summary =
        format!("undid merge {merge_id}: person {} separated from person {}; moved back {}", merged.id, survivor.id, moved(counts));
    record_both(&mut work, "person.unmerged", survivor.id, merged.id, &summary);
    let record = merges::get(&mut work.tx, merge_id).await?;
    work.commit().await?;
    Ok(record)
}

/// The merges a person took part in, newest first (for the managers' panel).
pub async fn merges_for_person(app: &App, actor: &Actor, person_id: i64) -> Result<Vec<MergeRecord>> {
    actor.require(Roles::MANAGERS)?;
    let mut tx = app.db.read().await?;
    Ok(merges::for_person(&mut tx, person_id).await?)
}

fn stale(e: StoreError, what: &'static str) -> AppError {
    match e {
        StoreError::StaleVersion => AppError::StaleEdit(if what == "merge" { "the merge" } else { "the person" }),
        other => other.into(),
    }
}

/// One event on each person, so each one's trail shows the other.
fn record_both(work: &mut Work, action: &str, survivor_id: i64, merged_id: i64, summary: &str) {
    work.record(action, "person", Some(survivor_id.to_string()), summary);
    work.record(action, "person", Some(merged_id.to_string()), summary);
}
