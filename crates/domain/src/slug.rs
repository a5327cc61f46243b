//! The spelling of our enums on the command line, in the API and in the
//! database: each has `ALL` and `slug()`; this gives them `Display` and a
//! `FromStr` whose error names the bad value and lists the good ones.

macro_rules! slug_enum_traits {
    ($ty:ident, $err:ident, $what:literal) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }

        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("unknown {what} \"{given}\": use one of {choices}", what = $what, given = .0, choices = $ty::ALL.map(|x| x.slug()).join(", "))]
        pub struct $err(pub String);

        impl std::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase();
                $ty::ALL
                    .into_iter()
                    .find(|x| x.slug() == wanted)
                    .ok_or_else(|| $err(s.to_owned()))
            }
        }
    };
}
pub(crate) use slug_enum_traits;
