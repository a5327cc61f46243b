//! External references a person can carry: Home Office reference, port
//! number, CID number and the like, normalised so that a reference read out
//! over the phone matches the one on file.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    HomeOfficeReference,
    PortNumber,
    CidNumber,
    PassportApplicationNumber,
    CrimeReference,
    Other,
}

impl ReferenceKind {
    pub const ALL: [ReferenceKind; 6] = [
        ReferenceKind::HomeOfficeReference,
        ReferenceKind::PortNumber,
        ReferenceKind::CidNumber,
        ReferenceKind::PassportApplicationNumber,
        ReferenceKind::CrimeReference,
        ReferenceKind::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ReferenceKind::HomeOfficeReference => "home-office-reference",
            ReferenceKind::PortNumber => "port-number",
            ReferenceKind::CidNumber => "cid-number",
            ReferenceKind::PassportApplicationNumber => "passport-application-number",
            ReferenceKind::CrimeReference => "crime-reference",
            ReferenceKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReferenceKind::HomeOfficeReference => "Home Office reference",
            ReferenceKind::PortNumber => "Port number",
            ReferenceKind::CidNumber => "CID number",
            ReferenceKind::PassportApplicationNumber => "Passport application number",
            ReferenceKind::CrimeReference => "Crime reference",
            ReferenceKind::Other => "Other reference",
        }
    }
}

crate::slug::slug_enum_traits!(ReferenceKind, UnknownReferenceKind, "kind of reference");

/// A reference of a known kind, e.g. a Home Office reference `B1234567`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExternalReference {
    pub kind: ReferenceKind,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("Enter the {0}")]
    Empty(&'static str),
    #[error("{0} must be 40 characters or fewer")]
    TooLong(&'static str),
    #[error("{0} can only contain letters, numbers, hyphens and slashes")]
    InvalidCharacters(&'static str),
}

impl ExternalReference {
    /// Formats differ between offices and change over time, so we check only
    /// what every format shares; the office's own system is the authority.
    pub fn parse(kind: ReferenceKind, raw: &str) -> Result<ExternalReference, ReferenceError> {
        let value: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if value.is_empty() {
            return Err(ReferenceError::Empty(kind.label()));
        }
        if value.chars().count() > 40 {
            return Err(ReferenceError::TooLong(kind.label()));
        }
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') {
            return Err(ReferenceError::InvalidCharacters(kind.label()));
        }
        Ok(ExternalReference { kind, value })
    }
}

impl std::fmt::Display for ExternalReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.label(), self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_slugs() {
        for k in ReferenceKind::ALL {
            assert_eq!(k.slug().parse::<ReferenceKind>(), Ok(k));
        }
        assert!("passport".parse::<ReferenceKind>().is_err());
    }

    #[test]
    fn references_are_upper_cased_without_spaces() {
        let r = ExternalReference::parse(ReferenceKind::HomeOfficeReference, " b123 4567 ");
        assert_eq!(r.map(|r| r.value), Ok("B1234567".to_owned()));
        let r = ExternalReference::parse(ReferenceKind::CrimeReference, "40/12345/24");
        assert_eq!(r.map(|r| r.value), Ok("40/12345/24".to_owned()));
        let r = ExternalReference::parse(ReferenceKind::PortNumber, "lhr-1234");
        assert_eq!(r.map(|r| r.value), Ok("LHR-1234".to_owned()));
    }

    #[test]
    fn bad_references_are_refused_with_the_reason() {
        let kind = ReferenceKind::CidNumber;
        assert_eq!(ExternalReference::parse(kind, "  "), Err(ReferenceError::Empty("CID number")));
        assert!(matches!(ExternalReference::parse(kind, &"1".repeat(41)), Err(ReferenceError::TooLong(_))));
        assert!(matches!(ExternalReference::parse(kind, "AB#12"), Err(ReferenceError::InvalidCharacters(_))));
        assert_eq!(ReferenceError::Empty("CID number").to_string(), "Enter the CID number");
    }
}
