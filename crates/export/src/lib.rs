//! Inspection copies. The export crate knows nothing of the office's database: the office
//! hands it the release (who approved what) and the records one at a time, already decided —
//! text with its removed pieces, or pages with their boxes, or a slip sheet — and it writes
//! PDFs from which redacted content is gone, reads every file back with an independent
//! extractor and checks it, and writes the exemption log, the letter and the manifest.

pub mod check;
pub mod font;
pub mod paged;
pub mod pdf;
pub mod release;
pub mod typeset;

pub use check::Removed;
pub use model::Disposition;
pub use paged::{Hidden, PageBox, PageWord};
pub use release::csv_field;
pub use release::{
    Body, Description, Earlier, ExemptionInfo, ExportError, FileOut, HiddenText, Item, KeepAlive,
    Letter, LogRow, Outcome, PageCache, PagedPage, ProblemKind, Progress, RecordOut, RecordProblem,
    Release, SlipSheets, Source, Verdict, expect_of, preflight, write_document, write_release,
};
pub use typeset::Piece;

use extract::Failure as Unreadable;
use std::path::Path;

/// What `verify` found in an export folder.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FolderCheck {
    pub reference: String,
    pub release_hash: String,
    /// The audit log's newest event when the export was made (older manifests: none).
    pub audit_head: Option<(i64, String)>,
    pub files: usize,
    /// Files changed, missing or added since the export, with what is wrong.
    pub problems: Vec<String>,
    /// Every record copy, for the text checks.
    pub records: Vec<FolderRecord>,
    /// How the copies were made (older manifests: the defaults).
    pub bates_prefix: String,
    /// The release's first Bates number (an installment's continues the one before).
    pub bates_start: usize,
    pub dpi: u32,
    pub slip_sheet_per_page: bool,
}

/// A record's copy as the manifest lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FolderRecord {
    pub doc_id: i64,
    pub file: String,
    /// Its first Bates number.
    pub first: usize,
    pub pages: usize,
}

/// Whether a manifest's path names a file inside the export folder: relative, with no
/// `..`, no root and no drive.
fn inside_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && !name.contains('\\')
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Re-hashes every file the manifest lists and looks for files it does not list.
pub fn check_folder(dir: &Path) -> Result<FolderCheck, Unreadable> {
    let raw = std::fs::read(dir.join("manifest.json"))
        .map_err(|e| format!("{} has no readable manifest.json ({e})", dir.display()))?;
    let m: serde_json::Value = serde_json::from_slice(&raw)
        .map_err(|e| format!("manifest.json is not valid JSON ({e})"))?;
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut problems = vec![];
    let mut listed = std::collections::BTreeSet::new();
    let files = m["files"].as_array().cloned().unwrap_or_default();
    for f in &files {
        let name = s(&f["path"]);
        if !inside_name(&name) {
            problems.push(format!("the manifest lists a bad path \"{name}\""));
            continue;
        }
        // A link would have verify read whatever it points at.
        if std::fs::symlink_metadata(dir.join(&name)).is_ok_and(|m| !m.file_type().is_file()) {
            problems.push(format!("{name} is not a plain file"));
            continue;
        }
        listed.insert(name.clone());
        match release::file_out(dir, &name) {
            Ok(got) => {
                if Some(got.size) != f["size"].as_u64() || got.sha256 != s(&f["sha256"]) {
                    problems.push(format!("{name} has changed since the export"));
                }
            }
            Err(_) => problems.push(format!("{name} is missing")),
        }
    }
    for entry in walk(dir) {
        if entry != "manifest.json" && !listed.contains(&entry) {
            problems.push(format!("{entry} is not part of the export"));
        }
    }
    // A record's copy is read again by verify: only one of the files checked above, never
    // a path of the manifest's choosing (`/etc/passwd`, `../../office/disclose.db`).
    let all_records = m["records"].as_array().cloned().unwrap_or_default();
    let (records, strays): (Vec<_>, Vec<_>) = all_records
        .iter()
        .partition(|r| listed.contains(&s(&r["file"])));
    for r in strays {
        problems.push(format!(
            "the manifest names a record copy \"{}\" that is not one of its files",
            s(&r["file"])
        ));
    }
    let records: Vec<FolderRecord> = records
        .into_iter()
        .map(|r| FolderRecord {
            doc_id: r["doc_id"].as_i64().unwrap_or(0),
            file: s(&r["file"]),
            first: bates_number(&s(&r["bates_first"])),
            pages: r["pages"].as_u64().unwrap_or(0) as usize,
        })
        .collect();
    let options = &m["options"];
    Ok(FolderCheck {
        reference: s(&m["request"]["reference"]),
        release_hash: s(&m["approval"]["release_hash"]),
        audit_head: m["approval"]["audit_seq"]
            .as_i64()
            .zip(m["approval"]["audit_head"].as_str().map(String::from)),
        files: files.len(),
        problems,
        bates_prefix: s(&m["bates"]["prefix"]),
        bates_start: bates_number(&s(&m["bates"]["first"])).max(1),
        dpi: options["dpi"].as_u64().map_or(150, |d| d as u32),
        // Before the manifest said so: a withheld record of several slip sheets.
        slip_sheet_per_page: options["slip_sheet_per_page"].as_bool().unwrap_or_else(|| {
            records
                .iter()
                .zip(m["records"].as_array().cloned().unwrap_or_default())
                .any(|(r, j)| j["disposition"] == Disposition::Withhold.as_str() && r.pages > 1)
        }),
        records,
    })
}

/// PFX-000004: the number after the prefix (0 when there is none).
fn bates_number(b: &str) -> usize {
    b.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Files under `dir`, as relative paths with `/`.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
