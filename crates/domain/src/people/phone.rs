//! Phone numbers: UK and international formats normalised to E.164.
//!
//! Callers give numbers in every shape ("07700 900123", "+44 (0)7700 900123",
//! "0044 7700 900123"); we store one spelling so the caller screen can find a
//! person from the number the telephony platform sends.

use phonenumber::{Mode, country};
use serde::{Deserialize, Serialize};

/// A phone number in E.164 form, e.g. `+447700900123`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber {
    e164: String,
    recognised: bool,
}

/// Why a phone number was refused. Messages are shown to handlers as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// The telephony platform sent no usable caller id; treat the caller as anonymous.
    #[error("The caller's number was withheld")]
    Withheld,
    #[error("Phone numbers can only contain digits, spaces, brackets, hyphens and a leading +")]
    InvalidCharacters,
    #[error("Enter a phone number with 10 or 11 digits, like 07700 900123")]
    WrongUkLength,
    #[error("Enter a UK number starting with 0, or an international number starting with + or 00")]
    MissingLeadingZero,
    #[error("The phone number is too short")]
    TooShort,
    #[error("The phone number is too long: international numbers have at most 15 digits")]
    TooLong,
    #[error("The country code of the phone number is not recognised")]
    UnknownCountryCode,
}

/// Caller-id texts that telephony platforms send when there is no number.
const WITHHELD_WORDS: [&str; 8] =
    ["anonymous", "withheld", "unavailable", "unknown", "private", "restricted", "number withheld", "blocked"];

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<PhoneNumber, PhoneError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() || WITHHELD_WORDS.contains(&trimmed.to_ascii_lowercase().as_str()) {
            return Err(PhoneError::Withheld);
        }
        let allowed = |(i, c): (usize, char)| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-') || (c == '+' && i == 0);
        if !trimmed.char_indices().all(allowed) {
            return Err(PhoneError::InvalidCharacters);
        }
        // "+44 (0)7700 ..." writes the trunk 0 that is not dialled from abroad.
        let without_trunk = trimmed.replace("(0)", "");
        let digits: String = without_trunk.chars().filter(char::is_ascii_digit).collect();
        let international = if trimmed.starts_with('+') { Some(digits.clone()) } else { digits.strip_prefix("00").map(str::to_owned) };
        match international {
            Some(rest) => match rest.strip_prefix("44") {
                Some(national) => Self::from_gb_significant(national.strip_prefix('0').unwrap_or(national)),
                None => Self::from_international(&rest),
            },
            None => {
                if !(10..=11).contains(&digits.len()) {
                    return Err(PhoneError::WrongUkLength);
                }
                match digits.strip_prefix('0') {
                    Some(significant) => Self::from_gb_significant(significant),
                    None => Err(PhoneError::MissingLeadingZero),
                }
            }
        }
    }

    /// GB national significant numbers are 9 or 10 digits. We accept any of
    /// that length, because Ofcom's drama ranges (used in tests and demos) are
    /// reported invalid by libphonenumber yet are perfectly possible.
    fn from_gb_significant(significant: &str) -> Result<PhoneNumber, PhoneError> {
        match significant.len() {
            0..=8 => Err(PhoneError::WrongUkLength),
            9 | 10 => {
                if significant.starts_with('0') {
                    return Err(PhoneError::WrongUkLength);
                }
                let e164 = format!("+44{significant}");
                let recognised = phonenumber::parse(Some(country::Id::GB), &e164).is_ok_and(|n| n.is_valid());
                Ok(PhoneNumber { e164, recognised })
            }
            _ => Err(PhoneError::WrongUkLength),
        }
    }

    fn from_international(digits: &str) -> Result<PhoneNumber, PhoneError> {
        if digits.len() < 8 {
            return Err(PhoneError::TooShort);
        }
        if digits.len() > 15 {
            return Err(PhoneError::TooLong);
        }
        if digits.starts_with('0') {
            return Err(PhoneError::UnknownCountryCode);
        }
        // We keep the digits as given rather than libphonenumber's own E.164
        // rendering so that parsing our output always gives it back unchanged.
        let e164 = format!("+{digits}");
        match phonenumber::parse(None, &e164) {
            Ok(number) => Ok(PhoneNumber { recognised: number.is_valid(), e164 }),
            Err(phonenumber::ParseError::InvalidCountryCode) => Err(PhoneError::UnknownCountryCode),
            Err(_) => Err(PhoneError::TooShort),
        }
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// True when libphonenumber knows the number as allocated; false for drama
    /// ranges and unusual numbers that are still the right length.
    pub fn is_recognised(&self) -> bool {
        self.recognised
    }

    pub fn is_uk(&self) -> bool {
        self.e164.starts_with("+44")
    }

    /// How a UK handler would write the number: "07700 900123" for UK
    /// numbers, "+1 202-555-0143" style for others.
    pub fn national_display(&self) -> String {
        let (region, mode) = if self.is_uk() { (Some(country::Id::GB), Mode::National) } else { (None, Mode::International) };
        let formatted = match phonenumber::parse(region, &self.e164) {
            Ok(number) => number.format().mode(mode).to_string(),
            Err(_) => self.e164.clone(),
        };
        match self.e164.strip_prefix("+44") {
            // Numbers in no known range come back without their trunk 0.
            Some(significant) if !formatted.starts_with('0') => {
                let (area, rest) = significant.split_at(significant.len().min(4));
                format!("0{area} {rest}")
            }
            _ => formatted,
        }
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.e164)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.e164
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(raw: &str) -> String {
        match PhoneNumber::parse(raw) {
            Ok(n) => n.e164().to_owned(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn uk_formats_normalise_to_e164() {
        for raw in ["07700 900123", "+44 (0)7700 900123", "0044 7700 900123", "+447700900123", "07700-900-123"] {
            assert_eq!(e164(raw), "+447700900123", "{raw}");
        }
        assert_eq!(e164("01234 842066"), "+441234842066");
        assert_eq!(e164("(01234) 842 066"), "+441234842066");
        assert_eq!(e164("0113 496 0000"), "+441134960000");
        assert_eq!(e164("01632 960123"), "+441632960123");
    }

    #[test]
    fn international_numbers_keep_their_country() {
        assert_eq!(e164("+1 202 555 0143"), "+12025550143");
        assert_eq!(e164("0033 1 23 45 67 89"), "+33123456789");
    }

    #[test]
    fn drama_numbers_are_accepted_but_not_recognised() {
        let drama = PhoneNumber::parse("07700 900123").map(|n| n.is_recognised());
        assert_eq!(drama, Ok(false));
        let real = PhoneNumber::parse("01234 842066").map(|n| n.is_recognised());
        assert_eq!(real, Ok(true));
    }

    #[test]
    fn national_display_is_how_a_handler_writes_it() {
        let n = PhoneNumber::parse("+447700900123").map(|n| n.national_display());
        assert_eq!(n, Ok("07700 900123".to_owned()));
        let n = PhoneNumber::parse("01234842066").map(|n| n.national_display());
        assert_eq!(n, Ok("01234 842066".to_owned()));
    }

    #[test]
    fn withheld_caller_ids_are_anonymous() {
        for raw in ["", "  ", "anonymous", "Withheld", "UNAVAILABLE"] {
            assert_eq!(PhoneNumber::parse(raw), Err(PhoneError::Withheld), "{raw}");
        }
    }

    #[test]
    fn impossible_numbers_are_refused_with_the_reason() {
        assert_eq!(PhoneNumber::parse("0770 090"), Err(PhoneError::WrongUkLength));
        assert_eq!(PhoneNumber::parse("077009001234567"), Err(PhoneError::WrongUkLength));
        assert_eq!(PhoneNumber::parse("07700 9OO123"), Err(PhoneError::InvalidCharacters));
        assert_eq!(PhoneNumber::parse("07700+900123"), Err(PhoneError::InvalidCharacters));
        assert_eq!(PhoneNumber::parse("7700900123"), Err(PhoneError::MissingLeadingZero));
        assert_eq!(PhoneNumber::parse("+1 202"), Err(PhoneError::TooShort));
        assert_eq!(PhoneNumber::parse("+1 202 555 0143 1234 5678"), Err(PhoneError::TooLong));
        let message = PhoneError::WrongUkLength.to_string();
        assert_eq!(message, "Enter a phone number with 10 or 11 digits, like 07700 900123");
    }

    #[test]
    fn serialises_as_the_e164_string() {
        let n = PhoneNumber::parse("07700 900123").map(|n| serde_json::to_string(&n).ok());
        assert_eq!(n, Ok(Some("\"+447700900123\"".to_owned())));
    }

    fn any_phone_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "0[1-9][0-9]{8,9}",
            "\\+44 ?\\(0\\)[1-9][0-9]{3} [0-9]{5,6}",
            "00[1-9][0-9]{6,14}",
            "\\+[1-9][0-9 ]{5,18}",
            "[0-9 ()+-]{0,20}",
        ]
    }

    proptest! {
        #[test]
        fn e164_is_plus_and_8_to_15_digits(raw in any_phone_text()) {
            if let Ok(n) = PhoneNumber::parse(&raw) {
                let rest = n.e164().strip_prefix('+');
                prop_assert!(rest.is_some());
                let digits = rest.unwrap_or_default();
                prop_assert!(digits.chars().all(|c| c.is_ascii_digit()));
                prop_assert!((8..=15).contains(&digits.len()), "{}", n.e164());
            }
        }

        #[test]
        fn parsing_e164_round_trips(raw in any_phone_text()) {
            if let Ok(n) = PhoneNumber::parse(&raw) {
                prop_assert_eq!(PhoneNumber::parse(n.e164()), Ok(n.clone()));
                if n.is_uk() {
                    let again = PhoneNumber::parse(&n.national_display()).map(|m| m.e164().to_owned());
                    prop_assert_eq!(again, Ok(n.e164().to_owned()));
                }
            }
        }
    }
}
