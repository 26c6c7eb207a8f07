//! Placeholders for the long statements (multi-row inserts, `IN (…)` lists). Short
//! statements are written with `$N`, which both SQLite and PostgreSQL read (sqlx's
//! `QueryBuilder` for `Any` would write `?`, which PostgreSQL does not). Long ones are written
//! with `?` on SQLite: SQLite looks a named parameter's name up by walking a list, and sqlx
//! asks for every parameter's name, so thousands of `$N` cost quadratic time (it halved the
//! ingest rate before this).

use crate::Backend;
use model::ClosedSet;

/// The stored words of closed-set values as SQL literals, `'applied', 'proposed'`: statements
/// name them through their enums, never as words of their own. (A word is lower-case letters,
/// digits, `-` and `.`: nothing to escape.)
pub(crate) fn words<T: ClosedSet>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| {
            let w = v.as_str();
            debug_assert!(
                w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-.".contains(c))
            );
            format!("'{w}'")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The placeholder of argument `n` (1-based).
pub(crate) fn mark(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Sqlite => "?".into(),
        Backend::Postgres => format!("${n}"),
    }
}

/// `($1, $2), ($3, $4)` (or `(?, ?), (?, ?)`) for `rows` rows of `cols` columns, numbered
/// from `first`.
pub(crate) fn values(backend: Backend, rows: usize, cols: usize, first: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 6);
    let mut n = first;
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&mark(backend, n));
            n += 1;
        }
        s.push(')');
    }
    s
}

/// `$first, …` (or `?, …`) for `n` values (an `IN (…)` list).
pub(crate) fn list(backend: Backend, n: usize, first: usize) -> String {
    (first..first + n)
        .map(|i| mark(backend, i))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use crate::Backend::{Postgres, Sqlite};

    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(
            super::values(Postgres, 2, 3, 1),
            "($1, $2, $3), ($4, $5, $6)"
        );
        assert_eq!(super::list(Postgres, 3, 2), "$2, $3, $4");
        assert_eq!(super::values(Sqlite, 2, 2, 1), "(?, ?), (?, ?)");
        assert_eq!(super::list(Sqlite, 2, 2), "?, ?");
    }
}
