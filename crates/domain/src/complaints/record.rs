//! The minimum a logged complaint must show (detention order para 46):
//! reference, complainant details, date received, date allocated, target
//! date, category and investigator — one line per part, so a cross-cutting
//! complaint shows every body's share on one page.

use super::complaint::Complaint;
use super::receipt::Complainants;
use jiff::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinimumRecord {
    pub reference: String,
    pub part: u32,
    pub complainants: Complainants,
    /// Port, CID or Home Office number, when given.
    pub complainant_number: Option<String>,
    pub received_at: Timestamp,
    pub allocated_at: Timestamp,
    /// `None` where another body's timescales apply.
    pub target: Option<Timestamp>,
    pub category: String,
    pub subcategory: Option<String>,
    pub body: String,
    pub investigator: i64,
}

/// One record per allocated part; empty until the complaint is logged.
pub fn minimum_records(complaint: &Complaint) -> Vec<MinimumRecord> {
    let Some(reference) = &complaint.reference else { return Vec::new() };
    complaint
        .parts
        .iter()
        .map(|p| MinimumRecord {
            reference: reference.clone(),
            part: p.number,
            complainants: complaint.receipt.complainants.clone(),
            complainant_number: complaint.receipt.complainant_number.clone(),
            received_at: complaint.receipt.received_at,
            allocated_at: p.allocated_at,
            target: p.target,
            category: p.category.clone(),
            subcategory: p.subcategory.clone(),
            body: p.body.clone(),
            investigator: p.investigator,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::london_date;
    use crate::complaints::complaint::Command;
    use crate::complaints::complaint::tests::{allocated, received, step, triage_as, ts};
    use crate::nation::Nation;
    use jiff::civil::date;

    #[test]
    fn each_part_shows_the_orders_minimum_fields() {
        let c = allocated("service-delivery");
        let split = Command::Allocate {
            by: 1,
            category: Some("minor-misconduct".into()),
            subcategory: None,
            body: "escort-supplier".into(),
            investigator: 8,
        };
        let c = step(&c, split, "2026-12-24T12:00:00Z");
        let records = minimum_records(&c);
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first.reference, "MORTON-2026-00042");
        assert_eq!(first.complainants, Complainants::One { person_id: 42 });
        assert_eq!(first.received_at, ts("2026-12-24T09:15:00Z"));
        assert_eq!(first.allocated_at, ts("2026-12-24T11:30:00Z"));
        assert_eq!(london_date(first.target.unwrap()), date(2027, 1, 26));
        assert_eq!((first.category.as_str(), first.investigator), ("service-delivery", 7));
        assert_eq!((records[1].part, records[1].body.as_str()), (2, "escort-supplier"));
    }

    #[test]
    fn nothing_shows_before_logging() {
        let c = step(&received(Nation::EnglandAndWales), triage_as("service-delivery"), "2026-12-24T10:00:00Z");
        assert!(minimum_records(&c).is_empty());
    }
}
