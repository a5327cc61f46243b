//! The complaints procedure in force, as a policy: the built-in detention
//! preset until an administrator chooses another preset or changes its
//! numbers (time limits, the in-time months, the reference format). Every
//! change is checked by the domain, versioned and audited with what changed;
//! a complaint keeps the version it was logged under, so a change applies
//! to new complaints only.

use crate::policies::{self, InForce};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::Roles;
use casebook_domain::complaints::reference::ReferenceFormat;
use casebook_domain::complaints::{Procedure, preset_detention, presets};
use casebook_domain::deadlines::{Period, PeriodUnit};
use casebook_domain::validation::FieldErrors;
use casebook_store::Tx;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The policy key the procedure is saved under.
pub const PROCEDURE_KEY: &str = "complaints.procedure";

/// One time limit's numbers, named by the limit's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitNumbers {
    pub key: String,
    pub period: Period,
    /// The period when the complaint needs translating; `None` for none.
    pub translated_period: Option<Period>,
}

/// The numbers an administrator may change without touching the rules'
/// shape. Limits left out keep their numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Numbers {
    pub limits: Vec<LimitNumbers>,
    pub in_time_months: u32,
    pub reference_format: String,
}

impl Numbers {
    pub fn of(procedure: &Procedure) -> Numbers {
        Numbers {
            limits: procedure
                .limits
                .iter()
                .map(|l| LimitNumbers { key: l.key.clone(), period: l.period, translated_period: l.translated_period })
                .collect(),
            in_time_months: procedure.in_time.months,
            reference_format: procedure.reference_format.as_str().to_owned(),
        }
    }
}

/// The procedure in force inside a transaction, for the use cases that
/// apply it (the box log here, complaints when they are logged).
pub async fn in_force(tx: &mut Tx) -> Result<InForce<Procedure>> {
    policies::load(tx, PROCEDURE_KEY, preset_detention::preset).await
}

/// The procedure in force, for anyone who handles complaints.
pub async fn active(app: &App, actor: &Actor) -> Result<InForce<Procedure>> {
    actor.require(Roles::COMPLAINT_PROCEDURE_READERS)?;
    let mut tx = app.db.read().await?;
    in_force(&mut tx).await
}

/// Makes the built-in preset `key` the procedure in force.
pub async fn choose_preset(app: &App, actor: &Actor, key: &str, expected_version: Option<i64>) -> Result<i64> {
    actor.require(Roles::ADMINISTRATORS)?;
    let preset = presets()
        .into_iter()
        .find(|p| p.key == key.trim())
        .ok_or_else(|| AppError::field("preset", format!("Choose one of the built-in procedures, not \"{}\"", key.trim())))?;
    let mut work = app.begin(actor).await?;
    let was = current(&mut work.tx, expected_version).await?;
    let version = save(&mut work, &preset, expected_version).await?;
    work.record(
        "complaint_procedure.preset_chosen",
        "policy",
        Some(PROCEDURE_KEY.to_owned()),
        format!("Complaints procedure set to \"{}\" (was \"{}\"), version {version}", preset.name, was.name),
    );
    work.commit().await?;
    Ok(version)
}

/// Changes the numbers of the procedure in force; refused unless the whole
/// procedure still validates, and when nothing would change.
pub async fn change_numbers(app: &App, actor: &Actor, numbers: &Numbers, expected_version: Option<i64>) -> Result<i64> {
    actor.require(Roles::ADMINISTRATORS)?;
    let mut work = app.begin(actor).await?;
    let was = current(&mut work.tx, expected_version).await?;
    let (changed, changes) = apply(&was, numbers)?;
    if changes.is_empty() {
        return Err(AppError::field("limits", "Nothing was changed: change at least one number"));
    }
    let version = save(&mut work, &changed, expected_version).await?;
    work.record(
        "complaint_procedure.numbers_changed",
        "policy",
        Some(PROCEDURE_KEY.to_owned()),
        format!("Complaints procedure \"{}\" version {version}: {}", changed.name, changes.join("; ")),
    );
    work.commit().await?;
    Ok(version)
}

/// The procedure in force, if it is still the version the editor read:
/// a stale edit is refused before its numbers are judged against a
/// procedure the editor never saw.
async fn current(tx: &mut Tx, expected_version: Option<i64>) -> Result<Procedure> {
    let in_force = in_force(tx).await?;
    if in_force.version() != expected_version {
        return Err(AppError::StaleEdit("the complaints procedure"));
    }
    Ok(in_force.policy)
}

async fn save(work: &mut Work, procedure: &Procedure, expected_version: Option<i64>) -> Result<i64> {
    policies::replace(work, PROCEDURE_KEY, procedure, expected_version).await.map_err(|e| match e {
        AppError::StaleEdit(_) => AppError::StaleEdit("the complaints procedure"),
        other => other,
    })
}

/// `procedure` with `numbers` applied, checked, and each change described
/// as "what: old → new".
pub fn apply(procedure: &Procedure, numbers: &Numbers) -> std::result::Result<(Procedure, Vec<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut next = procedure.clone();
    let mut changes = Vec::new();
    match ReferenceFormat::parse(&numbers.reference_format) {
        Ok(format) if format != procedure.reference_format => {
            changes.push(format!("reference format: {} → {}", procedure.reference_format.as_str(), format.as_str()));
            next.reference_format = format;
        }
        Ok(_) => {}
        Err(e) => errors.add("reference_format", e.to_string()),
    }
    if numbers.in_time_months != procedure.in_time.months {
        changes.push(format!("{}: {} months → {} months", procedure.in_time.label, procedure.in_time.months, numbers.in_time_months));
        next.in_time.months = numbers.in_time_months;
    }
    for edit in &numbers.limits {
        let Some(limit) = next.limits.iter_mut().find(|l| l.key == edit.key) else {
            errors.add("limits", format!("There is no time limit \"{}\" in this procedure", edit.key));
            continue;
        };
        if edit.period != limit.period {
            changes.push(format!("{}: {} → {}", limit.label, limit.period, edit.period));
            limit.period = edit.period;
        }
        if edit.translated_period != limit.translated_period {
            let show = |p: Option<Period>| p.map_or_else(|| "none".to_owned(), |p| p.to_string());
            changes.push(format!("{} with translation: {} → {}", limit.label, show(limit.translated_period), show(edit.translated_period)));
            limit.translated_period = edit.translated_period;
        }
    }
    // Report the domain's checks too, so every mistake shows at once.
    if let Err(invalid) = next.validate() {
        for e in invalid.iter() {
            errors.add(&e.field, e.message.clone());
        }
    }
    errors.into_result((next, changes))
}

// ---- the numbers form -----------------------------------------------------------

/// The form's field for a limit's period amount; the unit is `{field}.unit`.
/// Named like the domain's validation paths so its errors land on the field.
pub fn period_field(index: usize) -> String {
    format!("limits[{}].period", index + 1)
}

pub fn translated_field(index: usize) -> String {
    format!("limits[{}].translated_period", index + 1)
}

pub const IN_TIME_FIELD: &str = "in_time.months";
pub const REFERENCE_FIELD: &str = "reference_format";

pub fn unit_slug(unit: PeriodUnit) -> &'static str {
    match unit {
        PeriodUnit::WorkingDays => "working-days",
        PeriodUnit::CalendarDays => "calendar-days",
        PeriodUnit::Weeks => "weeks",
        PeriodUnit::Hours => "hours",
    }
}

pub const UNITS: [PeriodUnit; 4] = [PeriodUnit::WorkingDays, PeriodUnit::CalendarDays, PeriodUnit::Weeks, PeriodUnit::Hours];

/// The numbers typed into the form for `procedure`'s limits, in its order.
/// A blank translation amount means no translation period.
pub fn numbers_from_form(procedure: &Procedure, fields: &HashMap<String, String>) -> Result<Numbers> {
    let mut errors = FieldErrors::new();
    let get = |name: &str| fields.get(name).map(|s| s.trim()).unwrap_or("");
    let mut limits = Vec::new();
    for (i, limit) in procedure.limits.iter().enumerate() {
        let period =
            read_period(&mut errors, &period_field(i), get(&period_field(i)), get(&format!("{}.unit", period_field(i))), &limit.label);
        let translated_raw = get(&translated_field(i));
        let translated = if translated_raw.is_empty() {
            Some(None)
        } else {
            let unit = get(&format!("{}.unit", translated_field(i)));
            read_period(&mut errors, &translated_field(i), translated_raw, unit, &format!("{} with translation", limit.label)).map(Some)
        };
        if let (Some(period), Some(translated_period)) = (period, translated) {
            limits.push(LimitNumbers { key: limit.key.clone(), period, translated_period });
        }
    }
    let in_time_months = match get(IN_TIME_FIELD).parse::<u32>() {
        Ok(months) => months,
        Err(_) => {
            errors.add(IN_TIME_FIELD, "Enter the in-time rule as a whole number of months");
            0
        }
    };
    let numbers = Numbers { limits, in_time_months, reference_format: get(REFERENCE_FIELD).to_owned() };
    errors.into_result(numbers).map_err(AppError::from)
}

fn read_period(errors: &mut FieldErrors, field: &str, amount: &str, unit: &str, label: &str) -> Option<Period> {
    let Ok(amount) = amount.parse::<u32>() else {
        errors.add(field, format!("Enter {label} as a whole number"));
        return None;
    };
    let Some(unit) = UNITS.into_iter().find(|u| unit_slug(*u) == unit) else {
        errors.add(field, format!("Choose the unit for {label}"));
        return None;
    };
    Some(Period { amount, unit })
}
