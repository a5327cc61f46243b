//! Checking an administrator's edit of a procedure before it applies to new
//! complaints. Every error names the field at fault as a path into the
//! procedure, with list positions counted from 1 as the settings page
//! shows them: `limits[3].period`, `categories[2].routes`.

use super::procedure::{ClockStart, LetterKind, OutOfTimeHandling, Procedure, TimeLimit};
use crate::deadlines::{Period, PeriodUnit};
use crate::nation::Nation;
use crate::validation::{FieldErrors, required_text};
use std::collections::HashSet;

const KEY_MAX: usize = 60;
const LABEL_MAX: usize = 200;
const TEXT_MAX: usize = 2_000;
/// Longest in-time rule or escalation window, in months.
pub const MONTHS_MAX: u32 = 24;

/// The longest a limit may be in each unit: a year of working days, a
/// year of days, a year of weeks, two weeks of hours. Anything longer is a
/// typing mistake, not a time limit anybody would chase.
pub fn period_max(unit: PeriodUnit) -> u32 {
    match unit {
        PeriodUnit::WorkingDays => 260,
        PeriodUnit::CalendarDays => 366,
        PeriodUnit::Weeks => 52,
        PeriodUnit::Hours => 336,
    }
}

/// The shortest: zero days means "the same day", but zero hours or zero
/// weeks would be due the moment the clock starts.
pub fn period_min(unit: PeriodUnit) -> u32 {
    match unit {
        PeriodUnit::WorkingDays | PeriodUnit::CalendarDays => 0,
        PeriodUnit::Weeks | PeriodUnit::Hours => 1,
    }
}

fn unit_words(unit: PeriodUnit) -> &'static str {
    match unit {
        PeriodUnit::WorkingDays => "working days",
        PeriodUnit::CalendarDays => "days",
        PeriodUnit::Weeks => "weeks",
        PeriodUnit::Hours => "hours",
    }
}

fn check_period(errors: &mut FieldErrors, field: &str, what: &str, period: Period) {
    let (min, max) = (period_min(period.unit), period_max(period.unit));
    if !(min..=max).contains(&period.amount) {
        errors.add(field, format!("{what} must be between {min} and {max} {}, not {}", unit_words(period.unit), period.amount));
    }
}

/// Keys are what other parts of the procedure and stored complaints refer
/// to: lower-case letters, digits and single hyphens.
fn check_key(errors: &mut FieldErrors, field: &str, key: &str, seen: &mut HashSet<String>) {
    let well_formed = !key.is_empty()
        && key.len() <= KEY_MAX
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !key.starts_with('-')
        && !key.ends_with('-')
        && !key.contains("--");
    if !well_formed {
        errors.add(field, format!("A key must be 1 to {KEY_MAX} lower-case letters, numbers and single hyphens, not \"{key}\""));
    } else if !seen.insert(key.to_owned()) {
        errors.add(field, format!("The key \"{key}\" is used more than once"));
    }
}

fn check_text(errors: &mut FieldErrors, field: &str, value: &str, what: &str, max: usize) {
    if let Err(message) = required_text(value, what, max) {
        errors.add(field, message);
    }
}

fn check_ref(errors: &mut FieldErrors, field: &str, key: &str, known: &HashSet<String>, what: &str) {
    if !known.contains(key) {
        errors.add(field, format!("There is no {what} \"{key}\""));
    }
}

impl Procedure {
    /// Checks a whole procedure, reporting every problem at once.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_key(&mut errors, "key", &self.key, &mut HashSet::new());
        check_text(&mut errors, "name", &self.name, "the procedure's name", LABEL_MAX);
        check_text(&mut errors, "source", &self.source, "where the procedure comes from", TEXT_MAX);

        check_text(&mut errors, "in_time.label", &self.in_time.label, "a label for the in-time rule", LABEL_MAX);
        if !(1..=MONTHS_MAX).contains(&self.in_time.months) {
            errors
                .add("in_time.months", format!("The in-time rule must be between 1 and {MONTHS_MAX} months, not {}", self.in_time.months));
        }

        let bodies = self.validate_bodies(&mut errors);
        let limits = self.validate_limits(&mut errors);
        let categories = self.validate_categories(&mut errors, &bodies, &limits);
        let referrals = self.validate_matters(&mut errors, &bodies, &categories);
        let mut keys = HashSet::new();
        for (i, sub) in self.subcategories.iter().enumerate() {
            let at = format!("subcategories[{}]", i + 1);
            check_key(&mut errors, &format!("{at}.key"), &sub.key, &mut keys);
            check_text(&mut errors, &format!("{at}.label"), &sub.label, "a label for the subcategory", LABEL_MAX);
            check_ref(&mut errors, &format!("{at}.category"), &sub.category, &categories, "category");
            if let Some(referral) = &sub.suggests_referral {
                check_ref(&mut errors, &format!("{at}.suggests_referral"), referral, &referrals, "referral");
            }
        }
        errors.into_result(())
    }

    fn validate_bodies(&self, errors: &mut FieldErrors) -> HashSet<String> {
        let mut keys = HashSet::new();
        for (i, body) in self.bodies.iter().enumerate() {
            let at = format!("bodies[{}]", i + 1);
            check_key(errors, &format!("{at}.key"), &body.key, &mut keys);
            check_text(errors, &format!("{at}.label"), &body.label, "the body's name", LABEL_MAX);
        }
        keys
    }

    fn validate_limits(&self, errors: &mut FieldErrors) -> HashSet<String> {
        let mut keys = HashSet::new();
        for (i, limit) in self.limits.iter().enumerate() {
            let at = format!("limits[{}]", i + 1);
            check_key(errors, &format!("{at}.key"), &limit.key, &mut keys);
            check_text(errors, &format!("{at}.label"), &limit.label, "a label for the time limit", LABEL_MAX);
            check_period(errors, &format!("{at}.period"), &format!("The limit \"{}\"", limit.key), limit.period);
            if let Some(translated) = limit.translated_period {
                check_period(
                    errors,
                    &format!("{at}.translated_period"),
                    &format!("The limit \"{}\" with translation", limit.key),
                    translated,
                );
            }
            self.validate_clock(errors, &at, limit);
        }
        keys
    }

    /// The milestone graph of one limit: something stops it, it does not
    /// stop at the moment it starts, pauses end, repeats do not also stop
    /// it, and "when another limit is due" leads back to a milestone.
    fn validate_clock(&self, errors: &mut FieldErrors, at: &str, limit: &TimeLimit) {
        if limit.stops.is_empty() {
            errors.add(&format!("{at}.stops"), format!("Say what stops the \"{}\" clock", limit.key));
        }
        match &limit.starts {
            ClockStart::Milestone { milestone } => {
                if limit.stops.contains(milestone) {
                    errors.add(&format!("{at}.starts"), format!("The \"{}\" clock cannot start and stop at \"{milestone}\"", limit.key));
                }
            }
            ClockStart::WhenDue { limit: other } => {
                if let Some(problem) = self.due_chain_problem(&limit.key, other) {
                    errors.add(&format!("{at}.starts"), problem);
                }
            }
        }
        for (j, pause) in limit.pauses.iter().enumerate() {
            let field = format!("{at}.pauses[{}]", j + 1);
            if pause.from == pause.until {
                errors.add(&field, format!("A pause cannot begin and end at \"{}\"", pause.from));
            } else if limit.stops.contains(&pause.from) {
                errors.add(&field, format!("\"{}\" stops the clock, so it cannot pause it", pause.from));
            } else if matches!(limit.starts, ClockStart::Milestone { milestone } if milestone == pause.from) {
                errors.add(&field, format!("\"{}\" starts the clock, so it cannot pause it", pause.from));
            }
        }
        if let Some(repeat) = limit.repeats_on
            && limit.stops.contains(&repeat)
        {
            errors.add(&format!("{at}.repeats_on"), format!("\"{repeat}\" stops the clock, so it cannot also restart it"));
        }
    }

    /// Follows "starts when X is due" links; they must end at a limit
    /// started by a milestone, without coming back round.
    fn due_chain_problem(&self, own: &str, first: &str) -> Option<String> {
        let mut visited = vec![own.to_owned()];
        let mut next = first.to_owned();
        loop {
            if visited.contains(&next) {
                return Some(format!("The \"{own}\" clock waits, through \"{first}\", on itself"));
            }
            let Some(found) = self.limit(&next) else {
                return Some(format!("There is no time limit \"{next}\" for the \"{own}\" clock to start after"));
            };
            match &found.starts {
                ClockStart::Milestone { .. } => return None,
                ClockStart::WhenDue { limit } => {
                    visited.push(next);
                    next = limit.clone();
                }
            }
        }
    }

    fn validate_categories(&self, errors: &mut FieldErrors, bodies: &HashSet<String>, limits: &HashSet<String>) -> HashSet<String> {
        if self.categories.is_empty() {
            errors.add("categories", "A procedure needs at least one category");
        }
        let mut keys = HashSet::new();
        for (i, category) in self.categories.iter().enumerate() {
            let at = format!("categories[{}]", i + 1);
            check_key(errors, &format!("{at}.key"), &category.key, &mut keys);
            check_text(errors, &format!("{at}.label"), &category.label, "a label for the category", LABEL_MAX);
            check_text(errors, &format!("{at}.description"), &category.description, "a description of the category", TEXT_MAX);

            if category.investigators.is_empty() {
                errors.add(&format!("{at}.investigators"), format!("Say who investigates \"{}\" complaints", category.key));
            }
            for (j, investigator) in category.investigators.iter().enumerate() {
                let field = format!("{at}.investigators[{}]", j + 1);
                if investigator.bodies.is_empty() {
                    errors.add(&field, "Name at least one body to investigate");
                }
                for body in &investigator.bodies {
                    check_ref(errors, &field, body, bodies, "body");
                }
            }
            let anywhere = category.investigators.iter().any(|i| i.setting.is_none());
            if !category.investigators.is_empty() && !anywhere {
                let uncovered: Vec<&str> = super::procedure::Setting::ALL
                    .into_iter()
                    .filter(|s| !category.investigators.iter().any(|i| i.setting == Some(*s)))
                    .map(|s| s.slug())
                    .collect();
                if !uncovered.is_empty() {
                    errors.add(
                        &format!("{at}.investigators"),
                        format!("Say who investigates \"{}\" complaints in: {}", category.key, uncovered.join(", ")),
                    );
                }
            }

            for key in &category.limits {
                check_ref(errors, &format!("{at}.limits"), key, limits, "time limit");
            }
            let mut listed = HashSet::new();
            for key in &category.limits {
                if !listed.insert(key) {
                    errors.add(&format!("{at}.limits"), format!("The limit \"{key}\" is listed more than once"));
                }
            }

            // An out-of-time decision is sent to the complainant (para 45 of
            // the detention order: "notify complainant of decision").
            if category.out_of_time == OutOfTimeHandling::Discretion && !category.letters.contains(&LetterKind::OutOfTime) {
                errors.add(
                    &format!("{at}.letters"),
                    format!("\"{}\" complaints may be refused as out of time, so they need the out-of-time letter", category.key),
                );
            }

            for nation in Nation::ALL {
                match category.routes.iter().filter(|r| r.nation == nation).count() {
                    0 => errors.add(
                        &format!("{at}.routes"),
                        format!("Say where \"{}\" complaints in {} escalate to", category.key, nation.label()),
                    ),
                    1 => {}
                    _ => errors.add(&format!("{at}.routes"), format!("There is more than one route for {}", nation.label())),
                }
            }
            for (j, route) in category.routes.iter().enumerate() {
                let field = format!("{at}.routes[{}]", j + 1);
                if route.escalation.is_empty() {
                    errors.add(&field, format!("Name the ombudsman for {}", route.nation.label()));
                }
                for (k, step) in route.escalation.iter().enumerate() {
                    let step_at = format!("{field}.escalation[{}]", k + 1);
                    check_text(errors, &format!("{step_at}.wording"), &step.wording, "the wording for the response letter", TEXT_MAX);
                    if let Some(months) = step.within_months
                        && !(1..=MONTHS_MAX).contains(&months)
                    {
                        errors.add(&format!("{step_at}.within_months"), format!("Must be between 1 and {MONTHS_MAX} months, not {months}"));
                    }
                }
            }
        }
        keys
    }

    /// Out-of-scope, urgent and referral matters; returns the referral keys.
    fn validate_matters(&self, errors: &mut FieldErrors, bodies: &HashSet<String>, categories: &HashSet<String>) -> HashSet<String> {
        let mut keys = HashSet::new();
        for (i, matter) in self.out_of_scope.iter().enumerate() {
            let at = format!("out_of_scope[{}]", i + 1);
            check_key(errors, &format!("{at}.key"), &matter.key, &mut keys);
            check_text(errors, &format!("{at}.label"), &matter.label, "a label for the matter", LABEL_MAX);
            check_text(errors, &format!("{at}.notice"), &matter.notice, "what the complainant is told", TEXT_MAX);
            check_ref(errors, &format!("{at}.redirect_to"), &matter.redirect_to, bodies, "body");
            for category in &matter.still_handled_as {
                check_ref(errors, &format!("{at}.still_handled_as"), category, categories, "category");
            }
        }
        let mut keys = HashSet::new();
        for (i, matter) in self.urgent.iter().enumerate() {
            let at = format!("urgent[{}]", i + 1);
            check_key(errors, &format!("{at}.key"), &matter.key, &mut keys);
            check_text(errors, &format!("{at}.label"), &matter.label, "a label for the urgent matter", LABEL_MAX);
            check_ref(errors, &format!("{at}.escalate_to"), &matter.escalate_to, bodies, "body");
        }
        let mut keys = HashSet::new();
        for (i, referral) in self.referrals.iter().enumerate() {
            let at = format!("referrals[{}]", i + 1);
            check_key(errors, &format!("{at}.key"), &referral.key, &mut keys);
            check_text(errors, &format!("{at}.label"), &referral.label, "a label for the referral", LABEL_MAX);
            check_ref(errors, &format!("{at}.refer_to"), &referral.refer_to, bodies, "body");
            if let Some(label) = &referral.reference_label {
                check_text(errors, &format!("{at}.reference_label"), label, "a label for the reference", LABEL_MAX);
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::super::preset_detention::preset;
    use super::super::procedure::*;
    use super::*;

    /// The field of every error an edit produces.
    fn fields(p: &Procedure) -> Vec<String> {
        p.validate().unwrap_err().iter().map(|e| e.field.clone()).collect()
    }

    fn index(p: &Procedure, key: &str) -> usize {
        p.limits.iter().position(|l| l.key == key).unwrap()
    }

    #[test]
    fn periods_must_be_sane() {
        let mut p = preset();
        let scan = index(&p, "box-scan");
        p.limits[scan].period = Period::hours(0);
        let respond = index(&p, "respond");
        p.limits[respond].period = Period::working_days(2_600);
        let send = index(&p, "send-for-investigation");
        p.limits[send].translated_period = Some(Period::weeks(520));
        assert_eq!(
            fields(&p),
            [
                format!("limits[{}].period", scan + 1),
                format!("limits[{}].translated_period", send + 1),
                format!("limits[{}].period", respond + 1)
            ]
        );
        let errors = p.validate().unwrap_err();
        assert_eq!(
            errors.get(&format!("limits[{}].period", scan + 1)),
            Some("The limit \"box-scan\" must be between 1 and 336 hours, not 0")
        );
        // Zero working days is "the same day" and allowed.
        assert_eq!(p.limit("allocate").unwrap().period, Period::working_days(0));
    }

    #[test]
    fn keys_must_be_well_formed_and_unique() {
        let mut p = preset();
        p.limits[1].key = p.limits[0].key.clone();
        p.categories[1].key = "Minor Misconduct".into();
        p.subcategories[3].key = p.subcategories[2].key.clone();
        p.key = "-bad".into();
        let got = fields(&p);
        for want in ["key", "limits[2].key", "categories[2].key", "subcategories[4].key"] {
            assert!(got.contains(&want.to_owned()), "{want} in {got:?}");
        }
        assert!(p.validate().unwrap_err().get("limits[2].key").unwrap().contains("used more than once"));
    }

    #[test]
    fn references_between_parts_must_exist() {
        let mut p = preset();
        p.subcategories[0].category = "parking".into();
        p.subcategories[1].suggests_referral = Some("astrology".into());
        p.categories[0].limits.push("lunch".into());
        p.categories[0].investigators[0].bodies.push("nobody".into());
        p.out_of_scope[0].redirect_to = "nowhere".into();
        p.out_of_scope[5].still_handled_as = vec!["gossip".into()];
        p.urgent[0].escalate_to = "nobody".into();
        p.referrals[0].refer_to = "nobody".into();
        assert_eq!(
            fields(&p),
            [
                "categories[1].investigators[1]",
                "categories[1].limits",
                "out_of_scope[1].redirect_to",
                "out_of_scope[6].still_handled_as",
                "urgent[1].escalate_to",
                "referrals[1].refer_to",
                "subcategories[1].category",
                "subcategories[2].suggests_referral",
            ]
        );
        assert_eq!(p.validate().unwrap_err().get("subcategories[1].category"), Some("There is no category \"parking\""));
    }

    #[test]
    fn every_category_needs_investigators_and_a_route_per_nation() {
        let mut p = preset();
        p.categories[0].investigators.clear();
        p.categories[1].investigators.pop();
        p.categories[2].routes.retain(|r| r.nation != Nation::NorthernIreland);
        let repeated = p.categories[3].routes[0].clone();
        p.categories[3].routes.push(repeated);
        p.categories[4].routes[0].escalation.clear();
        let errors = p.validate().unwrap_err();
        assert_eq!(
            fields(&p),
            [
                "categories[1].investigators",
                "categories[2].investigators",
                "categories[3].routes",
                "categories[4].routes",
                "categories[5].routes[1]"
            ]
        );
        assert_eq!(
            errors.get("categories[2].investigators"),
            Some("Say who investigates \"minor-misconduct\" complaints in: holding-facility-or-escort")
        );
        assert_eq!(errors.get("categories[3].routes"), Some("Say where \"serious-misconduct\" complaints in Northern Ireland escalate to"));
        let mut none = preset();
        none.categories.clear();
        none.subcategories.clear();
        none.out_of_scope[5].still_handled_as.clear();
        assert_eq!(fields(&none), ["categories"]);
    }

    #[test]
    fn the_milestone_graph_must_make_sense() {
        let mut p = preset();
        let ack = index(&p, "acknowledge");
        p.limits[ack].stops.push(Milestone::Allocated);
        let log = index(&p, "log");
        p.limits[log].stops.clear();
        let respond = index(&p, "respond");
        p.limits[respond].pauses = vec![
            Pause { from: Milestone::ConsentRequested, until: Milestone::ConsentRequested },
            Pause { from: Milestone::ResponseSent, until: Milestone::ConsentReceived },
            Pause { from: Milestone::Allocated, until: Milestone::ConsentReceived },
        ];
        let update = index(&p, "serious-misconduct-update");
        p.limits[update].repeats_on = Some(Milestone::ResponseSent);
        let errors = p.validate().unwrap_err();
        let at = |i: usize, rest: &str| format!("limits[{}].{rest}", i + 1);
        assert_eq!(
            fields(&p),
            [
                at(log, "stops"),
                at(ack, "starts"),
                at(respond, "pauses[1]"),
                at(respond, "pauses[2]"),
                at(respond, "pauses[3]"),
                at(update, "repeats_on"),
            ]
        );
        assert_eq!(errors.get(&at(ack, "starts")), Some("The \"acknowledge\" clock cannot start and stop at \"allocated\""));
    }

    #[test]
    fn a_clock_cannot_wait_on_itself_or_a_missing_limit() {
        let mut p = preset();
        let update = index(&p, "serious-misconduct-update");
        let respond = index(&p, "serious-misconduct-respond");
        p.limits[respond].starts = ClockStart::WhenDue { limit: "serious-misconduct-update".into() };
        assert_eq!(fields(&p), [format!("limits[{}].starts", respond + 1), format!("limits[{}].starts", update + 1)]);
        assert!(p.validate().unwrap_err().get(&format!("limits[{}].starts", update + 1)).unwrap().contains("on itself"));
        let mut missing = preset();
        missing.limits[update].starts = ClockStart::WhenDue { limit: "twelve-weeks".into() };
        assert_eq!(
            missing.validate().unwrap_err().get(&format!("limits[{}].starts", update + 1)),
            Some("There is no time limit \"twelve-weeks\" for the \"serious-misconduct-update\" clock to start after")
        );
    }

    #[test]
    fn a_category_that_can_be_out_of_time_needs_the_letter() {
        let mut p = preset();
        p.categories[0].letters.retain(|l| *l != LetterKind::OutOfTime);
        assert_eq!(fields(&p), ["categories[1].letters"]);
        // Serious misconduct is always considered, so it needs no such letter.
        assert!(!p.categories[2].letters.contains(&LetterKind::OutOfTime));
        p.categories[0].out_of_time = OutOfTimeHandling::AlwaysConsidered;
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn months_and_text_are_bounded() {
        let mut p = preset();
        p.in_time.months = 0;
        p.name = " ".into();
        p.categories[0].routes[0].escalation[0].within_months = Some(120);
        p.categories[0].routes[1].escalation[0].wording.clear();
        assert_eq!(
            fields(&p),
            [
                "name",
                "in_time.months",
                "categories[1].routes[1].escalation[1].within_months",
                "categories[1].routes[2].escalation[1].wording"
            ]
        );
    }
}
