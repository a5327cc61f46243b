//! Bank holidays as a service: the official list and the rules, per division.

use crate::{AppError, Result};
use casebook_domain::calendar::{BankHoliday, Division, bank_holidays};

/// The bank holidays of a division in a year. Years are limited to a sane
/// range so a typo cannot ask for the year 20260.
pub fn holidays(division: &str, year: i16) -> Result<(Division, Vec<BankHoliday>)> {
    let division: Division =
        division.parse().map_err(|e: casebook_domain::calendar::UnknownDivision| AppError::field("division", e.to_string()))?;
    if !(1900..=2200).contains(&year) {
        return Err(AppError::field("year", "Year must be between 1900 and 2200"));
    }
    Ok((division, bank_holidays(division, year)))
}
