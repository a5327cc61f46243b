//! Generated complaints: each one received at a site, then walked through
//! the procedure's own state machine (`complaint::decide`) with realistic
//! delays until the journey ends or reaches `now`. So the states come out
//! as an office's would: old complaints mostly closed or withdrawn, recent
//! ones at every step, some steps late and their clocks breached.
//!
//! Complaint `i` is made from its index alone, so any one can be checked
//! against the database without keeping the truth.

use super::rng::Rng;
use crate::calendar::{Division, WorkingCalendar, add_hours};
use crate::complaints::Procedure;
use crate::complaints::complaint::{Command, Complaint, SiteRef, decide};
use crate::complaints::receipt::ComplaintDraft;
use crate::complaints::response::Outcome;
use crate::complaints::triage::TriageInput;
use crate::complaints::withdrawal::{Withdraw, WithdrawalMethod};
use crate::nation::Nation;
use jiff::{SignedDuration, Timestamp};

const STREAM: u64 = 0xC0_4D_1A_17;

/// A site complaints arrive at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSite {
    pub id: i64,
    pub code: String,
    pub nation: Nation,
}

/// What the generator draws on: the procedure, sites and staff on file.
#[derive(Debug, Clone)]
pub struct ComplaintPlan {
    pub seed: u64,
    procedure: Procedure,
    sites: Vec<(ComplaintSite, WorkingCalendar)>,
    /// Site weights: a few large centres receive most complaints.
    weights: Vec<u32>,
    /// Clerks who receive, triage, log and allocate.
    clerks: Vec<i64>,
    /// Named investigators for parts.
    investigators: Vec<i64>,
    /// Persons who complain (record numbers), if any.
    persons: Vec<i64>,
    days: u32,
    now: Timestamp,
}

/// One generated complaint and the sequence its reference used, if logged.
#[derive(Debug, Clone)]
pub struct GeneratedComplaint {
    pub complaint: Complaint,
    pub site_index: usize,
    pub sequence: Option<u64>,
}

/// Annex A's categories as they arrive: most about service delivery.
const CATEGORIES: [(&str, u32); 6] = [
    ("service-delivery", 55),
    ("minor-misconduct", 20),
    ("serious-misconduct", 7),
    ("healthcare", 12),
    ("external-healthcare", 2),
    ("other-home-office", 4),
];

const ROUTES: [(&str, u32); 7] =
    [("complaint-box", 45), ("letter", 10), ("email", 15), ("online", 12), ("phone", 8), ("in-person", 7), ("reallocated", 3)];

const SUMMARIES: [&str; 8] = [
    "Meals were served cold on several days.",
    "My property did not arrive with me on transfer.",
    "An officer was rude when I asked about visits.",
    "I waited weeks for a doctor's appointment.",
    "My legal post was opened before it reached me.",
    "The gym and library were closed without notice.",
    "I was not told why my visit was cancelled.",
    "Staff would not give their names when asked.",
];

const LANGUAGES: [&str; 6] = ["Arabic", "Tigrinya", "Albanian", "Polish", "Vietnamese", "Farsi"];

impl ComplaintPlan {
    /// A plan over `sites` (at least one), `clerks` and `investigators`
    /// (at least one each) and `persons` (may be empty: then every complaint is anonymous).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        seed: u64,
        procedure: Procedure,
        sites: Vec<ComplaintSite>,
        clerks: Vec<i64>,
        investigators: Vec<i64>,
        persons: Vec<i64>,
        days: u32,
        now: Timestamp,
    ) -> Self {
        let weights = (0..sites.len()).map(|i| 100 / (i as u32 + 1) + 5).collect();
        let sites = sites
            .into_iter()
            .map(|s| {
                let cal = WorkingCalendar::new(Division::from(s.nation));
                (s, cal)
            })
            .collect();
        ComplaintPlan { seed, procedure, sites, weights, clerks, investigators, persons, days: days.max(1), now }
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn procedure(&self) -> &Procedure {
        &self.procedure
    }

    pub fn site(&self, index: usize) -> &ComplaintSite {
        &self.sites[index].0
    }

    pub fn calendar(&self, index: usize) -> &WorkingCalendar {
        &self.sites[index].1
    }

    fn site_index(&self, r: &mut Rng) -> usize {
        let total: u32 = self.weights.iter().sum();
        let mut at = r.below(total as usize) as u32;
        for (i, w) in self.weights.iter().enumerate() {
            if at < *w {
                return i;
            }
            at -= w;
        }
        0
    }

    /// Complaint `i`: the same every time for the same plan.
    /// `None` only if the procedure refuses even a plain anonymous complaint.
    pub fn complaint(&self, i: u64) -> Option<GeneratedComplaint> {
        let mut r = Rng::for_item(self.seed, STREAM, i);
        let site_index = self.site_index(&mut r);
        let (site, cal) = &self.sites[site_index];
        // Arrivals are spread evenly over the days, in office hours.
        let span = i64::from(self.days) * 86_400;
        let offset = (r.unit() * span as f64) as i64;
        let received_at = self.now - SignedDuration::from_secs(offset.max(3_600));
        let translation = r.chance(0.06);
        let confidential = r.chance(0.02);
        let anonymous = self.persons.is_empty() || r.chance(0.03);
        let route = *r.weighted(&ROUTES);
        let draft = ComplaintDraft {
            arrived_by: route.to_owned(),
            reallocated_from: if route == "reallocated" { "Home Office Immigration Enforcement".into() } else { String::new() },
            received_at: received_at.to_string(),
            site_id: site.id.to_string(),
            setting: if r.chance(0.9) { "removal-centre" } else { "holding-facility-or-escort" }.to_owned(),
            complainant_ids: if anonymous { Vec::new() } else { vec![r.pick(&self.persons).to_string()] },
            anonymous,
            language: if translation { (*r.pick(&LANGUAGES)).to_owned() } else { String::new() },
            translation_needed: translation,
            confidential,
            visible_to_roles: if confidential { vec!["compliance-officer".into(), "manager".into()] } else { Vec::new() },
            incident_date: crate::calendar::london_date(received_at - SignedDuration::from_hours(24 * (1 + r.below(20) as i64)))
                .to_string(),
            summary: (*r.pick(&SUMMARIES)).to_owned(),
            ..ComplaintDraft::default()
        };
        let clerk = *r.pick(&self.clerks);
        let Ok(receipt) = draft.validate(&self.procedure, received_at) else {
            // The draft is built to be valid; a procedure that refuses it
            // still gets a plain complaint.
            let plain =
                ComplaintDraft { anonymous: true, complainant_ids: Vec::new(), confidential: false, visible_to_roles: Vec::new(), ..draft };
            let receipt = plain.validate(&self.procedure, received_at).ok()?;
            let (complaint, _) = Complaint::receive(receipt, SiteRef { code: site.code.clone(), nation: site.nation }, clerk);
            return Some(GeneratedComplaint { complaint, site_index, sequence: None });
        };
        let (complaint, _) = Complaint::receive(receipt, SiteRef { code: site.code.clone(), nation: site.nation }, clerk);
        let mut walk = Walk { plan: self, cal, complaint, at: received_at, r, clerk, sequence: None, stopped: false };
        walk.journey(i);
        Some(GeneratedComplaint { complaint: walk.complaint, site_index, sequence: walk.sequence })
    }
}

/// One complaint on its way through the procedure.
struct Walk<'a> {
    plan: &'a ComplaintPlan,
    cal: &'a WorkingCalendar,
    complaint: Complaint,
    at: Timestamp,
    r: Rng,
    clerk: i64,
    sequence: Option<u64>,
    /// The journey reached `now` (or a withdrawal): nothing more happens.
    stopped: bool,
}

impl Walk<'_> {
    /// Waits `hours` (drawn by the caller), then tries `command`; a step
    /// that would fall after `now` ends the journey there.
    fn after(&mut self, hours: i64, command: Command) -> bool {
        if self.stopped {
            return false;
        }
        let at = add_hours(self.at, hours.max(0)) + SignedDuration::from_secs(self.r.below(3_600) as i64);
        if at > self.plan.now {
            self.stopped = true;
            return false;
        }
        match decide(&self.complaint, command, at, &self.plan.procedure, self.cal) {
            Ok((next, _)) => {
                self.complaint = next;
                self.at = at;
                true
            }
            Err(_) => false,
        }
    }

    /// A delay in hours: usually within the limit, sometimes late.
    fn delay(&mut self, usual_days: u32, late_share: f64) -> i64 {
        let days = if self.r.chance(late_share) {
            usual_days * 2 + 1 + self.r.below(usual_days as usize * 3 + 5) as u32
        } else {
            self.r.below(usual_days as usize + 1) as u32
        };
        i64::from(days) * 24 + self.r.below(8) as i64
    }

    fn journey(&mut self, i: u64) {
        let by = self.clerk;
        let withdraw_at = self.r.chance(0.04).then(|| self.r.below(12));
        let steps_taken = std::cell::Cell::new(0usize);
        let check_withdraw = |w: &mut Walk<'_>| -> bool {
            steps_taken.set(steps_taken.get() + 1);
            if withdraw_at == Some(steps_taken.get()) {
                let hours = w.delay(5, 0.0);
                let on = crate::calendar::london_date(add_hours(w.at, hours).min(w.plan.now));
                let method = if w.r.chance(0.5) { WithdrawalMethod::InWriting } else { WithdrawalMethod::Orally };
                w.after(hours, Command::Withdraw { by, withdrawal: Withdraw { on, method, representative: None, note: None } });
                w.stopped = true;
            }
            w.stopped
        };
        if self.complaint.receipt.translation_needed {
            let h = self.delay(3, 0.1);
            self.after(h, Command::RecordTranslation { by });
        }
        let category = (*self.r.weighted(&CATEGORIES)).to_owned();
        let h = self.delay(1, 0.08);
        self.after(h, Command::Triage { by, input: TriageInput { category: category.clone(), ..TriageInput::default() } });
        if check_withdraw(self) {
            return;
        }
        let h = self.delay(1, 0.05);
        self.after(h, Command::ForwardToHub { by });
        let sequence = i + 1;
        let h = self.delay(1, 0.05);
        if self.after(h, Command::Log { by, sequence }) {
            self.sequence = Some(sequence);
        }
        if check_withdraw(self) {
            return;
        }
        let parts = if self.r.chance(0.1) { 2 } else { 1 };
        for n in 0..parts {
            let cat = if n == 0 { category.clone() } else { (*self.r.weighted(&CATEGORIES)).to_owned() };
            let Some(body) = self.body_for(&cat) else { continue };
            let investigator = *self.r.pick(&self.plan.investigators);
            let h = if n == 0 { self.delay(1, 0.06) } else { self.delay(0, 0.0) };
            let category = (n > 0).then_some(cat);
            self.after(h, Command::Allocate { by, category, subcategory: None, body, investigator });
        }
        for part in 1..=self.complaint.parts.len() as u32 {
            let investigator = self.complaint.part(part).map_or(by, |p| p.investigator);
            let h = self.delay(2, 0.06);
            self.after(h, Command::SendForInvestigation { by, part });
            let h = self.delay(2, 0.08);
            self.after(h, Command::Acknowledge { by: investigator, part });
            if check_withdraw(self) {
                return;
            }
            if self.r.chance(0.05) {
                let h = self.delay(10, 0.0);
                let new_date = crate::calendar::london_date(add_hours(self.at, 24 * 45));
                let reason = "Witnesses are on leave".to_owned();
                self.after(h, Command::RequestExtension { by: investigator, part, reason, new_date });
                let h = self.delay(1, 0.0);
                let agree = self.r.chance(0.8);
                self.after(h, Command::DecideExtension { by, part, agree, note: "Agreed by the unit".into() });
            }
            let h = self.delay(18, 0.1);
            self.after(h, Command::DraftResponse { by: investigator, part });
            let h = self.delay(2, 0.05);
            self.after(h, Command::ApproveResponse { by, part });
            let h = self.delay(1, 0.03);
            self.after(h, Command::SendResponse { by: investigator, part });
            let outcome = *self.r.pick(&Outcome::ALL);
            let h = self.delay(2, 0.05);
            self.after(h, Command::RecordOutcome { by, part, outcome });
            let h = self.delay(1, 0.0);
            self.after(h, Command::ClosePart { by, part });
            if check_withdraw(self) {
                return;
            }
        }
        let h = self.delay(1, 0.0);
        self.after(h, Command::Close { by });
    }

    /// A body that may investigate `category` in the complaint's setting.
    fn body_for(&mut self, category: &str) -> Option<String> {
        let setting = self.complaint.receipt.setting;
        let c = self.plan.procedure.category(category)?;
        let bodies: Vec<&String> = c
            .investigators
            .iter()
            .filter(|inv| inv.setting.is_none() || inv.setting == setting)
            .flat_map(|inv| inv.bodies.iter())
            .collect();
        if bodies.is_empty() {
            return None;
        }
        Some(self.r.pick(&bodies).to_string())
    }
}

#[cfg(test)]
#[path = "complaints_tests.rs"]
pub(crate) mod tests;
