//! Complaints after the response as pages (issue 4): the ex-gratia register
//! with its CSV (`ex_gratia`) and a payment's steps (`payment`), officers at
//! or over the review threshold and each officer's certification
//! (`officers`), the lessons-learned log (`lessons`), decisions to end
//! correspondence (`correspondence`), and the aftercare section of a
//! complaint (`complaint`). The use cases in
//! `casebook_app::complaint_aftercare` decide and audit.

pub mod complaint;
pub mod correspondence;
pub mod ex_gratia;
pub mod lessons;
pub mod officers;
pub mod payment;

use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::pages::render;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_domain::complaints::officers::Finding;
use casebook_domain::validation::FieldErrors;
use serde::Serialize;
use std::collections::HashMap;

/// A form's fields as posted, keyed by their prefixed ids.
pub type Fields = HashMap<String, String>;

pub fn value<'a>(fields: &'a Fields, key: &str) -> &'a str {
    fields.get(key).map_or("", String::as_str)
}

/// A posted answer by its field id, empty if it was not posted. Page
/// templates call it on their `fields` to show what was typed back.
pub trait Answers {
    fn value(&self, key: &str) -> &str;
}

impl Answers for Fields {
    fn value(&self, key: &str) -> &str {
        value(self, key)
    }
}

/// A choice's slug as forms post it, e.g. `partially-substantiated`.
pub fn slug<T: Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The findings against an officer, for a select.
pub fn finding_choices(current: &str) -> Vec<Choice> {
    with_prompt("Choose the finding", current, Finding::ALL.map(|f| (f.slug().to_owned(), f.label().to_owned())))
}

/// After a posted form: the address `to` gives on success, or the page
/// again (422) with the use case's field errors under the form's prefix.
/// Other failures (refused, not found) are rendered as they are.
pub async fn answer<T, P: Template>(
    result: Result<T, AppError>,
    to: impl FnOnce(T) -> String,
    (prefix, known): (&str, &[&str]),
    page: impl AsyncFnOnce(FieldErrors) -> Result<P, Failure>,
) -> Result<Response, Failure> {
    match result {
        Ok(done) => Ok(Redirect::to(&to(done)).into_response()),
        Err(AppError::Invalid(errors)) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(prefixed(prefix, known, &errors)).await?)),
        Err(other) => Err(other.into()),
    }
}

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
        "review-raised" => {
            "Finding recorded. It takes the officer to the review threshold: a manager has a task to review their complaints"
        }
        "proposed" => {
            "Proposal recorded. A manager or senior reviewer of a more senior grade decides it on the correspondence decisions page"
        }
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
