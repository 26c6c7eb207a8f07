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

/// Two records side by side with what differs marked: a near-duplicate against its pivot.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    /// The record compared against (the group's pivot unless another was named)…
    pub left: RecordId,
    pub left_title: Option<String>,
    pub left_text: String,
    /// …and the record compared.
    pub right: RecordId,
    pub right_title: Option<String>,
    pub right_text: String,
    /// The compared record's similarity to its group's pivot (0–1), when in a group.
    pub similarity: Option<f64>,
    /// `removed`: runs of the left text the right lacks; `added`: runs of the right text the
    /// left lacks.
    pub diff: grouping::WordDiff,
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

    /// A record beside another with their differences marked, word by word: by default the
    /// record beside its near-duplicate group's pivot.
    pub async fn compare_records(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        with: Option<RecordId>,
    ) -> Result<Comparison> {
        let right = self.record_view(actor, reference, id).await?;
        let (group, similarity) = {
            let mut tx = self.store.read().await?;
            let group = tx.near_dup_group_of(&[id]).await?.first().map(|g| g.1);
            let similarity = match group {
                Some(_) => tx.near_dup_similarity(id).await?,
                None => None,
            };
            (group, similarity)
        };
        let left_id = match (with, group) {
            (Some(w), _) => w,
            (None, Some(g)) if g != id => g,
            (None, Some(_)) => {
                return Err(ApiError::invalid(format!(
                    "record {id} is its group's pivot: name a member to compare it with"
                )));
            }
            (None, None) => {
                return Err(ApiError::invalid(format!(
                    "record {id} has no near-duplicates: name a record to compare it with"
                )));
            }
        };
        let left = self.record_view(actor, reference, left_id).await?;
        let text = right.text;
        let diff = tokio::task::spawn_blocking({
            let (a, b) = (left.text.clone(), text.clone());
            move || grouping::word_diff(&a, &b)
        })
        .await
        .map_err(|e| ApiError::internal(format!("comparing records: {e}")))?;
        Ok(Comparison {
            left: left_id,
            left_title: left.title,
            left_text: left.text,
            right: id,
            right_title: right.title,
            right_text: text,
            similarity,
            diff,
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

    /// Proposes what was just redacted on `record` (the redactions `made`, text or area) on
    /// the other records of its near-duplicate group, wherever the same words occur there:
    /// the same memo as a draft, a PDF and a scan is redacted once and checked three times.
    /// Returns how many proposals were made. A record outside any group: none.
    pub(crate) async fn propose_on_near_dups(
        &self,
        actor: &Actor,
        reference: &str,
        record: RecordId,
        made: &[model::RedactionId],
    ) -> Result<u64> {
        if made.is_empty() {
            return Ok(0);
        }
        {
            let mut tx = self.store.read().await?;
            if tx.near_dup_group_of(&[record]).await?.is_empty() {
                return Ok(0);
            }
        }
        let view = self.record_view(actor, reference, record).await?;
        let chars: Vec<char> = view.text.chars().collect();
        let text_of = |a: usize, b: usize| -> Option<String> {
            let v: String = chars.get(a..b.min(chars.len()))?.iter().collect();
            (!v.trim().is_empty()).then_some(v)
        };
        let words = if view
            .redactions
            .iter()
            .any(|r| r.anchor == model::RedactionAnchor::Area)
        {
            let pages: Vec<redact::pages::PageOfWords> = view
                .pages
                .iter()
                .map(|p| (p.page, p.words.clone()))
                .collect();
            redact::pages::locate(&view.text, &pages)
        } else {
            vec![]
        };
        // The values, by exemption code.
        let mut by_code: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        let mut seen: std::collections::HashSet<(String, String)> = Default::default();
        let made: std::collections::HashSet<&model::RedactionId> = made.iter().collect();
        for r in view.redactions.iter().filter(|r| made.contains(&r.id)) {
            let mut values = vec![];
            match (r.start_char, r.end_char, r.page_no, r.x0, r.y0, r.x1, r.y1) {
                (Some(a), Some(b), ..) => {
                    values.extend(text_of(a.max(0) as usize, b.max(0) as usize))
                }
                (_, _, Some(page), Some(x0), Some(y0), Some(x1), Some(y1)) => {
                    let area = redact::pages::Rect {
                        x0: x0 as f32,
                        y0: y0 as f32,
                        x1: x1 as f32,
                        y1: y1 as f32,
                    };
                    // The words under the area, a run of neighbouring words as one value.
                    let mut spans = redact::pages::spans_under(&words, page as u32, &area);
                    spans.sort_by_key(|s| s.start);
                    let mut runs: Vec<(usize, usize)> = vec![];
                    for s in spans {
                        match runs.last_mut() {
                            Some(last)
                                if chars
                                    .get(last.1..s.start)
                                    .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace())) =>
                            {
                                last.1 = s.end
                            }
                            _ => runs.push((s.start, s.end)),
                        }
                    }
                    values.extend(runs.into_iter().filter_map(|(a, b)| text_of(a, b)));
                }
                _ => {}
            }
            let list = by_code.entry(r.code.clone()).or_default();
            for v in values {
                if seen.insert((r.code.clone(), v.clone())) {
                    list.push(v);
                }
            }
        }
        let mut proposed = 0;
        for (code, values) in by_code.into_iter().filter(|(_, v)| !v.is_empty()) {
            for values in values.chunks(crate::redaction::VALUES_PER_PASS) {
                proposed += self
                    .propose_redactions(
                        actor,
                        reference,
                        &crate::RedactBy::Redacted {
                            values: values.to_vec(),
                        },
                        crate::RedactTarget::NearDupsOf(record),
                        &code,
                        Some(&format!(
                            "as redacted on its near-duplicate, record {record}"
                        )),
                    )
                    .await?
                    .redactions;
            }
        }
        Ok(proposed)
    }
}
