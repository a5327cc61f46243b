//! Staff complained about (seed 002 paras 50–51): the officers a complaint
//! names, who need not be Casebook users; the rolling count of complaints
//! substantiated against each, with the rule that three or more in a year
//! raises a review (para 50: "consider whether further action such as
//! additional training is required"); and the suspension of an officer's
//! certification pending a serious-misconduct investigation, its appeal,
//! and the recommendation to the certification team at the end.
//!
//! The rolling year is the 365 days ending on and including a date, so
//! across 29 February it begins one day later in the month than usual
//! (ending 1 March 2028 it starts 3 March 2027, not 2 March).

use crate::calendar::london_date;
use crate::validation::{FieldErrors, required_text};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const TEXT_MAX: usize = 2_000;
const NAME_MAX: usize = 200;
const IDENTIFIER_MAX: usize = 64;

/// An officer complained about: a detainee custody officer, escort or
/// member of Home Office staff, known by name, number and employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub name: String,
    /// Staff or certification number, or whatever the employer uses.
    pub identifier: String,
    pub employer: String,
}

impl Officer {
    pub fn parse(name: &str, identifier: &str, employer: &str) -> Result<Officer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", required_text(name, "the officer's name", NAME_MAX));
        let identifier = errors.check("identifier", required_text(identifier, "the officer's number", IDENTIFIER_MAX));
        let employer = errors.check("employer", required_text(employer, "the officer's employer", NAME_MAX));
        match (name, identifier, employer) {
            (Some(name), Some(identifier), Some(employer)) => Ok(Officer { name, identifier, employer }),
            _ => Err(errors),
        }
    }
}

/// The finding against one officer on one complaint: one of para 48's
/// outcomes, the same three a response records.
pub type Finding = super::response::Outcome;

/// One complaint's finding against one officer, dated when it was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerFinding {
    pub officer_id: i64,
    pub complaint_id: i64,
    pub finding: Finding,
    pub decided_on: Date,
}

/// When an officer's record calls for a review: policy, not code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRule {
    pub threshold: u32,
    pub window_days: i32,
    /// Para 50 says "substantiated"; an office may choose to count partly
    /// substantiated complaints too.
    pub count_partially_substantiated: bool,
}

impl Default for ReviewRule {
    /// Three or more substantiated complaints in a rolling year (para 50).
    fn default() -> Self {
        ReviewRule { threshold: 3, window_days: 365, count_partially_substantiated: false }
    }
}

impl ReviewRule {
    /// The first day of the window ending on and including `end`.
    pub fn window_start(&self, end: Date) -> Date {
        end.checked_sub((self.window_days.max(1) - 1).days()).unwrap_or(Date::MIN)
    }

    fn counts(&self, finding: Finding) -> bool {
        match finding {
            Finding::Substantiated => true,
            Finding::PartiallySubstantiated => self.count_partially_substantiated,
            Finding::NotSubstantiated => false,
        }
    }

    fn in_window(&self, f: &OfficerFinding, end: Date) -> bool {
        self.counts(f.finding) && f.decided_on <= end && f.decided_on >= self.window_start(end)
    }
}

/// How many distinct complaints were substantiated against each officer in
/// the window ending on `end` (officers with none are left out). A complaint
/// counts once per officer however many findings it has.
pub fn counts<'a>(findings: impl IntoIterator<Item = &'a OfficerFinding>, end: Date, rule: &ReviewRule) -> BTreeMap<i64, u32> {
    let mut complaints: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for f in findings.into_iter().filter(|f| rule.in_window(f, end)) {
        complaints.entry(f.officer_id).or_default().insert(f.complaint_id);
    }
    complaints.into_iter().map(|(officer, set)| (officer, u32::try_from(set.len()).unwrap_or(u32::MAX))).collect()
}

/// Officers at or over the threshold on `end`, highest count first: the
/// report of officers whose record calls for a review.
pub fn at_or_over_threshold<'a>(findings: impl IntoIterator<Item = &'a OfficerFinding>, end: Date, rule: &ReviewRule) -> Vec<(i64, u32)> {
    let mut over: Vec<(i64, u32)> = counts(findings, end, rule).into_iter().filter(|(_, n)| *n >= rule.threshold).collect();
    over.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    over
}

/// The officers a newly recorded outcome takes from below the threshold to
/// at or over it, counting on `as_of` (the day it is recorded): each needs a
/// review task. Officers already over the threshold are not raised again.
pub fn newly_crossing(history: &[OfficerFinding], new: &[OfficerFinding], as_of: Date, rule: &ReviewRule) -> Vec<i64> {
    let before = counts(history, as_of, rule);
    let after = counts(history.iter().chain(new), as_of, rule);
    let named: BTreeSet<i64> = new.iter().map(|f| f.officer_id).collect();
    named
        .into_iter()
        .filter(|officer| {
            let was = before.get(officer).copied().unwrap_or(0);
            let now = after.get(officer).copied().unwrap_or(0);
            was < rule.threshold && now >= rule.threshold
        })
        .collect()
}

/// What the manager recommends to the certification team at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "recommendation", rename_all = "kebab-case")]
pub enum Recommendation {
    /// Reinstate, or keep, the certification. After a substantiated
    /// complaint the letter may warn that a further one may lead to
    /// revocation (para 50).
    Reinstate {
        warn_of_further_complaints: bool,
    },
    Revoke,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub on: Date,
    pub by: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealDecision {
    pub on: Date,
    pub by: i64,
    /// Upheld: the suspension is lifted while the investigation goes on.
    pub upheld: bool,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    pub lodged_on: Date,
    pub grounds: String,
    pub decision: Option<AppealDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalRecommendation {
    pub on: Date,
    pub by: i64,
    pub finding: Finding,
    pub recommendation: Recommendation,
    pub reason: String,
}

/// One officer's certification through one serious-misconduct
/// investigation (one complaint). A later investigation is a new case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationCase {
    pub officer_id: i64,
    pub complaint_id: i64,
    pub suspension: Option<Suspension>,
    pub appeal: Option<Appeal>,
    pub recommendation: Option<FinalRecommendation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertificationStatus {
    NotSuspended,
    Suspended,
    AppealPending,
    SuspensionLiftedOnAppeal,
    ReinstatementRecommended,
    RevocationRecommended,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum CertificationCommand {
    /// `serious_misconduct`: the complaint is being investigated as serious
    /// misconduct, the only ground for suspension (para 50).
    Suspend {
        on: Date,
        by: i64,
        reason: String,
        serious_misconduct: bool,
    },
    LodgeAppeal {
        on: Date,
        grounds: String,
    },
    DecideAppeal {
        on: Date,
        by: i64,
        upheld: bool,
        reason: String,
    },
    Recommend {
        on: Date,
        by: i64,
        finding: Finding,
        recommendation: Recommendation,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum CertificationEvent {
    Suspended {
        on: Date,
    },
    AppealLodged {
        on: Date,
    },
    AppealDecided {
        on: Date,
        upheld: bool,
    },
    /// To be sent to the head of the certification team.
    Recommended {
        on: Date,
        recommendation: Recommendation,
    },
}

impl CertificationEvent {
    pub fn action(&self) -> &'static str {
        match self {
            CertificationEvent::Suspended { .. } => "officer.certification_suspended",
            CertificationEvent::AppealLodged { .. } => "officer.suspension_appeal_lodged",
            CertificationEvent::AppealDecided { .. } => "officer.suspension_appeal_decided",
            CertificationEvent::Recommended { .. } => "officer.certification_recommendation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificationError {
    #[error("Certification can be suspended only pending a serious-misconduct investigation")]
    NotSeriousMisconduct,
    #[error("The certification is already suspended for this investigation")]
    AlreadySuspended,
    #[error("The certification is not suspended, so there is nothing to appeal")]
    NotSuspended,
    #[error("An appeal against this suspension has already been lodged")]
    AlreadyAppealed,
    #[error("There is no appeal waiting for a decision")]
    NoAppealPending,
    #[error("The appeal is still waiting for a decision: decide it before the final recommendation")]
    AppealPending,
    #[error("The manager who suspended the certification cannot decide the appeal against it")]
    AppealDecidedBySuspender,
    #[error("Revocation can be recommended only when the complaint is substantiated, wholly or in part")]
    RevokeNotSubstantiated,
    #[error("A warning about further complaints goes only with a substantiated complaint")]
    WarningNotSubstantiated,
    #[error("The recommendation has been made; this investigation's record is closed")]
    Concluded,
    #[error("The date, {date}, is before {before} on {earliest}")]
    TooEarly { date: Date, before: &'static str, earliest: Date },
    #[error("The date, {0}, is in the future")]
    InFuture(Date),
    #[error("{message}")]
    Text { field: &'static str, message: String },
}

impl CertificationError {
    pub fn field(&self) -> &'static str {
        match self {
            CertificationError::TooEarly { .. } | CertificationError::InFuture(_) => "on",
            CertificationError::Text { field, .. } => field,
            CertificationError::AppealDecidedBySuspender => "by",
            CertificationError::RevokeNotSubstantiated | CertificationError::WarningNotSubstantiated => "recommendation",
            CertificationError::NotSeriousMisconduct => "complaint",
            CertificationError::AlreadySuspended
            | CertificationError::NotSuspended
            | CertificationError::AlreadyAppealed
            | CertificationError::NoAppealPending
            | CertificationError::AppealPending
            | CertificationError::Concluded => "status",
        }
    }
}

impl CertificationCase {
    pub fn new(officer_id: i64, complaint_id: i64) -> Self {
        CertificationCase { officer_id, complaint_id, suspension: None, appeal: None, recommendation: None }
    }

    pub fn status(&self) -> CertificationStatus {
        match (&self.recommendation, &self.suspension, &self.appeal) {
            (Some(r), ..) => match r.recommendation {
                Recommendation::Revoke => CertificationStatus::RevocationRecommended,
                Recommendation::Reinstate { .. } => CertificationStatus::ReinstatementRecommended,
            },
            (None, None, _) => CertificationStatus::NotSuspended,
            (None, Some(_), None) => CertificationStatus::Suspended,
            (None, Some(_), Some(Appeal { decision: None, .. })) => CertificationStatus::AppealPending,
            (None, Some(_), Some(Appeal { decision: Some(d), .. })) => {
                if d.upheld {
                    CertificationStatus::SuspensionLiftedOnAppeal
                } else {
                    CertificationStatus::Suspended
                }
            }
        }
    }

    /// The latest date recorded, which the next step may not precede.
    fn last_step(&self) -> Option<(&'static str, Date)> {
        let appeal = self.appeal.as_ref();
        [
            ("the suspension", self.suspension.as_ref().map(|s| s.on)),
            ("the appeal", appeal.map(|a| a.lodged_on)),
            ("the appeal decision", appeal.and_then(|a| a.decision.as_ref()).map(|d| d.on)),
        ]
        .into_iter()
        .rev()
        .find_map(|(what, on)| on.map(|on| (what, on)))
    }
}

/// Applies a step, dated by the manager but never after today (London,
/// from `now`) nor before the step it follows.
pub fn decide(
    state: &CertificationCase,
    command: CertificationCommand,
    now: Timestamp,
) -> Result<(CertificationCase, CertificationEvent), CertificationError> {
    if state.recommendation.is_some() {
        return Err(CertificationError::Concluded);
    }
    let today = london_date(now);
    let status = state.status();
    let mut next = state.clone();
    let event = match command {
        CertificationCommand::Suspend { on, by, reason, serious_misconduct } => {
            if !serious_misconduct {
                return Err(CertificationError::NotSeriousMisconduct);
            }
            if state.suspension.is_some() {
                return Err(CertificationError::AlreadySuspended);
            }
            check_date(state, on, today)?;
            next.suspension = Some(Suspension { on, by, reason: text("reason", &reason, "the reason for the suspension")? });
            CertificationEvent::Suspended { on }
        }
        CertificationCommand::LodgeAppeal { on, grounds } => {
            match status {
                CertificationStatus::Suspended if state.appeal.is_none() => {}
                CertificationStatus::NotSuspended => return Err(CertificationError::NotSuspended),
                _ => return Err(CertificationError::AlreadyAppealed),
            }
            check_date(state, on, today)?;
            next.appeal = Some(Appeal { lodged_on: on, grounds: text("grounds", &grounds, "the grounds of appeal")?, decision: None });
            CertificationEvent::AppealLodged { on }
        }
        CertificationCommand::DecideAppeal { on, by, upheld, reason } => {
            let (Some(suspension), Some(appeal)) = (&state.suspension, &state.appeal) else {
                return Err(CertificationError::NoAppealPending);
            };
            if appeal.decision.is_some() {
                return Err(CertificationError::NoAppealPending);
            }
            // A fresh pair of eyes: the appeal is against this manager's decision.
            if by == suspension.by {
                return Err(CertificationError::AppealDecidedBySuspender);
            }
            check_date(state, on, today)?;
            let reason = text("reason", &reason, "the reason for the appeal decision")?;
            next.appeal = Some(Appeal { decision: Some(AppealDecision { on, by, upheld, reason }), ..appeal.clone() });
            CertificationEvent::AppealDecided { on, upheld }
        }
        CertificationCommand::Recommend { on, by, finding, recommendation, reason } => {
            if status == CertificationStatus::AppealPending {
                return Err(CertificationError::AppealPending);
            }
            match recommendation {
                Recommendation::Revoke if !finding.upheld_in_part_or_whole() => return Err(CertificationError::RevokeNotSubstantiated),
                Recommendation::Reinstate { warn_of_further_complaints: true } if !finding.upheld_in_part_or_whole() => {
                    return Err(CertificationError::WarningNotSubstantiated);
                }
                _ => {}
            }
            check_date(state, on, today)?;
            let reason = text("reason", &reason, "the reason for the recommendation")?;
            next.recommendation = Some(FinalRecommendation { on, by, finding, recommendation, reason });
            CertificationEvent::Recommended { on, recommendation }
        }
    };
    Ok((next, event))
}

fn check_date(state: &CertificationCase, on: Date, today: Date) -> Result<(), CertificationError> {
    if let Some((before, earliest)) = state.last_step()
        && on < earliest
    {
        return Err(CertificationError::TooEarly { date: on, before, earliest });
    }
    if on > today {
        return Err(CertificationError::InFuture(on));
    }
    Ok(())
}

fn text(field: &'static str, raw: &str, what: &str) -> Result<String, CertificationError> {
    required_text(raw, what, TEXT_MAX).map_err(|message| CertificationError::Text { field, message })
}

#[cfg(test)]
#[path = "officers_tests.rs"]
mod tests;
