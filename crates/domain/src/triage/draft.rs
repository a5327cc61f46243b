//! The THRIVE part of a contact as typed (levels, notes, the handler's
//! decision), checked against the grading rules in force.

use super::{Assessment, AssessmentDraft, Decision, Factor, Grade, GradingOutcome, GradingPolicy, Level, Proposal, decide, propose};
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// The grading rules a proposal was made under: the policy, and the saved
/// version it came from (`None` for the built-in preset), kept with each
/// assessment so a later change of rules does not rewrite history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesInForce {
    pub policy: GradingPolicy,
    pub version: Option<i64>,
}

impl RulesInForce {
    pub fn preset() -> Self {
        RulesInForce { policy: GradingPolicy::default_preset(), version: None }
    }
}

/// A THRIVE assessment as the form or API sent it. Levels are slugs
/// (`none`, `low`, `medium`, `high`); blank means not chosen. `decision` is
/// `accept` or `override`; an override names `override_grade` (a grade
/// slug) and says why in `override_reason`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageDraft {
    pub threat: String,
    pub threat_note: String,
    pub harm: String,
    pub harm_note: String,
    pub risk: String,
    pub risk_note: String,
    pub investigation: String,
    pub investigation_note: String,
    pub vulnerability: String,
    pub vulnerability_note: String,
    pub engagement: String,
    pub engagement_note: String,
    pub decision: String,
    pub override_grade: String,
    pub override_reason: String,
}

impl TriageDraft {
    /// The level (as typed) and note of one factor.
    pub fn entry(&self, factor: Factor) -> (&str, &str) {
        match factor {
            Factor::Threat => (&self.threat, &self.threat_note),
            Factor::Harm => (&self.harm, &self.harm_note),
            Factor::Risk => (&self.risk, &self.risk_note),
            Factor::Investigation => (&self.investigation, &self.investigation_note),
            Factor::Vulnerability => (&self.vulnerability, &self.vulnerability_note),
            Factor::Engagement => (&self.engagement, &self.engagement_note),
        }
    }

    /// True when nothing at all was entered: the contact was not assessed.
    pub fn is_blank(&self) -> bool {
        Factor::ALL.iter().all(|f| {
            let (level, note) = self.entry(*f);
            level.trim().is_empty() && note.trim().is_empty()
        }) && self.decision.trim().is_empty()
            && self.override_grade.trim().is_empty()
            && self.override_reason.trim().is_empty()
    }

    /// The levels chosen so far, for a live proposal; every factor must
    /// have a valid level (errors on the factor's field), notes are not needed.
    pub fn levels(&self) -> Result<[Level; 6], FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut levels = [Level::None; 6];
        for (slot, factor) in levels.iter_mut().zip(Factor::ALL) {
            match parse_level(factor, self.entry(factor).0) {
                Ok(Some(level)) => *slot = level,
                Ok(None) => errors.add(factor.slug(), format!("Choose a level for {}", factor.slug())),
                Err(message) => errors.add(factor.slug(), message),
            }
        }
        errors.into_result(levels)
    }
}

fn parse_level(factor: Factor, raw: &str) -> Result<Option<Level>, String> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw.parse::<Level>().map(Some).map_err(|_| format!("The level of {} must be none, low, medium or high", factor.slug())),
    }
}

/// A checked THRIVE assessment with the grade proposed and the grade decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    pub assessment: Assessment,
    pub outcome: GradingOutcome,
    /// The saved version of the grading rules used; `None` for the built-in preset.
    pub policy_version: Option<i64>,
}

/// Checks a THRIVE draft and grades it by `rules`: the proposal is always
/// computed here, never taken from the client. Errors name the fields
/// (`threat`, `threat_note`, …, `decision`, `override_grade`, `override_reason`).
pub fn validate_triage(draft: &TriageDraft, rules: &RulesInForce) -> Result<Triage, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut unreadable: Vec<(&str, String)> = Vec::new();
    let mut entries = Vec::with_capacity(Factor::ALL.len());
    for factor in Factor::ALL {
        let (level, note) = draft.entry(factor);
        let level = parse_level(factor, level).unwrap_or_else(|message| {
            unreadable.push((factor.slug(), message));
            None
        });
        entries.push((factor, level, note.to_owned()));
    }
    let assessment = match Assessment::new(&AssessmentDraft { entries }) {
        Ok(a) => Some(a),
        Err(e) => {
            // An unreadable level counts as not chosen, but says what was wrong with it.
            for problem in e.iter() {
                let message = unreadable.iter().find(|(field, _)| *field == problem.field).map_or(&problem.message, |(_, m)| m);
                errors.add(&problem.field, message.clone());
            }
            None
        }
    };
    let proposal: Option<Proposal> = assessment.as_ref().map(|a| propose(a, &rules.policy));
    let decision = match draft.decision.trim() {
        "accept" => Some(Decision::Accept),
        "override" => {
            let grade = match draft.override_grade.trim() {
                "" => {
                    errors.add("override_grade", "Choose the grade you are giving instead");
                    None
                }
                raw => errors.check("override_grade", raw.parse::<Grade>()),
            };
            // "Overriding" to the proposed grade is acceptance and needs no reason.
            let same_grade = matches!((grade, &proposal), (Some(g), Some(p)) if g == p.grade);
            if !same_grade && draft.override_reason.trim().is_empty() {
                errors.add("override_reason", "Enter the reason for changing the grade");
            }
            grade.map(|grade| Decision::OverrideTo { grade, reason: draft.override_reason.clone() })
        }
        "" => {
            errors.add("decision", "Choose whether to accept the proposed grade or give another");
            None
        }
        other => {
            errors.add("decision", format!("The decision must be accept or override, not \"{other}\""));
            None
        }
    };
    let (Some(assessment), Some(proposal), Some(decision)) = (assessment, proposal, decision) else {
        return Err(errors);
    };
    let outcome = match decide(&proposal, decision) {
        Ok(outcome) => outcome,
        Err(e) => {
            let new: Vec<_> = e.iter().filter(|p| errors.get(&p.field).is_none()).cloned().collect();
            for problem in new {
                errors.add(&problem.field, problem.message);
            }
            return Err(errors);
        }
    };
    errors.into_result(Triage { assessment, outcome, policy_version: rules.version })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn draft(levels: [&str; 6]) -> TriageDraft {
        let note = |l: &str| if l.is_empty() { String::new() } else { format!("assessed {l}") };
        TriageDraft {
            threat: levels[0].into(),
            threat_note: note(levels[0]),
            harm: levels[1].into(),
            harm_note: note(levels[1]),
            risk: levels[2].into(),
            risk_note: note(levels[2]),
            investigation: levels[3].into(),
            investigation_note: note(levels[3]),
            vulnerability: levels[4].into(),
            vulnerability_note: note(levels[4]),
            engagement: levels[5].into(),
            engagement_note: note(levels[5]),
            decision: "accept".into(),
            ..TriageDraft::default()
        }
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn accepting_records_the_rules_grade_and_version() {
        let rules = RulesInForce { version: Some(3), ..RulesInForce::preset() };
        let t = validate_triage(&draft(["high", "none", "high", "low", "low", "low"]), &rules).unwrap();
        assert_eq!((t.outcome.proposed, t.outcome.final_grade, t.outcome.overridden), (Grade::Emergency, Grade::Emergency, false));
        assert_eq!(t.policy_version, Some(3));
        assert_eq!(t.assessment.level(Factor::Threat), Level::High);
        assert_eq!(t.assessment.factors()[0].note, "assessed high");
    }

    #[test]
    fn an_override_without_a_reason_is_refused_naming_the_field() {
        let d = TriageDraft { decision: "override".into(), override_grade: "priority".into(), ..draft(["low"; 6]) };
        let errors = validate_triage(&d, &RulesInForce::preset()).unwrap_err();
        assert_eq!(fields(&errors), ["override_reason"]);
        assert_eq!(errors.get("override_reason"), Some("Enter the reason for changing the grade"));
        let no_grade = TriageDraft { override_grade: String::new(), override_reason: "Caller sounded scared".into(), ..d.clone() };
        assert_eq!(fields(&validate_triage(&no_grade, &RulesInForce::preset()).unwrap_err()), ["override_grade"]);
        let ok = TriageDraft { override_reason: "Caller sounded scared".into(), ..d };
        let t = validate_triage(&ok, &RulesInForce::preset()).unwrap();
        assert_eq!((t.outcome.proposed, t.outcome.final_grade), (Grade::ResolutionWithoutDeployment, Grade::Priority));
        assert_eq!(t.outcome.override_reason.as_deref(), Some("Caller sounded scared"));
    }

    #[test]
    fn every_problem_is_named_in_form_order() {
        let mut d = draft(["", "extreme", "high", "low", "low", "low"]);
        d.risk_note.clear();
        d.decision.clear();
        let errors = validate_triage(&d, &RulesInForce::preset()).unwrap_err();
        assert_eq!(fields(&errors), ["threat", "harm", "risk_note", "decision"]);
        assert!(errors.get("harm").unwrap().contains("none, low, medium or high"));
        let odd = TriageDraft { decision: "maybe".into(), ..draft(["low"; 6]) };
        assert_eq!(fields(&validate_triage(&odd, &RulesInForce::preset()).unwrap_err()), ["decision"]);
    }

    #[test]
    fn blank_drafts_and_live_levels() {
        assert!(TriageDraft::default().is_blank());
        assert!(!TriageDraft { engagement_note: "x".into(), ..TriageDraft::default() }.is_blank());
        assert_eq!(draft(["low", "low", "medium", "low", "high", "none"]).levels().unwrap()[4], Level::High);
        assert_eq!(fields(&draft(["low", "", "low", "low", "low", "x"]).levels().unwrap_err()), ["harm", "engagement"]);
    }

    fn level_slug() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec!["none", "low", "medium", "high"])
    }

    fn grade_slug() -> impl Strategy<Value = Grade> {
        proptest::sample::select(Grade::ALL.to_vec())
    }

    proptest! {
        /// The final grade is the proposal unless the handler overrode it,
        /// and an override to another grade always keeps both and the reason.
        #[test]
        fn the_final_grade_is_the_proposal_unless_overridden(
            levels in proptest::array::uniform6(level_slug()),
            override_to in proptest::option::of(grade_slug()),
        ) {
            let mut d = draft(levels);
            if let Some(grade) = override_to {
                d.decision = "override".into();
                d.override_grade = grade.slug().into();
                d.override_reason = "judgement on the facts".into();
            }
            let t = validate_triage(&d, &RulesInForce::preset()).unwrap();
            let proposed = propose(&t.assessment, &GradingPolicy::default_preset()).grade;
            prop_assert_eq!(t.outcome.proposed, proposed);
            match override_to {
                Some(grade) if grade != proposed => {
                    prop_assert_eq!(t.outcome.final_grade, grade);
                    prop_assert!(t.outcome.overridden);
                    prop_assert_eq!(t.outcome.override_reason.as_deref(), Some("judgement on the facts"));
                }
                _ => {
                    prop_assert_eq!(t.outcome.final_grade, proposed);
                    prop_assert!(!t.outcome.overridden);
                    prop_assert_eq!(t.outcome.override_reason, None);
                }
            }
        }
    }
}
