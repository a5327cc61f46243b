//! The monitoring board's view of its own site's complaints (detention
//! order para 45, 47): copies of the complaint and response where the
//! complainant allowed sharing; otherwise only the response date and
//! whether it was substantiated. Every read is audited.
//!
//! A sealed complaint (para 33) is treated as not shared unless it names
//! the monitoring board among its readers: the complainant sealed it so
//! that only named people open it, and the board is not one of them. The
//! board still learns its response date and outcome, as for any complaint
//! the complainant asked not to share. Healthcare complaints follow
//! `board::sharing_for`: nothing in England, date and outcome elsewhere.
//! Only logged complaints (with a reference) are copied, as para 45 says.

use super::BOARD;
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::Role;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::board::{BoardView, ComplaintSummary, SentResponse, Sharing, board_view, sharing_for};
use casebook_domain::complaints::monthly_summary::report_facts;
use casebook_domain::complaints::procedure::{LetterKind, RecordKeeping};
use casebook_store::complaints::{self as store, ComplaintRecord};
use casebook_store::{complaint_reports, complaint_responses, sites, users};

/// The copy of the response: each response letter as sent, or, where no
/// letter was produced, each part's findings and action as approved.
async fn response_text(work: &mut Work, id: i64) -> Result<String> {
    let letters = complaint_responses::letters(&mut work.tx, id).await?;
    let sent: Vec<String> = letters
        .into_iter()
        .filter(|l| l.kind == crate::complaints::letters::kind_slug(LetterKind::Response))
        .map(|l| l.body_text)
        .collect();
    if !sent.is_empty() {
        return Ok(sent.join("\n\n"));
    }
    let parts = complaint_responses::for_complaint(&mut work.tx, id).await?;
    Ok(parts
        .iter()
        .map(|p| {
            let c = &p.response.draft.content;
            [c.investigation_and_findings.trim(), c.action_to_be_taken.trim()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n"))
}

/// One complaint as the board sees it, by its record number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardItem {
    pub id: i64,
    pub view: BoardView,
}

/// The site the board member sits for; none means they see nothing.
async fn board_site(work: &mut Work) -> Result<Option<i64>> {
    let Some(user_id) = work.actor().user_id else { return Ok(None) };
    Ok(users::get(&mut work.tx, user_id).await?.site_id)
}

/// What the complainant chose, with a sealed complaint counting as a refusal.
fn choice(record: &ComplaintRecord) -> Sharing {
    let receipt = &record.complaint.receipt;
    if receipt.do_not_share_with_board || !receipt.may_be_read_by(Role::MonitoringBoard) { Sharing::Refused } else { Sharing::Allowed }
}

/// The board's view of one stored complaint, or `None` where the board is
/// told nothing at all.
async fn view_of(work: &mut Work, record: &ComplaintRecord, site_name: &str) -> Result<Option<BoardView>> {
    let c = &record.complaint;
    let Some(category) = c.triage.as_ref().map(|t| t.category.clone()) else { return Ok(None) };
    let procedure = crate::complaints::procedure_of(&mut work.tx, record).await?;
    // A category the procedure no longer routes shares the least.
    let records = procedure.escalation_route(&category, c.site.nation).map(|r| r.records).unwrap_or(RecordKeeping::DetailsDateAndOutcome);
    let Some(sharing) = sharing_for(records, choice(record)) else { return Ok(None) };
    let facts = report_facts(c);
    let response = match (facts.responded_at, facts.outcome) {
        (Some(at), Some(outcome)) => {
            let text = if sharing == Sharing::Allowed { response_text(work, record.id).await? } else { String::new() };
            Some(SentResponse { text, sent_on: london_date(at), outcome })
        }
        _ => None,
    };
    let label = procedure.category(&category).map(|k| k.label.clone()).unwrap_or(category);
    let summary = ComplaintSummary {
        reference: c.reference.clone().unwrap_or_default(),
        site: site_name.to_owned(),
        category: label,
        received_on: london_date(c.receipt.received_at),
        summary: c.receipt.summary.clone(),
        response,
    };
    Ok(Some(match board_view(&summary, sharing) {
        BoardView::Allowed(mut shared) => {
            shared.response_text = shared.response_text.filter(|t| !t.is_empty());
            BoardView::Allowed(shared)
        }
        restricted => restricted,
    }))
}

/// The complaints of the board member's site, newest first (at most 200).
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<BoardItem>> {
    actor.require(BOARD)?;
    let mut work = app.begin(actor).await?;
    let mut items = Vec::new();
    if let Some(site_id) = board_site(&mut work).await? {
        let site = sites::get(&mut work.tx, site_id).await?;
        for id in complaint_reports::logged_at_site(&mut work.tx, site_id, 200).await? {
            let record = store::get(&mut work.tx, id).await?;
            if let Some(view) = view_of(&mut work, &record, &site.name).await? {
                items.push(BoardItem { id, view });
            }
        }
        work.record("complaint.board_list", "site", Some(site_id.to_string()), format!("monitoring board read {} complaints", items.len()));
    }
    work.commit().await?;
    Ok(items)
}

/// One complaint of the board member's site; any other is not found.
pub async fn read(app: &App, actor: &Actor, id: i64) -> Result<BoardItem> {
    actor.require(BOARD)?;
    let mut work = app.begin(actor).await?;
    let site_id = board_site(&mut work).await?.ok_or(AppError::NotFound("complaint"))?;
    let record = store::get(&mut work.tx, id).await.map_err(crate::complaints::not_found)?;
    if record.complaint.receipt.site_id != site_id || record.complaint.reference.is_none() {
        return Err(AppError::NotFound("complaint"));
    }
    let site = sites::get(&mut work.tx, site_id).await?;
    let view = view_of(&mut work, &record, &site.name).await?.ok_or(AppError::NotFound("complaint"))?;
    work.record("complaint.board_read", "complaint", Some(id.to_string()), "monitoring board read a complaint");
    work.commit().await?;
    Ok(BoardItem { id, view })
}
