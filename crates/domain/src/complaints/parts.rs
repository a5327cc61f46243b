//! The parts of a complaint. A cross-cutting complaint is split so each
//! responsible body answers its own part, with its own acknowledgement and
//! target date (detention order paras 22-24); a simple complaint has one
//! part. The complaint closes only when every part has.

use super::procedure::{ClockStart, Milestone, Procedure, TimeLimit};
use crate::calendar::WorkingCalendar;
use crate::deadlines::{Period, due_at};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The three outcomes the order allows, as the response module defines them.
pub use super::response::Outcome;

/// Where the written response stands. The quality rules (checklist,
/// approval by a more senior grade) belong to the response module; the
/// workflow only keeps the order draft, approve, send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "kebab-case")]
pub enum ResponseStage {
    NotStarted,
    Drafted { by: i64, at: Timestamp },
    Approved { drafted_by: i64, by: i64, at: Timestamp },
    Sent { at: Timestamp },
}

/// A responder's request to move the target date, awaiting the complaints
/// unit's answer (para 48: "seek DS CSU agreement").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRequest {
    pub by: i64,
    pub at: Timestamp,
    pub reason: String,
    pub new_date: Date,
}

/// How far a part has got, for lists and the complaint's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartStage {
    Allocated,
    Acknowledged,
    SentForInvestigation,
    ResponseDrafted,
    ResponseApproved,
    ResponseSent,
    Closed,
}

/// One part of a complaint, answered by one body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// 1, 2, …; stable for the life of the complaint.
    pub number: u32,
    pub category: String,
    pub subcategory: Option<String>,
    /// The responding body's key in the procedure.
    pub body: String,
    /// The named investigator (a user id).
    pub investigator: i64,
    pub allocated_at: Timestamp,
    /// The response is due by this; `None` where another body's timescales
    /// apply (e.g. healthcare providers). Moves only by agreed extension or
    /// recategorisation.
    pub target: Option<Timestamp>,
    pub sent_for_investigation_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub evidence_requested_at: Option<Timestamp>,
    pub updates_sent: Vec<Timestamp>,
    pub extension_requested: Option<ExtensionRequest>,
    pub extensions_agreed: u32,
    pub interim_response_at: Option<Timestamp>,
    pub response: ResponseStage,
    pub outcome: Option<Outcome>,
    pub closed_at: Option<Timestamp>,
}

impl Part {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    pub fn stage(&self) -> PartStage {
        if self.closed_at.is_some() {
            return PartStage::Closed;
        }
        match self.response {
            ResponseStage::Sent { .. } => PartStage::ResponseSent,
            ResponseStage::Approved { .. } => PartStage::ResponseApproved,
            ResponseStage::Drafted { .. } => PartStage::ResponseDrafted,
            ResponseStage::NotStarted if self.sent_for_investigation_at.is_some() => PartStage::SentForInvestigation,
            ResponseStage::NotStarted if self.acknowledged_at.is_some() => PartStage::Acknowledged,
            ResponseStage::NotStarted => PartStage::Allocated,
        }
    }
}

/// The limit that sets a part's target date: the category's limit, counted
/// from a milestone, that the response stops and that does not repeat (e.g.
/// `respond`, 20 working days of allocation, or 12 weeks of receipt for
/// serious misconduct).
pub fn response_limit<'p>(procedure: &'p Procedure, category: &str) -> Option<&'p TimeLimit> {
    let category = procedure.category(category)?;
    category.limits.iter().filter_map(|key| procedure.limit(key)).find(|limit| {
        matches!(limit.starts, ClockStart::Milestone { .. }) && limit.repeats_on.is_none() && limit.stops.contains(&Milestone::ResponseSent)
    })
}

/// A part's target date: its response limit counted from its start, on the
/// site's calendar; `received` is when the complaint counts as received.
pub fn target_for(
    procedure: &Procedure,
    cal: &WorkingCalendar,
    category: &str,
    translation_needed: bool,
    received: Timestamp,
    allocated: Timestamp,
) -> Option<Timestamp> {
    let limit = response_limit(procedure, category)?;
    let start = match limit.starts {
        ClockStart::Milestone { milestone: Milestone::Received } => received,
        ClockStart::Milestone { milestone: Milestone::Allocated } => allocated,
        // A response limit counted from another milestone has no date yet
        // at allocation; its clock shows it once that milestone happens.
        _ => return None,
    };
    let period: Period = if translation_needed { limit.translated_period.unwrap_or(limit.period) } else { limit.period };
    Some(due_at(cal, start, period))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Division, london_date};
    use crate::complaints::preset_detention;
    use jiff::civil::date;

    #[test]
    fn outcomes_are_the_three_the_order_allows() {
        for o in Outcome::ALL {
            assert_eq!(o.slug().parse::<Outcome>(), Ok(o));
        }
        assert!("upheld".parse::<Outcome>().unwrap_err().to_string().contains("partially-substantiated"));
        assert!(serde_json::from_str::<Outcome>("\"upheld\"").is_err());
    }

    #[test]
    fn the_response_limit_follows_the_category() {
        let p = preset_detention::preset();
        assert_eq!(response_limit(&p, "service-delivery").unwrap().key, "respond");
        assert_eq!(response_limit(&p, "serious-misconduct").unwrap().key, "serious-misconduct-respond");
        assert!(response_limit(&p, "healthcare").is_none());
    }

    #[test]
    fn the_target_spans_christmas_differently_by_nation() {
        // Allocated Thursday 24 December 2026: 20 working days. England
        // skips 25 and 28 December (Boxing Day substitute) and 1 January;
        // Scotland also skips 2 January's substitute, Monday 4 January.
        let p = preset_detention::preset();
        let at: Timestamp = "2026-12-24T10:00:00Z".parse().unwrap();
        let england = WorkingCalendar::new(Division::EnglandAndWales);
        let scotland = WorkingCalendar::new(Division::Scotland);
        let e = target_for(&p, &england, "service-delivery", false, at, at).unwrap();
        let s = target_for(&p, &scotland, "service-delivery", false, at, at).unwrap();
        assert_eq!(london_date(e), date(2027, 1, 26));
        assert_eq!(london_date(s), date(2027, 1, 27));
        // Serious misconduct: 12 weeks from receipt, holidays irrelevant.
        let sm = target_for(&p, &england, "serious-misconduct", false, at, at).unwrap();
        assert_eq!(london_date(sm), date(2027, 3, 18));
        assert!(target_for(&p, &england, "healthcare", true, at, at).is_none());
    }
}
