//! Groups as stored (columns of `records`, written by the grouping pass): each message's
//! conversation, what it replies to, whether it is inclusive; each record's near-duplicate
//! group and its similarity to the group's pivot.

use crate::error::get_metadata;
use crate::{Backend, Result, Tx, sql};
use model::{Metadata, RecordId, RecordKind, RecordStatus, RequestId};
use sqlx::Row;

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;
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
        self.update_records(
            &[
                ("conversation_id", "BIGINT"),
                ("reply_to_id", "BIGINT"),
                ("inclusive", "BIGINT"),
            ],
            rows,
            |q, c| {
                q.bind(c.id.0)
                    .bind(c.conversation.map(|x| x.0))
                    .bind(c.reply_to.map(|x| x.0))
                    .bind(c.inclusive.map(i64::from))
            },
        )
        .await
    }

    /// Sets `columns` (name, PostgreSQL type) of records, one row each, in chunks of 500:
    /// `bind` binds a row's id, then its values in the order of `columns`.
    async fn update_records<T>(
        &mut self,
        columns: &[(&str, &str)],
        rows: &[T],
        bind: impl for<'q> Fn(AnyQuery<'q>, &'q T) -> AnyQuery<'q>,
    ) -> Result<()> {
        let backend = self.backend();
        let n = columns.len() + 1;
        let set: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = v.c{i}"))
            .collect();
        let names: Vec<String> = (0..columns.len())
            .map(|i| format!("column{} AS c{i}", i + 2))
            .collect();
        for chunk in rows.chunks(500) {
            // Doubles are bound as text and cast (`sql::double`).
            let doubles: Vec<usize> = columns
                .iter()
                .enumerate()
                .filter(|(_, (_, t))| *t == "DOUBLE PRECISION")
                .map(|(i, _)| i + 1)
                .collect();
            let mut values = sql::values_with_doubles(backend, chunk.len(), n, 1, &doubles);
            if backend == Backend::Postgres {
                // PostgreSQL types a VALUES list from its first row: say what they are.
                let first = sql::values_with_doubles(backend, 1, n, 1, &doubles);
                let typed: Vec<String> = std::iter::once("BIGINT")
                    .chain(columns.iter().map(|(_, t)| *t))
                    .enumerate()
                    .map(|(i, t)| {
                        if doubles.contains(&i) {
                            sql::cast_double(&format!("${}", i + 1))
                        } else {
                            format!("${}::{t}", i + 1)
                        }
                    })
                    .collect();
                values = values.replacen(&first, &format!("({})", typed.join(", ")), 1);
            }
            let q = format!(
                "UPDATE records SET {}
                   FROM (SELECT column1 AS id, {} FROM (VALUES {values}) AS t) AS v
                  WHERE records.id = v.id",
                set.join(", "),
                names.join(", ")
            );
            let mut query = sqlx::query(&q);
            for r in chunk {
                query = bind(query, r);
            }
            query.execute(self.conn()).await?;
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

/// A record as near-duplicate grouping reads it, with its group now.
#[derive(Debug, Clone)]
pub struct TextForGrouping {
    pub id: RecordId,
    pub kind: RecordKind,
    pub text: String,
    pub current: NearDupPlace,
}

/// A record's near-duplicate group (its pivot's id) and similarity to the pivot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearDupPlace {
    pub id: RecordId,
    pub group: Option<RecordId>,
    pub similarity: Option<f64>,
}

impl Tx {
    /// A request's records read in full (not copies, not failures), in id order.
    pub async fn texts_for_grouping(&mut self, request: RequestId) -> Result<Vec<TextForGrouping>> {
        let rows = sqlx::query(&format!(
            "SELECT id, kind, text, near_dup_group, similarity FROM records
              WHERE request_id = $1 AND status = {} ORDER BY id",
            sql::words(&[RecordStatus::Ingested])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let id = RecordId(r.try_get("id")?);
                Ok(TextForGrouping {
                    id,
                    kind: crate::error::get_word(&r, "kind")?,
                    text: r.try_get::<Option<String>, _>("text")?.unwrap_or_default(),
                    current: near_dup_from(&r, id)?,
                })
            })
            .collect()
    }

    /// Copies (duplicates) of any kind: (copy, where it stands now, its first copy).
    pub async fn copies_for_grouping(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<(NearDupPlace, RecordId)>> {
        let rows = sqlx::query(&format!(
            "SELECT id, duplicate_of, near_dup_group, similarity FROM records
              WHERE request_id = $1 AND status = {} AND duplicate_of IS NOT NULL ORDER BY id",
            sql::words(&[RecordStatus::Duplicate])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let id = RecordId(r.try_get("id")?);
                Ok((near_dup_from(&r, id)?, RecordId(r.try_get("duplicate_of")?)))
            })
            .collect()
    }

    /// Writes records' near-duplicate groups (only those given).
    pub async fn set_near_dups(&mut self, rows: &[NearDupPlace]) -> Result<()> {
        self.update_records(
            &[
                ("near_dup_group", "BIGINT"),
                ("similarity", "DOUBLE PRECISION"),
            ],
            rows,
            |q, c| {
                q.bind(c.id.0)
                    .bind(c.group.map(|x| x.0))
                    .bind(sql::double(c.similarity))
            },
        )
        .await
    }

    /// A request's near-duplicate groups: (pivot, members, its pivot's title), largest first.
    pub async fn near_dup_groups(&mut self, request: RequestId) -> Result<Vec<NearDupGroupRow>> {
        let rows = sqlx::query(
            "SELECT r.near_dup_group AS id, COUNT(*) AS records,
                    (SELECT p.title FROM records p WHERE p.id = r.near_dup_group) AS title,
                    MIN(r.similarity) AS lowest
               FROM records r
              WHERE r.request_id = $1 AND r.near_dup_group IS NOT NULL
              GROUP BY r.near_dup_group
              ORDER BY COUNT(*) DESC, r.near_dup_group",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(NearDupGroupRow {
                    id: RecordId(r.try_get("id")?),
                    records: r.try_get("records")?,
                    title: r.try_get("title")?,
                    lowest_similarity: r.try_get("lowest")?,
                })
            })
            .collect()
    }
}

impl Tx {
    /// The near-duplicate group of each of `ids` that has one: (record, group).
    pub async fn near_dup_group_of(
        &mut self,
        ids: &[RecordId],
    ) -> Result<Vec<(RecordId, RecordId)>> {
        let mut out = vec![];
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(|i| i.0.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let rows = sqlx::query(&format!(
                "SELECT id, near_dup_group FROM records
                  WHERE id IN ({list}) AND near_dup_group IS NOT NULL ORDER BY id"
            ))
            .fetch_all(self.conn())
            .await?;
            for r in rows {
                out.push((
                    RecordId(r.try_get("id")?),
                    RecordId(r.try_get("near_dup_group")?),
                ));
            }
        }
        Ok(out)
    }

    /// A record's similarity to its near-duplicate group's pivot.
    pub async fn near_dup_similarity(&mut self, id: RecordId) -> Result<Option<f64>> {
        let row = sqlx::query("SELECT similarity FROM records WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<f64>, _>("similarity")?,
            None => None,
        })
    }

    /// The records of a near-duplicate group, in id order.
    pub async fn near_dup_members(
        &mut self,
        request: RequestId,
        group: RecordId,
    ) -> Result<Vec<RecordId>> {
        let rows = sqlx::query(
            "SELECT id FROM records WHERE request_id = $1 AND near_dup_group = $2 ORDER BY id",
        )
        .bind(request.0)
        .bind(group.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| Ok(RecordId(r.try_get("id")?)))
            .collect()
    }
}

/// One near-duplicate group of a request, for a list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NearDupGroupRow {
    /// The group's id: its pivot's record id.
    pub id: RecordId,
    pub records: i64,
    /// The pivot's title.
    pub title: Option<String>,
    /// The least similar member's similarity to the pivot.
    pub lowest_similarity: Option<f64>,
}

fn near_dup_from(r: &sqlx::any::AnyRow, id: RecordId) -> Result<NearDupPlace> {
    Ok(NearDupPlace {
        id,
        group: r.try_get::<Option<i64>, _>("near_dup_group")?.map(RecordId),
        similarity: r.try_get::<Option<f64>, _>("similarity")?,
    })
}

/// A message of a conversation, for its tree.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConversationMember {
    pub id: RecordId,
    /// The message it replies to or forwards, when known (and in the conversation).
    pub parent: Option<RecordId>,
    pub inclusive: bool,
    /// A copy of another message of the conversation (a duplicate).
    pub copy: bool,
    pub from: Option<String>,
    /// As found (RFC 3339 when it could be read).
    pub date: Option<String>,
    pub subject: Option<String>,
}

impl Tx {
    /// A conversation's messages, oldest id first.
    pub async fn conversation_members(
        &mut self,
        request: RequestId,
        conversation: RecordId,
    ) -> Result<Vec<ConversationMember>> {
        let rows = sqlx::query(&format!(
            "SELECT r.id, r.reply_to_id, r.inclusive, r.status, r.title,
                    CASE WHEN r.status = {dup} THEN COALESCE(o.metadata, '{{}}') ELSE r.metadata END AS metadata
               FROM records r LEFT JOIN records o ON o.id = r.duplicate_of
              WHERE r.request_id = $1 AND r.conversation_id = $2 ORDER BY r.id",
            dup = sql::words(&[RecordStatus::Duplicate])
        ))
        .bind(request.0)
        .bind(conversation.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let metadata = get_metadata(&r, "metadata")?;
                let status: RecordStatus = crate::error::get_word(&r, "status")?;
                Ok(ConversationMember {
                    id: RecordId(r.try_get("id")?),
                    parent: r.try_get::<Option<i64>, _>("reply_to_id")?.map(RecordId),
                    inclusive: r.try_get::<Option<i64>, _>("inclusive")?.unwrap_or(0) != 0,
                    copy: status == RecordStatus::Duplicate,
                    from: metadata.get("from").map(String::from),
                    date: metadata.get("date").map(String::from),
                    subject: metadata
                        .get("subject")
                        .map(String::from)
                        .or(r.try_get("title")?),
                })
            })
            .collect()
    }
}
