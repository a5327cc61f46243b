//! The accessibility statement every public-sector service must publish.

use super::ok;
use askama::Template;
use axum::response::Response;

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage;

pub async fn show() -> Response {
    ok(&AccessibilityPage)
}
