//! What each command does. Thin: open the database, call a use case, print.

use anyhow::{Context, Result, bail};
use casebook_app::accounts::{self, AccountForm};
use casebook_app::{Actor, App, AppError, Settings};
use casebook_store::Db;
use std::io::{BufRead, IsTerminal};
use tokio::net::TcpListener;

pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("CASEBOOK_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("CASEBOOK_LOG_FORMAT").is_ok_and(|f| f == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open(url: &str) -> Result<App> {
    let db = Db::connect(url).await.with_context(|| format!("cannot open the database at {}", redact(url)))?;
    db.migrate().await.context("cannot bring the database schema up to date")?;
    Ok(App::new(db))
}

/// Hides a password in a database URL before printing it.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn run_server(addr: &str, app: App) -> Result<()> {
    let listener = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let db = app.db.clone();
    tracing::info!(address = %addr, backend = ?db.backend(), "Casebook is serving");
    casebook_web::serve(listener, app, shutdown_signal()).await.context("the server stopped with an error")?;
    db.close().await;
    Ok(())
}

pub async fn serve(addr: &str, url: &str, organisation: String) -> Result<()> {
    let mut app = open(url).await?;
    app.settings = Settings { organisation, ..Settings::default() };
    run_server(addr, app).await
}

pub async fn demo(addr: &str, file: &str) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{file}{suffix}");
        if std::path::Path::new(&path).exists() {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove the old demo database {path}"))?;
        }
    }
    let mut app = open(&format!("sqlite://{file}")).await?;
    app.settings.organisation = "Casebook demo".into();
    casebook_app::demo::seed(&app).await.context("cannot fill the demo database")?;
    println!("Casebook demo: http://{addr}/");
    println!("Sign in with any of these usernames; the password is {}", casebook_app::demo::DEMO_PASSWORD);
    for (username, name, grade, site, roles) in casebook_app::demo::PEOPLE {
        let site = if site.is_empty() { "all sites" } else { site };
        println!("  {username:<15} {name:<16} {grade:<8} {site:<13} {}", roles.join(", "));
    }
    // A token for the telephony account, so the caller screen can be tried at once.
    let system = casebook_app::Actor::system("casebook demo");
    let telephony = casebook_app::accounts::find_by_username(&app, "telephony").await.context("the demo telephony account")?;
    let token = casebook_app::accounts::create_token(&app, &system, telephony.id, "demo telephony platform").await?;
    println!("\nTo see the caller screen, sign in as amy.clarke, then ring her as the telephony platform would:");
    println!(
        "  curl -X POST http://{addr}/api/v1/telephony/events -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' \\\n             -d '{{\"call_id\": \"demo-1\", \"caller_number\": \"07700 900101\", \"called_number\": \"101\", \"agent_username\": \"amy.clarke\"}}'"
    );
    println!("  (change call_id to ring again)");
    run_server(addr, app).await
}

pub async fn migrate(url: &str) -> Result<()> {
    open(url).await?;
    println!("The database schema is up to date.");
    Ok(())
}

pub struct NewUser {
    pub username: String,
    pub roles: Vec<String>,
    pub grade: String,
    pub site: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub password_stdin: bool,
}

fn read_password(from_stdin: bool) -> Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password (12 characters or more): ")?;
    let second = rpassword::prompt_password("Password again: ")?;
    if first != second {
        bail!("the passwords do not match");
    }
    Ok(first)
}

/// Names every field at fault, one per line.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("  --{}: {}", e.field.replace('_', "-"), e.message)).collect();
            anyhow::anyhow!("the user was not added:\n{}", lines.join("\n"))
        }
        other => anyhow::anyhow!(other),
    }
}

pub async fn user_add(url: &str, new: NewUser) -> Result<()> {
    let app = open(url).await?;
    let password = read_password(new.password_stdin)?;
    let form = AccountForm {
        display_name: new.name.unwrap_or_else(|| new.username.clone()),
        username: new.username,
        email: new.email.unwrap_or_default(),
        grade: new.grade,
        site: new.site.unwrap_or_default(),
        roles: new.roles,
        active: true,
    };
    let user = accounts::create(&app, &Actor::system("casebook user add"), &form, Some(&password)).await.map_err(explain)?;
    println!("Added {} (id {}).", user.username, user.id);
    Ok(())
}

pub async fn token_create(url: &str, username: &str, label: &str) -> Result<()> {
    let app = open(url).await?;
    let user = accounts::find_by_username(&app, username).await.map_err(|_| anyhow::anyhow!("there is no user called {username}"))?;
    let token = accounts::create_token(&app, &Actor::system("casebook token create"), user.id, label).await.map_err(explain)?;
    eprintln!("API token for {} (shown once; keep it secret):", user.username);
    println!("{token}");
    Ok(())
}

pub async fn audit_verify(url: &str) -> Result<()> {
    let app = open(url).await?;
    match casebook_app::audit::verify(&app).await {
        Ok(n) => {
            println!("The audit trail is intact: {n} events checked.");
            Ok(())
        }
        Err(AppError::AuditBroken(why)) => bail!("the audit trail is broken: {why}"),
        Err(other) => Err(other.into()),
    }
}

pub async fn backup(url: &str, to: &str) -> Result<()> {
    let app = open(url).await?;
    match &app.db {
        Db::Sqlite(pool) => {
            if std::path::Path::new(to).exists() {
                bail!("{to} already exists; choose a new file name");
            }
            casebook_store::backend::sqlite::backup(pool, to).await.context("the backup failed")?;
            println!("Backed up to {to}.");
            Ok(())
        }
        Db::Postgres(_) => {
            println!("{}", casebook_store::backend::postgres::BACKUP_GUIDANCE);
            Ok(())
        }
    }
}

pub async fn generate(url: &str, spec: casebook_app::generate::WorldSpec, complaints: u64) -> Result<()> {
    let app = open(url).await?;
    let began = std::time::Instant::now();
    let mut last = String::new();
    let mut report = |what: &str, done: u64, total: u64| {
        // One line per stage and tenth, not per transaction.
        let line = format!("{what}: {}%", done * 10 / total.max(1) * 10);
        if line != last {
            eprintln!("  {line} ({done} of {total}) after {:.0?}", began.elapsed());
            last = line;
        }
    };
    let generated =
        casebook_app::generate::generate(&app, &Actor::system("casebook generate"), &spec, &mut report).await.map_err(|e| match e {
            AppError::Invalid(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| format!("  --{}: {}", e.field.replace('_', "-"), e.message)).collect();
                anyhow::anyhow!("nothing was generated:\n{}", lines.join("\n"))
            }
            other => anyhow::anyhow!(other),
        })?;
    if generated.staff_created > 0 {
        println!("Made {} staff accounts (call handlers, no password) to handle the contacts.", generated.staff_created);
    }
    println!(
        "Generated {} persons and {} contacts ({} messages) in {:.1?}, seed {}.",
        generated.person_ids.len(),
        generated.contacts,
        generated.messages,
        began.elapsed(),
        spec.seed
    );
    // Complaints at scale (issue 4).
    if complaints > 0 {
        let actor = Actor::system("casebook generate");
        let made = casebook_app::generate_complaints::generate_complaints(
            &app,
            &actor,
            spec.seed,
            complaints,
            spec.days,
            &generated.person_ids,
            &mut report,
        )
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
        println!(
            "Generated {} complaints ({} open, {} running clocks; {} staff accounts made) in {:.1?}.",
            made.complaints,
            made.open,
            made.running_clocks,
            made.staff_created,
            began.elapsed()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(redact("postgres://app:secret@db/casebook"), "postgres://app:***@db/casebook");
        assert_eq!(redact("postgres://app@db/casebook"), "postgres://app@db/casebook");
        assert_eq!(redact("sqlite://casebook.db"), "sqlite://casebook.db");
    }
}
