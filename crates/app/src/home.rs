//! The figures on each person's home page. Only real figures: each comes
//! from the database or the calendar, none is a placeholder.

use crate::sessions::Principal;
use crate::{App, Result};
use casebook_domain::access::Role;
use casebook_domain::calendar::{BankHoliday, Division, WorkingCalendar, bank_holidays, london_date};
use casebook_store::{audit, closures, sessions, sites, users};
use jiff::SignedDuration;
use jiff::civil::Date;

#[derive(Debug, Clone)]
pub struct WorkingTime {
    pub today: Date,
    pub division: Division,
    pub site_name: Option<String>,
    pub is_working_day: bool,
    pub working_days_left_this_month: i32,
    pub next_bank_holiday: Option<BankHoliday>,
}

#[derive(Debug, Clone)]
pub struct AdminFigures {
    pub active_users: i64,
    pub users_by_role: Vec<(Role, i64)>,
    pub sites: i64,
    pub signed_in_now: i64,
    pub audit_events_24h: i64,
    pub failed_sign_ins_24h: i64,
}

#[derive(Debug, Clone)]
pub struct HomeFigures {
    pub working_time: WorkingTime,
    pub admin: Option<AdminFigures>,
}

pub async fn figures(app: &App, principal: &Principal) -> Result<HomeFigures> {
    let now = app.now();
    let today = london_date(now);
    let mut tx = app.db.read().await?;
    let site = match principal.user.site_id {
        Some(id) => Some(sites::get(&mut tx, id).await?),
        None => None,
    };
    let division = site.as_ref().map(|s| Division::from(s.nation)).unwrap_or(Division::EnglandAndWales);
    let closed = match &site {
        Some(s) => closures::for_site(&mut tx, s.id, None).await?,
        None => Vec::new(),
    };
    let calendar = WorkingCalendar::new(division).with_closures(closed.iter().map(|c| c.closed_on));
    let month_end = today.last_of_month();
    let next_bank_holiday =
        [today.year(), today.year().saturating_add(1)].into_iter().flat_map(|y| bank_holidays(division, y)).find(|h| h.date >= today);
    let working_time = WorkingTime {
        today,
        division,
        site_name: site.map(|s| s.name),
        is_working_day: calendar.is_working_day(today),
        working_days_left_this_month: calendar.working_days_between(today, month_end),
        next_bank_holiday,
    };
    let admin = if principal.user.roles.contains(Role::Administrator) {
        let all_users = users::list(&mut tx).await?;
        let (audit_events_24h, failed_sign_ins_24h) = audit::activity_since(&mut tx, now - SignedDuration::from_hours(24)).await?;
        Some(AdminFigures {
            active_users: all_users.iter().filter(|u| u.active).count() as i64,
            users_by_role: users::count_active_by_role(&mut tx).await?,
            sites: sites::list(&mut tx).await?.len() as i64,
            signed_in_now: sessions::count_signed_in(&mut tx, now).await?,
            audit_events_24h,
            failed_sign_ins_24h,
        })
    } else {
        None
    };
    Ok(HomeFigures { working_time, admin })
}
