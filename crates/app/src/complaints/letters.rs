//! Letters produced from the procedure's templates (acknowledgement,
//! interim, response, out of time, redirect) and kept on the complaint as
//! produced, as text and printable HTML. The domain fills the template and
//! names every missing fact (`letters::check_letter`); this module gathers
//! the facts from the complaint, its response and the complainant.
//!
//! The complainant's address: the person's postcode where recorded, else
//! the site the complaint came from (a detained complainant is written to
//! there). The correspondence issue adds PDF and email.

use super::steps::part_number;
use super::{access, not_found};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::complaint::{Complaint, Happened};
use casebook_domain::complaints::letters::{Addressee, LetterFacts, check_letter, default_template};
use casebook_domain::complaints::procedure::LetterKind;
use casebook_domain::complaints::response::Stage;
use casebook_domain::complaints::triage::Timeliness;
use casebook_store::complaint_responses::{self as responses, LetterRecord, NewLetter};
use casebook_store::complaints as store;
use casebook_store::{Tx, people, sites, users};
use serde::{Deserialize, Serialize};

/// The letters Casebook produces here, with their labels.
pub const PRODUCED: [LetterKind; 5] =
    [LetterKind::Acknowledgement, LetterKind::Interim, LetterKind::Response, LetterKind::OutOfTime, LetterKind::Redirect];

/// The slug of a letter kind, as stored and typed.
pub fn kind_slug(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Acknowledgement => "acknowledgement",
        LetterKind::Interim => "interim",
        LetterKind::Update => "update",
        LetterKind::Response => "response",
        LetterKind::OutOfTime => "out-of-time",
        LetterKind::Redirect => "redirect",
    }
}

pub fn kind_label(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Acknowledgement => "Acknowledgement",
        LetterKind::Interim => "Interim response",
        LetterKind::Update => "Progress update",
        LetterKind::Response => "Response",
        LetterKind::OutOfTime => "Out of time",
        LetterKind::Redirect => "Redirect",
    }
}

/// The label of a stored kind slug.
pub fn label_of_slug(slug: &str) -> &'static str {
    PRODUCED.iter().find(|k| kind_slug(**k) == slug).map(|k| kind_label(*k)).unwrap_or("Letter")
}

/// A letter to produce, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterForm {
    /// acknowledgement, interim, response, out-of-time or redirect.
    pub kind: String,
    /// The part, for acknowledgement, interim and response letters.
    pub part: String,
}

/// The letter's text as HTML paragraphs, escaped: what is printed.
pub fn to_html(text: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", p.lines().map(escape).collect::<Vec<_>>().join("<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn addressee(tx: &mut Tx, complaint: &Complaint) -> Result<Addressee> {
    let ids = complaint.receipt.complainants.person_ids();
    if ids.is_empty() {
        return Ok(Addressee::Anonymous);
    }
    let mut names = Vec::new();
    let mut postcode = None;
    for id in ids {
        let person = people::get(tx, id).await?;
        names.push(person.display_name);
        postcode = postcode.or(person.postcode);
    }
    let address = match postcode {
        Some(p) => p,
        None => sites::get(tx, complaint.receipt.site_id).await?.name,
    };
    Ok(Addressee::Named { name: names.join(" and "), address })
}

/// The target date before the last agreed extension and the reason for it.
fn last_extension(complaint: &Complaint, part: u32) -> Option<(Option<jiff::Timestamp>, String)> {
    let mut previous = None;
    let mut found = None;
    for event in &complaint.history {
        match &event.what {
            Happened::Allocated { part: p, target, .. } if *p == part => previous = *target,
            Happened::Recategorised { part: p, target, .. } if *p == part => previous = *target,
            Happened::ExtensionAgreed { part: p, target, reason, .. } if *p == part => {
                found = Some((previous, reason.clone()));
                previous = Some(*target);
            }
            _ => {}
        }
    }
    found
}

/// Produces a letter from its template and keeps it on the complaint; a
/// missing fact is refused by name and nothing is kept.
pub async fn produce(app: &App, actor: &Actor, id: i64, form: &LetterForm) -> Result<LetterRecord> {
    let kind = match PRODUCED.iter().find(|k| kind_slug(**k) == form.kind.trim()) {
        Some(k) => *k,
        None if form.kind.trim().is_empty() => return Err(AppError::field("kind", "Choose the letter")),
        None => {
            return Err(AppError::field(
                "kind",
                format!("\"{}\" is not a letter: choose acknowledgement, interim, response, out-of-time or redirect", form.kind.trim()),
            ));
        }
    };
    let per_part = matches!(kind, LetterKind::Acknowledgement | LetterKind::Interim | LetterKind::Response);
    let part = if per_part { Some(part_number(&form.part)?) } else { None };
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(actor, &record.complaint)?;
    let c = &record.complaint;
    let now = work.now;
    let sender = match actor.user_id {
        Some(uid) => Some(users::get(&mut work.tx, uid).await?.display_name),
        None => None,
    };
    let mut facts = LetterFacts {
        addressee: Some(addressee(&mut work.tx, c).await?),
        reference: c.reference.clone(),
        letter_date: Some(london_date(now)),
        received_on: Some(london_date(c.receipt.received_at)),
        incident_date: c.receipt.incident_date,
        sender_name: sender,
        ..LetterFacts::default()
    };
    if let Some(number) = part {
        let p = c.part(number).ok_or_else(|| AppError::field("part", format!("The complaint has no part {number}")))?;
        facts.target_date = p.target.map(london_date);
        if kind == LetterKind::Interim {
            let (before, reason) = last_extension(c, number)
                .ok_or_else(|| AppError::field("kind", format!("Part {number} has no agreed extension to explain in an interim letter")))?;
            facts.target_date = before.map(london_date);
            facts.new_target_date = p.target.map(london_date);
            facts.delay_reason = Some(reason);
        }
        if kind == LetterKind::Response {
            let response = responses::get(&mut work.tx, id, number).await?;
            let approved = response.as_ref().filter(|r| matches!(r.response.stage, Stage::Approved { .. }) || r.response.sent().is_some());
            let Some(r) = approved else {
                return Err(AppError::field(
                    "kind",
                    format!("The response to part {number} must be approved before its letter is produced"),
                ));
            };
            facts = facts.with_response(&r.response.draft.content);
        }
    }
    if let Some(t) = &c.triage {
        if let Timeliness::OutOfTimeRefused { reason, .. } = &t.timeliness {
            facts.out_of_time_reason = Some(reason.clone());
        }
        if let Some(r) = &t.redirect {
            facts.redirect_matter = Some(r.matter.clone());
            facts.redirect_body = Some(r.to.clone());
        }
    }
    let procedure = super::procedure_of(&mut work.tx, &record).await?;
    facts.time_limit = Some(match procedure.in_time.months {
        1 => "one month".to_owned(),
        n => format!("{n} months"),
    });
    let text = check_letter(default_template(kind), &facts).map_err(|e| AppError::field("kind", e.to_string()))?;
    let html = to_html(&text);
    let letter =
        NewLetter { complaint_id: id, part, kind: kind_slug(kind), body_text: &text, body_html: &html, produced_by: actor.user_id };
    let letter_id = responses::insert_letter(&mut work.tx, &letter, now).await?;
    work.record(
        "complaint.letter_produced",
        "complaint",
        Some(id.to_string()),
        format!("{} letter {letter_id} produced", kind_label(kind)),
    );
    let stored = responses::letter(&mut work.tx, id, letter_id).await?;
    work.commit().await?;
    Ok(stored)
}

/// The complaint's letters, oldest first.
pub async fn list(app: &App, actor: &Actor, id: i64) -> Result<Vec<LetterRecord>> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(actor, &record.complaint)?;
    let letters = responses::letters(&mut work.tx, id).await?;
    if access::is_confidential(&record.complaint) {
        work.record("complaint.confidential_read", "complaint", Some(id.to_string()), "read the letters of a confidential complaint");
    }
    work.commit().await?;
    Ok(letters)
}

/// One letter of the complaint, for printing. Reads of a sealed complaint's letters are audited.
pub async fn get(app: &App, actor: &Actor, id: i64, letter_id: i64) -> Result<LetterRecord> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(actor, &record.complaint)?;
    let letter = responses::letter(&mut work.tx, id, letter_id).await.map_err(|e| match e {
        casebook_store::StoreError::NotFound => AppError::NotFound("letter"),
        other => other.into(),
    })?;
    if access::is_confidential(&record.complaint) {
        work.record("complaint.confidential_read", "complaint", Some(id.to_string()), format!("read letter {letter_id}"));
    }
    work.commit().await?;
    Ok(letter)
}
