//! The presets against their sources, and the lookups the workflow uses.

use super::lookups::LookupError;
use super::preset_detention::{self, PPO_WORDING};
use super::preset_two_stage;
use super::procedure::*;
use crate::deadlines::Period;
use crate::nation::Nation;

fn detention() -> Procedure {
    preset_detention::preset()
}

fn limit(p: &Procedure, key: &str) -> TimeLimit {
    p.limit(key).unwrap_or_else(|| panic!("no limit {key}")).clone()
}

fn starts_at(limit: &TimeLimit) -> Milestone {
    match &limit.starts {
        ClockStart::Milestone { milestone } => *milestone,
        ClockStart::WhenDue { limit } => panic!("starts when {limit} is due"),
    }
}

fn applied(p: &Procedure, category: &str, translation: bool) -> Vec<(String, Period)> {
    p.limits_for(category, translation).unwrap().into_iter().map(|a| (a.limit.key.clone(), a.period)).collect()
}

#[test]
fn every_detention_number_matches_the_order() {
    use Milestone::*;
    let p = detention();
    // (key, period, translated period, start, the milestone that does the job)
    let expected = [
        ("box-scan", Period::hours(6), None, BoxEmptied, Scanned),            // para 44
        ("translate", Period::hours(48), None, Received, Translated),         // para 45
        ("forward", Period::working_days(1), None, Received, ForwardedToHub), // para 36
        ("log", Period::working_days(2), None, ForwardedToHub, Logged),       // para 36
        ("allocate", Period::working_days(0), None, Logged, Allocated),       // para 36
        ("send-for-investigation", Period::working_days(3), Some(Period::working_days(5)), Received, SentForInvestigation), // para 46
        ("acknowledge", Period::working_days(2), None, Allocated, Acknowledged), // para 36
        ("respond", Period::working_days(20), None, Allocated, ResponseSent), // para 36 table
        ("evidence-request", Period::calendar_days(7), None, Allocated, EvidenceRequested), // para 49
        ("serious-misconduct-respond", Period::weeks(12), None, Received, ResponseSent), // para 36 table
        ("record-outcome", Period::working_days(2), None, ResponseSent, OutcomeRecorded), // para 47
    ];
    for (key, period, translated, start, stop) in expected {
        let l = limit(&p, key);
        assert_eq!(l.period, period, "{key}");
        assert_eq!(l.translated_period, translated, "{key}");
        assert_eq!(starts_at(&l), start, "{key}");
        assert!(l.stops.contains(&stop), "{key}");
        assert!(l.stops.contains(&Withdrawn), "{key}: withdrawal stops every clock");
        assert!(l.basis.starts_with("Para"), "{key}");
    }
    // Para 49: at least every four weeks once the twelve weeks have run out.
    let update = limit(&p, "serious-misconduct-update");
    assert_eq!(update.period, Period::weeks(4));
    assert_eq!(update.starts, ClockStart::WhenDue { limit: "serious-misconduct-respond".into() });
    assert_eq!(update.repeats_on, Some(UpdateSent));
    assert!(update.stops.contains(&ResponseSent));
    assert_eq!(p.limits.len(), expected.len() + 1, "a limit the test does not check");
    // Paras 29 and 45: three months from the incident.
    assert_eq!((p.in_time.key.as_str(), p.in_time.months), ("in-time", 3));
    // Para 48: appeal to the PPO within three months of the letter.
    let route = p.escalation_route("service-delivery", Nation::EnglandAndWales).unwrap();
    assert_eq!(route.escalation[0].within_months, Some(3));
    assert!(PPO_WORDING.contains("within three months of receiving this letter"));
}

#[test]
fn translation_lengthens_sending_and_adds_its_own_clock() {
    let p = detention();
    let plain = applied(&p, "service-delivery", false);
    let translated = applied(&p, "service-delivery", true);
    let get = |list: &[(String, Period)], key: &str| list.iter().find(|(k, _)| k == key).map(|(_, p)| *p);
    assert_eq!(get(&plain, "send-for-investigation"), Some(Period::working_days(3)));
    assert_eq!(get(&translated, "send-for-investigation"), Some(Period::working_days(5)));
    assert_eq!(get(&plain, "translate"), None);
    assert_eq!(get(&translated, "translate"), Some(Period::hours(48)));
    assert_eq!(get(&plain, "respond"), Some(Period::working_days(20)));
}

#[test]
fn each_category_runs_its_own_set_of_clocks() {
    let p = detention();
    let keys = |category: &str| applied(&p, category, false).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    let central = ["box-scan", "forward", "log", "allocate", "send-for-investigation", "acknowledge"];
    for category in ["service-delivery", "minor-misconduct"] {
        let mut want: Vec<&str> = central.to_vec();
        want.extend(["respond", "record-outcome"]);
        assert_eq!(keys(category), want, "{category}");
    }
    let mut serious: Vec<&str> = central.to_vec();
    serious.extend(["evidence-request", "serious-misconduct-respond", "serious-misconduct-update", "record-outcome"]);
    assert_eq!(keys("serious-misconduct"), serious);
    // Paras 9 and 19: NHS or provider timescales; only translation is ours.
    assert!(keys("healthcare").is_empty());
    assert_eq!(applied(&p, "healthcare", true), [("translate".to_owned(), Period::hours(48))]);
    assert!(p.category("healthcare").unwrap().received_when_translated);
}

#[test]
fn annex_a_categories_and_examples_are_all_there() {
    let p = detention();
    let count = |c: &str| p.subcategories_of(c).count();
    assert_eq!((count("service-delivery"), count("minor-misconduct"), count("serious-misconduct"), count("healthcare")), (5, 5, 20, 4));
    assert_eq!(p.subcategory("criminal-assault").unwrap().suggests_referral.as_deref(), Some("criminal"));
    assert_eq!(p.subcategory("corrupt-practices").unwrap().suggests_referral.as_deref(), Some("security-or-corruption"));
    assert_eq!(p.category("serious-misconduct").unwrap().out_of_time, OutOfTimeHandling::AlwaysConsidered);
    assert_eq!(p.category("minor-misconduct").unwrap().out_of_time, OutOfTimeHandling::Discretion);
}

#[test]
fn investigators_follow_the_table_in_para_36() {
    let p = detention();
    let who = |c: &str, s| p.investigator(c, s).unwrap().unwrap().bodies.clone();
    assert_eq!(who("service-delivery", Setting::RemovalCentre), ["supplier-centre-manager", "hoie-manager"]);
    assert_eq!(who("minor-misconduct", Setting::HoldingFacilityOrEscort), ["escort-supplier"]);
    assert_eq!(who("serious-misconduct", Setting::HoldingFacilityOrEscort), ["professional-standards-unit"]);
    assert_eq!(p.body("professional-standards-unit").unwrap().kind, BodyKind::ProfessionalStandards);
    assert_eq!(who("other-home-office", Setting::RemovalCentre), ["other-complaints-unit"]);
}

#[test]
fn escalation_routes_follow_para_39() {
    let p = detention();
    let first = |c: &str, n| {
        let route = p.escalation_route(c, n).unwrap();
        (route.escalation[0].ombudsman, route.escalation[0].via, route.records)
    };
    use Ombudsman::*;
    for n in Nation::ALL {
        assert_eq!(first("serious-misconduct", n), (PrisonsAndProbationOmbudsman, Via::Direct, RecordKeeping::Full));
        assert_eq!(first("other-home-office", n).1, Via::MemberOfParliament);
    }
    assert_eq!(
        first("healthcare", Nation::EnglandAndWales),
        (ParliamentaryAndHealthServiceOmbudsman, Via::Direct, RecordKeeping::NameAndDatePassedOn)
    );
    assert_eq!(
        first("healthcare", Nation::Scotland),
        (ScottishPublicServicesOmbudsman, Via::ComplaintsUnit, RecordKeeping::DetailsDateAndOutcome)
    );
    assert_eq!(
        first("healthcare", Nation::NorthernIreland),
        (NorthernIrelandPublicServicesOmbudsman, Via::ComplaintsUnit, RecordKeeping::DetailsDateAndOutcome)
    );
    assert_eq!(
        first("external-healthcare", Nation::Scotland),
        (ScottishPublicServicesOmbudsman, Via::Direct, RecordKeeping::NameAndDatePassedOn)
    );
    assert_eq!(p.escalation_route("respond", Nation::Scotland).unwrap_err(), LookupError::UnknownCategory("respond".into()));
}

#[test]
fn redirects_urgent_matters_and_referrals_are_the_orders() {
    let p = detention();
    let redirects: Vec<(&str, &str)> = p.out_of_scope.iter().map(|o| (o.key.as_str(), o.redirect_to.as_str())).collect();
    assert_eq!(
        redirects,
        [
            ("immigration-status", "home-office-elsewhere"),
            ("legislation", "home-office-elsewhere"),
            ("government-policy", "home-office-elsewhere"),
            ("information-rights", "home-office-elsewhere"),
            ("other-organisation", "responsible-organisation"),
            ("mp-correspondence", "ministerial-correspondence"),
            ("transfer-request", "depmu"),
            ("not-centre-responsibility", "originating-centre"),
        ]
    );
    assert_eq!(p.out_of_scope_matter("mp-correspondence").unwrap().still_handled_as, ["serious-misconduct"]);
    assert!(p.out_of_scope_matter("not-centre-responsibility").unwrap().notice.contains("No reply will be provided centrally"));
    for key in ["threat-of-self-harm", "bullying"] {
        assert_eq!(p.urgent_matter(key).unwrap().escalate_to, "supplier-duty-manager");
    }
    let referral = |k: &str| p.referral(k).unwrap().clone();
    assert_eq!(referral("criminal").refer_to, "police");
    assert_eq!(referral("criminal").reference_label.as_deref(), Some("Crime reference number or CAD reference"));
    assert!(referral("criminal").even_if_complainant_objects);
    assert_eq!(referral("human-rights-articles-2-3").refer_to, "duty-director");
    assert_eq!(referral("litigation").refer_to, "litigation-operations");
    assert_eq!(p.reference_format.format("MORTON", 2025, 42), "MORTON-2025-00042");
}

#[test]
fn the_two_stage_preset_uses_the_same_mechanism() {
    let p = preset_two_stage::preset();
    let got = applied(&p, "service", false);
    assert_eq!(
        got,
        [
            ("acknowledge".to_owned(), Period::working_days(3)),
            ("stage-1-respond".to_owned(), Period::working_days(5)),
            ("stage-2-acknowledge".to_owned(), Period::working_days(3)),
            ("stage-2-respond".to_owned(), Period::working_days(20)),
        ]
    );
    assert_eq!(applied(&p, "service", true), got, "no translation clocks in this preset");
    assert!(limit(&p, "stage-1-respond").stops.contains(&Milestone::MovedToStageTwo));
    assert_eq!(limit(&p, "stage-2-respond").pauses, [Pause { from: Milestone::ConsentRequested, until: Milestone::ConsentReceived }]);
    assert_eq!(p.in_time.months, 12);
    let england = p.escalation_route("staff-conduct", Nation::EnglandAndWales).unwrap();
    assert_eq!(
        (england.escalation[0].ombudsman, england.escalation[0].via),
        (Ombudsman::ParliamentaryAndHealthServiceOmbudsman, Via::MemberOfParliament)
    );
    assert_eq!(
        p.escalation_route("service", Nation::Scotland).unwrap().escalation[0].ombudsman,
        Ombudsman::ScottishPublicServicesOmbudsman
    );
    assert_eq!(p.reference_format.format("HQ", 2026, 7), "HQ/2026/0007");
}

#[test]
fn both_presets_validate_and_round_trip_as_json() {
    for p in super::presets() {
        assert_eq!(p.validate(), Ok(()), "{}", p.key);
        let json = serde_json::to_string_pretty(&p).unwrap();
        let back: Procedure = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p, "{}", p.key);
        assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json);
    }
    let json = serde_json::to_value(detention()).unwrap();
    assert_eq!(json["reference_format"], "{site}-{year}-{seq:05}");
    assert_eq!(json["limits"][0]["period"], serde_json::json!({"amount": 6, "unit": "hours"}));
    assert_eq!(json["limits"][0]["starts"], serde_json::json!({"kind": "milestone", "milestone": "box-emptied"}));
}
