//! Recognising people and API clients, deciding whether they may use a
//! route, and protecting forms against cross-site request forgery.

pub mod access;
pub mod csrf;
pub mod principal;

pub use access::Access;
pub use principal::CurrentUser;

pub const SESSION_COOKIE: &str = "casebook_session";
