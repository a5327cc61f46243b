//! A believable world for demonstrations, drawn from the seed procedures:
//! a police contact centre, a PCC's office, a detention complaints unit and
//! two removal centres in different nations, and a passport office in
//! Northern Ireland, with staff of every role and grade.

use crate::accounts::{self, AccountForm};
use crate::contacts;
use crate::frequent_callers::{self, PlanForm};
use crate::people::{self, PersonForm};
use crate::sites::{self as site_cases, SiteForm};
use crate::{Actor, App, Result};
use casebook_domain::contacts::ContactDraft;
use casebook_domain::triage::TriageDraft;

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
    // A machine account, for the telephony platform's call events (the caller screen).
    ("telephony", "Telephony platform", "ao", "NP-COMMS", &["telephony-platform"]),
];

/// A member of the public in the demo; phones are Ofcom drama numbers.
struct Member {
    given: &'static str,
    family: &'static str,
    born: &'static str,
    postcode: &'static str,
    phone: &'static str,
    aliases: &'static [&'static str],
}

const PUBLIC: &[Member] = &[
    Member {
        given: "Siobhan",
        family: "O'Neill",
        born: "1979-03-14",
        postcode: "MK43 9AX",
        phone: "07700 900101",
        aliases: &["Shivaun O'Neil"],
    },
    Member { given: "Mohammed", family: "Khan", born: "1988-11-02", postcode: "LU1 2AB", phone: "07700 900102", aliases: &[] },
    Member { given: "Gareth", family: "Llewellyn", born: "1964-07-21", postcode: "CF10 1AA", phone: "07700 900103", aliases: &[] },
    Member { given: "Agnieszka", family: "Nowak", born: "1992-01-30", postcode: "NE1 4ST", phone: "07700 900104", aliases: &[] },
    Member { given: "Chinedu", family: "Okeke", born: "1975-05-09", postcode: "MK40 1SL", phone: "07700 900105", aliases: &[] },
    Member {
        given: "Mary-Jane",
        family: "Smith-Jones",
        born: "1958-12-24",
        postcode: "BT1 5GS",
        phone: "07700 900106",
        aliases: &["Mary Jane Smith"],
    },
];

/// How many members of the public the demo creates.
pub const MEMBERS_OF_THE_PUBLIC: usize = PUBLIC.len();

/// A contact the demo's call handler logged.
struct Logged {
    hours_ago: i64,
    /// Index into [`PUBLIC`]; `None` for an anonymous caller.
    caller: Option<usize>,
    channel: &'static str,
    category: &'static str,
    outcome: &'static str,
    subject: &'static str,
}

const CONTACTS: &[Logged] = &[
    Logged {
        hours_ago: 70,
        caller: Some(0),
        channel: "call-101",
        category: "request-to-speak",
        outcome: "signposted",
        subject: "Asked to speak to the Commissioner about a neighbour dispute",
    },
    Logged {
        hours_ago: 46,
        caller: Some(0),
        channel: "call-101",
        category: "complaint",
        outcome: "referred",
        subject: "Unhappy with the response to her report",
    },
    Logged {
        hours_ago: 22,
        caller: Some(0),
        channel: "call-101",
        category: "enquiry",
        outcome: "resolved-at-first-contact",
        subject: "Asked for an update on the same report",
    },
    Logged {
        hours_ago: 5,
        caller: Some(0),
        channel: "call-101",
        category: "enquiry",
        outcome: "resolved-at-first-contact",
        subject: "Called again about the same report",
    },
    Logged {
        hours_ago: 30,
        caller: Some(1),
        channel: "email",
        category: "request",
        outcome: "resolved-at-first-contact",
        subject: "Asked how to obtain a copy of a crime report",
    },
    Logged {
        hours_ago: 8,
        caller: Some(2),
        channel: "direct-dial",
        category: "enquiry",
        outcome: "signposted",
        subject: "Lost property enquiry",
    },
    // Gareth Llewellyn: a regular caller over the month, flagged below.
    Logged {
        hours_ago: 26 * 24,
        caller: Some(2),
        channel: "call-101",
        category: "request-to-speak",
        outcome: "signposted",
        subject: "Asked to speak to the Commissioner about his neighbours",
    },
    Logged {
        hours_ago: 19 * 24,
        caller: Some(2),
        channel: "call-101",
        category: "complaint",
        outcome: "referred",
        subject: "Said the force is ignoring his reports about his neighbours",
    },
    Logged {
        hours_ago: 12 * 24,
        caller: Some(2),
        channel: "direct-dial",
        category: "request-to-speak",
        outcome: "resolved-at-first-contact",
        subject: "Asked again to speak to the Commissioner",
    },
    Logged {
        hours_ago: 5 * 24,
        caller: Some(2),
        channel: "call-101",
        category: "enquiry",
        outcome: "signposted",
        subject: "Upset; said nobody listens to him",
    },
    Logged {
        hours_ago: 3,
        caller: None,
        channel: "call-101",
        category: "malicious-or-abusive",
        outcome: "resolved-at-first-contact",
        subject: "Abusive caller, withheld number",
    },
];

/// How many contacts the demo logs.
pub const CONTACTS_LOGGED: usize = CONTACTS.len();

/// A THRIVE assessment of the demo contact with this subject: a level and
/// a note per factor in THRIVE order, and an override (grade, reason) if
/// the handler made one.
struct Assessed {
    subject: &'static str,
    levels: [(&'static str, &'static str); 6],
    change: Option<(&'static str, &'static str)>,
}

const ASSESSMENTS: &[Assessed] = &[
    Assessed {
        subject: "Unhappy with the response to her report",
        levels: [("low", ""), ("low", ""), ("low", ""), ("low", "Report already with the investigating officer"), ("low", ""), ("low", "")],
        change: None,
    },
    Assessed {
        subject: "Called again about the same report",
        levels: [
            ("low", ""),
            ("low", ""),
            ("low", ""),
            ("none", ""),
            ("medium", "Lives alone and says she is frightened of her neighbour"),
            ("medium", "Fourth call in three days; wants someone to visit"),
        ],
        change: Some(("priority", "More distressed with each call; a visit today rather than an appointment")),
    },
    Assessed {
        subject: "Abusive caller, withheld number",
        levels: [("medium", "Threatened to come to the office"), ("low", ""), ("low", ""), ("none", ""), ("none", ""), ("low", "")],
        change: None,
    },
];

/// The demo assessment of the contact with this subject, as a handler would type it.
fn demo_thrive(subject: &str) -> Option<TriageDraft> {
    let Assessed { levels, change, .. } = ASSESSMENTS.iter().find(|a| a.subject == subject)?;
    let text = |i: usize| (levels[i].0.to_owned(), levels[i].1.to_owned());
    let ((threat, threat_note), (harm, harm_note), (risk, risk_note)) = (text(0), text(1), text(2));
    let ((investigation, investigation_note), (vulnerability, vulnerability_note), (engagement, engagement_note)) =
        (text(3), text(4), text(5));
    let (decision, override_grade, override_reason) = match change {
        Some((grade, reason)) => ("override", (*grade).to_owned(), (*reason).to_owned()),
        None => ("accept", String::new(), String::new()),
    };
    Some(TriageDraft {
        threat,
        threat_note,
        harm,
        harm_note,
        risk,
        risk_note,
        investigation,
        investigation_note,
        vulnerability,
        vulnerability_note,
        engagement,
        engagement_note,
        decision: decision.to_owned(),
        override_grade,
        override_reason,
    })
}

/// The audit events of the demo's frequent-caller flag: flagged, then a referral.
pub const FREQUENT_CALLER_STEPS: usize = 2;

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
    seed_safeguarding(app).await?;
    crate::complaints::demo::seed(app).await?;
    seed_complaint_boxes(app).await?;
    // Complaint reports (issue 4): answered complaints for the board, last month's dip sample,
    // and what came after three of them.
    if let Some((answered, person)) = crate::complaint_reports::demo::seed(app).await? {
        crate::complaint_aftercare::demo::seed(app, &answered, person).await?;
    }
    Ok(())
}

/// Members of the public and the contacts a call handler logged with them,
/// including one caller who is becoming a frequent caller.
async fn seed_public(app: &App, system: &Actor) -> Result<()> {
    let mut person_ids = Vec::new();
    for m in PUBLIC {
        let form = PersonForm {
            given: m.given.into(),
            family: m.family.into(),
            date_of_birth: m.born.into(),
            postcode: m.postcode.into(),
            phones: vec![m.phone.into()],
            aliases: m.aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..PersonForm::default()
        };
        person_ids.push(people::create_person(app, system, &form).await?.id);
    }
    let handler = accounts::find_by_username(app, "amy.clarke").await?;
    let as_handler = Actor::user(&handler, None);
    for c in CONTACTS {
        let occurred = app.now() - jiff::SignedDuration::from_hours(c.hours_ago);
        let person_id = c.caller.and_then(|i| person_ids.get(i)).map(|id| id.to_string()).unwrap_or_default();
        let malicious = c.category == "malicious-or-abusive";
        let draft = ContactDraft {
            occurred_at: occurred.to_string(),
            channel: c.channel.into(),
            direction: "inbound".into(),
            anonymous: person_id.is_empty(),
            person_id,
            subject: c.subject.into(),
            category: c.category.into(),
            outcome: c.outcome.into(),
            duration_seconds: "240".into(),
            caller_warned: malicious.then_some(true),
            call_ended: malicious.then_some(true),
            triage: demo_thrive(c.subject),
            ..ContactDraft::default()
        };
        contacts::log_contact(app, &as_handler, &draft, None).await?;
    }
    if let Some(gareth) = person_ids.get(2) {
        flag_regular_caller(app, *gareth).await?;
    }
    Ok(())
}

/// Siobhan O'Neill's calls make her a candidate on their own; Gareth
/// Llewellyn has been agreed a response plan and referred to adult social care.
async fn flag_regular_caller(app: &App, person_id: i64) -> Result<()> {
    let manager = Actor::user(&accounts::find_by_username(app, "david.reid").await?, None);
    let plan = PlanForm {
        handled_by: "Tom Hughes, Compliance Officer".into(),
        what_to_say: "Thank him for calling, log the call, and say Tom will reply in writing within five working days".into(),
        pathway: "Bedfordshire community mental health team".into(),
    };
    let reason = "Calls most weeks asking for the Commissioner about a neighbour dispute; different staff have given different answers";
    frequent_callers::flag(app, &manager, person_id, reason, &plan, "", None).await?;
    let referred_on = casebook_domain::calendar::london_date(app.now()).to_string();
    frequent_callers::record_referral(app, &manager, person_id, &referred_on, "Bedford Borough adult social care", "ASC-2026-0418", None)
        .await?;
    Ok(())
}

/// Audit events [`seed_safeguarding`] records: one marker, one concern.
pub const SAFEGUARDING_EVENTS: usize = 2;

/// The frequent caller has an autism marker with reasonable adjustments,
/// recorded by the OPCC's manager, and the call handler has raised a
/// concern with that manager, which waits on the manager's task list.
async fn seed_safeguarding(app: &App) -> Result<()> {
    let manager = Actor::user(&accounts::find_by_username(app, "david.reid").await?, None);
    let handler = Actor::user(&accounts::find_by_username(app, "amy.clarke").await?, None);
    let Some(caller) = people::search_persons(app, &handler, "Siobhan", 1, 0).await?.into_iter().next() else { return Ok(()) };
    let told = casebook_domain::calendar::london_date(app.now() - jiff::SignedDuration::from_hours(46));
    let marker = casebook_domain::safeguarding::MarkerDraft {
        kind: "autism".into(),
        reasonable_adjustments: "Prefers email. Allow extra time, and confirm in writing what was agreed.".into(),
        source: "Told the call handler herself".into(),
        source_date: told.to_string(),
        lawful_basis: "safeguarding-individuals-at-risk".into(),
        review_date: String::new(),
    };
    crate::safeguarding::record_marker(app, &manager, caller.id, &marker).await?;
    let concern = casebook_domain::safeguarding::ConcernDraft {
        manager_id: manager.user_id.map(|id| id.to_string()).unwrap_or_default(),
        noticed: "Fourth call in three days about the same report; became distressed when told there was no update and \
                  did not seem to retain what was said on the previous calls."
            .into(),
        contact_id: String::new(),
    };
    crate::safeguarding::raise_concern(app, &handler, caller.id, &concern).await?;
    Ok(())
}

/// Audit events [`seed_complaint_boxes`] records: three emptyings, three scans.
pub const COMPLAINT_BOX_EVENTS: usize = 6;

type DemoEmptying = (i64, u32, &'static [(i64, &'static str)]);

/// Yarl's Wood's complaint box over the last few days: one emptying with a
/// late scan, an empty box, and this morning's with a complaint still to scan.
async fn seed_complaint_boxes(app: &App) -> Result<()> {
    let clerk = Actor::user(&accounts::find_by_username(app, "raj.patel").await?, None);
    let emptier = accounts::find_by_username(app, "sam.okafor").await?;
    let Some(site) = site_cases::list(app).await?.into_iter().find(|s| s.code == "YARLS-WOOD") else { return Ok(()) };
    let ago = |hours: i64| (app.now() - jiff::SignedDuration::from_hours(hours)).to_string();
    // (hours ago it was emptied, complaints in it, (hours ago scanned, reference) for each scan)
    let emptyings: [DemoEmptying; 3] =
        [(50, 2, &[(49, "YARLS-WOOD-2026-00017"), (42, "YARLS-WOOD-2026-00018")]), (26, 0, &[]), (3, 2, &[(2, "YARLS-WOOD-2026-00019")])];
    for (hours, count, scans) in emptyings {
        let draft = casebook_domain::complaints::box_log::BoxEmptyingDraft {
            site_id: site.id.to_string(),
            emptied_at: ago(hours),
            emptied_by: emptier.id.to_string(),
            count: count.to_string(),
        };
        let id = crate::complaint_boxes::record_emptying(app, &clerk, &draft).await?;
        for (at, reference) in scans {
            let scan = crate::complaint_boxes::ScanForm { scanned_at: ago(*at), complaint_reference: (*reference).to_owned() };
            crate::complaint_boxes::record_scan(app, &clerk, id, &scan).await?;
        }
    }
    Ok(())
}
