//! A believable world for demonstrations, drawn from the seed procedures:
//! a police contact centre, a PCC's office, a detention complaints unit and
//! two removal centres in different nations, and a passport office in
//! Northern Ireland, with staff of every role and grade.

use crate::accounts::{self, AccountForm};
use crate::sites::{self as site_cases, SiteForm};
use crate::{Actor, App, Result};

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
    let belfast = site_cases::list(app).await?.into_iter().find(|s| s.code == "HMPO-BELFAST");
    if let Some(site) = belfast {
        site_cases::add_closure(app, &system, site.id, "2026-12-24", "Christmas Eve: counters closed").await?;
    }
    Ok(())
}
