//! Vulnerability and safeguarding (issue 3): special-category markers with
//! their source, lawful basis and review date; concerns raised with a
//! manager (seed 001 (i)); and the rules for merging and unmerging persons.
//!
//! Markers are special-category data (UK GDPR Art 9): need-to-know, every
//! read audited, each with the Art 9 / DPA 2018 Sch 1 condition decided
//! beforehand and a time-limited review. All pure; the app enforces who.

mod concerns;
mod markers;
mod merges;

pub use concerns::{ConcernDraft, ValidConcern, validate_concern};
pub use markers::{
    LawfulBasis, MarkerDraft, MarkerKind, REVIEW_MONTHS_MAX, UnknownLawfulBasis, UnknownMarkerKind, ValidMarker, validate_marker,
    validate_withdrawal,
};
pub use merges::{MergeError, MergeSide, MergeState, check_merge, check_unmerge, merge_reason};
