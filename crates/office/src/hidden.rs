//! Text a source PDF hid — under a box it drew, in the colour of its background, off the
//! page — found by rendering its pages and looking where each word of its text layer
//! should be. Export never publishes such text; reviewers see it on the record and the
//! approver sees it with the release set, so that a person decides what it means.

use crate::{Actor, ApiError, Office, Result};
use model::RecordId;
use serde::{Deserialize, Serialize};

/// Resolution of the check: enough to tell ink from a flat colour under a word.
const CHECK_DPI: u32 = 72;

/// Hidden words on one page of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HiddenNotice {
    pub doc_id: RecordId,
    pub page: u32,
    pub words: usize,
    pub why: extract::render::Hidden,
    /// The first few hidden words, for the reviewer.
    pub sample: String,
}

impl HiddenNotice {
    pub fn describe(&self) -> String {
        let why = match self.why {
            extract::render::Hidden::OffPage => "off the page",
            extract::render::Hidden::CannotBeSeen => {
                "cannot be seen (under a box or in the background colour)"
            }
        };
        format!(
            "record {} page {}: {} word(s) of hidden text, {why}: \"{}\" — left out of the inspection copy",
            self.doc_id, self.page, self.words, self.sample
        )
    }
}

/// Checks the text-layer pages of a PDF (blocking: renders every page).
pub(crate) fn check_pdf(
    doc_id: RecordId,
    path: &std::path::Path,
    pages: &[crate::redaction::PageWords],
) -> Vec<HiddenNotice> {
    let mut out = vec![];
    for p in pages.iter().filter(|p| !p.ocr && !p.words.is_empty()) {
        let Ok(raster) = extract::render::render_pdf_page(path, p.page, CHECK_DPI) else {
            continue;
        };
        let boxes: Vec<[f32; 4]> = p.words.iter().map(|w| [w.0, w.1, w.2, w.3]).collect();
        let hidden: Vec<_> = extract::render::hidden_words(&raster, &boxes)
            .into_iter()
            .filter(|(i, _)| export::paged::worth_telling(&p.words[*i].4))
            .collect();
        if let Some((_, why)) = hidden.first() {
            let sample: Vec<&str> = hidden
                .iter()
                .take(8)
                .map(|(i, _)| p.words[*i].4.as_str())
                .collect();
            out.push(HiddenNotice {
                doc_id,
                page: p.page,
                words: hidden.len(),
                why: *why,
                sample: sample.join(" "),
            });
        }
    }
    out
}

impl Office {
    /// Hidden text in a record (PDFs with a text layer; none for other kinds).
    pub async fn hidden_text(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
    ) -> Result<Vec<HiddenNotice>> {
        let view = self.record_view(actor, reference, id).await?;
        self.hidden_in(&view).await
    }

    pub(crate) async fn hidden_in(&self, view: &crate::RecordView) -> Result<Vec<HiddenNotice>> {
        if view.kind != model::RecordKind::Pdf
            || view.pages.iter().all(|p| p.ocr || p.words.is_empty())
        {
            return Ok(vec![]);
        }
        let sha = {
            let mut tx = self.store.read().await?;
            tx.record_page_source(view.doc_id).await?
        };
        let Some(sha) = sha else {
            return Ok(vec![]);
        };
        let file = self.original_file(&sha).await?;
        let pages = view.pages.clone();
        let id = view.doc_id;
        let found = tokio::task::spawn_blocking(move || {
            let found = check_pdf(id, file.path(), &pages);
            drop(file);
            found
        })
        .await
        .map_err(|e| ApiError::internal(format!("hidden-text check: {e}")))?;
        Ok(found)
    }
}
