//! Who people are in Casebook: roles (what they do) and civil-service
//! grades (how senior they are). Later sign-off rules compare grades, so
//! grades are ordered from most junior to most senior.

use serde::{Deserialize, Serialize};

/// What a person does in the office. A person may hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    CallHandler,
    ComplianceOfficer,
    Investigator,
    SeniorReviewer,
    Manager,
    MonitoringBoard,
    Administrator,
    /// A machine account, not a person: the telephony platform posting call
    /// events for the caller screen. It may do nothing else.
    TelephonyPlatform,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::CallHandler,
        Role::ComplianceOfficer,
        Role::Investigator,
        Role::SeniorReviewer,
        Role::Manager,
        Role::MonitoringBoard,
        Role::Administrator,
        Role::TelephonyPlatform,
    ];

    /// The spelling on the command line, in the API and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Role::CallHandler => "call-handler",
            Role::ComplianceOfficer => "compliance-officer",
            Role::Investigator => "investigator",
            Role::SeniorReviewer => "senior-reviewer",
            Role::Manager => "manager",
            Role::MonitoringBoard => "monitoring-board",
            Role::Administrator => "administrator",
            Role::TelephonyPlatform => "telephony-platform",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::CallHandler => "Call handler",
            Role::ComplianceOfficer => "Compliance officer",
            Role::Investigator => "Investigator",
            Role::SeniorReviewer => "Senior reviewer",
            Role::Manager => "Manager",
            Role::MonitoringBoard => "Monitoring board",
            Role::Administrator => "Administrator",
            Role::TelephonyPlatform => "Telephony platform",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Role::CallHandler => "Logs contacts, sees who is calling, grades risk, takes messages",
            Role::ComplianceOfficer => "Logs and triages complaints, allocates, chases time limits",
            Role::Investigator => "Acknowledges, investigates and drafts responses",
            Role::SeniorReviewer => "Signs off responses and warning or barring letters",
            Role::Manager => "Flags frequent callers, approves bars and extensions, reads reports",
            Role::MonitoringBoard => "Reads what complainants agreed to share, nothing else",
            Role::Administrator => "Manages users, sites, calendars and the audit trail",
            Role::TelephonyPlatform => "A machine account: posts call events for the caller screen, nothing else",
        }
    }
}

/// A set of roles, small enough to copy; stored as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Roles(u16);

impl Roles {
    pub const NONE: Roles = Roles(0);

    /// The roles that deal with members of the public: they may read and
    /// create persons and log contacts. Not the monitoring board, and not an
    /// administrator who holds no other role.
    pub const FRONT_LINE: Roles =
        Roles::of(&[Role::CallHandler, Role::ComplianceOfficer, Role::Investigator, Role::SeniorReviewer, Role::Manager]);

    pub const ADMINISTRATORS: Roles = Roles::of(&[Role::Administrator]);

    /// The telephony platform's machine account, which posts call events.
    pub const TELEPHONY: Roles = Roles::of(&[Role::TelephonyPlatform]);

    /// Managers decide: flag frequent callers, agree response plans, record
    /// special-category markers, change an office's policy numbers.
    pub const MANAGERS: Roles = Roles::of(&[Role::Manager]);

    /// Who reads the frequent-callers report for the fortnightly meeting:
    /// managers, senior reviewers and the compliance officers who keep the
    /// frequent-calls log.
    pub const FREQUENT_CALLER_READERS: Roles = Roles::of(&[Role::Manager, Role::SeniorReviewer, Role::ComplianceOfficer]);

    /// Need-to-know for special-category data (health, vulnerability): the
    /// handlers who answer the person, their managers and senior reviewers.
    /// Every read is audited.
    pub const SPECIAL_CATEGORY_READERS: Roles = Roles::of(&[Role::CallHandler, Role::Manager, Role::SeniorReviewer]);

    /// Who reads management reports (THRIVE grades by channel, overrides).
    pub const REPORT_READERS: Roles = Roles::of(&[Role::Manager, Role::SeniorReviewer]);

    /// Who runs the complaints journey: receive, triage, log, allocate,
    /// reallocate, recategorise, record a withdrawal. The compliance
    /// officer is the complaints clerk; managers and senior reviewers
    /// oversee. Not the monitoring board, which gets its own view.
    pub const COMPLAINT_HANDLERS: Roles = Roles::of(&[Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer]);

    /// Who reads complaints and their work lists: the handlers and the
    /// investigators who answer the parts (they also acknowledge them).
    /// A confidential complaint is further limited to the roles it names.
    pub const COMPLAINT_READERS: Roles = Roles::of(&[Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer, Role::Investigator]);
    /// Who reads the complaints procedure in force (categories, time limits,
    /// escalation routes): everyone who handles complaints, and the
    /// administrators who choose the preset and change its numbers.
    pub const COMPLAINT_PROCEDURE_READERS: Roles =
        Roles::of(&[Role::Administrator, Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer, Role::Investigator]);

    /// Who keeps a site's complaint-box log (emptyings and scans): the
    /// compliance officers who clerk complaints, their managers and senior
    /// reviewers, who check the six-hour scans are kept.
    pub const COMPLAINT_BOX_KEEPERS: Roles = Roles::of(&[Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer]);
    /// Complaint responses (issue 4): who may approve or return a drafted
    /// response. The order asks for "a second, more senior, person"; the
    /// grade rule itself is the domain's (`complaints::response::check_reviewer`).
    pub const RESPONSE_APPROVERS: Roles = Roles::of(&[Role::SeniorReviewer, Role::Manager]);

    /// Complaints after the response: who approves or declines ending
    /// correspondence with a persistent complainant (a senior reviewer or
    /// manager; the domain also wants a more senior grade than the proposer).
    pub const CORRESPONDENCE_APPROVERS: Roles = Roles::of(&[Role::Manager, Role::SeniorReviewer]);

    pub const fn of(roles: &[Role]) -> Roles {
        let mut bits = 0u16;
        let mut i = 0;
        while i < roles.len() {
            bits |= 1 << roles[i] as u16;
            i += 1;
        }
        Roles(bits)
    }

    pub const fn everyone() -> Roles {
        Roles((1 << Role::ALL.len()) - 1)
    }

    pub const fn contains(self, role: Role) -> bool {
        self.0 & (1 << role as u16) != 0
    }

    pub const fn intersects(self, other: Roles) -> bool {
        self.0 & other.0 != 0
    }

    pub fn insert(&mut self, role: Role) {
        self.0 |= 1 << role as u16;
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Role> for Roles {
    fn from_iter<T: IntoIterator<Item = Role>>(iter: T) -> Self {
        let mut roles = Roles::NONE;
        for role in iter {
            roles.insert(role);
        }
        roles
    }
}

/// Civil-service grades, most junior first, so `a > b` means "a is more senior".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    Ao,
    Eo,
    Heo,
    Seo,
    #[serde(rename = "grade-7")]
    Grade7,
    #[serde(rename = "grade-6")]
    Grade6,
    Scs,
}

impl Grade {
    pub const ALL: [Grade; 7] = [Grade::Ao, Grade::Eo, Grade::Heo, Grade::Seo, Grade::Grade7, Grade::Grade6, Grade::Scs];

    pub fn slug(self) -> &'static str {
        match self {
            Grade::Ao => "ao",
            Grade::Eo => "eo",
            Grade::Heo => "heo",
            Grade::Seo => "seo",
            Grade::Grade7 => "grade-7",
            Grade::Grade6 => "grade-6",
            Grade::Scs => "scs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Ao => "Administrative Officer (AO)",
            Grade::Eo => "Executive Officer (EO)",
            Grade::Heo => "Higher Executive Officer (HEO)",
            Grade::Seo => "Senior Executive Officer (SEO)",
            Grade::Grade7 => "Grade 7",
            Grade::Grade6 => "Grade 6",
            Grade::Scs => "Senior Civil Service (SCS)",
        }
    }

    /// Sign-off rules need a reviewer strictly more senior than the author.
    pub fn is_more_senior_than(self, other: Grade) -> bool {
        self > other
    }
}

crate::slug::slug_enum_traits!(Role, UnknownRole, "role");
crate::slug::slug_enum_traits!(Grade, UnknownGrade, "grade");

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn roles_and_grades_round_trip_their_slugs() {
        for r in Role::ALL {
            assert_eq!(r.slug().parse::<Role>(), Ok(r));
        }
        for g in Grade::ALL {
            assert_eq!(g.slug().parse::<Grade>(), Ok(g));
        }
    }

    #[test]
    fn unknown_role_names_the_value_and_the_choices() {
        let err = "caller".parse::<Role>().unwrap_err().to_string();
        assert!(err.contains("\"caller\""), "{err}");
        assert!(err.contains("call-handler"), "{err}");
    }

    #[test]
    fn grades_are_ordered_by_seniority() {
        assert!(Grade::Seo.is_more_senior_than(Grade::Heo));
        assert!(Grade::Grade7.is_more_senior_than(Grade::Seo));
        assert!(!Grade::Heo.is_more_senior_than(Grade::Heo));
        assert!(Grade::Scs > Grade::Grade6);
    }

    #[test]
    fn serde_spelling_matches_slugs() {
        for g in Grade::ALL {
            assert_eq!(serde_json::to_string(&g).unwrap(), format!("\"{}\"", g.slug()));
        }
        for r in Role::ALL {
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.slug()));
        }
    }

    proptest! {
        #[test]
        fn role_sets_contain_exactly_what_was_put_in(mask in 0u16..256) {
            let chosen: Vec<Role> = Role::ALL.into_iter().enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0).map(|(_, r)| r).collect();
            let set: Roles = chosen.iter().copied().collect();
            for r in Role::ALL {
                prop_assert_eq!(set.contains(r), chosen.contains(&r));
            }
            prop_assert_eq!(set.iter().count(), chosen.len());
            prop_assert!(Roles::everyone().intersects(set) || set.is_empty());
        }
    }
}
