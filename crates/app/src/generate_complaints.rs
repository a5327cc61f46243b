//! `casebook generate --complaints N`: complaints from
//! `domain::generate::complaints`, each walked through the procedure in
//! force at the sites on file, written through `store::bulk` with their
//! running clocks indexed exactly as a saved complaint's are.
//!
//! Like the rest of the generated world, complaints are written in large
//! transactions; the last carries the one audit event with the counts.

use crate::accounts::{self, AccountForm};
use crate::complaints::procedure_in_force;
use crate::generate::Progress;
use crate::sites::SiteForm;
use crate::{Actor, App, Result, sites as site_cases};
use casebook_domain::access::{Role, Roles};
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::deadline_index::indexed_clocks;
use casebook_domain::generate::complaints::{ComplaintPlan, ComplaintSite};
use casebook_domain::site::SiteKind;
use casebook_domain::validation::FieldErrors;
use casebook_store::bulk::{self, BulkComplaint};
use casebook_store::complaints as store;
use std::collections::BTreeMap;

const COMPLAINTS_PER_TRANSACTION: u64 = 20_000;
const MAX_COMPLAINTS: u64 = 20_000_000;
/// Complainants are drawn from at most this many of the generated persons.
const COMPLAINANTS_MAX: usize = 100_000;

/// What was generated: complaints, and how many were still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedComplaints {
    pub complaints: u64,
    pub open: u64,
    pub running_clocks: u64,
    pub staff_created: usize,
}

/// Staff with `role`, or `n` generated ones if there are none.
async fn staff_with(app: &App, actor: &Actor, role: Role, slug: &str, n: usize, site: &str) -> Result<(Vec<i64>, usize)> {
    let has = |users: &[casebook_store::users::UserRecord]| -> Vec<i64> {
        users.iter().filter(|u| u.active && u.roles.contains(role)).map(|u| u.id).collect()
    };
    let found = has(&accounts::list(app).await?);
    if !found.is_empty() {
        return Ok((found, 0));
    }
    for i in 1..=n {
        let form = AccountForm {
            username: format!("generated.{slug}{i:02}"),
            display_name: format!("Generated {} {i}", slug.replace('-', " ")),
            email: String::new(),
            grade: "heo".into(),
            site: site.to_owned(),
            roles: vec![slug.to_owned()],
            active: true,
        };
        accounts::create(app, actor, &form, None).await?;
    }
    Ok((has(&accounts::list(app).await?), n))
}

/// The detention estate a generated world's complaints arrive at, when no
/// detention site is on file: sites of every size in all three nations, so
/// each site's calendar and share of the work is realistic.
const ESTATE: [(&str, &str, &str); 12] = [
    ("GEN-HMW", "Harmondsworth IRC", "england-and-wales"),
    ("GEN-COL", "Colnbrook IRC", "england-and-wales"),
    ("GEN-BRK", "Brook House IRC", "england-and-wales"),
    ("GEN-YWD", "Yarl's Wood IRC", "england-and-wales"),
    ("GEN-DER", "Derwentside IRC", "england-and-wales"),
    ("GEN-DUN", "Dungavel House IRC", "scotland"),
    ("GEN-TIN", "Tinsley House IRC", "england-and-wales"),
    ("GEN-MAN", "Manchester Residential STHF", "england-and-wales"),
    ("GEN-LAR", "Larne House STHF", "northern-ireland"),
    ("GEN-SWI", "Swinderby Residential STHF", "england-and-wales"),
    ("GEN-GLA", "Glasgow Airport STHF", "scotland"),
    ("GEN-ESC", "Escorting (in-country)", "england-and-wales"),
];

/// The open detention sites on file, or the generated estate.
async fn estate(app: &App, actor: &Actor) -> Result<Vec<ComplaintSite>> {
    let on_file = |all: Vec<casebook_store::sites::SiteRecord>| -> Vec<ComplaintSite> {
        all.into_iter()
            .filter(|s| s.active && s.kind == SiteKind::DetentionCentre)
            .map(|s| ComplaintSite { id: s.id, code: s.code, nation: s.nation })
            .collect()
    };
    let found = on_file(site_cases::list(app).await?);
    if !found.is_empty() {
        return Ok(found);
    }
    for (code, name, nation) in ESTATE {
        let form = SiteForm {
            code: code.into(),
            name: format!("{name} (generated)"),
            kind: SiteKind::DetentionCentre.slug().into(),
            nation: nation.into(),
            active: true,
        };
        site_cases::create(app, actor, &form).await?;
    }
    Ok(on_file(site_cases::list(app).await?))
}

/// Generates `n` complaints received over `days` days at the detention sites,
/// made by `persons` (generated persons' record numbers).
pub async fn generate_complaints(
    app: &App,
    actor: &Actor,
    seed: u64,
    n: u64,
    days: u32,
    persons: &[i64],
    progress: Progress<'_>,
) -> Result<GeneratedComplaints> {
    actor.require(Roles::ADMINISTRATORS)?;
    if n > MAX_COMPLAINTS {
        let mut errors = FieldErrors::new();
        errors.add("complaints", format!("Complaints must be {MAX_COMPLAINTS} or fewer"));
        errors.into_result(())?;
    }
    let sites = estate(app, actor).await?;
    let (clerks, made_clerks) = staff_with(app, actor, Role::ComplianceOfficer, "compliance-officer", 4, &sites[0].code).await?;
    let (investigators, made_investigators) = staff_with(app, actor, Role::Investigator, "investigator", 12, &sites[0].code).await?;
    let mut tx = app.db.write().await?;
    let (procedure, version) = procedure_in_force(&mut tx).await?;
    let body = serde_json::to_string(&procedure).map_err(|e| crate::AppError::Internal(e.to_string()))?;
    store::keep_procedure(&mut tx, &procedure.key, version, &body).await?;
    tx.commit().await?;

    let now = app.now();
    let complainants = persons.iter().copied().take(COMPLAINANTS_MAX).collect();
    let plan = ComplaintPlan::new(seed, procedure.clone(), sites, clerks, investigators, complainants, days, now);
    let format = &procedure.reference_format;
    let mut sequences: BTreeMap<(String, i64), i64> = BTreeMap::new();
    let (mut open, mut running) = (0, 0);
    let mut start = 0;
    let mut work = app.begin(actor).await?;
    loop {
        let end = (start + COMPLAINTS_PER_TRANSACTION).min(n);
        let batch: Vec<BulkComplaint> = (start..end)
            .filter_map(|i| plan.complaint(i))
            .map(|g| {
                let deadlines = indexed_clocks(plan.procedure(), plan.calendar(g.site_index), &g.complaint);
                if let Some(seq) = g.sequence {
                    let scope = if format.sequence_per_site() { plan.site(g.site_index).code.clone() } else { String::new() };
                    let year = if format.sequence_per_year() { i64::from(london_date(g.complaint.receipt.received_at).year()) } else { 0 };
                    let last = sequences.entry((scope, year)).or_default();
                    *last = (*last).max(seq as i64);
                }
                BulkComplaint { complaint: g.complaint, deadlines, idempotency_key: None, created_by: None }
            })
            .collect();
        open += batch.iter().filter(|b| b.complaint.state.is_open()).count() as u64;
        running += batch.iter().map(|b| b.deadlines.len() as u64).sum::<u64>();
        bulk::insert_complaints(&mut work.tx, &procedure.key, version, &batch, now).await?;
        if end >= n {
            break;
        }
        work.commit().await?;
        progress("complaints", end, n);
        work = app.begin(actor).await?;
        start = end;
    }
    let sequences: Vec<(String, i64, i64)> = sequences.into_iter().map(|((s, y), l)| (s, y, l)).collect();
    bulk::advance_complaint_sequences(&mut work.tx, &sequences).await?;
    work.record(
        "complaints.generated",
        "world",
        None,
        format!("generated {n} complaints ({open} open, {running} running clocks) over {days} days, seed {seed}"),
    );
    work.commit().await?;
    progress("complaints", n, n);
    bulk::settle(&app.db).await?;
    Ok(GeneratedComplaints { complaints: n, open, running_clocks: running, staff_created: made_clerks + made_investigators })
}
