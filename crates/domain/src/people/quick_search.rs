//! The one search box on the contact form: a handler types what the caller
//! says ("Siobhan O'Neill 14/03/1979", "07700 900123", "mary@example.org")
//! and we sort the words into a phone number, an email, a date of birth and
//! a name, so the recogniser can look each up.

use jiff::civil::Date;

/// What was typed, sorted. Parts not typed are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuickSearch {
    /// The digits (and a leading +) of a phone number, as typed.
    pub phone: String,
    pub email: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// All name words but the last.
    pub given: String,
    /// The last name word.
    pub family: String,
}

impl QuickSearch {
    pub fn parse(typed: &str) -> QuickSearch {
        let mut search = QuickSearch::default();
        let mut phone = String::new();
        let mut names: Vec<&str> = Vec::new();
        for word in typed.split_whitespace() {
            let bare = word.trim_matches(|c: char| matches!(c, ',' | ';'));
            if bare.is_empty() {
                continue;
            }
            if bare.contains('@') {
                search.email = bare.to_owned();
            } else if let Some(date) = parse_date(bare) {
                search.date_of_birth = date.to_string();
            } else if bare.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '-'))
                && bare.chars().any(|c| c.is_ascii_digit())
            {
                phone.push_str(bare);
            } else {
                names.push(bare);
            }
        }
        search.phone = phone;
        if let Some((family, given)) = names.split_last() {
            search.family = (*family).to_owned();
            search.given = given.join(" ");
        }
        search
    }

    pub fn is_empty(&self) -> bool {
        *self == QuickSearch::default()
    }
}

/// `1979-03-14`, `14/03/1979` or `14.03.1979` (UK order).
fn parse_date(word: &str) -> Option<Date> {
    if let Ok(date) = word.parse::<Date>() {
        return Some(date);
    }
    let parts: Vec<&str> = word.split(['/', '.']).collect();
    let [day, month, year] = parts.as_slice() else { return None };
    if year.len() != 4 {
        return None;
    }
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_sorted_into_their_kinds() {
        let s = QuickSearch::parse("Siobhan O'Neill 14/03/1979");
        assert_eq!((s.given.as_str(), s.family.as_str(), s.date_of_birth.as_str()), ("Siobhan", "O'Neill", "1979-03-14"));
        let s = QuickSearch::parse("07700 900123");
        assert_eq!(s.phone, "07700900123");
        assert_eq!(s.family, "");
        let s = QuickSearch::parse("+44 (0)7700 900123, mary@example.org");
        assert_eq!((s.phone.as_str(), s.email.as_str()), ("+44(0)7700900123", "mary@example.org"));
        let s = QuickSearch::parse("Mary Jane Smith-Jones 1958-12-24");
        assert_eq!((s.given.as_str(), s.family.as_str(), s.date_of_birth.as_str()), ("Mary Jane", "Smith-Jones", "1958-12-24"));
        assert_eq!(QuickSearch::parse("Khan").family, "Khan");
        assert!(QuickSearch::parse("  ,  ").is_empty());
    }

    #[test]
    fn impossible_dates_are_left_as_words() {
        let s = QuickSearch::parse("31/02/1980");
        assert_eq!(s.date_of_birth, "");
    }
}
