//! Sites: the offices, establishments and contact centres people work at.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteKind {
    ContactCentre,
    PccOffice,
    DetentionCentre,
    PassportOffice,
    ComplaintsUnit,
    Other,
}

impl SiteKind {
    pub const ALL: [SiteKind; 6] = [
        SiteKind::ContactCentre,
        SiteKind::PccOffice,
        SiteKind::DetentionCentre,
        SiteKind::PassportOffice,
        SiteKind::ComplaintsUnit,
        SiteKind::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            SiteKind::ContactCentre => "contact-centre",
            SiteKind::PccOffice => "pcc-office",
            SiteKind::DetentionCentre => "detention-centre",
            SiteKind::PassportOffice => "passport-office",
            SiteKind::ComplaintsUnit => "complaints-unit",
            SiteKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SiteKind::ContactCentre => "Police contact centre",
            SiteKind::PccOffice => "Police and Crime Commissioner's office",
            SiteKind::DetentionCentre => "Immigration detention centre",
            SiteKind::PassportOffice => "Passport office",
            SiteKind::ComplaintsUnit => "Complaints unit",
            SiteKind::Other => "Other",
        }
    }
}

crate::slug::slug_enum_traits!(SiteKind, UnknownSiteKind, "kind of site");

/// A site code: 2 to 16 upper-case letters, digits and hyphens, e.g. `BEDS-OPCC`.
pub fn parse_site_code(raw: &str) -> Result<String, String> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err("Enter a site code".into());
    }
    if !(2..=16).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("Site code must be 2 to 16 letters, numbers or hyphens".into());
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_codes_are_normalised() {
        for k in SiteKind::ALL {
            assert_eq!(k.slug().parse::<SiteKind>(), Ok(k));
        }
        assert_eq!(parse_site_code(" beds-cc "), Ok("BEDS-CC".into()));
        assert!(parse_site_code("a").is_err());
        assert!(parse_site_code("no spaces").is_err());
    }
}
