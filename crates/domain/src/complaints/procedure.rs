//! A complaints procedure as data: the categories an office sorts complaints
//! into, who investigates each, the time limits and what starts, pauses and
//! stops their clocks, where a complainant escalates to in each nation, and
//! the matters that are redirected, escalated at once or referred.
//!
//! The code here is the mechanism; the presets hold the numbers, so an
//! office can change "20 working days" without a release. Lookups are pure
//! so the workflow and the deadline engine ask the procedure, never a
//! hard-coded table.

use super::reference::ReferenceFormat;
use crate::deadlines::Period;
use crate::nation::Nation;
use serde::{Deserialize, Serialize};

/// A whole procedure, e.g. the detention complaints order or a two-stage
/// procedure. Keys are kebab-case and unique within their list; other parts
/// refer to bodies, categories and limits by key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub key: String,
    pub name: String,
    /// Where the rules come from, shown to the administrator beside them.
    pub source: String,
    pub reference_format: ReferenceFormat,
    pub in_time: InTimeRule,
    /// Every team, unit or organisation the procedure sends work to.
    pub bodies: Vec<Body>,
    pub categories: Vec<Category>,
    pub subcategories: Vec<Subcategory>,
    pub limits: Vec<TimeLimit>,
    pub out_of_scope: Vec<OutOfScope>,
    pub urgent: Vec<UrgentMatter>,
    pub referrals: Vec<ReferralTrigger>,
}

/// What kind of organisation a body is, so the workflow can tell a
/// professional standards referral from an allocation to a supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// The contractor running a site (e.g. a removal centre's supplier).
    SiteSupplier,
    EscortSupplier,
    /// An in-house team, e.g. the Home Office team at a site.
    InHouseTeam,
    ComplaintsUnit,
    ProfessionalStandards,
    Healthcare,
    Police,
    Legal,
    /// A named senior post, e.g. the duty director.
    SeniorManager,
    /// An organisation outside the office's responsibility.
    OtherOrganisation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub key: String,
    pub label: String,
    pub kind: BodyKind,
}

/// Where a complaint arose, when the investigator depends on it (the
/// detention order sends holding-facility and escort complaints to the
/// escort supplier, removal-centre ones to the centre's supplier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    RemovalCentre,
    HoldingFacilityOrEscort,
}

impl Setting {
    pub const ALL: [Setting; 2] = [Setting::RemovalCentre, Setting::HoldingFacilityOrEscort];

    pub fn slug(self) -> &'static str {
        match self {
            Setting::RemovalCentre => "removal-centre",
            Setting::HoldingFacilityOrEscort => "holding-facility-or-escort",
        }
    }
}

crate::slug::slug_enum_traits!(Setting, UnknownSetting, "setting");

/// Who investigates a category: in `setting` (or anywhere when `None`),
/// these bodies jointly; the first one writes the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Investigator {
    pub setting: Option<Setting>,
    pub bodies: Vec<String>,
}

/// Whether a complaint received after the in-time limit may still be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutOfTimeHandling {
    /// The unit decides case by case and records a reason.
    Discretion,
    /// Always taken, however late (e.g. serious misconduct always goes to
    /// professional standards).
    AlwaysConsidered,
    /// The in-time rule does not apply (another procedure's rules do).
    NotChecked,
}

/// How much the unit keeps about a complaint in this category and nation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKeeping {
    /// The whole complaint, its workflow and outcome.
    Full,
    /// Only the complainant's name and the date it was passed on.
    NameAndDatePassedOn,
    /// The complainant's details, the date passed on, then the response
    /// date and outcome; not the complaint itself.
    DetailsDateAndOutcome,
}

/// The letters a category needs; the correspondence module owns their wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LetterKind {
    Acknowledgement,
    Interim,
    /// A progress update while a long investigation runs.
    Update,
    Response,
    OutOfTime,
    Redirect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ombudsman {
    PrisonsAndProbationOmbudsman,
    IndependentExaminerOfComplaints,
    ParliamentaryAndHealthServiceOmbudsman,
    ScottishPublicServicesOmbudsman,
    NorthernIrelandPublicServicesOmbudsman,
    PublicServicesOmbudsmanForWales,
}

impl Ombudsman {
    pub fn label(self) -> &'static str {
        match self {
            Ombudsman::PrisonsAndProbationOmbudsman => "Prisons and Probation Ombudsman",
            Ombudsman::IndependentExaminerOfComplaints => "Independent Examiner of Complaints",
            Ombudsman::ParliamentaryAndHealthServiceOmbudsman => "Parliamentary and Health Service Ombudsman",
            Ombudsman::ScottishPublicServicesOmbudsman => "Scottish Public Services Ombudsman",
            Ombudsman::NorthernIrelandPublicServicesOmbudsman => "Northern Ireland Public Services Ombudsman",
            Ombudsman::PublicServicesOmbudsmanForWales => "Public Services Ombudsman for Wales",
        }
    }
}

/// How the complainant reaches the ombudsman.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    Direct,
    /// Only through a Member of Parliament (PHSO for government departments).
    MemberOfParliament,
    /// The complaints unit passes the complaint on for them.
    ComplaintsUnit,
}

/// One step of escalation after the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationStep {
    pub ombudsman: Ombudsman,
    pub via: Via,
    /// Months from the response the complainant has to escalate, when the
    /// procedure states one.
    pub within_months: Option<u32>,
    /// The paragraph the response letter must carry.
    pub wording: String,
}

/// What happens after the response for one category in one nation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub nation: Nation,
    pub records: RecordKeeping,
    pub escalation: Vec<EscalationStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub key: String,
    pub label: String,
    pub description: String,
    pub investigators: Vec<Investigator>,
    /// Keys of the time limits that run on complaints in this category.
    pub limits: Vec<String>,
    /// One per nation.
    pub routes: Vec<Route>,
    pub letters: Vec<LetterKind>,
    pub out_of_time: OutOfTimeHandling,
    /// The complaint counts as received when its translation arrives, not
    /// when it did (healthcare under the detention order, para 45).
    pub received_when_translated: bool,
}

/// A kind of complaint within a category, in the procedure's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subcategory {
    pub key: String,
    pub category: String,
    pub label: String,
    /// A referral this kind of complaint usually needs (e.g. criminal
    /// assault and the police), offered to the clerk, not made for them.
    pub suggests_referral: Option<String>,
}

/// The named steps of a complaint's life that start, pause and stop clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Milestone {
    BoxEmptied,
    Scanned,
    Received,
    Translated,
    ForwardedToHub,
    Logged,
    Allocated,
    SentForInvestigation,
    Acknowledged,
    EvidenceRequested,
    ConsentRequested,
    ConsentReceived,
    UpdateSent,
    InterimResponseSent,
    MovedToStageTwo,
    ResponseSent,
    OutcomeRecorded,
    Withdrawn,
}

impl Milestone {
    pub const ALL: [Milestone; 18] = [
        Milestone::BoxEmptied,
        Milestone::Scanned,
        Milestone::Received,
        Milestone::Translated,
        Milestone::ForwardedToHub,
        Milestone::Logged,
        Milestone::Allocated,
        Milestone::SentForInvestigation,
        Milestone::Acknowledged,
        Milestone::EvidenceRequested,
        Milestone::ConsentRequested,
        Milestone::ConsentReceived,
        Milestone::UpdateSent,
        Milestone::InterimResponseSent,
        Milestone::MovedToStageTwo,
        Milestone::ResponseSent,
        Milestone::OutcomeRecorded,
        Milestone::Withdrawn,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Milestone::BoxEmptied => "box-emptied",
            Milestone::Scanned => "scanned",
            Milestone::Received => "received",
            Milestone::Translated => "translated",
            Milestone::ForwardedToHub => "forwarded-to-hub",
            Milestone::Logged => "logged",
            Milestone::Allocated => "allocated",
            Milestone::SentForInvestigation => "sent-for-investigation",
            Milestone::Acknowledged => "acknowledged",
            Milestone::EvidenceRequested => "evidence-requested",
            Milestone::ConsentRequested => "consent-requested",
            Milestone::ConsentReceived => "consent-received",
            Milestone::UpdateSent => "update-sent",
            Milestone::InterimResponseSent => "interim-response-sent",
            Milestone::MovedToStageTwo => "moved-to-stage-two",
            Milestone::ResponseSent => "response-sent",
            Milestone::OutcomeRecorded => "outcome-recorded",
            Milestone::Withdrawn => "withdrawn",
        }
    }
}

crate::slug::slug_enum_traits!(Milestone, UnknownMilestone, "milestone");

/// What starts a clock: a milestone, or another limit falling due (the
/// four-weekly updates start when the twelve weeks run out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ClockStart {
    Milestone { milestone: Milestone },
    WhenDue { limit: String },
}

/// A clock stands still from `from` until `until` (e.g. while waiting for a
/// third party's consent), then runs on with the time it had left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: Milestone,
    pub until: Milestone,
}

/// When a limit applies at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applies {
    Always,
    OnlyWhenTranslationNeeded,
}

/// One time limit. Milestones count only after the clock has started, so
/// one milestone (e.g. acknowledged) can stop the stage 1 and, later, the
/// stage 2 clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimit {
    pub key: String,
    pub label: String,
    pub period: Period,
    /// Replaces `period` when the complaint needs translating.
    pub translated_period: Option<Period>,
    pub applies: Applies,
    pub starts: ClockStart,
    pub pauses: Vec<Pause>,
    /// Any of these stops the clock for good.
    pub stops: Vec<Milestone>,
    /// Each time this happens the clock starts again with the full period
    /// ("an update at least every four weeks").
    pub repeats_on: Option<Milestone>,
    /// The paragraph the number comes from, shown beside it.
    pub basis: String,
}

/// The rule that a complaint must come within so many months of the
/// incident. Months are calendar months, so it is not a [`Period`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InTimeRule {
    pub key: String,
    pub label: String,
    pub months: u32,
    pub basis: String,
}

/// A matter the procedure does not handle, and where it goes instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfScope {
    pub key: String,
    pub label: String,
    pub redirect_to: String,
    /// What the redirect notice tells the complainant.
    pub notice: String,
    /// Categories still handled here even when raised this way (an MP's
    /// letter alleging serious misconduct still goes to professional
    /// standards).
    pub still_handled_as: Vec<String>,
}

/// A matter escalated at once to someone who can act now; the time of
/// escalation is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrgentMatter {
    pub key: String,
    pub label: String,
    pub escalate_to: String,
}

/// Something in a complaint that must be referred elsewhere as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralTrigger {
    pub key: String,
    pub label: String,
    pub refer_to: String,
    /// The reference to record, e.g. "Crime reference number".
    pub reference_label: Option<String>,
    /// Referred whatever the complainant wants (a crime is reported even if
    /// the detainee does not want it reported).
    pub even_if_complainant_objects: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_round_trip_as_slugs_and_json() {
        for m in Milestone::ALL {
            assert_eq!(m.slug().parse::<Milestone>(), Ok(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.slug()));
        }
        assert!("closed".parse::<Milestone>().is_err());
    }

    #[test]
    fn settings_round_trip_as_slugs() {
        for setting in Setting::ALL {
            assert_eq!(setting.slug().parse::<Setting>(), Ok(setting));
        }
    }
}
