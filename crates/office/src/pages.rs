//! Pages of paged records (PDFs, scans, images) as pictures for the review screen, rendered by
//! the core as export renders them.

use crate::{Actor, ApiError, ErrorCode, Office, Result};
use model::RecordId;
use serde::Serialize;

/// Resolution bounds of a page picture: a screen shows no less than a thumbnail, and a page
/// at more than 300 dpi costs seconds and tens of MB.
const MIN_DPI: u32 = 24;
const MAX_DPI: u32 = 300;

/// A page as a PNG.
#[derive(Debug, Clone, Serialize)]
pub struct PageImage {
    pub width: u32,
    pub height: u32,
    pub png: Vec<u8>,
}

impl Office {
    /// Page `page` (from 1) of a paged record, rendered at `dpi` (clamped to 24..=300).
    pub async fn page_image(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        page: u32,
        dpi: u32,
    ) -> Result<PageImage> {
        let (mut tx, _) = self.record_of(actor, reference, id).await?;
        let (kind, sha) = tx
            .record_kind(id)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no record {id}")))?;
        let pages = tx.pages(id).await?;
        let sha = match sha {
            Some(_) => tx.record_page_source(id).await?,
            None => None,
        };
        drop(tx);
        let Some(&(_, width_pt, _, _, _)) = pages.iter().find(|p| p.0 == page) else {
            return Err(ApiError::not_found(format!(
                "record {id} has no page {page} (it has {})",
                pages.len()
            )));
        };
        let sha = sha
            .filter(|_| kind.is_paged())
            .ok_or_else(|| ApiError::invalid(format!("record {id} has no pages to show")))?;
        let file = self.original_file(&sha).await?;
        let dpi = dpi.clamp(MIN_DPI, MAX_DPI);
        let pdf = kind == model::RecordKind::Pdf;
        tokio::task::spawn_blocking(move || {
            export::paged::page_png(file.path(), pdf, page, width_pt, dpi)
        })
        .await
        .map_err(|e| ApiError::internal(format!("page rendering stopped: {e}")))?
        .map(|(width, height, png)| PageImage { width, height, png })
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Unreadable,
                format!("record {id} page {page}: {e}"),
            )
        })
    }
}
