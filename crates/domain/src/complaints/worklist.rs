//! Work lists: complaints' clocks bucketed into overdue, due today and due
//! soon, and grouped per person, site and responsible body, so nobody
//! chases deadlines by hand. Pure: the store finds the candidate clocks,
//! this sorts them.

use super::clocks::{ComplaintClock, Scope};
use super::complaint::Complaint;
use super::procedure::{BodyKind, Procedure};
use crate::calendar::WorkingCalendar;
use crate::deadlines::{ClockStatus, WorkBucket};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// One clock on one complaint, as a line of a work list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkItem {
    pub complaint_id: i64,
    pub reference: Option<String>,
    pub site_id: i64,
    /// The body that must act: the part's responder, or the complaints
    /// unit for the steps before allocation.
    pub body: String,
    /// The named investigator, for a part's clock.
    pub person: Option<i64>,
    pub clock_key: String,
    pub label: String,
    pub status: ClockStatus,
}

impl WorkItem {
    pub fn bucket(&self) -> WorkBucket {
        self.status.bucket()
    }
}

/// The three groups a work list shows, each most urgent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkList {
    pub overdue: Vec<WorkItem>,
    pub due_today: Vec<WorkItem>,
    pub due_soon: Vec<WorkItem>,
}

impl WorkList {
    /// Sorts `items` into the three groups; anything on track, paused, not
    /// started or finished is left off.
    pub fn from_items(items: impl IntoIterator<Item = WorkItem>) -> Self {
        let mut list = WorkList::default();
        for item in items {
            match item.bucket() {
                WorkBucket::Overdue => list.overdue.push(item),
                WorkBucket::DueToday => list.due_today.push(item),
                WorkBucket::DueSoon => list.due_soon.push(item),
                WorkBucket::OnTrack | WorkBucket::Paused | WorkBucket::NotStarted | WorkBucket::Finished => {}
            }
        }
        for group in [&mut list.overdue, &mut list.due_today, &mut list.due_soon] {
            group.sort_by(|a, b| {
                a.status.cmp(&b.status).then_with(|| a.complaint_id.cmp(&b.complaint_id)).then_with(|| a.clock_key.cmp(&b.clock_key))
            });
        }
        list
    }

    pub fn len(&self) -> usize {
        self.overdue.len() + self.due_today.len() + self.due_soon.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The unfinished, started clocks of one complaint as work items at `now`.
pub fn work_items(
    procedure: &Procedure,
    cal: &WorkingCalendar,
    complaint_id: i64,
    complaint: &Complaint,
    clocks: &[ComplaintClock],
    now: Timestamp,
) -> Vec<WorkItem> {
    let unit = procedure.bodies.iter().find(|b| b.kind == BodyKind::ComplaintsUnit).map(|b| b.key.clone()).unwrap_or_default();
    clocks
        .iter()
        .filter(|c| !c.clock.is_finished() && c.clock.started_at().is_some())
        .map(|c| {
            let part = match c.scope {
                Scope::Part { number } => complaint.part(number),
                Scope::Complaint => None,
            };
            WorkItem {
                complaint_id,
                reference: complaint.reference.clone(),
                site_id: complaint.receipt.site_id,
                body: part.map_or_else(|| unit.clone(), |p| p.body.clone()),
                person: part.map(|p| p.investigator),
                clock_key: c.key.clone(),
                label: c.label.clone(),
                status: c.clock.status(cal, now),
            }
        })
        .collect()
}

/// Work lists per key (person, site or body); items without a key are left out.
pub fn group_by<K: Ord>(items: &[WorkItem], key: impl Fn(&WorkItem) -> Option<K>) -> BTreeMap<K, WorkList> {
    let mut groups: BTreeMap<K, Vec<WorkItem>> = BTreeMap::new();
    for item in items {
        if let Some(k) = key(item) {
            groups.entry(k).or_default().push(item.clone());
        }
    }
    groups.into_iter().map(|(k, items)| (k, WorkList::from_items(items))).filter(|(_, list)| !list.is_empty()).collect()
}

pub fn per_person(items: &[WorkItem]) -> BTreeMap<i64, WorkList> {
    group_by(items, |i| i.person)
}

pub fn per_site(items: &[WorkItem]) -> BTreeMap<i64, WorkList> {
    group_by(items, |i| Some(i.site_id))
}

pub fn per_body(items: &[WorkItem]) -> BTreeMap<String, WorkList> {
    group_by(items, |i| Some(i.body.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaints::clocks::complaint_clocks;
    use crate::complaints::complaint::Command;
    use crate::complaints::complaint::tests::{allocated, england, procedure, received, step, ts};
    use crate::nation::Nation;

    fn items(id: i64, c: &Complaint, now: &str) -> Vec<WorkItem> {
        let clocks = complaint_clocks(&procedure(), &england(), c, ts(now));
        work_items(&procedure(), &england(), id, c, &clocks, ts(now))
    }

    #[test]
    fn clocks_are_bucketed_overdue_today_and_soon() {
        // 31 December: acknowledgement (due 30th) overdue, sending (due 31st) due today.
        let c = allocated("service-delivery");
        let list = WorkList::from_items(items(1, &c, "2026-12-31T09:00:00Z"));
        let keys = |group: &[WorkItem]| group.iter().map(|i| i.clock_key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&list.overdue), ["part-1/acknowledge"]);
        assert_eq!(keys(&list.due_today), ["part-1/send-for-investigation"]);
        assert!(list.due_soon.is_empty());
        assert_eq!(list.overdue[0].person, Some(7));
        assert_eq!(list.overdue[0].body, "supplier-centre-manager");
        assert_eq!(list.overdue[0].reference.as_deref(), Some("MORTON-2026-00042"));
        // 20 January: the response (due 26th) is due soon.
        let acked = step(&c, Command::Acknowledge { by: 7, part: 1 }, "2026-12-30T09:00:00Z");
        let sent = step(&acked, Command::SendForInvestigation { by: 1, part: 1 }, "2026-12-30T10:00:00Z");
        let list = WorkList::from_items(items(1, &sent, "2027-01-20T09:00:00Z"));
        assert_eq!(keys(&list.due_soon), ["part-1/respond"]);
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn the_most_overdue_comes_first() {
        let c = allocated("service-delivery");
        let mut all = items(2, &c, "2027-02-01T09:00:00Z");
        all.reverse();
        let list = WorkList::from_items(all);
        assert_eq!(list.overdue.first().unwrap().clock_key, "part-1/acknowledge");
        assert_eq!(list.overdue.last().unwrap().clock_key, "part-1/respond");
    }

    #[test]
    fn lists_group_per_person_site_and_body() {
        let a = allocated("service-delivery");
        let mut b = received(Nation::EnglandAndWales);
        b.receipt.site_id = 9;
        let mut all = items(1, &a, "2026-12-31T09:00:00Z");
        all.extend(items(2, &b, "2026-12-31T09:00:00Z"));
        let people = per_person(&all);
        assert_eq!(people.keys().copied().collect::<Vec<_>>(), [7]);
        assert_eq!(people[&7].len(), 2);
        let sites = per_site(&all);
        assert_eq!(sites.keys().copied().collect::<Vec<_>>(), [3, 9]);
        // The unreceived-by-hub complaint is the complaints unit's to forward.
        assert_eq!(sites[&9].overdue[0].clock_key, "forward");
        let bodies = per_body(&all);
        assert_eq!(bodies.keys().cloned().collect::<Vec<_>>(), ["complaints-unit", "supplier-centre-manager"]);
    }

    #[test]
    fn finished_and_withdrawn_work_is_off_the_list() {
        let c = step(
            &allocated("service-delivery"),
            crate::complaints::complaint::tests::withdraw_on(jiff::civil::date(2026, 12, 29)),
            "2026-12-29T09:00:00Z",
        );
        assert!(items(1, &c, "2027-02-01T09:00:00Z").is_empty());
    }
}
