//! The complaint-box log against a real database and a stopped clock:
//! emptyings and scans recorded (each audited, refused to the wrong roles,
//! bad input naming the field and saving nothing), each complaint's scan
//! clock, late scans and days the box was not emptied. Runs on SQLite, or
//! on PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use casebook_app::complaint_boxes::{self as boxes, ScanForm};
use casebook_app::complaint_procedures as cp;
use casebook_app::sites::{self, SiteForm};
use casebook_app::{Actor, App, AppError};
use casebook_domain::complaints::box_log::BoxEmptyingDraft;
use casebook_domain::complaints::preset_two_stage;
use casebook_domain::deadlines::ClockStatus;
use casebook_store::audit::{self as audit_store, AuditFilter};
use casebook_store::testing::TestDb;
use jiff::Timestamp;
use jiff::civil::date;

/// Boxing Day 2026, 16:00 in London (GMT).
fn now() -> Timestamp {
    "2026-12-26T16:00:00Z".parse().unwrap()
}

struct World {
    _db: TestDb,
    app: App,
    clerk: Actor,
    officer: Actor,
    admin: Actor,
    investigator: Actor,
    site: i64,
    office: i64,
}

async fn world() -> World {
    let (test, app) = support::app_at(now()).await;
    let system = Actor::system("test setup");
    let mut site_ids = Vec::new();
    for (code, name, kind) in [("YARL", "Yarl's Wood IRC", "detention-centre"), ("BEDS-OPCC", "Bedfordshire OPCC", "pcc-office")] {
        let form = SiteForm { code: code.into(), name: name.into(), kind: kind.into(), nation: "england-and-wales".into(), active: true };
        site_ids.push(sites::create(&app, &system, &form).await.unwrap().id);
    }
    let mut actors = Vec::new();
    for (name, role) in [
        ("cal.compliance", "compliance-officer"),
        ("otto.officer", "senior-reviewer"),
        ("ada.admin", "administrator"),
        ("ivy.investigator", "investigator"),
    ] {
        actors.push(support::staff(&app, name, role, "heo", "yarl").await.0);
    }
    let [clerk, officer, admin, investigator] = actors.try_into().unwrap();
    World { _db: test, app, clerk, officer, admin, investigator, site: site_ids[0], office: site_ids[1] }
}

fn draft(w: &World, at: &str, count: &str) -> BoxEmptyingDraft {
    BoxEmptyingDraft {
        site_id: w.site.to_string(),
        emptied_at: at.into(),
        emptied_by: w.officer.user_id.unwrap().to_string(),
        count: count.into(),
    }
}

fn scan(at: &str, reference: &str) -> ScanForm {
    ScanForm { scanned_at: at.into(), complaint_reference: reference.into() }
}

async fn actions(app: &App) -> Vec<String> {
    let mut tx = app.db.read().await.unwrap();
    let events = audit_store::list(&mut tx, &AuditFilter { limit: 100, ..AuditFilter::default() }).await.unwrap();
    events.into_iter().map(|e| e.facts.action).filter(|a| a.starts_with("complaint_box.")).collect()
}

fn fields<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_clerk_records_an_emptying_and_scans_each_complaint_within_six_hours() {
    let w = world().await;
    // Christmas Day: the box is still emptied, and the six hours still run.
    let id = boxes::record_emptying(&w.app, &w.clerk, &draft(&w, "2026-12-25T07:30", "3")).await.unwrap();
    boxes::record_scan(&w.app, &w.clerk, id, &scan("2026-12-25T09:00", "YARL-2026-00001")).await.unwrap();
    boxes::record_scan(&w.app, &w.officer, id, &scan("2026-12-25T14:00:00Z", "YARL-2026-00002")).await.unwrap();

    let (site, view) = boxes::emptying(&w.app, &w.clerk, id).await.unwrap();
    assert_eq!(site.id, w.site);
    assert_eq!((view.record.count, view.scanned(), view.record.emptied_by_name.as_str()), (3, 2, "otto.officer"));
    let progress = view.progress.unwrap();
    assert_eq!(progress.due, "2026-12-25T13:30:00Z".parse::<Timestamp>().unwrap());
    assert_eq!((progress.on_time, progress.late, progress.waiting, progress.overdue), (1, 1, 1, true));
    let states: Vec<_> = view.complaints.iter().map(|c| std::mem::discriminant(&c.status)).collect();
    assert_eq!(states.len(), 3);
    assert!(matches!(view.complaints[0].status, ClockStatus::MetOnTime { .. }));
    assert!(matches!(view.complaints[1].status, ClockStatus::MetLate { .. }));
    assert!(matches!(view.complaints[2].status, ClockStatus::Overdue { .. }));
    assert_eq!(view.late_scans().map(|s| s.complaint_reference.as_str()).collect::<Vec<_>>(), ["YARL-2026-00002"]);
    assert_eq!(actions(&w.app).await.iter().filter(|a| *a == "complaint_box.scanned").count(), 2);
    assert_eq!(actions(&w.app).await.iter().filter(|a| *a == "complaint_box.emptied").count(), 1);
}

#[tokio::test]
async fn the_log_shows_each_box_site_and_the_days_it_was_not_emptied() {
    let w = world().await;
    boxes::record_emptying(&w.app, &w.clerk, &draft(&w, "2026-12-25T07:30", "0")).await.unwrap();
    boxes::record_emptying(&w.app, &w.clerk, &draft(&w, "2026-12-23T08:00", "1")).await.unwrap();
    let log = boxes::log(&w.app, &w.officer, None, 4).await.unwrap();
    assert_eq!((log.from, log.to), (date(2026, 12, 22), date(2026, 12, 25)));
    assert!(log.has_scan_limit);
    // Only the detention centre keeps a box; the PCC office has none and no emptyings.
    assert_eq!(log.sites.iter().map(|s| s.site.id).collect::<Vec<_>>(), [w.site]);
    let yarl = &log.sites[0];
    assert_eq!(yarl.days_not_emptied, [date(2026, 12, 22), date(2026, 12, 24)]);
    assert_eq!(yarl.emptyings.len(), 2);
    assert_eq!(yarl.emptyings[0].record.emptied_at, "2026-12-25T07:30:00Z".parse::<Timestamp>().unwrap(), "newest first");
    let one = boxes::log(&w.app, &w.clerk, Some(w.office), 4).await.unwrap();
    assert_eq!(one.sites.len(), 1);
    assert_eq!(one.sites[0].days_not_emptied.len(), 4);
    assert_eq!(fields(boxes::log(&w.app, &w.clerk, None, 0).await), ["days"]);
}

#[tokio::test]
async fn bad_emptyings_and_scans_are_refused_naming_the_field_and_nothing_is_saved() {
    let w = world().await;
    let mut got = fields(boxes::record_emptying(&w.app, &w.clerk, &BoxEmptyingDraft::default()).await);
    got.sort();
    assert_eq!(got, ["count", "emptied_at", "emptied_by", "site_id"]);
    let future = draft(&w, "2026-12-27T07:30", "2");
    assert_eq!(fields(boxes::record_emptying(&w.app, &w.clerk, &future).await), ["emptied_at"]);
    let nowhere = BoxEmptyingDraft { site_id: "999".into(), ..draft(&w, "2026-12-26T07:30", "2") };
    assert_eq!(fields(boxes::record_emptying(&w.app, &w.clerk, &nowhere).await), ["site_id"]);
    let nobody = BoxEmptyingDraft { emptied_by: "999".into(), ..draft(&w, "2026-12-26T07:30", "2") };
    assert_eq!(fields(boxes::record_emptying(&w.app, &w.clerk, &nobody).await), ["emptied_by"]);

    let id = boxes::record_emptying(&w.app, &w.clerk, &draft(&w, "2026-12-26T07:30", "1")).await.unwrap();
    assert_eq!(fields(boxes::record_scan(&w.app, &w.clerk, id, &scan("2026-12-26T07:00", "R1")).await), ["scanned_at"]);
    assert_eq!(fields(boxes::record_scan(&w.app, &w.clerk, id, &scan("2026-12-26T18:00", "R1")).await), ["scanned_at"]);
    assert_eq!(fields(boxes::record_scan(&w.app, &w.clerk, id, &scan("yesterday", "R1")).await), ["scanned_at"]);
    assert_eq!(fields(boxes::record_scan(&w.app, &w.clerk, id, &scan("", " ")).await), ["complaint_reference"]);
    boxes::record_scan(&w.app, &w.clerk, id, &scan("", "R1")).await.unwrap();
    assert_eq!(fields(boxes::record_scan(&w.app, &w.clerk, id, &scan("", "R2")).await), ["complaint_reference"]);
    assert!(matches!(boxes::record_scan(&w.app, &w.clerk, 999, &scan("", "R2")).await, Err(AppError::NotFound(_))));

    let (_, view) = boxes::emptying(&w.app, &w.clerk, id).await.unwrap();
    assert_eq!(view.scanned(), 1);
    assert_eq!(actions(&w.app).await.len(), 2, "one emptying and one scan");
}

#[tokio::test]
async fn only_box_keepers_may_read_or_write_the_log() {
    let w = world().await;
    let id = boxes::record_emptying(&w.app, &w.officer, &draft(&w, "2026-12-26T07:30", "1")).await.unwrap();
    for refused in [&w.admin, &w.investigator] {
        assert!(matches!(boxes::record_emptying(&w.app, refused, &draft(&w, "2026-12-26T07:30", "1")).await, Err(AppError::Forbidden)));
        assert!(matches!(boxes::record_scan(&w.app, refused, id, &scan("", "R1")).await, Err(AppError::Forbidden)));
        assert!(matches!(boxes::log(&w.app, refused, None, 7).await, Err(AppError::Forbidden)));
        assert!(matches!(boxes::emptying(&w.app, refused, id).await, Err(AppError::Forbidden)));
        assert!(matches!(boxes::staff(&w.app, refused).await, Err(AppError::Forbidden)));
    }
    assert_eq!(actions(&w.app).await.len(), 1);
}

#[tokio::test]
async fn under_a_procedure_without_a_box_limit_scans_are_not_timed() {
    let w = world().await;
    cp::choose_preset(&w.app, &w.admin, preset_two_stage::KEY, None).await.unwrap();
    let id = boxes::record_emptying(&w.app, &w.clerk, &draft(&w, "2026-12-26T07:30", "2")).await.unwrap();
    let (_, view) = boxes::emptying(&w.app, &w.clerk, id).await.unwrap();
    assert!(view.progress.is_none() && view.complaints.is_empty());
    assert!(!boxes::log(&w.app, &w.clerk, None, 7).await.unwrap().has_scan_limit);
}
