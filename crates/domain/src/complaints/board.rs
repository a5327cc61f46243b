//! What a site's monitoring board may see of a complaint. The order copies
//! complaints and responses to the board's chair "unless complainant has
//! asked for information not to be shared (in which case send date of
//! response and whether or not substantiated only)" (seed 002, para 45 and
//! 47; para 19 gives the board the same two facts for healthcare complaints
//! in Scotland and Northern Ireland).
//!
//! The restricted view is its own struct with only those two fields, so no
//! later change to the complaint can leak into it by accident: there is
//! nowhere in the type to put a name, a reference or any text.

use super::procedure::RecordKeeping;
use super::response::Outcome;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The complainant's choice about the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sharing {
    Allowed,
    /// The complainant asked for the information not to be shared.
    Refused,
}

/// The response as the board may be told of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentResponse {
    pub text: String,
    pub sent_on: Date,
    pub outcome: Outcome,
}

/// The complaint as Casebook holds it, reduced to what a board view is
/// built from. The app loads this; the board never sees it directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSummary {
    pub reference: String,
    pub site: String,
    pub category: String,
    pub received_on: Date,
    /// The complaint's own words (or a copy of them).
    pub summary: String,
    pub response: Option<SentResponse>,
}

/// What the board sees when sharing is allowed: copies of the complaint and
/// of the response once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SharedView {
    pub reference: String,
    pub site: String,
    pub category: String,
    pub received_on: Date,
    pub summary: String,
    pub response_text: Option<String>,
    pub response_date: Option<Date>,
    pub outcome: Option<Outcome>,
}

/// What the board sees when the complainant refused sharing: the response
/// date and the outcome (whether, or how far, it was substantiated), and
/// nothing else. Both are empty until the response is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RestrictedView {
    pub response_date: Option<Date>,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "sharing", rename_all = "kebab-case")]
pub enum BoardView {
    Allowed(SharedView),
    Refused(RestrictedView),
}

/// What the board may be sent, given how much the procedure keeps about
/// the complaint's category in its nation and the complainant's choice.
/// `None`: nothing at all, as for healthcare complaints in England, which
/// are passed to the healthcare manager and not tracked (para 11, 17).
/// Healthcare complaints in Scotland and Northern Ireland give the board
/// the response date and outcome only, whatever the choice (para 19).
pub fn sharing_for(records: RecordKeeping, choice: Sharing) -> Option<Sharing> {
    match records {
        RecordKeeping::Full => Some(choice),
        RecordKeeping::DetailsDateAndOutcome => Some(Sharing::Refused),
        RecordKeeping::NameAndDatePassedOn => None,
    }
}

/// Exactly what the board may see of `complaint`, given the complainant's
/// sharing choice.
pub fn board_view(complaint: &ComplaintSummary, sharing: Sharing) -> BoardView {
    let response = complaint.response.as_ref();
    match sharing {
        Sharing::Allowed => BoardView::Allowed(SharedView {
            reference: complaint.reference.clone(),
            site: complaint.site.clone(),
            category: complaint.category.clone(),
            received_on: complaint.received_on,
            summary: complaint.summary.clone(),
            response_text: response.map(|r| r.text.clone()),
            response_date: response.map(|r| r.sent_on),
            outcome: response.map(|r| r.outcome),
        }),
        Sharing::Refused => {
            BoardView::Refused(RestrictedView { response_date: response.map(|r| r.sent_on), outcome: response.map(|r| r.outcome) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn complaint() -> ComplaintSummary {
        ComplaintSummary {
            reference: "MORTON-2026-00042".into(),
            site: "Morton Hall".into(),
            category: "minor-misconduct".into(),
            received_on: date("2026-10-01"),
            summary: "An officer swore at me in the dining hall".into(),
            response: Some(SentResponse {
                text: "We have spoken to the officer".into(),
                sent_on: date("2026-10-28"),
                outcome: Outcome::Substantiated,
            }),
        }
    }

    #[test]
    fn with_sharing_allowed_the_board_gets_copies() {
        let BoardView::Allowed(view) = board_view(&complaint(), Sharing::Allowed) else { panic!("expected a shared view") };
        assert_eq!(view.reference, "MORTON-2026-00042");
        assert_eq!(view.site, "Morton Hall");
        assert_eq!(view.category, "minor-misconduct");
        assert_eq!(view.received_on, date("2026-10-01"));
        assert_eq!(view.summary, "An officer swore at me in the dining hall");
        assert_eq!(view.response_text.as_deref(), Some("We have spoken to the officer"));
        assert_eq!(view.response_date, Some(date("2026-10-28")));
        assert_eq!(view.outcome, Some(Outcome::Substantiated));
    }

    #[test]
    fn with_sharing_refused_the_board_gets_the_date_and_outcome_only() {
        let view = board_view(&complaint(), Sharing::Refused);
        assert_eq!(
            view,
            BoardView::Refused(RestrictedView { response_date: Some(date("2026-10-28")), outcome: Some(Outcome::Substantiated) })
        );
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            serde_json::json!({"sharing": "refused", "response-date": "2026-10-28", "outcome": "substantiated"})
        );
    }

    #[test]
    fn before_the_response_the_restricted_view_is_empty() {
        let pending = ComplaintSummary { response: None, ..complaint() };
        assert_eq!(board_view(&pending, Sharing::Refused), BoardView::Refused(RestrictedView { response_date: None, outcome: None }));
        let BoardView::Allowed(view) = board_view(&pending, Sharing::Allowed) else { panic!("expected a shared view") };
        assert_eq!((view.response_text, view.response_date, view.outcome), (None, None, None));
    }

    #[test]
    fn healthcare_complaints_share_less_whatever_the_choice() {
        assert_eq!(sharing_for(RecordKeeping::Full, Sharing::Allowed), Some(Sharing::Allowed));
        assert_eq!(sharing_for(RecordKeeping::Full, Sharing::Refused), Some(Sharing::Refused));
        assert_eq!(sharing_for(RecordKeeping::DetailsDateAndOutcome, Sharing::Allowed), Some(Sharing::Refused));
        assert_eq!(sharing_for(RecordKeeping::NameAndDatePassedOn, Sharing::Allowed), None);
    }

    fn any_outcome() -> impl Strategy<Value = Outcome> {
        prop::sample::select(Outcome::ALL.to_vec())
    }

    proptest! {
        /// Text fields of 12 or more characters, any Unicode: none may
        /// appear in the serialised board view when sharing is refused.
        #[test]
        fn a_refused_view_never_contains_the_complaints_text(
            reference in "\\PC{12,40}",
            site in "\\PC{12,40}",
            category in "\\PC{12,40}",
            summary in "\\PC{12,200}",
            text in "\\PC{12,200}",
            sent in prop::option::of((0i64..3650, any_outcome())),
        ) {
            let response = sent.map(|(days, outcome)| SentResponse {
                text: text.clone(),
                sent_on: date("2020-01-01").checked_add(jiff::Span::new().days(days)).unwrap(),
                outcome,
            });
            let complaint = ComplaintSummary {
                reference: reference.clone(),
                site: site.clone(),
                category: category.clone(),
                received_on: date("2019-12-01"),
                summary: summary.clone(),
                response,
            };
            let json = serde_json::to_string(&board_view(&complaint, Sharing::Refused)).unwrap();
            for field in [&reference, &site, &category, &summary, &text] {
                let escaped = serde_json::to_string(field).unwrap();
                prop_assert!(!json.contains(field.as_str()), "{} leaked into {}", field, json);
                prop_assert!(!json.contains(escaped.trim_matches('"')), "{} leaked into {}", field, json);
            }
            // The received date is not shared either.
            prop_assert!(!json.contains("2019-12-01"));
        }
    }
}
