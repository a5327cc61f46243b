//! Special-category markers and concerns. Markers are read only by the
//! roles that need them (call handlers, managers, senior reviewers) and
//! every read leaves an audit event naming the person, never the content;
//! only managers record or withdraw them. Any front-line member of staff
//! may raise a concern with a manager, which becomes that manager's task.

use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::{Role, Roles};
use casebook_domain::calendar::london_date;
use casebook_domain::safeguarding::{ConcernDraft, MarkerDraft, validate_concern, validate_marker, validate_withdrawal};
use casebook_domain::tasks::TaskKind;
use casebook_domain::validation::FieldErrors;
use casebook_store::people::{self, PersonRecord};
use casebook_store::safeguarding::{self as markers, MarkerRecord};
use casebook_store::tasks::{self, NewTask, TaskRecord};
use casebook_store::{StoreError, contacts, users};

/// A person who stands (not merged away): markers and concerns belong on the survivor.
async fn standing_person(work: &mut Work, person_id: i64) -> Result<PersonRecord> {
    let person = people::get(&mut work.tx, person_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("person"),
        other => other.into(),
    })?;
    if let Some(survivor) = person.merged_into_id {
        return Err(AppError::field("person", format!("This person was merged into person {survivor}: use that record instead")));
    }
    Ok(person)
}

/// Records a marker on a person (managers only).
pub async fn record_marker(app: &App, actor: &Actor, person_id: i64, draft: &MarkerDraft) -> Result<MarkerRecord> {
    actor.require(Roles::MANAGERS)?;
    let mut work = app.begin(actor).await?;
    standing_person(&mut work, person_id).await?;
    let valid = validate_marker(draft, london_date(work.now))?;
    let now = work.now;
    let id = markers::insert(&mut work.tx, person_id, &valid, actor.user_id, now).await?;
    // The kind is itself special-category data: the trail names the marker, not what it says.
    work.record(
        "person.special_category_recorded",
        "person",
        Some(person_id.to_string()),
        format!("recorded special-category marker {id}, review by {}", valid.review_date),
    );
    let record = markers::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}

/// Withdraws a marker with a reason (managers only); it stays on file.
pub async fn withdraw_marker(app: &App, actor: &Actor, marker_id: i64, reason: &str) -> Result<MarkerRecord> {
    actor.require(Roles::MANAGERS)?;
    let mut work = app.begin(actor).await?;
    let marker = markers::get(&mut work.tx, marker_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("marker"),
        other => other.into(),
    })?;
    let reason = validate_withdrawal(marker.is_withdrawn(), reason)?;
    let now = work.now;
    markers::withdraw(&mut work.tx, marker_id, actor.user_id, &reason, now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::field("marker", "This marker has already been withdrawn"),
        other => other.into(),
    })?;
    work.record(
        "person.special_category_withdrawn",
        "person",
        Some(marker.person_id.to_string()),
        format!("withdrew special-category marker {marker_id}"),
    );
    let record = markers::get(&mut work.tx, marker_id).await?;
    work.commit().await?;
    Ok(record)
}

/// A person's markers, current first, for those who need them. The read
/// itself is audited, in the same transaction, so no read goes unrecorded.
pub async fn read_markers(app: &App, actor: &Actor, person_id: i64) -> Result<Vec<MarkerRecord>> {
    actor.require(Roles::SPECIAL_CATEGORY_READERS)?;
    let mut work = app.begin(actor).await?;
    people::get(&mut work.tx, person_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("person"),
        other => other.into(),
    })?;
    let found = markers::for_person(&mut work.tx, person_id).await?;
    work.record("person.special_category_read", "person", Some(person_id.to_string()), "read the special-category markers");
    work.commit().await?;
    Ok(found)
}

/// Raises a concern about a person with a manager, who gets a task to decide
/// how to manage the case (seed 001 (i)).
pub async fn raise_concern(app: &App, actor: &Actor, person_id: i64, draft: &ConcernDraft) -> Result<TaskRecord> {
    actor.require(Roles::FRONT_LINE)?;
    let mut work = app.begin(actor).await?;
    let person = standing_person(&mut work, person_id).await?;
    let concern = validate_concern(draft)?;
    let mut errors = FieldErrors::new();
    match users::get(&mut work.tx, concern.manager_id).await {
        Ok(u) if u.active && u.roles.contains(Role::Manager) => {}
        Ok(_) | Err(StoreError::NotFound) => {
            errors.add("manager_id", format!("There is no active manager with the record number {}", concern.manager_id))
        }
        Err(other) => return Err(other.into()),
    }
    if let Some(contact_id) = concern.contact_id {
        match contacts::get(&mut work.tx, contact_id).await {
            Ok(c) if c.person_id == Some(person_id) => {}
            Ok(_) | Err(StoreError::NotFound) => {
                errors.add("contact_id", format!("Contact {contact_id} is not a contact with this person"))
            }
            Err(other) => return Err(other.into()),
        }
    }
    errors.into_result(())?;
    let task = NewTask {
        assignee_id: concern.manager_id,
        kind: TaskKind::SafeguardingConcern,
        title: format!("Concern about {}", person.display_name),
        detail: concern.noticed,
        person_id: Some(person_id),
        contact_id: concern.contact_id,
        created_by: actor.user_id,
    };
    let now = work.now;
    let id = tasks::insert(&mut work.tx, &task, now).await?;
    work.record(
        "person.concern_raised",
        "person",
        Some(person_id.to_string()),
        format!("raised a safeguarding concern with user {} (task {id})", concern.manager_id),
    );
    let record = tasks::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}
