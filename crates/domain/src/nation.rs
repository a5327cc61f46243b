//! The UK nations a site can be in. Nations matter because bank holidays,
//! ombudsmen and healthcare routes differ between them.

use serde::{Deserialize, Serialize};

/// The legal jurisdiction a site sits in. England and Wales share one set
/// of bank holidays, so they are one nation for Casebook's purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 3] = [Nation::EnglandAndWales, Nation::Scotland, Nation::NorthernIreland];

    /// The spelling used on the command line, in the API and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Nation::EnglandAndWales => "england-and-wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Nation::EnglandAndWales => "England and Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }
}

crate::slug::slug_enum_traits!(Nation, UnknownNation, "nation");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for n in Nation::ALL {
            assert_eq!(n.slug().parse::<Nation>(), Ok(n));
        }
        assert!("wales".parse::<Nation>().is_err());
    }
}
