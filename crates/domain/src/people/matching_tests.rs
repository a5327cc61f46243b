//! Tests of the recogniser's ranking rules.

use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).unwrap()
}

fn person(id: i64, names: &[&str]) -> CandidatePerson {
    CandidatePerson { person_id: id, names: names.iter().map(|n| name(n)).collect(), ..Default::default() }
}

fn by_name(raw: &str) -> MatchQuery {
    MatchQuery { name: Some(name(raw)), ..Default::default() }
}

fn described(c: &MatchCandidate) -> Vec<String> {
    c.reasons.iter().map(MatchReason::describe).collect()
}

#[test]
fn same_phone_outranks_a_perfect_name() {
    let mut caller = person(1, &["Sam Hughes"]);
    caller.phones = vec!["+447700900123".into()];
    let namesake = CandidatePerson { date_of_birth: Some(date(1980, 1, 2)), ..person(2, &["John Smith"]) };
    let query =
        MatchQuery { phone: PhoneNumber::parse("07700 900123").ok(), date_of_birth: Some(date(1980, 1, 2)), ..by_name("John Smith") };
    let ranked = rank_candidates(&query, &[namesake, caller], 10);
    assert_eq!(ranked.iter().map(|c| c.person_id).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(described(&ranked[0])[0], "same phone number");
    assert!(ranked[0].score >= 0.7 && ranked[1].score < 0.7);
}

#[test]
fn email_and_references_are_identifiers() {
    let mut p = person(7, &["Ade Okafor"]);
    p.emails = vec!["Ade@Example.com".into()];
    p.references = vec![ExternalReference::parse(ReferenceKind::HomeOfficeReference, "B1234567").unwrap()];
    let query = MatchQuery {
        email: EmailAddress::parse("ade@example.com").ok(),
        references: vec![ExternalReference::parse(ReferenceKind::HomeOfficeReference, "b123 4567").unwrap()],
        ..Default::default()
    };
    let ranked = rank_candidates(&query, &[p], 5);
    assert_eq!(described(&ranked[0]), ["same email address", "same home office reference"]);
}

#[test]
fn alias_that_sounds_alike_is_explained() {
    let candidates = [person(1, &["Siobhan Murphy", "Shivaun Murphy"]), person(2, &["Sarah Murphy"])];
    let ranked = rank_candidates(&by_name("Shivaun Murphy"), &candidates, 5);
    assert_eq!(ranked[0].person_id, 1);
    assert_eq!(described(&ranked[0])[0], "same name: Shivaun / Shivaun (alias or previous name)");
    let ranked = rank_candidates(&by_name("Shevaun Murphy"), &[person(1, &["Siobhan Murphy"])], 5);
    assert_eq!(described(&ranked[0])[0], "known spelling of the same name: Shevaun / Siobhan");
}

#[test]
fn typos_initials_and_barrels_are_explained() {
    let candidates = [person(1, &["John Smith"]), person(2, &["Anne Smith-Jones"])];
    let top = |q: &str| rank_candidates(&by_name(q), &candidates, 1).into_iter().next().unwrap();
    let typo = top("John Smtih");
    assert_eq!((typo.person_id, described(&typo)[1].as_str()), (1, "name differs by a typo: Smtih / Smith"));
    let initial = top("J. Smith");
    assert_eq!(described(&initial)[0], "initial matches: J / John");
    let barrel = top("Anne Jones");
    assert_eq!((barrel.person_id, described(&barrel)[1].as_str()), (2, "part of a double-barrelled name matches: Jones / Jones"));
    let swapped = top("Smith John");
    assert_eq!(described(&swapped)[0], "given and family names swapped");
}

#[test]
fn date_of_birth_and_postcode_move_the_score() {
    let base = CandidatePerson { date_of_birth: Some(date(1990, 5, 6)), postcode: Some("MK43 9AX".into()), ..person(1, &["John Smith"]) };
    let score = |dob, postcode: Option<&str>| {
        let q = MatchQuery { date_of_birth: dob, postcode: postcode.map(str::to_owned), ..by_name("John Smith") };
        rank_candidates(&q, std::slice::from_ref(&base), 1).first().map_or(0.0, |c| c.score)
    };
    let plain = score(None, None);
    assert!(score(Some(date(1990, 5, 6)), None) > plain);
    assert!(score(None, Some("mk439ax")) > score(None, Some("MK43 1AA")));
    assert!(score(None, Some("MK43 1AA")) > plain);
    // A conflicting date of birth drops a name-only match out of the list.
    assert_eq!(score(Some(date(1991, 5, 6)), None), 0.0);
}

#[test]
fn names_that_do_not_agree_are_not_proposed() {
    let candidates = [person(1, &["John Smith"]), person(2, &["Mary Brown"])];
    let ranked = rank_candidates(&by_name("Priya Patel"), &candidates, 5);
    assert!(ranked.is_empty());
    assert!(rank_candidates(&MatchQuery::default(), &candidates, 5).is_empty());
}

fn arbitrary_candidate() -> impl Strategy<Value = CandidatePerson> {
    let given = prop::sample::select(vec!["John", "Jon", "J", "Mary", "Siobhan", "Anne-Marie", "Priya"]);
    let family = prop::sample::select(vec!["Smith", "Smyth", "Smith-Jones", "Jones", "Patel", "O'Neil"]);
    (0i64..50, given, family, prop::bool::ANY, 1u8..4).prop_map(|(id, g, f, has_phone, day)| CandidatePerson {
        person_id: id,
        names: vec![PersonName::new(g, f)],
        phones: if has_phone { vec![format!("+4477009001{id:02}")] } else { vec![] },
        date_of_birth: Some(date(1980, 1, i8::try_from(day).unwrap_or(1))),
        ..Default::default()
    })
}

proptest! {
    #[test]
    fn ranking_is_sorted_and_limited(cands in prop::collection::vec(arbitrary_candidate(), 0..30), limit in 0usize..8, id in 0i64..50) {
        let query = MatchQuery {
            phone: PhoneNumber::parse(&format!("+4477009001{id:02}")).ok(),
            date_of_birth: Some(date(1980, 1, 2)),
            ..by_name("John Smith")
        };
        let ranked = rank_candidates(&query, &cands, limit);
        prop_assert!(ranked.len() <= limit);
        prop_assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
        prop_assert!(ranked.iter().all(|c| (0.0..=1.0).contains(&c.score)));
        // Every identifier match outranks every name-only match.
        let all = rank_candidates(&query, &cands, usize::MAX);
        let lowest_identifier = all.iter().filter(|c| c.reasons.iter().any(MatchReason::is_identifier)).map(|c| c.score).fold(f64::INFINITY, f64::min);
        let highest_name_only = all.iter().filter(|c| !c.reasons.iter().any(MatchReason::is_identifier)).map(|c| c.score).fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(lowest_identifier > highest_name_only);
    }
}
