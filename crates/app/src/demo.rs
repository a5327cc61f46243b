//! A believable world for demonstrations, drawn from the seed procedures:
//! a police contact centre, a PCC's office, a detention complaints unit and
//! two removal centres in different nations, and a passport office in
//! Northern Ireland, with staff of every role and grade.

use crate::accounts::{self, AccountForm};
use crate::contacts;
use crate::people::{self, PersonForm};
use crate::sites::{self as site_cases, SiteForm};
use crate::{Actor, App, Result};
use casebook_domain::contacts::ContactDraft;

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "casebook-demo-2026";

const SITES: &[(&str, &str, &str, &str)] = &[
    ("NP-COMMS", "Northumbria Police Communications Centre", "contact-centre", "england-and-wales"),
    ("BEDS-OPCC", "Office of the Police and Crime Commissioner for Bedfordshire", "pcc-office", "england-and-wales"),
    ("DECU", "Detention and Escorting Complaints Unit", "complaints-unit", "england-and-wales"),
    ("YARLS-WOOD", "Yarl's Wood Immigration Removal Centre", "detention-centre", "england-and-wales"),
    ("DUNGAVEL", "Dungavel House Immigration Removal Centre", "detention-centre", "scotland"),
    ("HMPO-BELFAST", "HM Passport Office Belfast", "passport-office", "northern-ireland"),
];

/// (username, full name, grade, site, roles)
pub const PEOPLE: &[(&str, &str, &str, &str, &[&str])] = &[
    ("amy.clarke", "Amy Clarke", "ao", "NP-COMMS", &["call-handler"]),
    ("tom.hughes", "Tom Hughes", "eo", "BEDS-OPCC", &["call-handler", "compliance-officer"]),
    ("raj.patel", "Raj Patel", "eo", "DECU", &["compliance-officer"]),
    ("sam.okafor", "Sam Okafor", "heo", "YARLS-WOOD", &["investigator"]),
    ("fiona.mcleod", "Fiona McLeod", "heo", "DUNGAVEL", &["investigator"]),
    ("morag.stewart", "Morag Stewart", "seo", "DUNGAVEL", &["senior-reviewer"]),
    ("ciaran.doyle", "Ciaran Doyle", "eo", "HMPO-BELFAST", &["call-handler"]),
    ("niamh.kelly", "Niamh Kelly", "heo", "HMPO-BELFAST", &["manager"]),
    ("grace.obi", "Grace Obi", "seo", "HMPO-BELFAST", &["senior-reviewer", "manager"]),
    ("david.reid", "David Reid", "grade-7", "BEDS-OPCC", &["manager"]),
    ("priya.shah", "Priya Shah", "grade-6", "DECU", &["manager", "senior-reviewer"]),
    ("jonathan.hale", "Jonathan Hale", "scs", "DECU", &["senior-reviewer"]),
    ("helen.ward", "Helen Ward", "eo", "YARLS-WOOD", &["monitoring-board"]),
    ("kim.admin", "Kim Adeyemi", "seo", "", &["administrator"]),
];

/// Members of the public: (given, family, date of birth, postcode, phone, aliases). Ofcom drama numbers.
const PUBLIC: &[(&str, &str, &str, &str, &str, &[&str])] = &[
    ("Siobhan", "O'Neill", "1979-03-14", "MK43 9AX", "07700 900101", &["Shivaun O'Neil"]),
    ("Mohammed", "Khan", "1988-11-02", "LU1 2AB", "07700 900102", &[]),
    ("Gareth", "Llewellyn", "1964-07-21", "CF10 1AA", "07700 900103", &[]),
    ("Agnieszka", "Nowak", "1992-01-30", "NE1 4ST", "07700 900104", &[]),
    ("Chinedu", "Okeke", "1975-05-09", "MK40 1SL", "07700 900105", &[]),
    ("Mary-Jane", "Smith-Jones", "1958-12-24", "BT1 5GS", "07700 900106", &["Mary Jane Smith"]),
];

/// Contacts logged by the call handler: (hours ago, person index or none, channel, category, outcome, subject).
const CONTACTS: &[(i64, Option<usize>, &str, &str, &str, &str)] = &[
    (70, Some(0), "call-101", "request-to-speak", "signposted", "Asked to speak to the Commissioner about a neighbour dispute"),
    (46, Some(0), "call-101", "complaint", "referred", "Unhappy with the response to her report"),
    (22, Some(0), "call-101", "enquiry", "resolved-at-first-contact", "Asked for an update on the same report"),
    (5, Some(0), "call-101", "enquiry", "resolved-at-first-contact", "Called again about the same report"),
    (30, Some(1), "email", "request", "resolved-at-first-contact", "Asked how to obtain a copy of a crime report"),
    (8, Some(2), "direct-dial", "enquiry", "signposted", "Lost property enquiry"),
    (3, None, "call-101", "malicious-or-abusive", "resolved-at-first-contact", "Abusive caller, withheld number"),
];

/// Fills an empty database with the demo world.
pub async fn seed(app: &App) -> Result<()> {
    let system = Actor::system("casebook demo");
    for (code, name, kind, nation) in SITES {
        let form = SiteForm { code: (*code).into(), name: (*name).into(), kind: (*kind).into(), nation: (*nation).into(), active: true };
        site_cases::create(app, &system, &form).await?;
    }
    for (username, name, grade, site, roles) in PEOPLE {
        let form = AccountForm {
            username: (*username).into(),
            display_name: (*name).into(),
            email: format!("{username}@example.org"),
            grade: (*grade).into(),
            site: (*site).into(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            active: true,
        };
        accounts::create(app, &system, &form, Some(DEMO_PASSWORD)).await?;
    }
    seed_public(app, &system).await?;
    let belfast = site_cases::list(app).await?.into_iter().find(|s| s.code == "HMPO-BELFAST");
    if let Some(site) = belfast {
        site_cases::add_closure(app, &system, site.id, "2026-12-24", "Christmas Eve: counters closed").await?;
    }
    Ok(())
}

/// Members of the public and the contacts a call handler logged with them,
/// including one caller who is becoming a frequent caller.
async fn seed_public(app: &App, system: &Actor) -> Result<()> {
    let mut person_ids = Vec::new();
    for (given, family, born, postcode, phone, aliases) in PUBLIC {
        let form = PersonForm {
            given: (*given).into(),
            family: (*family).into(),
            date_of_birth: (*born).into(),
            postcode: (*postcode).into(),
            phones: vec![(*phone).into()],
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..PersonForm::default()
        };
        person_ids.push(people::create_person(app, system, &form).await?.id);
    }
    let handler = accounts::find_by_username(app, "amy.clarke").await?;
    let as_handler = Actor::user(&handler, None);
    for (hours_ago, person, channel, category, outcome, subject) in CONTACTS {
        let occurred = app.now() - jiff::SignedDuration::from_hours(*hours_ago);
        let person_id = person.and_then(|i| person_ids.get(i)).map(|id| id.to_string()).unwrap_or_default();
        let malicious = *category == "malicious-or-abusive";
        let draft = ContactDraft {
            occurred_at: occurred.to_string(),
            channel: (*channel).into(),
            direction: "inbound".into(),
            anonymous: person_id.is_empty(),
            person_id,
            subject: (*subject).into(),
            category: (*category).into(),
            outcome: (*outcome).into(),
            duration_seconds: "240".into(),
            caller_warned: malicious.then_some(true),
            call_ended: malicious.then_some(true),
            ..ContactDraft::default()
        };
        contacts::log_contact(app, &as_handler, &draft, None).await?;
    }
    Ok(())
}
