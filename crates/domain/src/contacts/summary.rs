//! The contacts report for managers: how many contacts on each channel and
//! of each category, how many were resolved at the first contact (the
//! Single Call Resolution Model of the contact-handling policy), and how
//! malicious and sales calls were dealt with (the policy asks for both to be
//! counted). Rates are `None` when there were no contacts, so a report shows
//! "no data" rather than a misleading 0%.

use super::{Channel, ContactCategory, ContactOutcome};

/// Contacts counted by channel, category and outcome (one row per
/// combination that occurred), as the store aggregates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRow {
    pub channel: Channel,
    pub category: ContactCategory,
    pub outcome: ContactOutcome,
    pub contacts: u64,
    /// Of those, how many callers were warned (malicious or abusive contacts).
    pub caller_warned: u64,
    /// Of those, how many calls were ended (malicious or abusive calls).
    pub call_ended: u64,
}

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<K> {
    pub key: K,
    pub contacts: u64,
    /// Share resolved at the first contact; `None` when there were none.
    pub first_contact_resolution: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactSummary {
    pub total: u64,
    pub first_contact_resolution: Option<f64>,
    /// Every channel, in the order of [`Channel::ALL`], with zero lines left out.
    pub by_channel: Vec<Line<Channel>>,
    pub by_category: Vec<Line<ContactCategory>>,
    pub by_outcome: Vec<(ContactOutcome, u64)>,
    pub malicious: u64,
    pub malicious_warned: u64,
    pub malicious_ended: u64,
    pub sales: u64,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn line<K: Copy + PartialEq>(rows: &[CountRow], key: K, of: impl Fn(&CountRow) -> K) -> Option<Line<K>> {
    let (mut contacts, mut resolved) = (0, 0);
    for row in rows.iter().filter(|r| of(r) == key) {
        contacts += row.contacts;
        if row.outcome == ContactOutcome::ResolvedAtFirstContact {
            resolved += row.contacts;
        }
    }
    (contacts > 0).then(|| Line { key, contacts, first_contact_resolution: share(resolved, contacts) })
}

pub fn summarise(rows: &[CountRow]) -> ContactSummary {
    let total = rows.iter().map(|r| r.contacts).sum();
    let resolved = rows.iter().filter(|r| r.outcome == ContactOutcome::ResolvedAtFirstContact).map(|r| r.contacts).sum();
    let malicious_rows = || rows.iter().filter(|r| r.category == ContactCategory::MaliciousOrAbusive);
    ContactSummary {
        total,
        first_contact_resolution: share(resolved, total),
        by_channel: Channel::ALL.iter().filter_map(|c| line(rows, *c, |r| r.channel)).collect(),
        by_category: ContactCategory::ALL.iter().filter_map(|c| line(rows, *c, |r| r.category)).collect(),
        by_outcome: ContactOutcome::ALL
            .iter()
            .map(|o| (*o, rows.iter().filter(|r| r.outcome == *o).map(|r| r.contacts).sum()))
            .filter(|(_, n)| *n > 0)
            .collect(),
        malicious: malicious_rows().map(|r| r.contacts).sum(),
        malicious_warned: malicious_rows().map(|r| r.caller_warned).sum(),
        malicious_ended: malicious_rows().map(|r| r.call_ended).sum(),
        sales: rows.iter().filter(|r| r.category == ContactCategory::SalesOrMarketing).map(|r| r.contacts).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(channel: Channel, category: ContactCategory, outcome: ContactOutcome, contacts: u64) -> CountRow {
        CountRow { channel, category, outcome, contacts, caller_warned: 0, call_ended: 0 }
    }

    #[test]
    fn malicious_and_sales_calls_are_counted_with_how_they_were_handled() {
        let rows = [
            row(Channel::Call101, ContactCategory::Enquiry, ContactOutcome::ResolvedAtFirstContact, 6),
            row(Channel::Call101, ContactCategory::Enquiry, ContactOutcome::MessageTaken, 2),
            CountRow {
                caller_warned: 3,
                call_ended: 1,
                ..row(Channel::Call101, ContactCategory::MaliciousOrAbusive, ContactOutcome::Signposted, 3)
            },
            row(Channel::Email, ContactCategory::SalesOrMarketing, ContactOutcome::ResolvedAtFirstContact, 1),
        ];
        let s = summarise(&rows);
        assert_eq!(s.total, 12);
        assert_eq!(s.first_contact_resolution, Some(7.0 / 12.0));
        assert_eq!((s.malicious, s.malicious_warned, s.malicious_ended, s.sales), (3, 3, 1, 1));
        assert_eq!(s.by_channel.iter().map(|l| (l.key, l.contacts)).collect::<Vec<_>>(), [(Channel::Call101, 11), (Channel::Email, 1)]);
        assert_eq!(s.by_channel[0].first_contact_resolution, Some(6.0 / 11.0));
        assert_eq!(summarise(&[]).first_contact_resolution, None, "no contacts: no rate, not 0%");
    }

    proptest! {
        #[test]
        fn every_breakdown_adds_up_to_the_total(counts in proptest::collection::vec((0usize..15, 0usize..7, 0usize..5, 1u64..50), 0..40)) {
            let rows: Vec<CountRow> = counts
                .iter()
                .map(|(c, k, o, n)| row(Channel::ALL[*c], ContactCategory::ALL[*k], ContactOutcome::ALL[*o], *n))
                .collect();
            let s = summarise(&rows);
            prop_assert_eq!(s.by_channel.iter().map(|l| l.contacts).sum::<u64>(), s.total);
            prop_assert_eq!(s.by_category.iter().map(|l| l.contacts).sum::<u64>(), s.total);
            prop_assert_eq!(s.by_outcome.iter().map(|(_, n)| n).sum::<u64>(), s.total);
            if let Some(rate) = s.first_contact_resolution {
                prop_assert!((0.0..=1.0).contains(&rate));
            }
        }
    }
}
