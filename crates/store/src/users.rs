//! Staff accounts: who they are, their grade, site and roles.

use crate::error::parse_column;
use crate::{Db, DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::access::{Grade, Role, Roles};
use jiff::Timestamp;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub grade: Grade,
    pub site_id: Option<i64>,
    pub active: bool,
    pub roles: Roles,
    pub created_at: Timestamp,
    pub version: i64,
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    email: Option<String>,
    grade: String,
    site_id: Option<i64>,
    active: bool,
    created_at: DbTime,
    version: i64,
}

impl UserRow {
    fn into_record(self, roles: Roles) -> Result<UserRecord> {
        Ok(UserRecord {
            id: self.id,
            grade: parse_column(&self.grade, "users.grade")?,
            username: self.username,
            display_name: self.display_name,
            email: self.email,
            site_id: self.site_id,
            active: self.active,
            roles,
            created_at: self.created_at.to_jiff(),
            version: self.version,
        })
    }
}

const SELECT_USER: &str = "SELECT id, username, display_name, email, grade, site_id, active, created_at, version FROM users";

/// The fields an administrator sets on an account.
#[derive(Debug, Clone)]
pub struct UserFields {
    pub display_name: String,
    pub email: Option<String>,
    pub grade: Grade,
    pub site_id: Option<i64>,
    pub active: bool,
    pub roles: Roles,
}

pub async fn insert(tx: &mut Tx, username: &str, fields: &UserFields, password_hash: Option<&str>, now: Timestamp) -> Result<i64> {
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO users (username, display_name, email, password_hash, grade, site_id, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id")
        .bind(username)
        .bind(&fields.display_name)
        .bind(&fields.email)
        .bind(password_hash)
        .bind(fields.grade.slug())
        .bind(fields.site_id)
        .bind(fields.active)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    replace_roles(tx, id, fields.roles).await?;
    Ok(id)
}

/// Saves changed fields if nobody else has changed the account since `version` was read.
pub async fn update(tx: &mut Tx, id: i64, version: i64, fields: &UserFields, now: Timestamp) -> Result<()> {
    let changed =
        execute!(tx, sqlx::query(
        "UPDATE users SET display_name = $1, email = $2, grade = $3, site_id = $4, active = $5, updated_at = $6, version = version + 1
         WHERE id = $7 AND version = $8")
        .bind(&fields.display_name)
        .bind(&fields.email)
        .bind(fields.grade.slug())
        .bind(fields.site_id)
        .bind(fields.active)
        .bind(DbTime(now))
        .bind(id)
        .bind(version)
        )?;
    if changed == 0 {
        get(tx, id).await?;
        return Err(StoreError::StaleVersion);
    }
    replace_roles(tx, id, fields.roles).await
}

async fn replace_roles(tx: &mut Tx, id: i64, roles: Roles) -> Result<()> {
    execute!(tx, sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(id))?;
    for role in roles.iter() {
        execute!(tx, sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)").bind(id).bind(role.slug()))?;
    }
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, id: i64, hash: &str, now: Timestamp) -> Result<()> {
    execute!(
        tx,
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2, version = version + 1 WHERE id = $3")
            .bind(hash)
            .bind(DbTime(now))
            .bind(id)
    )?;
    Ok(())
}

async fn roles_of(tx: &mut Tx, id: i64) -> Result<Roles> {
    let names: Vec<String> =
        on_backend!(tx, c => sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1").bind(id).fetch_all(c).await)?;
    names.iter().map(|n| parse_column::<Role>(n, "user_roles.role")).collect()
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<UserRecord> {
    let sql = format!("{SELECT_USER} WHERE id = $1");
    let row: UserRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    let roles = roles_of(tx, id).await?;
    row.into_record(roles)
}

/// The active account a live (unrevoked) API token belongs to, with its
/// roles, in one statement outside any transaction: every API request
/// authenticates, so this is on the hot path (a transaction around three
/// reads took five round trips).
pub async fn find_by_token(db: &Db, token_hash: &str) -> Result<Option<UserRecord>> {
    const SQL: &str = "SELECT u.id, u.username, u.display_name, u.email, u.grade, u.site_id, u.active, u.created_at, u.version, r.role
         FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active";
    let rows: Vec<TokenUserRow> = match db {
        Db::Sqlite(pool) => sqlx::query_as(SQL).bind(token_hash).fetch_all(pool).await?,
        Db::Postgres(pool) => sqlx::query_as(SQL).bind(token_hash).fetch_all(pool).await?,
    };
    let mut roles = Roles::NONE;
    for row in &rows {
        if let Some(role) = &row.role {
            roles.insert(parse_column(role, "user_roles.role")?);
        }
    }
    rows.into_iter().next().map(|row| row.user.into_record(roles)).transpose()
}

#[derive(FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    role: Option<String>,
}

/// The account and its password hash, for signing in.
pub async fn find_for_sign_in(tx: &mut Tx, username: &str) -> Result<Option<(UserRecord, Option<String>)>> {
    let sql = format!("{SELECT_USER} WHERE username = $1");
    let row: Option<UserRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(username).fetch_optional(c).await)?;
    let Some(row) = row else { return Ok(None) };
    let hash: Option<String> = on_backend!(tx, c => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(row.id).fetch_one(c).await)?;
    let roles = roles_of(tx, row.id).await?;
    Ok(Some((row.into_record(roles)?, hash)))
}

pub async fn find_by_username(tx: &mut Tx, username: &str) -> Result<Option<UserRecord>> {
    Ok(find_for_sign_in(tx, username).await?.map(|(user, _)| user))
}

/// Every account, by name.
pub async fn list(tx: &mut Tx) -> Result<Vec<UserRecord>> {
    let sql = format!("{SELECT_USER} ORDER BY display_name, id");
    let rows: Vec<UserRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(c).await)?;
    let pairs: Vec<(i64, String)> = on_backend!(tx, c => sqlx::query_as("SELECT user_id, role FROM user_roles").fetch_all(c).await)?;
    let mut roles: HashMap<i64, Roles> = HashMap::new();
    for (user_id, role) in pairs {
        roles.entry(user_id).or_default().insert(parse_column(&role, "user_roles.role")?);
    }
    rows.into_iter()
        .map(|r| {
            let id = r.id;
            r.into_record(roles.get(&id).copied().unwrap_or_default())
        })
        .collect()
}

/// Active accounts holding each role, for the administrator's home page.
pub async fn count_active_by_role(tx: &mut Tx) -> Result<Vec<(Role, i64)>> {
    let rows: Vec<(String, i64)> = on_backend!(tx, c => sqlx::query_as(
        "SELECT r.role, COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.active GROUP BY r.role")
        .fetch_all(c).await)?;
    rows.into_iter().map(|(role, n)| Ok((parse_column(&role, "user_roles.role")?, n))).collect()
}
