//! Receiving a complaint: the form or API body as typed (`ComplaintDraft`)
//! checked into a `NewComplaint`, every problem named against its field.
//!
//! The detention order accepts complaints however they come (paras 25-28):
//! a form from a site's complaint box, a letter, email, online, by phone or
//! in person, or reallocated from another part of the organisation. What we
//! must know at receipt is who complained (or that nobody is named), when it
//! arrived, where, in what language, and whether it is sealed, on someone's
//! behalf or from a group (paras 26, 27, 31, 33).

use super::procedure::{Procedure, Setting};
use crate::access::Role;
use crate::calendar::london;
use crate::validation::{FieldErrors, required_text};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Clerks' and servers' clocks drift; "now" typed on a PC a little ahead
/// of the server must not be refused.
const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);
/// No office we serve has complaints from before 1990: an earlier year is a typo.
const EARLIEST: Timestamp = Timestamp::constant(631_152_000, 0);
const SUMMARY_MAX: usize = 10_000;
const SHORT_MAX: usize = 200;
/// A group complaint names at least two people; more than this is a typo.
const GROUP_MAX: usize = 500;

/// How a complaint reached the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArrivedBy {
    /// A complaint form (the DCF9) posted in a site's locked complaint box.
    ComplaintBox,
    Letter,
    Email,
    Online,
    Phone,
    InPerson,
    /// Sent to another part of the organisation and passed here (para 28).
    Reallocated,
}

impl ArrivedBy {
    pub const ALL: [ArrivedBy; 7] = [
        ArrivedBy::ComplaintBox,
        ArrivedBy::Letter,
        ArrivedBy::Email,
        ArrivedBy::Online,
        ArrivedBy::Phone,
        ArrivedBy::InPerson,
        ArrivedBy::Reallocated,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ArrivedBy::ComplaintBox => "complaint-box",
            ArrivedBy::Letter => "letter",
            ArrivedBy::Email => "email",
            ArrivedBy::Online => "online",
            ArrivedBy::Phone => "phone",
            ArrivedBy::InPerson => "in-person",
            ArrivedBy::Reallocated => "reallocated",
        }
    }

    /// Spoken rather than written: an oral allegation can only come this way.
    pub fn is_oral(self) -> bool {
        matches!(self, ArrivedBy::Phone | ArrivedBy::InPerson)
    }
}

crate::slug::slug_enum_traits!(ArrivedBy, UnknownArrivedBy, "way a complaint arrived");

/// How the person a third party complains for gave consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentMethod {
    /// Signed, on the complaint form or a letter (the order asks for written
    /// consent, para 31).
    Written,
    Email,
    InPerson,
    Phone,
}

impl ConsentMethod {
    pub const ALL: [ConsentMethod; 4] = [ConsentMethod::Written, ConsentMethod::Email, ConsentMethod::InPerson, ConsentMethod::Phone];

    pub fn slug(self) -> &'static str {
        match self {
            ConsentMethod::Written => "written",
            ConsentMethod::Email => "email",
            ConsentMethod::InPerson => "in-person",
            ConsentMethod::Phone => "phone",
        }
    }
}

crate::slug::slug_enum_traits!(ConsentMethod, UnknownConsentMethod, "way of giving consent");

/// A third party's complaint as typed: who complains, and the consent of
/// the person it is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThirdPartyDraft {
    /// Who is complaining on the person's behalf, e.g. "A. Shah, legal representative".
    pub complainant: String,
    /// Who gave consent (normally the person the complaint is about).
    pub consent_given_by: String,
    pub consent_method: String,
    /// `YYYY-MM-DD`.
    pub consent_date: String,
}

/// A complaint as the form or API sent it: raw text, checked by [`ComplaintDraft::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintDraft {
    pub arrived_by: String,
    /// Part of the organisation it was first sent to, when reallocated.
    pub reallocated_from: String,
    /// RFC 3339 or London wall-clock time (`2026-12-24T09:15`).
    pub received_at: String,
    pub site_id: String,
    /// Where it arose (`removal-centre`, `holding-facility-or-escort`), when
    /// the procedure's investigator depends on it.
    pub setting: String,
    /// Person ids of the complainants: one, or several for a group complaint.
    pub complainant_ids: Vec<String>,
    /// The complainant's number in the organisation's own system (port,
    /// CID or Home Office number; para 46's "complainant details").
    pub complainant_number: String,
    pub anonymous: bool,
    pub group: bool,
    pub third_party: Option<ThirdPartyDraft>,
    /// The language it was written in; blank for English.
    pub language: String,
    pub translation_needed: bool,
    /// A sealed envelope marked confidential (para 33).
    pub confidential: bool,
    /// Role slugs that may read a confidential complaint.
    pub visible_to_roles: Vec<String>,
    /// The complainant asked that the monitoring board not see it (para 45).
    pub do_not_share_with_board: bool,
    /// A spoken allegation of misconduct by a member of staff (para 27).
    pub oral_misconduct_allegation: bool,
    /// For an oral allegation: whether the complainant was encouraged to
    /// put it in writing.
    pub encouraged_to_write: Option<bool>,
    /// `YYYY-MM-DD`; blank when the complaint does not say.
    pub incident_date: String,
    pub summary: String,
}

/// Consent recorded for a third party's complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdParty {
    pub complainant: String,
    pub consent_given_by: String,
    pub consent_method: ConsentMethod,
    pub consent_date: Date,
}

/// Who the complaint is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Complainants {
    /// Nobody is named; still investigated (para 31).
    Anonymous,
    One {
        person_id: i64,
    },
    /// Several complainants in one complaint (para 31).
    Group {
        person_ids: Vec<i64>,
    },
}

impl Complainants {
    /// The record numbers of the persons named, none when anonymous.
    pub fn person_ids(&self) -> Vec<i64> {
        match self {
            Complainants::Anonymous => Vec::new(),
            Complainants::One { person_id } => vec![*person_id],
            Complainants::Group { person_ids } => person_ids.clone(),
        }
    }
}

/// The oral allegation of misconduct and what the member of staff did (para 27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OralAllegation {
    pub encouraged_to_write: bool,
}

/// A complaint that passed every check at receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComplaint {
    pub arrived_by: ArrivedBy,
    pub reallocated_from: Option<String>,
    pub received_at: Timestamp,
    pub site_id: i64,
    pub setting: Option<Setting>,
    pub complainants: Complainants,
    pub complainant_number: Option<String>,
    pub third_party: Option<ThirdParty>,
    pub language: Option<String>,
    pub translation_needed: bool,
    /// `Some` for a sealed complaint: only these roles may read it.
    pub sealed_for: Option<Vec<Role>>,
    pub do_not_share_with_board: bool,
    pub oral_allegation: Option<OralAllegation>,
    pub incident_date: Option<Date>,
    pub summary: String,
}

impl NewComplaint {
    /// Whether someone in `role` may open the complaint's content: anyone
    /// the office's permissions allow, unless it is sealed, when only the
    /// named roles may (para 33). Every read of a sealed one is audited by
    /// the caller.
    pub fn may_be_read_by(&self, role: Role) -> bool {
        self.sealed_for.as_ref().is_none_or(|roles| roles.contains(&role))
    }
}

impl ComplaintDraft {
    /// Checks the draft against `procedure` and `now` (read once at the
    /// edge), collecting every problem in the order of the form.
    pub fn validate(&self, procedure: &Procedure, now: Timestamp) -> Result<NewComplaint, FieldErrors> {
        let mut errors = FieldErrors::new();
        let arrived_by = match self.arrived_by.trim() {
            "" => {
                errors.add("arrived_by", "Choose how the complaint arrived");
                None
            }
            raw => errors.check("arrived_by", raw.parse::<ArrivedBy>()),
        };
        let reallocated_from = match (arrived_by, self.reallocated_from.trim()) {
            (Some(ArrivedBy::Reallocated), raw) => {
                errors.check("reallocated_from", required_text(raw, "the part of the organisation it came from", SHORT_MAX)).map(Some)
            }
            (_, "") => Some(None),
            (_, _) => {
                errors.add("reallocated_from", "Only a reallocated complaint comes from another part of the organisation");
                None
            }
        };
        let received_at = errors.check("received_at", parse_time(&self.received_at, now));
        let site_id = errors.check("site_id", parse_id(&self.site_id, "Choose the site"));
        let setting = self.setting(procedure, &mut errors);
        let complainants = self.complainants(&mut errors);
        let complainant_number = errors.check("complainant_number", optional_short(&self.complainant_number, "The complainant's number"));
        let third_party = match &self.third_party {
            None => Some(None),
            Some(draft) => third_party(draft, now, &mut errors).map(Some),
        };
        let language = errors.check("language", optional_short(&self.language, "The language"));
        if self.translation_needed && matches!(&language, Some(None)) {
            errors.add("language", "Enter the language the complaint is written in, so it can be translated");
        }
        let sealed_for = self.sealed_for(&mut errors);
        let oral_allegation = match (self.oral_misconduct_allegation, arrived_by, self.encouraged_to_write) {
            (false, _, None) => Some(None),
            (false, _, Some(_)) => {
                errors.add(
                    "encouraged_to_write",
                    "Only an oral allegation of misconduct records whether the complainant was encouraged to write",
                );
                None
            }
            (true, Some(by), _) if !by.is_oral() => {
                errors.add("oral_misconduct_allegation", "An oral allegation is made by phone or in person");
                None
            }
            (true, _, None) => {
                errors.add("encouraged_to_write", "Say whether the complainant was encouraged to put the allegation in writing");
                None
            }
            (true, _, Some(encouraged_to_write)) => Some(Some(OralAllegation { encouraged_to_write })),
        };
        let incident_date = errors.check("incident_date", parse_optional_date(&self.incident_date, "The incident date"));
        if let (Some(Some(incident)), Some(received)) = (incident_date, received_at)
            && incident > crate::calendar::london_date(received)
        {
            errors.add("incident_date", "The incident date must be on or before the date the complaint was received");
        }
        let summary = errors.check("summary", required_text(&self.summary, "a summary of the complaint", SUMMARY_MAX));

        match (
            arrived_by,
            reallocated_from,
            received_at,
            site_id,
            setting,
            complainants,
            complainant_number,
            third_party,
            language,
            sealed_for,
            oral_allegation,
            incident_date,
            summary,
        ) {
            (
                Some(arrived_by),
                Some(reallocated_from),
                Some(received_at),
                Some(site_id),
                Some(setting),
                Some(complainants),
                Some(complainant_number),
                Some(third_party),
                Some(language),
                Some(sealed_for),
                Some(oral_allegation),
                Some(incident_date),
                Some(summary),
            ) if errors.is_empty() => Ok(NewComplaint {
                arrived_by,
                reallocated_from,
                received_at,
                site_id,
                setting,
                complainants,
                complainant_number,
                third_party,
                language,
                translation_needed: self.translation_needed,
                sealed_for,
                do_not_share_with_board: self.do_not_share_with_board,
                oral_allegation,
                incident_date,
                summary,
            }),
            _ => Err(errors),
        }
    }

    /// Required only when the procedure's investigators depend on where the
    /// complaint arose (the detention order: centre or escort).
    fn setting(&self, procedure: &Procedure, errors: &mut FieldErrors) -> Option<Option<Setting>> {
        let needed = procedure.categories.iter().flat_map(|c| &c.investigators).any(|i| i.setting.is_some());
        match self.setting.trim() {
            "" if needed => {
                errors.add("setting", "Choose where the complaint arose");
                None
            }
            "" => Some(None),
            raw => errors.check("setting", raw.parse::<Setting>()).map(Some),
        }
    }

    fn complainants(&self, errors: &mut FieldErrors) -> Option<Complainants> {
        let given: Vec<&str> = self.complainant_ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
        if self.anonymous {
            if !given.is_empty() {
                errors.add("complainant_ids", "An anonymous complaint cannot name a complainant");
                return None;
            }
            if self.group {
                errors.add("group", "A group complaint names its complainants, so it cannot be anonymous");
                return None;
            }
            return Some(Complainants::Anonymous);
        }
        let mut ids = Vec::with_capacity(given.len());
        for raw in &given {
            ids.push(errors.check("complainant_ids", parse_id(raw, "Choose the complainant"))?);
        }
        ids.sort_unstable();
        ids.dedup();
        match (self.group, ids.as_slice()) {
            (_, []) => {
                errors.add("complainant_ids", "Choose the complainant, or mark the complaint as anonymous");
                None
            }
            (false, [one]) => Some(Complainants::One { person_id: *one }),
            (false, _) => {
                errors.add("group", "Several complainants make a group complaint: mark it as one");
                None
            }
            (true, [_]) => {
                errors.add("complainant_ids", "A group complaint names at least two complainants");
                None
            }
            (true, many) if many.len() > GROUP_MAX => {
                errors.add("complainant_ids", format!("A group complaint can name at most {GROUP_MAX} complainants"));
                None
            }
            (true, many) => Some(Complainants::Group { person_ids: many.to_vec() }),
        }
    }

    fn sealed_for(&self, errors: &mut FieldErrors) -> Option<Option<Vec<Role>>> {
        let given: Vec<&str> = self.visible_to_roles.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
        if !self.confidential {
            if !given.is_empty() {
                errors.add("visible_to_roles", "Only a confidential complaint is restricted to named roles");
                return None;
            }
            return Some(None);
        }
        if given.is_empty() {
            errors.add("visible_to_roles", "Choose the roles that may read this confidential complaint");
            return None;
        }
        let mut roles = Vec::with_capacity(given.len());
        for raw in given {
            roles.push(errors.check("visible_to_roles", raw.parse::<Role>())?);
        }
        // The sealed envelope exists to keep the complaint from the site's
        // supplier and, by extension, from anyone outside the office.
        if roles.iter().any(|r| matches!(r, Role::MonitoringBoard | Role::TelephonyPlatform)) {
            errors.add("visible_to_roles", "A confidential complaint can be opened only by the office's own staff");
            return None;
        }
        roles.sort_unstable();
        roles.dedup();
        Some(Some(roles))
    }
}

fn third_party(draft: &ThirdPartyDraft, now: Timestamp, errors: &mut FieldErrors) -> Option<ThirdParty> {
    let complainant =
        errors.check("third_party.complainant", required_text(&draft.complainant, "who is complaining on the person's behalf", SHORT_MAX));
    let given_by = errors.check("third_party.consent_given_by", required_text(&draft.consent_given_by, "who gave consent", SHORT_MAX));
    let method = match draft.consent_method.trim() {
        "" => {
            errors.add("third_party.consent_method", "Choose how consent was given");
            None
        }
        raw => errors.check("third_party.consent_method", raw.parse::<ConsentMethod>()),
    };
    let date = match parse_optional_date(&draft.consent_date, "The consent date") {
        Ok(None) => {
            errors.add("third_party.consent_date", "Enter the date consent was given");
            None
        }
        Ok(Some(d)) if d > crate::calendar::london_date(now) => {
            errors.add("third_party.consent_date", "The consent date cannot be in the future");
            None
        }
        Ok(Some(d)) => Some(d),
        Err(e) => {
            errors.add("third_party.consent_date", e);
            None
        }
    };
    Some(ThirdParty { complainant: complainant?, consent_given_by: given_by?, consent_method: method?, consent_date: date? })
}

fn parse_time(raw: &str, now: Timestamp) -> Result<Timestamp, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Enter when the complaint was received".into());
    }
    let at = match raw.parse::<Timestamp>() {
        Ok(ts) => ts,
        Err(_) => raw
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|local| local.to_zoned(london()).ok())
            .map(|zoned| zoned.timestamp())
            .ok_or("Enter when the complaint was received as a date and time, for example 2026-12-24T09:15")?,
    };
    if at < EARLIEST {
        return Err("The time received must be in 1990 or later".into());
    }
    if at > now.checked_add(CLOCK_SKEW).unwrap_or(Timestamp::MAX) {
        return Err("The time received cannot be in the future".into());
    }
    Ok(at)
}

fn parse_optional_date(raw: &str, what: &str) -> Result<Option<Date>, String> {
    match raw.trim() {
        "" => Ok(None),
        raw => match raw.parse::<Date>() {
            Ok(d) if d.year() >= 1990 => Ok(Some(d)),
            Ok(_) => Err(format!("{what} must be in 1990 or later")),
            Err(_) => Err(format!("{what} must be a date, for example 2026-12-24")),
        },
    }
}

pub(super) fn parse_id(raw: &str, missing: &str) -> Result<i64, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(missing.to_owned());
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!("\"{raw}\" is not a valid record number")),
    }
}

fn optional_short(raw: &str, what: &str) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > SHORT_MAX {
        return Err(format!("{what} must be {SHORT_MAX} characters or fewer"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters"));
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
#[path = "receipt_tests.rs"]
mod tests;
