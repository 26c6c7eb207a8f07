//! What undoing a bulk decision restores: each changed record's state before it (as JSON the
//! office writes and reads), filed under the decision's audit event.

use crate::{Result, Tx, sql};
use model::RecordId;

impl Tx {
    /// Keeps the states before a bulk decision, under its audit event.
    pub async fn insert_bulk_undo(
        &mut self,
        event: i64,
        rows: &[(RecordId, String)],
    ) -> Result<()> {
        // 3 parameters a row, under SQLite's 32,766 (and PostgreSQL's 65,535).
        for chunk in rows.chunks(5000) {
            let sql = format!(
                "INSERT INTO bulk_undo (event_seq, record_id, state) VALUES {}",
                sql::values(self.backend(), chunk.len(), 3, 1)
            );
            let mut q = sqlx::query(&sql);
            for (id, state) in chunk {
                q = q.bind(event).bind(id.0).bind(state.as_str());
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// The states kept for a bulk decision, in record order (none for a decision made before
    /// they were kept here: its audit event holds them).
    pub async fn bulk_undo(&mut self, event: i64) -> Result<Vec<(RecordId, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT record_id, state FROM bulk_undo WHERE event_seq = $1 ORDER BY record_id",
        )
        .bind(event)
        .fetch_all(self.conn())
        .await?;
        Ok(rows.into_iter().map(|(id, s)| (RecordId(id), s)).collect())
    }
}
