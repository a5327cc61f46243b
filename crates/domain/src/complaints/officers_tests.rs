//! Officers complained about: the rolling count, the review threshold and
//! suspension of certification.

use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn found(officer_id: i64, complaint_id: i64, finding: Finding, decided_on: Date) -> OfficerFinding {
    OfficerFinding { officer_id, complaint_id, finding, decided_on }
}

fn sub(officer_id: i64, complaint_id: i64, decided_on: Date) -> OfficerFinding {
    found(officer_id, complaint_id, Finding::Substantiated, decided_on)
}

#[test]
fn officers_are_named_by_name_number_and_employer() {
    let officer = Officer::parse(" A. Smith ", "DCO-4471", "Centre supplier Ltd").unwrap();
    assert_eq!((officer.name.as_str(), officer.identifier.as_str()), ("A. Smith", "DCO-4471"));
    let errors = Officer::parse("", "", "Supplier").unwrap_err();
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["name", "identifier"]);
}

#[test]
fn the_window_is_365_days_ending_on_and_including_the_date() {
    let rule = ReviewRule::default();
    assert_eq!(rule.window_start(date(2026, 11, 23)), date(2025, 11, 24));
    // Across 29 February the window starts a day later in the month.
    assert_eq!(rule.window_start(date(2028, 3, 1)), date(2027, 3, 3));
    assert_eq!(rule.window_start(date(2027, 3, 1)), date(2026, 3, 2));
    let end = date(2026, 11, 23);
    let findings = [sub(1, 10, date(2025, 11, 23)), sub(1, 11, date(2025, 11, 24)), sub(1, 12, end), sub(1, 13, date(2026, 11, 24))];
    // Outside on the day before the window, and after its end.
    assert_eq!(counts(&findings, end, &rule), BTreeMap::from([(1, 2)]));
}

#[test]
fn only_substantiated_complaints_count_each_once() {
    let rule = ReviewRule::default();
    let end = date(2026, 11, 23);
    let findings = [
        sub(1, 10, date(2026, 5, 1)),
        sub(1, 10, date(2026, 5, 2)),
        found(1, 11, Finding::PartiallySubstantiated, date(2026, 6, 1)),
        found(1, 12, Finding::NotSubstantiated, date(2026, 7, 1)),
        sub(2, 10, date(2026, 5, 1)),
    ];
    assert_eq!(counts(&findings, end, &rule), BTreeMap::from([(1, 1), (2, 1)]));
    let partly = ReviewRule { count_partially_substantiated: true, ..rule };
    assert_eq!(counts(&findings, end, &partly)[&1], 2);
}

#[test]
fn three_in_a_year_raises_a_review_once() {
    let rule = ReviewRule::default();
    let today = date(2026, 11, 23);
    let history = [sub(1, 10, date(2026, 2, 1)), sub(1, 11, date(2026, 6, 1)), sub(2, 12, date(2026, 6, 1))];
    // One complaint naming two officers: officer 1 reaches three, officer 2 does not.
    let new = [sub(1, 20, today), sub(2, 20, today)];
    assert_eq!(newly_crossing(&history, &new, today, &rule), [1]);
    // Already at three: a fourth raises nothing new.
    let mut more = history.to_vec();
    more.extend(new);
    assert!(newly_crossing(&more, &[sub(1, 21, today)], today, &rule).is_empty());
    // A not-substantiated outcome never raises a review.
    assert!(newly_crossing(&history, &[found(1, 22, Finding::NotSubstantiated, today)], today, &rule).is_empty());
    // An old complaint that has left the window does not help.
    let old = [sub(1, 10, date(2025, 11, 1)), sub(1, 11, date(2026, 6, 1))];
    assert!(newly_crossing(&old, &[sub(1, 20, today)], today, &rule).is_empty());
    assert_eq!(at_or_over_threshold(&more, today, &rule), [(1, 3)]);
}

#[test]
fn the_report_lists_officers_at_or_over_the_threshold_highest_first() {
    let rule = ReviewRule { threshold: 2, ..ReviewRule::default() };
    let d = date(2026, 10, 1);
    let findings = [sub(5, 1, d), sub(5, 2, d), sub(6, 3, d), sub(6, 4, d), sub(6, 5, d), sub(7, 6, d)];
    assert_eq!(at_or_over_threshold(&findings, date(2026, 11, 23), &rule), [(6, 3), (5, 2)]);
}

fn suspend() -> CertificationCommand {
    CertificationCommand::Suspend {
        on: date(2026, 10, 1),
        by: 40,
        reason: "Alleged assault under investigation by PSU".into(),
        serious_misconduct: true,
    }
}

fn suspended() -> CertificationCase {
    decide(&CertificationCase::new(9, 501), suspend(), now()).unwrap().0
}

fn appealed() -> CertificationCase {
    decide(&suspended(), CertificationCommand::LodgeAppeal { on: date(2026, 10, 8), grounds: "CCTV shows no contact".into() }, now())
        .unwrap()
        .0
}

fn decide_appeal(by: i64, upheld: bool, on: Date) -> CertificationCommand {
    CertificationCommand::DecideAppeal { on, by, upheld, reason: "Reviewed the footage".into() }
}

fn recommend(finding: Finding, recommendation: Recommendation) -> CertificationCommand {
    CertificationCommand::Recommend { on: date(2026, 11, 20), by: 40, finding, recommendation, reason: "PSU report received".into() }
}

#[test]
fn suspension_is_only_pending_a_serious_misconduct_investigation() {
    let minor = CertificationCommand::Suspend { on: date(2026, 10, 1), by: 40, reason: "r".into(), serious_misconduct: false };
    let err = decide(&CertificationCase::new(9, 501), minor, now()).unwrap_err();
    assert_eq!((err.field(), err), ("complaint", CertificationError::NotSeriousMisconduct));
    let (case, event) = decide(&CertificationCase::new(9, 501), suspend(), now()).unwrap();
    assert_eq!((case.status(), event.action()), (CertificationStatus::Suspended, "officer.certification_suspended"));
    assert_eq!(decide(&case, suspend(), now()), Err(CertificationError::AlreadySuspended));
    let future = CertificationCommand::Suspend { on: date(2026, 11, 24), by: 40, reason: "r".into(), serious_misconduct: true };
    assert_eq!(decide(&CertificationCase::new(9, 501), future, now()), Err(CertificationError::InFuture(date(2026, 11, 24))));
    let blank = CertificationCommand::Suspend { on: date(2026, 10, 1), by: 40, reason: " ".into(), serious_misconduct: true };
    assert_eq!(decide(&CertificationCase::new(9, 501), blank, now()).unwrap_err().field(), "reason");
}

#[test]
fn an_appeal_follows_a_suspension_once() {
    let appeal = |on: Date| CertificationCommand::LodgeAppeal { on, grounds: "grounds".into() };
    assert_eq!(decide(&CertificationCase::new(9, 501), appeal(date(2026, 10, 8)), now()), Err(CertificationError::NotSuspended));
    let early = decide(&suspended(), appeal(date(2026, 9, 30)), now()).unwrap_err();
    assert!(matches!(early, CertificationError::TooEarly { before: "the suspension", .. }), "{early}");
    assert_eq!(appealed().status(), CertificationStatus::AppealPending);
    assert_eq!(decide(&appealed(), appeal(date(2026, 10, 9)), now()), Err(CertificationError::AlreadyAppealed));
    let blank = CertificationCommand::LodgeAppeal { on: date(2026, 10, 8), grounds: "".into() };
    assert_eq!(decide(&suspended(), blank, now()).unwrap_err().field(), "grounds");
}

#[test]
fn the_appeal_is_decided_by_someone_other_than_the_suspending_manager() {
    assert_eq!(decide(&suspended(), decide_appeal(41, true, date(2026, 10, 9)), now()), Err(CertificationError::NoAppealPending));
    assert_eq!(decide(&appealed(), decide_appeal(40, true, date(2026, 10, 9)), now()), Err(CertificationError::AppealDecidedBySuspender));
    assert!(matches!(decide(&appealed(), decide_appeal(41, true, date(2026, 10, 7)), now()), Err(CertificationError::TooEarly { .. })));
    let (lifted, event) = decide(&appealed(), decide_appeal(41, true, date(2026, 10, 9)), now()).unwrap();
    assert_eq!(
        (lifted.status(), event),
        (CertificationStatus::SuspensionLiftedOnAppeal, CertificationEvent::AppealDecided { on: date(2026, 10, 9), upheld: true })
    );
    let (dismissed, _) = decide(&appealed(), decide_appeal(41, false, date(2026, 10, 9)), now()).unwrap();
    assert_eq!(dismissed.status(), CertificationStatus::Suspended);
    // One appeal per suspension, and one decision per appeal.
    assert_eq!(decide(&dismissed, decide_appeal(41, true, date(2026, 10, 10)), now()), Err(CertificationError::NoAppealPending));
    let again = CertificationCommand::LodgeAppeal { on: date(2026, 10, 10), grounds: "again".into() };
    assert_eq!(decide(&dismissed, again, now()), Err(CertificationError::AlreadyAppealed));
}

#[test]
fn the_recommendation_ends_the_case_and_fits_the_finding() {
    let revoke = recommend(Finding::Substantiated, Recommendation::Revoke);
    assert_eq!(decide(&appealed(), revoke.clone(), now()), Err(CertificationError::AppealPending));
    let not_sub = decide(&suspended(), recommend(Finding::NotSubstantiated, Recommendation::Revoke), now()).unwrap_err();
    assert_eq!((not_sub.field(), not_sub), ("recommendation", CertificationError::RevokeNotSubstantiated));
    let warn = recommend(Finding::NotSubstantiated, Recommendation::Reinstate { warn_of_further_complaints: true });
    assert_eq!(decide(&suspended(), warn, now()), Err(CertificationError::WarningNotSubstantiated));
    let (revoked, event) = decide(&suspended(), revoke.clone(), now()).unwrap();
    assert_eq!(revoked.status(), CertificationStatus::RevocationRecommended);
    assert_eq!(event, CertificationEvent::Recommended { on: date(2026, 11, 20), recommendation: Recommendation::Revoke });
    assert_eq!(decide(&revoked, revoke, now()), Err(CertificationError::Concluded));
    assert_eq!(decide(&revoked, decide_appeal(41, true, date(2026, 11, 21)), now()), Err(CertificationError::Concluded));
    let partly = recommend(Finding::PartiallySubstantiated, Recommendation::Reinstate { warn_of_further_complaints: true });
    let (reinstated, _) = decide(&suspended(), partly, now()).unwrap();
    assert_eq!(reinstated.status(), CertificationStatus::ReinstatementRecommended);
    // Without any suspension, a recommendation can still close the case.
    let clear = recommend(Finding::NotSubstantiated, Recommendation::Reinstate { warn_of_further_complaints: false });
    assert!(decide(&CertificationCase::new(9, 501), clear, now()).is_ok());
}

#[test]
fn the_recommendation_is_dated_after_the_appeal_decision() {
    let (lifted, _) = decide(&appealed(), decide_appeal(41, true, date(2026, 11, 21)), now()).unwrap();
    let early = decide(&lifted, recommend(Finding::Substantiated, Recommendation::Revoke), now()).unwrap_err();
    assert!(matches!(early, CertificationError::TooEarly { before: "the appeal decision", .. }), "{early}");
}

#[test]
fn serde_uses_kebab_case() {
    let json = serde_json::to_value(Recommendation::Reinstate { warn_of_further_complaints: true }).unwrap();
    assert_eq!(json, serde_json::json!({"recommendation": "reinstate", "warn_of_further_complaints": true}));
    assert_eq!(serde_json::to_string(&Finding::PartiallySubstantiated).unwrap(), "\"partially-substantiated\"");
    assert_eq!(serde_json::to_string(&CertificationStatus::SuspensionLiftedOnAppeal).unwrap(), "\"suspension-lifted-on-appeal\"");
}

fn any_finding() -> impl Strategy<Value = OfficerFinding> {
    let finding = prop::sample::select(vec![Finding::Substantiated, Finding::PartiallySubstantiated, Finding::NotSubstantiated]);
    (1i64..4, 1i64..30, finding, 0i64..1_200).prop_map(|(officer_id, complaint_id, finding, day)| {
        found(officer_id, complaint_id, finding, date(2025, 1, 1).checked_add(day.days()).unwrap())
    })
}

fn any_end() -> impl Strategy<Value = Date> {
    (0i64..1_200).prop_map(|day| date(2025, 1, 1).checked_add(day.days()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// The count is exactly the distinct substantiated complaints decided
    /// within the 365 days ending on the date: nothing outside counts.
    #[test]
    fn the_rolling_count_never_counts_outside_the_window(findings in prop::collection::vec(any_finding(), 0..40), end in any_end()) {
        let rule = ReviewRule::default();
        let counted = counts(&findings, end, &rule);
        for officer in 1..4 {
            let expected: BTreeSet<i64> = findings
                .iter()
                .filter(|f| f.officer_id == officer && f.finding == Finding::Substantiated)
                .filter(|f| (end - f.decided_on).get_days() < 365 && f.decided_on <= end)
                .map(|f| f.complaint_id)
                .collect();
            prop_assert_eq!(counted.get(&officer).copied().unwrap_or(0) as usize, expected.len());
        }
    }

    /// Adding a finding never lowers anyone's count; the officers newly
    /// crossing are exactly those that went from below to at or over.
    #[test]
    fn adding_an_outcome_never_lowers_a_count(
        history in prop::collection::vec(any_finding(), 0..40),
        new in any_finding(),
        end in any_end(),
    ) {
        let rule = ReviewRule::default();
        let before = counts(&history, end, &rule);
        let after = counts(history.iter().chain([&new]), end, &rule);
        for (officer, n) in &before {
            prop_assert!(after.get(officer).copied().unwrap_or(0) >= *n);
        }
        let crossing = newly_crossing(&history, &[new], end, &rule);
        let was = before.get(&new.officer_id).copied().unwrap_or(0);
        let now = after.get(&new.officer_id).copied().unwrap_or(0);
        prop_assert_eq!(crossing == [new.officer_id], was < 3 && now >= 3);
    }

    /// No sequence of steps leaves a recommendation over a pending appeal,
    /// a revocation without a substantiated finding, or dates out of order.
    #[test]
    fn no_sequence_of_steps_reaches_an_invalid_case(steps in prop::collection::vec((0u8..4, 0i64..80, 40i64..43, any::<bool>()), 0..10)) {
        let mut case = CertificationCase::new(9, 501);
        for (which, day, by, flag) in steps {
            let on = date(2026, 9, 1).checked_add(day.days()).unwrap();
            let finding = if flag { Finding::Substantiated } else { Finding::NotSubstantiated };
            let command = match which {
                0 => CertificationCommand::Suspend { on, by, reason: "r".into(), serious_misconduct: flag },
                1 => CertificationCommand::LodgeAppeal { on, grounds: "g".into() },
                2 => CertificationCommand::DecideAppeal { on, by, upheld: flag, reason: "r".into() },
                _ => CertificationCommand::Recommend { on, by, finding, recommendation: Recommendation::Revoke, reason: "r".into() },
            };
            if let Ok((next, _)) = decide(&case, command, now()) {
                case = next;
            }
            if let Some(r) = &case.recommendation {
                prop_assert!(r.finding.upheld_in_part_or_whole());
                prop_assert!(case.appeal.as_ref().is_none_or(|a| a.decision.as_ref().is_some_and(|d| d.on <= r.on)));
                prop_assert!(case.suspension.as_ref().is_none_or(|s| s.on <= r.on));
            }
            if let (Some(s), Some(a)) = (&case.suspension, &case.appeal) {
                prop_assert!(s.on <= a.lodged_on);
                prop_assert!(a.decision.as_ref().is_none_or(|d| d.by != s.by && d.on >= a.lodged_on));
            }
            prop_assert!(case.appeal.is_none() || case.suspension.is_some());
        }
    }
}
