//! Validation that names the field at fault, and the small value types
//! that can only be built from valid input ("parse, don't validate").

use serde::Serialize;

/// One problem with one field, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every problem found in one submission, in the order of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    /// Records the error of a parse, returning the value when it succeeded.
    pub fn check<T, E: std::fmt::Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The first message for a field, for showing beside the input.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// A sign-in name: 3 to 64 characters of lower-case letters, digits, `.`, `-`, `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("Enter a username")]
    Empty,
    #[error("Username must be between 3 and 64 characters")]
    Length,
    #[error("Username can only contain lower-case letters, numbers, full stops, hyphens and underscores")]
    Characters,
}

impl Username {
    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(UsernameError::Empty);
        }
        if !(3..=64).contains(&value.chars().count()) {
            return Err(UsernameError::Length);
        }
        if !value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')) {
            return Err(UsernameError::Characters);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text that must not be blank and has an upper length, e.g. a person's
/// or a site's name. `what` names the field in the message.
pub fn required_text(raw: &str, what: &str, max_chars: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("Enter {what}"));
    }
    if value.chars().count() > max_chars {
        return Err(format!("{} must be {max_chars} characters or fewer", capitalise(what)));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(format!("{} must not contain control characters", capitalise(what)));
    }
    Ok(value.to_owned())
}

fn capitalise(what: &str) -> String {
    let without_article =
        what.strip_prefix("a ").or_else(|| what.strip_prefix("an ")).or_else(|| what.strip_prefix("the ")).unwrap_or(what);
    let mut chars = without_article.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Passwords: long rather than complex (NCSC guidance), and not the username.
pub fn check_password(password: &str, username: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < 12 {
        return Err("Password must be at least 12 characters".into());
    }
    if length > 256 {
        return Err("Password must be 256 characters or fewer".into());
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err("Password must not contain the username".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usernames_are_trimmed_and_lowercased() {
        assert_eq!(Username::parse("  J.Smith ").unwrap().as_str(), "j.smith");
        assert_eq!(Username::parse(""), Err(UsernameError::Empty));
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("j smith"), Err(UsernameError::Characters));
    }

    #[test]
    fn required_text_names_the_field() {
        assert_eq!(required_text("  ", "a site name", 10), Err("Enter a site name".into()));
        assert_eq!(required_text("abcdefghijk", "a site name", 10), Err("Site name must be 10 characters or fewer".into()));
        assert_eq!(required_text(" Luton ", "a site name", 10), Ok("Luton".into()));
    }

    #[test]
    fn passwords_need_length_and_not_the_username() {
        assert!(check_password("short", "amy").is_err());
        assert!(check_password("amy-is-my-password", "amy").is_err());
        assert!(check_password("correct horse battery", "amy").is_ok());
        assert!(check_password("correct horse battery", "").is_ok());
    }

    #[test]
    fn field_errors_collect_in_order() {
        let mut errors = FieldErrors::new();
        assert_eq!(errors.check("grade", "x".parse::<crate::access::Grade>()), None);
        errors.add("username", "Enter a username");
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["grade", "username"]);
        assert_eq!(errors.get("username"), Some("Enter a username"));
        assert!(errors.into_result(()).is_err());
    }

    proptest! {
        #[test]
        fn parsed_usernames_only_hold_allowed_characters(raw in "\\PC{0,80}") {
            if let Ok(u) = Username::parse(&raw) {
                prop_assert!(u.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c)));
                prop_assert!((3..=64).contains(&u.as_str().len()));
            }
        }
    }
}
