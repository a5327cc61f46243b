//! Escalation after the response: the complainant, still dissatisfied,
//! takes the complaint to an independent body (seed 002 paras 37–39, 48;
//! domain reference A3). Casebook records which body, when, their
//! reference, their outcome and any recommendations, so the unit can see
//! what happened to its answers and feed recommendations into lessons
//! learned. The body decides; we only refuse records that cannot be true
//! (an outcome before an escalation, dates before the response).

use crate::calendar::london_date;
use crate::validation::required_text;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 2_000;
const REFERENCE_MAX: usize = 64;

/// The independent bodies a complaint may be escalated to (seed 002 paras
/// 37–39; domain reference A3 [C8]). Which one is right depends on the
/// category and the nation; the procedure preset says so, not this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ombudsman {
    IndependentExaminerOfComplaints,
    PrisonsAndProbationOmbudsman,
    /// The Parliamentary and Health Service Ombudsman takes complaints about
    /// government departments only when an MP refers them (para 39, [C6]).
    PhsoViaMp,
    ScottishPublicServicesOmbudsman,
    NorthernIrelandPublicServicesOmbudsman,
}

impl Ombudsman {
    pub const ALL: [Ombudsman; 5] = [
        Ombudsman::IndependentExaminerOfComplaints,
        Ombudsman::PrisonsAndProbationOmbudsman,
        Ombudsman::PhsoViaMp,
        Ombudsman::ScottishPublicServicesOmbudsman,
        Ombudsman::NorthernIrelandPublicServicesOmbudsman,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Ombudsman::IndependentExaminerOfComplaints => "independent-examiner-of-complaints",
            Ombudsman::PrisonsAndProbationOmbudsman => "prisons-and-probation-ombudsman",
            Ombudsman::PhsoViaMp => "phso-via-mp",
            Ombudsman::ScottishPublicServicesOmbudsman => "scottish-public-services-ombudsman",
            Ombudsman::NorthernIrelandPublicServicesOmbudsman => "northern-ireland-public-services-ombudsman",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ombudsman::IndependentExaminerOfComplaints => "Independent Examiner of Complaints",
            Ombudsman::PrisonsAndProbationOmbudsman => "Prisons and Probation Ombudsman",
            Ombudsman::PhsoViaMp => "Parliamentary and Health Service Ombudsman (via an MP)",
            Ombudsman::ScottishPublicServicesOmbudsman => "Scottish Public Services Ombudsman",
            Ombudsman::NorthernIrelandPublicServicesOmbudsman => "Northern Ireland Public Services Ombudsman",
        }
    }

    /// How long after the response the complainant has to escalate, where
    /// the procedure says: the PPO wording gives three months (para 48).
    /// Casebook only notes a late escalation; the body decides whether to
    /// take it.
    pub fn time_limit_months(self) -> Option<i32> {
        match self {
            Ombudsman::PrisonsAndProbationOmbudsman => Some(3),
            _ => None,
        }
    }
}

crate::slug::slug_enum_traits!(Ombudsman, UnknownOmbudsman, "ombudsman");

/// What the body decided, in its own terms (not the unit's three outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OmbudsmanOutcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
    DeclinedToInvestigate,
    /// The complainant withdrew the escalation.
    Withdrawn,
}

impl OmbudsmanOutcome {
    pub const ALL: [OmbudsmanOutcome; 5] = [
        OmbudsmanOutcome::Upheld,
        OmbudsmanOutcome::PartlyUpheld,
        OmbudsmanOutcome::NotUpheld,
        OmbudsmanOutcome::DeclinedToInvestigate,
        OmbudsmanOutcome::Withdrawn,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            OmbudsmanOutcome::Upheld => "upheld",
            OmbudsmanOutcome::PartlyUpheld => "partly-upheld",
            OmbudsmanOutcome::NotUpheld => "not-upheld",
            OmbudsmanOutcome::DeclinedToInvestigate => "declined-to-investigate",
            OmbudsmanOutcome::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OmbudsmanOutcome::Upheld => "Upheld",
            OmbudsmanOutcome::PartlyUpheld => "Partly upheld",
            OmbudsmanOutcome::NotUpheld => "Not upheld",
            OmbudsmanOutcome::DeclinedToInvestigate => "Declined to investigate",
            OmbudsmanOutcome::Withdrawn => "Withdrawn",
        }
    }

    /// Only an investigation produces recommendations: a body that declined
    /// or a complainant who withdrew leaves none.
    pub fn was_investigated(self) -> bool {
        !matches!(self, OmbudsmanOutcome::DeclinedToInvestigate | OmbudsmanOutcome::Withdrawn)
    }
}

crate::slug::slug_enum_traits!(OmbudsmanOutcome, UnknownOmbudsmanOutcome, "ombudsman outcome");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: OmbudsmanOutcome,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub text: String,
    pub on: Date,
}

/// One escalation of one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub body: Ombudsman,
    pub escalated_on: Date,
    /// The MP who referred it, for the PHSO route only.
    pub mp: Option<String>,
    /// The body's own reference, often known only later.
    pub reference: Option<String>,
    /// Escalated after the body's time limit (a note, not a refusal).
    pub late: bool,
    pub decision: Option<Decision>,
    pub recommendations: Vec<Recommendation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum EscalationState {
    NotEscalated,
    Escalated(Escalation),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum EscalationCommand {
    Escalate { body: Ombudsman, on: Date, mp: Option<String>, reference: Option<String> },
    RecordReference { reference: String },
    RecordOutcome { outcome: OmbudsmanOutcome, on: Date },
    RecordRecommendation { text: String, on: Date },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EscalationEvent {
    Escalated { body: Ombudsman, on: Date, late: bool },
    ReferenceRecorded { reference: String },
    OutcomeRecorded { outcome: OmbudsmanOutcome, on: Date },
    RecommendationRecorded { on: Date },
}

impl EscalationEvent {
    /// The audit action, e.g. `complaint.escalated`.
    pub fn action(&self) -> &'static str {
        match self {
            EscalationEvent::Escalated { .. } => "complaint.escalated",
            EscalationEvent::ReferenceRecorded { .. } => "complaint.escalation_reference_recorded",
            EscalationEvent::OutcomeRecorded { .. } => "complaint.escalation_outcome_recorded",
            EscalationEvent::RecommendationRecorded { .. } => "complaint.escalation_recommendation_recorded",
        }
    }
}

/// Why a command was refused; nothing changes when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscalationError {
    #[error("The complaint has not been responded to, so it cannot be escalated yet")]
    NotResponded,
    #[error("The complaint has already been escalated to the {}", .0.label())]
    AlreadyEscalated(Ombudsman),
    #[error("The complaint has not been escalated, so there is nothing to record against an ombudsman")]
    NotEscalated,
    #[error("The ombudsman's outcome has already been recorded")]
    OutcomeAlreadyRecorded,
    #[error("Record the ombudsman's outcome before its recommendations")]
    NoOutcomeYet,
    #[error("The outcome was \"{}\", so there are no recommendations to record", .0.label())]
    NotInvestigated(OmbudsmanOutcome),
    #[error("The date, {date}, is before {before} on {earliest}")]
    TooEarly { field: &'static str, date: Date, before: &'static str, earliest: Date },
    #[error("The date, {date}, is in the future")]
    InFuture { field: &'static str, date: Date },
    #[error("Enter the name of the MP who referred the complaint to the Parliamentary and Health Service Ombudsman")]
    MpRequired,
    #[error("Only escalations to the Parliamentary and Health Service Ombudsman go through an MP")]
    MpNotExpected,
    #[error("{message}")]
    Text { field: &'static str, message: String },
}

impl EscalationError {
    /// The form field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            EscalationError::TooEarly { field, .. } | EscalationError::InFuture { field, .. } | EscalationError::Text { field, .. } => {
                field
            }
            EscalationError::MpRequired | EscalationError::MpNotExpected => "mp",
            EscalationError::NotInvestigated(_) | EscalationError::NoOutcomeYet => "recommendation",
            EscalationError::NotResponded
            | EscalationError::AlreadyEscalated(_)
            | EscalationError::NotEscalated
            | EscalationError::OutcomeAlreadyRecorded => "escalation",
        }
    }
}

/// Applies a command to a complaint's escalation. `responded_on` is the
/// complaint's response date (`None` if not yet responded); `now` is read
/// at the edge and gives today's London date.
pub fn decide(
    state: &EscalationState,
    command: EscalationCommand,
    responded_on: Option<Date>,
    now: Timestamp,
) -> Result<(EscalationState, EscalationEvent), EscalationError> {
    let today = london_date(now);
    match (state, command) {
        (EscalationState::Escalated(e), EscalationCommand::Escalate { .. }) => Err(EscalationError::AlreadyEscalated(e.body)),
        (EscalationState::NotEscalated, EscalationCommand::Escalate { body, on, mp, reference }) => {
            let responded = responded_on.ok_or(EscalationError::NotResponded)?;
            check_date("on", on, today, "the response", responded)?;
            let mp = match (body, mp) {
                (Ombudsman::PhsoViaMp, Some(name)) => Some(text("mp", &name, "the MP's name", TEXT_MAX)?),
                (Ombudsman::PhsoViaMp, None) => return Err(EscalationError::MpRequired),
                (_, Some(name)) if !name.trim().is_empty() => return Err(EscalationError::MpNotExpected),
                (_, _) => None,
            };
            let reference =
                reference.filter(|r| !r.trim().is_empty()).map(|r| text("reference", &r, "their reference", REFERENCE_MAX)).transpose()?;
            let late = body.time_limit_months().and_then(|m| responded.checked_add(m.months()).ok()).is_some_and(|limit| on > limit);
            let escalation = Escalation { body, escalated_on: on, mp, reference, late, decision: None, recommendations: Vec::new() };
            Ok((EscalationState::Escalated(escalation), EscalationEvent::Escalated { body, on, late }))
        }
        (EscalationState::NotEscalated, _) => Err(EscalationError::NotEscalated),
        (EscalationState::Escalated(e), EscalationCommand::RecordReference { reference }) => {
            let reference = text("reference", &reference, "their reference", REFERENCE_MAX)?;
            let next = Escalation { reference: Some(reference.clone()), ..e.clone() };
            Ok((EscalationState::Escalated(next), EscalationEvent::ReferenceRecorded { reference }))
        }
        (EscalationState::Escalated(e), EscalationCommand::RecordOutcome { outcome, on }) => {
            if e.decision.is_some() {
                return Err(EscalationError::OutcomeAlreadyRecorded);
            }
            check_date("on", on, today, "the escalation", e.escalated_on)?;
            let next = Escalation { decision: Some(Decision { outcome, on }), ..e.clone() };
            Ok((EscalationState::Escalated(next), EscalationEvent::OutcomeRecorded { outcome, on }))
        }
        (EscalationState::Escalated(e), EscalationCommand::RecordRecommendation { text: words, on }) => {
            let decision = e.decision.as_ref().ok_or(EscalationError::NoOutcomeYet)?;
            if !decision.outcome.was_investigated() {
                return Err(EscalationError::NotInvestigated(decision.outcome));
            }
            check_date("on", on, today, "the outcome", decision.on)?;
            let words = text("recommendation", &words, "the recommendation", TEXT_MAX)?;
            let mut next = e.clone();
            next.recommendations.push(Recommendation { text: words, on });
            Ok((EscalationState::Escalated(next), EscalationEvent::RecommendationRecorded { on }))
        }
    }
}

fn check_date(field: &'static str, date: Date, today: Date, before: &'static str, earliest: Date) -> Result<(), EscalationError> {
    if date < earliest {
        return Err(EscalationError::TooEarly { field, date, before, earliest });
    }
    if date > today {
        return Err(EscalationError::InFuture { field, date });
    }
    Ok(())
}

fn text(field: &'static str, raw: &str, what: &str, max: usize) -> Result<String, EscalationError> {
    required_text(raw, what, max).map_err(|message| EscalationError::Text { field, message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    const RESPONDED: Date = date(2026, 8, 3);

    fn escalate(body: Ombudsman, on: Date) -> EscalationCommand {
        EscalationCommand::Escalate { body, on, mp: None, reference: None }
    }

    fn escalated() -> EscalationState {
        decide(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 9, 1)), Some(RESPONDED), now())
            .unwrap()
            .0
    }

    fn run(state: &EscalationState, command: EscalationCommand) -> Result<(EscalationState, EscalationEvent), EscalationError> {
        decide(state, command, Some(RESPONDED), now())
    }

    fn decided(outcome: OmbudsmanOutcome) -> EscalationState {
        run(&escalated(), EscalationCommand::RecordOutcome { outcome, on: date(2026, 11, 2) }).unwrap().0
    }

    #[test]
    fn bodies_and_outcomes_round_trip_their_slugs_and_serde() {
        for b in Ombudsman::ALL {
            assert_eq!(b.slug().parse::<Ombudsman>(), Ok(b));
            assert_eq!(serde_json::to_string(&b).unwrap(), format!("\"{}\"", b.slug()));
            assert!(!b.label().is_empty());
        }
        for o in OmbudsmanOutcome::ALL {
            assert_eq!(o.slug().parse::<OmbudsmanOutcome>(), Ok(o));
            assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{}\"", o.slug()));
        }
    }

    #[test]
    fn escalation_needs_a_response_first() {
        let cmd = escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 9, 1));
        assert_eq!(decide(&EscalationState::NotEscalated, cmd, None, now()), Err(EscalationError::NotResponded));
    }

    #[test]
    fn escalation_is_recorded_with_its_reference() {
        let cmd = EscalationCommand::Escalate {
            body: Ombudsman::IndependentExaminerOfComplaints,
            on: date(2026, 9, 1),
            mp: None,
            reference: Some(" IEC/2026/0412 ".into()),
        };
        let (state, event) = run(&EscalationState::NotEscalated, cmd).unwrap();
        let EscalationState::Escalated(e) = state else { panic!("not escalated") };
        assert_eq!(e.reference.as_deref(), Some("IEC/2026/0412"));
        assert_eq!(
            event,
            EscalationEvent::Escalated { body: Ombudsman::IndependentExaminerOfComplaints, on: date(2026, 9, 1), late: false }
        );
        assert_eq!(event.action(), "complaint.escalated");
    }

    #[test]
    fn escalation_dates_must_fall_between_the_response_and_today() {
        let before = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 8, 2)));
        assert!(matches!(before, Err(EscalationError::TooEarly { field: "on", .. })));
        assert!(before.unwrap_err().to_string().contains("before the response on 2026-08-03"));
        let future = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 24)));
        assert_eq!(future, Err(EscalationError::InFuture { field: "on", date: date(2026, 11, 24) }));
        // The response day itself is fine.
        assert!(run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, RESPONDED)).is_ok());
    }

    #[test]
    fn escalating_twice_is_refused() {
        let again = run(&escalated(), escalate(Ombudsman::IndependentExaminerOfComplaints, date(2026, 9, 2)));
        assert_eq!(again, Err(EscalationError::AlreadyEscalated(Ombudsman::PrisonsAndProbationOmbudsman)));
        assert_eq!(again.unwrap_err().field(), "escalation");
    }

    #[test]
    fn the_phso_route_needs_the_mp_and_no_other_route_takes_one() {
        let phso = |mp: Option<&str>| EscalationCommand::Escalate {
            body: Ombudsman::PhsoViaMp,
            on: date(2026, 9, 1),
            mp: mp.map(str::to_owned),
            reference: None,
        };
        assert_eq!(run(&EscalationState::NotEscalated, phso(None)), Err(EscalationError::MpRequired));
        assert!(matches!(run(&EscalationState::NotEscalated, phso(Some("  "))), Err(EscalationError::Text { field: "mp", .. })));
        let (EscalationState::Escalated(e), _) = run(&EscalationState::NotEscalated, phso(Some("Jane Doe MP"))).unwrap() else {
            panic!("not escalated")
        };
        assert_eq!(e.mp.as_deref(), Some("Jane Doe MP"));
        let ppo = EscalationCommand::Escalate {
            body: Ombudsman::PrisonsAndProbationOmbudsman,
            on: date(2026, 9, 1),
            mp: Some("Jane Doe MP".into()),
            reference: None,
        };
        assert_eq!(run(&EscalationState::NotEscalated, ppo), Err(EscalationError::MpNotExpected));
    }

    #[test]
    fn a_ppo_escalation_after_three_months_is_noted_as_late_not_refused() {
        let on_limit = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 3))).unwrap();
        assert!(matches!(on_limit.1, EscalationEvent::Escalated { late: false, .. }));
        let late = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 4))).unwrap();
        assert!(matches!(late.1, EscalationEvent::Escalated { late: true, .. }));
        // Bodies without a limit in the procedure are never late.
        let iec = run(&EscalationState::NotEscalated, escalate(Ombudsman::IndependentExaminerOfComplaints, date(2026, 11, 20))).unwrap();
        assert!(matches!(iec.1, EscalationEvent::Escalated { late: false, .. }));
    }

    #[test]
    fn nothing_can_be_recorded_before_an_escalation() {
        for cmd in [
            EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 2) },
            EscalationCommand::RecordReference { reference: "PPO-1".into() },
            EscalationCommand::RecordRecommendation { text: "Train staff".into(), on: date(2026, 11, 2) },
        ] {
            assert_eq!(run(&EscalationState::NotEscalated, cmd), Err(EscalationError::NotEscalated));
        }
    }

    #[test]
    fn the_outcome_is_dated_on_or_after_the_escalation_and_recorded_once() {
        let early = run(&escalated(), EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::NotUpheld, on: date(2026, 8, 31) });
        assert!(matches!(early, Err(EscalationError::TooEarly { before: "the escalation", .. })));
        let future = run(&escalated(), EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::NotUpheld, on: date(2027, 1, 1) });
        assert!(matches!(future, Err(EscalationError::InFuture { .. })));
        let state = decided(OmbudsmanOutcome::PartlyUpheld);
        let EscalationState::Escalated(e) = &state else { panic!("not escalated") };
        assert_eq!(e.decision, Some(Decision { outcome: OmbudsmanOutcome::PartlyUpheld, on: date(2026, 11, 2) }));
        let again = run(&state, EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 3) });
        assert_eq!(again, Err(EscalationError::OutcomeAlreadyRecorded));
    }

    #[test]
    fn the_reference_may_come_later_but_not_blank() {
        let (state, event) = run(&escalated(), EscalationCommand::RecordReference { reference: "PPO/12345".into() }).unwrap();
        let EscalationState::Escalated(e) = state else { panic!("not escalated") };
        assert_eq!(e.reference.as_deref(), Some("PPO/12345"));
        assert_eq!(event.action(), "complaint.escalation_reference_recorded");
        let blank = run(&escalated(), EscalationCommand::RecordReference { reference: " ".into() });
        assert!(matches!(blank, Err(EscalationError::Text { field: "reference", .. })));
    }

    #[test]
    fn recommendations_follow_an_investigated_outcome() {
        let rec = |on: Date| EscalationCommand::RecordRecommendation { text: "Review property handling on transfer".into(), on };
        assert_eq!(run(&escalated(), rec(date(2026, 11, 2))), Err(EscalationError::NoOutcomeYet));
        for outcome in [OmbudsmanOutcome::DeclinedToInvestigate, OmbudsmanOutcome::Withdrawn] {
            assert_eq!(run(&decided(outcome), rec(date(2026, 11, 2))), Err(EscalationError::NotInvestigated(outcome)));
        }
        let state = decided(OmbudsmanOutcome::Upheld);
        assert!(matches!(run(&state, rec(date(2026, 11, 1))), Err(EscalationError::TooEarly { before: "the outcome", .. })));
        let (state, _) = run(&state, rec(date(2026, 11, 2))).unwrap();
        let (state, event) = run(&state, rec(date(2026, 11, 3))).unwrap();
        let EscalationState::Escalated(e) = state else { panic!("not escalated") };
        assert_eq!(e.recommendations.len(), 2);
        assert_eq!(event, EscalationEvent::RecommendationRecorded { on: date(2026, 11, 3) });
    }

    fn any_command() -> impl Strategy<Value = EscalationCommand> {
        let day = (0i64..200).prop_map(|n| date(2026, 7, 1).checked_add(n.days()).unwrap());
        let body = prop::sample::select(Ombudsman::ALL.to_vec());
        let outcome = prop::sample::select(OmbudsmanOutcome::ALL.to_vec());
        prop_oneof![
            (body, day.clone(), any::<bool>()).prop_map(|(body, on, mp)| EscalationCommand::Escalate {
                body,
                on,
                mp: mp.then(|| "A. Member MP".to_owned()),
                reference: None
            }),
            "[A-Z0-9/ ]{0,8}".prop_map(|reference| EscalationCommand::RecordReference { reference }),
            (outcome, day.clone()).prop_map(|(outcome, on)| EscalationCommand::RecordOutcome { outcome, on }),
            day.prop_map(|on| EscalationCommand::RecordRecommendation { text: "Do better".into(), on }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the commands, an accepted record is always consistent:
        /// escalated on or after the response, decided on or after the
        /// escalation, recommendations only after an investigated outcome.
        #[test]
        fn no_sequence_of_commands_reaches_an_inconsistent_record(commands in prop::collection::vec(any_command(), 0..12)) {
            let mut state = EscalationState::NotEscalated;
            for command in commands {
                if let Ok((next, _)) = run(&state, command) {
                    state = next;
                }
            }
            if let EscalationState::Escalated(e) = &state {
                prop_assert!(e.escalated_on >= RESPONDED && e.escalated_on <= london_date(now()));
                prop_assert_eq!(e.mp.is_some(), e.body == Ombudsman::PhsoViaMp);
                match &e.decision {
                    Some(d) => {
                        prop_assert!(d.on >= e.escalated_on);
                        prop_assert!(e.recommendations.is_empty() || d.outcome.was_investigated());
                        prop_assert!(e.recommendations.iter().all(|r| r.on >= d.on));
                    }
                    None => prop_assert!(e.recommendations.is_empty()),
                }
            }
        }
    }
}
