//! Special-category markers: what kind of condition, how to adjust the way
//! we communicate (reasonable adjustments, Equality Act 2010), where the
//! information came from and when, the lawful basis for holding it, and
//! when a manager must review it. Withdrawal keeps the row with a reason.

use crate::validation::{FieldErrors, required_text};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

const SOURCE_MAX: usize = 500;
const ADJUSTMENTS_MAX: usize = 2_000;
const REASON_MAX: usize = 2_000;
/// Health markers are reviewed within a year at most (domain reference A2:
/// time-limited review); a shorter review may be chosen.
pub const REVIEW_MONTHS_MAX: i8 = 12;

/// The conditions seed 001 (i) names, plus "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    MentalHealthCondition,
    LearningDisability,
    Autism,
    PersonalityDisorder,
    Other,
}

impl MarkerKind {
    pub const ALL: [MarkerKind; 5] = [
        MarkerKind::MentalHealthCondition,
        MarkerKind::LearningDisability,
        MarkerKind::Autism,
        MarkerKind::PersonalityDisorder,
        MarkerKind::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            MarkerKind::MentalHealthCondition => "mental-health-condition",
            MarkerKind::LearningDisability => "learning-disability",
            MarkerKind::Autism => "autism",
            MarkerKind::PersonalityDisorder => "personality-disorder",
            MarkerKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::MentalHealthCondition => "Mental health condition",
            MarkerKind::LearningDisability => "Learning disability",
            MarkerKind::Autism => "Autism",
            MarkerKind::PersonalityDisorder => "Personality disorder",
            MarkerKind::Other => "Other condition",
        }
    }
}

crate::slug::slug_enum_traits!(MarkerKind, UnknownMarkerKind, "marker kind");

/// The UK GDPR Art 9(2) / DPA 2018 Sch 1 conditions an office may rely on
/// for a marker. Kept short on purpose: these are the ones that fit a
/// contact centre's reasons for knowing about a caller's condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LawfulBasis {
    ExplicitConsent,
    VitalInterests,
    StatutoryPurposes,
    EqualityOfOpportunity,
    SafeguardingIndividualsAtRisk,
}

impl LawfulBasis {
    pub const ALL: [LawfulBasis; 5] = [
        LawfulBasis::SafeguardingIndividualsAtRisk,
        LawfulBasis::ExplicitConsent,
        LawfulBasis::VitalInterests,
        LawfulBasis::StatutoryPurposes,
        LawfulBasis::EqualityOfOpportunity,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            LawfulBasis::ExplicitConsent => "explicit-consent",
            LawfulBasis::VitalInterests => "vital-interests",
            LawfulBasis::StatutoryPurposes => "statutory-purposes",
            LawfulBasis::EqualityOfOpportunity => "equality-of-opportunity",
            LawfulBasis::SafeguardingIndividualsAtRisk => "safeguarding-individuals-at-risk",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LawfulBasis::ExplicitConsent => "Explicit consent (UK GDPR Art 9(2)(a))",
            LawfulBasis::VitalInterests => "Vital interests (UK GDPR Art 9(2)(c))",
            LawfulBasis::StatutoryPurposes => "Statutory and government purposes (DPA 2018 Sch 1 para 6)",
            LawfulBasis::EqualityOfOpportunity => "Equality of opportunity or treatment (DPA 2018 Sch 1 para 8)",
            LawfulBasis::SafeguardingIndividualsAtRisk => "Safeguarding of individuals at risk (DPA 2018 Sch 1 para 18)",
        }
    }
}

crate::slug::slug_enum_traits!(LawfulBasis, UnknownLawfulBasis, "lawful basis");

/// A marker as typed: raw text from the form or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarkerDraft {
    pub kind: String,
    /// How to communicate, e.g. "prefers email, needs extra time"; optional.
    pub reasonable_adjustments: String,
    /// Where we learnt it, e.g. "the caller told us", "letter from GP".
    pub source: String,
    /// YYYY-MM-DD, when the source told us.
    pub source_date: String,
    pub lawful_basis: String,
    /// YYYY-MM-DD; blank means twelve months from today.
    pub review_date: String,
}

/// A marker that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidMarker {
    pub kind: MarkerKind,
    pub reasonable_adjustments: String,
    pub source: String,
    pub source_date: Date,
    pub lawful_basis: LawfulBasis,
    pub review_date: Date,
}

fn date(errors: &mut FieldErrors, field: &str, raw: &str, what: &str) -> Option<Date> {
    match raw.trim().parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, format!("Enter {what} as a real date, like 2026-11-23"));
            None
        }
    }
}

fn latest_review(today: Date) -> Date {
    today.checked_add(i32::from(REVIEW_MONTHS_MAX).months()).unwrap_or(today)
}

/// Checks a marker draft against `today` (a London date); every problem
/// names its field, in the order of the form.
pub fn validate_marker(draft: &MarkerDraft, today: Date) -> Result<ValidMarker, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = match draft.kind.trim() {
        "" => {
            errors.add("kind", "Choose the kind of condition");
            None
        }
        raw => errors.check("kind", raw.parse::<MarkerKind>()),
    };
    let adjustments = draft.reasonable_adjustments.trim();
    if adjustments.chars().count() > ADJUSTMENTS_MAX {
        errors.add("reasonable_adjustments", format!("Reasonable adjustments must be {ADJUSTMENTS_MAX} characters or fewer"));
    } else if adjustments.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        errors.add("reasonable_adjustments", "Reasonable adjustments must not contain control characters");
    }
    let source = errors.check("source", required_text(&draft.source, "where this information came from", SOURCE_MAX));
    let source_date = match draft.source_date.trim() {
        "" => {
            errors.add("source_date", "Enter the date of the source");
            None
        }
        raw => match date(&mut errors, "source_date", raw, "the date of the source") {
            Some(d) if d > today => {
                errors.add("source_date", "The date of the source must be today or in the past");
                None
            }
            other => other,
        },
    };
    let lawful_basis = match draft.lawful_basis.trim() {
        "" => {
            errors.add("lawful_basis", "Choose the lawful basis for holding this information");
            None
        }
        raw => errors.check("lawful_basis", raw.parse::<LawfulBasis>()),
    };
    let review_date = match draft.review_date.trim() {
        "" => Some(latest_review(today)),
        raw => match date(&mut errors, "review_date", raw, "the review date") {
            Some(d) if d <= today => {
                errors.add("review_date", "The review date must be after today");
                None
            }
            Some(d) if d > latest_review(today) => {
                errors.add("review_date", format!("The review date must be within {REVIEW_MONTHS_MAX} months"));
                None
            }
            other => other,
        },
    };
    match (kind, source, source_date, lawful_basis, review_date) {
        (Some(kind), Some(source), Some(source_date), Some(lawful_basis), Some(review_date)) if errors.is_empty() => {
            Ok(ValidMarker { kind, reasonable_adjustments: adjustments.to_owned(), source, source_date, lawful_basis, review_date })
        }
        _ => Err(errors),
    }
}

/// A marker is withdrawn (no longer accurate, or no longer needed) with a
/// reason; it stays on file so the audit trail still makes sense.
pub fn validate_withdrawal(already_withdrawn: bool, reason: &str) -> Result<String, FieldErrors> {
    if already_withdrawn {
        return Err(FieldErrors::single("marker", "This marker has already been withdrawn"));
    }
    required_text(reason, "the reason for withdrawing the marker", REASON_MAX).map_err(|m| FieldErrors::single("reason", m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn today() -> Date {
        date(2026, 11, 23)
    }

    fn draft() -> MarkerDraft {
        MarkerDraft {
            kind: "learning-disability".into(),
            reasonable_adjustments: " Prefers email, needs extra time ".into(),
            source: "Told us herself on the phone".into(),
            source_date: "2026-11-20".into(),
            lawful_basis: "safeguarding-individuals-at-risk".into(),
            review_date: String::new(),
        }
    }

    fn fields(result: Result<ValidMarker, FieldErrors>) -> Vec<String> {
        result.unwrap_err().iter().map(|e| e.field.clone()).collect()
    }

    #[test]
    fn slugs_round_trip() {
        for k in MarkerKind::ALL {
            assert_eq!(k.slug().parse::<MarkerKind>(), Ok(k));
        }
        for b in LawfulBasis::ALL {
            assert_eq!(b.slug().parse::<LawfulBasis>(), Ok(b));
            assert_eq!(serde_json::to_string(&b).unwrap(), format!("\"{}\"", b.slug()));
        }
    }

    #[test]
    fn a_good_draft_is_trimmed_and_reviewed_in_twelve_months_by_default() {
        let m = validate_marker(&draft(), today()).unwrap();
        assert_eq!(m.kind, MarkerKind::LearningDisability);
        assert_eq!(m.reasonable_adjustments, "Prefers email, needs extra time");
        assert_eq!(m.source_date, date(2026, 11, 20));
        assert_eq!(m.review_date, date(2027, 11, 23));
        assert_eq!(m.lawful_basis, LawfulBasis::SafeguardingIndividualsAtRisk);
    }

    #[test]
    fn every_missing_field_is_named_in_form_order() {
        assert_eq!(fields(validate_marker(&MarkerDraft::default(), today())), ["kind", "source", "source_date", "lawful_basis"]);
    }

    #[test]
    fn dates_must_be_plausible() {
        let future_source = MarkerDraft { source_date: "2026-11-24".into(), ..draft() };
        assert_eq!(fields(validate_marker(&future_source, today())), ["source_date"]);
        let today_review = MarkerDraft { review_date: "2026-11-23".into(), ..draft() };
        assert_eq!(fields(validate_marker(&today_review, today())), ["review_date"]);
        let far_review = MarkerDraft { review_date: "2028-01-01".into(), ..draft() };
        let err = validate_marker(&far_review, today()).unwrap_err();
        assert_eq!(err.get("review_date"), Some("The review date must be within 12 months"));
        let not_a_date = MarkerDraft { source_date: "yesterday".into(), review_date: "2027-02-30".into(), ..draft() };
        assert_eq!(fields(validate_marker(&not_a_date, today())), ["source_date", "review_date"]);
        let soon = MarkerDraft { review_date: "2026-12-01".into(), ..draft() };
        assert_eq!(validate_marker(&soon, today()).unwrap().review_date, date(2026, 12, 1));
    }

    #[test]
    fn unknown_choices_name_the_value() {
        let bad = MarkerDraft { kind: "grumpy".into(), lawful_basis: "because".into(), ..draft() };
        let err = validate_marker(&bad, today()).unwrap_err();
        assert!(err.get("kind").unwrap().contains("\"grumpy\""));
        assert!(err.get("lawful_basis").unwrap().contains("safeguarding-individuals-at-risk"));
    }

    #[test]
    fn withdrawal_needs_a_reason_and_happens_once() {
        assert_eq!(validate_withdrawal(false, " Diagnosis was wrong "), Ok("Diagnosis was wrong".into()));
        assert_eq!(validate_withdrawal(false, "  ").unwrap_err().iter().next().unwrap().field, "reason");
        assert_eq!(validate_withdrawal(true, "again").unwrap_err().iter().next().unwrap().field, "marker");
    }

    proptest! {
        #[test]
        fn accepted_markers_respect_the_date_rules(source_offset in -400i32..400, review_offset in -400i32..800) {
            let t = today();
            let source = t.checked_add(source_offset.days()).unwrap();
            let review = t.checked_add(review_offset.days()).unwrap();
            let d = MarkerDraft { source_date: source.to_string(), review_date: review.to_string(), ..draft() };
            match validate_marker(&d, t) {
                Ok(m) => {
                    prop_assert!(m.source_date <= t);
                    prop_assert!(m.review_date > t && m.review_date <= latest_review(t));
                }
                Err(e) => prop_assert!(source > t || review <= t || review > latest_review(t), "{e}"),
            }
        }
    }
}
