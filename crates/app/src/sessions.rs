//! Signing in and out, and recognising who is behind a request: a session
//! cookie for people, a bearer token for API clients.

use crate::secrets::{random_token, token_hash, verify_password};
use crate::{Actor, App, AppError, Result};
use casebook_domain::throttle::paused_until;
use casebook_domain::validation::FieldErrors;
use casebook_store::users::UserRecord;
use casebook_store::{sessions, users};
use jiff::SignedDuration;

/// A new session: the cookie value (shown once) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub cookie_value: String,
    pub csrf_token: String,
    pub user: UserRecord,
}

/// Who a request is from, once recognised.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: UserRecord,
    /// Present for browser sessions; API tokens need no CSRF token.
    pub session: Option<SessionKey>,
}

#[derive(Debug, Clone)]
pub struct SessionKey {
    pub token_hash: String,
    pub csrf_token: String,
}

/// Checks a username and password. Repeated failures pause the account for
/// a while (throttling), and every attempt is kept and audited.
pub async fn sign_in(app: &App, username: &str, password: &str, client_ip: Option<&str>, request_id: Option<String>) -> Result<NewSession> {
    let username = username.trim().to_lowercase();
    let mut errors = FieldErrors::new();
    if username.is_empty() {
        errors.add("username", "Enter your username");
    }
    if password.is_empty() {
        errors.add("password", "Enter your password");
    }
    errors.into_result(())?;

    let mut work = app.begin(&Actor { request_id: request_id.clone(), ..Actor::system(&username) }).await?;
    let now = work.now;
    let max = app.settings.max_failed_sign_ins;
    let failures = sessions::recent_failures(&mut work.tx, &username, max).await?;
    if let Some(until) = paused_until(&failures, usize::try_from(max).unwrap_or(usize::MAX), app.settings.throttle_window, now) {
        work.record(
            "session.sign_in_throttled",
            "user",
            None,
            format!("sign-in refused for {username}: paused after {max} failed attempts"),
        );
        work.commit().await?;
        return Err(AppError::Throttled { until });
    }
    let found = users::find_for_sign_in(&mut work.tx, &username).await?;
    let (user, stored) = match found {
        Some((user, stored)) if user.active => (Some(user), stored),
        _ => (None, None),
    };
    let ok = verify_password(password.to_owned(), stored).await && user.is_some();
    sessions::record_sign_in_attempt(&mut work.tx, &username, client_ip, now, ok).await?;
    let Some(user) = user.filter(|_| ok) else {
        work.record("session.sign_in_failed", "user", None, format!("failed sign-in as {username}"));
        work.commit().await?;
        return Err(AppError::BadCredentials);
    };
    let cookie_value = random_token();
    let csrf_token = random_token();
    let expires = now + app.settings.session_idle;
    sessions::insert(&mut work.tx, &token_hash(&cookie_value), user.id, &csrf_token, now, expires).await?;
    sessions::purge_expired(&mut work.tx, now).await?;
    work.act_as(Actor::user(&user, request_id));
    work.record("session.signed_in", "user", Some(user.id.to_string()), format!("{} signed in", user.username));
    work.commit().await?;
    Ok(NewSession { cookie_value, csrf_token, user })
}

/// The person behind a session cookie, if the session is live and they are active.
/// Refreshes the idle expiry at most once a minute, to spare the database.
pub async fn from_cookie(app: &App, cookie_value: &str) -> Result<Option<Principal>> {
    let hash = token_hash(cookie_value);
    let now = app.now();
    let mut tx = app.db.read().await?;
    let Some(session) = sessions::find_live(&mut tx, &hash, now).await? else { return Ok(None) };
    let user = users::get(&mut tx, session.user_id).await?;
    drop(tx);
    if !user.active {
        return Ok(None);
    }
    if now.duration_since(session.last_seen_at) > SignedDuration::from_secs(60) {
        let mut tx = app.db.write().await?;
        sessions::touch(&mut tx, &hash, now, now + app.settings.session_idle).await?;
        tx.commit().await?;
    }
    Ok(Some(Principal { user, session: Some(SessionKey { token_hash: hash, csrf_token: session.csrf_token }) }))
}

/// The person an API bearer token belongs to, if the token is live and they are active.
pub async fn from_bearer(app: &App, token: &str) -> Result<Option<Principal>> {
    let user = users::find_by_token(&app.db, &token_hash(token)).await?;
    Ok(user.map(|user| Principal { user, session: None }))
}

pub async fn sign_out(app: &App, actor: &Actor, session: &SessionKey) -> Result<()> {
    let mut work = app.begin(actor).await?;
    sessions::delete(&mut work.tx, &session.token_hash).await?;
    work.record("session.signed_out", "user", actor.user_id.map(|id| id.to_string()), format!("{} signed out", actor.label));
    work.commit().await
}

/// A fresh anti-forgery token for a form shown before sign-in.
pub fn new_form_token() -> String {
    random_token()
}
