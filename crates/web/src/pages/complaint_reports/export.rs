//! The monthly summary as CSV and XLSX: one row per site, then the totals.
//! Site names are staff-entered but could start with a formula character,
//! so CSV text cells go through the frequent-callers report's `neutralise`.

use crate::error::Failure;
use crate::pages::frequent_callers::export::neutralise;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use casebook_app::complaint_reports::summary::{MonthlySummary, SiteSummary};

/// The fixed columns before the categories, and after them.
const LEADING: [&str; 3] = ["Site code", "Site", "Received"];
const TRAILING: [&str; 8] = [
    "Responses sent",
    "Substantiated",
    "Partially substantiated",
    "Not substantiated",
    "Outcome not yet recorded",
    "Within target",
    "Overdue at month end",
    "Extended",
];

pub fn header_row(s: &MonthlySummary) -> Vec<String> {
    let categories = s.categories.iter().map(|(_, label)| format!("Received: {label}"));
    LEADING.iter().map(|h| (*h).to_owned()).chain(categories).chain(TRAILING.iter().map(|h| (*h).to_owned())).collect()
}

fn numbers(l: &SiteSummary) -> Vec<u64> {
    let mut n = vec![l.received];
    n.extend(&l.by_category);
    n.extend([
        l.responded,
        l.substantiated,
        l.partially_substantiated,
        l.not_substantiated,
        l.outcome_pending,
        l.within_target,
        l.overdue,
        l.extended,
    ]);
    n
}

fn lines(s: &MonthlySummary) -> impl Iterator<Item = &SiteSummary> {
    s.sites.iter().chain(std::iter::once(&s.totals))
}

fn file_name(s: &MonthlySummary, extension: &str) -> String {
    format!("attachment; filename=\"complaints-summary-{}.{extension}\"", s.month.key())
}

fn internal(what: &str, e: impl std::fmt::Display) -> Failure {
    tracing::error!(error = %e, "{what} failed");
    Failure::Internal
}

pub fn csv(s: &MonthlySummary) -> Result<Response, Failure> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header_row(s)).map_err(|e| internal("writing the CSV", e))?;
    for l in lines(s) {
        let mut fields = vec![neutralise(&l.code), neutralise(&l.name)];
        fields.extend(numbers(l).iter().map(u64::to_string));
        writer.write_record(&fields).map_err(|e| internal("writing the CSV", e))?;
    }
    let body = writer.into_inner().map_err(|e| internal("writing the CSV", e))?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file_name(s, "csv"))], body)
        .into_response())
}

pub fn xlsx(s: &MonthlySummary) -> Result<Response, Failure> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(s.month.key()).map_err(|e| internal("writing the XLSX", e))?;
    for (col, title) in (0u16..).zip(header_row(s)) {
        sheet.write_string_with_format(0, col, title, &bold).map_err(|e| internal("writing the XLSX", e))?;
    }
    for (row, l) in (1u32..).zip(lines(s)) {
        sheet.write_string(row, 0, &l.code).map_err(|e| internal("writing the XLSX", e))?;
        sheet.write_string(row, 1, &l.name).map_err(|e| internal("writing the XLSX", e))?;
        for (col, n) in (2u16..).zip(numbers(l)) {
            // Counts are far below 2^53, so f64 holds them exactly.
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number(row, col, n as f64).map_err(|e| internal("writing the XLSX", e))?;
        }
    }
    sheet.set_freeze_panes(1, 2).map_err(|e| internal("writing the XLSX", e))?;
    let body = workbook.save_to_buffer().map_err(|e| internal("writing the XLSX", e))?;
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned();
    Ok(([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, file_name(s, "xlsx"))], body).into_response())
}
