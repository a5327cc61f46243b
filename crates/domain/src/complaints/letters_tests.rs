//! Tests of the letter templates, their merge fields and `fill`.

use super::*;
use crate::complaints::response::Point;
use proptest::prelude::*;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn base() -> LetterFacts {
    LetterFacts {
        addressee: Some(Addressee::Named { name: "Amir Haddad".into(), address: "Room 12, Morton Hall IRC".into() }),
        reference: Some("MORTON-2026-00042".into()),
        letter_date: Some(date("2026-11-23")),
        received_on: Some(date("2026-11-02")),
        sender_name: Some("J. Smith, Centre Manager".into()),
        ..LetterFacts::default()
    }
}

fn values(pairs: &[(MergeField, &str)]) -> MergeValues {
    pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect()
}

#[test]
fn each_letter_needs_the_fields_the_seed_names() {
    use MergeField::*;
    let common = [ComplainantName, ComplainantAddress, LetterDate, Reference, ReceivedDate];
    let wanted: [(LetterKind, &[MergeField]); 6] = [
        (LetterKind::Acknowledgement, &[TargetDate]),
        (LetterKind::Interim, &[TargetDate, DelayReason, NewTargetDate]),
        (LetterKind::Update, &[TargetDate, Progress, NextUpdateDate]),
        (LetterKind::Response, &[Findings, Outcome, ActionToBeTaken, OmbudsmanWording]),
        (LetterKind::OutOfTime, &[TimeLimit, IncidentDate, OutOfTimeReason]),
        (LetterKind::Redirect, &[RedirectMatter, RedirectBody]),
    ];
    assert_eq!(wanted.map(|(k, _)| k), LETTER_KINDS);
    for (kind, own) in wanted {
        let mut expected: Vec<MergeField> = common.to_vec();
        expected.extend_from_slice(own);
        expected.push(SenderName);
        let mut got = placeholders(default_template(kind)).unwrap();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{kind:?}");
    }
}

#[test]
fn an_acknowledgement_is_produced_with_the_target_date() {
    let facts = LetterFacts { target_date: Some(date("2026-12-22")), ..base() };
    let text = check_letter(ACKNOWLEDGEMENT, &facts).unwrap();
    assert!(text.starts_with("Amir Haddad\nRoom 12, Morton Hall IRC\n\n23 November 2026\n\nOur reference: MORTON-2026-00042"), "{text}");
    assert!(text.contains("received on 2 November 2026"), "{text}");
    assert!(text.contains("by 22 December 2026"), "{text}");
    assert!(text.ends_with("J. Smith, Centre Manager\n"), "{text}");
}

#[test]
fn missing_facts_are_named() {
    let err = check_letter(INTERIM, &base()).unwrap_err();
    assert_eq!(
        err,
        FillError::Placeholders {
            unknown: vec![],
            missing: vec![MergeField::TargetDate, MergeField::DelayReason, MergeField::NewTargetDate]
        }
    );
    assert_eq!(
        err.to_string(),
        "There is no value for: {target_date} (the target date for the response), {delay_reason} (the reason for the delay), \
         {new_target_date} (the new target date)"
    );
    let blank = LetterFacts {
        delay_reason: Some("  ".into()),
        target_date: Some(date("2026-12-01")),
        new_target_date: Some(date("2027-01-05")),
        ..base()
    };
    assert!(check_letter(INTERIM, &blank).unwrap_err().to_string().contains("{delay_reason}"));
}

#[test]
fn anonymous_complaints_still_get_letters() {
    let facts = LetterFacts { addressee: Some(Addressee::Anonymous), target_date: Some(date("2026-12-22")), ..base() };
    let text = check_letter(ACKNOWLEDGEMENT, &facts).unwrap();
    assert!(text.starts_with("Anonymous complainant\nNo address: anonymous complaint\n"), "{text}");
    let nobody = LetterFacts { addressee: None, ..facts };
    let err = check_letter(ACKNOWLEDGEMENT, &nobody).unwrap_err().to_string();
    assert!(err.contains("{complainant_name}") && err.contains("{complainant_address}"), "{err}");
}

#[test]
fn the_response_letter_carries_the_draft() {
    let wording = "If you remain dissatisfied you may also appeal to the Prisons and Probation Ombudsman.".to_owned();
    let content = DraftContent {
        points: vec![Point { point: "Lost bag".into(), answer: "Found and returned.".into() }],
        investigation_and_findings: "We checked the property log.".into(),
        outcome: Some(Outcome::PartiallySubstantiated),
        action_to_be_taken: "Staff will be reminded of the property procedure.".into(),
        escalation_wording: wording,
        leaflet_enclosed: true,
        feedback_form_enclosed: true,
    };
    let text = check_letter(RESPONSE, &base().with_response(&content)).unwrap();
    assert!(text.contains("1. Lost bag\nFound and returned.\n\nWe checked the property log."), "{text}");
    assert!(text.contains("found to be partially substantiated."), "{text}");
    assert!(text.contains("If you are not satisfied\n\nIf you remain dissatisfied you may also appeal to the Prisons"), "{text}");
    assert!(text.contains("feedback form"), "{text}");
}

#[test]
fn a_progress_update_says_when_the_next_one_is_due() {
    let facts = LetterFacts {
        target_date: Some(date("2027-01-25")),
        progress: Some("We have interviewed three officers and are reviewing CCTV.".into()),
        next_update_date: Some(date("2027-02-22")),
        ..base()
    };
    let text = check_letter(default_template(LetterKind::Update), &facts).unwrap();
    assert!(text.contains("by 25 January 2027") && text.contains("again by 22 February 2027"), "{text}");
    assert!(text.contains("reviewing CCTV."), "{text}");
}

#[test]
fn every_letter_a_preset_names_has_wording() {
    for procedure in crate::complaints::presets() {
        for category in &procedure.categories {
            for kind in &category.letters {
                assert!(LETTER_KINDS.contains(kind));
                assert!(!placeholders(default_template(*kind)).unwrap().is_empty());
            }
        }
    }
}

#[test]
fn out_of_time_and_redirect_letters() {
    let late = LetterFacts {
        time_limit: Some("three months".into()),
        incident_date: Some(date("2026-05-01")),
        out_of_time_reason: Some("the events cannot now be investigated".into()),
        ..base()
    };
    let text = check_letter(OUT_OF_TIME, &late).unwrap();
    assert!(text.contains("within three months of the date") && text.contains("events on 1 May 2026"), "{text}");
    let redirect = LetterFacts {
        redirect_matter: Some("your immigration status".into()),
        redirect_body: Some("UK Visas and Immigration".into()),
        ..base()
    };
    let text = check_letter(REDIRECT, &redirect).unwrap();
    assert!(text.contains("concerns your immigration status") && text.contains("passed it to UK Visas and Immigration"), "{text}");
}

#[test]
fn unknown_placeholders_are_named_with_the_missing_ones() {
    let err = fill("Dear {complainant_name}, re {ref} and {colour} {ref}", &MergeValues::new()).unwrap_err();
    assert_eq!(err, FillError::Placeholders { unknown: vec!["ref".into(), "colour".into()], missing: vec![MergeField::ComplainantName] });
    assert_eq!(
        err.to_string(),
        "The template has unknown placeholders: {ref}, {colour}. There is no value for: {complainant_name} (the complainant's name)"
    );
    assert!(matches!(fill("Hello {}", &MergeValues::new()), Err(FillError::Placeholders { .. })));
}

#[test]
fn stray_braces_are_refused_with_their_position() {
    assert_eq!(fill("Dear {complainant_name", &MergeValues::new()), Err(FillError::Unclosed { at: 6 }));
    assert_eq!(fill("a } b", &MergeValues::new()), Err(FillError::Unopened { at: 3 }));
    assert_eq!(fill("{{reference}}", &MergeValues::new()), Err(FillError::Unclosed { at: 1 }));
}

#[test]
fn values_with_braces_are_refused() {
    let v = values(&[(MergeField::Reference, "A{reference}")]);
    let err = fill("Ref {reference}", &v).unwrap_err();
    assert_eq!(err, FillError::BraceInValue { field: MergeField::Reference });
    assert!(err.to_string().starts_with("The value for {reference} (the complaint reference) contains"), "{err}");
}

#[test]
fn fill_replaces_every_use_and_trims_values() {
    let v = values(&[(MergeField::Reference, "  R1 "), (MergeField::Outcome, "upheld")]);
    assert_eq!(fill("{reference}/{reference}: {outcome}.", &v).unwrap(), "R1/R1: upheld.");
    assert_eq!(fill("no fields", &MergeValues::new()).unwrap(), "no fields");
}

#[test]
fn fields_have_stable_spellings() {
    for f in MergeField::ALL {
        assert_eq!(MergeField::from_placeholder(f.placeholder()), Some(f));
    }
    assert_eq!(letter_date(date("2027-01-05")), "5 January 2027");
}

fn any_field() -> impl Strategy<Value = MergeField> {
    prop::sample::select(MergeField::ALL.to_vec())
}

/// Random templates from text (including stray braces and unknown names)
/// and known placeholders.
fn any_template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[^{}]{0,12}",
        4 => any_field().prop_map(|f| format!("{{{}}}", f.placeholder())),
        1 => "\\{[a-z_]{0,8}\\}",
        1 => prop::sample::select(vec!["{".to_owned(), "}".to_owned()]),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn fill_never_leaves_a_placeholder(
        template in any_template(),
        given in prop::collection::btree_map(any_field(), "\\PC{0,20}", 0..19),
    ) {
        if let Ok(out) = fill(&template, &given) {
            prop_assert!(!out.contains('{') && !out.contains('}'), "{:?} -> {:?}", template, out);
        }
    }

    #[test]
    fn fill_succeeds_exactly_when_every_used_field_has_a_value(
        fields in prop::collection::vec(any_field(), 0..8),
        text in "[^{}]{0,20}",
        given in prop::collection::btree_map(any_field(), "[a-z]{1,10}", 0..19),
    ) {
        let template: String = fields.iter().map(|f| format!("{text}{{{}}}", f.placeholder())).collect();
        let result = fill(&template, &given);
        let missing: Vec<MergeField> = fields.iter().copied().filter(|f| !given.contains_key(f)).collect();
        prop_assert_eq!(result.is_ok(), missing.is_empty());
        if let Err(FillError::Placeholders { missing: named, unknown }) = result {
            prop_assert!(unknown.is_empty());
            for f in missing {
                prop_assert!(named.contains(&f));
            }
        }
    }
}
