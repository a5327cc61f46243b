//! Staff accounts: administrators create and change them; everyone can
//! change their own password; API tokens are issued per person.

use crate::secrets::{hash_password, random_token, token_hash, verify_password};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::{Grade, Role, Roles};
use casebook_domain::validation::{FieldErrors, Username, check_password, required_text};
use casebook_store::users::{UserFields, UserRecord};
use casebook_store::{StoreError, sites, tokens, users};

/// What an administrator types to create or change an account, unparsed.
#[derive(Debug, Clone, Default)]
pub struct AccountForm {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub grade: String,
    /// Site code, or empty for none.
    pub site: String,
    pub roles: Vec<String>,
    pub active: bool,
}

fn parse_fields(form: &AccountForm, errors: &mut FieldErrors) -> Option<UserFields> {
    let display_name = errors.check("display_name", required_text(&form.display_name, "a full name", 200));
    let email = match form.email.trim() {
        "" => Some(None),
        e if e.len() <= 254 && e.contains('@') && !e.contains(char::is_whitespace) && !e.starts_with('@') && !e.ends_with('@') => {
            Some(Some(e.to_lowercase()))
        }
        _ => {
            errors.add("email", "Enter an email address in the correct format, like name@example.org");
            None
        }
    };
    let grade = if form.grade.trim().is_empty() {
        errors.add("grade", "Select a grade");
        None
    } else {
        errors.check("grade", form.grade.parse::<Grade>())
    };
    let mut roles = Roles::NONE;
    for raw in &form.roles {
        if let Some(role) = errors.check("roles", raw.parse::<Role>()) {
            roles.insert(role);
        }
    }
    if form.roles.is_empty() {
        errors.add("roles", "Select at least one role");
    }
    Some(UserFields { display_name: display_name?, email: email?, grade: grade?, site_id: None, active: form.active, roles })
}

/// The id of the site whose code was typed, or an error naming the code.
async fn resolve_site(work: &mut crate::Work, raw: &str, errors: &mut FieldErrors) -> Result<Option<i64>> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    match sites::find_by_code(&mut work.tx, &code).await? {
        Some(site) => Ok(Some(site.id)),
        None => {
            errors.add("site", format!("There is no site with the code {code}"));
            Ok(None)
        }
    }
}

/// Creates an account. `password` is optional: without one the person
/// cannot sign in until a password is set.
pub async fn create(app: &App, actor: &Actor, form: &AccountForm, password: Option<&str>) -> Result<UserRecord> {
    actor.require(Roles::ADMINISTRATORS)?;
    let mut errors = FieldErrors::new();
    let username = errors.check("username", Username::parse(&form.username));
    let parsed = parse_fields(form, &mut errors);
    if let Some(password) = password {
        errors.check("password", check_password(password, form.username.trim()));
    }
    let mut work = app.begin(actor).await?;
    let site_id = resolve_site(&mut work, &form.site, &mut errors).await?;
    let (Some(username), Some(mut fields)) = (username, parsed) else { return Err(errors.into()) };
    errors.into_result(())?;
    fields.site_id = site_id;
    let hash = match password {
        Some(p) => Some(hash_password(p.to_owned()).await?),
        None => None,
    };
    let now = work.now;
    let id = users::insert(&mut work.tx, username.as_str(), &fields, hash.as_deref(), now)
        .await
        .map_err(|e| username_clash(e, username.as_str()))?;
    let roles: Vec<&str> = fields.roles.iter().map(Role::slug).collect();
    work.record(
        "user.created",
        "user",
        Some(id.to_string()),
        format!("created {} ({}, grade {}, roles {})", username.as_str(), fields.display_name, fields.grade.slug(), roles.join(", ")),
    );
    let user = users::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(user)
}

fn username_clash(e: StoreError, username: &str) -> AppError {
    if e.is_conflict_on("users", "username") {
        AppError::field("username", format!("There is already a user called {username}"))
    } else {
        e.into()
    }
}

/// Changes an account. `version` is the one the administrator saw, so two
/// administrators editing at once cannot silently overwrite each other.
pub async fn update(app: &App, actor: &Actor, id: i64, version: i64, form: &AccountForm) -> Result<UserRecord> {
    actor.require(Roles::ADMINISTRATORS)?;
    let mut errors = FieldErrors::new();
    let parsed = parse_fields(form, &mut errors);
    let mut work = app.begin(actor).await?;
    let before = users::get(&mut work.tx, id).await.map_err(|_| AppError::NotFound("user"))?;
    let site_id = resolve_site(&mut work, &form.site, &mut errors).await?;
    if let Some(fields) = parsed.as_ref().filter(|_| actor.user_id == Some(id)) {
        if !fields.roles.contains(Role::Administrator) {
            errors.add("roles", "You cannot remove your own administrator role");
        }
        if !fields.active {
            errors.add("active", "You cannot deactivate your own account");
        }
    }
    let Some(mut fields) = parsed else { return Err(errors.into()) };
    errors.into_result(())?;
    fields.site_id = site_id;
    let now = work.now;
    users::update(&mut work.tx, id, version, &fields, now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::StaleEdit("This account"),
        other => other.into(),
    })?;
    if before.active && !fields.active {
        casebook_store::sessions::delete_for_user(&mut work.tx, id, None).await?;
    }
    let after = users::get(&mut work.tx, id).await?;
    work.record("user.updated", "user", Some(id.to_string()), describe_changes(&before, &after));
    work.commit().await?;
    Ok(after)
}

/// "grade heo → seo; roles +manager" — what changed, for the audit trail.
fn describe_changes(before: &UserRecord, after: &UserRecord) -> String {
    let mut changes = Vec::new();
    if before.display_name != after.display_name {
        changes.push(format!("name {:?} → {:?}", before.display_name, after.display_name));
    }
    if before.email != after.email {
        changes.push("email changed".to_owned());
    }
    if before.grade != after.grade {
        changes.push(format!("grade {} → {}", before.grade.slug(), after.grade.slug()));
    }
    if before.site_id != after.site_id {
        changes.push(format!("site {:?} → {:?}", before.site_id, after.site_id));
    }
    if before.active != after.active {
        changes.push(if after.active { "reactivated" } else { "deactivated" }.to_owned());
    }
    for role in Role::ALL {
        match (before.roles.contains(role), after.roles.contains(role)) {
            (false, true) => changes.push(format!("role +{}", role.slug())),
            (true, false) => changes.push(format!("role -{}", role.slug())),
            _ => {}
        }
    }
    if changes.is_empty() {
        format!("saved {} without changes", after.username)
    } else {
        format!("{}: {}", after.username, changes.join("; "))
    }
}

pub async fn list(app: &App) -> Result<Vec<UserRecord>> {
    let mut tx = app.db.read().await?;
    Ok(users::list(&mut tx).await?)
}

pub async fn get(app: &App, id: i64) -> Result<UserRecord> {
    let mut tx = app.db.read().await?;
    users::get(&mut tx, id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("user"),
        other => other.into(),
    })
}

pub async fn find_by_username(app: &App, username: &str) -> Result<UserRecord> {
    let mut tx = app.db.read().await?;
    users::find_by_username(&mut tx, &username.trim().to_lowercase()).await?.ok_or(AppError::NotFound("user"))
}

/// A person changes their own password; their other sessions end.
pub async fn change_own_password(
    app: &App,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
    keep_session_hash: Option<&str>,
) -> Result<()> {
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut work = app.begin(actor).await?;
    let user = users::get(&mut work.tx, user_id).await?;
    let (_, stored) = users::find_for_sign_in(&mut work.tx, &user.username).await?.ok_or(AppError::NotFound("user"))?;
    let mut errors = FieldErrors::new();
    if current.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else if !verify_password(current.to_owned(), stored).await {
        errors.add("current_password", "Your current password is not correct");
    }
    errors.check("new_password", check_password(new, &user.username));
    if new != confirm {
        errors.add("confirm_password", "The passwords do not match");
    }
    errors.into_result(())?;
    let hash = hash_password(new.to_owned()).await?;
    let now = work.now;
    users::set_password_hash(&mut work.tx, user_id, &hash, now).await?;
    let ended = casebook_store::sessions::delete_for_user(&mut work.tx, user_id, keep_session_hash).await?;
    work.record("user.password_changed", "user", Some(user_id.to_string()), format!("changed own password; {ended} other sessions ended"));
    work.commit().await
}

/// An administrator (or the command line) sets someone's password.
pub async fn set_password(app: &App, actor: &Actor, user_id: i64, password: &str) -> Result<()> {
    actor.require(Roles::ADMINISTRATORS)?;
    let mut work = app.begin(actor).await?;
    let user = users::get(&mut work.tx, user_id).await.map_err(|_| AppError::NotFound("user"))?;
    check_password(password, &user.username).map_err(|m| AppError::field("password", m))?;
    let hash = hash_password(password.to_owned()).await?;
    let now = work.now;
    users::set_password_hash(&mut work.tx, user_id, &hash, now).await?;
    casebook_store::sessions::delete_for_user(&mut work.tx, user_id, None).await?;
    work.record("user.password_set", "user", Some(user_id.to_string()), format!("set the password of {}", user.username));
    work.commit().await
}

/// Issues an API token for a person. The token is returned once and never stored.
pub async fn create_token(app: &App, actor: &Actor, user_id: i64, label: &str) -> Result<String> {
    if actor.user_id != Some(user_id) {
        actor.require(Roles::ADMINISTRATORS)?;
    }
    let label = required_text(label, "a label for the token", 100).map_err(|m| AppError::field("label", m))?;
    let mut work = app.begin(actor).await?;
    let user = users::get(&mut work.tx, user_id).await.map_err(|_| AppError::NotFound("user"))?;
    let token = format!("cb_{}", random_token());
    let now = work.now;
    let id = tokens::insert(&mut work.tx, user_id, &token_hash(&token), &label, now).await?;
    work.record("api_token.created", "api_token", Some(id.to_string()), format!("token {label:?} for {}", user.username));
    work.commit().await?;
    Ok(token)
}
