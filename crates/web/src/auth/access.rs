//! Who may use a route. Every route in [`crate::routes::table`] names one
//! [`Access`]; the guard here enforces it before the handler runs.

use super::CurrentUser;
use crate::error::Failure;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use casebook_domain::access::{Role, Roles};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, health checks, assets).
    Public,
    /// Any signed-in person, whatever their roles.
    SignedIn,
    /// Only people holding at least one of these roles.
    Roles(Roles),
}

impl Access {
    pub const fn only(roles: &[Role]) -> Access {
        Access::Roles(Roles::of(roles))
    }

    pub fn allows(self, user: Option<&CurrentUser>) -> Result<(), Failure> {
        match (self, user) {
            (Access::Public, _) => Ok(()),
            (_, None) => Err(Failure::Unauthenticated),
            (Access::SignedIn, Some(_)) => Ok(()),
            (Access::Roles(allowed), Some(user)) if allowed.intersects(user.principal.user.roles) => Ok(()),
            (Access::Roles(_), Some(_)) => Err(Failure::Forbidden),
        }
    }

    /// Whether a person with `roles` may use the route (for showing links).
    pub fn admits(self, roles: Roles) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::Roles(allowed) => allowed.intersects(roles),
        }
    }
}

/// Middleware applied to each route with its declared access.
pub async fn guard(access: Access, request: Request, next: Next) -> Response {
    match access.allows(request.extensions().get::<CurrentUser>()) {
        Ok(()) => next.run(request).await,
        Err(failure) => failure.into_response(),
    }
}
