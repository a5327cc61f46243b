//! What every page shares: the header with the service name, navigation
//! that shows only what the person's roles allow, the CSRF token for
//! forms, and an optional notification banner.

use crate::auth::CurrentUser;
use crate::routes;
use askama::Template;

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// A success message after a change (post, redirect, get).
#[derive(Debug, Clone)]
pub struct Notice {
    pub heading: String,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub organisation: String,
    pub user_name: Option<String>,
    pub csrf_token: String,
    pub nav: Vec<NavItem>,
    pub notice: Option<Notice>,
    /// True when the page shows form errors: the title starts "Error: ".
    pub has_errors: bool,
    /// Front-line staff: the page listens for calls ringing for them.
    pub caller_screen_live: bool,
}

impl Layout {
    /// The layout for a signed-in person on the page at `current_path`.
    pub fn for_user(user: &CurrentUser, title: impl Into<String>, current_path: &str, organisation: &str) -> Layout {
        let roles = user.principal.user.roles;
        let nav = routes::NAVIGATION
            .iter()
            .filter(|(href, _)| routes::access_for_page(href).is_some_and(|a| a.admits(roles)))
            .map(|(href, label)| NavItem {
                href,
                label,
                current: if *href == "/" { current_path == "/" } else { current_path.starts_with(href) },
            })
            .collect();
        Layout {
            title: title.into(),
            organisation: organisation.to_owned(),
            user_name: Some(user.principal.user.display_name.clone()),
            csrf_token: user.csrf_token().to_owned(),
            nav,
            notice: None,
            has_errors: false,
            caller_screen_live: roles.intersects(casebook_domain::access::Roles::FRONT_LINE),
        }
    }

    /// The layout for someone not signed in (the sign-in page).
    pub fn anonymous(title: impl Into<String>, csrf_token: String, organisation: &str) -> Layout {
        Layout {
            title: title.into(),
            organisation: organisation.to_owned(),
            user_name: None,
            csrf_token,
            nav: Vec::new(),
            notice: None,
            has_errors: false,
            caller_screen_live: false,
        }
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Layout {
        self.notice = notice.map(|heading| Notice { heading });
        self
    }

    pub fn with_errors(mut self, has_errors: bool) -> Layout {
        self.has_errors = has_errors;
        self
    }
}

/// The page for 403, 404, 409, 429 and 500 responses.
#[derive(Template)]
#[template(path = "errors/error.html")]
pub struct ErrorPage {
    pub title: &'static str,
    pub detail: String,
    pub request_id: Option<String>,
    pub status: u16,
}
