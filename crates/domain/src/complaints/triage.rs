//! Triage: what the complaints unit decides on receipt (detention order
//! paras 7, 8, 11, 19, 44 and 45), as a pure function of the procedure.
//!
//! The clerk chooses the category, says whether the matter is out of scope,
//! urgent or must be referred, and (for a late complaint the procedure lets
//! the unit judge) whether to accept it and why. [`triage`] checks all of it
//! against the procedure and returns a [`TriageDecision`] the workflow
//! applies: investigate, refuse as out of time, redirect, or (healthcare in
//! England) pass to the healthcare manager keeping only name and date.

use super::procedure::{LetterKind, OutOfTimeHandling, Procedure, RecordKeeping, Setting};
use crate::nation::Nation;
use crate::validation::{FieldErrors, required_text};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

const REASON_MAX: usize = 2_000;
const REFERENCE_MAX: usize = 100;

/// The unit's judgement on a late complaint, needed only when the
/// procedure leaves it to discretion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfTimeDecision {
    pub accept: bool,
    pub reason: String,
}

/// A referral the clerk makes, by the procedure's trigger key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralInput {
    pub trigger: String,
    /// E.g. the crime reference number; required when the trigger names one.
    pub reference: String,
}

/// What the clerk chose at triage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageInput {
    pub category: String,
    pub subcategory: Option<String>,
    pub out_of_time: Option<OutOfTimeDecision>,
    /// Key of an out-of-scope matter, when the complaint is about one.
    pub out_of_scope: Option<String>,
    /// Keys of urgent matters raised.
    pub urgent: Vec<String>,
    pub referrals: Vec<ReferralInput>,
}

/// What triage needs to know about the complaint itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriageContext {
    /// The site's nation, for the healthcare route.
    pub nation: Nation,
    pub setting: Option<Setting>,
    /// The date the complaint counts as received (for healthcare under the
    /// detention order, the date its translation arrived).
    pub received: Date,
    pub incident: Option<Date>,
    /// When the decision is made: urgent escalations are timed by it.
    pub now: Timestamp,
}

/// The in-time check as recorded with the decision: the last in-time day
/// and the words for the clerk and the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InTimeCheck {
    pub in_time: bool,
    pub last_day: Date,
    pub reason: String,
}

/// Whether the complaint came in time, and what the unit decided if not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Timeliness {
    InTime {
        check: InTimeCheck,
    },
    OutOfTimeAccepted {
        check: InTimeCheck,
        reason: String,
    },
    OutOfTimeRefused {
        check: InTimeCheck,
        reason: String,
    },
    /// Late, but this category is always considered (serious misconduct
    /// always goes to professional standards, para 45).
    AlwaysConsidered {
        check: InTimeCheck,
    },
    /// The in-time rule does not apply to this category, the complaint is
    /// redirected, or (for an always-considered category) no incident date
    /// was given.
    NotChecked,
}

/// A matter sent to another body, and the notice the complainant gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    pub matter: String,
    pub to: String,
    pub notice: String,
}

/// What happens to the complaint next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Disposition {
    /// Logged and allocated to `responders` (the first writes the response).
    Investigate { responders: Vec<String>, records: RecordKeeping },
    /// Refused as out of time; the out-of-time notice goes to the complainant.
    RefusedOutOfTime,
    /// Not handled here: passed to another body with a notice.
    Redirected,
    /// Healthcare in England (para 11): passed to the healthcare manager;
    /// only the complainant's name and the date passed on are kept.
    PassedToHealthcare { to: String },
}

/// An urgent matter escalated at once, with the time it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub matter: String,
    pub to: String,
    pub at: Timestamp,
}

/// A referral made, with its reference when the trigger asks for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub trigger: String,
    pub to: String,
    pub reference: Option<String>,
}

/// The outcome of triage, applied by the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageDecision {
    pub category: String,
    pub subcategory: Option<String>,
    pub timeliness: Timeliness,
    pub disposition: Disposition,
    /// Set when the complaint raised an out-of-scope matter; with
    /// `Disposition::Investigate` the matter is redirected and a category
    /// the procedure still handles is investigated too (an MP's letter
    /// alleging serious misconduct, para 7).
    pub redirect: Option<Redirect>,
    pub escalations: Vec<Escalation>,
    pub referrals: Vec<Referral>,
    /// Referrals the subcategory suggests that the clerk did not make,
    /// shown to them rather than made for them.
    pub suggested_referrals: Vec<String>,
    /// Letters to send now because of triage (out of time, redirect).
    pub notices: Vec<LetterKind>,
}

impl TriageDecision {
    /// Whether the complaint stays with the office for logging and allocation.
    pub fn investigated(&self) -> bool {
        matches!(self.disposition, Disposition::Investigate { .. })
    }
}

/// Checks the clerk's choices against `procedure` and decides. Errors name
/// the fields: `category`, `subcategory`, `setting`, `incident_date`,
/// `out_of_time`, `out_of_time.reason`, `out_of_scope`, `urgent`,
/// `referrals`, `referrals.N.reference`.
pub fn triage(procedure: &Procedure, input: &TriageInput, ctx: TriageContext) -> Result<TriageDecision, FieldErrors> {
    let (category, subcategory) = procedure.classify(input.category.trim(), input.subcategory.as_deref().map(str::trim))?;
    let mut errors = FieldErrors::new();

    let redirect = match input.out_of_scope.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(key) => match procedure.out_of_scope_matter(key) {
            Some(matter) => Some((
                matter.still_handled_as.contains(&category.key),
                Redirect { matter: matter.key.clone(), to: matter.redirect_to.clone(), notice: matter.notice.clone() },
            )),
            None => {
                errors.add("out_of_scope", format!("\"{key}\" is not an out-of-scope matter of {}", procedure.name));
                None
            }
        },
    };
    let redirected_only = matches!(redirect, Some((false, _)));

    let route = procedure.escalation_route(&category.key, ctx.nation).map_err(|e| FieldErrors::single("category", e.to_string()))?;
    let passed_to_healthcare = route.records == RecordKeeping::NameAndDatePassedOn;

    let timeliness = if redirected_only || passed_to_healthcare {
        Some(Timeliness::NotChecked)
    } else {
        timeliness(procedure, category.out_of_time, input.out_of_time.as_ref(), ctx, &mut errors)
    };

    let investigator = match ctx.setting {
        Some(setting) => procedure.investigator(&category.key, setting).ok().flatten(),
        None => category.investigators.iter().find(|i| i.setting.is_none()),
    };
    let responders = match investigator {
        Some(found) if !found.bodies.is_empty() => Some(found.bodies.clone()),
        _ if redirected_only => Some(vec![]),
        _ => {
            errors.add(
                "setting",
                format!("Say where the complaint arose: {} complaints are investigated by different bodies", category.label),
            );
            None
        }
    };

    let escalations = urgent(procedure, &input.urgent, ctx.now, &mut errors);
    let referrals = referrals(procedure, &input.referrals, &mut errors);
    let suggested_referrals = subcategory
        .and_then(|s| s.suggests_referral.clone())
        .filter(|key| !input.referrals.iter().any(|r| r.trigger.trim() == key))
        .into_iter()
        .collect();

    let (Some(timeliness), Some(responders)) = (timeliness, responders) else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    let disposition = if redirected_only {
        Disposition::Redirected
    } else if passed_to_healthcare {
        Disposition::PassedToHealthcare { to: responders.first().cloned().unwrap_or_default() }
    } else if matches!(timeliness, Timeliness::OutOfTimeRefused { .. }) {
        Disposition::RefusedOutOfTime
    } else {
        Disposition::Investigate { responders, records: route.records }
    };
    let mut notices = Vec::new();
    if redirect.is_some() {
        notices.push(LetterKind::Redirect);
    }
    if matches!(timeliness, Timeliness::OutOfTimeRefused { .. }) {
        notices.push(LetterKind::OutOfTime);
    }
    Ok(TriageDecision {
        category: category.key.clone(),
        subcategory: subcategory.map(|s| s.key.clone()),
        timeliness,
        disposition,
        redirect: redirect.map(|(_, r)| r),
        escalations,
        referrals,
        suggested_referrals,
        notices,
    })
}

fn timeliness(
    procedure: &Procedure,
    handling: OutOfTimeHandling,
    decision: Option<&OutOfTimeDecision>,
    ctx: TriageContext,
    errors: &mut FieldErrors,
) -> Option<Timeliness> {
    if handling == OutOfTimeHandling::NotChecked {
        if decision.is_some() {
            errors.add("out_of_time", "This category is not checked for being in time, so it needs no out-of-time decision");
            return None;
        }
        return Some(Timeliness::NotChecked);
    }
    let Some(incident) = ctx.incident else {
        if handling == OutOfTimeHandling::AlwaysConsidered {
            return Some(Timeliness::NotChecked);
        }
        errors.add("incident_date", "Enter the incident date, so Casebook can check the complaint is in time");
        return None;
    };
    let check = match procedure.in_time(incident, ctx.received) {
        Ok(c) => InTimeCheck { in_time: c.in_time, last_day: c.last_day, reason: c.reason },
        Err(e) => {
            errors.add("incident_date", e.to_string());
            return None;
        }
    };
    match (check.in_time, handling, decision) {
        (true, _, None) => Some(Timeliness::InTime { check }),
        (true, _, Some(_)) => {
            errors.add("out_of_time", "The complaint is in time, so it needs no out-of-time decision");
            None
        }
        (false, OutOfTimeHandling::AlwaysConsidered, _) => Some(Timeliness::AlwaysConsidered { check }),
        (false, _, None) => {
            errors.add("out_of_time", format!("{}. Decide whether to accept it and say why", check.reason));
            None
        }
        (false, _, Some(d)) => {
            let reason =
                errors.check("out_of_time.reason", required_text(&d.reason, "the reason for the out-of-time decision", REASON_MAX))?;
            Some(if d.accept { Timeliness::OutOfTimeAccepted { check, reason } } else { Timeliness::OutOfTimeRefused { check, reason } })
        }
    }
}

fn urgent(procedure: &Procedure, keys: &[String], now: Timestamp, errors: &mut FieldErrors) -> Vec<Escalation> {
    let mut out: Vec<Escalation> = Vec::new();
    for key in keys.iter().map(|k| k.trim()) {
        match procedure.urgent_matter(key) {
            Some(_) if out.iter().any(|e| e.matter == key) => {}
            Some(matter) => out.push(Escalation { matter: matter.key.clone(), to: matter.escalate_to.clone(), at: now }),
            None => errors.add("urgent", format!("\"{key}\" is not an urgent matter of {}", procedure.name)),
        }
    }
    out
}

fn referrals(procedure: &Procedure, inputs: &[ReferralInput], errors: &mut FieldErrors) -> Vec<Referral> {
    let mut out: Vec<Referral> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let key = input.trigger.trim();
        let Some(trigger) = procedure.referral(key) else {
            errors.add("referrals", format!("\"{key}\" is not a referral of {}", procedure.name));
            continue;
        };
        if out.iter().any(|r| r.trigger == key) {
            errors.add("referrals", format!("{} is referred twice", trigger.label));
            continue;
        }
        let field = format!("referrals.{i}.reference");
        let reference = match (&trigger.reference_label, input.reference.trim()) {
            (Some(label), "") => {
                errors.add(&field, format!("Enter the {}", label.to_lowercase()));
                continue;
            }
            (_, "") => None,
            (_, raw) => match required_text(raw, "the reference", REFERENCE_MAX) {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.add(&field, e);
                    continue;
                }
            },
        };
        out.push(Referral { trigger: trigger.key.clone(), to: trigger.refer_to.clone(), reference });
    }
    out
}

#[cfg(test)]
#[path = "triage_tests.rs"]
mod tests;
