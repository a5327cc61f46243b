//! What each role may do, read straight from the route table, so the page
//! can never disagree with what the server enforces.

use super::ok;
use crate::AppState;
use crate::auth::{Access, CurrentUser};
use crate::layout::Layout;
use crate::routes;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use casebook_domain::access::{Grade, Role};

struct RoleRow {
    role: Role,
    routes: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/roles.html")]
struct RolesPage {
    layout: Layout,
    rows: Vec<RoleRow>,
    everyone: Vec<String>,
    grades: Vec<Grade>,
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> Response {
    let table = routes::table();
    let describe = |r: &routes::RouteSpec| format!("{} {}", r.method.to_uppercase(), r.path);
    let rows = Role::ALL
        .into_iter()
        .map(|role| RoleRow {
            role,
            routes: table.iter().filter(|r| matches!(r.access, Access::Roles(allowed) if allowed.contains(role))).map(describe).collect(),
        })
        .collect();
    let everyone = table.iter().filter(|r| r.access == Access::SignedIn).map(describe).collect();
    ok(&RolesPage {
        layout: Layout::for_user(&user, "Roles and grades", "/admin/users", &state.app.settings.organisation),
        rows,
        everyone,
        grades: Grade::ALL.to_vec(),
    })
}
