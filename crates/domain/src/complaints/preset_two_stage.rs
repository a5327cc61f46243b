//! A generic two-stage procedure after the UK complaint standards (domain
//! reference A3): stage 1 early resolution, stage 2 investigation. It
//! exists to prove the mechanism is general. Its numbers are this preset's
//! own, taken from the ombudsman model procedures where those give one
//! (stage 1 within 5 working days; stage 2 acknowledged within 3 and
//! answered within 20 working days; a 12-month in-time rule with
//! discretion); the rest (acknowledging stage 1 within 3 working days, the
//! pause while a third party's consent is awaited) are choices an office
//! should check against its own procedure.

use super::procedure::{
    Applies, Body, BodyKind, Category, ClockStart, EscalationStep, InTimeRule, Investigator, LetterKind, Milestone, Ombudsman, OutOfScope,
    OutOfTimeHandling, Pause, Procedure, RecordKeeping, ReferralTrigger, Route, Subcategory, TimeLimit, UrgentMatter, Via,
};
use super::reference::ReferenceFormat;
use crate::deadlines::Period;
use crate::nation::Nation;

pub const KEY: &str = "two-stage";

fn s(text: &str) -> String {
    text.to_owned()
}

fn limit(key: &str, label: &str, period: Period, starts: Milestone, stops: &[Milestone], basis: &str) -> TimeLimit {
    TimeLimit {
        key: s(key),
        label: s(label),
        period,
        translated_period: None,
        applies: Applies::Always,
        starts: ClockStart::Milestone { milestone: starts },
        pauses: vec![],
        stops: stops.to_vec(),
        repeats_on: None,
        basis: s(basis),
    }
}

fn limits() -> Vec<TimeLimit> {
    use Milestone::*;
    // This preset's choice: the stage 2 clock stands still while a third
    // party's consent is awaited, as no investigation can start without it.
    let mut stage_2_respond = limit(
        "stage-2-respond",
        "Stage 2: respond after investigation",
        Period::working_days(20),
        MovedToStageTwo,
        &[ResponseSent, Withdrawn],
        "Domain reference A3: ombudsman model procedures, stage 2 respond within 20 working days",
    );
    stage_2_respond.pauses = vec![Pause { from: ConsentRequested, until: ConsentReceived }];
    vec![
        limit(
            "acknowledge",
            "Stage 1: acknowledge",
            Period::working_days(3),
            Received,
            &[Acknowledged, ResponseSent, MovedToStageTwo, Withdrawn],
            "This preset's choice, matching the stage 2 acknowledgement",
        ),
        limit(
            "stage-1-respond",
            "Stage 1: early resolution",
            Period::working_days(5),
            Received,
            &[ResponseSent, MovedToStageTwo, Withdrawn],
            "Domain reference A3: ombudsman model procedures, stage 1 frontline resolution within 5 working days",
        ),
        limit(
            "stage-2-acknowledge",
            "Stage 2: acknowledge",
            Period::working_days(3),
            MovedToStageTwo,
            &[Acknowledged, ResponseSent, Withdrawn],
            "Domain reference A3: ombudsman model procedures, stage 2 acknowledge within 3 working days",
        ),
        stage_2_respond,
    ]
}

fn routes() -> Vec<Route> {
    let step = |ombudsman: Ombudsman, via, within_months, wording: &str| Route {
        nation: Nation::EnglandAndWales,
        records: RecordKeeping::Full,
        escalation: vec![EscalationStep { ombudsman, via, within_months, wording: s(wording) }],
    };
    vec![
        // Domain reference A3: PHSO within 12 months, government complaints
        // only through an MP. A devolved Welsh body would use the Public
        // Services Ombudsman for Wales instead: an office changes this route.
        step(
            Ombudsman::ParliamentaryAndHealthServiceOmbudsman,
            Via::MemberOfParliament,
            Some(12),
            "If you remain dissatisfied you may ask a Member of Parliament to refer your complaint to the Parliamentary and Health Service Ombudsman, within 12 months.",
        ),
        Route {
            nation: Nation::Scotland,
            ..step(
                Ombudsman::ScottishPublicServicesOmbudsman,
                Via::Direct,
                None,
                "If you remain dissatisfied you may ask the Scottish Public Services Ombudsman to look at your complaint.",
            )
        },
        Route {
            nation: Nation::NorthernIreland,
            ..step(
                Ombudsman::NorthernIrelandPublicServicesOmbudsman,
                Via::Direct,
                None,
                "If you remain dissatisfied you may ask the Northern Ireland Public Services Ombudsman to look at your complaint.",
            )
        },
    ]
}

fn category(key: &str, label: &str, description: &str) -> Category {
    use LetterKind::*;
    Category {
        key: s(key),
        label: s(label),
        description: s(description),
        investigators: vec![Investigator { setting: None, bodies: vec![s("frontline-team"), s("complaints-team")] }],
        limits: ["acknowledge", "stage-1-respond", "stage-2-acknowledge", "stage-2-respond"].map(s).to_vec(),
        routes: routes(),
        letters: vec![Acknowledgement, Interim, Response, OutOfTime, Redirect],
        out_of_time: OutOfTimeHandling::Discretion,
        received_when_translated: false,
    }
}

/// The two-stage procedure as a preset.
pub fn preset() -> Procedure {
    let sub = |category: &str, key: &str, label: &str| Subcategory {
        key: s(key),
        category: s(category),
        label: s(label),
        suggests_referral: None,
    };
    Procedure {
        key: s(KEY),
        name: s("Two-stage complaints procedure"),
        source: s("UK complaint standards and the ombudsman model complaints handling procedures (domain reference A3)"),
        reference_format: ReferenceFormat::site_year_seq('/', 4),
        in_time: InTimeRule {
            key: s("in-time"),
            label: s("Complaint made within 12 months of the event"),
            months: 12,
            basis: s("Domain reference A3 and part B: 12 months from the event, with discretion"),
        },
        bodies: vec![
            Body { key: s("frontline-team"), label: s("The team that provided the service"), kind: BodyKind::InHouseTeam },
            Body { key: s("complaints-team"), label: s("Complaints investigation team"), kind: BodyKind::ComplaintsUnit },
            Body { key: s("duty-manager"), label: s("Duty manager"), kind: BodyKind::SeniorManager },
            Body { key: s("police"), label: s("Police"), kind: BodyKind::Police },
            Body { key: s("information-governance"), label: s("Information governance team"), kind: BodyKind::InHouseTeam },
            Body { key: s("legal"), label: s("Legal team"), kind: BodyKind::Legal },
        ],
        categories: vec![
            category("service", "Service", "The standard of a service, a delay, or a failure to follow the office's own procedures."),
            category("staff-conduct", "Staff conduct", "The behaviour or attitude of a member of staff."),
        ],
        subcategories: vec![
            sub("service", "delay", "Delay"),
            sub("service", "quality-of-service", "Quality of service"),
            sub("service", "communication", "Communication"),
            sub("service", "process-not-followed", "Procedure not followed"),
            sub("staff-conduct", "attitude", "Attitude or behaviour"),
            sub("staff-conduct", "discrimination", "Discrimination"),
        ],
        limits: limits(),
        out_of_scope: vec![
            OutOfScope {
                key: s("information-rights"),
                label: s("A request for information or for a person's own data"),
                redirect_to: s("information-governance"),
                notice: s(
                    "Your request has been passed to our information governance team, who will reply under the information rights laws.",
                ),
                still_handled_as: vec![],
            },
            OutOfScope {
                key: s("legal-proceedings"),
                label: s("A matter before a court or tribunal"),
                redirect_to: s("legal"),
                notice: s("Your letter concerns legal proceedings and has been passed to our legal team."),
                still_handled_as: vec![],
            },
        ],
        urgent: vec![UrgentMatter { key: s("risk-of-harm"), label: s("Someone is at risk of harm"), escalate_to: s("duty-manager") }],
        referrals: vec![ReferralTrigger {
            key: s("criminal"),
            label: s("An allegation of a crime"),
            refer_to: s("police"),
            reference_label: Some(s("Crime reference number")),
            even_if_complainant_objects: false,
        }],
    }
}
