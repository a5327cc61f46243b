//! The register of ex-gratia payments (seed 002 paras 54–57): every
//! payment or non-financial offer with its status, then the money paid per
//! site and month with totals; and the same register as CSV. Text cells go
//! through the frequent-callers report's `neutralise` against formulas.

use super::pounds;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use crate::pages::frequent_callers::export::neutralise;
use crate::pages::ok;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use casebook_app::complaint_aftercare::ex_gratia::{self, Register};
use casebook_app::sites;
use std::collections::HashMap;

/// One line of the register as shown and downloaded.
pub struct Line {
    pub id: i64,
    pub complaint_id: i64,
    pub site: String,
    pub kind: &'static str,
    pub redress: String,
    pub rationale: String,
    pub status: &'static str,
    pub proposed_on: String,
    pub offered_on: String,
    pub paid_on: String,
    pub receipt_on: String,
}

/// Money paid at one site in one month.
pub struct Total {
    pub site: String,
    pub month: String,
    pub payments: u32,
    pub amount: String,
}

fn date(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn lines(register: &Register, site_names: &HashMap<i64, String>) -> Vec<Line> {
    let site = |id: i64| site_names.get(&id).cloned().unwrap_or_else(|| format!("Site {id}"));
    register
        .rows
        .iter()
        .map(|(id, r)| Line {
            id: *id,
            complaint_id: r.complaint_id,
            site: site(r.site_id),
            kind: r.kind.label(),
            redress: r.amount_pence.map(pounds).or_else(|| r.description.clone()).unwrap_or_default(),
            rationale: r.rationale.clone(),
            status: r.status.label(),
            proposed_on: r.proposed_on.to_string(),
            offered_on: date(r.offered_on),
            paid_on: date(r.paid_on),
            receipt_on: date(r.receipt_on),
        })
        .collect()
}

fn totals(register: &Register, site_names: &HashMap<i64, String>) -> Vec<Total> {
    register
        .paid
        .by_site_and_month
        .iter()
        .map(|((site, month), paid)| Total {
            site: site_names.get(site).cloned().unwrap_or_else(|| format!("Site {site}")),
            month: month.to_string(),
            payments: paid.payments,
            amount: pounds(paid.total_pence),
        })
        .collect()
}

async fn site_names(state: &AppState) -> Result<HashMap<i64, String>, Failure> {
    Ok(sites::list(&state.app).await?.into_iter().map(|s| (s.id, s.name)).collect())
}

#[derive(Template)]
#[template(path = "complaint_aftercare/ex_gratia.html")]
struct RegisterPage {
    layout: Layout,
    lines: Vec<Line>,
    totals: Vec<Total>,
    paid_count: u32,
    paid_total: String,
}

pub async fn register(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let register = ex_gratia::register(&state.app, &user.actor(), None).await?;
    let names = site_names(&state).await?;
    let layout = Layout::for_user(&user, "Ex-gratia register", "/reports/ex-gratia", &state.app.settings.organisation);
    Ok(ok(&RegisterPage {
        layout,
        lines: lines(&register, &names),
        totals: totals(&register, &names),
        paid_count: register.paid.total.payments,
        paid_total: pounds(register.paid.total.total_pence),
    }))
}

const COLUMNS: [&str; 11] = [
    "Payment",
    "Complaint",
    "Site",
    "Kind",
    "Amount or offer",
    "Rationale",
    "Status",
    "Proposed on",
    "Offered on",
    "Paid on",
    "Receipt on",
];

fn internal(e: impl std::fmt::Display) -> Failure {
    tracing::error!(error = %e, "writing the ex-gratia CSV failed");
    Failure::Internal
}

pub async fn register_csv(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let register = ex_gratia::register(&state.app, &user.actor(), None).await?;
    let names = site_names(&state).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(internal)?;
    for l in lines(&register, &names) {
        writer
            .write_record([
                l.id.to_string(),
                l.complaint_id.to_string(),
                neutralise(&l.site),
                neutralise(l.kind),
                neutralise(&l.redress),
                neutralise(&l.rationale),
                neutralise(l.status),
                l.proposed_on,
                l.offered_on,
                l.paid_on,
                l.receipt_on,
            ])
            .map_err(internal)?;
    }
    let body = writer.into_inner().map_err(internal)?;
    let disposition = "attachment; filename=\"ex-gratia-register.csv\"";
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}
