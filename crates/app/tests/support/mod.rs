//! What the app's integration tests start from: a fresh database (SQLite,
//! or PostgreSQL when `CASEBOOK_TEST_DATABASE_URL` is set), an app whose
//! clock is stopped, sites, and members of staff with one role each.
//! Each test file uses what it needs.
#![allow(dead_code, clippy::unwrap_used)]

use casebook_app::accounts::{self, AccountForm};
use casebook_app::sites::{self, SiteForm};
use casebook_app::{Actor, App, Clock};
use casebook_store::testing::TestDb;
use jiff::Timestamp;
use std::sync::Arc;

/// A clock that always says the same time.
#[derive(Debug)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// A fresh database and an app stopped at `now`. Keep the database for as
/// long as the app: dropping it removes it.
pub async fn app_at(now: Timestamp) -> (TestDb, App) {
    let test = TestDb::new().await.unwrap();
    let mut app = App::new(test.db.clone());
    app.clock = Arc::new(FixedClock(now));
    (test, app)
}

/// A site in England and Wales; returns its record number.
pub async fn site(app: &App, code: &str, name: &str, kind: &str) -> i64 {
    let form = SiteForm { code: code.into(), name: name.into(), kind: kind.into(), nation: "england-and-wales".into(), active: true };
    sites::create(app, &Actor::system("test setup"), &form).await.unwrap().id
}

/// A member of staff with one role, at the site with code `site`; returns
/// them as an actor and their record number. Their display name is their
/// username.
pub async fn staff(app: &App, username: &str, role: &str, grade: &str, site: &str) -> (Actor, i64) {
    let form = AccountForm {
        username: username.into(),
        display_name: username.into(),
        email: String::new(),
        grade: grade.into(),
        site: site.into(),
        roles: vec![role.into()],
        active: true,
    };
    let user = accounts::create(app, &Actor::system("test setup"), &form, None).await.unwrap();
    (Actor::user(&user, None), user.id)
}

/// A complaint form from a removal centre's box, received at 08:00 on
/// 2 March 2026 about an incident on 20 February, from one complainant.
pub fn complaint_from_the_box(site_id: i64, person_id: i64, summary: &str) -> casebook_domain::complaints::receipt::ComplaintDraft {
    casebook_domain::complaints::receipt::ComplaintDraft {
        arrived_by: "complaint-box".into(),
        received_at: "2026-03-02T08:00:00Z".into(),
        site_id: site_id.to_string(),
        setting: "removal-centre".into(),
        complainant_ids: vec![person_id.to_string()],
        incident_date: "2026-02-20".into(),
        summary: summary.into(),
        ..Default::default()
    }
}
