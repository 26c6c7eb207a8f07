//! Near-duplicate groups of a request: the grouping pass (after an ingest, or on demand) and
//! the list. The grouping itself is `grouping::near_duplicates`; here records are read,
//! grouped and written back, only where something changed.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, RecordId, RecordKind};
use std::collections::HashMap;
use std::time::Instant;
use store::{NearDupGroupRow, NearDupPlace};

/// What a near-duplicate pass found and changed.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NearDupReport {
    /// Records read (copies included).
    pub records: u64,
    /// Groups of two or more records.
    pub groups: u64,
    /// Records in those groups.
    pub in_groups: u64,
    /// Records whose group changed in this pass.
    pub changed: u64,
    /// The similarity a record needs to its group's pivot.
    pub threshold: f64,
    pub elapsed_ms: u64,
}

/// Everything a grouping pass did.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupingReport {
    pub conversations: crate::ConversationReport,
    pub near_duplicates: NearDupReport,
}

impl Office {
    /// Groups a request's records into conversations and near-duplicate groups (what runs
    /// after every ingest).
    pub async fn group_records(&self, actor: &Actor, reference: &str) -> Result<GroupingReport> {
        Ok(GroupingReport {
            conversations: self.group_conversations(actor, reference).await?,
            near_duplicates: self.group_near_duplicates(actor, reference).await?,
        })
    }

    /// Groups a request's records whose text is nearly the same (whatever their formats),
    /// each with its similarity to the group's pivot. Messages are compared by their body
    /// (not their header block), so that a memo pasted into an email joins the memo.
    pub async fn group_near_duplicates(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<NearDupReport> {
        let started = Instant::now();
        let reference = model::RequestRef::parse(reference)?;
        let (texts, copies, threshold) = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Ingest).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            let threshold = crate::settings::read_settings(&mut tx)
                .await?
                .near_dup_threshold();
            (
                tx.texts_for_grouping(req.id).await?,
                tx.copies_for_grouping(req.id).await?,
                threshold,
            )
        };
        let current: Vec<NearDupPlace> = texts.iter().map(|t| t.current).collect();
        let found = tokio::task::spawn_blocking(move || {
            let docs: Vec<grouping::Doc> = texts
                .into_iter()
                .map(|t| grouping::Doc {
                    id: t.id.0 as u64,
                    text: match t.kind {
                        RecordKind::Email | RecordKind::Msg => match t.text.split_once("\n\n") {
                            Some((_, body)) => body.to_string(),
                            None => t.text,
                        },
                        _ => t.text,
                    },
                })
                .collect();
            grouping::near_duplicates(&docs, threshold)
        })
        .await
        .map_err(|e| ApiError::internal(format!("grouping stopped: {e}")))?;
        let placed: HashMap<RecordId, (RecordId, f64)> = found
            .iter()
            .map(|n| {
                (
                    RecordId(n.id as i64),
                    (RecordId(n.group as i64), n.similarity),
                )
            })
            .collect();
        let mut wanted: Vec<NearDupPlace> = current
            .iter()
            .map(|c| match placed.get(&c.id) {
                Some(&(g, s)) => NearDupPlace {
                    id: c.id,
                    group: Some(g),
                    similarity: Some(s),
                },
                None => NearDupPlace {
                    id: c.id,
                    group: None,
                    similarity: None,
                },
            })
            .collect();
        let mut now = current;
        // A copy (an exact duplicate) stands where its first copy does.
        for (c, first) in copies {
            now.push(c);
            let (group, similarity) = match placed.get(&first) {
                Some(&(g, s)) => (Some(g), Some(s)),
                None => (None, None),
            };
            wanted.push(NearDupPlace {
                id: c.id,
                group,
                similarity,
            });
        }
        let changed = crate::conversations::changed_places(&wanted, &now);
        if !changed.is_empty() {
            let mut tx = self.store.write().await?;
            self.authorize(&mut tx, actor, Action::Ingest).await?;
            tx.set_near_dups(&changed).await?;
            tx.commit().await?;
        }
        let (groups, in_groups) = crate::conversations::groups_of(wanted.iter().map(|w| w.group));
        Ok(NearDupReport {
            records: wanted.len() as u64,
            groups,
            in_groups,
            changed: changed.len() as u64,
            threshold,
            elapsed_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// A request's near-duplicate groups, largest first.
    pub async fn near_dup_groups(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<Vec<NearDupGroupRow>> {
        let reference = model::RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        Ok(tx.near_dup_groups(req.id).await?)
    }
}
