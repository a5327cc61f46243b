//! The procedure in force, turned into rows a reader can scan: bodies and
//! limits shown by their labels, never by key, and every enum in words.

use casebook_domain::complaints::Procedure;
use casebook_domain::complaints::procedure::{ClockStart, Investigator};
use serde::Serialize;

/// Any kebab-case enum in words: "holding-facility-or-escort" → "Holding facility or escort".
pub fn words<T: Serialize>(value: &T) -> String {
    let raw = serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let spaced = raw.replace('-', " ");
    let mut chars = spaced.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub struct CategoryRow {
    pub label: String,
    pub description: String,
    pub investigators: Vec<String>,
    pub limits: String,
    pub letters: String,
    pub out_of_time: String,
    pub subcategories: Vec<String>,
    pub routes: Vec<RouteRow>,
}

pub struct RouteRow {
    pub nation: String,
    pub records: String,
    pub steps: Vec<String>,
}

pub struct LimitRow {
    pub label: String,
    pub period: String,
    pub translated: String,
    pub applies: String,
    pub starts: String,
    pub pauses: String,
    pub stops: String,
    pub repeats: String,
    pub basis: String,
}

/// A label and what to say beside it (redirects, urgent matters, referrals).
pub struct MatterRow {
    pub label: String,
    pub goes_to: String,
    pub detail: String,
}

pub struct Summary {
    pub name: String,
    pub source: String,
    pub reference_format: String,
    pub in_time: String,
    pub categories: Vec<CategoryRow>,
    pub limits: Vec<LimitRow>,
    pub out_of_scope: Vec<MatterRow>,
    pub urgent: Vec<MatterRow>,
    pub referrals: Vec<MatterRow>,
}

impl Summary {
    pub fn of(p: &Procedure) -> Summary {
        let body = |key: &str| p.bodies.iter().find(|b| b.key == key).map_or_else(|| key.to_owned(), |b| b.label.clone());
        let limit = |key: &str| p.limits.iter().find(|l| l.key == key).map_or_else(|| key.to_owned(), |l| l.label.clone());
        let category = |key: &str| p.categories.iter().find(|c| c.key == key).map_or_else(|| key.to_owned(), |c| c.label.clone());
        let investigator = |i: &Investigator| {
            let bodies = i.bodies.iter().map(|b| body(b)).collect::<Vec<_>>().join(" with ");
            match i.setting {
                Some(setting) => format!("{}: {bodies}", words(&setting)),
                None => bodies,
            }
        };
        let categories = p
            .categories
            .iter()
            .map(|c| CategoryRow {
                label: c.label.clone(),
                description: c.description.clone(),
                investigators: c.investigators.iter().map(investigator).collect(),
                limits: c.limits.iter().map(|l| limit(l)).collect::<Vec<_>>().join("; "),
                letters: c.letters.iter().map(words).collect::<Vec<_>>().join(", "),
                out_of_time: words(&c.out_of_time),
                subcategories: p.subcategories.iter().filter(|s| s.category == c.key).map(|s| s.label.clone()).collect(),
                routes: c
                    .routes
                    .iter()
                    .map(|r| RouteRow {
                        nation: r.nation.label().to_owned(),
                        records: words(&r.records),
                        steps: r
                            .escalation
                            .iter()
                            .map(|s| {
                                let within = s.within_months.map(|m| format!(" within {m} months")).unwrap_or_default();
                                format!("{} ({}{within})", s.ombudsman.label(), words(&s.via).to_lowercase())
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let milestones = |ms: &[casebook_domain::complaints::procedure::Milestone]| ms.iter().map(words).collect::<Vec<_>>().join(", ");
        let limits = p
            .limits
            .iter()
            .map(|l| LimitRow {
                label: l.label.clone(),
                period: l.period.to_string(),
                translated: l.translated_period.map(|t| t.to_string()).unwrap_or_default(),
                applies: words(&l.applies),
                starts: match &l.starts {
                    ClockStart::Milestone { milestone } => words(milestone),
                    ClockStart::WhenDue { limit: key } => format!("When \"{}\" falls due", limit(key)),
                },
                pauses: l
                    .pauses
                    .iter()
                    .map(|pause| format!("{} until {}", words(&pause.from), words(&pause.until).to_lowercase()))
                    .collect::<Vec<_>>()
                    .join("; "),
                stops: milestones(&l.stops),
                repeats: l.repeats_on.map(|m| words(&m)).unwrap_or_default(),
                basis: l.basis.clone(),
            })
            .collect();
        Summary {
            name: p.name.clone(),
            source: p.source.clone(),
            reference_format: p.reference_format.as_str().to_owned(),
            in_time: format!("{}: {} months ({})", p.in_time.label, p.in_time.months, p.in_time.basis),
            categories,
            limits,
            out_of_scope: p
                .out_of_scope
                .iter()
                .map(|o| MatterRow {
                    label: o.label.clone(),
                    goes_to: body(&o.redirect_to),
                    detail: if o.still_handled_as.is_empty() {
                        o.notice.clone()
                    } else {
                        let still = o.still_handled_as.iter().map(|c| category(c)).collect::<Vec<_>>().join(", ");
                        format!("{} Still handled here: {still}.", o.notice)
                    },
                })
                .collect(),
            urgent: p
                .urgent
                .iter()
                .map(|u| MatterRow { label: u.label.clone(), goes_to: body(&u.escalate_to), detail: String::new() })
                .collect(),
            referrals: p
                .referrals
                .iter()
                .map(|r| MatterRow {
                    label: r.label.clone(),
                    goes_to: body(&r.refer_to),
                    detail: [
                        r.reference_label.as_ref().map(|l| format!("Record the {}", l.to_lowercase())),
                        r.even_if_complainant_objects.then(|| "Referred even if the complainant objects".to_owned()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(". "),
                })
                .collect(),
        }
    }
}
