//! Moving a single-workstation office into team mode: every row of the SQLite database copied
//! into an empty PostgreSQL one in one transaction, then checked (row counts per table, the
//! whole audit chain re-verified on the new side, the same head). The SQLite file is only
//! read.

use crate::{Backend, Error, Result, Store, sql};
use sqlx::Row;

/// The office's tables in an order that satisfies their references.
const TABLES: &[&str] = &[
    "settings",
    "users",
    "exemptions",
    "requests",
    "request_extensions",
    "request_states",
    "originals",
    "records",
    "record_family",
    "pages",
    "record_exemptions",
    "redactions",
    "approvals",
    "exports",
    "letters",
    "saved_searches",
    "audit_events",
    "record_changes",
    "bulk_undo",
];

/// Tables whose ids PostgreSQL hands out (identity columns): their sequences must continue
/// after the copied rows.
const IDENTITIES: &[(&str, &str)] = &[
    ("users", "id"),
    ("requests", "id"),
    ("request_extensions", "id"),
    ("request_states", "id"),
    ("redactions", "id"),
    ("approvals", "id"),
    ("exports", "id"),
    ("letters", "id"),
    ("saved_searches", "id"),
    ("record_changes", "seq"),
];

/// What a copy moved and checked.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyReport {
    /// Rows per table, equal on both sides.
    pub tables: Vec<(String, i64)>,
    /// Audit events verified on the new side.
    pub audit_events: u64,
    /// The hash of the last audit event, the same on both sides.
    pub audit_head: Option<String>,
}

impl Store {
    /// Copies this SQLite office into `target`, an empty PostgreSQL office (migrated, no
    /// rows), and verifies the copy. Nothing is written to this office.
    pub async fn copy_to(&self, target: &Store) -> Result<CopyReport> {
        if self.backend != Backend::Sqlite || target.backend != Backend::Postgres {
            return Err(Error::Corrupt(
                "an office moves from SQLite to PostgreSQL only".into(),
            ));
        }
        let mut src = self.read().await?;
        let mut dst = target.write().await?;
        for table in TABLES {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(dst.conn())
                .await?;
            if n > 0 {
                return Err(Error::Exists(format!(
                    "an office in the target database ({table} has {n} rows)"
                )));
            }
        }
        let mut counts = vec![];
        for table in TABLES {
            let columns: Vec<(String, String)> = sqlx::query_as(
                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT)
                   FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = $1
                  ORDER BY ordinal_position",
            )
            .bind(*table)
            .fetch_all(dst.conn())
            .await?;
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            let list = names.join(", ");
            let page = (30_000 / names.len()).min(500);
            let select = format!(
                "SELECT rowid AS copy_rowid, {list} FROM {table}
                  WHERE rowid > $1 ORDER BY rowid LIMIT {page}"
            );
            let mut last = 0i64;
            let mut copied = 0i64;
            loop {
                let rows = sqlx::query(&select)
                    .bind(last)
                    .fetch_all(src.conn())
                    .await?;
                let Some(tail) = rows.last() else { break };
                last = tail.try_get("copy_rowid")?;
                // Doubles are bound as text and cast (`sql::double`).
                let doubles: Vec<usize> = columns
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, ty))| ty == "double precision")
                    .map(|(i, _)| i)
                    .collect();
                let insert = format!(
                    "INSERT INTO {table} ({list}) VALUES {}",
                    sql::values_with_doubles(
                        Backend::Postgres,
                        rows.len(),
                        names.len(),
                        1,
                        &doubles
                    )
                );
                let mut q = sqlx::query(&insert);
                for row in &rows {
                    for (name, ty) in &columns {
                        q = match ty.as_str() {
                            "bigint" => q.bind(row.try_get::<Option<i64>, _>(name.as_str())?),
                            "double precision" => {
                                q.bind(sql::double(row.try_get::<Option<f64>, _>(name.as_str())?))
                            }
                            _ => q.bind(row.try_get::<Option<String>, _>(name.as_str())?),
                        };
                    }
                }
                q.execute(dst.conn()).await?;
                copied += rows.len() as i64;
            }
            counts.push((table.to_string(), copied));
            crate::fault::point("migrate.table-copied");
        }
        for (table, column) in IDENTITIES {
            let _: (i64,) = sqlx::query_as(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                               (SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}), false)"
            ))
            .fetch_one(dst.conn())
            .await?;
        }
        // Check before committing: equal counts, and an audit chain that verifies whole on
        // the new side and ends where the old one ends.
        for (table, n) in &counts {
            let (theirs,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(dst.conn())
                .await?;
            if theirs != *n {
                return Err(Error::Corrupt(format!(
                    "{table}: {n} rows copied but {theirs} arrived"
                )));
            }
        }
        let mut verifier = model::audit::Verifier::keyed(self.key());
        let mut after = 0;
        let mut head = None;
        loop {
            let events = dst.audit_events(None, after, 5_000).await?;
            let Some(tail) = events.last() else { break };
            after = tail.seq;
            head = Some(tail.hash.clone());
            for e in &events {
                verifier.push(e).map_err(|b| {
                    Error::Corrupt(format!(
                        "the copied audit chain breaks at event {}: {}",
                        b.seq, b.reason
                    ))
                })?;
            }
        }
        let source_head: Option<(String,)> =
            sqlx::query_as("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1")
                .fetch_optional(src.conn())
                .await?;
        if source_head.map(|h| h.0) != head {
            return Err(Error::Corrupt(
                "the copied audit chain does not end where the office's does".into(),
            ));
        }
        dst.commit().await?;
        crate::fault::point("migrate.committed");
        Ok(CopyReport {
            tables: counts,
            audit_events: verifier.checked(),
            audit_head: head,
        })
    }

    /// When `target` already holds this office — a migration copied and committed it, then
    /// stopped before this workstation switched over — checks it as [`Store::copy_to`] checks
    /// a copy (the whole chain verifies, and holds this office's newest event as this office
    /// has it) and reports it; `None` when it does not hold this office.
    pub async fn finished_copy_in(&self, target: &Store) -> Result<Option<CopyReport>> {
        let mut src = self.read().await?;
        let Some((seq, hash)) = src.audit_head().await? else {
            return Ok(None);
        };
        let mut dst = target.read().await?;
        let theirs: Option<(String,)> =
            sqlx::query_as("SELECT hash FROM audit_events WHERE seq = $1")
                .bind(seq)
                .fetch_optional(dst.conn())
                .await?;
        if theirs.map(|t| t.0) != Some(hash) {
            return Ok(None);
        }
        let mut counts = vec![];
        for table in TABLES {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(dst.conn())
                .await?;
            counts.push((table.to_string(), n));
        }
        let mut verifier = model::audit::Verifier::keyed(self.key());
        let mut after = 0;
        let mut head = None;
        loop {
            let events = dst.audit_events(None, after, 5_000).await?;
            let Some(tail) = events.last() else { break };
            after = tail.seq;
            head = Some(tail.hash.clone());
            for e in &events {
                verifier.push(e).map_err(|b| {
                    Error::Corrupt(format!(
                        "the audit chain on the server breaks at event {}: {}",
                        b.seq, b.reason
                    ))
                })?;
            }
        }
        Ok(Some(CopyReport {
            tables: counts,
            audit_events: verifier.checked(),
            audit_head: head,
        }))
    }
}
