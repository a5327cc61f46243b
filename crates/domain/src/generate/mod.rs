//! A generated world with known truth, for benchmarks and demonstrations at
//! scale: persons with realistic UK names (and the ways they get garbled),
//! phones, emails and references, and contacts skewed towards a few heavy
//! callers. Deterministic: the same seed always gives the same world, and
//! any person or contact can be made on its own from its index.

// Scale (issue 4): generated complaints.
pub mod complaints;
mod contacts;
pub mod names;
mod persons;
mod rng;

pub use contacts::{ContactPlan, GeneratedContact};
pub use names::{NOISES, noisy_name, typo};
pub use persons::{GeneratedPerson, person};
pub use rng::Rng;
