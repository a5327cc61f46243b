//! Casebook's domain: the rules of the offices we serve, as pure Rust.
//!
//! Nothing here does IO, reads the clock or spawns tasks: time and
//! randomness come in as arguments, so every rule is testable in
//! milliseconds. The `store`, `app` and `web` crates do the IO.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod complaints;
pub mod contacts;
pub mod deadlines;
pub mod frequent_callers;
pub mod generate;
pub mod nation;
pub mod people;
pub mod safeguarding;
pub mod site;
mod slug;
pub mod tasks;
pub mod telephony;
pub mod throttle;
pub mod triage;
pub mod validation;
