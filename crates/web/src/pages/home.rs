//! Each person's home page: who they are, their office's working time, and
//! for administrators the state of the system. Only real figures.

use super::ok;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use casebook_app::home::{self, HomeFigures};
use casebook_domain::access::Role;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    name: String,
    grade: String,
    roles: Vec<Role>,
    figures: HomeFigures,
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let figures = home::figures(&state.app, &user.principal).await?;
    let u = &user.principal.user;
    Ok(ok(&HomePage {
        layout: Layout::for_user(&user, "Home", "/", &state.app.settings.organisation),
        name: u.display_name.clone(),
        grade: u.grade.label().to_owned(),
        roles: u.roles.iter().collect(),
        figures,
    }))
}
