//! Contacts: every call, message, letter or visit an office receives or
//! makes, logged in a few keystrokes, and the single-contact resolution rate.
//!
//! Validation of a submitted contact lives in [`draft`]; the "messages, never
//! transfers" lifecycle lives in [`messages`].

mod draft;
mod messages;
pub mod summary;

pub use draft::{CategoryDetail, ContactDraft, MessageRequest, ValidContact, validate};
pub use messages::{Message, MessageError, MessageState, record_not_returned, record_returned};

use serde::{Deserialize, Serialize};

/// How a contact reached us (or how we reached out). The slugs for the
/// numbered services put the verb first (`call-999`, `text-999`, `call-101`)
/// so they read naturally and stay valid identifiers everywhere we use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    #[serde(rename = "call-999")]
    Call999,
    #[serde(rename = "text-999")]
    Text999,
    #[serde(rename = "call-101")]
    Call101,
    DirectDial,
    Sms,
    Email,
    OnlineReport,
    Fax,
    Internal,
    WeatherPhone,
    Webchat,
    Letter,
    InPerson,
    ComplaintBox,
    VideoInterview,
}

impl Channel {
    pub const ALL: [Channel; 15] = [
        Channel::Call999,
        Channel::Text999,
        Channel::Call101,
        Channel::DirectDial,
        Channel::Sms,
        Channel::Email,
        Channel::OnlineReport,
        Channel::Fax,
        Channel::Internal,
        Channel::WeatherPhone,
        Channel::Webchat,
        Channel::Letter,
        Channel::InPerson,
        Channel::ComplaintBox,
        Channel::VideoInterview,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Channel::Call999 => "call-999",
            Channel::Text999 => "text-999",
            Channel::Call101 => "call-101",
            Channel::DirectDial => "direct-dial",
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::OnlineReport => "online-report",
            Channel::Fax => "fax",
            Channel::Internal => "internal",
            Channel::WeatherPhone => "weather-phone",
            Channel::Webchat => "webchat",
            Channel::Letter => "letter",
            Channel::InPerson => "in-person",
            Channel::ComplaintBox => "complaint-box",
            Channel::VideoInterview => "video-interview",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Call999 => "999 call",
            Channel::Text999 => "999 text",
            Channel::Call101 => "101 call",
            Channel::DirectDial => "Direct dial",
            Channel::Sms => "SMS",
            Channel::Email => "Email",
            Channel::OnlineReport => "Online report",
            Channel::Fax => "Fax",
            Channel::Internal => "Internal call",
            Channel::WeatherPhone => "Weather phone",
            Channel::Webchat => "Webchat",
            Channel::Letter => "Letter",
            Channel::InPerson => "In person",
            Channel::ComplaintBox => "Complaint box",
            Channel::VideoInterview => "Video interview",
        }
    }

    /// A spoken telephone call, which a handler can end. The 999 text relay
    /// is excluded: the handler cannot hang up on a text conversation.
    pub fn is_telephone(self) -> bool {
        matches!(self, Channel::Call999 | Channel::Call101 | Channel::DirectDial | Channel::Internal | Channel::WeatherPhone)
    }
}

crate::slug::slug_enum_traits!(Channel, UnknownChannel, "channel");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Inbound, Direction::Outbound];

    pub fn slug(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
        }
    }
}

crate::slug::slug_enum_traits!(Direction, UnknownDirection, "direction");

/// What the contact was about, in the categories of the OPCC procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContactCategory {
    Enquiry,
    Request,
    Complaint,
    /// A request to speak to the commissioner or another named person.
    RequestToSpeak,
    SalesOrMarketing,
    MaliciousOrAbusive,
    Other,
}

impl ContactCategory {
    pub const ALL: [ContactCategory; 7] = [
        ContactCategory::Enquiry,
        ContactCategory::Request,
        ContactCategory::Complaint,
        ContactCategory::RequestToSpeak,
        ContactCategory::SalesOrMarketing,
        ContactCategory::MaliciousOrAbusive,
        ContactCategory::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ContactCategory::Enquiry => "enquiry",
            ContactCategory::Request => "request",
            ContactCategory::Complaint => "complaint",
            ContactCategory::RequestToSpeak => "request-to-speak",
            ContactCategory::SalesOrMarketing => "sales-or-marketing",
            ContactCategory::MaliciousOrAbusive => "malicious-or-abusive",
            ContactCategory::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactCategory::Enquiry => "Enquiry",
            ContactCategory::Request => "Request",
            ContactCategory::Complaint => "Complaint",
            ContactCategory::RequestToSpeak => "Request to speak to the commissioner or a named person",
            ContactCategory::SalesOrMarketing => "Sales or marketing",
            ContactCategory::MaliciousOrAbusive => "Malicious or abusive",
            ContactCategory::Other => "Other",
        }
    }
}

crate::slug::slug_enum_traits!(ContactCategory, UnknownContactCategory, "contact category");

/// How the contact ended. There is deliberately no "transferred": staff take
/// a message for a named person instead (OPCC procedure 5.8(d)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContactOutcome {
    ResolvedAtFirstContact,
    MessageTaken,
    Referred,
    ComplaintOpened,
    Signposted,
}

impl ContactOutcome {
    pub const ALL: [ContactOutcome; 5] = [
        ContactOutcome::ResolvedAtFirstContact,
        ContactOutcome::MessageTaken,
        ContactOutcome::Referred,
        ContactOutcome::ComplaintOpened,
        ContactOutcome::Signposted,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ContactOutcome::ResolvedAtFirstContact => "resolved-at-first-contact",
            ContactOutcome::MessageTaken => "message-taken",
            ContactOutcome::Referred => "referred",
            ContactOutcome::ComplaintOpened => "complaint-opened",
            ContactOutcome::Signposted => "signposted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactOutcome::ResolvedAtFirstContact => "Resolved at first contact",
            ContactOutcome::MessageTaken => "Message taken",
            ContactOutcome::Referred => "Referred",
            ContactOutcome::ComplaintOpened => "Complaint opened",
            ContactOutcome::Signposted => "Signposted",
        }
    }
}

crate::slug::slug_enum_traits!(ContactOutcome, UnknownContactOutcome, "contact outcome");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_match_serde() {
        for c in Channel::ALL {
            assert_eq!(c.slug().parse::<Channel>(), Ok(c));
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::String(c.slug().into()));
        }
        for d in Direction::ALL {
            assert_eq!(d.slug().parse::<Direction>(), Ok(d));
            assert_eq!(serde_json::to_value(d).unwrap(), serde_json::Value::String(d.slug().into()));
        }
        for c in ContactCategory::ALL {
            assert_eq!(c.slug().parse::<ContactCategory>(), Ok(c));
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::String(c.slug().into()));
        }
        for o in ContactOutcome::ALL {
            assert_eq!(o.slug().parse::<ContactOutcome>(), Ok(o));
            assert_eq!(serde_json::to_value(o).unwrap(), serde_json::Value::String(o.slug().into()));
        }
    }

    #[test]
    fn unknown_channel_names_the_value() {
        let err = "pigeon".parse::<Channel>().unwrap_err().to_string();
        assert!(err.contains("pigeon") && err.contains("call-999"), "{err}");
    }

    #[test]
    fn there_is_no_transfer_outcome() {
        assert!(ContactOutcome::ALL.iter().all(|o| !o.slug().contains("transfer")));
        assert!("transferred".parse::<ContactOutcome>().is_err());
    }

    #[test]
    fn telephone_channels() {
        assert!(Channel::Call999.is_telephone());
        assert!(Channel::Call101.is_telephone());
        assert!(!Channel::Text999.is_telephone());
        assert!(!Channel::Email.is_telephone());
        assert!(!Channel::Letter.is_telephone());
    }
}
