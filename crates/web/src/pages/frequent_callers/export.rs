//! The frequent-callers report as CSV and XLSX, for the fortnightly meeting's
//! papers: one row per flagged person, then one per candidate.
//!
//! Spreadsheet programs run a CSV cell that starts with `=`, `+`, `-` or `@`
//! as a formula, and names and reasons come from members of the public, so
//! such cells get a leading apostrophe. XLSX cells are written as strings,
//! which a spreadsheet never evaluates.

use super::{Line, Tables};
use crate::error::Failure;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use casebook_app::frequent_callers::Report;
use std::collections::HashMap;

/// The columns, in order; the CSV's first line.
pub const HEADER: [&str; 17] = [
    "Status",
    "Person number",
    "Name",
    "Contacts in 24 hours",
    "Contacts in 7 days",
    "Contacts in 30 days",
    "Contacts in the 30 days before",
    "Trend",
    "Reasons",
    "Handled by",
    "What to say",
    "Pathway offered",
    "Flagged since",
    "Review due",
    "Review",
    "Referral",
    "Vulnerability",
];

enum Cell {
    Text(String),
    Number(i64),
}

fn cells(status: &str, l: &Line) -> Vec<Cell> {
    let t = |s: &str| Cell::Text(s.to_owned());
    vec![
        t(status),
        Cell::Number(l.person_id),
        t(&l.name),
        Cell::Number(i64::from(l.last_24h)),
        Cell::Number(i64::from(l.last_7d)),
        Cell::Number(i64::from(l.last_30d)),
        Cell::Number(i64::from(l.previous_30d)),
        t(l.trend),
        t(&l.reasons),
        t(&l.handled_by),
        t(&l.what_to_say),
        t(&l.pathway),
        t(&l.flagged_since),
        t(&l.review_due),
        t(l.review_status),
        t(&l.referral),
        t(&l.vulnerability),
    ]
}

/// Without the notes, the vulnerability column says why it is empty.
fn rows(report: &Report, notes: Option<&HashMap<i64, String>>) -> Vec<Vec<Cell>> {
    let mut tables = Tables::of(report).with_vulnerability(notes);
    if !tables.vulnerability_shown {
        for line in tables.flagged.iter_mut().chain(tables.candidates.iter_mut()) {
            line.vulnerability = "Not shown to your role".into();
        }
    }
    let flagged = tables.flagged.iter().map(|l| cells("Flagged", l));
    let candidates = tables.candidates.iter().map(|l| cells("Candidate", l));
    flagged.chain(candidates).collect()
}

/// A CSV cell that a spreadsheet will not run as a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn file_name(report: &Report, extension: &str) -> String {
    format!("attachment; filename=\"frequent-callers-{}.{extension}\"", report.today)
}

fn internal(what: &str, e: impl std::fmt::Display) -> Failure {
    tracing::error!(error = %e, "{what} failed");
    Failure::Internal
}

pub fn csv(report: &Report, notes: Option<&HashMap<i64, String>>) -> Result<Response, Failure> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER).map_err(|e| internal("writing the CSV", e))?;
    for row in rows(report, notes) {
        let fields: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => neutralise(s),
                Cell::Number(n) => n.to_string(),
            })
            .collect();
        writer.write_record(&fields).map_err(|e| internal("writing the CSV", e))?;
    }
    let body = writer.into_inner().map_err(|e| internal("writing the CSV", e))?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file_name(report, "csv"))], body)
        .into_response())
}

pub fn xlsx(report: &Report, notes: Option<&HashMap<i64, String>>) -> Result<Response, Failure> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Frequent callers").map_err(|e| internal("writing the XLSX", e))?;
    for (col, title) in (0u16..).zip(HEADER) {
        sheet.write_string_with_format(0, col, title, &bold).map_err(|e| internal("writing the XLSX", e))?;
    }
    for (row, cells) in (1u32..).zip(rows(report, notes)) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(s) => sheet.write_string(row, col, s),
                // Counts and record numbers are far below 2^53, so f64 holds them exactly.
                #[allow(clippy::cast_precision_loss)]
                Cell::Number(n) => sheet.write_number(row, col, n as f64),
            }
            .map_err(|e| internal("writing the XLSX", e))?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| internal("writing the XLSX", e))?;
    let body = workbook.save_to_buffer().map_err(|e| internal("writing the XLSX", e))?;
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned();
    Ok(([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, file_name(report, "xlsx"))], body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+44 7700"), "'+44 7700");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Siobhan O'Neill"), "Siobhan O'Neill");
        assert_eq!(neutralise(""), "");
    }
}
