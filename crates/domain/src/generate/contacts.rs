//! Generated contacts: who made them (a Zipf-like skew, so a few heavy
//! callers make hundreds and most people one or two), when (office hours,
//! weekdays, heavy callers recently), and how (every channel, direction,
//! category and outcome in plausible proportions).
//!
//! Contact `j` is a pure function of the plan and `j`, like persons.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::rng::Rng;
use crate::calendar::london;
use crate::contacts::{CategoryDetail, Channel, ContactCategory, ContactOutcome, Direction, MessageRequest, MessageState, ValidContact};

const STREAM: u64 = 2;
/// The share of contacts from callers who would not give their name.
const ANONYMOUS: f64 = 0.07;
/// Heavy callers (the top `persons / HEAVY_PER` by frequency) call within the last `HEAVY_DAYS`.
const HEAVY_PER: u64 = 2_000;
const HEAVY_DAYS: f64 = 120.0;
/// Primes to step through ranks with; one of them is coprime to any person count we meet.
const STRIDES: [u64; 4] = [1_000_003, 999_983, 1_299_709, 15_485_863];

/// What the contacts of a world are drawn from.
#[derive(Debug, Clone)]
pub struct ContactPlan {
    seed: u64,
    persons: u64,
    days: u32,
    now: Timestamp,
    today: Date,
    /// Running totals of the Zipf weights of ranks 0, 1, 2, …
    cumulative: Vec<f64>,
    stride: u64,
    heavy: u64,
}

/// A generated contact. People, staff and sites are indexes into the
/// world's lists; [`GeneratedContact::valid`] turns them into record numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedContact {
    /// Index of the person; `None` when anonymous.
    pub person: Option<u64>,
    /// Index of the handler among the staff.
    pub handler: usize,
    /// Index of the member of staff a message is for, when one was taken.
    pub recipient: Option<usize>,
    pub occurred_at: Timestamp,
    pub channel: Channel,
    pub direction: Direction,
    pub category: ContactCategory,
    pub detail: CategoryDetail,
    pub outcome: ContactOutcome,
    pub subject: &'static str,
    pub notes: &'static str,
    pub message_text: &'static str,
    /// What became of the message: most older ones were returned.
    pub message_state: MessageState,
    pub duration_seconds: Option<u32>,
}

impl GeneratedContact {
    pub fn valid(&self, person_id: Option<i64>, site_id: i64, recipient_id: Option<i64>) -> ValidContact {
        ValidContact {
            occurred_at: self.occurred_at,
            channel: self.channel,
            direction: self.direction,
            site_id,
            person_id,
            subject: self.subject.to_owned(),
            notes: self.notes.to_owned(),
            category: self.category,
            detail: self.detail.clone(),
            outcome: self.outcome,
            message: recipient_id.map(|recipient_id| MessageRequest { recipient_id, text: self.message_text.to_owned() }),
            duration_seconds: self.duration_seconds,
            triage: None,
        }
    }
}

impl ContactPlan {
    /// Contacts over the `days` before `now` with `persons` persons (at least one).
    pub fn new(seed: u64, persons: u64, days: u32, now: Timestamp) -> ContactPlan {
        let persons = persons.max(1);
        // Weight of rank r is 1/(r + k): the offset k flattens the head so the
        // heaviest caller makes hundreds of contacts, not a third of them all.
        let k = (persons as f64 / 1_000.0).max(1.0);
        let mut total = 0.0;
        let cumulative = (0..persons)
            .map(|r| {
                total += 1.0 / (r as f64 + k);
                total
            })
            .collect();
        let stride = STRIDES.iter().copied().find(|p| !persons.is_multiple_of(*p)).unwrap_or(1);
        ContactPlan {
            seed,
            persons,
            days: days.max(1),
            now,
            today: now.to_zoned(london()).date(),
            cumulative,
            stride,
            heavy: (persons / HEAVY_PER).max(1),
        }
    }

    /// The person of frequency rank `rank` (0 = the most frequent caller).
    pub fn person_at_rank(&self, rank: u64) -> u64 {
        ((rank as u128 * self.stride as u128 + self.seed as u128) % self.persons as u128) as u64
    }

    /// Contact `j` of the world, handled by one of `staff` members.
    pub fn contact(&self, j: u64, staff: usize) -> GeneratedContact {
        let mut rng = Rng::for_item(self.seed, STREAM, j);
        let rank = (!rng.chance(ANONYMOUS)).then(|| {
            let total = self.cumulative.last().copied().unwrap_or(1.0);
            let target = rng.unit() * total;
            (self.cumulative.partition_point(|&c| c <= target) as u64).min(self.persons - 1)
        });
        let heavy = rank.is_some_and(|r| r < self.heavy);
        let channel = *rng.weighted(CHANNELS);
        let direction = if OUTBOUND_CAPABLE.contains(&channel) && rng.chance(0.12) { Direction::Outbound } else { Direction::Inbound };
        let category = *rng.weighted(if heavy { HEAVY_CATEGORIES } else { CATEGORIES });
        let outcome = *rng.weighted(outcomes_for(category));
        let detail = match category {
            ContactCategory::MaliciousOrAbusive => {
                CategoryDetail::Malicious { caller_warned: rng.chance(0.85), call_ended: channel.is_telephone().then(|| rng.chance(0.5)) }
            }
            ContactCategory::SalesOrMarketing => CategoryDetail::Sales {
                organisation: (*rng.pick(SALES_ORGANISATIONS)).to_owned(),
                purpose: (*rng.pick(SALES_PURPOSES)).to_owned(),
            },
            _ => CategoryDetail::None,
        };
        let duration_seconds = if channel.is_telephone() {
            Some(30 + (rng.unit().powi(2) * 1_500.0) as u32)
        } else if matches!(channel, Channel::InPerson | Channel::VideoInterview) {
            Some(300 + rng.below(2_100) as u32)
        } else {
            None
        };
        let handler = rng.below(staff.max(1));
        let recipient = (outcome == ContactOutcome::MessageTaken).then(|| {
            let other = rng.below(staff.max(1));
            if other == handler && staff > 1 { (other + 1) % staff } else { other }
        });
        let occurred_at = self.when(&mut rng, heavy, channel);
        let message_state = if recipient.is_some() { self.message_fate(&mut rng, occurred_at) } else { MessageState::Open };
        GeneratedContact {
            person: rank.map(|r| self.person_at_rank(r)),
            handler,
            recipient,
            occurred_at,
            channel,
            direction,
            category,
            detail,
            outcome,
            subject: rng.choose(subjects_for(category)),
            notes: if rng.chance(0.5) { "" } else { rng.choose(NOTES) },
            message_text: rng.choose(MESSAGES),
            message_state,
            duration_seconds,
        }
    }

    /// Messages from the last three days are still open; older ones were
    /// mostly returned within three days, a few not.
    fn message_fate(&self, rng: &mut Rng, taken: Timestamp) -> MessageState {
        let later = (taken + SignedDuration::from_mins(30 + rng.below(3 * 24 * 60) as i64)).min(self.now);
        if taken > self.now - SignedDuration::from_hours(72) {
            return MessageState::Open;
        }
        match rng.below(20) {
            0 => MessageState::Open,
            1 | 2 => MessageState::NotReturned { decided_at: later, reason: "No answer after three attempts".into() },
            _ => MessageState::Returned { returned_at: later, note: "Called back and discussed".into() },
        }
    }

    /// A time in the window: weekdays over weekends, office hours over nights
    /// (less so for the emergency and 101 lines), heavy callers recently.
    fn when(&self, rng: &mut Rng, heavy: bool, channel: Channel) -> Timestamp {
        let window = f64::from(self.days);
        let around_the_clock = matches!(channel, Channel::Call999 | Channel::Text999 | Channel::Call101 | Channel::OnlineReport);
        for _ in 0..16 {
            let back = if heavy { rng.unit().powi(2) * HEAVY_DAYS.min(window) } else { rng.unit() * window };
            let Ok(day) = self.today.checked_sub(jiff::Span::new().days(back as i64)) else { continue };
            let weekend = matches!(day.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday);
            if weekend && !rng.chance(if around_the_clock { 0.8 } else { 0.3 }) {
                continue;
            }
            let hour = *rng.weighted(if around_the_clock { ROUND_THE_CLOCK_HOURS } else { OFFICE_HOURS });
            let at = day.at(hour, rng.below(60) as i8, rng.below(60) as i8, 0);
            if let Ok(ts) = london().to_timestamp(at)
                && ts <= self.now
            {
                return ts;
            }
        }
        self.now.checked_sub(SignedDuration::from_mins(rng.below(600) as i64)).unwrap_or(self.now)
    }
}

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::Call101, 300),
    (Channel::DirectDial, 160),
    (Channel::Email, 150),
    (Channel::OnlineReport, 80),
    (Channel::Call999, 60),
    (Channel::Webchat, 60),
    (Channel::Sms, 40),
    (Channel::Letter, 40),
    (Channel::InPerson, 30),
    (Channel::Internal, 25),
    (Channel::WeatherPhone, 10),
    (Channel::ComplaintBox, 8),
    (Channel::VideoInterview, 8),
    (Channel::Text999, 4),
    (Channel::Fax, 3),
];

const OUTBOUND_CAPABLE: &[Channel] =
    &[Channel::DirectDial, Channel::Email, Channel::Sms, Channel::Letter, Channel::Internal, Channel::VideoInterview, Channel::Webchat];

const CATEGORIES: &[(ContactCategory, u32)] = &[
    (ContactCategory::Enquiry, 40),
    (ContactCategory::Request, 20),
    (ContactCategory::Complaint, 12),
    (ContactCategory::RequestToSpeak, 6),
    (ContactCategory::SalesOrMarketing, 3),
    (ContactCategory::MaliciousOrAbusive, 4),
    (ContactCategory::Other, 15),
];

/// Heavy callers complain, ask for named people and turn abusive more often.
const HEAVY_CATEGORIES: &[(ContactCategory, u32)] = &[
    (ContactCategory::Enquiry, 30),
    (ContactCategory::Request, 15),
    (ContactCategory::Complaint, 20),
    (ContactCategory::RequestToSpeak, 15),
    (ContactCategory::SalesOrMarketing, 1),
    (ContactCategory::MaliciousOrAbusive, 9),
    (ContactCategory::Other, 10),
];

fn outcomes_for(category: ContactCategory) -> &'static [(ContactOutcome, u32)] {
    use ContactOutcome::*;
    match category {
        ContactCategory::Complaint => {
            &[(ComplaintOpened, 50), (Referred, 20), (ResolvedAtFirstContact, 15), (MessageTaken, 10), (Signposted, 5)]
        }
        ContactCategory::RequestToSpeak => &[(MessageTaken, 50), (Signposted, 30), (ResolvedAtFirstContact, 20)],
        ContactCategory::SalesOrMarketing => &[(ResolvedAtFirstContact, 80), (Signposted, 20)],
        ContactCategory::MaliciousOrAbusive => &[(ResolvedAtFirstContact, 70), (Referred, 20), (MessageTaken, 10)],
        _ => &[(ResolvedAtFirstContact, 55), (MessageTaken, 12), (Referred, 13), (Signposted, 20)],
    }
}

#[rustfmt::skip]
const OFFICE_HOURS: &[(i8, u32)] = &[
    (7, 2), (8, 8), (9, 14), (10, 16), (11, 15), (12, 11), (13, 12), (14, 14), (15, 13), (16, 11), (17, 6), (18, 3),
    (19, 2), (20, 1),
];
#[rustfmt::skip]
const ROUND_THE_CLOCK_HOURS: &[(i8, u32)] = &[
    (0, 3), (1, 2), (2, 2), (3, 1), (4, 1), (5, 1), (6, 2), (7, 4), (8, 6), (9, 8), (10, 8), (11, 8), (12, 8), (13, 8),
    (14, 8), (15, 8), (16, 9), (17, 9), (18, 8), (19, 7), (20, 6), (21, 5), (22, 4), (23, 4),
];

fn subjects_for(category: ContactCategory) -> &'static [&'static str] {
    match category {
        ContactCategory::Enquiry => &[
            "Asked for an update on a crime report",
            "Lost property enquiry",
            "Asked about a firearms licence",
            "Asked how to report anti-social behaviour",
        ],
        ContactCategory::Request => &[
            "Asked for a copy of a crime report",
            "Requested a call back from the officer in charge",
            "Asked for a crime reference number",
        ],
        ContactCategory::Complaint => {
            &["Unhappy with the response to a report", "Complained about an officer's manner", "Complained about the time taken to attend"]
        }
        ContactCategory::RequestToSpeak => {
            &["Asked to speak to the Commissioner", "Asked to speak to the officer in charge", "Asked to speak to a manager"]
        }
        ContactCategory::SalesOrMarketing => &["Cold call selling advertising", "Marketing call about energy contracts"],
        ContactCategory::MaliciousOrAbusive => &["Abusive caller", "Repeated abusive calls", "Threatening language towards the handler"],
        ContactCategory::Other => &["Wrong number", "Called about a neighbour dispute", "Noise complaint, signposted to the council"],
    }
}

const NOTES: &[&str] = &[
    "Caller was calm and thanked the handler.",
    "Caller was distressed; reassured and given the reference.",
    "Said they had called before about the same matter.",
    "Given the council's number.",
    "Advised to call 999 if in immediate danger.",
];
const MESSAGES: &[&str] = &["Please call back about the report.", "Wants to discuss the complaint.", "Asked for a call back this week."];
const SALES_ORGANISATIONS: &[&str] = &["Brightline Media Ltd", "Northern Energy Switch", "Civic Directory Publishing"];
const SALES_PURPOSES: &[&str] = &["Advertising in a community magazine", "Switching energy supplier", "A listing in a directory"];

#[cfg(test)]
#[path = "contacts_tests.rs"]
mod tests;
