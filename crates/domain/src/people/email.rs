//! Email addresses: trimmed and lower-cased so that the same address typed
//! twice matches the same person.

use serde::{Deserialize, Serialize};

/// A normalised email address. Both parts are lower-cased: UK public-sector
/// mail systems treat addresses case-insensitively, and so does matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter an email address")]
    Empty,
    #[error("An email address must be 254 characters or fewer")]
    TooLong,
    #[error("An email address cannot contain spaces")]
    ContainsSpace,
    #[error("Enter an email address with one @, like name@example.gov.uk")]
    NotOneAt,
    #[error("Enter the part of the email address before the @")]
    MissingLocalPart,
    #[error("Enter the part of the email address after the @, like example.gov.uk")]
    MissingDomain,
    #[error("The part of the email address after the @ must contain a full stop, like example.gov.uk")]
    DomainWithoutDot,
}

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<EmailAddress, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(EmailError::ContainsSpace);
        }
        let mut parts = trimmed.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(EmailError::NotOneAt);
        };
        if local.is_empty() {
            return Err(EmailError::MissingLocalPart);
        }
        if domain.is_empty() {
            return Err(EmailError::MissingDomain);
        }
        // A dot at either end ("name@gov.") is as useless as no dot at all.
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(EmailError::DomainWithoutDot);
        }
        Ok(EmailAddress(format!("{}@{}", local.to_lowercase(), domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let e = EmailAddress::parse("  PCC@Bedfordshire.PNN.Police.UK ").map(|e| e.as_str().to_owned());
        assert_eq!(e, Ok("pcc@bedfordshire.pnn.police.uk".to_owned()));
        assert_eq!(EmailAddress::parse("a.b+c@x.gov.uk").map(|e| e.domain().to_owned()), Ok("x.gov.uk".to_owned()));
    }

    #[test]
    fn broken_addresses_are_refused_with_the_reason() {
        assert_eq!(EmailAddress::parse(" "), Err(EmailError::Empty));
        assert_eq!(EmailAddress::parse("a b@x.com"), Err(EmailError::ContainsSpace));
        assert_eq!(EmailAddress::parse("ab.x.com"), Err(EmailError::NotOneAt));
        assert_eq!(EmailAddress::parse("a@b@x.com"), Err(EmailError::NotOneAt));
        assert_eq!(EmailAddress::parse("@x.com"), Err(EmailError::MissingLocalPart));
        assert_eq!(EmailAddress::parse("a@"), Err(EmailError::MissingDomain));
        assert_eq!(EmailAddress::parse("a@localhost"), Err(EmailError::DomainWithoutDot));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
    }
}
