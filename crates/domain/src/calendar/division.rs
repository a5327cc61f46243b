//! The bank-holiday divisions of the UK, plus "any part of the UK" for
//! instruments (such as FOIA) that exclude every part's bank holidays.

use crate::nation::Nation;
use serde::Serialize;

/// Which bank holidays a working-day calendar skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Division {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
    /// A day is a holiday if it is one in any of the three divisions.
    UnitedKingdom,
}

impl Division {
    pub const ALL: [Division; 4] = [Division::EnglandAndWales, Division::Scotland, Division::NorthernIreland, Division::UnitedKingdom];

    /// The spelling used in the GOV.UK feed, the API and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Division::EnglandAndWales => "england-and-wales",
            Division::Scotland => "scotland",
            Division::NorthernIreland => "northern-ireland",
            Division::UnitedKingdom => "united-kingdom",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Division::EnglandAndWales => "England and Wales",
            Division::Scotland => "Scotland",
            Division::NorthernIreland => "Northern Ireland",
            Division::UnitedKingdom => "United Kingdom (any part)",
        }
    }

    /// The nations whose bank holidays this division observes.
    pub fn nations(self) -> &'static [Nation] {
        match self {
            Division::EnglandAndWales => &[Nation::EnglandAndWales],
            Division::Scotland => &[Nation::Scotland],
            Division::NorthernIreland => &[Nation::NorthernIreland],
            Division::UnitedKingdom => &Nation::ALL,
        }
    }
}

impl From<Nation> for Division {
    fn from(nation: Nation) -> Self {
        match nation {
            Nation::EnglandAndWales => Division::EnglandAndWales,
            Nation::Scotland => Division::Scotland,
            Nation::NorthernIreland => Division::NorthernIreland,
        }
    }
}

crate::slug::slug_enum_traits!(Division, UnknownDivision, "division");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_match_serde() {
        for d in Division::ALL {
            assert_eq!(d.slug().parse::<Division>(), Ok(d));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{}\"", d.slug()));
            assert_eq!(d.to_string(), d.slug());
        }
    }

    #[test]
    fn unknown_division_names_the_value_and_the_choices() {
        let err = "wales".parse::<Division>().unwrap_err();
        assert_eq!(err, UnknownDivision("wales".into()));
        let msg = err.to_string();
        assert!(msg.contains("\"wales\""), "{msg}");
        for d in Division::ALL {
            assert!(msg.contains(d.slug()), "{msg}");
        }
    }

    #[test]
    fn labels_and_nations() {
        assert_eq!(Division::UnitedKingdom.label(), "United Kingdom (any part)");
        assert_eq!(Division::EnglandAndWales.label(), "England and Wales");
        for n in Nation::ALL {
            let d = Division::from(n);
            assert_eq!(d.slug(), n.slug());
            assert_eq!(d.label(), n.label());
            assert_eq!(d.nations(), &[n]);
        }
        assert_eq!(Division::UnitedKingdom.nations().len(), 3);
    }
}
