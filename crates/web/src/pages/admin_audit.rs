//! The audit trail for administrators: filter by who, what and when, page
//! backwards, and check the hash chain.

use super::render;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use casebook_app::{AppError, accounts, audit};
use casebook_domain::audit::ChainedEvent;
use casebook_domain::calendar::london;
use casebook_domain::validation::FieldErrors;
use casebook_store::audit::AuditFilter;
use jiff::civil::Date;
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    entity_type: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    before: Option<i64>,
    verify: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    errors: FieldErrors,
    query: AuditQuery,
    events: Vec<ChainedEvent>,
    older_link: Option<String>,
    verification: Option<Result<u64, String>>,
}

impl AuditPage {
    fn when(&self, event: &ChainedEvent) -> String {
        event.facts.occurred_at.to_zoned(london()).strftime("%-d %b %Y %H:%M:%S").to_string()
    }
}

fn parse_day(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    match raw.trim() {
        "" => None,
        value => errors.check(field, value.parse::<Date>().map_err(|_| "Enter a real date, like 2026-11-23")),
    }
}

fn some_text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(query): Query<AuditQuery>) -> Result<Response, Failure> {
    let mut errors = FieldErrors::new();
    let from = parse_day(&query.from, "from", &mut errors);
    let to = parse_day(&query.to, "to", &mut errors);
    let actor_id = match some_text(&query.actor) {
        None => None,
        Some(name) => match accounts::find_by_username(&state.app, &name).await {
            Ok(u) => Some(u.id),
            Err(AppError::NotFound(_)) => {
                errors.add("actor", format!("There is no user called {name}"));
                None
            }
            Err(other) => return Err(other.into()),
        },
    };
    let start_of = |d: Date| d.to_zoned(london()).map(|z| z.timestamp()).ok();
    let filter = AuditFilter {
        actor_id,
        action: some_text(&query.action),
        entity_type: some_text(&query.entity_type),
        entity_id: some_text(&query.entity_id),
        from: from.and_then(start_of),
        until: to.and_then(|d| d.tomorrow().ok()).and_then(start_of),
        before_seq: query.before,
        limit: PAGE_SIZE,
    };
    let events = if errors.is_empty() { audit::list(&state.app, &filter).await? } else { Vec::new() };
    let older_link = (events.len() as i64 == PAGE_SIZE).then(|| events.last().map(|e| older_url(&query, e.seq))).flatten();
    let verification = match query.verify.as_deref() {
        Some(_) => Some(match audit::verify(&state.app).await {
            Ok(n) => Ok(n),
            Err(AppError::AuditBroken(why)) => Err(why),
            Err(other) => return Err(other.into()),
        }),
        None => None,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::for_user(&user, "Audit trail", "/admin/audit", &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(render(status, &AuditPage { layout, errors, query, events, older_link, verification }))
}

fn older_url(q: &AuditQuery, before: i64) -> String {
    let pairs = [
        ("actor", &q.actor),
        ("action", &q.action),
        ("entity_type", &q.entity_type),
        ("entity_id", &q.entity_id),
        ("from", &q.from),
        ("to", &q.to),
    ];
    let mut url = format!("/admin/audit?before={before}");
    for (key, value) in pairs {
        if !value.is_empty() {
            url.push_str(&format!("&{key}={}", crate::error::urlencode(value)));
        }
    }
    url
}
