//! Complaint references in an office's own format, e.g. `{site}-{year}-{seq:05}`
//! gives `MORTON-2025-00042`. The pattern is checked when it is set, so
//! formatting a reference cannot fail and two complaints cannot share one.

use serde::{Deserialize, Serialize};

/// Longest pattern an administrator may set; references go on letters.
const PATTERN_MAX: usize = 60;
/// Widest zero-padding for the sequence number.
const WIDTH_MAX: usize = 12;

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Site,
    Year,
    Seq { width: usize },
}

/// A checked reference pattern. Placeholders: `{site}` (the site code),
/// `{year}` (four digits), `{seq}` or `{seq:0N}` (the sequence number,
/// zero-padded to N digits). Literal text may be letters, digits and `-`,
/// `/`, `_`, `.`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReferenceFormat {
    pattern: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceFormatError {
    #[error("Enter a reference format")]
    Empty,
    #[error("The reference format must be {PATTERN_MAX} characters or fewer")]
    TooLong,
    #[error("The reference format has a \"{{\" without a matching \"}}\"")]
    Unclosed,
    #[error("The reference format has a \"}}\" without a matching \"{{\"")]
    Unopened,
    #[error("\"{{{0}}}\" is not a placeholder: use {{site}}, {{year}}, {{seq}} or {{seq:05}}")]
    UnknownPlaceholder(String),
    #[error("The sequence number can be padded to 1 to {WIDTH_MAX} digits, written like {{seq:05}}")]
    BadWidth,
    #[error("The reference format must contain {{seq}} exactly once, or references would repeat")]
    SeqCount,
    #[error("The reference format can contain {{{0}}} only once")]
    Repeated(&'static str),
    #[error("Put a separator such as \"-\" between placeholders, so references cannot run together")]
    NoSeparator,
    #[error("The reference format can only contain letters, numbers, placeholders and - / _ .")]
    Characters,
}

impl ReferenceFormat {
    pub fn parse(raw: &str) -> Result<Self, ReferenceFormatError> {
        let pattern = raw.trim();
        if pattern.is_empty() {
            return Err(ReferenceFormatError::Empty);
        }
        if pattern.chars().count() > PATTERN_MAX {
            return Err(ReferenceFormatError::TooLong);
        }
        let mut parts = Vec::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after.find('}').ok_or(ReferenceFormatError::Unclosed)?;
                let name = &after[..end];
                if name.contains('{') {
                    return Err(ReferenceFormatError::Unclosed);
                }
                parts.push(placeholder(name)?);
                rest = &after[end + 1..];
            } else {
                let end = rest.find(['{', '}']).unwrap_or(rest.len());
                if end == 0 {
                    return Err(ReferenceFormatError::Unopened);
                }
                let literal = &rest[..end];
                if !literal.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_' | '.')) {
                    return Err(ReferenceFormatError::Characters);
                }
                parts.push(Part::Literal(literal.to_owned()));
                rest = &rest[end..];
            }
        }
        let count = |wanted: fn(&Part) -> bool| parts.iter().filter(|p| wanted(p)).count();
        if count(|p| matches!(p, Part::Seq { .. })) != 1 {
            return Err(ReferenceFormatError::SeqCount);
        }
        if count(|p| matches!(p, Part::Site)) > 1 {
            return Err(ReferenceFormatError::Repeated("site"));
        }
        if count(|p| matches!(p, Part::Year)) > 1 {
            return Err(ReferenceFormatError::Repeated("year"));
        }
        // "{site}{seq}" would give AB1 + 23 and AB + 123 the same reference.
        if parts.windows(2).any(|w| !matches!(w[0], Part::Literal(_)) && !matches!(w[1], Part::Literal(_))) {
            return Err(ReferenceFormatError::NoSeparator);
        }
        Ok(ReferenceFormat { pattern: pattern.to_owned(), parts })
    }

    /// `{site}S{year}S{seq:0W}` for a separator S, built without parsing
    /// so presets need no fallible step. The separator must be one of the
    /// literal characters a pattern allows; anything else becomes `-`.
    pub fn site_year_seq(separator: char, width: usize) -> Self {
        let separator = if matches!(separator, '-' | '/' | '_' | '.') { separator } else { '-' };
        let width = width.clamp(1, WIDTH_MAX);
        ReferenceFormat {
            pattern: format!("{{site}}{separator}{{year}}{separator}{{seq:{width:02}}}"),
            parts: vec![
                Part::Site,
                Part::Literal(separator.to_string()),
                Part::Year,
                Part::Literal(separator.to_string()),
                Part::Seq { width },
            ],
        }
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The reference for the `seq`th complaint at `site` in `year`. A number
    /// wider than the padding is written in full, never cut.
    pub fn format(&self, site: &str, year: i16, seq: u64) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.clone(),
                Part::Site => site.to_owned(),
                Part::Year => format!("{year:04}"),
                Part::Seq { width } => format!("{seq:0width$}"),
            })
            .collect()
    }

    /// Whether the sequence must count per site (the site is in the
    /// reference) or across the office (it is not).
    pub fn sequence_per_site(&self) -> bool {
        self.parts.contains(&Part::Site)
    }

    /// Whether the sequence may start again each year (the year is in the
    /// reference) or must run on for ever.
    pub fn sequence_per_year(&self) -> bool {
        self.parts.contains(&Part::Year)
    }
}

fn placeholder(name: &str) -> Result<Part, ReferenceFormatError> {
    match name {
        "site" => Ok(Part::Site),
        "year" => Ok(Part::Year),
        "seq" => Ok(Part::Seq { width: 1 }),
        _ => match name.strip_prefix("seq:") {
            Some(width) => {
                let digits = width.strip_prefix('0').unwrap_or(width);
                match digits.parse::<usize>() {
                    Ok(w) if (1..=WIDTH_MAX).contains(&w) && digits.chars().all(|c| c.is_ascii_digit()) => Ok(Part::Seq { width: w }),
                    _ => Err(ReferenceFormatError::BadWidth),
                }
            }
            None => Err(ReferenceFormatError::UnknownPlaceholder(name.to_owned())),
        },
    }
}

impl TryFrom<String> for ReferenceFormat {
    type Error = ReferenceFormatError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        ReferenceFormat::parse(&raw)
    }
}

impl From<ReferenceFormat> for String {
    fn from(format: ReferenceFormat) -> String {
        format.pattern
    }
}

impl std::fmt::Display for ReferenceFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferenceFormatError as E;
    use proptest::prelude::*;

    #[test]
    fn formats_with_padding_and_never_cuts() {
        let f = ReferenceFormat::parse("{site}-{year}-{seq:05}").unwrap();
        assert_eq!(f.format("MORTON", 2025, 42), "MORTON-2025-00042");
        assert_eq!(f.format("MORTON", 2025, 1_234_567), "MORTON-2025-1234567");
        assert!(f.sequence_per_site() && f.sequence_per_year());
        let plain = ReferenceFormat::parse("CB/{seq}").unwrap();
        assert_eq!(plain.format("ANY", 2025, 7), "CB/7");
        assert!(!plain.sequence_per_site() && !plain.sequence_per_year());
        assert_eq!(ReferenceFormat::parse("{seq:5}").unwrap().format("X", 1, 3), "00003");
    }

    #[test]
    fn the_built_pattern_is_the_parsed_one() {
        for (sep, width) in [('-', 5), ('/', 4), ('_', 12), ('.', 1)] {
            let built = ReferenceFormat::site_year_seq(sep, width);
            assert_eq!(ReferenceFormat::parse(built.as_str()), Ok(built.clone()), "{built}");
        }
        assert_eq!(ReferenceFormat::site_year_seq('-', 5).as_str(), "{site}-{year}-{seq:05}");
        assert_eq!(ReferenceFormat::site_year_seq(' ', 40).as_str(), "{site}-{year}-{seq:12}");
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        let cases = [
            ("", E::Empty),
            ("{site}-{year}", E::SeqCount),
            ("{seq}-{seq}", E::SeqCount),
            ("{site}-{site}-{seq}", E::Repeated("site")),
            ("{year}/{year}/{seq}", E::Repeated("year")),
            ("{site}{seq}", E::NoSeparator),
            ("{site}-{seq", E::Unclosed),
            ("{site-{seq}", E::Unclosed),
            ("site}-{seq}", E::Unopened),
            ("{office}-{seq}", E::UnknownPlaceholder("office".into())),
            ("{seq:00}", E::BadWidth),
            ("{seq:13}", E::BadWidth),
            ("{seq:-5}", E::BadWidth),
            ("REF {seq}", E::Characters),
        ];
        for (raw, expected) in cases {
            assert_eq!(ReferenceFormat::parse(raw), Err(expected), "{raw}");
        }
        assert!(ReferenceFormat::parse(&format!("{}{{seq}}", "A".repeat(60))).is_err());
        assert!(ReferenceFormat::parse("A-{seq}-").is_ok());
        assert_eq!(
            ReferenceFormat::parse("{office}-{seq}").unwrap_err().to_string(),
            "\"{office}\" is not a placeholder: use {site}, {year}, {seq} or {seq:05}"
        );
    }

    #[test]
    fn serde_checks_the_pattern() {
        let f = ReferenceFormat::parse("{site}-{year}-{seq:05}").unwrap();
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, "\"{site}-{year}-{seq:05}\"");
        assert_eq!(serde_json::from_str::<ReferenceFormat>(&json).unwrap(), f);
        assert!(serde_json::from_str::<ReferenceFormat>("\"{site}\"").is_err());
    }

    proptest! {
        #[test]
        fn different_numbers_or_sites_give_different_references(
            a in 0u64..10_000_000, b in 0u64..10_000_000,
            site_a in "[A-Z0-9]{2,8}(-[A-Z0-9]{1,4})?", site_b in "[A-Z0-9]{2,8}(-[A-Z0-9]{1,4})?",
            width in 1usize..8,
        ) {
            let f = ReferenceFormat::parse(&format!("{{site}}-{{year}}-{{seq:0{width}}}")).unwrap();
            let same = a == b && site_a == site_b;
            prop_assert_eq!(f.format(&site_a, 2025, a) == f.format(&site_b, 2025, b), same);
        }
    }
}
