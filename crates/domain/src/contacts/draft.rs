//! Turning a submitted contact form (or API body) into a contact we can
//! save: every problem is reported against the field the user must fix.

use super::{Channel, ContactCategory, ContactOutcome, Direction};
use crate::triage::{RulesInForce, Triage, TriageDraft, validate_triage};
use crate::validation::{FieldErrors, required_text};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Handlers' and servers' clocks drift; a contact logged "now" on a PC a
/// little ahead of the server must not be refused.
const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);
/// No office we serve has records from before 1990: an earlier year is a typo.
const EARLIEST: Timestamp = Timestamp::constant(631_152_000, 0); // 1990-01-01T00:00:00Z
const SUBJECT_MAX: usize = 200;
const NOTES_MAX: usize = 20_000;
const ORGANISATION_MAX: usize = 200;
const PURPOSE_MAX: usize = 1_000;
const MESSAGE_MAX: usize = 5_000;
/// A day: longer is certainly a typing error.
const DURATION_MAX_SECONDS: u32 = 86_400;

/// A contact as typed: raw text, exactly as the form or API sent it.
/// The handler is the signed-in user and is added by the caller, not the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactDraft {
    /// RFC 3339 (`2026-11-23T09:15:00Z`) or London wall-clock time as a
    /// browser's `datetime-local` sends it (`2026-11-23T09:15`).
    pub occurred_at: String,
    pub channel: String,
    pub direction: String,
    pub site_id: String,
    pub person_id: String,
    pub anonymous: bool,
    pub subject: String,
    pub notes: String,
    pub category: String,
    pub outcome: String,
    /// Seconds; blank when not known.
    pub duration_seconds: String,
    /// Malicious or abusive contacts: was the caller warned that abuse ends the call?
    pub caller_warned: Option<bool>,
    /// Malicious or abusive telephone calls: did the handler end the call?
    pub call_ended: Option<bool>,
    pub sales_organisation: String,
    pub sales_purpose: String,
    /// User id of the member of staff the message is for.
    pub message_for: String,
    pub message_text: String,
    /// A THRIVE assessment, when the handler made one.
    pub triage: Option<TriageDraft>,
}

/// What the category obliges the handler to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CategoryDetail {
    None,
    /// OPCC procedure 5.8(f): warn, then end the call if the abuse continues.
    /// `call_ended` is `None` for channels that are not telephone calls.
    Malicious {
        caller_warned: bool,
        call_ended: Option<bool>,
    },
    /// OPCC procedure 5.9(a): who was selling, and what.
    Sales {
        organisation: String,
        purpose: String,
    },
}

/// A message for a named member of staff, instead of a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRequest {
    pub recipient_id: i64,
    pub text: String,
}

/// A contact that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidContact {
    pub occurred_at: Timestamp,
    pub channel: Channel,
    pub direction: Direction,
    pub site_id: i64,
    /// `None` exactly when the contact is anonymous.
    pub person_id: Option<i64>,
    pub subject: String,
    pub notes: String,
    pub category: ContactCategory,
    pub detail: CategoryDetail,
    pub outcome: ContactOutcome,
    pub message: Option<MessageRequest>,
    pub duration_seconds: Option<u32>,
    /// The THRIVE assessment with its proposed and final grade, if one was made.
    pub triage: Option<Triage>,
}

/// Checks a draft against `now` (read once at the edge) and grades its THRIVE
/// assessment, if any, by `rules`, collecting every problem rather than
/// stopping at the first, in the order of the form.
pub fn validate(draft: &ContactDraft, now: Timestamp, rules: &RulesInForce) -> Result<ValidContact, FieldErrors> {
    let mut errors = FieldErrors::new();

    let occurred_at = errors.check("occurred_at", parse_time(&draft.occurred_at, now));
    let channel = errors.check("channel", draft.channel.parse::<Channel>());
    let direction = errors.check("direction", draft.direction.parse::<Direction>());
    let site_id = errors.check("site_id", parse_id(&draft.site_id, "Choose the site"));

    let person_id = match (draft.anonymous, draft.person_id.trim().is_empty()) {
        (true, true) => Some(None),
        (true, false) => {
            errors.add("person_id", "An anonymous contact cannot name a person");
            None
        }
        (false, _) => {
            errors.check("person_id", parse_id(&draft.person_id, "Choose the person, or mark the contact as anonymous")).map(Some)
        }
    };

    let subject = errors.check("subject", required_text(&draft.subject, "a subject", SUBJECT_MAX));
    let notes = errors.check("notes", optional_text(&draft.notes, "Notes", NOTES_MAX));
    let category = errors.check("category", draft.category.parse::<ContactCategory>());
    let detail = category.and_then(|c| category_detail(c, channel, draft, &mut errors));
    let outcome = errors.check("outcome", draft.outcome.parse::<ContactOutcome>());
    let message = outcome.and_then(|o| message_request(o, draft, &mut errors));
    let duration_seconds = errors.check("duration_seconds", parse_duration(&draft.duration_seconds));
    let triage = match &draft.triage {
        None => Some(None),
        Some(t) => match validate_triage(t, rules) {
            Ok(triage) => Some(Some(triage)),
            Err(problems) => {
                for p in problems.iter() {
                    errors.add(&p.field, p.message.clone());
                }
                None
            }
        },
    };

    match (
        occurred_at,
        channel,
        direction,
        site_id,
        person_id,
        subject,
        notes,
        category,
        detail,
        outcome,
        message,
        duration_seconds,
        triage,
    ) {
        (
            Some(occurred_at),
            Some(channel),
            Some(direction),
            Some(site_id),
            Some(person_id),
            Some(subject),
            Some(notes),
            Some(category),
            Some(detail),
            Some(outcome),
            Some(message),
            Some(duration_seconds),
            Some(triage),
        ) if errors.is_empty() => Ok(ValidContact {
            occurred_at,
            channel,
            direction,
            site_id,
            person_id,
            subject,
            notes,
            category,
            detail,
            outcome,
            message,
            duration_seconds,
            triage,
        }),
        _ => Err(errors),
    }
}

fn parse_time(raw: &str, now: Timestamp) -> Result<Timestamp, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Enter the time of the contact".into());
    }
    let at = match raw.parse::<Timestamp>() {
        Ok(ts) => ts,
        Err(_) => raw
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|local| local.to_zoned(crate::calendar::london()).ok())
            .map(|zoned| zoned.timestamp())
            .ok_or("Enter the time of the contact as a date and time, for example 2026-11-23T09:15")?,
    };
    if at < EARLIEST {
        return Err("The time of the contact must be in 1990 or later".into());
    }
    if at > now.checked_add(CLOCK_SKEW).unwrap_or(Timestamp::MAX) {
        return Err("The time of the contact cannot be in the future".into());
    }
    Ok(at)
}

fn parse_id(raw: &str, missing: &str) -> Result<i64, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(missing.to_owned());
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!("\"{raw}\" is not a valid record number")),
    }
}

fn optional_text(raw: &str, what: &str, max_chars: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.chars().count() > max_chars {
        return Err(format!("{what} must be {max_chars} characters or fewer"));
    }
    // Notes are multi-line: allow line breaks and tabs, refuse other control characters.
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(format!("{what} must not contain control characters"));
    }
    Ok(value.to_owned())
}

fn parse_duration(raw: &str) -> Result<Option<u32>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(secs) if (0..=i64::from(DURATION_MAX_SECONDS)).contains(&secs) => Ok(u32::try_from(secs).ok()),
        Ok(_) => Err(format!("Duration must be between 0 and {DURATION_MAX_SECONDS} seconds (24 hours)")),
        Err(_) => Err("Duration must be a whole number of seconds".into()),
    }
}

fn category_detail(
    category: ContactCategory,
    channel: Option<Channel>,
    draft: &ContactDraft,
    errors: &mut FieldErrors,
) -> Option<CategoryDetail> {
    match category {
        ContactCategory::MaliciousOrAbusive => {
            let caller_warned = draft.caller_warned;
            if caller_warned.is_none() {
                errors.add("caller_warned", "Say whether the caller was warned that abuse would end the call");
            }
            let telephone = channel.map(Channel::is_telephone);
            let call_ended = match (telephone, draft.call_ended) {
                (Some(true), None) => {
                    errors.add("call_ended", "Say whether the call was ended");
                    None
                }
                (Some(true), answer) => Some(answer),
                (Some(false), Some(_)) => {
                    errors.add("call_ended", "Only a telephone call can be ended: leave \"call ended\" blank for this channel");
                    None
                }
                (Some(false), None) => Some(None),
                // Unknown channel: already reported against `channel`.
                (None, _) => None,
            };
            Some(CategoryDetail::Malicious { caller_warned: caller_warned?, call_ended: call_ended? })
        }
        ContactCategory::SalesOrMarketing => {
            let organisation =
                errors.check("sales_organisation", required_text(&draft.sales_organisation, "the organisation", ORGANISATION_MAX));
            let purpose = errors.check("sales_purpose", required_text(&draft.sales_purpose, "what the call was about", PURPOSE_MAX));
            Some(CategoryDetail::Sales { organisation: organisation?, purpose: purpose? })
        }
        _ => Some(CategoryDetail::None),
    }
}

fn message_request(outcome: ContactOutcome, draft: &ContactDraft, errors: &mut FieldErrors) -> Option<Option<MessageRequest>> {
    if outcome != ContactOutcome::MessageTaken {
        return Some(None);
    }
    let recipient_id = errors.check("message_for", parse_id(&draft.message_for, "Choose who the message is for"));
    let text = errors.check("message_text", required_text(&draft.message_text, "the message", MESSAGE_MAX));
    Some(Some(MessageRequest { recipient_id: recipient_id?, text: text? }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn draft() -> ContactDraft {
        ContactDraft {
            occurred_at: "2026-11-23T09:45:00Z".into(),
            channel: "call-101".into(),
            direction: "inbound".into(),
            site_id: "3".into(),
            person_id: "42".into(),
            subject: "Asked about a crime reference".into(),
            category: "enquiry".into(),
            outcome: "resolved-at-first-contact".into(),
            duration_seconds: "240".into(),
            ..ContactDraft::default()
        }
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_complete_draft_is_valid() {
        let c = validate(&draft(), now(), &RulesInForce::preset()).unwrap();
        assert_eq!(c.channel, Channel::Call101);
        assert_eq!(c.person_id, Some(42));
        assert_eq!(c.duration_seconds, Some(240));
        assert_eq!(c.detail, CategoryDetail::None);
        assert_eq!(c.message, None);
    }

    #[test]
    fn local_form_times_are_london_time() {
        // 23 July is BST: 09:45 in London is 08:45 UTC.
        let d = ContactDraft { occurred_at: "2026-07-23T09:45".into(), ..draft() };
        let c = validate(&d, now(), &RulesInForce::preset()).unwrap();
        assert_eq!(c.occurred_at, "2026-07-23T08:45:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn future_and_ancient_times_are_refused() {
        let d = ContactDraft { occurred_at: "2026-11-23T10:06:00Z".into(), ..draft() };
        assert_eq!(
            validate(&d, now(), &RulesInForce::preset()).unwrap_err().get("occurred_at"),
            Some("The time of the contact cannot be in the future")
        );
        let skew = ContactDraft { occurred_at: "2026-11-23T10:04:00Z".into(), ..draft() };
        assert!(validate(&skew, now(), &RulesInForce::preset()).is_ok());
        let old = ContactDraft { occurred_at: "1989-12-31T23:59:00Z".into(), ..draft() };
        assert!(validate(&old, now(), &RulesInForce::preset()).unwrap_err().get("occurred_at").unwrap().contains("1990"));
        let junk = ContactDraft { occurred_at: "yesterday".into(), ..draft() };
        assert!(validate(&junk, now(), &RulesInForce::preset()).is_err());
    }

    #[test]
    fn every_problem_is_named() {
        let d = ContactDraft { occurred_at: String::new(), channel: "pigeon".into(), subject: " ".into(), ..draft() };
        let errors = validate(&d, now(), &RulesInForce::preset()).unwrap_err();
        assert_eq!(fields(&errors), ["occurred_at", "channel", "subject"]);
        assert!(errors.get("channel").unwrap().contains("pigeon"));
    }

    #[test]
    fn anonymous_contacts_need_no_person() {
        let anon = ContactDraft { anonymous: true, person_id: String::new(), ..draft() };
        assert_eq!(validate(&anon, now(), &RulesInForce::preset()).unwrap().person_id, None);
        let nobody = ContactDraft { person_id: String::new(), ..draft() };
        assert_eq!(fields(&validate(&nobody, now(), &RulesInForce::preset()).unwrap_err()), ["person_id"]);
        let both = ContactDraft { anonymous: true, ..draft() };
        assert_eq!(fields(&validate(&both, now(), &RulesInForce::preset()).unwrap_err()), ["person_id"]);
    }

    #[test]
    fn malicious_calls_record_warning_and_ending() {
        let bare = ContactDraft { category: "malicious-or-abusive".into(), ..draft() };
        assert_eq!(fields(&validate(&bare, now(), &RulesInForce::preset()).unwrap_err()), ["caller_warned", "call_ended"]);
        let full = ContactDraft { caller_warned: Some(true), call_ended: Some(true), ..bare.clone() };
        assert_eq!(
            validate(&full, now(), &RulesInForce::preset()).unwrap().detail,
            CategoryDetail::Malicious { caller_warned: true, call_ended: Some(true) }
        );
        let email = ContactDraft { channel: "email".into(), ..full.clone() };
        assert_eq!(fields(&validate(&email, now(), &RulesInForce::preset()).unwrap_err()), ["call_ended"]);
        let email_ok = ContactDraft { call_ended: None, ..email };
        assert_eq!(
            validate(&email_ok, now(), &RulesInForce::preset()).unwrap().detail,
            CategoryDetail::Malicious { caller_warned: true, call_ended: None }
        );
    }

    #[test]
    fn sales_calls_record_organisation_and_purpose() {
        let bare = ContactDraft { category: "sales-or-marketing".into(), ..draft() };
        assert_eq!(fields(&validate(&bare, now(), &RulesInForce::preset()).unwrap_err()), ["sales_organisation", "sales_purpose"]);
        let full = ContactDraft { sales_organisation: "Acme Ltd".into(), sales_purpose: "Selling printer toner".into(), ..bare };
        assert!(matches!(validate(&full, now(), &RulesInForce::preset()).unwrap().detail, CategoryDetail::Sales { .. }));
    }

    #[test]
    fn a_message_needs_a_recipient_and_text() {
        let bare = ContactDraft { category: "request-to-speak".into(), outcome: "message-taken".into(), ..draft() };
        assert_eq!(fields(&validate(&bare, now(), &RulesInForce::preset()).unwrap_err()), ["message_for", "message_text"]);
        let full = ContactDraft { message_for: "7".into(), message_text: "Please call back about the letter".into(), ..bare };
        assert_eq!(validate(&full, now(), &RulesInForce::preset()).unwrap().message.unwrap().recipient_id, 7);
        let transfer = ContactDraft { outcome: "transferred".into(), ..draft() };
        assert_eq!(fields(&validate(&transfer, now(), &RulesInForce::preset()).unwrap_err()), ["outcome"]);
    }

    fn thrive(decision: &str) -> TriageDraft {
        TriageDraft {
            threat: "low".into(),
            harm: "low".into(),
            risk: "medium".into(),
            risk_note: "Ex-partner has turned up before".into(),
            investigation: "none".into(),
            vulnerability: "low".into(),
            engagement: "low".into(),
            decision: decision.into(),
            ..TriageDraft::default()
        }
    }

    #[test]
    fn a_thrive_assessment_is_graded_with_the_contact() {
        let plain = validate(&draft(), now(), &RulesInForce::preset()).unwrap();
        assert_eq!(plain.triage, None);
        let d = ContactDraft { triage: Some(thrive("accept")), ..draft() };
        let rules = RulesInForce { version: Some(2), ..RulesInForce::preset() };
        let t = validate(&d, now(), &rules).unwrap().triage.unwrap();
        assert_eq!((t.outcome.proposed, t.outcome.final_grade), (crate::triage::Grade::Scheduled, crate::triage::Grade::Scheduled));
        assert_eq!(t.policy_version, Some(2));
    }

    #[test]
    fn thrive_problems_are_reported_with_the_contacts() {
        let overridden = TriageDraft { override_grade: "priority".into(), ..thrive("override") };
        let d = ContactDraft { subject: String::new(), triage: Some(overridden), ..draft() };
        let errors = validate(&d, now(), &RulesInForce::preset()).unwrap_err();
        assert_eq!(fields(&errors), ["subject", "override_reason"]);
        assert_eq!(errors.get("override_reason"), Some("Enter the reason for changing the grade"));
    }

    #[test]
    fn long_text_is_refused() {
        let d = ContactDraft { subject: "x".repeat(201), notes: "y".repeat(20_001), ..draft() };
        assert_eq!(fields(&validate(&d, now(), &RulesInForce::preset()).unwrap_err()), ["subject", "notes"]);
        let multi_line = ContactDraft { notes: "line one\nline two".into(), ..draft() };
        assert!(validate(&multi_line, now(), &RulesInForce::preset()).is_ok());
    }

    proptest! {
        #[test]
        fn times_beyond_the_skew_are_refused(ahead in 301i64..10_000_000) {
            let at = now().checked_add(SignedDuration::from_secs(ahead)).unwrap();
            let d = ContactDraft { occurred_at: at.to_string(), ..draft() };
            let errors = validate(&d, now(), &RulesInForce::preset()).unwrap_err();
            prop_assert_eq!(errors.get("occurred_at"), Some("The time of the contact cannot be in the future"));
        }

        #[test]
        fn past_times_since_1990_are_accepted(back in -300i64..1_000_000_000) {
            let at = now().checked_sub(SignedDuration::from_secs(back)).unwrap();
            let d = ContactDraft { occurred_at: at.to_string(), ..draft() };
            prop_assert_eq!(validate(&d, now(), &RulesInForce::preset()).unwrap().occurred_at, at);
        }

        #[test]
        fn durations_are_checked(secs in any::<i64>()) {
            let d = ContactDraft { duration_seconds: secs.to_string(), ..draft() };
            let result = validate(&d, now(), &RulesInForce::preset());
            if (0..=86_400).contains(&secs) {
                prop_assert_eq!(result.unwrap().duration_seconds, Some(secs as u32));
            } else {
                prop_assert!(result.unwrap_err().get("duration_seconds").is_some());
            }
        }
    }
}
