//! People and recognition (issue 3): the identifiers a person carries, and
//! the recogniser that proposes which person on file a caller probably is.
//!
//! Everything here is pure: the store fetches candidates (using
//! [`name_blocking_keys`] as an index) and the app records what the handler
//! confirms.

mod blocking;
pub mod email;
pub mod matching;
pub mod names;
pub mod phone;
mod quick_search;
pub mod references;
mod similarity;

#[cfg(test)]
mod recognition_quality;

pub use email::{EmailAddress, EmailError};
pub use matching::{
    CandidatePerson, MatchCandidate, MatchQuery, MatchReason, MatchSettings, NamePair, name_blocking_keys, query_blocking_keys,
    rank_candidates, rank_candidates_with,
};
pub use names::{NameError, PersonName};
pub use phone::{PhoneError, PhoneNumber};
pub use quick_search::QuickSearch;
pub use references::{ExternalReference, ReferenceError, ReferenceKind, UnknownReferenceKind};
pub use similarity::name_similarity;
