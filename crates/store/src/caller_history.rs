//! What the caller screen shows about a caller's history at a glance: how
//! many contacts they made in the last day, week and 30 days. Lean on
//! purpose: it runs on every incoming call.

use crate::{DbTime, Result, Tx, on_backend};
use jiff::{SignedDuration, Timestamp};

/// Contacts a person made in the windows ending now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentContacts {
    pub last_24_hours: i64,
    pub last_7_days: i64,
    pub last_30_days: i64,
}

/// Counts from the `(person_id, occurred_at)` index alone: one range scan of the last 30 days.
pub async fn recent_contacts(tx: &mut Tx, person_id: i64, now: Timestamp) -> Result<RecentContacts> {
    let ago = |hours: i64| DbTime(now - SignedDuration::from_hours(hours));
    let (day, week, month): (i64, i64, i64) = on_backend!(tx, c => sqlx::query_as(
        "SELECT COUNT(CASE WHEN occurred_at >= $2 THEN 1 END), COUNT(CASE WHEN occurred_at >= $3 THEN 1 END), COUNT(*)
         FROM contacts WHERE person_id = $1 AND occurred_at >= $4 AND occurred_at <= $5")
        .bind(person_id).bind(ago(24)).bind(ago(24 * 7)).bind(ago(24 * 30)).bind(DbTime(now))
        .fetch_one(c).await)?;
    Ok(RecentContacts { last_24_hours: day, last_7_days: week, last_30_days: month })
}
