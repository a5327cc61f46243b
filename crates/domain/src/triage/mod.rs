//! THRIVE triage: a structured assessment of threat, harm, risk,
//! investigation, vulnerability and engagement that proposes a grade by an
//! office's own rules; the handler accepts it or overrides it with a reason.
//!
//! The rules are data ([`GradingPolicy`]) because grade sets and triggers
//! differ between forces; checklists inform, never replace, the handler's
//! judgement (College of Policing), hence the override.

mod draft;
mod policy;

pub use draft::{RulesInForce, Triage, TriageDraft, validate_triage};
pub use policy::{Condition, GradingPolicy, GradingRule, Proposal, propose};

use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Factor {
    Threat,
    Harm,
    Risk,
    Investigation,
    Vulnerability,
    Engagement,
}

impl Factor {
    pub const ALL: [Factor; 6] =
        [Factor::Threat, Factor::Harm, Factor::Risk, Factor::Investigation, Factor::Vulnerability, Factor::Engagement];

    pub fn slug(self) -> &'static str {
        match self {
            Factor::Threat => "threat",
            Factor::Harm => "harm",
            Factor::Risk => "risk",
            Factor::Investigation => "investigation",
            Factor::Vulnerability => "vulnerability",
            Factor::Engagement => "engagement",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Factor::Threat => "Threat",
            Factor::Harm => "Harm",
            Factor::Risk => "Risk",
            Factor::Investigation => "Investigation",
            Factor::Vulnerability => "Vulnerability",
            Factor::Engagement => "Engagement",
        }
    }

    /// The question the handler asks (domain reference A1).
    pub fn question(self) -> &'static str {
        match self {
            Factor::Threat => "Who or what is threatened, by whom, and what happens if nobody acts?",
            Factor::Harm => "What harm follows if the threat is realised or things deteriorate?",
            Factor::Risk => "How likely is that harm, including before anyone arrives?",
            Factor::Investigation => "Are lines of enquiry or evidence at risk? Who should investigate, and how?",
            Factor::Vulnerability => "Is someone unable to protect themselves or others from harm or exploitation?",
            Factor::Engagement => "What contact does the person or incident need?",
        }
    }
}

crate::slug::slug_enum_traits!(Factor, UnknownFactor, "THRIVE factor");

/// How serious one factor is. Ordered, so rules can say "at least Medium".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    None,
    Low,
    Medium,
    High,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::None, Level::Low, Level::Medium, Level::High];

    pub fn slug(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::None => "None",
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
        }
    }
}

crate::slug::slug_enum_traits!(Level, UnknownLevel, "level");

/// The national grades of England and Wales; 1 is the most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    Emergency = 1,
    Priority = 2,
    Scheduled = 3,
    ResolutionWithoutDeployment = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Emergency, Grade::Priority, Grade::Scheduled, Grade::ResolutionWithoutDeployment];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn slug(self) -> &'static str {
        match self {
            Grade::Emergency => "emergency",
            Grade::Priority => "priority",
            Grade::Scheduled => "scheduled",
            Grade::ResolutionWithoutDeployment => "resolution-without-deployment",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Emergency => "Grade 1: Emergency",
            Grade::Priority => "Grade 2: Priority",
            Grade::Scheduled => "Grade 3: Scheduled",
            Grade::ResolutionWithoutDeployment => "Grade 4: Resolution without deployment",
        }
    }

    /// The typical target (domain reference A1); forces vary, so this is
    /// guidance text for the screen, not a deadline the system enforces.
    pub fn typical_target(self) -> &'static str {
        match self {
            Grade::Emergency => "Attend within 15 minutes (urban) or 20 minutes (rural)",
            Grade::Priority => "Attend within 60 minutes",
            Grade::Scheduled => "Attend within 24 to 48 hours, or by appointment",
            Grade::ResolutionWithoutDeployment => "Resolve at first contact: advice, telephone report or referral",
        }
    }

    /// True when `self` calls for a faster response than `other`.
    pub fn is_more_urgent_than(self, other: Grade) -> bool {
        self < other
    }
}

crate::slug::slug_enum_traits!(Grade, UnknownGrade, "grade");

/// One factor as the handler assessed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorAssessment {
    pub factor: Factor,
    pub level: Level,
    pub note: String,
}

/// What the handler entered, before checking: a level (if chosen) and a note
/// per factor. Factors missing from the list count as not assessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDraft {
    pub entries: Vec<(Factor, Option<Level>, String)>,
}

/// A complete assessment: every factor has a level, in THRIVE order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    levels: Vec<FactorAssessment>,
}

const NOTE_MAX: usize = 2_000;

impl Assessment {
    /// Checks a draft. Errors are on fields `threat`, `threat_note`, …:
    /// every factor needs a level, and a Medium or High needs a note saying
    /// why, so the next person can follow the handler's reasoning.
    pub fn new(draft: &AssessmentDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut levels = Vec::with_capacity(Factor::ALL.len());
        for factor in Factor::ALL {
            let entry = draft.entries.iter().rev().find(|(f, _, _)| *f == factor);
            let note = entry.map(|(_, _, note)| note.trim()).unwrap_or("");
            let note_field = format!("{}_note", factor.slug());
            match entry.and_then(|(_, level, _)| *level) {
                None => errors.add(factor.slug(), format!("Choose a level for {}", factor.slug())),
                Some(level) if level >= Level::Medium && note.is_empty() => {
                    errors.add(&note_field, format!("Explain why {} is {}", factor.slug(), level.slug()));
                }
                Some(_) if note.chars().count() > NOTE_MAX => {
                    errors.add(&note_field, format!("The note on {} must be {NOTE_MAX} characters or fewer", factor.slug()));
                }
                Some(level) => levels.push(FactorAssessment { factor, level, note: note.to_owned() }),
            }
        }
        errors.into_result(Assessment { levels })
    }

    /// Every factor at the given levels with placeholder notes; for tests and
    /// for previews of a policy.
    pub fn from_levels(levels: [Level; 6]) -> Self {
        Assessment {
            levels: Factor::ALL
                .into_iter()
                .zip(levels)
                .map(|(factor, level)| FactorAssessment { factor, level, note: format!("{} assessed as {}", factor.label(), level.slug()) })
                .collect(),
        }
    }

    pub fn level(&self, factor: Factor) -> Level {
        self.levels.iter().find(|f| f.factor == factor).map(|f| f.level).unwrap_or(Level::None)
    }

    pub fn factors(&self) -> &[FactorAssessment] {
        &self.levels
    }
}

/// The handler's decision on a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "kebab-case")]
pub enum Decision {
    Accept,
    OverrideTo { grade: Grade, reason: String },
}

/// Both grades are kept so reports can show how often, and which way,
/// handlers depart from the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingOutcome {
    pub proposed: Grade,
    pub proposal_reason: String,
    pub final_grade: Grade,
    pub overridden: bool,
    pub override_reason: Option<String>,
}

const OVERRIDE_REASON_MAX: usize = 2_000;

/// Applies the handler's decision. An override needs a reason (field
/// `override_reason`); "overriding" to the proposed grade is acceptance, so
/// it is recorded as such and needs none.
pub fn decide(proposal: &Proposal, decision: Decision) -> Result<GradingOutcome, FieldErrors> {
    let accepted = GradingOutcome {
        proposed: proposal.grade,
        proposal_reason: proposal.reason.clone(),
        final_grade: proposal.grade,
        overridden: false,
        override_reason: None,
    };
    match decision {
        Decision::Accept => Ok(accepted),
        Decision::OverrideTo { grade, .. } if grade == proposal.grade => Ok(accepted),
        Decision::OverrideTo { grade, reason } => {
            let reason = crate::validation::required_text(&reason, "the reason for changing the grade", OVERRIDE_REASON_MAX)
                .map_err(|message| FieldErrors::single("override_reason", message))?;
            Ok(GradingOutcome { final_grade: grade, overridden: true, override_reason: Some(reason), ..accepted })
        }
    }
}

/// Accepts the proposed grade.
pub fn accept(proposal: &Proposal) -> GradingOutcome {
    GradingOutcome {
        proposed: proposal.grade,
        proposal_reason: proposal.reason.clone(),
        final_grade: proposal.grade,
        overridden: false,
        override_reason: None,
    }
}

/// Overrides the proposed grade; see [`decide`].
pub fn override_to(proposal: &Proposal, grade: Grade, reason: &str) -> Result<GradingOutcome, FieldErrors> {
    decide(proposal, Decision::OverrideTo { grade, reason: reason.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_draft(level: Level) -> AssessmentDraft {
        AssessmentDraft { entries: Factor::ALL.iter().map(|f| (*f, Some(level), "seen".to_owned())).collect() }
    }

    #[test]
    fn slugs_round_trip() {
        for f in Factor::ALL {
            assert_eq!(f.slug().parse::<Factor>(), Ok(f));
        }
        for l in Level::ALL {
            assert_eq!(l.slug().parse::<Level>(), Ok(l));
        }
        for g in Grade::ALL {
            assert_eq!(g.slug().parse::<Grade>(), Ok(g));
            assert_eq!(serde_json::to_value(g).unwrap(), serde_json::Value::String(g.slug().into()));
            assert!(!g.typical_target().is_empty());
        }
        assert_eq!(Grade::ALL.map(Grade::number), [1, 2, 3, 4]);
        assert!(Grade::Emergency.is_more_urgent_than(Grade::Priority));
        assert!(Level::High > Level::Medium && Level::Low > Level::None);
    }

    #[test]
    fn every_factor_needs_a_level() {
        let mut draft = full_draft(Level::Low);
        draft.entries.retain(|(f, _, _)| *f != Factor::Harm);
        draft.entries[0].1 = None;
        let errors = Assessment::new(&draft).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["threat", "harm"]);
        assert_eq!(errors.get("harm"), Some("Choose a level for harm"));
    }

    #[test]
    fn medium_and_high_need_a_note_naming_the_factor() {
        let mut draft = full_draft(Level::Low);
        draft.entries[4] = (Factor::Vulnerability, Some(Level::High), "  ".into());
        draft.entries[2] = (Factor::Risk, Some(Level::Medium), String::new());
        draft.entries[1] = (Factor::Harm, Some(Level::Low), String::new());
        let errors = Assessment::new(&draft).unwrap_err();
        assert_eq!(errors.get("vulnerability_note"), Some("Explain why vulnerability is high"));
        assert_eq!(errors.get("risk_note"), Some("Explain why risk is medium"));
        assert_eq!(errors.get("harm_note"), None);
    }

    #[test]
    fn a_complete_assessment_keeps_thrive_order() {
        let a = Assessment::new(&full_draft(Level::Medium)).unwrap();
        assert_eq!(a.factors().iter().map(|f| f.factor).collect::<Vec<_>>(), Factor::ALL);
        assert_eq!(a.level(Factor::Engagement), Level::Medium);
    }

    fn proposal(grade: Grade) -> Proposal {
        Proposal { grade, reason: "rule".into() }
    }

    #[test]
    fn accepting_keeps_the_proposal() {
        let o = accept(&proposal(Grade::Scheduled));
        assert_eq!((o.proposed, o.final_grade, o.overridden), (Grade::Scheduled, Grade::Scheduled, false));
        assert_eq!(decide(&proposal(Grade::Scheduled), Decision::Accept), Ok(o));
    }

    #[test]
    fn an_override_needs_a_reason_and_keeps_both_grades() {
        let err = override_to(&proposal(Grade::Scheduled), Grade::Priority, "  ").unwrap_err();
        assert!(err.get("override_reason").is_some());
        let o = override_to(&proposal(Grade::Scheduled), Grade::Priority, "Caller's child is missing").unwrap();
        assert_eq!((o.proposed, o.final_grade, o.overridden), (Grade::Scheduled, Grade::Priority, true));
        assert_eq!(o.override_reason.as_deref(), Some("Caller's child is missing"));
    }

    #[test]
    fn overriding_to_the_same_grade_is_acceptance() {
        let o = override_to(&proposal(Grade::Priority), Grade::Priority, "").unwrap();
        assert!(!o.overridden);
        assert_eq!(o.override_reason, None);
    }
}
