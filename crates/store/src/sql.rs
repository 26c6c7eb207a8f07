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
    values_with_doubles(backend, rows, cols, first, &[])
}

/// `values`, the columns `doubles` names (0-based) taking a double bound as text
/// (`double`): `CAST(? AS DOUBLE PRECISION)`.
pub(crate) fn values_with_doubles(
    backend: Backend,
    rows: usize,
    cols: usize,
    first: usize,
    doubles: &[usize],
) -> String {
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
            if doubles.contains(&c) {
                s.push_str(&cast_double(&mark(backend, n)));
            } else {
                s.push_str(&mark(backend, n));
            }
            n += 1;
        }
        s.push(')');
    }
    s
}

/// A double that may be null, as the argument of `cast_double`'s placeholder.
///
/// Doubles that may be null are bound as text and cast in SQL because sqlx 0.8.6's `Any`
/// driver declares a null `f64` to PostgreSQL as float4 (it swaps Real and Double for
/// nulls): a cached statement first run with a null there then refuses every double
/// ("incorrect binary data format in bind parameter"). Text is declared as text either way,
/// and Rust writes an `f64` in the shortest form that reads back as the same value.
pub(crate) fn double(v: Option<f64>) -> Option<String> {
    v.map(|v| v.to_string())
}

/// `CAST(mark AS DOUBLE PRECISION)`: a double bound as text (`double`). SQLite gives the
/// type name REAL affinity.
pub(crate) fn cast_double(mark: &str) -> String {
    format!("CAST({mark} AS DOUBLE PRECISION)")
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
