//! The wording of the letters a procedure names ([`LetterKind`]), as plain
//! text with `{placeholders}`: acknowledgement, interim response, progress
//! update, response, out of time and redirect. The wording follows seed 002
//! (para 7, 29, 36, 45, 48, 49); the escalation paragraph comes from the
//! procedure's route. An office may edit the wording, so templates are
//! checked when filled: an unknown or unfilled placeholder is refused by
//! name rather than printed. Rendering to HTML or PDF belongs to the web
//! crate.

use super::procedure::LetterKind;
use super::response::{DraftContent, Outcome};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Every kind of letter, in the order a complaint meets them.
pub const LETTER_KINDS: [LetterKind; 6] = [
    LetterKind::Acknowledgement,
    LetterKind::Interim,
    LetterKind::Update,
    LetterKind::Response,
    LetterKind::OutOfTime,
    LetterKind::Redirect,
];

/// The built-in wording of each letter, which an office may replace.
pub fn default_template(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Acknowledgement => ACKNOWLEDGEMENT,
        LetterKind::Interim => INTERIM,
        LetterKind::Update => UPDATE,
        LetterKind::Response => RESPONSE,
        LetterKind::OutOfTime => OUT_OF_TIME,
        LetterKind::Redirect => REDIRECT,
    }
}

/// Para 36 and 48: acknowledged within two working days of allocation,
/// with the target date for the response.
pub const ACKNOWLEDGEMENT: &str = concat!(
    "{complainant_name}\n{complainant_address}\n\n{letter_date}\n\nOur reference: {reference}\n\nDear {complainant_name},\n\n",
    "Thank you for your complaint, which we received on {received_date}.\n\n",
    "We will investigate it and aim to send you a full written response by {target_date}. ",
    "If we cannot do so, we will write to you before then to explain why and to tell you when you can expect our response.\n\n",
    "Please quote our reference if you contact us about your complaint.\n\n",
    "Yours sincerely,\n\n{sender_name}\n",
);

/// Para 48: an interim response explains the reason for the delay and gives
/// the new, realistic target date agreed with the complaints unit.
pub const INTERIM: &str = concat!(
    "{complainant_name}\n{complainant_address}\n\n{letter_date}\n\nOur reference: {reference}\n\nDear {complainant_name},\n\n",
    "We told you that we aimed to answer your complaint, which we received on {received_date}, by {target_date}. ",
    "I am sorry that we cannot do so.\n\n",
    "The reason for the delay is: {delay_reason}\n\n",
    "We now aim to send you our full response by {new_target_date}.\n\n",
    "Yours sincerely,\n\n{sender_name}\n",
);

/// Para 49: when a serious misconduct investigation runs past 12 weeks,
/// the complainant hears how it is going at least every four weeks.
pub const UPDATE: &str = concat!(
    "{complainant_name}\n{complainant_address}\n\n{letter_date}\n\nOur reference: {reference}\n\nDear {complainant_name},\n\n",
    "We told you that we aimed to answer your complaint, which we received on {received_date}, by {target_date}. ",
    "Our investigation is not yet finished, and I am writing to tell you how it is progressing.\n\n",
    "{progress}\n\n",
    "We will write to you again by {next_update_date}, or sooner with our full response.\n\n",
    "Yours sincerely,\n\n{sender_name}\n",
);

/// Para 48: the investigation and findings, the outcome, the action to be
/// taken, the escalation wording and the feedback form.
pub const RESPONSE: &str = concat!(
    "{complainant_name}\n{complainant_address}\n\n{letter_date}\n\nOur reference: {reference}\n\nDear {complainant_name},\n\n",
    "Thank you for your complaint, which we received on {received_date}. I have now completed my investigation.\n\n",
    "What we did and what we found\n\n{findings}\n\n",
    "Outcome\n\nYour complaint has been found to be {outcome}.\n\n",
    "What will happen now\n\n{action_to_be_taken}\n\n",
    "If you are not satisfied\n\n{ombudsman_wording}\n\n",
    "I have also enclosed a complaints handling feedback form. ",
    "Please complete it and place it in the complaints box.\n\n",
    "Yours sincerely,\n\n{sender_name}\n",
);

/// Para 29 and 45: complaints are normally made within the time limit; the
/// complainant is told of an out-of-time decision.
pub const OUT_OF_TIME: &str = concat!(
    "{complainant_name}\n{complainant_address}\n\n{letter_date}\n\nOur reference: {reference}\n\nDear {complainant_name},\n\n",
    "Thank you for your complaint, which we received on {received_date}.\n\n",
    "Complaints should normally be made within {time_limit} of the date on which the matters complained about took place. ",
    "Your complaint concerns events on {incident_date}, which is outside that period.\n\n",
    "We have considered whether the circumstances mean it should still be investigated, and have decided that it will not be, ",
    "because: {out_of_time_reason}\n\n",
    "Yours sincerely,\n\n{sender_name}\n",
);

/// Para 7 and 45: matters outside the procedure are passed to the body
/// responsible, and the complainant is told that it will reply.
pub const REDIRECT: &str = concat!(
    "{complainant_name}\n{complainant_address}\n\n{letter_date}\n\nOur reference: {reference}\n\nDear {complainant_name},\n\n",
    "Thank you for your letter, which we received on {received_date}.\n\n",
    "Your letter concerns {redirect_matter}, which is not handled under this complaints procedure. ",
    "We have passed it to {redirect_body}, who will reply to you directly.\n\n",
    "Yours sincerely,\n\n{sender_name}\n",
);

/// Every value a letter can be merged with; the placeholder is the
/// snake-case name in braces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeField {
    ComplainantName,
    ComplainantAddress,
    Reference,
    LetterDate,
    ReceivedDate,
    TargetDate,
    NewTargetDate,
    DelayReason,
    Progress,
    NextUpdateDate,
    Findings,
    Outcome,
    ActionToBeTaken,
    OmbudsmanWording,
    TimeLimit,
    IncidentDate,
    OutOfTimeReason,
    RedirectMatter,
    RedirectBody,
    SenderName,
}

impl MergeField {
    pub const ALL: [MergeField; 20] = [
        MergeField::ComplainantName,
        MergeField::ComplainantAddress,
        MergeField::Reference,
        MergeField::LetterDate,
        MergeField::ReceivedDate,
        MergeField::TargetDate,
        MergeField::NewTargetDate,
        MergeField::DelayReason,
        MergeField::Progress,
        MergeField::NextUpdateDate,
        MergeField::Findings,
        MergeField::Outcome,
        MergeField::ActionToBeTaken,
        MergeField::OmbudsmanWording,
        MergeField::TimeLimit,
        MergeField::IncidentDate,
        MergeField::OutOfTimeReason,
        MergeField::RedirectMatter,
        MergeField::RedirectBody,
        MergeField::SenderName,
    ];

    /// The name between the braces in a template.
    pub fn placeholder(self) -> &'static str {
        match self {
            MergeField::ComplainantName => "complainant_name",
            MergeField::ComplainantAddress => "complainant_address",
            MergeField::Reference => "reference",
            MergeField::LetterDate => "letter_date",
            MergeField::ReceivedDate => "received_date",
            MergeField::TargetDate => "target_date",
            MergeField::NewTargetDate => "new_target_date",
            MergeField::DelayReason => "delay_reason",
            MergeField::Progress => "progress",
            MergeField::NextUpdateDate => "next_update_date",
            MergeField::Findings => "findings",
            MergeField::Outcome => "outcome",
            MergeField::ActionToBeTaken => "action_to_be_taken",
            MergeField::OmbudsmanWording => "ombudsman_wording",
            MergeField::TimeLimit => "time_limit",
            MergeField::IncidentDate => "incident_date",
            MergeField::OutOfTimeReason => "out_of_time_reason",
            MergeField::RedirectMatter => "redirect_matter",
            MergeField::RedirectBody => "redirect_body",
            MergeField::SenderName => "sender_name",
        }
    }

    /// In words, for "the letter needs …".
    pub fn label(self) -> &'static str {
        match self {
            MergeField::ComplainantName => "the complainant's name",
            MergeField::ComplainantAddress => "the complainant's address",
            MergeField::Reference => "the complaint reference",
            MergeField::LetterDate => "the date of the letter",
            MergeField::ReceivedDate => "the date the complaint was received",
            MergeField::TargetDate => "the target date for the response",
            MergeField::NewTargetDate => "the new target date",
            MergeField::DelayReason => "the reason for the delay",
            MergeField::Progress => "how the investigation is progressing",
            MergeField::NextUpdateDate => "the date of the next update",
            MergeField::Findings => "the investigation and findings",
            MergeField::Outcome => "the outcome",
            MergeField::ActionToBeTaken => "the action to be taken",
            MergeField::OmbudsmanWording => "the ombudsman wording",
            MergeField::TimeLimit => "the time limit for complaining",
            MergeField::IncidentDate => "the date of the events complained about",
            MergeField::OutOfTimeReason => "the reason for not investigating",
            MergeField::RedirectMatter => "what the letter is about",
            MergeField::RedirectBody => "the body it was passed to",
            MergeField::SenderName => "the sender's name",
        }
    }

    pub fn from_placeholder(name: &str) -> Option<MergeField> {
        MergeField::ALL.into_iter().find(|f| f.placeholder() == name)
    }
}

impl fmt::Display for MergeField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}} ({})", self.placeholder(), self.label())
    }
}

/// The values to merge, by field.
pub type MergeValues = BTreeMap<MergeField, String>;

/// Why a template could not be filled. Every unknown placeholder and every
/// placeholder without a value is named, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    #[error("The template has a \"{{\" without a matching \"}}\" at character {at}")]
    Unclosed { at: usize },
    #[error("The template has a \"}}\" without a matching \"{{\" at character {at}")]
    Unopened { at: usize },
    #[error("{}", placeholder_problems(.unknown, .missing))]
    Placeholders { unknown: Vec<String>, missing: Vec<MergeField> },
    #[error("The value for {field} contains \"{{\" or \"}}\", which a letter cannot print; remove them")]
    BraceInValue { field: MergeField },
}

fn placeholder_problems(unknown: &[String], missing: &[MergeField]) -> String {
    let mut parts = Vec::new();
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| format!("{{{n}}}")).collect();
        parts.push(format!("The template has unknown placeholders: {}", names.join(", ")));
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|f| f.to_string()).collect();
        parts.push(format!("There is no value for: {}", names.join(", ")));
    }
    parts.join(". ")
}

enum Piece<'a> {
    Text(&'a str),
    Field(MergeField),
}

/// Splits a template into text and fields; every problem with the
/// placeholders is collected before refusing.
fn parse(template: &str) -> Result<Vec<Piece<'_>>, FillError> {
    let mut pieces = Vec::new();
    let mut unknown = Vec::new();
    let mut rest = template;
    let mut offset = 0;
    while !rest.is_empty() {
        let Some(next) = rest.find(['{', '}']) else {
            pieces.push(Piece::Text(rest));
            break;
        };
        let at = template[..offset + next].chars().count() + 1;
        if rest[next..].starts_with('}') {
            return Err(FillError::Unopened { at });
        }
        if next > 0 {
            pieces.push(Piece::Text(&rest[..next]));
        }
        let after = &rest[next + 1..];
        let close = after.find(['{', '}']).filter(|&i| after[i..].starts_with('}')).ok_or(FillError::Unclosed { at })?;
        let name = &after[..close];
        match MergeField::from_placeholder(name) {
            Some(field) => pieces.push(Piece::Field(field)),
            None if !unknown.iter().any(|u| u == name) => unknown.push(name.to_owned()),
            None => {}
        }
        let consumed = next + 1 + close + 1;
        offset += consumed;
        rest = &rest[consumed..];
    }
    if unknown.is_empty() { Ok(pieces) } else { Err(FillError::Placeholders { unknown, missing: vec![] }) }
}

/// The fields a template uses, each once, in order of first use.
pub fn placeholders(template: &str) -> Result<Vec<MergeField>, FillError> {
    let mut fields = Vec::new();
    for piece in parse(template)? {
        if let Piece::Field(field) = piece
            && !fields.contains(&field)
        {
            fields.push(field);
        }
    }
    Ok(fields)
}

/// Fills `template` from `values`. Refuses unknown placeholders, fields
/// with no value (or only spaces), and values holding a brace, so the
/// output never contains a `{` or `}` that could be mistaken for an
/// unfilled placeholder.
pub fn fill(template: &str, values: &MergeValues) -> Result<String, FillError> {
    let pieces = match parse(template) {
        Ok(pieces) => pieces,
        Err(FillError::Placeholders { unknown, .. }) => {
            // Name the missing values too, so one round of fixes suffices.
            let missing = known_placeholders(template).into_iter().filter(|f| !has_value(values, *f)).collect();
            return Err(FillError::Placeholders { unknown, missing });
        }
        Err(other) => return Err(other),
    };
    let mut missing = Vec::new();
    for piece in &pieces {
        if let Piece::Field(field) = piece
            && !has_value(values, *field)
            && !missing.contains(field)
        {
            missing.push(*field);
        }
    }
    if !missing.is_empty() {
        return Err(FillError::Placeholders { unknown: vec![], missing });
    }
    let mut out = String::with_capacity(template.len() * 2);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field(field) => {
                let value = values.get(&field).map(|v| v.trim()).unwrap_or_default();
                if value.contains(['{', '}']) {
                    return Err(FillError::BraceInValue { field });
                }
                out.push_str(value);
            }
        }
    }
    Ok(out)
}

fn has_value(values: &MergeValues, field: MergeField) -> bool {
    values.get(&field).is_some_and(|v| !v.trim().is_empty())
}

/// The known fields in a template that also has unknown ones, for naming
/// missing values alongside the unknown placeholders.
fn known_placeholders(template: &str) -> Vec<MergeField> {
    let mut fields = Vec::new();
    for (i, _) in template.match_indices('{') {
        let after = &template[i + 1..];
        if let Some(end) = after.find('}')
            && let Some(field) = MergeField::from_placeholder(&after[..end])
            && !fields.contains(&field)
        {
            fields.push(field);
        }
    }
    fields
}

/// "23 November 2026", as dates are written in letters.
pub fn letter_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// Who the letter is to. An anonymous complaint is still answered (para
/// 31); the letter is kept on the file with no name or address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "addressee", rename_all = "kebab-case")]
pub enum Addressee {
    Named { name: String, address: String },
    Anonymous,
}

/// The facts of a complaint a letter may need. Missing facts are `None`;
/// [`check_letter`] says which ones a given template needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LetterFacts {
    pub addressee: Option<Addressee>,
    pub reference: Option<String>,
    pub letter_date: Option<Date>,
    pub received_on: Option<Date>,
    pub target_date: Option<Date>,
    pub new_target_date: Option<Date>,
    pub delay_reason: Option<String>,
    pub progress: Option<String>,
    pub next_update_date: Option<Date>,
    pub findings: Option<String>,
    pub outcome: Option<Outcome>,
    pub action_to_be_taken: Option<String>,
    pub ombudsman_wording: Option<String>,
    /// E.g. "three months" (the detention order) or "12 months".
    pub time_limit: Option<String>,
    pub incident_date: Option<Date>,
    pub out_of_time_reason: Option<String>,
    pub redirect_matter: Option<String>,
    pub redirect_body: Option<String>,
    pub sender_name: Option<String>,
}

impl LetterFacts {
    /// The facts as merge values; absent or blank facts are left out.
    pub fn values(&self) -> MergeValues {
        let mut v = MergeValues::new();
        let mut put = |field: MergeField, value: Option<String>| {
            if let Some(value) = value.filter(|s| !s.trim().is_empty()) {
                v.insert(field, value.trim().to_owned());
            }
        };
        let (name, address) = match &self.addressee {
            Some(Addressee::Named { name, address }) => (Some(name.clone()), Some(address.clone())),
            Some(Addressee::Anonymous) => (Some("Anonymous complainant".to_owned()), Some("No address: anonymous complaint".to_owned())),
            None => (None, None),
        };
        put(MergeField::ComplainantName, name);
        put(MergeField::ComplainantAddress, address);
        put(MergeField::Reference, self.reference.clone());
        put(MergeField::LetterDate, self.letter_date.map(letter_date));
        put(MergeField::ReceivedDate, self.received_on.map(letter_date));
        put(MergeField::TargetDate, self.target_date.map(letter_date));
        put(MergeField::NewTargetDate, self.new_target_date.map(letter_date));
        put(MergeField::DelayReason, self.delay_reason.clone());
        put(MergeField::Progress, self.progress.clone());
        put(MergeField::NextUpdateDate, self.next_update_date.map(letter_date));
        put(MergeField::Findings, self.findings.clone());
        put(MergeField::Outcome, self.outcome.map(|o| o.label().to_lowercase()));
        put(MergeField::ActionToBeTaken, self.action_to_be_taken.clone());
        put(MergeField::OmbudsmanWording, self.ombudsman_wording.clone());
        put(MergeField::TimeLimit, self.time_limit.clone());
        put(MergeField::IncidentDate, self.incident_date.map(letter_date));
        put(MergeField::OutOfTimeReason, self.out_of_time_reason.clone());
        put(MergeField::RedirectMatter, self.redirect_matter.clone());
        put(MergeField::RedirectBody, self.redirect_body.clone());
        put(MergeField::SenderName, self.sender_name.clone());
        v
    }

    /// The response's facts from its draft: each point with its answer,
    /// then the investigation and findings; the outcome, action and
    /// escalation wording as written.
    pub fn with_response(self, content: &DraftContent) -> LetterFacts {
        let mut findings: Vec<String> =
            content.points.iter().enumerate().map(|(i, p)| format!("{}. {}\n{}", i + 1, p.point, p.answer)).collect();
        findings.push(content.investigation_and_findings.clone());
        LetterFacts {
            findings: Some(findings.join("\n\n")),
            outcome: content.outcome,
            action_to_be_taken: Some(content.action_to_be_taken.clone()),
            ombudsman_wording: Some(content.escalation_wording.clone()),
            ..self
        }
    }
}

/// Whether a letter can be produced from `template` and `facts`: the filled
/// text, or the refusal naming every missing field.
pub fn check_letter(template: &str, facts: &LetterFacts) -> Result<String, FillError> {
    fill(template, &facts.values())
}

#[cfg(test)]
#[path = "letters_tests.rs"]
mod tests;
