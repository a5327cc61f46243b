//! Receipt: every rule and every refusal, by name.

use super::*;
use crate::complaints::{preset_detention, preset_two_stage};
use jiff::civil::date;

fn now() -> Timestamp {
    "2026-12-24T15:00:00Z".parse().unwrap()
}

fn draft() -> ComplaintDraft {
    ComplaintDraft {
        arrived_by: "complaint-box".into(),
        received_at: "2026-12-24T09:15".into(),
        site_id: "3".into(),
        setting: "removal-centre".into(),
        complainant_ids: vec!["42".into()],
        incident_date: "2026-12-20".into(),
        summary: "My property was lost on transfer.".into(),
        ..ComplaintDraft::default()
    }
}

fn ok(d: &ComplaintDraft) -> NewComplaint {
    d.validate(&preset_detention::preset(), now()).unwrap()
}

fn refused(d: &ComplaintDraft, field: &str) -> String {
    let errors = d.validate(&preset_detention::preset(), now()).unwrap_err();
    errors.get(field).unwrap_or_else(|| panic!("no error on {field}: {errors}")).to_owned()
}

#[test]
fn a_complaint_box_form_is_received_in_london_time() {
    let c = ok(&draft());
    assert_eq!(c.arrived_by, ArrivedBy::ComplaintBox);
    assert_eq!(c.received_at, "2026-12-24T09:15:00Z".parse::<Timestamp>().unwrap());
    assert_eq!(c.complainants, Complainants::One { person_id: 42 });
    assert_eq!(c.setting, Some(Setting::RemovalCentre));
    assert_eq!(c.incident_date, Some(date(2026, 12, 20)));
    assert!(c.sealed_for.is_none() && c.third_party.is_none() && c.oral_allegation.is_none());
}

#[test]
fn every_way_of_arriving_round_trips() {
    for by in ArrivedBy::ALL {
        assert_eq!(by.slug().parse::<ArrivedBy>(), Ok(by));
        assert_eq!(serde_json::to_string(&by).unwrap(), format!("\"{}\"", by.slug()));
    }
    assert!(refused(&ComplaintDraft { arrived_by: "pigeon".into(), ..draft() }, "arrived_by").contains("pigeon"));
    assert_eq!(refused(&ComplaintDraft { arrived_by: " ".into(), ..draft() }, "arrived_by"), "Choose how the complaint arrived");
}

#[test]
fn a_future_receipt_is_refused() {
    let d = ComplaintDraft { received_at: "2026-12-24T16:00:00Z".into(), ..draft() };
    assert_eq!(refused(&d, "received_at"), "The time received cannot be in the future");
    // Five minutes of clock drift is tolerated.
    assert!(ComplaintDraft { received_at: "2026-12-24T15:04:00Z".into(), ..draft() }.validate(&preset_detention::preset(), now()).is_ok());
    assert!(refused(&ComplaintDraft { received_at: "yesterday".into(), ..draft() }, "received_at").contains("date and time"));
    assert!(refused(&ComplaintDraft { received_at: "1989-12-31T09:00:00Z".into(), ..draft() }, "received_at").contains("1990"));
}

#[test]
fn an_incident_after_receipt_is_refused() {
    let d = ComplaintDraft { incident_date: "2026-12-25".into(), ..draft() };
    assert_eq!(refused(&d, "incident_date"), "The incident date must be on or before the date the complaint was received");
    assert_eq!(ok(&ComplaintDraft { incident_date: "2026-12-24".into(), ..draft() }).incident_date, Some(date(2026, 12, 24)));
    assert_eq!(ok(&ComplaintDraft { incident_date: String::new(), ..draft() }).incident_date, None);
    assert!(refused(&ComplaintDraft { incident_date: "24/12/2026".into(), ..draft() }, "incident_date").contains("for example"));
}

#[test]
fn a_reallocated_complaint_says_where_from_and_only_it_does() {
    let d = ComplaintDraft { arrived_by: "reallocated".into(), ..draft() };
    assert_eq!(refused(&d, "reallocated_from"), "Enter the part of the organisation it came from");
    let c = ok(&ComplaintDraft { reallocated_from: "UKVI complaints unit".into(), ..d });
    assert_eq!(c.reallocated_from.as_deref(), Some("UKVI complaints unit"));
    let wrong = ComplaintDraft { reallocated_from: "UKVI".into(), ..draft() };
    assert!(refused(&wrong, "reallocated_from").starts_with("Only a reallocated complaint"));
}

#[test]
fn the_setting_is_needed_when_the_investigator_depends_on_it() {
    assert_eq!(refused(&ComplaintDraft { setting: String::new(), ..draft() }, "setting"), "Choose where the complaint arose");
    assert!(refused(&ComplaintDraft { setting: "prison".into(), ..draft() }, "setting").contains("prison"));
    // The two-stage procedure has one investigator everywhere.
    let two = ComplaintDraft { setting: String::new(), ..draft() }.validate(&preset_two_stage::preset(), now()).unwrap();
    assert_eq!(two.setting, None);
}

#[test]
fn anonymous_complaints_name_nobody() {
    let c = ok(&ComplaintDraft { anonymous: true, complainant_ids: vec![], ..draft() });
    assert_eq!(c.complainants, Complainants::Anonymous);
    assert_eq!(
        refused(&ComplaintDraft { anonymous: true, ..draft() }, "complainant_ids"),
        "An anonymous complaint cannot name a complainant"
    );
    let anon_group = ComplaintDraft { anonymous: true, group: true, complainant_ids: vec![], ..draft() };
    assert!(refused(&anon_group, "group").contains("cannot be anonymous"));
    assert_eq!(
        refused(&ComplaintDraft { complainant_ids: vec![], ..draft() }, "complainant_ids"),
        "Choose the complainant, or mark the complaint as anonymous"
    );
}

#[test]
fn group_complaints_name_at_least_two_people() {
    let ids = vec!["7".into(), "3".into(), "7".into()];
    let c = ok(&ComplaintDraft { group: true, complainant_ids: ids.clone(), ..draft() });
    assert_eq!(c.complainants, Complainants::Group { person_ids: vec![3, 7] });
    assert!(refused(&ComplaintDraft { group: false, complainant_ids: ids, ..draft() }, "group").contains("group complaint"));
    assert_eq!(refused(&ComplaintDraft { group: true, ..draft() }, "complainant_ids"), "A group complaint names at least two complainants");
    assert!(refused(&ComplaintDraft { complainant_ids: vec!["x".into()], ..draft() }, "complainant_ids").contains("not a valid"));
}

#[test]
fn a_third_party_complaint_needs_consent_recorded() {
    let consent = ThirdPartyDraft {
        complainant: "A. Shah, legal representative".into(),
        consent_given_by: "The detainee".into(),
        consent_method: "written".into(),
        consent_date: "2026-12-22".into(),
    };
    let c = ok(&ComplaintDraft { third_party: Some(consent.clone()), ..draft() });
    let tp = c.third_party.unwrap();
    assert_eq!((tp.consent_method, tp.consent_date), (ConsentMethod::Written, date(2026, 12, 22)));

    let none = ComplaintDraft { third_party: Some(ThirdPartyDraft { complainant: "A. Shah".into(), ..Default::default() }), ..draft() };
    let errors = none.validate(&preset_detention::preset(), now()).unwrap_err();
    assert_eq!(errors.get("third_party.consent_given_by"), Some("Enter who gave consent"));
    assert_eq!(errors.get("third_party.consent_method"), Some("Choose how consent was given"));
    assert_eq!(errors.get("third_party.consent_date"), Some("Enter the date consent was given"));
    let future = ThirdPartyDraft { consent_date: "2026-12-25".into(), ..consent.clone() };
    assert_eq!(
        refused(&ComplaintDraft { third_party: Some(future), ..draft() }, "third_party.consent_date"),
        "The consent date cannot be in the future"
    );
    let blank_who = ThirdPartyDraft { complainant: " ".into(), ..consent };
    assert!(refused(&ComplaintDraft { third_party: Some(blank_who), ..draft() }, "third_party.complainant").starts_with("Enter"));
}

#[test]
fn translation_needs_the_language() {
    let d = ComplaintDraft { translation_needed: true, ..draft() };
    assert!(refused(&d, "language").contains("so it can be translated"));
    let c = ok(&ComplaintDraft { language: "Tigrinya".into(), ..d });
    assert!(c.translation_needed);
    assert_eq!(c.language.as_deref(), Some("Tigrinya"));
}

#[test]
fn a_confidential_complaint_is_sealed_for_named_office_roles() {
    let d = ComplaintDraft { confidential: true, ..draft() };
    assert_eq!(refused(&d, "visible_to_roles"), "Choose the roles that may read this confidential complaint");
    let c = ok(&ComplaintDraft { visible_to_roles: vec!["manager".into(), "investigator".into(), "manager".into()], ..d.clone() });
    assert_eq!(c.sealed_for, Some(vec![Role::Investigator, Role::Manager]));
    assert!(c.may_be_read_by(Role::Manager) && !c.may_be_read_by(Role::CallHandler));
    assert!(ok(&draft()).may_be_read_by(Role::CallHandler));
    assert!(
        refused(&ComplaintDraft { visible_to_roles: vec!["monitoring-board".into()], ..d.clone() }, "visible_to_roles")
            .contains("own staff")
    );
    assert!(refused(&ComplaintDraft { visible_to_roles: vec!["janitor".into()], ..d }, "visible_to_roles").contains("janitor"));
    let unsealed = ComplaintDraft { visible_to_roles: vec!["manager".into()], ..draft() };
    assert!(refused(&unsealed, "visible_to_roles").starts_with("Only a confidential complaint"));
}

#[test]
fn an_oral_allegation_records_whether_the_complainant_was_encouraged_to_write() {
    let d = ComplaintDraft { arrived_by: "in-person".into(), oral_misconduct_allegation: true, ..draft() };
    assert!(refused(&d, "encouraged_to_write").starts_with("Say whether"));
    let c = ok(&ComplaintDraft { encouraged_to_write: Some(true), ..d.clone() });
    assert_eq!(c.oral_allegation, Some(OralAllegation { encouraged_to_write: true }));
    let by_letter = ComplaintDraft { arrived_by: "letter".into(), encouraged_to_write: Some(true), ..d };
    assert_eq!(refused(&by_letter, "oral_misconduct_allegation"), "An oral allegation is made by phone or in person");
    assert!(refused(&ComplaintDraft { encouraged_to_write: Some(false), ..draft() }, "encouraged_to_write").starts_with("Only an oral"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let errors = ComplaintDraft::default().validate(&preset_detention::preset(), now()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["arrived_by", "received_at", "site_id", "setting", "complainant_ids", "summary"]);
}
