//! Ex-gratia payments: the steps, the complaints unit's agreement, the
//! register and its totals.

use super::*;
use jiff::ToSpan;
use jiff::civil::date;
use proptest::prelude::*;

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn at(day: Date) -> Timestamp {
    day.at(12, 0, 0, 0).in_tz("Europe/London").unwrap().timestamp()
}

fn proposal(redress: Redress) -> Proposal {
    Proposal {
        complaint_id: 501,
        site_id: 3,
        redress,
        rationale: "Radio lost on transfer between centres; property log signed on departure, not on arrival".into(),
        proposed_by: 11,
    }
}

fn financial(amount_pence: u64) -> ExGratia {
    propose(proposal(Redress::Financial { amount_pence }), at(date(2026, 11, 2))).unwrap().0
}

fn non_financial() -> ExGratia {
    propose(proposal(Redress::NonFinancial { description: "Replacement family photograph album".into() }), at(date(2026, 11, 2))).unwrap().0
}

fn step(state: &ExGratia, command: ExGratiaCommand) -> Result<(ExGratia, ExGratiaEvent), ExGratiaError> {
    decide(state, command, now())
}

fn run(state: ExGratia, commands: Vec<ExGratiaCommand>) -> ExGratia {
    commands.into_iter().fold(state, |s, c| step(&s, c).unwrap().0)
}

#[test]
fn a_proposal_needs_a_rationale_and_an_amount_or_description() {
    let (payment, event) = propose(proposal(Redress::Financial { amount_pence: 4_999 }), now()).unwrap();
    assert_eq!((payment.status(), payment.proposed_on), (Status::Proposed, date(2026, 11, 23)));
    assert_eq!(event, ExGratiaEvent::Proposed { kind: Kind::Financial });
    assert_eq!(propose(proposal(Redress::Financial { amount_pence: 0 }), now()), Err(ExGratiaError::ZeroAmount));
    assert_eq!(propose(proposal(Redress::Financial { amount_pence: MAX_AMOUNT_PENCE + 1 }), now()), Err(ExGratiaError::AmountTooLarge));
    let blank = propose(proposal(Redress::NonFinancial { description: " ".into() }), now()).unwrap_err();
    assert_eq!(blank.field(), "description");
    let no_rationale = propose(Proposal { rationale: "".into(), ..proposal(Redress::Financial { amount_pence: 100 }) }, now()).unwrap_err();
    assert_eq!(no_rationale.field(), "rationale");
}

#[test]
fn a_financial_payment_goes_offered_accepted_paid_receipt() {
    let mut payment = financial(4_999);
    let steps = [
        (ExGratiaCommand::Offer { on: date(2026, 11, 3) }, Status::Offered, true),
        (ExGratiaCommand::Accept { on: date(2026, 11, 5) }, Status::Accepted, true),
        (ExGratiaCommand::RecordPayment { on: date(2026, 11, 10), reference: "ACC-CR-7781".into() }, Status::Paid, true),
        (ExGratiaCommand::RecordReceipt { on: date(2026, 11, 12) }, Status::ReceiptRecorded, false),
    ];
    for (command, status, tells) in steps {
        let (next, event) = step(&payment, command).unwrap();
        assert_eq!(next.status(), status);
        assert_eq!(event.tells_complaints_unit(), tells, "{event:?}");
        assert_eq!(event.closes_complaint(), status == Status::Paid);
        payment = next;
    }
    let row = payment.register_row();
    assert_eq!(row.amount_pence, Some(4_999));
    assert_eq!(row.payment_reference.as_deref(), Some("ACC-CR-7781"));
    assert_eq!(
        (row.offered_on, row.answered_on, row.receipt_on),
        (Some(date(2026, 11, 3)), Some(date(2026, 11, 5)), Some(date(2026, 11, 12)))
    );
}

#[test]
fn a_declined_offer_is_never_paid() {
    let declined =
        run(financial(2_000), vec![ExGratiaCommand::Offer { on: date(2026, 11, 3) }, ExGratiaCommand::Decline { on: date(2026, 11, 4) }]);
    assert_eq!(declined.status(), Status::Declined);
    let pay = step(&declined, ExGratiaCommand::RecordPayment { on: date(2026, 11, 5), reference: "x".into() });
    assert_eq!(pay, Err(ExGratiaError::WrongStatus(Status::Declined)));
    assert_eq!(
        step(&declined, ExGratiaCommand::RecordReceipt { on: date(2026, 11, 5) }),
        Err(ExGratiaError::WrongStatus(Status::Declined))
    );
}

#[test]
fn a_payment_is_finished_exactly_when_no_step_can_follow() {
    use ExGratiaCommand::*;
    let on = date(2026, 11, 20);
    let every_step = || {
        [
            RecordAgreement { by: 21, on },
            DecideNotToOffer { reason: "Complainant moved abroad".into() },
            Offer { on },
            Accept { on },
            Decline { on },
            RecordPayment { on, reference: "R-1".into() },
            RecordReceipt { on },
        ]
    };
    let paid = || vec![Offer { on }, Accept { on }, RecordPayment { on, reference: "R-1".into() }];
    let states = [
        financial(500),
        run(non_financial(), vec![RecordAgreement { by: 21, on }]),
        run(financial(500), vec![DecideNotToOffer { reason: "Settled otherwise".into() }]),
        run(financial(500), vec![Offer { on }]),
        run(financial(500), vec![Offer { on }, Accept { on }]),
        run(financial(500), vec![Offer { on }, Decline { on }]),
        run(financial(500), paid()),
        run(financial(500), [paid(), vec![RecordReceipt { on }]].concat()),
        run(non_financial(), vec![RecordAgreement { by: 21, on }, Offer { on }, Accept { on }, RecordReceipt { on }]),
    ];
    for state in states {
        let can_step = every_step().into_iter().any(|c| step(&state, c).is_ok());
        assert_eq!(state.status().is_finished(), !can_step, "{:?}", state.status());
    }
}

#[test]
fn steps_out_of_order_are_refused() {
    let payment = financial(2_000);
    assert_eq!(step(&payment, ExGratiaCommand::Accept { on: date(2026, 11, 3) }), Err(ExGratiaError::WrongStatus(Status::Proposed)));
    let pay = step(&payment, ExGratiaCommand::RecordPayment { on: date(2026, 11, 3), reference: "x".into() });
    assert_eq!(pay, Err(ExGratiaError::WrongStatus(Status::Proposed)));
    let offered = run(payment, vec![ExGratiaCommand::Offer { on: date(2026, 11, 3) }]);
    assert_eq!(step(&offered, ExGratiaCommand::Offer { on: date(2026, 11, 4) }), Err(ExGratiaError::WrongStatus(Status::Offered)));
    let accepted = run(offered, vec![ExGratiaCommand::Accept { on: date(2026, 11, 4) }]);
    let blank_reference = step(&accepted, ExGratiaCommand::RecordPayment { on: date(2026, 11, 5), reference: " ".into() });
    assert_eq!(blank_reference.unwrap_err().field(), "reference");
    assert_eq!(
        step(&accepted, ExGratiaCommand::RecordReceipt { on: date(2026, 11, 5) }),
        Err(ExGratiaError::WrongStatus(Status::Accepted))
    );
}

#[test]
fn each_date_follows_the_step_before_and_is_not_in_the_future() {
    let payment = financial(2_000);
    let early = step(&payment, ExGratiaCommand::Offer { on: date(2026, 11, 1) }).unwrap_err();
    assert_eq!(early.field(), "on");
    assert!(early.to_string().contains("before the proposal on 2026-11-02"), "{early}");
    assert_eq!(step(&payment, ExGratiaCommand::Offer { on: date(2026, 11, 24) }), Err(ExGratiaError::InFuture(date(2026, 11, 24))));
    let offered = run(payment, vec![ExGratiaCommand::Offer { on: date(2026, 11, 10) }]);
    let answer = step(&offered, ExGratiaCommand::Accept { on: date(2026, 11, 9) }).unwrap_err();
    assert!(matches!(answer, ExGratiaError::TooEarly { before: "the offer", .. }));
}

#[test]
fn a_non_financial_offer_needs_the_complaints_units_agreement_first() {
    let payment = non_financial();
    assert_eq!(step(&payment, ExGratiaCommand::Offer { on: date(2026, 11, 3) }), Err(ExGratiaError::NeedsAgreement));
    let (agreed, event) = step(&payment, ExGratiaCommand::RecordAgreement { by: 21, on: date(2026, 11, 4) }).unwrap();
    assert_eq!((agreed.status(), event), (Status::Agreed, ExGratiaEvent::Agreed { by: 21, on: date(2026, 11, 4) }));
    // The offer cannot predate the agreement.
    assert!(matches!(step(&agreed, ExGratiaCommand::Offer { on: date(2026, 11, 3) }), Err(ExGratiaError::TooEarly { .. })));
    let (offered, event) = step(&agreed, ExGratiaCommand::Offer { on: date(2026, 11, 4) }).unwrap();
    assert!(!event.tells_complaints_unit());
    let accepted = run(offered, vec![ExGratiaCommand::Accept { on: date(2026, 11, 6) }]);
    // Nothing is paid for a non-financial offer; the receipt follows acceptance.
    let pay = step(&accepted, ExGratiaCommand::RecordPayment { on: date(2026, 11, 7), reference: "x".into() });
    assert_eq!(pay, Err(ExGratiaError::NotPayable));
    let done = run(accepted, vec![ExGratiaCommand::RecordReceipt { on: date(2026, 11, 7) }]);
    let row = done.register_row();
    assert_eq!(
        (row.status, row.agreed_by, row.agreed_on, row.amount_pence),
        (Status::ReceiptRecorded, Some(21), Some(date(2026, 11, 4)), None)
    );
    assert_eq!(row.description.as_deref(), Some("Replacement family photograph album"));
}

#[test]
fn agreement_is_only_for_non_financial_offers_and_only_once() {
    assert_eq!(
        step(&financial(100), ExGratiaCommand::RecordAgreement { by: 21, on: date(2026, 11, 3) }),
        Err(ExGratiaError::AgreementNotNeeded)
    );
    let agreed = run(non_financial(), vec![ExGratiaCommand::RecordAgreement { by: 21, on: date(2026, 11, 3) }]);
    let again = step(&agreed, ExGratiaCommand::RecordAgreement { by: 22, on: date(2026, 11, 4) });
    assert_eq!(again, Err(ExGratiaError::WrongStatus(Status::Agreed)));
}

#[test]
fn a_decision_not_to_offer_keeps_its_reason() {
    let blank = step(&financial(100), ExGratiaCommand::DecideNotToOffer { reason: "".into() }).unwrap_err();
    assert_eq!(blank.field(), "reason");
    let (payment, event) = step(&financial(100), ExGratiaCommand::DecideNotToOffer { reason: "Item found".into() }).unwrap();
    assert_eq!((payment.status(), event.action()), (Status::NotOffered, "ex_gratia.not_offered"));
    assert_eq!(payment.register_row().not_offered_reason.as_deref(), Some("Item found"));
    assert_eq!(step(&payment, ExGratiaCommand::Offer { on: date(2026, 11, 3) }), Err(ExGratiaError::WrongStatus(Status::NotOffered)));
}

fn paid(site_id: i64, amount_pence: u64, paid_on: Date) -> RegisterRow {
    let mut row = financial(amount_pence).register_row();
    row.site_id = site_id;
    row.paid_on = Some(paid_on);
    row.status = Status::Paid;
    row
}

#[test]
fn the_summary_counts_only_money_paid_per_site_and_month() {
    let unpaid = financial(9_999).register_row();
    let goodwill = non_financial().register_row();
    let rows =
        [paid(3, 4_999, date(2026, 10, 31)), paid(3, 1_001, date(2026, 11, 1)), paid(4, 2_500, date(2026, 11, 20)), unpaid, goodwill];
    let summary = summarise(&rows);
    assert_eq!(summary.total, Paid { payments: 3, total_pence: 8_500 });
    assert_eq!(summary.by_site[&3], Paid { payments: 2, total_pence: 6_000 });
    let november = Month { year: 2026, month: 11 };
    assert_eq!(summary.by_month[&november], Paid { payments: 2, total_pence: 3_501 });
    assert_eq!(summary.by_site_and_month[&(4, november)], Paid { payments: 1, total_pence: 2_500 });
    assert_eq!(november.to_string(), "2026-11");
}

#[test]
fn serde_uses_kebab_case() {
    let json = serde_json::to_value(Redress::NonFinancial { description: "Album".into() }).unwrap();
    assert_eq!(json, serde_json::json!({"kind": "non-financial", "description": "Album"}));
    assert_eq!(serde_json::to_string(&Status::ReceiptRecorded).unwrap(), "\"receipt-recorded\"");
}

fn any_row() -> impl Strategy<Value = RegisterRow> {
    (1i64..5, 1u64..=MAX_AMOUNT_PENCE, 0i64..400, any::<bool>(), any::<bool>()).prop_map(|(site, amount, day, is_paid, financial_kind)| {
        let on = date(2026, 1, 1).checked_add(day.days()).unwrap();
        let mut row = paid(site, amount, on);
        if !is_paid {
            row.paid_on = None;
        }
        if !financial_kind {
            row.kind = Kind::NonFinancial;
            row.amount_pence = None;
        }
        row
    })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Every breakdown adds up to the same total, which is exactly the sum of
    /// the amounts paid.
    #[test]
    fn money_totals_add_up(rows in prop::collection::vec(any_row(), 0..60)) {
        let summary = summarise(&rows);
        let expected: u64 = rows.iter().filter(|r| r.paid_on.is_some()).filter_map(|r| r.amount_pence).sum();
        let count = rows.iter().filter(|r| r.paid_on.is_some() && r.amount_pence.is_some()).count() as u32;
        prop_assert_eq!(summary.total, Paid { payments: count, total_pence: expected });
        for breakdown in [
            summary.by_site.values().copied().collect::<Vec<_>>(),
            summary.by_month.values().copied().collect(),
            summary.by_site_and_month.values().copied().collect(),
        ] {
            prop_assert_eq!(breakdown.iter().map(|p| p.total_pence).sum::<u64>(), expected);
            prop_assert_eq!(breakdown.iter().map(|p| p.payments).sum::<u32>(), count);
        }
    }

    /// Whatever is tried, a payment is only ever paid after acceptance of a
    /// financial offer, a non-financial one is only offered once agreed, and
    /// a finished payment takes no further step.
    #[test]
    fn no_sequence_of_steps_pays_without_acceptance(
        financial_kind in any::<bool>(),
        commands in prop::collection::vec((0u8..7, 0i64..30), 0..12),
    ) {
        let mut state = if financial_kind { financial(500) } else { non_financial() };
        for (which, day) in commands {
            let on = date(2026, 11, 1).checked_add(day.days()).unwrap();
            let command = match which {
                0 => ExGratiaCommand::RecordAgreement { by: 21, on },
                1 => ExGratiaCommand::Offer { on },
                2 => ExGratiaCommand::Accept { on },
                3 => ExGratiaCommand::Decline { on },
                4 => ExGratiaCommand::RecordPayment { on, reference: "R".into() },
                5 => ExGratiaCommand::DecideNotToOffer { reason: "no".into() },
                _ => ExGratiaCommand::RecordReceipt { on },
            };
            let finished = state.status().is_finished();
            if let Ok((next, _)) = decide(&state, command, now()) {
                prop_assert!(!finished, "a finished payment took a step");
                state = next;
            }
            if state.payment.is_some() {
                prop_assert!(financial_kind && state.answer.as_ref().is_some_and(|a| a.accepted));
            }
            if state.offered_on.is_some() && !financial_kind {
                prop_assert!(state.agreement.is_some_and(|a| Some(a.on) <= state.offered_on));
            }
            prop_assert!(state.not_offered.is_none() || state.offered_on.is_none());
        }
    }
}
