//! The questions the workflow asks a procedure: which clocks run on this
//! complaint, who investigates it, where the complainant escalates to, and
//! whether it came in time. All pure; a procedure that passed `validate`
//! answers every one for each of its categories.

use super::procedure::{
    Applies, Body, Category, Investigator, OutOfScope, Procedure, ReferralTrigger, Route, Setting, Subcategory, TimeLimit, UrgentMatter,
};
use crate::deadlines::Period;
use crate::nation::Nation;
use crate::validation::FieldErrors;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

/// A time limit as it applies to one complaint: the translation choice made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplicableLimit<'p> {
    pub limit: &'p TimeLimit,
    pub period: Period,
}

/// The result of the in-time check, with words for the clerk and the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InTimeCheck {
    pub in_time: bool,
    /// The last day a complaint about this incident is in time.
    pub last_day: Date,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("The procedure has no category \"{0}\"")]
    UnknownCategory(String),
    #[error("The category \"{category}\" has no route for {nation}", nation = .nation.label())]
    NoRoute { category: String, nation: Nation },
    #[error("The incident date must be on or before the date the complaint was received")]
    IncidentAfterReceipt,
    #[error("The incident date is too far in the past or future to check")]
    DateOutOfRange,
}

impl Procedure {
    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    pub fn subcategory(&self, key: &str) -> Option<&Subcategory> {
        self.subcategories.iter().find(|s| s.key == key)
    }

    pub fn subcategories_of<'p>(&'p self, category: &'p str) -> impl Iterator<Item = &'p Subcategory> + 'p {
        self.subcategories.iter().filter(move |s| s.category == category)
    }

    pub fn limit(&self, key: &str) -> Option<&TimeLimit> {
        self.limits.iter().find(|l| l.key == key)
    }

    pub fn body(&self, key: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.key == key)
    }

    pub fn out_of_scope_matter(&self, key: &str) -> Option<&OutOfScope> {
        self.out_of_scope.iter().find(|o| o.key == key)
    }

    pub fn urgent_matter(&self, key: &str) -> Option<&UrgentMatter> {
        self.urgent.iter().find(|u| u.key == key)
    }

    pub fn referral(&self, key: &str) -> Option<&ReferralTrigger> {
        self.referrals.iter().find(|r| r.key == key)
    }

    /// A clerk's choice of category and subcategory, checked against this
    /// procedure: both must exist and the subcategory must be one of the
    /// category's. Errors name the form fields `category` and `subcategory`.
    pub fn classify(&self, category: &str, subcategory: Option<&str>) -> Result<(&Category, Option<&Subcategory>), FieldErrors> {
        let Some(found) = self.category(category) else {
            return Err(FieldErrors::single("category", format!("\"{category}\" is not a category of {}", self.name)));
        };
        let Some(sub_key) = subcategory else { return Ok((found, None)) };
        match self.subcategory(sub_key) {
            Some(sub) if sub.category == found.key => Ok((found, Some(sub))),
            Some(_) => {
                Err(FieldErrors::single("subcategory", format!("\"{sub_key}\" is not a kind of {} complaint", found.label.to_lowercase())))
            }
            None => Err(FieldErrors::single("subcategory", format!("\"{sub_key}\" is not a subcategory of {}", self.name))),
        }
    }

    fn known_category(&self, key: &str) -> Result<&Category, LookupError> {
        self.category(key).ok_or_else(|| LookupError::UnknownCategory(key.to_owned()))
    }

    /// The limits that run on a complaint in `category`, in the order the
    /// category lists them: translation-only limits left out unless
    /// translation is needed, and the longer translated period used when it is.
    /// (A key with no limit is skipped; `validate` refuses such a procedure.)
    pub fn limits_for(&self, category: &str, translation_needed: bool) -> Result<Vec<ApplicableLimit<'_>>, LookupError> {
        let category = self.known_category(category)?;
        Ok(category
            .limits
            .iter()
            .filter_map(|key| self.limit(key))
            .filter(|limit| translation_needed || limit.applies == Applies::Always)
            .map(|limit| ApplicableLimit {
                limit,
                period: if translation_needed { limit.translated_period.unwrap_or(limit.period) } else { limit.period },
            })
            .collect())
    }

    /// Who investigates a complaint in `category` arising in `setting`: the
    /// setting's own entry, else the one for anywhere.
    pub fn investigator(&self, category: &str, setting: Setting) -> Result<Option<&Investigator>, LookupError> {
        let category = self.known_category(category)?;
        let own = category.investigators.iter().find(|i| i.setting == Some(setting));
        Ok(own.or_else(|| category.investigators.iter().find(|i| i.setting.is_none())))
    }

    /// Where a complainant in `nation` goes after the response, and what
    /// the unit keeps.
    pub fn escalation_route(&self, category: &str, nation: Nation) -> Result<&Route, LookupError> {
        let found = self.known_category(category)?;
        found.routes.iter().find(|r| r.nation == nation).ok_or_else(|| LookupError::NoRoute { category: category.to_owned(), nation })
    }

    /// Whether a complaint received on `received` about an incident on
    /// `incident` is in time. The last day counts: an incident on 10 March
    /// is in time under a three-month rule until 10 June inclusive; a day
    /// missing from the later month (31 May + 3 months) falls back to that
    /// month's last day.
    pub fn in_time(&self, incident: Date, received: Date) -> Result<InTimeCheck, LookupError> {
        if incident > received {
            return Err(LookupError::IncidentAfterReceipt);
        }
        let months = i64::from(self.in_time.months);
        let last_day = incident.checked_add(months.months()).map_err(|_| LookupError::DateOutOfRange)?;
        let in_time = received <= last_day;
        let within = plural(self.in_time.months, "month");
        let reason = if in_time {
            format!(
                "Received on {}, within {within} of the incident on {} (in time until {})",
                long_date(received),
                long_date(incident),
                long_date(last_day)
            )
        } else {
            let late = (received - last_day).get_days();
            format!(
                "Received on {}, {} after the last in-time day ({}, {within} after the incident on {})",
                long_date(received),
                plural(u32::try_from(late).unwrap_or(u32::MAX), "day"),
                long_date(last_day),
                long_date(incident)
            )
        };
        Ok(InTimeCheck { in_time, last_day, reason })
    }
}

fn long_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

fn plural(n: u32, unit: &str) -> String {
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

#[cfg(test)]
mod tests {
    use super::super::preset_detention;
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_last_day_counts_and_short_months_clamp() {
        let p = preset_detention::preset();
        let on_the_day = p.in_time(date(2025, 3, 10), date(2025, 6, 10)).unwrap();
        assert!(on_the_day.in_time);
        assert_eq!(on_the_day.last_day, date(2025, 6, 10));
        assert_eq!(
            on_the_day.reason,
            "Received on 10 June 2025, within 3 months of the incident on 10 March 2025 (in time until 10 June 2025)"
        );
        let day_after = p.in_time(date(2025, 3, 10), date(2025, 6, 11)).unwrap();
        assert!(!day_after.in_time);
        assert!(
            day_after.reason.starts_with("Received on 11 June 2025, 1 day after the last in-time day (10 June 2025"),
            "{}",
            day_after.reason
        );
        // 30 November + 3 months has no 30th: the last day is 28 February.
        assert_eq!(p.in_time(date(2025, 11, 30), date(2026, 3, 1)).unwrap().last_day, date(2026, 2, 28));
        assert!(!p.in_time(date(2025, 11, 30), date(2026, 3, 1)).unwrap().in_time);
    }

    #[test]
    fn an_incident_after_receipt_is_refused() {
        let p = preset_detention::preset();
        assert_eq!(p.in_time(date(2025, 3, 11), date(2025, 3, 10)), Err(LookupError::IncidentAfterReceipt));
        assert!(p.in_time(date(2025, 3, 10), date(2025, 3, 10)).unwrap().in_time);
    }

    #[test]
    fn unknown_categories_are_named() {
        let p = preset_detention::preset();
        let err = p.limits_for("parking", false).unwrap_err();
        assert_eq!(err.to_string(), "The procedure has no category \"parking\"");
        assert!(p.escalation_route("parking", Nation::Scotland).is_err());
        assert!(p.investigator("parking", Setting::RemovalCentre).is_err());
    }

    #[test]
    fn classification_names_the_field_at_fault() {
        let p = preset_detention::preset();
        let (category, sub) = p.classify("serious-misconduct", Some("criminal-theft")).unwrap();
        assert_eq!((category.key.as_str(), sub.map(|s| s.key.as_str())), ("serious-misconduct", Some("criminal-theft")));
        assert!(p.classify("healthcare", None).unwrap().1.is_none());
        let wrong = p.classify("minor-misconduct", Some("criminal-theft")).unwrap_err();
        assert_eq!(wrong.get("subcategory"), Some("\"criminal-theft\" is not a kind of minor misconduct complaint"));
        assert!(p.classify("minor-misconduct", Some("parking")).unwrap_err().get("subcategory").is_some());
        assert_eq!(
            p.classify("parking", Some("delays")).unwrap_err().get("category"),
            Some("\"parking\" is not a category of Detention services complaints (DSO 03/2015)")
        );
    }

    #[test]
    fn a_missing_route_is_an_error_not_a_guess() {
        let mut p = preset_detention::preset();
        p.categories[0].routes.retain(|r| r.nation != Nation::Scotland);
        let key = p.categories[0].key.clone();
        assert_eq!(
            p.escalation_route(&key, Nation::Scotland).unwrap_err().to_string(),
            format!("The category \"{key}\" has no route for Scotland")
        );
    }
}
