//! The monitoring board's pages (issue 4): the complaints of the member's
//! own site, each as a copy where the complainant allowed sharing, or as
//! the response date and outcome only. Reads are audited by the use case.

use super::ok;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use casebook_app::complaint_reports::board::{self, BoardItem};
use casebook_domain::complaints::board::BoardView;
use casebook_domain::complaints::response::Outcome;
use jiff::civil::Date;

/// A board entry ready to show: shared entries carry the copy, restricted
/// ones only the two facts.
pub struct Entry {
    pub id: i64,
    pub shared: bool,
    pub reference: String,
    pub category: String,
    pub received: String,
    pub summary: String,
    pub response_text: String,
    pub response_date: String,
    pub outcome: String,
}

fn day(d: Option<Date>) -> String {
    d.map(|d| d.strftime("%-d %b %Y").to_string()).unwrap_or_else(|| "Not yet sent".into())
}

fn outcome(o: Option<Outcome>) -> String {
    o.map(|o| o.label().to_owned()).unwrap_or_else(|| "Not yet recorded".into())
}

impl Entry {
    pub fn of(item: &BoardItem) -> Entry {
        match &item.view {
            BoardView::Allowed(v) => Entry {
                id: item.id,
                shared: true,
                reference: v.reference.clone(),
                category: v.category.clone(),
                received: day(Some(v.received_on)),
                summary: v.summary.clone(),
                response_text: v.response_text.clone().unwrap_or_default(),
                response_date: day(v.response_date),
                outcome: outcome(v.outcome),
            },
            BoardView::Refused(v) => Entry {
                id: item.id,
                shared: false,
                reference: String::new(),
                category: String::new(),
                received: String::new(),
                summary: String::new(),
                response_text: String::new(),
                response_date: day(v.response_date),
                outcome: outcome(v.outcome),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "complaint_reports/board_list.html")]
struct ListPage {
    layout: Layout,
    entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "complaint_reports/board_show.html")]
struct ShowPage {
    layout: Layout,
    e: Entry,
}

pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let items = board::list(&state.app, &user.actor()).await?;
    let layout = Layout::for_user(&user, "Complaints shared with the board", "/board/complaints", &state.app.settings.organisation);
    Ok(ok(&ListPage { layout, entries: items.iter().map(Entry::of).collect() }))
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    let item = board::read(&state.app, &user.actor(), id).await?;
    let e = Entry::of(&item);
    let title = if e.shared { format!("Complaint {}", e.reference) } else { "Complaint not shared".to_owned() };
    let layout = Layout::for_user(&user, title, "/board/complaints", &state.app.settings.organisation);
    Ok(ok(&ShowPage { layout, e }))
}
