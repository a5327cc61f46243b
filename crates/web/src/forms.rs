//! Small helpers shared by forms: choices for selects and checkboxes,
//! safe redirects, and the client address.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

/// One option of a select or one checkbox.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Choice {
        Choice { value: value.into(), label: label.into(), selected }
    }
}

/// Options with a first, empty "choose" entry.
pub fn with_prompt(prompt: &str, current: &str, options: impl IntoIterator<Item = (String, String)>) -> Vec<Choice> {
    std::iter::once(Choice::new("", prompt, current.is_empty()))
        .chain(options.into_iter().map(|(v, l)| {
            let selected = v == current;
            Choice::new(v, l, selected)
        }))
        .collect()
}

/// Only local paths are followed after sign-in, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.chars().any(char::is_control) => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The address of the client, for the sign-in record.
pub struct ClientIp(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())))
    }
}

/// A checkbox posts "on" (or a value) when ticked and nothing when not.
pub fn ticked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/admin/users")), "/admin/users");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/a\nb")), "/");
    }
}
