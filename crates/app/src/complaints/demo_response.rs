//! Demo responses written through the real use cases, as staff would on
//! the response page: the investigator drafts against the order's
//! checklist and submits, a more senior reviewer approves (or first returns
//! it with comments), the investigator sends it and produces the letter.
//! Each step is its own transaction with its audit events.

use super::letters::{self, LetterForm};
use super::{DraftForm, ReturnForm, SendForm};
use crate::{Actor, App, Result};
use casebook_domain::complaints::response::{EscalationRequirement, Outcome, Point};

/// What a demo response says.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The complaint's point, in the complainant's words, and its answer.
    pub point: &'a str,
    pub answer: &'a str,
    pub findings: &'a str,
    pub outcome: Outcome,
    pub action: &'a str,
    /// The reviewer's comments when they return the first draft; `None` approves it at once.
    pub returned_with: Option<&'a str>,
}

/// Who fills the escalation wording's blanks such as `[IRC supplier's name]`.
const SUPPLIER: &str = "Serco Ltd";

/// The wording with every `[blank]` filled with the supplier's name.
fn filled(wording: &str) -> String {
    let mut out = String::with_capacity(wording.len());
    let mut rest = wording;
    while let Some(start) = rest.find('[') {
        let Some(len) = rest[start..].find(']') else { break };
        out.push_str(&rest[..start]);
        out.push_str(SUPPLIER);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// A complete draft of `part`: the procedure's escalation wording, the
/// leaflet where the route has one, the feedback form.
async fn complete_draft(app: &App, responder: &Actor, id: i64, part: u32, answer: &Answer<'_>) -> Result<DraftForm> {
    let read = super::read_response(app, responder, id, &part.to_string()).await?;
    let (wording, leaflet) = match &read.escalation {
        Some(step) => (filled(&step.wording), EscalationRequirement::from_step(step).leaflet),
        None => (String::new(), false),
    };
    Ok(DraftForm {
        part: part.to_string(),
        points: vec![Point { point: answer.point.into(), answer: answer.answer.into() }],
        investigation_and_findings: answer.findings.into(),
        outcome: answer.outcome.slug().into(),
        action_to_be_taken: answer.action.into(),
        escalation_wording: wording,
        leaflet_enclosed: leaflet,
        feedback_form_enclosed: true,
    })
}

/// Drafts and submits the response to `part` (the part must have been sent
/// for investigation); the reviewer returns it first when the answer says so.
pub async fn draft_and_submit(app: &App, responder: &Actor, reviewer: &Actor, id: i64, part: u32, answer: &Answer<'_>) -> Result<()> {
    let draft = complete_draft(app, responder, id, part, answer).await?;
    super::save_draft(app, responder, id, &draft).await?;
    super::submit(app, responder, id, &draft.part).await?;
    if let Some(comments) = answer.returned_with {
        super::return_draft(app, reviewer, id, &ReturnForm { part: draft.part.clone(), comments: comments.into() }).await?;
        super::save_draft(app, responder, id, &draft).await?;
        super::submit(app, responder, id, &draft.part).await?;
    }
    Ok(())
}

/// The whole response to `part`: drafted and submitted, approved by the
/// reviewer, sent today (the app's clock) and its letter produced and kept.
pub async fn respond(app: &App, responder: &Actor, reviewer: &Actor, id: i64, part: u32, answer: &Answer<'_>) -> Result<()> {
    draft_and_submit(app, responder, reviewer, id, part, answer).await?;
    let part = part.to_string();
    super::approve(app, reviewer, id, &part).await?;
    super::send(app, responder, id, &SendForm { part: part.clone(), on: String::new() }).await?;
    letters::produce(app, responder, id, &LetterForm { kind: "response".into(), part }).await?;
    Ok(())
}

/// Audit events [`draft_and_submit`] records: the draft started, recorded on
/// the complaint and revised, then submitted; a return adds the return, a
/// revision and a second submission.
pub const fn draft_events(returned: bool) -> usize {
    if returned { 4 + 3 } else { 4 }
}

/// Audit events [`respond`] records on a complaint with one part: the
/// draft's, approval on the response and the complaint, sending (sent and
/// outcome on the response; sent, outcome, part closed and complaint closed
/// on the complaint), and the letter.
pub const fn respond_events(returned: bool) -> usize {
    draft_events(returned) + 2 + 6 + 1
}

#[cfg(test)]
mod tests {
    use super::filled;

    #[test]
    fn every_blank_is_filled_and_the_rest_kept() {
        assert_eq!(filled("Write to [IRC supplier's name] or [x]."), "Write to Serco Ltd or Serco Ltd.");
        assert_eq!(filled("No blanks"), "No blanks");
        assert_eq!(filled("Open [ only"), "Open [ only");
    }
}
