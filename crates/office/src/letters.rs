//! Letters to the requester: acknowledgment, the 10-day determination, an extension's
//! notice, a request for clarification, an installment's cover letter, the final
//! determination and "no records". Each is a template in English or Spanish (shipped, and
//! editable by supervisors) whose `{{fields}}` are filled from the request; a letter is
//! previewed as text, or issued as a PDF kept with the originals (sealed in an encrypted
//! office) in the request's correspondence, and audited.
//!
//! A template is plain text: what it holds is printed, never run. A field a template names
//! that does not exist is refused when the template is saved.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use crate::approval::ReleaseSet;
use crate::{Actor, ApiError, Office, Result};
use model::letter::LETTER_PARTS;
use model::{Action, AuditAction, Disposition, Language, LetterKind, RequestRef, RequestState};

/// The fields a template may name, with what each holds.
pub const LETTER_FIELDS: &[(&str, &str)] = &[
    ("agency", "the agency's name (settings)"),
    ("letterhead", "the letterhead template"),
    ("signature", "the signature block template"),
    ("officer", "the name of the person issuing the letter"),
    ("date", "the day it is issued"),
    ("reference", "the request's reference"),
    ("requester", "the requester"),
    ("received", "the day the request was received"),
    ("description", "the records asked for"),
    ("due", "the determination's due date (after extensions)"),
    (
        "note",
        "the text given when issuing (a question, an expected date)",
    ),
    ("extension_days", "the last extension: its days"),
    (
        "extension_reason",
        "the last extension: its statutory reason",
    ),
    ("previous_due", "the last extension: the date it moved"),
    ("new_due", "the last extension: the new date"),
    ("installment", "the last release's installment number"),
    ("records", "the last release: records in it"),
    (
        "released_in_full",
        "the last release: records released in full",
    ),
    (
        "released_with_redactions",
        "the last release: records released with redactions",
    ),
    ("withheld", "the last release: records withheld in full"),
    ("pages", "the last release: its pages"),
    ("bates_first", "the last release: its first Bates number"),
    ("bates_last", "the last release: its last Bates number"),
    ("approved_on", "the last release: the day it was approved"),
    (
        "approver",
        "the supervisor who approved the last release (§7922.540)",
    ),
    (
        "exemptions",
        "the exemptions cited, each with its description",
    ),
    (
        "cost",
        "the duplication-cost estimate (settings: cents per page)",
    ),
];

/// A template as the office has it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LetterTemplate {
    /// A letter kind, or `letterhead` or `signature`.
    pub name: String,
    pub language: Language,
    pub text: String,
    /// Changed by a supervisor (else the shipped one).
    pub edited: bool,
}

/// A letter as it would be issued.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LetterPreview {
    pub reference: String,
    pub kind: LetterKind,
    pub language: Language,
    pub text: String,
}

/// A letter in a request's correspondence.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LetterInfo {
    pub id: i64,
    pub kind: String,
    pub language: String,
    /// Of its PDF.
    pub sha256: String,
    pub issued_by: String,
    pub issued_at: String,
}

/// The shipped template of a letter kind or part, in a language.
fn shipped(name: &str, language: Language) -> Option<&'static str> {
    macro_rules! pick {
        ($($n:literal),+) => {
            match (name, language) {
                $(
                    ($n, Language::English) => Some(include_str!(concat!("../letters/en/", $n, ".txt"))),
                    ($n, Language::Spanish) => Some(include_str!(concat!("../letters/es/", $n, ".txt"))),
                )+
                _ => None,
            }
        };
    }
    pick!(
        "letterhead",
        "signature",
        "acknowledgment",
        "determination",
        "extension",
        "clarification",
        "installment",
        "final",
        "no-records"
    )
}

fn template_key(name: &str, language: Language) -> String {
    format!("letter-template.{name}.{language}")
}

/// A template name: a letter kind, or one of the shared parts.
fn check_name(name: &str) -> Result<()> {
    if LETTER_PARTS.contains(&name) || LetterKind::parse(name).is_some() {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "there is no letter template \"{name}\" (one of: {}, {})",
            LETTER_PARTS.join(", "),
            LetterKind::NAMES.join(", ")
        )))
    }
}

/// The fields a template names, in order; an unknown one, or a `{{` left open, is refused.
/// The shared parts may not name themselves or each other.
pub(crate) fn fields_of(name: &str, text: &str) -> Result<Vec<String>> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| {
            ApiError::invalid(format!(
                "the {name} template opens a field with {{{{ that it never closes with }}}}"
            ))
        })?;
        let field = after[..close].trim();
        if !LETTER_FIELDS.iter().any(|(f, _)| *f == field) {
            return Err(ApiError::invalid(format!(
                "the {name} template names a field \"{field}\" that does not exist (the fields: {})",
                LETTER_FIELDS
                    .iter()
                    .map(|(f, _)| *f)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if LETTER_PARTS.contains(&name) && LETTER_PARTS.contains(&field) {
            return Err(ApiError::invalid(format!(
                "the {name} template may not hold the {field} (it is part of every letter)"
            )));
        }
        out.push(field.to_string());
        rest = &after[close + 2..];
    }
    Ok(out)
}

/// The template with each field replaced by its value (checked by [`fields_of`] first).
fn fill(name: &str, text: &str, values: &BTreeMap<&str, String>) -> Result<String> {
    fields_of(name, text)?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}").expect("checked");
        let field = after[..close].trim();
        out.push_str(values.get(field).map(String::as_str).unwrap_or_default());
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Blank lines where a field was empty collapse to one (a letter without a note does not
/// print a gap).
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank == 1 {
                out.push('\n');
            }
        } else {
            blank = 0;
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Words that depend on the language.
struct Words {
    withheld_under: &'static str,
    nothing_withheld: &'static str,
    /// The cost sentence: the pages, their total and the price of a page, as written.
    cost: fn(&str, &str, &str) -> String,
    no_charge: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::English => Words {
            withheld_under: "We withheld information under these exemptions:",
            nothing_withheld: "We withheld no information.",
            cost: |pages, total, each| {
                format!(
                    "Paper copies of these {pages} pages would cost {total} ({pages} pages at {each} a page); electronic copies are at no charge."
                )
            },
            no_charge: "Copies are provided at no charge.",
        },
        Language::Spanish => Words {
            withheld_under: "Retuvimos información conforme a estas exenciones:",
            nothing_withheld: "No retuvimos ninguna información.",
            cost: |pages, total, each| {
                format!(
                    "Las copias en papel de estas {pages} páginas costarían {total} ({pages} páginas a {each} cada una); las copias electrónicas no tienen costo."
                )
            },
            no_charge: "Las copias se entregan sin costo.",
        },
    }
}

fn dollars(cents: u64) -> String {
    format!("${}.{:02}", cents / 100, cents % 100)
}

/// The exemptions the sets cite (withheld under, or redacted under), each with its label and
/// description, as the letter lists them.
fn exemptions_text(sets: &[&ReleaseSet], w: &Words) -> String {
    let mut cited: BTreeMap<String, String> = BTreeMap::new();
    for set in sets {
        for e in &set.records {
            let codes: Vec<&String> = match e.disposition {
                Disposition::Withhold => e.exemptions.iter().collect(),
                Disposition::Redact => e.redactions.iter().map(|d| &d.code).collect(),
                _ => vec![],
            };
            for c in codes {
                let label = set.labels.get(c).cloned().unwrap_or_else(|| c.clone());
                let line = match set.citations.get(c) {
                    Some(cit) => match &cit.former {
                        Some(f) => format!("  • {label} (former {f}) — {}", cit.description),
                        None => format!("  • {label} — {}", cit.description),
                    },
                    None => format!("  • {label}"),
                };
                cited.entry(c.clone()).or_insert(line);
            }
        }
    }
    if cited.is_empty() {
        w.nothing_withheld.to_string()
    } else {
        let mut t = format!("{}\n", w.withheld_under);
        for line in cited.values() {
            t.push_str(line);
            t.push('\n');
        }
        t
    }
}

impl Office {
    /// A template as the office has it (anyone who may read the office).
    pub async fn letter_template(
        &self,
        actor: &Actor,
        name: &str,
        language: Language,
    ) -> Result<LetterTemplate> {
        check_name(name)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        template_of(&mut tx, name, language).await
    }

    /// Replaces a template (supervisors), or with `None` goes back to the shipped one. A
    /// field that does not exist is refused, with nothing changed. Audited.
    pub async fn set_letter_template(
        &self,
        actor: &Actor,
        name: &str,
        language: Language,
        text: Option<&str>,
    ) -> Result<LetterTemplate> {
        check_name(name)?;
        if let Some(t) = text {
            if t.trim().is_empty() {
                return Err(ApiError::invalid(format!(
                    "the {name} template is empty: give its text, or reset it to the shipped one"
                )));
            }
            if t.len() > 64 * 1024 {
                return Err(ApiError::invalid(format!(
                    "the {name} template is over 64 KiB"
                )));
            }
            fields_of(name, t)?;
        }
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageSettings)
            .await?;
        let key = template_key(name, language);
        let before = template_of(&mut tx, name, language).await?;
        match text {
            Some(t) => tx.set_setting(&key, t).await?,
            // The shipped text, kept as the office's: a reset is a change like any other.
            None => {
                tx.set_setting(&key, shipped(name, language).unwrap_or_default())
                    .await?
            }
        }
        let after = template_of(&mut tx, name, language).await?;
        let at = self.now();
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::LetterTemplate,
            "office",
            json!({"template": name, "language": language.as_str(), "reset": text.is_none(),
                   "before_sha256": crate::audit::text_digest(&before.text),
                   "after_sha256": crate::audit::text_digest(&after.text)}),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A letter as it would be issued, as text (anyone who may read the request).
    pub async fn preview_letter(
        &self,
        actor: &Actor,
        reference: &str,
        kind: LetterKind,
        language: Language,
        note: Option<&str>,
    ) -> Result<LetterPreview> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        let user = self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let text = self
            .letter_text(&mut tx, &req, kind, language, note, &user.display_name)
            .await?;
        Ok(LetterPreview {
            reference: reference.to_string(),
            kind,
            language,
            text,
        })
    }

    /// Issues a letter (officers and supervisors): typeset as a PDF, kept with the originals,
    /// listed in the request's correspondence and audited. Refused for a closed request, and
    /// where what the letter tells is not so (an extension's notice without an extension…).
    pub async fn issue_letter(
        &self,
        actor: &Actor,
        reference: &str,
        kind: LetterKind,
        language: Language,
        note: Option<&str>,
    ) -> Result<LetterInfo> {
        let reference = RequestRef::parse(reference)?;
        let (text, agency) = {
            let mut tx = self.store.read().await?;
            let user = self.authorize(&mut tx, actor, Action::IssueLetter).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            let text = self
                .letter_text(&mut tx, &req, kind, language, note, &user.display_name)
                .await?;
            let agency = tx.setting(crate::AGENCY_KEY).await?.unwrap_or_default();
            (text, agency)
        };
        // Typeset in scratch (memory, in an encrypted office), then kept as an original.
        let at = self.now();
        let scratch = self.scratch()?;
        let path = scratch.path().join("letter.pdf");
        export::write_document(
            &path,
            &agency,
            reference.as_str(),
            &format!("Letter: {kind}"),
            &text,
            &at,
        )
        .map_err(|e| ApiError::internal(format!("typesetting the letter: {e}")))?;
        let bytes = std::fs::read(&path)
            .map_err(|e| ApiError::internal(format!("reading the letter back: {e}")))?;
        drop(scratch);
        let stored = self.store.originals().put_bytes(&bytes)?;
        self.store.originals().sync()?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::IssueLetter).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        if req.state == RequestState::Closed {
            return Err(closed(&reference));
        }
        tx.insert_originals(
            &[store::NewOriginal {
                sha256: stored.sha256.clone(),
                size: stored.size,
                location: stored.location.clone(),
            }],
            &at,
        )
        .await?;
        let id = tx
            .insert_letter(
                req.id,
                (kind.as_str(), language.as_str()),
                &stored.sha256,
                user.id,
                &at,
            )
            .await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::LetterIssue,
            &format!("request/{reference}"),
            json!({"letter": id, "kind": kind.as_str(), "language": language.as_str(),
                   "sha256": stored.sha256}),
        )
        .await?;
        tx.commit().await?;
        Ok(LetterInfo {
            id,
            kind: kind.as_str().into(),
            language: language.as_str().into(),
            sha256: stored.sha256,
            issued_by: user.name,
            issued_at: at,
        })
    }

    /// A request's correspondence: its letters, oldest first.
    pub async fn letters(&self, actor: &Actor, reference: &str) -> Result<Vec<LetterInfo>> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        Ok(tx
            .letters(req.id)
            .await?
            .into_iter()
            .map(|l| LetterInfo {
                id: l.id,
                kind: l.kind,
                language: l.language,
                sha256: l.sha256,
                issued_by: l.issued_by,
                issued_at: l.issued_at,
            })
            .collect())
    }

    /// A letter's PDF, as issued.
    pub async fn letter_pdf(&self, actor: &Actor, reference: &str, id: i64) -> Result<Vec<u8>> {
        let letter = self
            .letters(actor, reference)
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| {
                ApiError::not_found(format!("request {reference} has no letter {id}"))
            })?;
        let location = {
            let mut tx = self.store.read().await?;
            tx.original_location(&letter.sha256)
                .await?
                .ok_or_else(|| ApiError::internal(format!("letter {id}'s PDF is not recorded")))?
        };
        Ok(self.store.originals().read(&letter.sha256, &location)?)
    }

    /// The letter's text: its template filled from the request.
    async fn letter_text(
        &self,
        tx: &mut store::Tx,
        req: &model::Request,
        kind: LetterKind,
        language: Language,
        note: Option<&str>,
        officer: &str,
    ) -> Result<String> {
        let reference = &req.reference;
        if req.state == RequestState::Closed {
            return Err(closed(reference));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let settings = crate::settings::read_settings(tx).await?;
        let w = words(language);
        let mut v: BTreeMap<&'static str, String> = BTreeMap::new();
        v.insert("agency", settings.agency_name.clone());
        v.insert("officer", officer.to_string());
        v.insert("date", self.today().to_string());
        v.insert("reference", reference.to_string());
        v.insert("requester", req.requester.clone());
        v.insert("received", req.received.to_string());
        v.insert("description", req.description.clone());
        v.insert("due", req.due.to_string());
        v.insert("note", note.unwrap_or_default().to_string());
        if let Some(e) = req.extensions.last() {
            v.insert("extension_days", e.days.to_string());
            v.insert("extension_reason", e.reason.clone());
            v.insert("previous_due", e.previous_due.to_string());
            v.insert("new_due", e.new_due.to_string());
        }
        let releases = tx.request_releases(req.id).await?;
        let sets = releases
            .iter()
            .map(|r| {
                serde_json::from_str::<ReleaseSet>(&r.release_set)
                    .map_err(|e| ApiError::internal(format!("a release set of {reference}: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        if let (Some(last), Some(set)) = (releases.last(), sets.last()) {
            let s = set.summary();
            let start = set.installment.map_or(1, |i| i.bates_start);
            let prefix = crate::export::default_prefix(tx, req, &settings).await?;
            let bates = |n: u64| export::release::bates(&prefix, n as usize);
            v.insert(
                "installment",
                set.installment.map_or(1, |i| i.number).to_string(),
            );
            v.insert("records", s.records.to_string());
            v.insert("released_in_full", s.released_in_full.to_string());
            v.insert(
                "released_with_redactions",
                s.released_with_redactions.to_string(),
            );
            v.insert("withheld", s.withheld.to_string());
            v.insert("pages", last.pages.to_string());
            v.insert("bates_first", bates(start));
            v.insert("bates_last", bates(start + last.pages.max(1) - 1));
            v.insert(
                "approved_on",
                last.approved_at.get(..10).unwrap_or_default().to_string(),
            );
            v.insert("approver", last.approved_by.clone());
            v.insert(
                "cost",
                if settings.copy_cents_per_page == 0 {
                    w.no_charge.to_string()
                } else {
                    (w.cost)(
                        &last.pages.to_string(),
                        &dollars(last.pages * u64::from(settings.copy_cents_per_page)),
                        &dollars(u64::from(settings.copy_cents_per_page)),
                    )
                },
            );
        }
        // What the letter says must be so.
        match kind {
            LetterKind::Extension if req.extensions.is_empty() => {
                return Err(ApiError::invalid(format!(
                    "request {reference} has not been extended: extend it first (disclose request extend), then give notice"
                )));
            }
            LetterKind::Clarification if note.is_none() => {
                return Err(ApiError::invalid(
                    "a request for clarification needs the question to ask (--note)",
                ));
            }
            LetterKind::Installment => match sets.last() {
                None => {
                    return Err(ApiError::invalid(format!(
                        "request {reference} has no release that went out: an installment's letter follows its export"
                    )));
                }
                Some(s) if s.installment.is_none() => {
                    return Err(ApiError::invalid(format!(
                        "request {reference} went out whole, not in installments: its letter is the final determination"
                    )));
                }
                Some(s) => {
                    v.insert("exemptions", exemptions_text(&[s], &w));
                }
            },
            LetterKind::Final if sets.is_empty() => {
                return Err(ApiError::invalid(format!(
                    "request {reference} has no release that went out: for no records, issue the no-records letter"
                )));
            }
            LetterKind::Final => {
                let all: Vec<&ReleaseSet> = sets.iter().collect();
                v.insert("exemptions", exemptions_text(&all, &w));
            }
            LetterKind::NoRecords if !sets.is_empty() => {
                return Err(ApiError::invalid(format!(
                    "records of {reference} were released: its letter is the final determination, not no records"
                )));
            }
            _ => {}
        }
        render(tx, kind, language, v).await
    }
}

/// A letter kind's template filled with `v`, the letterhead and signature first.
async fn render(
    tx: &mut store::Tx,
    kind: LetterKind,
    language: Language,
    mut v: BTreeMap<&'static str, String>,
) -> Result<String> {
    let mut parts = BTreeMap::new();
    for part in LETTER_PARTS {
        let t = template_of(tx, part, language).await?;
        parts.insert(part, fill(part, &t.text, &v)?);
    }
    for (part, text) in parts {
        v.insert(part, text.trim_end().to_string());
    }
    let t = template_of(tx, kind.as_str(), language).await?;
    Ok(tidy(&fill(kind.as_str(), &t.text, &v)?))
}

/// The letter an export prints: the office's installment cover letter (for an installment)
/// or final determination (for the request whole), filled from the approved set as of its
/// approval — its day, its approver (§7922.540), the agency and request as frozen — and the
/// installments before it; what only the export knows (pages, Bates numbers, counts, the
/// cost of the pages) is left to it.
pub(crate) async fn export_letter(
    tx: &mut store::Tx,
    req: &model::Request,
    set: &ReleaseSet,
    (approver, approved_at): (&str, &str),
    language: Language,
) -> Result<export::Letter> {
    let settings = crate::settings::read_settings(tx).await?;
    let w = words(language);
    let day = approved_at.get(..10).unwrap_or_default().to_string();
    let mut v: BTreeMap<&'static str, String> = BTreeMap::new();
    v.insert("agency", set.agency.clone());
    v.insert("officer", approver.to_string());
    v.insert("approver", approver.to_string());
    v.insert("date", day.clone());
    v.insert("approved_on", day);
    v.insert("reference", set.reference.clone());
    v.insert("requester", set.requester.clone());
    v.insert("received", set.received.clone());
    v.insert("description", set.description.clone());
    v.insert("due", req.due.to_string());
    v.insert(
        "installment",
        set.installment.map_or(1, |i| i.number).to_string(),
    );
    for field in [
        "pages",
        "bates_first",
        "bates_last",
        "records",
        "released_in_full",
        "released_with_redactions",
        "withheld",
    ] {
        v.insert(field, format!("{{{{{field}}}}}"));
    }
    let kind = match set.installment {
        Some(_) => {
            v.insert("exemptions", exemptions_text(&[set], &w));
            LetterKind::Installment
        }
        None => {
            // Every release that went out before, and this one.
            let before: Vec<ReleaseSet> = crate::approval::priors(tx, req)
                .await?
                .into_iter()
                .map(|p| p.set)
                .collect();
            let all: Vec<&ReleaseSet> = before.iter().chain([set]).collect();
            v.insert("exemptions", exemptions_text(&all, &w));
            LetterKind::Final
        }
    };
    let cents = settings.copy_cents_per_page;
    v.insert(
        "cost",
        if cents == 0 {
            w.no_charge.to_string()
        } else {
            "{{cost}}".to_string()
        },
    );
    Ok(export::Letter {
        text: render(tx, kind, language, v).await?,
        cost: (w.cost)("{{pages}}", "{{cost_total}}", &dollars(u64::from(cents))),
        cents_per_page: cents,
    })
}

fn closed(reference: &RequestRef) -> ApiError {
    ApiError::conflict(format!(
        "request {reference} is closed: reopen it before writing to the requester"
    ))
}

async fn template_of(tx: &mut store::Tx, name: &str, language: Language) -> Result<LetterTemplate> {
    let shipped = shipped(name, language).unwrap_or_default();
    let kept = tx.setting(&template_key(name, language)).await?;
    Ok(LetterTemplate {
        name: name.to_string(),
        language,
        edited: kept.as_deref().is_some_and(|k| k != shipped),
        text: kept.unwrap_or_else(|| shipped.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_names_only_fields_that_exist() {
        for &language in Language::ALL {
            for name in LETTER_PARTS
                .iter()
                .copied()
                .chain(LetterKind::NAMES.iter().copied())
            {
                let t = shipped(name, language).unwrap_or_else(|| panic!("{name} {language}"));
                fields_of(name, t).unwrap_or_else(|e| panic!("{name} {language}: {}", e.message));
            }
        }
    }

    #[test]
    fn a_field_that_does_not_exist_or_is_left_open_is_refused() {
        let e = fields_of("final", "Dear {{requestor}}").unwrap_err();
        assert!(
            e.message.contains("\"requestor\" that does not exist"),
            "{}",
            e.message
        );
        let e = fields_of("final", "Dear {{requester").unwrap_err();
        assert!(e.message.contains("never closes"), "{}", e.message);
        let e = fields_of("signature", "{{letterhead}}").unwrap_err();
        assert!(e.message.contains("may not hold"), "{}", e.message);
        assert_eq!(
            fields_of("final", "{{ requester }} {{date}}").unwrap(),
            vec!["requester", "date"]
        );
    }

    #[test]
    fn a_filled_template_prints_values_as_they_are_and_closes_gaps() {
        let mut v = BTreeMap::new();
        v.insert("requester", "<b>{{date}}</b>".to_string());
        let out = tidy(&fill("final", "Dear {{requester}}:\n\n{{note}}\n\n\nEnd", &v).unwrap());
        assert_eq!(out, "Dear <b>{{date}}</b>:\n\nEnd\n");
    }
}
