use crate::{Result, Tx};
use model::audit::{AuditAction, AuditEvent, GENESIS};
use sqlx::Row;

fn event_from(r: sqlx::any::AnyRow) -> Result<AuditEvent> {
    let details: String = r.try_get("details")?;
    Ok(AuditEvent {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        subject: r.try_get("subject")?,
        // A detail that is not JSON any more was tampered with: keep it as a string so that
        // `verify` reports the broken hash instead of failing to read.
        details: serde_json::from_str(&details).unwrap_or(serde_json::Value::String(details)),
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

const EVENT_COLS: &str = "seq, at, actor, action, subject, details, prev_hash, hash";

impl Tx {
    /// Appends an event to the chain. Call it inside the write transaction of the change it
    /// records: the change and its event commit together.
    pub async fn append_audit(
        &mut self,
        at: &str,
        actor: &str,
        action: AuditAction,
        subject: &str,
        details: serde_json::Value,
    ) -> Result<AuditEvent> {
        let action = action.as_str();
        let head: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
                .fetch_optional(self.conn())
                .await?;
        let (seq, prev_hash) = match head {
            Some((s, h)) => (s + 1, h),
            None => (1, GENESIS.to_string()),
        };
        let hash = self
            .key
            .event_hash(&prev_hash, seq, at, actor, action, subject, &details);
        if seq == self.key.keyed_from() {
            let id = self.key.id();
            self.set_setting(crate::key::KEY_ID_SETTING, &id).await?;
        }
        sqlx::query(
            "INSERT INTO audit_events (seq, at, actor, action, subject, details, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(serde_json::to_string(&details).expect("JSON values serialise"))
        .bind(&prev_hash)
        .bind(&hash)
        .execute(self.conn())
        .await?;
        self.appended = Some((seq, hash.clone()));
        Ok(AuditEvent {
            seq,
            at: at.to_string(),
            actor: actor.to_string(),
            action: action.to_string(),
            subject: subject.to_string(),
            details,
            prev_hash,
            hash,
        })
    }

    /// The newest event: `(seq, hash)`.
    pub async fn audit_head(&mut self) -> Result<Option<(i64, String)>> {
        Ok(
            sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
                .fetch_optional(self.conn())
                .await?,
        )
    }

    /// Every event of `action` on `subject`, in order.
    pub async fn audit_events_by_action(
        &mut self,
        subject: &str,
        action: &str,
    ) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVENT_COLS} FROM audit_events WHERE subject = $1 AND action = $2 ORDER BY seq"
        ))
        .bind(subject)
        .bind(action)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter().map(event_from).collect()
    }

    /// Who did `action` last on `subject`, and when: (actor, at).
    pub async fn last_event(
        &mut self,
        subject: &str,
        action: &str,
    ) -> Result<Option<(String, String)>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT actor, at FROM audit_events WHERE subject = $1 AND action = $2
              ORDER BY seq DESC LIMIT 1",
        )
        .bind(subject)
        .bind(action)
        .fetch_optional(self.conn())
        .await?;
        Ok(row)
    }

    /// Events in order; only those whose subject is `subject` or starts with `subject/` when
    /// given, and only after `after_seq`, at most `limit`.
    pub async fn audit_events(
        &mut self,
        subject: Option<&str>,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>> {
        let rows = match subject {
            Some(s) => {
                sqlx::query(&format!(
                    "SELECT {EVENT_COLS} FROM audit_events
                      WHERE seq > $1 AND (subject = $2 OR substr(subject, 1, length($3) + 1) = $4 || '/')
                      ORDER BY seq LIMIT $5"
                ))
                .bind(after_seq)
                .bind(s)
                .bind(s)
                .bind(s)
                .bind(limit)
                .fetch_all(self.conn())
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {EVENT_COLS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"
                ))
                .bind(after_seq)
                .bind(limit)
                .fetch_all(self.conn())
                .await?
            }
        };
        rows.into_iter().map(event_from).collect()
    }
}
