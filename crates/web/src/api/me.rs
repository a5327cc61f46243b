//! `GET /api/v1/me`: who the caller is.

use super::users::UserView;
use crate::auth::CurrentUser;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user: UserView,
    /// "session" for a browser, "token" for an API client.
    pub authenticated_by: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "platform",
    responses((status = 200, body = Me), (status = 401, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn show(user: CurrentUser) -> Json<Me> {
    let authenticated_by = if user.principal.session.is_some() { "session" } else { "token" };
    Json(Me { user: UserView::from(&user.principal.user), authenticated_by: authenticated_by.into() })
}
