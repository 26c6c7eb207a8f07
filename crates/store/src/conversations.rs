//! Email conversations as stored: each message's conversation, what it replies to, whether
//! it is inclusive (columns of `records`, written by the grouping pass).

use crate::error::get_metadata;
use crate::{Backend, Result, Tx, sql};
use model::{Metadata, RecordId, RecordKind, RecordStatus, RequestId};
use sqlx::Row;
use std::collections::HashMap;

/// A message as the grouping pass reads it, with where it stands now.
#[derive(Debug, Clone)]
pub struct MessageForThreading {
    pub id: RecordId,
    pub metadata: Metadata,
    pub text: String,
    pub current: Conversed,
}

/// Where a message stands in its conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversed {
    pub id: RecordId,
    pub conversation: Option<RecordId>,
    pub reply_to: Option<RecordId>,
    pub inclusive: Option<bool>,
}

/// One conversation of a request, for a list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConversationRow {
    /// The conversation's id (its first record's).
    pub id: RecordId,
    pub messages: i64,
    pub inclusive: i64,
    /// The first message's title (its subject).
    pub subject: Option<String>,
}

const MESSAGE_KINDS: &[RecordKind] = &[RecordKind::Email, RecordKind::Msg];

impl Tx {
    /// A request's messages read in full (not copies, not failures), in id order.
    pub async fn messages_for_threading(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<MessageForThreading>> {
        let rows = sqlx::query(&format!(
            "SELECT id, metadata, text, conversation_id, reply_to_id, inclusive FROM records
              WHERE request_id = $1 AND kind IN ({}) AND status = {} ORDER BY id",
            sql::words(MESSAGE_KINDS),
            sql::words(&[RecordStatus::Ingested])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let id = RecordId(r.try_get("id")?);
                Ok(MessageForThreading {
                    id,
                    metadata: get_metadata(&r, "metadata")?,
                    text: r.try_get::<Option<String>, _>("text")?.unwrap_or_default(),
                    current: conversed_from(&r, id)?,
                })
            })
            .collect()
    }

    /// Copies of messages (duplicates): (copy, where it stands now, its first copy).
    pub async fn message_copies(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<(Conversed, RecordId)>> {
        let rows = sqlx::query(&format!(
            "SELECT id, duplicate_of, conversation_id, reply_to_id, inclusive FROM records
              WHERE request_id = $1 AND kind IN ({}) AND status = {} AND duplicate_of IS NOT NULL
              ORDER BY id",
            sql::words(MESSAGE_KINDS),
            sql::words(&[RecordStatus::Duplicate])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let id = RecordId(r.try_get("id")?);
                let first = RecordId(r.try_get("duplicate_of")?);
                Ok((conversed_from(&r, id)?, first))
            })
            .collect()
    }

    /// Each record's children's content hashes (what a message carried as attachments).
    pub async fn children_hashes(
        &mut self,
        request: RequestId,
    ) -> Result<HashMap<RecordId, Vec<String>>> {
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT f.parent_id, c.sha256 FROM record_family f
               JOIN records p ON p.id = f.parent_id JOIN records c ON c.id = f.child_id
              WHERE p.request_id = $1",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        let mut out: HashMap<RecordId, Vec<String>> = HashMap::new();
        for (p, sha) in rows {
            if let Some(sha) = sha {
                out.entry(RecordId(p)).or_default().push(sha);
            }
        }
        Ok(out)
    }

    /// Writes where messages stand (only those given: the caller leaves out the unchanged).
    pub async fn set_conversations(&mut self, rows: &[Conversed]) -> Result<()> {
        let backend = self.backend();
        for chunk in rows.chunks(500) {
            // PostgreSQL types a VALUES list from its first row: say what they are.
            let mut values = sql::values(backend, chunk.len(), 4, 1);
            if backend == Backend::Postgres {
                values = values.replacen(
                    "($1, $2, $3, $4)",
                    "($1::BIGINT, $2::BIGINT, $3::BIGINT, $4::BIGINT)",
                    1,
                );
            }
            let q = format!(
                "UPDATE records SET conversation_id = v.c, reply_to_id = v.r, inclusive = v.i
                   FROM (SELECT column1 AS id, column2 AS c, column3 AS r, column4 AS i
                           FROM (VALUES {values}) AS t) AS v
                  WHERE records.id = v.id"
            );
            let mut q = sqlx::query(&q);
            for c in chunk {
                q = q
                    .bind(c.id.0)
                    .bind(c.conversation.map(|x| x.0))
                    .bind(c.reply_to.map(|x| x.0))
                    .bind(c.inclusive.map(i64::from));
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// A request's conversations of two or more messages, largest first.
    pub async fn conversations(&mut self, request: RequestId) -> Result<Vec<ConversationRow>> {
        let rows = sqlx::query(
            "SELECT r.conversation_id AS id, COUNT(*) AS messages,
                    SUM(CASE WHEN r.inclusive = 1 THEN 1 ELSE 0 END) AS inclusive,
                    (SELECT f.title FROM records f WHERE f.id = r.conversation_id) AS subject
               FROM records r
              WHERE r.request_id = $1 AND r.conversation_id IS NOT NULL
              GROUP BY r.conversation_id HAVING COUNT(*) > 1
              ORDER BY COUNT(*) DESC, r.conversation_id",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ConversationRow {
                    id: RecordId(r.try_get("id")?),
                    messages: r.try_get("messages")?,
                    inclusive: r.try_get("inclusive")?,
                    subject: r.try_get("subject")?,
                })
            })
            .collect()
    }
}

fn conversed_from(r: &sqlx::any::AnyRow, id: RecordId) -> Result<Conversed> {
    Ok(Conversed {
        id,
        conversation: r
            .try_get::<Option<i64>, _>("conversation_id")?
            .map(RecordId),
        reply_to: r.try_get::<Option<i64>, _>("reply_to_id")?.map(RecordId),
        inclusive: r.try_get::<Option<i64>, _>("inclusive")?.map(|v| v != 0),
    })
}
