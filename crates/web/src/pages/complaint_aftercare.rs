//! Complaints after the response as pages (issue 4): the ex-gratia register
//! with its CSV (`ex_gratia`), officers at or over the review threshold and
//! each officer's certification (`officers`), the lessons-learned log
//! (`lessons`), and the aftercare section of a complaint (`complaint`).
//! The use cases in `casebook_app::complaint_aftercare` decide and audit.

pub mod complaint;
pub mod ex_gratia;
pub mod lessons;
pub mod officers;

use casebook_domain::validation::FieldErrors;

/// Pence as pounds, e.g. `£1,250.50`.
pub fn pounds(pence: u64) -> String {
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// A use case's field errors with each field given the form's prefix, so
/// several forms on one page keep distinct ids for the error summary. A
/// field the form does not have (a refusal about the record's state)
/// lands on the form's first field, so the summary's link still leads somewhere.
pub fn prefixed(prefix: &str, fields: &[&str], errors: &FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for e in errors.iter() {
        let field = e.field.split('.').next().unwrap_or_default();
        let field = if fields.contains(&field) { field } else { fields.first().copied().unwrap_or(field) };
        out.add(&format!("{prefix}-{field}"), e.message.clone());
    }
    out
}

/// Success messages after a redirect, by code, so no text is echoed from the address.
pub fn notice(code: Option<&str>) -> Option<String> {
    let text = match code? {
        "recorded" => "Recorded",
        "officer-added" => "Officer added",
        _ => return None,
    };
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(15_050), "£150.50");
        assert_eq!(pounds(12_500_005), "£125,000.05");
        assert_eq!(pounds(100_000), "£1,000.00");
    }
}
