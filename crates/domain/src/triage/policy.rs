//! Grading rules as data, so an office can change them without a release:
//! ordered rules, the first that matches proposes the grade.

use super::{Assessment, Factor, Grade, Level};
use crate::validation::{FieldErrors, required_text};
use serde::{Deserialize, Serialize};

/// One test on an assessment. All are "at least" tests, so raising a level
/// can only make more conditions true; see [`GradingPolicy::is_monotone`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Condition {
    /// This factor is at `level` or above.
    FactorAtLeast { factor: Factor, level: Level },
    /// Some factor is at `level` or above.
    AnyFactorAtLeast { level: Level },
    /// At least `count` factors are at `level` or above.
    CountAtLeast { level: Level, count: u8 },
}

impl Condition {
    pub fn holds(&self, assessment: &Assessment) -> bool {
        match *self {
            Condition::FactorAtLeast { factor, level } => assessment.level(factor) >= level,
            Condition::AnyFactorAtLeast { level } => Factor::ALL.iter().any(|f| assessment.level(*f) >= level),
            Condition::CountAtLeast { level, count } => {
                Factor::ALL.iter().filter(|f| assessment.level(**f) >= level).count() >= usize::from(count)
            }
        }
    }
}

/// A rule matches when all its conditions hold (a rule with none always matches).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingRule {
    pub when: Vec<Condition>,
    pub grade: Grade,
    /// Shown to the handler with the proposal, in their words.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingPolicy {
    pub rules: Vec<GradingRule>,
    pub default_grade: Grade,
    pub default_reason: String,
}

/// The grade the rules suggest, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub grade: Grade,
    pub reason: String,
}

impl GradingPolicy {
    /// Our reading of the national grade triggers (domain reference A1):
    /// danger to life or violence (high threat or harm, and high risk) is an
    /// emergency; high vulnerability, evidence at risk or any other high
    /// factor is a priority, as is a broad picture of concern; anything of
    /// medium concern needs a scheduled response; otherwise resolve at first
    /// contact. Ordered most urgent first, which keeps it monotone.
    pub fn default_preset() -> Self {
        use Condition::{AnyFactorAtLeast, CountAtLeast, FactorAtLeast};
        let rule = |when: Vec<Condition>, grade, reason: &str| GradingRule { when, grade, reason: reason.to_owned() };
        GradingPolicy {
            rules: vec![
                rule(
                    vec![
                        FactorAtLeast { factor: Factor::Threat, level: Level::High },
                        FactorAtLeast { factor: Factor::Risk, level: Level::High },
                    ],
                    Grade::Emergency,
                    "High threat and high risk: danger to life, or violence used or imminent",
                ),
                rule(
                    vec![
                        FactorAtLeast { factor: Factor::Harm, level: Level::High },
                        FactorAtLeast { factor: Factor::Risk, level: Level::High },
                    ],
                    Grade::Emergency,
                    "High harm and high risk: serious injury or serious damage likely",
                ),
                rule(
                    vec![FactorAtLeast { factor: Factor::Vulnerability, level: Level::High }],
                    Grade::Priority,
                    "High vulnerability: someone may be unable to protect themselves",
                ),
                rule(
                    vec![FactorAtLeast { factor: Factor::Investigation, level: Level::High }],
                    Grade::Priority,
                    "Evidence or witnesses may be lost",
                ),
                rule(vec![AnyFactorAtLeast { level: Level::High }], Grade::Priority, "A factor is high: urgent, though not an emergency"),
                rule(vec![CountAtLeast { level: Level::Medium, count: 3 }], Grade::Priority, "Three or more factors are medium or high"),
                rule(
                    vec![AnyFactorAtLeast { level: Level::Medium }],
                    Grade::Scheduled,
                    "A factor is medium: attendance needed, not urgent",
                ),
            ],
            default_grade: Grade::ResolutionWithoutDeployment,
            default_reason: "No factor above low: advice, a telephone report or a referral".to_owned(),
        }
    }

    /// Whether raising any level can never make the proposal less urgent.
    /// Every condition is an "at least" test, so this holds exactly when no
    /// rule is less urgent than a later rule or the default (a later, more
    /// urgent rule could otherwise be hidden by an earlier one that starts
    /// to match). A settings page should refuse a policy that fails this.
    pub fn is_monotone(&self) -> bool {
        let grades: Vec<Grade> = self.rules.iter().map(|r| r.grade).chain([self.default_grade]).collect();
        grades.windows(2).all(|pair| pair[0] <= pair[1])
    }
}

const RULES_MAX: usize = 50;
const REASON_MAX: usize = 300;

impl GradingPolicy {
    /// Whether an office may put these rules in force. Errors name the
    /// field: `rules` for the list as a whole, `rules[N].reason` (N from 1)
    /// or `rules[N].when` for one rule, `default_reason`.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.rules.len() > RULES_MAX {
            errors.add("rules", format!("A policy can have at most {RULES_MAX} rules"));
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let n = i + 1;
            if let Err(message) = required_text(&rule.reason, "the reason the rule gives", REASON_MAX) {
                errors.add(&format!("rules[{n}].reason"), format!("Rule {n}: {message}"));
            }
            for condition in &rule.when {
                if let Condition::CountAtLeast { count, .. } = condition
                    && !(1..=6).contains(count)
                {
                    errors.add(&format!("rules[{n}].when"), format!("Rule {n}: a count of factors must be between 1 and 6, not {count}"));
                }
            }
        }
        if let Err(message) = required_text(&self.default_reason, "the reason for the default grade", REASON_MAX) {
            errors.add("default_reason", message);
        }
        if !self.is_monotone() {
            errors.add(
                "rules",
                "Order the rules from most to least urgent, with the default grade the least urgent: otherwise raising a level could lower the grade",
            );
        }
        errors.into_result(())
    }
}

/// The first matching rule's grade, or the default: always some grade.
pub fn propose(assessment: &Assessment, policy: &GradingPolicy) -> Proposal {
    policy
        .rules
        .iter()
        .find(|rule| rule.when.iter().all(|c| c.holds(assessment)))
        .map(|rule| Proposal { grade: rule.grade, reason: rule.reason.clone() })
        .unwrap_or_else(|| Proposal { grade: policy.default_grade, reason: policy.default_reason.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::{High as H, Low as L, Medium as M, None as N};
    use proptest::prelude::*;

    fn grade(levels: [Level; 6]) -> Grade {
        propose(&Assessment::from_levels(levels), &GradingPolicy::default_preset()).grade
    }

    #[test]
    fn preset_table() {
        //  T  H  R  I  V  E
        let table = [
            ([H, N, H, N, N, N], Grade::Emergency),
            ([N, H, H, N, N, N], Grade::Emergency),
            ([H, H, H, H, H, H], Grade::Emergency),
            ([H, N, M, N, N, N], Grade::Priority),
            ([N, N, H, N, N, N], Grade::Priority),
            ([N, N, N, N, H, N], Grade::Priority),
            ([L, L, L, H, L, L], Grade::Priority),
            ([M, M, M, N, N, N], Grade::Priority),
            ([M, N, N, N, N, N], Grade::Scheduled),
            ([N, N, N, N, M, M], Grade::Scheduled),
            ([L, L, L, L, L, L], Grade::ResolutionWithoutDeployment),
            ([N, N, N, N, N, N], Grade::ResolutionWithoutDeployment),
        ];
        for (levels, expected) in table {
            assert_eq!(grade(levels), expected, "{levels:?}");
        }
    }

    #[test]
    fn proposals_give_the_rules_reason() {
        let p = propose(&Assessment::from_levels([N, N, N, N, H, N]), &GradingPolicy::default_preset());
        assert!(p.reason.contains("vulnerability"));
    }

    #[test]
    fn policy_round_trips_as_json() {
        let policy = GradingPolicy::default_preset();
        let json = serde_json::to_string(&policy).unwrap();
        assert!(json.contains("\"kind\":\"factor-at-least\""));
        assert_eq!(serde_json::from_str::<GradingPolicy>(&json).unwrap(), policy);
    }

    #[test]
    fn monotonicity_check_spots_a_badly_ordered_policy() {
        assert!(GradingPolicy::default_preset().is_monotone());
        let mut bad = GradingPolicy::default_preset();
        bad.rules.reverse();
        assert!(!bad.is_monotone());
    }

    #[test]
    fn policy_checks_name_the_problem() {
        assert_eq!(GradingPolicy::default_preset().check(), Ok(()));
        let mut bad = GradingPolicy::default_preset();
        bad.rules.reverse();
        assert!(bad.check().unwrap_err().get("rules").unwrap().contains("most to least urgent"));
        let mut blank = GradingPolicy::default_preset();
        blank.rules[1].reason = " ".into();
        blank.rules[0].when.push(Condition::CountAtLeast { level: Level::High, count: 7 });
        blank.default_reason.clear();
        let errors = blank.check().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["rules[1].when", "rules[2].reason", "default_reason"]);
        assert!(errors.get("rules[2].reason").unwrap().starts_with("Rule 2: Enter"));
        let least_urgent_default = GradingPolicy { rules: vec![], default_grade: Grade::Emergency, default_reason: "Always attend".into() };
        assert_eq!(least_urgent_default.check(), Ok(()));
        let too_many =
            GradingPolicy { rules: vec![GradingPolicy::default_preset().rules[0].clone(); 51], ..GradingPolicy::default_preset() };
        assert_eq!(too_many.check().unwrap_err().iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["rules"]);
    }

    fn levels() -> impl Strategy<Value = [Level; 6]> {
        proptest::array::uniform6(proptest::sample::select(Level::ALL.to_vec()))
    }

    proptest! {
        #[test]
        fn raising_a_factor_never_lowers_urgency(before in levels(), which in 0usize..6, raise_to in proptest::sample::select(Level::ALL.to_vec())) {
            let mut after = before;
            after[which] = after[which].max(raise_to);
            // Grade order: Emergency < ... < ResolutionWithoutDeployment.
            prop_assert!(grade(after) <= grade(before), "{:?} -> {:?}", before, after);
        }

        #[test]
        fn empty_policies_still_propose_a_grade(l in levels()) {
            let policy = GradingPolicy { rules: vec![], default_grade: Grade::Scheduled, default_reason: "default".into() };
            prop_assert_eq!(propose(&Assessment::from_levels(l), &policy).grade, Grade::Scheduled);
        }
    }
}
