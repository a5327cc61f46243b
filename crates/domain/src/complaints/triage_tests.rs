//! Triage: every decision and every refusal, by name, on the detention order.

use super::*;
use crate::complaints::preset_detention;
use jiff::civil::date;

fn now() -> Timestamp {
    "2026-12-24T10:00:00Z".parse().unwrap()
}

fn ctx() -> TriageContext {
    TriageContext {
        nation: Nation::EnglandAndWales,
        setting: Some(Setting::RemovalCentre),
        received: date(2026, 12, 24),
        incident: Some(date(2026, 12, 1)),
        now: now(),
    }
}

fn input(category: &str) -> TriageInput {
    TriageInput { category: category.into(), ..TriageInput::default() }
}

fn decide(input: &TriageInput, ctx: TriageContext) -> Result<TriageDecision, FieldErrors> {
    triage(&preset_detention::preset(), input, ctx)
}

#[test]
fn an_in_time_service_complaint_goes_to_the_centre_supplier() {
    let d = decide(&input("service-delivery"), ctx()).unwrap();
    assert!(matches!(d.timeliness, Timeliness::InTime { .. }));
    assert_eq!(
        d.disposition,
        Disposition::Investigate {
            responders: vec!["supplier-centre-manager".into(), "hoie-manager".into()],
            records: RecordKeeping::Full
        }
    );
    assert!(d.investigated() && d.notices.is_empty() && d.redirect.is_none());
    let escort = decide(&input("service-delivery"), TriageContext { setting: Some(Setting::HoldingFacilityOrEscort), ..ctx() }).unwrap();
    assert_eq!(escort.disposition, Disposition::Investigate { responders: vec!["escort-supplier".into()], records: RecordKeeping::Full });
}

#[test]
fn an_unknown_category_or_subcategory_is_refused() {
    assert!(decide(&input("parking"), ctx()).unwrap_err().get("category").is_some());
    let wrong = TriageInput { subcategory: Some("criminal-theft".into()), ..input("minor-misconduct") };
    assert!(decide(&wrong, ctx()).unwrap_err().get("subcategory").is_some());
}

#[test]
fn a_late_complaint_needs_a_decision_with_a_reason() {
    let late = TriageContext { incident: Some(date(2026, 9, 1)), ..ctx() };
    let err = decide(&input("service-delivery"), late).unwrap_err();
    assert!(err.get("out_of_time").unwrap().ends_with("Decide whether to accept it and say why"), "{err}");
    let no_reason = TriageInput { out_of_time: Some(OutOfTimeDecision { accept: true, reason: " ".into() }), ..input("service-delivery") };
    assert_eq!(decide(&no_reason, late).unwrap_err().get("out_of_time.reason"), Some("Enter the reason for the out-of-time decision"));
}

#[test]
fn an_accepted_late_complaint_is_investigated() {
    let late = TriageContext { incident: Some(date(2026, 9, 1)), ..ctx() };
    let accept = TriageInput {
        out_of_time: Some(OutOfTimeDecision { accept: true, reason: "Complainant was in hospital".into() }),
        ..input("minor-misconduct")
    };
    let d = decide(&accept, late).unwrap();
    assert!(matches!(&d.timeliness, Timeliness::OutOfTimeAccepted { reason, .. } if reason == "Complainant was in hospital"));
    assert!(d.investigated() && d.notices.is_empty());
}

#[test]
fn a_refused_late_complaint_produces_the_out_of_time_notice() {
    let late = TriageContext { incident: Some(date(2026, 9, 1)), ..ctx() };
    let refuse = TriageInput {
        out_of_time: Some(OutOfTimeDecision { accept: false, reason: "No reason for delay".into() }),
        ..input("service-delivery")
    };
    let d = decide(&refuse, late).unwrap();
    assert_eq!(d.disposition, Disposition::RefusedOutOfTime);
    assert_eq!(d.notices, vec![LetterKind::OutOfTime]);
}

#[test]
fn serious_misconduct_always_goes_to_professional_standards_however_late() {
    let late = TriageContext { incident: Some(date(2025, 1, 1)), ..ctx() };
    let d = decide(&input("serious-misconduct"), late).unwrap();
    assert!(matches!(d.timeliness, Timeliness::AlwaysConsidered { .. }));
    assert_eq!(
        d.disposition,
        Disposition::Investigate { responders: vec!["professional-standards-unit".into()], records: RecordKeeping::Full }
    );
    // No incident date: still considered.
    assert_eq!(decide(&input("serious-misconduct"), TriageContext { incident: None, ..ctx() }).unwrap().timeliness, Timeliness::NotChecked);
}

#[test]
fn the_in_time_check_needs_the_incident_date() {
    let err = decide(&input("service-delivery"), TriageContext { incident: None, ..ctx() }).unwrap_err();
    assert!(err.get("incident_date").unwrap().starts_with("Enter the incident date"));
    let after = TriageContext { incident: Some(date(2026, 12, 25)), ..ctx() };
    assert!(decide(&input("service-delivery"), after).unwrap_err().get("incident_date").is_some());
}

#[test]
fn an_out_of_time_decision_on_an_in_time_complaint_is_refused() {
    let needless = TriageInput { out_of_time: Some(OutOfTimeDecision { accept: true, reason: "x".into() }), ..input("service-delivery") };
    assert!(decide(&needless, ctx()).unwrap_err().get("out_of_time").unwrap().contains("in time"));
    let healthcare = TriageInput { out_of_time: Some(OutOfTimeDecision { accept: true, reason: "x".into() }), ..input("healthcare") };
    assert!(decide(&healthcare, TriageContext { nation: Nation::Scotland, ..ctx() }).unwrap_err().get("out_of_time").is_some());
}

#[test]
fn out_of_scope_matters_are_redirected_with_a_notice() {
    let transfer = TriageInput { out_of_scope: Some("transfer-request".into()), ..input("service-delivery") };
    // Redirected matters are not checked for time.
    let d = decide(&transfer, TriageContext { incident: None, ..ctx() }).unwrap();
    assert_eq!(d.disposition, Disposition::Redirected);
    assert_eq!(d.timeliness, Timeliness::NotChecked);
    let redirect = d.redirect.unwrap();
    assert_eq!(redirect.to, "depmu");
    assert!(redirect.notice.contains("Detainee Escorting and Population Management Unit"));
    assert_eq!(d.notices, vec![LetterKind::Redirect]);
    let unknown = TriageInput { out_of_scope: Some("parking".into()), ..input("service-delivery") };
    assert!(decide(&unknown, ctx()).unwrap_err().get("out_of_scope").is_some());
}

#[test]
fn an_mp_letter_alleging_serious_misconduct_is_redirected_and_investigated() {
    let mp = TriageInput { out_of_scope: Some("mp-correspondence".into()), ..input("serious-misconduct") };
    let d = decide(&mp, ctx()).unwrap();
    assert!(d.investigated());
    assert_eq!(d.redirect.unwrap().to, "ministerial-correspondence");
    let mp_service = TriageInput { out_of_scope: Some("mp-correspondence".into()), ..input("service-delivery") };
    assert_eq!(decide(&mp_service, ctx()).unwrap().disposition, Disposition::Redirected);
}

#[test]
fn urgent_matters_are_escalated_at_once_with_the_time() {
    let urgent = TriageInput { urgent: vec!["threat-of-self-harm".into(), "threat-of-self-harm".into()], ..input("service-delivery") };
    let d = decide(&urgent, ctx()).unwrap();
    assert_eq!(d.escalations, vec![Escalation { matter: "threat-of-self-harm".into(), to: "supplier-duty-manager".into(), at: now() }]);
    // Escalated even when the complaint itself is redirected.
    let redirected =
        TriageInput { out_of_scope: Some("government-policy".into()), urgent: vec!["bullying".into()], ..input("service-delivery") };
    assert_eq!(decide(&redirected, ctx()).unwrap().escalations.len(), 1);
    let unknown = TriageInput { urgent: vec!["noise".into()], ..input("service-delivery") };
    assert!(decide(&unknown, ctx()).unwrap_err().get("urgent").is_some());
}

#[test]
fn a_criminal_allegation_is_referred_to_the_police_with_a_crime_reference() {
    let mut assault = TriageInput {
        subcategory: Some("criminal-assault".into()),
        referrals: vec![ReferralInput { trigger: "criminal".into(), reference: String::new() }],
        ..input("serious-misconduct")
    };
    assert_eq!(
        decide(&assault, ctx()).unwrap_err().get("referrals.0.reference"),
        Some("Enter the crime reference number or cad reference")
    );
    assault.referrals[0].reference = "CRN 44/12345/26".into();
    let d = decide(&assault, ctx()).unwrap();
    assert_eq!(d.referrals, vec![Referral { trigger: "criminal".into(), to: "police".into(), reference: Some("CRN 44/12345/26".into()) }]);
    assert!(d.suggested_referrals.is_empty());
}

#[test]
fn the_subcategory_suggests_a_referral_without_making_it() {
    let theft = TriageInput { subcategory: Some("criminal-theft".into()), ..input("serious-misconduct") };
    let d = decide(&theft, ctx()).unwrap();
    assert!(d.referrals.is_empty());
    assert_eq!(d.suggested_referrals, vec!["criminal".to_owned()]);
}

#[test]
fn human_rights_and_litigation_referrals_go_where_the_order_says() {
    let both = TriageInput {
        referrals: vec![
            ReferralInput { trigger: "human-rights-articles-2-3".into(), reference: String::new() },
            ReferralInput { trigger: "litigation".into(), reference: "PAP letter 3 Dec".into() },
        ],
        ..input("service-delivery")
    };
    let d = decide(&both, ctx()).unwrap();
    let to: Vec<&str> = d.referrals.iter().map(|r| r.to.as_str()).collect();
    assert_eq!(to, ["duty-director", "litigation-operations"]);
    let twice = TriageInput { referrals: vec![both.referrals[1].clone(), both.referrals[1].clone()], ..input("service-delivery") };
    assert!(decide(&twice, ctx()).unwrap_err().get("referrals").unwrap().contains("twice"));
    let unknown =
        TriageInput { referrals: vec![ReferralInput { trigger: "vet".into(), reference: String::new() }], ..input("service-delivery") };
    assert!(decide(&unknown, ctx()).unwrap_err().get("referrals").is_some());
}

#[test]
fn healthcare_in_england_is_passed_on_keeping_only_name_and_date() {
    let d = decide(&input("healthcare"), ctx()).unwrap();
    assert_eq!(d.disposition, Disposition::PassedToHealthcare { to: "healthcare-provider".into() });
    assert!(!d.investigated());
}

#[test]
fn healthcare_in_scotland_and_northern_ireland_is_logged_and_its_outcome_recorded() {
    for nation in [Nation::Scotland, Nation::NorthernIreland] {
        let d = decide(&input("healthcare"), TriageContext { nation, ..ctx() }).unwrap();
        assert_eq!(
            d.disposition,
            Disposition::Investigate { responders: vec!["healthcare-provider".into()], records: RecordKeeping::DetailsDateAndOutcome }
        );
        assert_eq!(d.timeliness, Timeliness::NotChecked);
    }
}

#[test]
fn a_setting_dependent_investigator_needs_the_setting() {
    let err = decide(&input("minor-misconduct"), TriageContext { setting: None, ..ctx() }).unwrap_err();
    assert!(err.get("setting").unwrap().starts_with("Say where the complaint arose"));
    assert!(decide(&input("serious-misconduct"), TriageContext { setting: None, ..ctx() }).is_ok());
}
