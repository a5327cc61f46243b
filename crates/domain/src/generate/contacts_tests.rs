//! The contact generator: determinism, proportions, the skew of callers and
//! that every generated contact passes the domain's own validation.

use super::*;
use crate::contacts::{ContactDraft, MessageState, validate};
use std::collections::{HashMap, HashSet};

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn plan(persons: u64) -> ContactPlan {
    ContactPlan::new(7, persons, 730, now())
}

/// The contact as a handler would have typed it.
fn draft(c: &ValidContact) -> ContactDraft {
    let (caller_warned, call_ended, organisation, purpose) = match &c.detail {
        CategoryDetail::None => (None, None, String::new(), String::new()),
        CategoryDetail::Malicious { caller_warned, call_ended } => (Some(*caller_warned), *call_ended, String::new(), String::new()),
        CategoryDetail::Sales { organisation, purpose } => (None, None, organisation.clone(), purpose.clone()),
    };
    ContactDraft {
        occurred_at: c.occurred_at.to_string(),
        channel: c.channel.slug().into(),
        direction: c.direction.slug().into(),
        site_id: c.site_id.to_string(),
        person_id: c.person_id.map(|p| p.to_string()).unwrap_or_default(),
        anonymous: c.person_id.is_none(),
        subject: c.subject.clone(),
        notes: c.notes.clone(),
        category: c.category.slug().into(),
        outcome: c.outcome.slug().into(),
        duration_seconds: c.duration_seconds.map(|d| d.to_string()).unwrap_or_default(),
        caller_warned,
        call_ended,
        sales_organisation: organisation,
        sales_purpose: purpose,
        message_for: c.message.as_ref().map(|m| m.recipient_id.to_string()).unwrap_or_default(),
        message_text: c.message.as_ref().map(|m| m.text.clone()).unwrap_or_default(),
        triage: None,
    }
}

#[test]
fn a_plan_gives_the_same_contacts_every_time() {
    let (a, b) = (plan(1_000), plan(1_000));
    for j in 0..200 {
        assert_eq!(a.contact(j, 5), b.contact(j, 5));
    }
    assert_ne!(a.contact(1, 5), ContactPlan::new(8, 1_000, 730, now()).contact(1, 5));
}

#[test]
fn every_generated_contact_passes_validation() {
    let p = plan(500);
    for j in 0..5_000 {
        let g = p.contact(j, 4);
        let valid = g.valid(g.person.map(|i| i as i64 + 1), 3, g.recipient.map(|r| r as i64 + 1));
        assert_eq!(validate(&draft(&valid), now(), &crate::triage::RulesInForce::preset()), Ok(valid.clone()), "{g:?}");
    }
}

#[test]
fn every_channel_category_outcome_and_direction_appears_in_plausible_shares() {
    let p = plan(10_000);
    let contacts: Vec<GeneratedContact> = (0..50_000).map(|j| p.contact(j, 10)).collect();
    let channels: HashSet<Channel> = contacts.iter().map(|c| c.channel).collect();
    assert_eq!(channels.len(), Channel::ALL.len());
    assert_eq!(contacts.iter().map(|c| c.category).collect::<HashSet<_>>().len(), ContactCategory::ALL.len());
    assert_eq!(contacts.iter().map(|c| c.outcome).collect::<HashSet<_>>().len(), ContactOutcome::ALL.len());
    assert_eq!(contacts.iter().map(|c| c.direction).collect::<HashSet<_>>().len(), Direction::ALL.len());
    let share = |f: &dyn Fn(&GeneratedContact) -> bool| contacts.iter().filter(|c| f(c)).count() as f64 / contacts.len() as f64;
    assert!((0.06..0.08).contains(&share(&|c| c.person.is_none())), "anonymous");
    assert!((0.25..0.35).contains(&share(&|c| c.channel == Channel::Call101)));
    assert!((0.05..0.12).contains(&share(&|c| c.direction == Direction::Outbound)));
    assert!(share(&|c| c.outcome == ContactOutcome::ResolvedAtFirstContact) > 0.4);
    let messages: Vec<&GeneratedContact> = contacts.iter().filter(|c| c.recipient.is_some()).collect();
    assert!(messages.iter().all(|c| c.outcome == ContactOutcome::MessageTaken && c.recipient != Some(c.handler)));
    let returned = messages.iter().filter(|c| matches!(c.message_state, MessageState::Returned { .. })).count();
    assert!(returned * 10 > messages.len() * 7, "{returned} of {} messages returned", messages.len());
    let london = |c: &GeneratedContact| c.occurred_at.to_zoned(crate::calendar::london());
    let weekday = share(&|c| london(c).weekday().to_monday_one_offset() <= 5);
    assert!(weekday > 0.8, "weekday share {weekday}");
    let office = share(&|c| (8..18).contains(&london(c).hour()));
    assert!(office > 0.75, "office-hours share {office}");
    let start = now() - SignedDuration::from_hours(24 * 731);
    assert!(contacts.iter().all(|c| c.occurred_at <= now() && c.occurred_at > start));
}

#[test]
fn a_few_heavy_callers_make_hundreds_of_contacts_and_call_recently() {
    let persons = 100_000;
    let p = plan(persons);
    let contacts: Vec<GeneratedContact> = (0..500_000).map(|j| p.contact(j, 10)).collect();
    let mut per_person: HashMap<u64, u64> = HashMap::new();
    for c in &contacts {
        if let Some(i) = c.person {
            assert!(i < persons);
            *per_person.entry(i).or_default() += 1;
        }
    }
    let mut counts: Vec<u64> = per_person.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let hundreds = counts.iter().filter(|&&n| n >= 100).count();
    assert!(counts[0] >= 300 && counts[0] <= 1_500, "heaviest caller made {}", counts[0]);
    assert!((10..=2_000).contains(&hundreds), "{hundreds} persons made 100 or more");
    let median = counts[counts.len() / 2];
    assert!(median <= 3, "median {median}");
    println!("heaviest {:?}, {hundreds} with 100 or more, median {median}, {} of {persons} persons called", &counts[..5], counts.len());
    // The person at rank 0 is among the heaviest callers, and called within the last 120 days.
    let top = p.person_at_rank(0);
    assert!(per_person[&top] * 10 >= counts[0] * 8, "{} against {}", per_person[&top], counts[0]);
    let recent = now() - SignedDuration::from_hours(24 * 121);
    assert!(contacts.iter().filter(|c| c.person == Some(top)).all(|c| c.occurred_at > recent));
}
