//! `casebook generate`: fills a database with a generated world (persons and
//! their contacts, from `domain::generate`) for benchmarks and trials at scale.
//!
//! Millions of rows cannot be one use case's transaction without holding
//! the write lock for minutes, so the world is written in large
//! transactions of whole persons or contacts, and the last one carries the
//! one audit event that records the generation with its counts. A run that
//! fails leaves the chunks already written: generate into a fresh database.

use crate::accounts::{self, AccountForm};
use crate::sites::{self as site_cases, SiteForm};
use crate::{Actor, App, Result};
use casebook_domain::access::Roles;
use casebook_domain::generate::{ContactPlan, GeneratedPerson, person};
use casebook_domain::people::{EmailAddress, PhoneNumber};
use casebook_domain::validation::FieldErrors;
use casebook_store::bulk::{self, BulkContact};
use casebook_store::people::{Identifier, NameKind, NameRecord, NewPerson};
use casebook_store::users;
use jiff::SignedDuration;

/// Persons per transaction (with their names, identifiers and keys, about 30 rows each).
const PERSONS_PER_TRANSACTION: u64 = 50_000;
const CONTACTS_PER_TRANSACTION: u64 = 200_000;
const MAX_PERSONS: u64 = 20_000_000;
const MAX_CONTACTS: u64 = 100_000_000;
const MAX_DAYS: u32 = 3_650;
/// Staff made when the database has nobody to handle the generated contacts.
const GENERATED_STAFF: usize = 12;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorldSpec {
    pub persons: u64,
    pub contacts: u64,
    pub seed: u64,
    /// Contacts fall within this many days before now.
    pub days: u32,
}

impl Default for WorldSpec {
    fn default() -> Self {
        WorldSpec { persons: 1_000, contacts: 5_000, seed: 1, days: 730 }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Record numbers of the persons, in the generator's order (person `i` is `person_ids[i]`).
    pub person_ids: Vec<i64>,
    pub contacts: u64,
    pub messages: u64,
    /// Staff accounts made because the database had none to handle contacts.
    pub staff_created: usize,
}

/// Reported while generating: (what, how many done, of how many).
pub type Progress<'a> = &'a mut (dyn FnMut(&str, u64, u64) + Send);

fn check(spec: &WorldSpec) -> Result<()> {
    let mut errors = FieldErrors::new();
    if !(1..=MAX_PERSONS).contains(&spec.persons) {
        errors.add("persons", format!("Persons must be between 1 and {MAX_PERSONS}"));
    }
    if spec.contacts > MAX_CONTACTS {
        errors.add("contacts", format!("Contacts must be {MAX_CONTACTS} or fewer"));
    }
    if !(1..=MAX_DAYS).contains(&spec.days) {
        errors.add("days", format!("Days must be between 1 and {MAX_DAYS}"));
    }
    errors.into_result(())?;
    Ok(())
}

/// A generated person as the store saves them; phones and emails normalised as a handler's would be.
pub fn new_person(p: &GeneratedPerson) -> NewPerson {
    let record = |n: &casebook_domain::people::PersonName, kind| NameRecord { given: n.given.clone(), family: n.family.clone(), kind };
    let mut names = vec![record(&p.name(), NameKind::Current)];
    names.extend(p.previous_names.iter().map(|n| record(n, NameKind::Previous)));
    names.extend(p.aliases.iter().map(|n| record(n, NameKind::Alias)));
    let mut identifiers: Vec<Identifier> = Vec::new();
    identifiers.extend(p.phones.iter().filter_map(|raw| PhoneNumber::parse(raw).ok()).map(|n| Identifier::phone(n.e164())));
    identifiers.extend(p.emails.iter().filter_map(|raw| EmailAddress::parse(raw).ok()).map(|e| Identifier::email(e.as_str())));
    identifiers.extend(p.references.iter().map(Identifier::reference));
    let mut unique: Vec<Identifier> = Vec::with_capacity(identifiers.len());
    for i in identifiers {
        if !unique.contains(&i) {
            unique.push(i);
        }
    }
    NewPerson { display_name: p.name().full(), date_of_birth: p.date_of_birth, postcode: p.postcode.clone(), names, identifiers: unique }
}

/// The staff who handle generated contacts, as (user id, site id): the
/// active front-line staff on file, or a small generated team.
async fn staffing(app: &App, actor: &Actor) -> Result<(Vec<(i64, i64)>, usize)> {
    let mut sites = site_cases::list(app).await?;
    if sites.is_empty() {
        let form = SiteForm {
            code: "GEN-CC".into(),
            name: "Generated contact centre".into(),
            kind: "contact-centre".into(),
            nation: "england-and-wales".into(),
            active: true,
        };
        sites.push(site_cases::create(app, actor, &form).await?);
    }
    let front_line = |tx_users: Vec<users::UserRecord>| -> Vec<users::UserRecord> {
        tx_users.into_iter().filter(|u| u.active && u.roles.intersects(Roles::FRONT_LINE)).collect()
    };
    let mut staff = front_line(accounts::list(app).await?);
    let mut created = 0;
    if staff.is_empty() {
        for i in 1..=GENERATED_STAFF {
            let site = &sites[i % sites.len()];
            let form = AccountForm {
                username: format!("generated.handler{i:02}"),
                display_name: format!("Generated handler {i}"),
                email: String::new(),
                grade: if i % 4 == 0 { "eo".into() } else { "ao".into() },
                site: site.code.clone(),
                roles: vec!["call-handler".into()],
                active: true,
            };
            accounts::create(app, actor, &form, None).await?;
            created += 1;
        }
        staff = front_line(accounts::list(app).await?);
    }
    let first_site = sites[0].id;
    Ok((staff.iter().map(|u| (u.id, u.site_id.unwrap_or(first_site))).collect(), created))
}

/// Generates the world `spec` describes into the database.
pub async fn generate(app: &App, actor: &Actor, spec: &WorldSpec, progress: Progress<'_>) -> Result<Generated> {
    actor.require(Roles::ADMINISTRATORS)?;
    check(spec)?;
    let (staff, staff_created) = staffing(app, actor).await?;
    let now = app.now();
    let since = now - SignedDuration::from_hours(24 * i64::from(spec.days));

    let mut person_ids = Vec::with_capacity(spec.persons as usize);
    let mut start = 0;
    while start < spec.persons {
        let end = (start + PERSONS_PER_TRANSACTION).min(spec.persons);
        let persons: Vec<NewPerson> = (start..end).map(|i| new_person(&person(spec.seed, i))).collect();
        let mut tx = app.db.write().await?;
        person_ids.extend(bulk::insert_persons(&mut tx, &persons, since).await?);
        tx.commit().await?;
        progress("persons", end, spec.persons);
        start = end;
    }

    let plan = ContactPlan::new(spec.seed, spec.persons, spec.days, now);
    let mut messages = 0;
    let mut start = 0;
    let mut work = app.begin(actor).await?;
    loop {
        let end = (start + CONTACTS_PER_TRANSACTION).min(spec.contacts);
        let contacts: Vec<BulkContact> = (start..end)
            .map(|j| {
                let g = plan.contact(j, staff.len());
                let (handler_id, site_id) = staff[g.handler];
                let person_id = g.person.and_then(|i| person_ids.get(i as usize).copied());
                let recipient_id = g.recipient.map(|r| staff[r].0);
                BulkContact {
                    contact: g.valid(person_id, site_id, recipient_id),
                    handler_id,
                    message_state: g.message_state,
                    logged_at: None,
                }
            })
            .collect();
        messages += contacts.iter().filter(|c| c.contact.message.is_some()).count() as u64;
        bulk::insert_contacts(&mut work.tx, &contacts).await?;
        if end >= spec.contacts {
            break;
        }
        work.commit().await?;
        progress("contacts", end, spec.contacts);
        work = app.begin(actor).await?;
        start = end;
    }
    work.record(
        "world.generated",
        "world",
        None,
        format!(
            "generated {} persons (record numbers {}–{}) and {} contacts with {messages} messages over {} days, seed {}",
            spec.persons,
            person_ids.first().copied().unwrap_or_default(),
            person_ids.last().copied().unwrap_or_default(),
            spec.contacts,
            spec.days,
            spec.seed
        ),
    );
    work.commit().await?;
    progress("contacts", spec.contacts, spec.contacts);
    bulk::settle(&app.db).await?;
    Ok(Generated { person_ids, contacts: spec.contacts, messages, staff_created })
}
