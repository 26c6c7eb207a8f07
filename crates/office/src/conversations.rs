//! Email conversations of a request: the grouping pass (after an ingest, or on demand) and
//! the list. The threading itself is `grouping::converse`; here records are read, grouped
//! and written back, only where something changed.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, RecordId};
use std::collections::HashMap;
use std::time::Instant;
use store::{ConversationMember, ConversationRow, Conversed};

/// What a grouping pass found and changed.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConversationReport {
    /// Messages read (copies included).
    pub messages: u64,
    /// Conversations of two or more messages.
    pub conversations: u64,
    /// Messages in those conversations.
    pub in_conversations: u64,
    /// Messages a reviewer must read to have read everything.
    pub inclusive: u64,
    /// Messages whose place changed in this pass.
    pub changed: u64,
    pub elapsed_ms: u64,
}

impl Office {
    /// Groups a request's messages into conversations and marks the inclusive ones. Cheap to
    /// run again: only messages whose place changed are written.
    pub async fn group_conversations(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<ConversationReport> {
        let started = Instant::now();
        let reference = model::RequestRef::parse(reference)?;
        let (messages, copies, attachments) = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Ingest).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            (
                tx.messages_for_threading(req.id).await?,
                tx.message_copies(req.id).await?,
                tx.children_hashes(req.id).await?,
            )
        };
        let (placed, current) = tokio::task::spawn_blocking(move || {
            let input: Vec<grouping::Message> = messages
                .iter()
                .map(|m| {
                    grouping::conversation::from_fields(
                        m.id.0 as u64,
                        |k| m.metadata.get(k),
                        &m.text,
                        attachments.get(&m.id).cloned().unwrap_or_default(),
                    )
                })
                .collect();
            let placed = grouping::converse(&input);
            let current: Vec<Conversed> = messages.iter().map(|m| m.current).collect();
            (placed, current)
        })
        .await
        .map_err(|e| ApiError::internal(format!("grouping stopped: {e}")))?;

        let id = |x: u64| RecordId(x as i64);
        let mut wanted: Vec<Conversed> = placed
            .iter()
            .map(|p| Conversed {
                id: id(p.id),
                conversation: Some(id(p.conversation)),
                reply_to: p.parent.map(id),
                inclusive: Some(p.inclusive),
            })
            .collect();
        let by_id: HashMap<RecordId, RecordId> = wanted
            .iter()
            .filter_map(|w| Some((w.id, w.conversation?)))
            .collect();
        let mut now: Vec<Conversed> = current;
        // A copy (an exact duplicate) is in its first copy's conversation, never inclusive.
        for (c, first) in copies {
            now.push(c);
            wanted.push(Conversed {
                id: c.id,
                conversation: by_id.get(&first).copied(),
                reply_to: None,
                inclusive: Some(false),
            });
        }
        let changed = changed_places(&wanted, &now);
        if !changed.is_empty() {
            let mut tx = self.store.write().await?;
            self.authorize(&mut tx, actor, Action::Ingest).await?;
            tx.set_conversations(&changed).await?;
            let ids: Vec<RecordId> = changed.iter().map(|c| c.id).collect();
            tx.note_index_changes(&ids, &self.now()).await?;
            tx.commit().await?;
            // Search follows: `thread:` and `inclusive:` find them at once.
            let idx = self.index().await?;
            self.sync_index(&idx).await?;
        }
        let (conversations, in_conversations) = groups_of(wanted.iter().map(|w| w.conversation));
        Ok(ConversationReport {
            messages: wanted.len() as u64,
            conversations,
            in_conversations,
            inclusive: wanted.iter().filter(|w| w.inclusive == Some(true)).count() as u64,
            changed: changed.len() as u64,
            elapsed_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// A request's conversations of two or more messages, largest first.
    pub async fn conversations(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<Vec<ConversationRow>> {
        let reference = model::RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        Ok(tx.conversations(req.id).await?)
    }

    /// A conversation's messages (who, when, what it replies to, inclusive), for its tree.
    pub async fn conversation(
        &self,
        actor: &Actor,
        reference: &str,
        conversation: RecordId,
    ) -> Result<Vec<ConversationMember>> {
        let reference = model::RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let members = tx.conversation_members(req.id, conversation).await?;
        if members.is_empty() {
            return Err(ApiError::not_found(format!(
                "request {reference} has no conversation {conversation}"
            )));
        }
        Ok(members)
    }
}

/// The places in `wanted` that differ from `now` (the same records, in the same order).
pub(crate) fn changed_places<T: PartialEq + Copy>(wanted: &[T], now: &[T]) -> Vec<T> {
    wanted
        .iter()
        .zip(now)
        .filter(|(w, n)| w != n)
        .map(|(w, _)| *w)
        .collect()
}

/// How many groups of two or more records, and how many records they hold, from each
/// record's group.
pub(crate) fn groups_of(groups: impl Iterator<Item = Option<RecordId>>) -> (u64, u64) {
    let mut sizes: HashMap<RecordId, u64> = HashMap::new();
    for g in groups.flatten() {
        *sizes.entry(g).or_default() += 1;
    }
    let big = sizes.values().filter(|&&n| n > 1);
    (big.clone().count() as u64, big.sum())
}
