//! Builds `WHERE` clauses from optional filters with numbered placeholders,
//! so list pages with many filters share one portable query.

use crate::DbTime;

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    Text(String),
    Time(DbTime),
}

#[derive(Debug, Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    pub(crate) args: Vec<Arg>,
}

impl Where {
    /// Adds a clause whose `?` marks are filled, in order, by `args`.
    pub(crate) fn add(&mut self, template: &str, args: impl IntoIterator<Item = Arg>) {
        let mut args = args.into_iter();
        let mut clause = String::new();
        for (i, part) in template.split('?').enumerate() {
            if i > 0 {
                if let Some(arg) = args.next() {
                    self.args.push(arg);
                }
                clause.push_str(&format!("${}", self.args.len()));
            }
            clause.push_str(part);
        }
        self.clauses.push(clause);
    }

    /// ` WHERE a AND b`, or nothing when no filter applies.
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() { String::new() } else { format!(" WHERE {}", self.clauses.join(" AND ")) }
    }
}

/// `$first, $first+1, …`: `n` numbered placeholders for an `IN (…)` list.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Makes `%`, `_` and `\` in user input match themselves in a LIKE pattern.
pub(crate) fn escape_like(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Binds every [`Arg`] of a [`Where`] to a query, on either backend.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::filter::Arg::Int(v) => query.bind(*v),
                $crate::filter::Arg::Text(v) => query.bind(v.as_str()),
                $crate::filter::Arg::Time(v) => query.bind(*v),
            };
        }
        query
    }};
}
pub(crate) use bind_args;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_clauses() {
        let mut w = Where::default();
        w.add("actor_id = ?", [Arg::Int(1)]);
        w.add("(action = ? OR action LIKE ?)", [Arg::Text("a".into()), Arg::Text("a.%".into())]);
        assert_eq!(w.sql(), " WHERE actor_id = $1 AND (action = $2 OR action LIKE $3)");
        assert_eq!(w.args.len(), 3);
        assert_eq!(Where::default().sql(), "");
    }
}
