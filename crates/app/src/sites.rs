//! Sites and their closure days, managed by administrators.

use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::{Division, NonWorkingReason, WorkingCalendar};
use casebook_domain::nation::Nation;
use casebook_domain::site::{SiteKind, parse_site_code};
use casebook_domain::validation::{FieldErrors, required_text};
use casebook_store::StoreError;
use casebook_store::closures::{self, ClosureDay};
use casebook_store::sites::{self, SiteFields, SiteRecord};
use jiff::civil::Date;

#[derive(Debug, Clone, Default)]
pub struct SiteForm {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub nation: String,
    pub active: bool,
}

fn parse(form: &SiteForm) -> Result<SiteFields> {
    let mut errors = FieldErrors::new();
    let code = errors.check("code", parse_site_code(&form.code));
    let name = errors.check("name", required_text(&form.name, "a site name", 120));
    let kind = if form.kind.is_empty() {
        errors.add("kind", "Select the kind of site");
        None
    } else {
        errors.check("kind", form.kind.parse::<SiteKind>())
    };
    let nation = if form.nation.is_empty() {
        errors.add("nation", "Select the nation the site is in");
        None
    } else {
        errors.check("nation", form.nation.parse::<Nation>())
    };
    match (code, name, kind, nation) {
        (Some(code), Some(name), Some(kind), Some(nation)) if errors.is_empty() => {
            Ok(SiteFields { code, name, kind, nation, active: form.active })
        }
        _ => Err(errors.into()),
    }
}

fn clash(e: StoreError, fields: &SiteFields) -> AppError {
    if e.is_conflict_on("sites", "code") {
        AppError::field("code", format!("There is already a site with the code {}", fields.code))
    } else if e.is_conflict_on("sites", "name") {
        AppError::field("name", format!("There is already a site called {}", fields.name))
    } else {
        e.into()
    }
}

pub async fn create(app: &App, actor: &Actor, form: &SiteForm) -> Result<SiteRecord> {
    actor.require(Roles::ADMINISTRATORS)?;
    let fields = parse(form)?;
    let mut work = app.begin(actor).await?;
    let now = work.now;
    let id = sites::insert(&mut work.tx, &fields, now).await.map_err(|e| clash(e, &fields))?;
    work.record(
        "site.created",
        "site",
        Some(id.to_string()),
        format!("created site {} {} ({}, {})", fields.code, fields.name, fields.kind.slug(), fields.nation.slug()),
    );
    let site = sites::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(site)
}

pub async fn update(app: &App, actor: &Actor, id: i64, version: i64, form: &SiteForm) -> Result<SiteRecord> {
    actor.require(Roles::ADMINISTRATORS)?;
    let fields = parse(form)?;
    let mut work = app.begin(actor).await?;
    let before = sites::get(&mut work.tx, id).await.map_err(|_| AppError::NotFound("site"))?;
    sites::update(&mut work.tx, id, version, &fields).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::StaleEdit("This site"),
        other => clash(other, &fields),
    })?;
    let mut changes = Vec::new();
    if before.code != fields.code {
        changes.push(format!("code {} → {}", before.code, fields.code));
    }
    if before.name != fields.name {
        changes.push(format!("name {:?} → {:?}", before.name, fields.name));
    }
    if before.kind != fields.kind {
        changes.push(format!("kind {} → {}", before.kind, fields.kind));
    }
    if before.nation != fields.nation {
        changes.push(format!("nation {} → {}", before.nation, fields.nation));
    }
    if before.active != fields.active {
        changes.push(if fields.active { "reopened".into() } else { "closed".into() });
    }
    work.record(
        "site.updated",
        "site",
        Some(id.to_string()),
        format!("{}: {}", fields.code, if changes.is_empty() { "no changes".into() } else { changes.join("; ") }),
    );
    let site = sites::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(site)
}

pub async fn list(app: &App) -> Result<Vec<SiteRecord>> {
    let mut tx = app.db.read().await?;
    Ok(sites::list(&mut tx).await?)
}

pub async fn get(app: &App, id: i64) -> Result<SiteRecord> {
    let mut tx = app.db.read().await?;
    sites::get(&mut tx, id).await.map_err(|_| AppError::NotFound("site"))
}

/// A site's working-day calendar: its nation's bank holidays plus its closures.
pub async fn calendar(app: &App, site_id: i64) -> Result<WorkingCalendar> {
    let mut tx = app.db.read().await?;
    let site = sites::get(&mut tx, site_id).await.map_err(|_| AppError::NotFound("site"))?;
    let closed = closures::for_site(&mut tx, site_id, None).await?;
    Ok(WorkingCalendar::new(Division::from(site.nation)).with_closures(closed.into_iter().map(|c| c.closed_on)))
}

pub async fn closures(app: &App, site_id: i64, year: Option<i16>) -> Result<Vec<ClosureDay>> {
    let mut tx = app.db.read().await?;
    sites::get(&mut tx, site_id).await.map_err(|_| AppError::NotFound("site"))?;
    Ok(closures::for_site(&mut tx, site_id, year).await?)
}

/// Adds a closure day. A day that is already not a working day (a weekend
/// or bank holiday) is refused: it would change nothing and mislead.
pub async fn add_closure(app: &App, actor: &Actor, site_id: i64, date: &str, reason: &str) -> Result<ClosureDay> {
    actor.require(Roles::ADMINISTRATORS)?;
    let mut errors = FieldErrors::new();
    let date = match date.trim() {
        "" => {
            errors.add("closed_on", "Enter the date the site is closed");
            None
        }
        raw => errors.check("closed_on", raw.parse::<Date>().map_err(|_| "Enter a real date, like 2026-12-24")),
    };
    let reason = errors.check("reason", required_text(reason, "a reason for the closure", 200));
    let mut work = app.begin(actor).await?;
    let site = sites::get(&mut work.tx, site_id).await.map_err(|_| AppError::NotFound("site"))?;
    if let Some(d) = date {
        match WorkingCalendar::new(Division::from(site.nation)).non_working_reason(d) {
            Some(NonWorkingReason::Weekend) => errors.add("closed_on", format!("{d} is a weekend, which is never a working day")),
            Some(NonWorkingReason::BankHoliday(title)) => {
                errors.add("closed_on", format!("{d} is already a bank holiday ({title}) in {}", site.nation.label()))
            }
            _ => {}
        }
    }
    let (Some(date), Some(reason)) = (date, reason) else { return Err(errors.into()) };
    errors.into_result(())?;
    let now = work.now;
    let id = closures::insert(&mut work.tx, site_id, date, &reason, now).await.map_err(|e| match e {
        StoreError::Conflict { .. } => AppError::field("closed_on", format!("{} is already recorded as closed on {date}", site.name)),
        other => other.into(),
    })?;
    work.record("closure.added", "site", Some(site_id.to_string()), format!("{} closed on {date}: {reason}", site.code));
    work.commit().await?;
    Ok(ClosureDay { id, site_id, closed_on: date, reason })
}

pub async fn remove_closure(app: &App, actor: &Actor, site_id: i64, closure_id: i64) -> Result<()> {
    actor.require(Roles::ADMINISTRATORS)?;
    let mut work = app.begin(actor).await?;
    let removed = closures::delete(&mut work.tx, site_id, closure_id).await.map_err(|_| AppError::NotFound("closure day"))?;
    work.record(
        "closure.removed",
        "site",
        Some(site_id.to_string()),
        format!("no longer closed on {}: {}", removed.closed_on, removed.reason),
    );
    work.commit().await
}
