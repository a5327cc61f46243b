//! Frequent callers: contact counts per person over the sliding windows,
//! aggregated in SQL so the candidate list stays fast at millions of
//! contacts; each person's flag (the domain type as JSON, versioned) and
//! the history of its steps.
//!
//! Counting follows `domain::frequent_callers::count_windows` exactly: a
//! contact is in a window when it happened after the window's start and no
//! later than `now`. Anonymous contacts (no person) are never counted.

use crate::{DbDate, DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::frequent_callers::{ContactWindowCounts, FlagEvent, FrequentCallerFlag, Window};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use sqlx::FromRow;

/// A person's counts in every window, and in the 30 days before the last 30 (for the trend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCounts {
    pub person_id: i64,
    pub display_name: String,
    pub date_of_birth: Option<Date>,
    pub counts: ContactWindowCounts,
    pub previous_30d: u32,
}

#[derive(FromRow)]
struct CountsRow {
    person_id: i64,
    display_name: String,
    date_of_birth: Option<DbDate>,
    n_24h: i64,
    n_96h: i64,
    n_7d: i64,
    n_30d: i64,
    n_90d: i64,
    n_183d: i64,
    n_previous_30d: i64,
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl From<CountsRow> for PersonCounts {
    fn from(r: CountsRow) -> Self {
        PersonCounts {
            person_id: r.person_id,
            display_name: r.display_name,
            date_of_birth: r.date_of_birth.map(|d| d.to_jiff()),
            counts: ContactWindowCounts {
                last_24h: count(r.n_24h),
                last_96h: count(r.n_96h),
                last_7d: count(r.n_7d),
                last_30d: count(r.n_30d),
                last_90d: count(r.n_90d),
                last_183d: count(r.n_183d),
            },
            previous_30d: count(r.n_previous_30d),
        }
    }
}

fn hours_before(now: Timestamp, hours: i64) -> DbTime {
    DbTime(now.checked_sub(SignedDuration::from_hours(hours)).unwrap_or(Timestamp::MIN))
}

/// The window columns, in `Window::ALL` order.
const WINDOW_COLUMNS: [&str; 6] = ["n_24h", "n_96h", "n_7d", "n_30d", "n_90d", "n_183d"];

/// What the candidate query looks for: for each window, the lowest number
/// of contacts that crosses a rule for everyone or for adults, and the same
/// for under-18s, whose rules only apply to persons born after
/// `born_after` (a day's margin before the eighteenth birthday: the app
/// applies the exact rules to what comes back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRules {
    pub general: Vec<(Window, u32)>,
    pub under_18: Vec<(Window, u32)>,
    pub born_after: Date,
}

/// Who to count: one person, the flagged persons, or the candidates.
pub enum Scope<'a> {
    Person(i64),
    Flagged,
    /// Persons whose counts reach any of the rules; persons flagged now are left out.
    Candidates(&'a CandidateRules),
}

/// A value bound to a numbered placeholder.
#[derive(Clone, Copy)]
enum Arg {
    Int(i64),
    Time(DbTime),
    Date(Date),
}

#[derive(Default)]
struct Args(Vec<Arg>);

impl Args {
    /// Adds a value and answers its placeholder, e.g. `$3`.
    fn push(&mut self, arg: Arg) -> String {
        self.0.push(arg);
        format!("${}", self.0.len())
    }
}

/// Binds every argument, in order, on either backend.
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in &$args.0 {
            query = match *arg {
                Arg::Int(v) => query.bind(v),
                Arg::Time(v) => query.bind(v),
                Arg::Date(v) => query.bind(DbDate::from(v)),
            };
        }
        query
    }};
}

/// `HAVING` conditions: a person stays when any window reaches its number.
/// The scan covers the longest window, so its count needs no filter.
fn having(rules: &[(Window, u32)], now: Timestamp, args: &mut Args) -> String {
    let longest = longest(rules);
    rules
        .iter()
        .map(|(window, at_least)| {
            let n = args.push(Arg::Int(i64::from(*at_least)));
            if Some(*window) == longest {
                format!("COUNT(*) >= {n}")
            } else {
                let start = args.push(Arg::Time(hours_before(now, window.hours())));
                format!("COUNT(*) FILTER (WHERE c.occurred_at > {start}) >= {n}")
            }
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

fn longest(rules: &[(Window, u32)]) -> Option<Window> {
    rules.iter().map(|(w, _)| *w).max_by_key(|w| w.hours())
}

/// The persons any rule may pick and who are not flagged now, scanning
/// only the windows the rules use: everyone's and adults' rules over the
/// contacts of their longest window (`contacts_occurred_person` covers
/// it), under-18s' rules from the persons with a recent date of birth
/// through `contacts_person_occurred`.
async fn candidate_ids(tx: &mut Tx, rules: &CandidateRules, now: Timestamp) -> Result<Vec<i64>> {
    let mut args = Args::default();
    let now_ph = args.push(Arg::Time(DbTime(now)));
    let mut parts = Vec::new();
    if let Some(window) = longest(&rules.general) {
        let start = args.push(Arg::Time(hours_before(now, window.hours())));
        let having = having(&rules.general, now, &mut args);
        parts.push(format!(
            "SELECT c.person_id AS id FROM contacts c WHERE c.occurred_at > {start} AND c.occurred_at <= {now_ph} AND c.person_id IS NOT NULL
             GROUP BY c.person_id HAVING {having}"
        ));
    }
    if !rules.under_18.is_empty() {
        // Driven from the persons with a recent date of birth, one index
        // range of their contacts per rule: joining from the contacts
        // instead looks up a person for every contact (measured 20 times slower).
        let born_after = args.push(Arg::Date(rules.born_after));
        let counts: Vec<String> = rules
            .under_18
            .iter()
            .map(|(window, at_least)| {
                let start = args.push(Arg::Time(hours_before(now, window.hours())));
                let n = args.push(Arg::Int(i64::from(*at_least)));
                format!(
                    "(SELECT COUNT(*) FROM contacts c WHERE c.person_id = p.id AND c.occurred_at > {start} AND c.occurred_at <= {now_ph}) >= {n}"
                )
            })
            .collect();
        parts.push(format!("SELECT p.id FROM persons p WHERE p.date_of_birth > {born_after} AND ({})", counts.join(" OR ")));
    }
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT h.id FROM ({}) h WHERE NOT EXISTS (SELECT 1 FROM frequent_caller_flags f WHERE f.person_id = h.id AND f.state = 'flagged')
         ORDER BY h.id",
        parts.join(" UNION ")
    );
    // The grouping is over hundreds of thousands of persons.
    crate::backend::for_large_grouping(tx).await?;
    let ids: Vec<i64> = on_backend!(tx, c => bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str())), args).fetch_all(c).await)?;
    Ok(ids)
}

/// How many persons one full-count query asks for, well under both
/// engines' limits on placeholders.
const PERSONS_PER_QUERY: usize = 500;

/// Counts per person in every window, in one pass over their contacts of
/// the last 183 days (the longest window): one filtered COUNT per window, grouped by
/// person. Candidates are first narrowed down by [`candidate_ids`]; the
/// full counts are then made for them only, through their own index ranges.
pub async fn counts(tx: &mut Tx, now: Timestamp, scope: Scope<'_>) -> Result<Vec<PersonCounts>> {
    match scope {
        Scope::Person(id) => counts_where(tx, now, Who::Ids(&[id])).await,
        Scope::Flagged => counts_where(tx, now, Who::Flagged).await,
        Scope::Candidates(rules) => {
            let ids = candidate_ids(tx, rules, now).await?;
            let mut found = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(PERSONS_PER_QUERY) {
                found.extend(counts_where(tx, now, Who::Ids(chunk)).await?);
            }
            Ok(found)
        }
    }
}

enum Who<'a> {
    Ids(&'a [i64]),
    Flagged,
}

async fn counts_where(tx: &mut Tx, now: Timestamp, who: Who<'_>) -> Result<Vec<PersonCounts>> {
    let mut args = Args::default();
    let starts: Vec<String> = Window::ALL.iter().map(|w| args.push(Arg::Time(hours_before(now, w.hours())))).collect();
    let previous_start = args.push(Arg::Time(hours_before(now, 2 * Window::Days30.hours())));
    let previous_end = args.push(Arg::Time(hours_before(now, Window::Days30.hours())));
    let now_ph = args.push(Arg::Time(DbTime(now)));
    // The scan covers the longest window (183 days), so its column is COUNT(*).
    let mut sums: Vec<String> = WINDOW_COLUMNS
        .iter()
        .zip(&starts)
        .take(WINDOW_COLUMNS.len() - 1)
        .map(|(col, start)| format!("COUNT(*) FILTER (WHERE occurred_at > {start}) AS {col}"))
        .collect();
    sums.push(format!("COUNT(*) AS {}", WINDOW_COLUMNS[5]));
    sums.push(format!("COUNT(*) FILTER (WHERE occurred_at > {previous_start} AND occurred_at <= {previous_end}) AS n_previous_30d"));
    let longest_start = &starts[5];
    let persons = match who {
        Who::Ids(ids) => {
            let list: Vec<String> = ids.iter().map(|id| args.push(Arg::Int(*id))).collect();
            format!("person_id IN ({})", list.join(", "))
        }
        Who::Flagged => "person_id IN (SELECT f.person_id FROM frequent_caller_flags f WHERE f.state = 'flagged')".to_owned(),
    };
    let sql = format!(
        "SELECT c.person_id, p.display_name, p.date_of_birth, c.{cols}, c.n_previous_30d
         FROM (SELECT person_id, {sums} FROM contacts WHERE {persons} AND occurred_at > {longest_start} AND occurred_at <= {now_ph}
               GROUP BY person_id) c
         JOIN persons p ON p.id = c.person_id
         ORDER BY c.person_id",
        cols = WINDOW_COLUMNS.join(", c."),
        sums = sums.join(", "),
    );
    let rows: Vec<CountsRow> = on_backend!(tx, c => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), args).fetch_all(c).await)?;
    Ok(rows.into_iter().map(PersonCounts::from).collect())
}

/// One person's counts; zeros when they made no contact in 183 days.
pub async fn counts_for_person(tx: &mut Tx, person_id: i64, now: Timestamp) -> Result<(ContactWindowCounts, u32)> {
    let found = counts(tx, now, Scope::Person(person_id)).await?;
    Ok(found.into_iter().next().map(|p| (p.counts, p.previous_30d)).unwrap_or_default())
}

// ---- flags ---------------------------------------------------------------------

/// A person's saved flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagRecord {
    pub person_id: i64,
    pub flag: FrequentCallerFlag,
    pub version: i64,
    pub updated_at: Timestamp,
}

#[derive(FromRow)]
struct FlagRow {
    person_id: i64,
    body: String,
    version: i64,
    updated_at: DbTime,
}

impl TryFrom<FlagRow> for FlagRecord {
    type Error = StoreError;
    fn try_from(r: FlagRow) -> Result<Self> {
        let flag = serde_json::from_str(&r.body)
            .map_err(|e| StoreError::Corrupt(format!("frequent_caller_flags.body of person {}: {e}", r.person_id)))?;
        Ok(FlagRecord { person_id: r.person_id, flag, version: r.version, updated_at: r.updated_at.to_jiff() })
    }
}

fn state_slug(flag: &FrequentCallerFlag) -> &'static str {
    match flag {
        FrequentCallerFlag::NotFlagged => "not-flagged",
        FrequentCallerFlag::Flagged(_) => "flagged",
        FrequentCallerFlag::Lifted { .. } => "lifted",
    }
}

/// The person's flag, or `None` when none was ever set.
pub async fn get(tx: &mut Tx, person_id: i64) -> Result<Option<FlagRecord>> {
    let row: Option<FlagRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT person_id, body, version, updated_at FROM frequent_caller_flags WHERE person_id = $1")
        .bind(person_id).fetch_optional(c).await)?;
    row.map(FlagRecord::try_from).transpose()
}

/// A flagged person, for the review list and report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedPerson {
    pub display_name: String,
    pub record: FlagRecord,
}

/// Everyone flagged now, the review due soonest first.
pub async fn flagged(tx: &mut Tx) -> Result<Vec<FlaggedPerson>> {
    #[derive(FromRow)]
    struct Row {
        display_name: String,
        #[sqlx(flatten)]
        flag: FlagRow,
    }
    let rows: Vec<Row> = on_backend!(tx, c => sqlx::query_as(
        "SELECT p.display_name, f.person_id, f.body, f.version, f.updated_at
         FROM frequent_caller_flags f JOIN persons p ON p.id = f.person_id
         WHERE f.state = 'flagged' ORDER BY f.review_due, f.person_id")
        .fetch_all(c).await)?;
    rows.into_iter().map(|r| Ok(FlaggedPerson { display_name: r.display_name, record: r.flag.try_into()? })).collect()
}

/// Saves the person's flag. `expected_version` is the version loaded
/// (`None` when there was no row); a mismatch is [`StoreError::StaleVersion`].
/// Answers the new version.
pub async fn save(
    tx: &mut Tx,
    person_id: i64,
    flag: &FrequentCallerFlag,
    expected_version: Option<i64>,
    by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let body = serde_json::to_string(flag).map_err(|e| StoreError::Corrupt(format!("a flag that cannot be written: {e}")))?;
    let review_due = flag.active().map(|f| DbDate::from(f.review_due));
    let state = state_slug(flag);
    let changed = match expected_version {
        None => execute!(tx, sqlx::query(
            "INSERT INTO frequent_caller_flags (person_id, state, body, review_due, updated_by, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (person_id) DO NOTHING")
            .bind(person_id).bind(state).bind(&body).bind(review_due).bind(by).bind(DbTime(now)))?,
        Some(version) => execute!(tx, sqlx::query(
            "UPDATE frequent_caller_flags SET state = $1, body = $2, review_due = $3, updated_by = $4, updated_at = $5, version = version + 1
             WHERE person_id = $6 AND version = $7")
            .bind(state).bind(&body).bind(review_due).bind(by).bind(DbTime(now)).bind(person_id).bind(version))?,
    };
    if changed != 1 {
        return Err(StoreError::StaleVersion);
    }
    Ok(expected_version.map_or(1, |v| v + 1))
}

// ---- history -------------------------------------------------------------------

/// One step in a flag's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagHistoryEntry {
    pub event: FlagEvent,
    /// The reason, review note or lift reason given.
    pub detail: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub occurred_at: Timestamp,
}

#[derive(FromRow)]
struct HistoryRow {
    event: String,
    detail: String,
    actor_id: Option<i64>,
    actor_label: String,
    occurred_at: DbTime,
}

pub async fn add_history(tx: &mut Tx, person_id: i64, entry: &FlagHistoryEntry) -> Result<()> {
    let event = serde_json::to_string(&entry.event).map_err(|e| StoreError::Corrupt(format!("an event that cannot be written: {e}")))?;
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO frequent_caller_flag_events (person_id, event, detail, actor_id, actor_label, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6)"
        )
        .bind(person_id)
        .bind(event)
        .bind(&entry.detail)
        .bind(entry.actor_id)
        .bind(&entry.actor_label)
        .bind(DbTime(entry.occurred_at))
    )?;
    Ok(())
}

/// The person's flag history, newest first.
pub async fn history(tx: &mut Tx, person_id: i64) -> Result<Vec<FlagHistoryEntry>> {
    let rows: Vec<HistoryRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT event, detail, actor_id, actor_label, occurred_at FROM frequent_caller_flag_events WHERE person_id = $1 ORDER BY id DESC")
        .bind(person_id).fetch_all(c).await)?;
    rows.into_iter()
        .map(|r| {
            let event =
                serde_json::from_str(&r.event).map_err(|e| StoreError::Corrupt(format!("frequent_caller_flag_events.event: {e}")))?;
            Ok(FlagHistoryEntry {
                event,
                detail: r.detail,
                actor_id: r.actor_id,
                actor_label: r.actor_label,
                occurred_at: r.occurred_at.to_jiff(),
            })
        })
        .collect()
}
