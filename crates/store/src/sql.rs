//! Placeholder lists. Every statement is written with `$N` placeholders, which both SQLite
//! and PostgreSQL read (sqlx's `QueryBuilder` for `Any` would write `?`, which PostgreSQL
//! does not).

/// `($1, $2), ($3, $4)` for `rows` rows of `cols` columns, numbered from `$first`.
pub(crate) fn values(rows: usize, cols: usize, first: usize) -> String {
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
            s.push('$');
            s.push_str(&n.to_string());
            n += 1;
        }
        s.push(')');
    }
    s
}

/// `$first, …` for `n` values (an `IN (…)` list).
pub(crate) fn list(n: usize, first: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(super::values(2, 3, 1), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::list(3, 2), "$2, $3, $4");
    }
}
