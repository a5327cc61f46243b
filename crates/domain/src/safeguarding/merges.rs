//! When two person records turn out to be one person, a manager merges one
//! (the merged person) into the other (the survivor); every row that moved
//! is remembered, so an unmerge puts exactly those rows back.

use crate::validation::{FieldErrors, required_text};

const REASON_MAX: usize = 2_000;

/// What the rules need to know about each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeSide {
    pub id: i64,
    /// The survivor this person was merged into, if they were.
    pub merged_into_id: Option<i64>,
}

/// What the rules need to know about a merge being undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeState {
    pub survivor: MergeSide,
    pub merged: MergeSide,
    pub undone: bool,
}

/// Why a merge or unmerge is refused; each belongs to one field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("A person cannot be merged into themselves: enter the record number of a different person")]
    IntoItself,
    #[error("Person {0} has already been merged into person {1}: merge into that person instead")]
    SurvivorMergedAway(i64, i64),
    #[error("Person {0} has already been merged into person {1}")]
    AlreadyMerged(i64, i64),
    #[error("This merge has already been undone")]
    AlreadyUndone,
    #[error("Person {0} has since been merged into person {1}: undo that merge first")]
    SurvivorMergedSince(i64, i64),
    #[error("{0}")]
    Reason(String),
}

impl MergeError {
    pub fn field(&self) -> &'static str {
        match self {
            MergeError::IntoItself | MergeError::AlreadyMerged(..) => "merged_id",
            MergeError::SurvivorMergedAway(..) => "survivor_id",
            MergeError::AlreadyUndone | MergeError::SurvivorMergedSince(..) => "merge",
            MergeError::Reason(_) => "reason",
        }
    }

    pub fn into_field_errors(self) -> FieldErrors {
        FieldErrors::single(self.field(), self.to_string())
    }
}

fn reason(raw: &str, what: &str) -> Result<String, MergeError> {
    required_text(raw, what, REASON_MAX).map_err(MergeError::Reason)
}

/// May `merged` be merged into `survivor`? (Checked before the confirmation
/// page shows both side by side, and again when the merge is saved.)
pub fn check_merge(survivor: MergeSide, merged: MergeSide) -> Result<(), MergeError> {
    if survivor.id == merged.id {
        return Err(MergeError::IntoItself);
    }
    if let Some(into) = merged.merged_into_id {
        return Err(MergeError::AlreadyMerged(merged.id, into));
    }
    if let Some(into) = survivor.merged_into_id {
        return Err(MergeError::SurvivorMergedAway(survivor.id, into));
    }
    Ok(())
}

/// Every merge says why; answers the trimmed reason.
pub fn merge_reason(why: &str) -> Result<String, MergeError> {
    reason(why, "the reason for merging these records")
}

/// May this merge be undone? Only once, and only while the survivor still
/// stands (a later merge of the survivor must be undone first, or the rows
/// would not be where this merge left them). Answers the trimmed reason.
pub fn check_unmerge(state: MergeState, why: &str) -> Result<String, MergeError> {
    if state.undone {
        return Err(MergeError::AlreadyUndone);
    }
    if let Some(into) = state.survivor.merged_into_id {
        return Err(MergeError::SurvivorMergedSince(state.survivor.id, into));
    }
    reason(why, "the reason for undoing the merge")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn standing(id: i64) -> MergeSide {
        MergeSide { id, merged_into_id: None }
    }

    #[test]
    fn a_person_cannot_be_merged_into_themselves() {
        let err = check_merge(standing(4), standing(4)).unwrap_err();
        assert_eq!(err, MergeError::IntoItself);
        assert_eq!(err.field(), "merged_id");
        assert!(err.to_string().contains("into themselves"));
    }

    #[test]
    fn neither_side_may_be_merged_away_already() {
        let gone = MergeSide { id: 5, merged_into_id: Some(9) };
        assert_eq!(check_merge(standing(1), gone), Err(MergeError::AlreadyMerged(5, 9)));
        assert_eq!(check_merge(gone, standing(1)).unwrap_err().field(), "survivor_id");
        assert_eq!(check_merge(standing(1), standing(2)), Ok(()));
        assert_eq!(merge_reason(" Same DOB and phone "), Ok("Same DOB and phone".into()));
        assert_eq!(merge_reason(" ").unwrap_err().field(), "reason");
    }

    #[test]
    fn an_unmerge_happens_once_while_the_survivor_stands() {
        let merged = MergeSide { id: 2, merged_into_id: Some(1) };
        let state = MergeState { survivor: standing(1), merged, undone: false };
        assert_eq!(check_unmerge(state, "Different people"), Ok("Different people".into()));
        assert_eq!(check_unmerge(MergeState { undone: true, ..state }, "x"), Err(MergeError::AlreadyUndone));
        let later = MergeState { survivor: MergeSide { id: 1, merged_into_id: Some(3) }, ..state };
        assert_eq!(check_unmerge(later, "x"), Err(MergeError::SurvivorMergedSince(1, 3)));
        assert_eq!(check_unmerge(state, "").unwrap_err().field(), "reason");
    }

    proptest! {
        #[test]
        fn an_allowed_merge_joins_two_different_standing_persons(
            a in 1i64..20, b in 1i64..20, a_into in proptest::option::of(1i64..20), b_into in proptest::option::of(1i64..20),
        ) {
            let survivor = MergeSide { id: a, merged_into_id: a_into };
            let merged = MergeSide { id: b, merged_into_id: b_into };
            let allowed = check_merge(survivor, merged).is_ok();
            prop_assert_eq!(allowed, a != b && a_into.is_none() && b_into.is_none());
        }
    }
}
