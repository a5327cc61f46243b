//! Placeholder (issue 3): replaced by the real module.
