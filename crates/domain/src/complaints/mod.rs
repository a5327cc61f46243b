//! Complaints: the whole lifecycle of a complaint under an office's
//! procedure (seed 002, domain reference A3). What happens after the
//! response lives in its own small state machines, each a pure function of
//! (state, command, now): escalation to an ombudsman, decisions to end
//! correspondence with a persistent complainant (the right to complain is
//! never withdrawn), ex-gratia payments and their register, lessons-learned
//! actions, and the officers complained about, with their rolling count of
//! substantiated complaints and any suspension of certification.

pub mod ex_gratia;
pub mod lessons;
pub mod officers;
pub mod ombudsman;
pub mod persistent;
