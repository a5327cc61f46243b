//! THRIVE assessments in the store: saved with the contact, read back with
//! both grades, and the report aggregates (grades by channel, overrides)
//! within a date range. Runs on SQLite, or on PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_domain::access::{Grade as CivilGrade, Role, Roles};
use casebook_domain::contacts::{CategoryDetail, Channel, ContactCategory, ContactOutcome, Direction, ValidContact};
use casebook_domain::nation::Nation;
use casebook_domain::site::SiteKind;
use casebook_domain::triage::{Factor, Grade, Level, RulesInForce, Triage, TriageDraft, validate_triage};
use casebook_store::sites::SiteFields;
use casebook_store::testing::TestDb;
use casebook_store::triage::{self, GradeCount};
use casebook_store::users::UserFields;
use casebook_store::{Db, contacts, sites, users};
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-03-02T09:00:00.123456Z".parse().unwrap()
}

fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

struct World {
    _test: TestDb,
    db: Db,
    site: i64,
    handler: i64,
}

async fn world() -> World {
    let test = TestDb::new().await.unwrap();
    let db = test.db.clone();
    let mut tx = db.write().await.unwrap();
    let fields = SiteFields {
        code: "NP-COMMS".into(),
        name: "Northumbria Police Communications Centre".into(),
        kind: SiteKind::ContactCentre,
        nation: Nation::EnglandAndWales,
        active: true,
    };
    let site = sites::insert(&mut tx, &fields, t0()).await.unwrap();
    let user = UserFields {
        display_name: "Hal Handler".into(),
        email: None,
        grade: CivilGrade::Eo,
        site_id: Some(site),
        active: true,
        roles: Roles::of(&[Role::CallHandler]),
    };
    let handler = users::insert(&mut tx, "hal.handler", &user, None, t0()).await.unwrap();
    tx.commit().await.unwrap();
    World { _test: test, db, site, handler }
}

/// A graded assessment: every factor at `level`, accepted or overridden to `to`.
fn graded(level: &str, override_to: Option<(Grade, &str)>, version: Option<i64>) -> Triage {
    let mut d = TriageDraft { decision: "accept".into(), ..TriageDraft::default() };
    d.threat = level.into();
    d.harm = level.into();
    d.risk = level.into();
    d.investigation = level.into();
    d.vulnerability = level.into();
    d.engagement = "low".into();
    for note in [&mut d.threat_note, &mut d.harm_note, &mut d.risk_note, &mut d.investigation_note, &mut d.vulnerability_note] {
        *note = format!("judged {level}");
    }
    if let Some((grade, reason)) = override_to {
        d.decision = "override".into();
        d.override_grade = grade.slug().into();
        d.override_reason = reason.into();
    }
    validate_triage(&d, &RulesInForce { version, ..RulesInForce::preset() }).unwrap()
}

fn contact(w: &World, at: Timestamp, channel: Channel, triage: Option<Triage>) -> ValidContact {
    ValidContact {
        occurred_at: at,
        channel,
        direction: Direction::Inbound,
        site_id: w.site,
        person_id: None,
        subject: "Report of a disturbance".into(),
        notes: String::new(),
        category: ContactCategory::Request,
        detail: CategoryDetail::None,
        outcome: ContactOutcome::Referred,
        message: None,
        duration_seconds: None,
        triage,
    }
}

async fn insert(w: &World, c: &ValidContact) -> i64 {
    let mut tx = w.db.write().await.unwrap();
    let id = contacts::insert(&mut tx, c, w.handler, t0()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn an_assessment_round_trips_with_its_contact() {
    let w = world().await;
    let overridden = graded("low", Some((Grade::Priority, "Caller's child missing since noon")), Some(4));
    let id = insert(&w, &contact(&w, t0() - hours(1), Channel::Call101, Some(overridden))).await;
    let plain = insert(&w, &contact(&w, t0() - hours(1), Channel::Call101, None)).await;

    let mut tx = w.db.read().await.unwrap();
    let got = triage::for_contact(&mut tx, id).await.unwrap().unwrap();
    assert_eq!(got.contact_id, id);
    assert_eq!(got.factors.iter().map(|f| f.factor).collect::<Vec<_>>(), Factor::ALL);
    assert_eq!(got.factors[0].level, Level::Low);
    assert_eq!(got.factors[0].note, "judged low");
    assert_eq!(got.factors[5].note, "");
    assert_eq!((got.proposed, got.final_grade), (Grade::ResolutionWithoutDeployment, Grade::Priority));
    assert!(got.proposal_reason.contains("No factor above low"));
    assert_eq!(got.override_reason.as_deref(), Some("Caller's child missing since noon"));
    assert!(got.overridden());
    assert_eq!((got.policy_version, got.assessed_by, got.assessed_at), (Some(4), w.handler, t0()));
    assert_eq!(triage::for_contact(&mut tx, plain).await.unwrap(), None);

    drop(tx);
    let accepted = insert(&w, &contact(&w, t0(), Channel::Email, Some(graded("high", None, None)))).await;
    let mut tx = w.db.read().await.unwrap();
    let got = triage::for_contact(&mut tx, accepted).await.unwrap().unwrap();
    assert_eq!((got.proposed, got.final_grade, got.override_reason, got.policy_version), (Grade::Emergency, Grade::Emergency, None, None));
}

#[tokio::test]
async fn reports_count_final_grades_by_channel_and_list_overrides_in_the_range() {
    let w = world().await;
    let from = t0() - hours(48);
    let to = t0();
    // In the range: two 101 calls graded 1, one overridden 101 call (4 -> 2), one email graded 3.
    insert(&w, &contact(&w, from, Channel::Call101, Some(graded("high", None, None)))).await;
    insert(&w, &contact(&w, t0() - hours(30), Channel::Call101, Some(graded("high", None, None)))).await;
    let overridden =
        insert(&w, &contact(&w, t0() - hours(2), Channel::Call101, Some(graded("low", Some((Grade::Priority, "Sounded scared")), None))))
            .await;
    insert(&w, &contact(&w, t0() - hours(5), Channel::Email, Some(graded("medium", None, None)))).await;
    // Outside the range (the end is exclusive), or not assessed.
    insert(&w, &contact(&w, to, Channel::Email, Some(graded("low", Some((Grade::Emergency, "Out of range")), None)))).await;
    insert(&w, &contact(&w, from - hours(1), Channel::Call999, Some(graded("high", None, None)))).await;
    insert(&w, &contact(&w, t0() - hours(3), Channel::Sms, None)).await;

    let mut tx = w.db.read().await.unwrap();
    let mut counts = triage::grades_by_channel(&mut tx, from, to).await.unwrap();
    counts.sort_by_key(|c| (c.channel.slug(), c.grade));
    assert_eq!(
        counts,
        [
            GradeCount { channel: Channel::Call101, grade: Grade::Emergency, count: 2 },
            GradeCount { channel: Channel::Call101, grade: Grade::Priority, count: 1 },
            GradeCount { channel: Channel::Email, grade: Grade::Priority, count: 1 },
        ],
        "three medium factors make a priority"
    );

    let overrides = triage::overrides(&mut tx, from, to, 100).await.unwrap();
    assert_eq!(overrides.len(), 1);
    let o = &overrides[0];
    assert_eq!(
        (o.contact_id, o.channel, o.proposed, o.final_grade),
        (overridden, Channel::Call101, Grade::ResolutionWithoutDeployment, Grade::Priority)
    );
    assert_eq!((o.reason.as_str(), o.assessed_by, o.occurred_at), ("Sounded scared", w.handler, t0() - hours(2)));
    let everything = triage::overrides(&mut tx, from - hours(100), to + hours(1), 100).await.unwrap();
    assert_eq!(everything.iter().map(|o| o.reason.as_str()).collect::<Vec<_>>(), ["Out of range", "Sounded scared"], "newest first");
    assert!(triage::grades_by_channel(&mut tx, to + hours(1), to + hours(2)).await.unwrap().is_empty());
}
