//! The built-in preset for immigration detention: Detention Services Order
//! 03/2015 "Handling of Complaints" (v2.0, February 2017), seed 002. Every
//! number carries the paragraph it comes from; where the order contradicts
//! itself the choice is said beside it.

use super::procedure::{
    Applies, Body, BodyKind, Category, ClockStart, EscalationStep, InTimeRule, Investigator, LetterKind, Milestone, Ombudsman, OutOfScope,
    OutOfTimeHandling, Procedure, RecordKeeping, ReferralTrigger, Route, Setting, Subcategory, TimeLimit, UrgentMatter, Via,
};
use super::reference::ReferenceFormat;
use crate::deadlines::Period;
use crate::nation::Nation;

pub const KEY: &str = "detention-dso-03-2015";

/// Para 48 (and 37): the escalation paragraph every supplier or Home Office
/// response must carry, word for word.
pub const PPO_WORDING: &str = "If you remain dissatisfied you may also appeal to the Prisons and Probation Ombudsman who is independent of Immigration Enforcement and [IRC supplier's name]. You must do this within three months of receiving this letter. I have enclosed a leaflet which explains the process \"How to complain to the Ombudsman\". This leaflet can also be found at http://www.ppo.gov.uk/wp-content/uploads/2014/06/PPO_Complaint_leaflet_Dec_2013.pdf The PPO cannot deal with any complaints relating to your immigration status, including any decision to remove you from the United Kingdom, nor does the PPO deal with complaints about healthcare. You can only appeal to the PPO if you are the person with the complaint. Complaints from third parties cannot be accepted.";

fn s(text: &str) -> String {
    text.to_owned()
}

fn body(key: &str, label: &str, kind: BodyKind) -> Body {
    Body { key: s(key), label: s(label), kind }
}

fn at(milestone: Milestone) -> ClockStart {
    ClockStart::Milestone { milestone }
}

fn limit(key: &str, label: &str, period: Period, starts: ClockStart, stops: &[Milestone], basis: &str) -> TimeLimit {
    TimeLimit {
        key: s(key),
        label: s(label),
        period,
        translated_period: None,
        applies: Applies::Always,
        starts,
        pauses: vec![],
        stops: stops.to_vec(),
        repeats_on: None,
        basis: s(basis),
    }
}

fn same_route_everywhere(records: RecordKeeping, step: EscalationStep) -> Vec<Route> {
    Nation::ALL.into_iter().map(|nation| Route { nation, records, escalation: vec![step.clone()] }).collect()
}

fn ppo() -> EscalationStep {
    // Para 48: "You must do this within three months of receiving this letter."
    EscalationStep { ombudsman: Ombudsman::PrisonsAndProbationOmbudsman, via: Via::Direct, within_months: Some(3), wording: s(PPO_WORDING) }
}

fn step(ombudsman: Ombudsman, via: Via, wording: &str) -> EscalationStep {
    EscalationStep { ombudsman, via, within_months: None, wording: s(wording) }
}

fn limits() -> Vec<TimeLimit> {
    use Milestone::*;
    let mut send = limit(
        "send-for-investigation",
        "Send for investigation with the reference and target date",
        Period::working_days(3),
        at(Received),
        &[SentForInvestigation, Withdrawn],
        "Para 46: within three working days of receipt (five days for complaints that require translation)",
    );
    send.translated_period = Some(Period::working_days(5));
    let mut translate = limit(
        "translate",
        "Translate into English",
        Period::hours(48),
        at(Received),
        &[Translated, Withdrawn],
        "Para 45: arrange translation into English if necessary within 48 hours",
    );
    translate.applies = Applies::OnlyWhenTranslationNeeded;
    let mut update = limit(
        "serious-misconduct-update",
        "Update the complainant while the investigation runs past 12 weeks",
        Period::weeks(4),
        ClockStart::WhenDue { limit: s("serious-misconduct-respond") },
        &[ResponseSent, Withdrawn],
        "Para 49: if the 12 week period elapses before investigation is concluded, provide update to complainant at least once every four weeks",
    );
    update.repeats_on = Some(UpdateSent);
    vec![
        limit(
            "box-scan",
            "Scan and email to the complaints unit after emptying the box",
            Period::hours(6),
            at(BoxEmptied),
            &[Scanned, Withdrawn],
            "Para 44: scan all complaints and email to DS CSU within 6 hours",
        ),
        translate,
        limit(
            "forward",
            "Forward to the allocation hub",
            Period::working_days(1),
            at(Received),
            &[ForwardedToHub, Withdrawn],
            "Para 36: forwarded within one working day to the Complaints Allocation Hub",
        ),
        limit(
            "log",
            "Log with a reference and target date",
            Period::working_days(2),
            at(ForwardedToHub),
            &[Logged, Withdrawn],
            "Para 36: within two working days (i.e. Mon - Fri) the CAH will log the details of the complaint",
        ),
        limit(
            "allocate",
            "Allocate to the responder",
            Period::working_days(0),
            at(Logged),
            &[Allocated, Withdrawn],
            "Para 36: DS CSU will then, on the same day as receipt, allocate the complaint",
        ),
        send,
        limit(
            "acknowledge",
            "Acknowledge with the target date",
            Period::working_days(2),
            at(Allocated),
            &[Acknowledged, Withdrawn],
            "Para 36: all complaints must be acknowledged by the responder within two working days of allocation",
        ),
        limit(
            "respond",
            "Respond in writing",
            Period::working_days(20),
            at(Allocated),
            &[ResponseSent, Withdrawn],
            "Para 36 table: within 20 working days of allocation of the complaint",
        ),
        limit(
            "evidence-request",
            "Acknowledge and ask for further evidence",
            Period::calendar_days(7),
            at(Allocated),
            &[EvidenceRequested, Withdrawn],
            "Para 49: send an acknowledgement letter to detainee, requesting any further relevant evidence within 7 days where possible",
        ),
        // The table in para 36 counts from receipt; para 49 says "of
        // allocation". We follow the table, the order's summary of time
        // limits; an office can change the start milestone.
        limit(
            "serious-misconduct-respond",
            "Respond to a serious misconduct complaint",
            Period::weeks(12),
            at(Received),
            &[ResponseSent, Withdrawn],
            "Para 36 table: within 12 weeks of receipt within the Home Office (this includes the investigation)",
        ),
        update,
        limit(
            "record-outcome",
            "Record the response date and outcome",
            Period::working_days(2),
            at(ResponseSent),
            &[OutcomeRecorded, Withdrawn],
            "Para 47: update database within two working days of receipt with date of response and outcome",
        ),
    ]
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| s(k)).collect()
}

/// The steps every detention-services complaint goes through (paras 36,
/// 44-47), then the responder's own limits.
fn handled_centrally(responder_limits: &[&str]) -> Vec<String> {
    let mut all = keys(&["box-scan", "translate", "forward", "log", "allocate", "send-for-investigation", "acknowledge"]);
    all.extend(keys(responder_limits));
    all.push(s("record-outcome"));
    all
}

fn categories() -> Vec<Category> {
    use LetterKind::*;
    let supplier = || {
        vec![
            Investigator { setting: Some(Setting::RemovalCentre), bodies: keys(&["supplier-centre-manager", "hoie-manager"]) },
            Investigator { setting: Some(Setting::HoldingFacilityOrEscort), bodies: keys(&["escort-supplier"]) },
        ]
    };
    let category = |key: &str, label: &str, description: &str| Category {
        key: s(key),
        label: s(label),
        description: s(description),
        investigators: supplier(),
        limits: handled_centrally(&["respond"]),
        routes: same_route_everywhere(RecordKeeping::Full, ppo()),
        letters: vec![Acknowledgement, Interim, Response, OutOfTime],
        out_of_time: OutOfTimeHandling::Discretion,
        received_when_translated: false,
    };
    let phso_direct = "If you remain dissatisfied you may ask the Parliamentary and Health Service Ombudsman to look at your complaint.";
    // Para 11 (England: the name and date passed on, nothing else); paras 19
    // and 45 (Scotland and Northern Ireland: logged, outcome recorded).
    let healthcare_routes = || {
        let records = RecordKeeping::DetailsDateAndOutcome;
        vec![
            Route {
                nation: Nation::EnglandAndWales,
                records: RecordKeeping::NameAndDatePassedOn,
                escalation: vec![step(Ombudsman::ParliamentaryAndHealthServiceOmbudsman, Via::Direct, phso_direct)],
            },
            Route {
                nation: Nation::Scotland,
                records,
                escalation: vec![step(
                    Ombudsman::ScottishPublicServicesOmbudsman,
                    Via::ComplaintsUnit,
                    "If you remain dissatisfied the complaints unit will pass your complaint to the Scottish Public Services Ombudsman for you.",
                )],
            },
            Route {
                nation: Nation::NorthernIreland,
                records,
                escalation: vec![step(
                    Ombudsman::NorthernIrelandPublicServicesOmbudsman,
                    Via::ComplaintsUnit,
                    "If you remain dissatisfied the complaints unit will pass your complaint to the Northern Ireland Public Services Ombudsman for you.",
                )],
            },
        ]
    };
    vec![
        category(
            "service-delivery",
            "Service delivery",
            "The way Immigration Enforcement, the centre's supplier or the escort supplier delivers the day-to-day service; not the unprofessional conduct of staff (Annex A).",
        ),
        category(
            "minor-misconduct",
            "Minor misconduct",
            "The conduct of staff, not serious enough to warrant a formal investigation by the Professional Standards Unit (Annex A).",
        ),
        Category {
            investigators: vec![Investigator { setting: None, bodies: keys(&["professional-standards-unit"]) }],
            limits: handled_centrally(&["evidence-request", "serious-misconduct-respond", "serious-misconduct-update"]),
            letters: vec![Acknowledgement, Update, Response],
            // Para 45: "all serious misconduct complaints will be considered by PSU".
            out_of_time: OutOfTimeHandling::AlwaysConsidered,
            ..category(
                "serious-misconduct",
                "Serious misconduct",
                "Unprofessional behaviour which, if substantiated, would show a fundamental breakdown in trust and could lead to disciplinary proceedings; investigated by the Home Office Professional Standards Unit (Annex A).",
            )
        },
        Category {
            key: s("healthcare"),
            label: s("Healthcare"),
            description: s(
                "The NHS-commissioned (England) or contracted (Scotland, Northern Ireland) healthcare service in the centre, or the conduct of its healthcare staff; not medical escorts or the physical facilities (paras 9-10, 19).",
            ),
            investigators: vec![Investigator { setting: None, bodies: keys(&["healthcare-provider"]) }],
            // Paras 9 and 19: NHS England or the healthcare provider's own
            // timescales apply; only the translation clock is ours (para 45).
            limits: keys(&["translate"]),
            routes: healthcare_routes(),
            letters: vec![],
            out_of_time: OutOfTimeHandling::NotChecked,
            received_when_translated: true,
        },
        Category {
            key: s("external-healthcare"),
            label: s("Healthcare outside the centre"),
            description: s(
                "Healthcare received at a hospital, dental clinic or other facility outside the centre, sent on to the healthcare authority for the nation (para 21).",
            ),
            investigators: vec![Investigator { setting: None, bodies: keys(&["healthcare-authority"]) }],
            limits: keys(&["translate"]),
            // Para 39: England direct to PHSO; Scotland and Northern Ireland
            // to their public services ombudsman.
            routes: vec![
                Route {
                    nation: Nation::EnglandAndWales,
                    records: RecordKeeping::NameAndDatePassedOn,
                    escalation: vec![step(Ombudsman::ParliamentaryAndHealthServiceOmbudsman, Via::Direct, phso_direct)],
                },
                Route {
                    nation: Nation::Scotland,
                    records: RecordKeeping::NameAndDatePassedOn,
                    escalation: vec![step(
                        Ombudsman::ScottishPublicServicesOmbudsman,
                        Via::Direct,
                        "If you remain dissatisfied you may ask the Scottish Public Services Ombudsman to look at your complaint.",
                    )],
                },
                Route {
                    nation: Nation::NorthernIreland,
                    records: RecordKeeping::NameAndDatePassedOn,
                    escalation: vec![step(
                        Ombudsman::NorthernIrelandPublicServicesOmbudsman,
                        Via::Direct,
                        "If you remain dissatisfied you may ask the Northern Ireland Public Services Ombudsman to look at your complaint.",
                    )],
                },
            ],
            letters: vec![],
            out_of_time: OutOfTimeHandling::NotChecked,
            received_when_translated: true,
        },
        Category {
            key: s("other-home-office"),
            label: s("Other Home Office matters"),
            description: s(
                "A complaint for the Home Office about issues outside the responsibility of Detention Operations or its suppliers (para 36 table).",
            ),
            investigators: vec![Investigator { setting: None, bodies: keys(&["other-complaints-unit"]) }],
            limits: handled_centrally(&["respond"]),
            // Para 39: escalation to PHSO via a Member of Parliament.
            routes: same_route_everywhere(
                RecordKeeping::Full,
                step(
                    Ombudsman::ParliamentaryAndHealthServiceOmbudsman,
                    Via::MemberOfParliament,
                    "If you remain dissatisfied you may ask a Member of Parliament to refer your complaint to the Parliamentary and Health Service Ombudsman.",
                ),
            ),
            letters: vec![Acknowledgement, Interim, Response],
            // The other complaints units apply their own guidance (para 2).
            out_of_time: OutOfTimeHandling::NotChecked,
            received_when_translated: false,
        },
    ]
}

fn subcategories() -> Vec<Subcategory> {
    let sub = |category: &str, key: &str, label: &str, referral: Option<&str>| Subcategory {
        key: s(key),
        category: s(category),
        label: s(label),
        suggests_referral: referral.map(s),
    };
    let mut all = vec![
        // Annex A, service delivery complaints.
        sub("service-delivery", "delays", "Delays in delivering a service", None),
        sub("service-delivery", "administrative-or-process-errors", "Administrative or process errors", None),
        sub("service-delivery", "poor-communication", "Poor communication", None),
        sub("service-delivery", "lost-or-damaged-property", "Lost or damaged property", None),
        sub("service-delivery", "customer-care", "Customer care (physical environment, availability of service, complaint handling)", None),
        // Annex A, minor misconduct complaints.
        sub("minor-misconduct", "incivility-and-rudeness", "Isolated incidents of incivility and rudeness", None),
        sub("minor-misconduct", "brusqueness", "Isolated incidents of brusqueness", None),
        sub("minor-misconduct", "bad-language", "Isolated instances of bad language", None),
        sub("minor-misconduct", "poor-attitude", "Poor attitude, e.g. being unhelpful, inattentive or obstructive", None),
        sub("minor-misconduct", "refusal-to-identify", "A refusal to identify oneself when asked", None),
    ];
    // Annex A, serious misconduct complaints.
    let serious = [
        ("repeated-minor-misconduct", "Repeated instances of minor misconduct offences", None),
        ("offensive-personal-behaviour", "Offensive personal behaviour including verbal abuse", None),
        ("false-statements", "False statements and concealment of errors", None),
        ("failure-to-follow-procedures", "Failure to carry out proper procedures", None),
        ("failure-to-comply-with-processes", "Failure to comply with legitimate processes and procedures", None),
        ("computer-misuse", "Computer misuse, e.g. unauthorised use of data", None),
        ("criminal-assault", "Criminal assault including excessive use of force", Some("criminal")),
        ("criminal-sexual-assault", "Criminal sexual assault", Some("criminal")),
        ("criminal-theft", "Criminal theft", Some("criminal")),
        ("corrupt-practices", "Corrupt practices: abuse of position for personal gain", Some("security-or-corruption")),
        ("racism-or-discrimination", "Racism or other discrimination", None),
        (
            "discrimination-or-harassment",
            "Discrimination or harassment of any kind, e.g. on the grounds of race, sex or sexuality, disability, bullying or victimisation",
            None,
        ),
        ("fighting-or-physical-assault", "Fighting or physical assault", None),
        ("theft-fraud-or-dishonesty", "Theft, fraud or other acts of dishonesty", None),
        ("verbal-harassment", "Verbal harassment including swearing or using threatening or intimidating behaviour", None),
        ("sexual-misconduct", "Sexual misconduct", None),
        ("improper-disclosure", "Improper disclosure of information or unauthorised breaches of confidentiality", None),
        (
            "serious-negligence",
            "Serious negligence or breach of health and safety procedures which causes, or could cause, injury or loss or damage to property",
            None,
        ),
        ("incapacity", "Incapacity when dealing with customers through the influence of alcohol or substance abuse", None),
        ("other-unprofessional-conduct", "Other unprofessional conduct", None),
    ];
    all.extend(serious.into_iter().map(|(key, label, referral)| sub("serious-misconduct", key, label, referral)));
    // Para 9: what a healthcare complaint can include.
    all.extend([
        sub("healthcare", "appointments", "Appointments with doctors (delays, waiting times or cancellations)", None),
        sub(
            "healthcare",
            "prescribing-and-medication",
            "Prescribing and medication (changes, errors, delays or refusal to prescribe)",
            None,
        ),
        sub("healthcare", "referral-delays", "Delays in obtaining referrals", None),
        sub("healthcare", "healthcare-staff-conduct", "Healthcare staff behaviour, attitudes and communication", None),
    ]);
    all
}

fn bodies() -> Vec<Body> {
    use BodyKind::*;
    vec![
        body("complaints-unit", "Detention Services Customer Service Unit (DS CSU)", ComplaintsUnit),
        body("allocation-hub", "Complaints Allocation Hub (CAH)", ComplaintsUnit),
        body("supplier-centre-manager", "Supplier centre manager", SiteSupplier),
        body("hoie-manager", "Home Office Immigration Enforcement (HOIE) manager", InHouseTeam),
        body("escort-supplier", "Escorting supplier", EscortSupplier),
        body(
            "professional-standards-unit",
            "Home Office Professional Standards Unit (PSU), through the Central Referral Team",
            ProfessionalStandards,
        ),
        body("central-referral-team", "Central Referral Team (CRT)", InHouseTeam),
        body("healthcare-provider", "On-site healthcare manager", Healthcare),
        body("healthcare-authority", "Healthcare authority for the nation", Healthcare),
        body("other-complaints-unit", "Immigration Enforcement, Border Force or UKVI complaints unit", ComplaintsUnit),
        body("supplier-duty-manager", "Supplier duty manager", SiteSupplier),
        body("police", "Police", Police),
        body("duty-director", "Duty Director of Detention and Escorting Services", SeniorManager),
        body("litigation-operations", "Litigation Operations (UK Visas and Immigration)", Legal),
        body("home-office-elsewhere", "The responsible part of the Home Office", InHouseTeam),
        body("ministerial-correspondence", "Ministerial correspondence", InHouseTeam),
        body("depmu", "Detainee Escorting and Population Management Unit (DEPMU)", InHouseTeam),
        body("originating-centre", "A senior manager at the originating centre", InHouseTeam),
        body("responsible-organisation", "The organisation responsible", OtherOrganisation),
    ]
}

fn out_of_scope() -> Vec<OutOfScope> {
    let matter = |key: &str, label: &str, redirect_to: &str, notice: &str| OutOfScope {
        key: s(key),
        label: s(label),
        redirect_to: s(redirect_to),
        notice: s(notice),
        still_handled_as: vec![],
    };
    let elsewhere = "Your complaint is about a matter handled elsewhere in the Home Office. We have passed it to them and they will reply.";
    vec![
        // Para 7.
        matter("immigration-status", "Immigration status and applications to stay in the UK", "home-office-elsewhere", elsewhere),
        matter("legislation", "Legislation", "home-office-elsewhere", elsewhere),
        matter("government-policy", "Government policy", "home-office-elsewhere", elsewhere),
        matter(
            "information-rights",
            "Disclosure of information under the Freedom of Information Act or Data Protection Act",
            "home-office-elsewhere",
            elsewhere,
        ),
        matter(
            "other-organisation",
            "Outside the responsibility of the Home Office or the centre's supplier",
            "responsible-organisation",
            "Your complaint is about a matter another organisation is responsible for. We have passed it to them.",
        ),
        OutOfScope {
            // Para 7: an MP's letter is ministerial correspondence, but a
            // serious misconduct allegation in it still goes to PSU.
            still_handled_as: keys(&["serious-misconduct"]),
            ..matter(
                "mp-correspondence",
                "Complaint lodged by a Member of Parliament",
                "ministerial-correspondence",
                "Your Member of Parliament's letter will be answered as ministerial correspondence.",
            )
        },
        matter(
            "transfer-request",
            "Request for a transfer (including a refused transfer request)",
            "depmu",
            "Requests for transfer, and complaints about a refused transfer, are handled by the Detainee Escorting and Population Management Unit. We have passed yours to them.",
        ),
        // Para 45, last bullet.
        matter(
            "not-centre-responsibility",
            "Outside the responsibility of the Home Office centre team or the centre's supplier",
            "originating-centre",
            "Your complaint has been passed to a senior manager at the centre to investigate. No reply will be provided centrally.",
        ),
    ]
}

/// The detention complaints order as a procedure.
pub fn preset() -> Procedure {
    Procedure {
        key: s(KEY),
        name: s("Detention services complaints (DSO 03/2015)"),
        source: s("Home Office Detention Services Order 03/2015 \"Handling of Complaints\", version 2.0, February 2017"),
        reference_format: ReferenceFormat::site_year_seq('-', 5),
        in_time: InTimeRule {
            key: s("in-time"),
            label: s("Complaint made within three months of the incident"),
            months: 3,
            basis: s("Paras 29 and 45: within three months of the date on which the matters under investigation took place"),
        },
        bodies: bodies(),
        categories: categories(),
        subcategories: subcategories(),
        limits: limits(),
        out_of_scope: out_of_scope(),
        // Para 44: refer urgent matters immediately to the supplier duty manager.
        urgent: vec![
            UrgentMatter {
                key: s("threat-of-self-harm"),
                label: s("A detainee is threatening to self-harm"),
                escalate_to: s("supplier-duty-manager"),
            },
            UrgentMatter { key: s("bullying"), label: s("Complaint of bullying"), escalate_to: s("supplier-duty-manager") },
        ],
        referrals: vec![
            ReferralTrigger {
                // Para 8: report at once, even if the detainee does not want it.
                key: s("criminal"),
                label: s("An incident of a criminal nature"),
                refer_to: s("police"),
                reference_label: Some(s("Crime reference number or CAD reference")),
                even_if_complainant_objects: true,
            },
            ReferralTrigger {
                // Para 45.
                key: s("human-rights-articles-2-3"),
                label: s("An arguable breach of Article 2 or 3 of the European Convention on Human Rights"),
                refer_to: s("duty-director"),
                reference_label: None,
                even_if_complainant_objects: true,
            },
            ReferralTrigger {
                // Para 45: pre-action protocol letter or litigation begun.
                key: s("litigation"),
                label: s("A pre-action protocol letter, or litigation begun or about to begin"),
                refer_to: s("litigation-operations"),
                reference_label: None,
                even_if_complainant_objects: true,
            },
            ReferralTrigger {
                // Para 49.
                key: s("security-or-corruption"),
                label: s("A serious matter of security or corruption"),
                refer_to: s("central-referral-team"),
                reference_label: None,
                even_if_complainant_objects: true,
            },
        ],
    }
}
