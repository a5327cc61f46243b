//! Who may see a complaint: the complaint readers, and for a sealed one
//! only those holding a role it names. Others are told it does not exist.

use crate::{Actor, AppError, Result};
use casebook_domain::access::{Role, Roles};
use casebook_domain::complaints::complaint::Complaint;

/// Whether `actor` may read `complaint` at all.
pub(crate) fn may_read(actor: &Actor, complaint: &Complaint) -> bool {
    may_read_sealed_for(actor, complaint.receipt.sealed_for.as_deref())
}

/// Whether `actor` may read a complaint sealed for `sealed_for` (`None`: not sealed).
pub(crate) fn may_read_sealed_for(actor: &Actor, sealed_for: Option<&[Role]>) -> bool {
    actor.roles.intersects(Roles::COMPLAINT_READERS) && actor.roles.iter().any(|role| sealed_for.is_none_or(|roles| roles.contains(&role)))
}

/// Refuses a complaint the actor may not read as if it did not exist.
pub(crate) fn check_read(actor: &Actor, complaint: &Complaint) -> Result<()> {
    if may_read(actor, complaint) { Ok(()) } else { Err(AppError::NotFound("complaint")) }
}

/// A sealed complaint: its reads are audited and lists never show its words.
pub(crate) fn is_confidential(complaint: &Complaint) -> bool {
    complaint.receipt.sealed_for.is_some()
}
