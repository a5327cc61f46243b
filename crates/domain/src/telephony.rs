//! Call events from a telephony platform: the moment a phone rings at an
//! agent's desk, before anyone has typed anything. Casebook checks the event,
//! and the caller screen then shows who is probably calling.
//!
//! Platforms differ in what they send for a withheld number ("anonymous",
//! "private", an empty string); all of those mean an unknown caller, which is
//! a normal call, not an error. A number that cannot be a telephone number
//! is an error: it would otherwise be stored and never match anyone.

use crate::contacts::Channel;
use crate::people::{PhoneError, PhoneNumber};
use crate::validation::{FieldErrors, Username};
use jiff::{SignedDuration, Timestamp};

/// Longest call id we keep (platform ids are UUIDs or short numbers).
const CALL_ID_MAX: usize = 200;
/// How far ahead of our clock a platform's clock may run.
const CLOCK_SKEW_ALLOWED: SignedDuration = SignedDuration::from_mins(5);

/// A call event as the platform sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallEventDraft {
    pub call_id: String,
    pub caller_number: String,
    pub called_number: String,
    /// RFC 3339, e.g. `2026-11-23T09:15:02Z`.
    pub occurred_at: String,
    pub agent_username: String,
}

/// Who is calling, as far as the number tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerNumber {
    Known(PhoneNumber),
    Withheld,
}

impl CallerNumber {
    pub fn phone(&self) -> Option<&PhoneNumber> {
        match self {
            CallerNumber::Known(phone) => Some(phone),
            CallerNumber::Withheld => None,
        }
    }
}

/// A call event that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEvent {
    pub call_id: String,
    pub caller: CallerNumber,
    /// The number dialled, as sent (digits and `+` only), e.g. `101`.
    pub called_number: String,
    /// Which channel a contact for this call is logged under.
    pub channel: Channel,
    pub occurred_at: Timestamp,
    pub agent_username: Username,
}

/// The channel a call arrived on, from the number dialled: the emergency
/// and non-emergency short codes, otherwise a direct dial.
pub fn channel_for_called_number(called: &str) -> Channel {
    match called {
        "999" | "112" => Channel::Call999,
        "101" => Channel::Call101,
        _ => Channel::DirectDial,
    }
}

/// Checks a call event; `now` is when it arrived.
pub fn validate(draft: &CallEventDraft, now: Timestamp) -> Result<CallEvent, FieldErrors> {
    let mut errors = FieldErrors::new();
    let call_id = draft.call_id.trim();
    if call_id.is_empty() {
        errors.add("call_id", "Enter the call id the telephony platform gave the call");
    } else if call_id.chars().count() > CALL_ID_MAX || call_id.chars().any(char::is_control) {
        errors.add("call_id", format!("The call id must be at most {CALL_ID_MAX} printable characters"));
    }

    let caller = match PhoneNumber::parse(&draft.caller_number) {
        Ok(phone) => Some(CallerNumber::Known(phone)),
        Err(PhoneError::Withheld) => Some(CallerNumber::Withheld),
        Err(e) => {
            errors.add("caller_number", format!("The caller's number is not a telephone number: {e}"));
            None
        }
    };

    let called: String = draft.called_number.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let called_ok = !called.is_empty()
        && called.len() <= 20
        && called.char_indices().all(|(i, c)| c.is_ascii_digit() || (c == '+' && i == 0))
        && called.chars().any(|c| c.is_ascii_digit());
    if !called_ok {
        errors.add("called_number", "The called number must be the digits dialled, like 101 or 01234 567890");
    }

    let occurred_at = match draft.occurred_at.trim().parse::<Timestamp>() {
        Ok(at) if at > now + CLOCK_SKEW_ALLOWED => {
            errors.add("occurred_at", "The call time is in the future: check the telephony platform's clock");
            None
        }
        Ok(at) => Some(at),
        Err(_) => {
            errors.add("occurred_at", "The call time must be an RFC 3339 time, like 2026-11-23T09:15:02Z");
            None
        }
    };

    let agent = errors.check("agent_username", Username::parse(&draft.agent_username));

    match (caller, occurred_at, agent) {
        (Some(caller), Some(occurred_at), Some(agent_username)) if errors.is_empty() => Ok(CallEvent {
            call_id: call_id.to_owned(),
            caller,
            channel: channel_for_called_number(&called),
            called_number: called,
            occurred_at,
            agent_username,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-23T09:15:00Z".parse().unwrap()
    }

    fn draft() -> CallEventDraft {
        CallEventDraft {
            call_id: "c-0001".into(),
            caller_number: "+44 (0)7700 900123".into(),
            called_number: "101".into(),
            occurred_at: "2026-11-23T09:14:58Z".into(),
            agent_username: "call-handler".into(),
        }
    }

    #[test]
    fn a_good_event_normalises_the_caller_and_names_the_channel() {
        let event = validate(&draft(), now()).unwrap();
        assert_eq!(event.caller.phone().unwrap().e164(), "+447700900123");
        assert_eq!(event.channel, Channel::Call101);
        assert_eq!(event.agent_username.as_str(), "call-handler");
    }

    #[test]
    fn withheld_numbers_are_normal_calls() {
        for raw in ["", "anonymous", "Withheld", "private"] {
            let event = validate(&CallEventDraft { caller_number: raw.into(), ..draft() }, now()).unwrap();
            assert_eq!(event.caller, CallerNumber::Withheld, "{raw:?}");
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = CallEventDraft {
            call_id: " ".into(),
            caller_number: "07700 9001".into(),
            called_number: "ten-one".into(),
            occurred_at: "2026-11-23T10:00:00Z".into(),
            agent_username: "".into(),
        };
        let errors = validate(&bad, now()).unwrap_err();
        for field in ["call_id", "caller_number", "called_number", "occurred_at", "agent_username"] {
            assert!(errors.get(field).is_some(), "{field} not named in {errors:?}");
        }
    }

    #[test]
    fn a_platform_clock_a_little_ahead_is_tolerated() {
        let ahead = CallEventDraft { occurred_at: "2026-11-23T09:19:00Z".into(), ..draft() };
        assert!(validate(&ahead, now()).is_ok());
    }

    #[test]
    fn short_codes_name_their_channels() {
        assert_eq!(channel_for_called_number("999"), Channel::Call999);
        assert_eq!(channel_for_called_number("112"), Channel::Call999);
        assert_eq!(channel_for_called_number("101"), Channel::Call101);
        assert_eq!(channel_for_called_number("+441234567890"), Channel::DirectDial);
    }

    proptest! {
        #[test]
        fn every_uk_mobile_in_any_spelling_is_the_same_caller(n in 900000u32..=900999) {
            let spellings = [format!("07700 {n}"), format!("+44 (0)7700 {n}"), format!("00447700{n}"), format!("+447700{n}")];
            for raw in spellings {
                let event = validate(&CallEventDraft { caller_number: raw, ..draft() }, now()).unwrap();
                let phone = event.caller.phone().unwrap().e164().to_owned();
                prop_assert_eq!(phone, format!("+447700{n}"));
            }
        }
    }
}
