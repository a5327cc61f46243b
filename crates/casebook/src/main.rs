//! The `casebook` command: serve the web app and API, run the demo, and
//! look after the database (migrations, users, tokens, audit, backups).

mod commands;

use clap::{Parser, Subcommand};

/// Case management for UK public-sector contact centres and complaints units.
#[derive(Parser)]
#[command(name = "casebook", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the database is: a SQLite file (default) or a PostgreSQL URL.
#[derive(clap::Args, Clone)]
pub struct DatabaseArg {
    /// `sqlite://casebook.db`, a file path, or `postgres://user@host/db`.
    #[arg(long = "database", env = "DATABASE_URL", default_value = "sqlite://casebook.db")]
    pub url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        #[command(flatten)]
        database: DatabaseArg,
        /// The organisation named in the header of every page.
        #[arg(long, env = "CASEBOOK_ORGANISATION", default_value = "Casebook")]
        organisation: String,
    },
    /// Start a fresh demo database (casebook-demo.db) with a believable world, and serve it.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Where to keep the demo database; it is recreated each time.
        #[arg(long, default_value = "casebook-demo.db")]
        file: String,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Check the audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Fill the database with a generated world (persons and contacts) for benchmarks and trials.
    Generate {
        #[arg(long, default_value_t = 1_000)]
        persons: u64,
        #[arg(long, default_value_t = 5_000)]
        contacts: u64,
        /// The same seed always gives the same world.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Contacts fall within this many days before now.
        #[arg(long, default_value_t = 730)]
        days: u32,
        /// Complaints to generate at the sites on file (issue 4), received over `--days` days.
        #[arg(long, default_value_t = 0)]
        complaints: u64,
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Write a consistent copy of a live SQLite database (PostgreSQL: prints pg_dump guidance).
    Backup {
        #[arg(long)]
        to: String,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user. Roles may be repeated or comma-separated.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long = "role", required = true, value_delimiter = ',')]
        roles: Vec<String>,
        #[arg(long)]
        grade: String,
        /// Site code, e.g. BEDS-OPCC.
        #[arg(long)]
        site: Option<String>,
        /// Full name; defaults to the username.
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Read the password from standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it once.
    Create {
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "command line")]
        label: String,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the hash chain; reports the first broken link.
    Verify {
        #[command(flatten)]
        database: DatabaseArg,
    },
}

fn main() -> std::process::ExitCode {
    commands::init_logging();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("casebook: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve { addr, database, organisation } => commands::serve(&addr, &database.url, organisation).await,
            Command::Demo { addr, file } => commands::demo(&addr, &file).await,
            Command::Migrate { database } => commands::migrate(&database.url).await,
            Command::User { command: UserCommand::Add { username, roles, grade, site, name, email, password_stdin, database } } => {
                commands::user_add(&database.url, commands::NewUser { username, roles, grade, site, name, email, password_stdin }).await
            }
            Command::Token { command: TokenCommand::Create { user, label, database } } => {
                commands::token_create(&database.url, &user, &label).await
            }
            Command::Audit { command: AuditCommand::Verify { database } } => commands::audit_verify(&database.url).await,
            Command::Generate { persons, contacts, seed, days, complaints, database } => {
                commands::generate(&database.url, casebook_app::generate::WorldSpec { persons, contacts, seed, days }, complaints).await
            }
            Command::Backup { to, database } => commands::backup(&database.url, &to).await,
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casebook: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
