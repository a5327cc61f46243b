//! The monthly summary of complaints per site (para 47), counted in SQL
//! over the columns `casebook_store::complaint_reports` keeps, so it stays
//! quick at a million complaints. Definitions: `domain::complaints::monthly_summary`.

use super::REPORTERS;
use crate::{Actor, App, AppError, Result};
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::monthly_summary::Month;
use casebook_domain::complaints::response::Outcome;
use casebook_store::{complaint_reports as store, sites};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// One site's line of the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSummary {
    pub site_id: i64,
    pub code: String,
    pub name: String,
    pub received: u64,
    /// Received, by category key (`""`: not yet triaged), in the order of [`MonthlySummary::categories`].
    pub by_category: Vec<u64>,
    /// Fully answered in the month.
    pub responded: u64,
    pub substantiated: u64,
    pub partially_substantiated: u64,
    pub not_substantiated: u64,
    /// Answered but with an outcome still to record.
    pub outcome_pending: u64,
    pub within_target: u64,
    /// Overdue at the end of the month (or now, for the month in progress).
    pub overdue: u64,
    /// Answered in the month after an agreed extension.
    pub extended: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlySummary {
    pub month: Month,
    /// When overdue is counted: the month's end, or now if sooner.
    pub as_at: Timestamp,
    /// (key, label) of each category column.
    pub categories: Vec<(String, String)>,
    pub sites: Vec<SiteSummary>,
    pub totals: SiteSummary,
}

/// The month asked for (`YYYY-MM`), or the last full month when blank.
pub fn month_or_last(raw: Option<&str>, now: Timestamp) -> Result<Month> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => Month::parse(raw).map_err(|e| AppError::field("month", e)),
        None => Ok(Month::of(london_date(now)).previous()),
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The summary for `month` (`YYYY-MM`; blank: last month), every site.
pub async fn monthly(app: &App, actor: &Actor, month: Option<&str>) -> Result<MonthlySummary> {
    actor.require(REPORTERS)?;
    let now = app.now();
    let month = month_or_last(month, now)?;
    let as_at = month.ends_at().min(now);
    let mut tx = app.db.read().await?;
    let (procedure, _) = crate::complaints::procedure_in_force(&mut tx).await?;
    let received = store::received(&mut tx, month.starts_at(), month.ends_at()).await?;
    let responses = store::responses(&mut tx, month.starts_at(), month.ends_at()).await?;
    let overdue = store::overdue(&mut tx, as_at).await?;
    let all_sites = sites::list(&mut tx).await?;
    drop(tx);

    // The procedure's categories, then any other key seen, then untriaged.
    let mut categories: Vec<(String, String)> = procedure.categories.iter().map(|c| (c.key.clone(), c.label.clone())).collect();
    for r in &received {
        let key = r.category.clone().unwrap_or_default();
        if !categories.iter().any(|(k, _)| *k == key) {
            let label = if key.is_empty() { "Not yet triaged".to_owned() } else { key.clone() };
            categories.push((key, label));
        }
    }
    let mut lines: BTreeMap<i64, SiteSummary> = BTreeMap::new();
    let width = categories.len();
    fn line(lines: &mut BTreeMap<i64, SiteSummary>, site_id: i64, width: usize) -> &mut SiteSummary {
        lines.entry(site_id).or_insert_with(|| SiteSummary { site_id, by_category: vec![0; width], ..SiteSummary::default() })
    }
    for r in &received {
        let key = r.category.clone().unwrap_or_default();
        let column = categories.iter().position(|(k, _)| *k == key).unwrap_or(0);
        let l = line(&mut lines, r.site_id, width);
        l.received += count(r.count);
        if let Some(cell) = l.by_category.get_mut(column) {
            *cell += count(r.count);
        }
    }
    for r in &responses {
        let n = count(r.count);
        let l = line(&mut lines, r.site_id, width);
        l.responded += n;
        match r.outcome.as_deref() {
            Some(s) if s == Outcome::Substantiated.slug() => l.substantiated += n,
            Some(s) if s == Outcome::PartiallySubstantiated.slug() => l.partially_substantiated += n,
            Some(s) if s == Outcome::NotSubstantiated.slug() => l.not_substantiated += n,
            _ => l.outcome_pending += n,
        }
        if r.within_target == Some(true) {
            l.within_target += n;
        }
        if r.extended {
            l.extended += n;
        }
    }
    for r in &overdue {
        line(&mut lines, r.site_id, width).overdue += count(r.count);
    }
    // Every active site appears, even with nothing to count.
    let mut sites = Vec::new();
    for site in &all_sites {
        let found = lines.remove(&site.id);
        if !site.active && found.is_none() {
            continue;
        }
        let mut l =
            found.unwrap_or_else(|| SiteSummary { site_id: site.id, by_category: vec![0; categories.len()], ..SiteSummary::default() });
        l.code = site.code.clone();
        l.name = site.name.clone();
        sites.push(l);
    }
    let mut totals = SiteSummary { name: "All sites".into(), by_category: vec![0; categories.len()], ..SiteSummary::default() };
    for l in &sites {
        totals.received += l.received;
        for (t, n) in totals.by_category.iter_mut().zip(&l.by_category) {
            *t += n;
        }
        totals.responded += l.responded;
        totals.substantiated += l.substantiated;
        totals.partially_substantiated += l.partially_substantiated;
        totals.not_substantiated += l.not_substantiated;
        totals.outcome_pending += l.outcome_pending;
        totals.within_target += l.within_target;
        totals.overdue += l.overdue;
        totals.extended += l.extended;
    }
    Ok(MonthlySummary { month, as_at, categories, sites, totals })
}
