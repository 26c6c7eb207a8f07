// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs): do not edit.
// Regenerate with: UPDATE_BINDINGS=1 cargo test -p disclose-desktop bindings
/* eslint-disable */

export type CmdError = { code: ErrorCode, message: string, 
/**
 * The record the error is about, when it is about one (the window offers to open it).
 */
record: number | null, };

export type OfficeStatus = { 
/**
 * False on an empty data directory: the window then offers to create the office.
 */
initialised: boolean, data_dir: string, 
/**
 * Minutes without activity before the window signs out.
 */
idle_minutes: number, 
/**
 * Where the office is: this workstation, or a team office on a server.
 */
location: OfficeLocation, 
/**
 * An encrypted office: it opens at sign-in, with a user's password.
 */
encrypted: boolean, about: About, };

export type About = { 
/**
 * This build's version (the package's).
 */
version: string, 
/**
 * The office schema this build writes (its number, as `disclose --version` prints it).
 */
schema: number, 
/**
 * Set when opening the office brought an older build's schema up to date: what was
 * done and where the database as it was is kept.
 */
upgraded: string | null, };

export type Permissions = { ingest: boolean, redact: boolean, create_requests: boolean, extend_requests: boolean, submit: boolean, approve: boolean, export: boolean, manage_settings: boolean, manage_users: boolean, read_audit: boolean, 
/**
 * Make review batches and assign records or batches to reviewers.
 */
assign_review: boolean, 
/**
 * Back the office up.
 */
backup: boolean, 
/**
 * Ask for clarification, close or reopen a request.
 */
change_request_state: boolean, 
/**
 * Issue letters to requesters.
 */
issue_letters: boolean, 
/**
 * Read the office's statistics.
 */
read_statistics: boolean, };

export type SessionUser = { name: string, role: Role, 
/**
 * Signed in with a password a supervisor set: the window shows only the form that
 * changes it (the office refuses everything else anyway).
 */
must_change_password: boolean, may: Permissions, };

export type RequestRow = { reference: string, requester: string, description: string, 
/**
 * `YYYY-MM-DD`.
 */
received: string, 
/**
 * The determination due date after extensions, `YYYY-MM-DD`.
 */
due: string, 
/**
 * Calendar days from the office's today to `due`; negative when past it.
 */
days_left: number, 
/**
 * `open`, `submitted`, `approved`, `released` or `closed`.
 */
status: string, extended_days: number, created_by: string, 
/**
 * Records collected (copies and failures included).
 */
records: number, 
/**
 * Records reviewed or checked.
 */
reviewed: number, 
/**
 * Applied redactions.
 */
redactions: number, assignee: string | null, 
/**
 * Who submitted its latest release for approval, and when (RFC 3339).
 */
submitted_by: string | null, submitted_at: string | null, 
/**
 * Its life as the requester is told it: `open`, `awaiting-clarification`, `in-review`,
 * `partly-released` or `closed`.
 */
state: string, 
/**
 * Why it was closed: `fulfilled`, `withdrawn`, `no-records` or `denied`.
 */
closed_as: string | null, 
/**
 * The day of its first determination (`YYYY-MM-DD`).
 */
determined_on: string | null, };

export type Dashboard = { 
/**
 * The office's today (`YYYY-MM-DD`), which `days_left` counts from.
 */
today: string, 
/**
 * Soonest due first.
 */
requests: Array<RequestRow>, };

export type StateChangeRow = { from: string, to: string, closed_as: string | null, note: string, 
/**
 * `YYYY-MM-DD`.
 */
on: string, by: string, };

export type RequestLife = { request: RequestRow, history: Array<StateChangeRow>, letters: Array<LetterInfo>, };

export type LetterInfo = { id: number, kind: string, language: string, 
/**
 * Of its PDF.
 */
sha256: string, issued_by: string, issued_at: string, };

export type LetterPreview = { reference: string, kind: LetterKind, language: Language, text: string, };

export type LetterKind = "acknowledgment" | "determination" | "extension" | "clarification" | "installment" | "final" | "no-records";

export type Language = "en" | "es";

export type OfficeStatistics = { from: string, to: string, received: number, closed: number, 
/**
 * Closed, by why (fulfilled, withdrawn, no-records, denied).
 */
closed_as: { [key in string]: number }, days_to_determination: Spread, days_to_close: Spread, late: number, extensions: number, installments: number, pages_released: number, exemptions_cited: Array<Cited>, per_month: Array<MonthCount>, 
/**
 * Days from receipt to closing, for the requests closed in the period.
 */
days_to_close_histogram: Array<Bucket>, };

export type Installments = { reference: string, installments: Array<InstallmentSummary>, 
/**
 * Each record with the installment it last went out in.
 */
released: { [key in RecordId]: number }, changed: Array<ChangedSinceRelease>, };

export type InstallmentSummary = { number: number, approved_by: string, approved_at: string, exported_at: string, out_dir: string, pages: number, 
/**
 * Its Bates numbers, first and last (without the prefix the export printed).
 */
bates_first: number, bates_last: number, summary: ReleaseSummary, };

export type ChangedSinceRelease = { doc_id: RecordId, path: string, installment: number, };

export type Spread = { count: number, median: number | null, p90: number | null, };

export type MonthCount = { 
/**
 * `2026-03`.
 */
month: string, received: number, closed: number, };

export type Cited = { code: string, label: string, records: number, };

export type Bucket = { label: string, count: number, };

export type ReviewPair = { record: RecordView, release: ReleaseView, };

export type ReleaseState = { summary: ReleaseSummary, 
/**
 * The exemption log as it would be: every record withheld or redacted, with its codes.
 */
log: Array<ReleaseEntry>, 
/**
 * Each code in use: its label, former citation and description.
 */
citations: Array<LogCode>, 
/**
 * Why it cannot be submitted yet, before the pre-flight (empty: it can be checked).
 */
problems: Array<SubmissionProblem>, approval: ApprovalInfo | null, 
/**
 * What went out in earlier installments, and the records changed since.
 */
installments: Installments, };

export type LogCode = { code: string, label: string, former: string | null, description: string, };

export type ProposalChoice = { "by": "ids", ids: Array<RedactionId>, } | { "by": "all", doc: number | null, origin: RedactionOrigin | null, kind: DetectorKind | null, 
/**
 * Only what a detector was at least this sure of (0 to 1).
 */
min_score: number | null, };

export type ExportProgress = { records_done: number, pages_done: number, };

export type ExportRequest = { out: string, 
/**
 * None: the office's watermark; empty: none.
 */
watermark: string | null, slip_sheet_per_page: boolean, 
/**
 * The language of the letter it prints (`en`, `es`; none: English).
 */
letter_language?: string, };

export type NewUser = { name: string, display_name: string, role: Role, password: string, };

export type ErrorCode = "Unauthenticated" | "PasswordChangeRequired" | "Forbidden" | "NotFound" | "Conflict" | "Changed" | "StaleApproval" | "Invalid" | "Unreadable" | "Unavailable" | "DiskFull" | "Internal";

export type Role = "clerk" | "officer" | "supervisor";

export type RecordId = number;

export type RedactionId = number;

export type Disposition = "release" | "redact" | "withhold" | "not-responsive" | "duplicate";

export type ReviewStatus = "unreviewed" | "in-review" | "reviewed" | "checked";

export type RecordKind = "email" | "mbox" | "msg" | "tnef" | "pst" | "pdf" | "image" | "docx" | "doc" | "odt" | "pptx" | "ppt" | "odp" | "spreadsheet" | "csv" | "html" | "text" | "rtf" | "archive" | "unknown";

export type RecordStatus = "ingested" | "duplicate" | "failed";

export type RedactionState = "applied" | "proposed" | "rejected" | "removed";

export type RedactionOrigin = "manual" | "term" | "pattern" | "detector";

export type RedactionAnchor = "text" | "area";

export type DetectorKind = "email" | "phone" | "ssn" | "ip" | "card" | "dl" | "dob" | "address" | "person" | "iban" | "bank-account" | "passport" | "medical-record" | "plate";

export type ApprovalState = "submitted" | "approved" | "rejected";

export type Exemption = { 
/**
 * What clerks type and what the log lists, e.g. `7927.700` or `b6`.
 */
code: string, 
/**
 * What is printed on a redaction box, e.g. `Gov. Code §7927.700`.
 */
label: string, 
/**
 * The citation before recodification, e.g. `§6254(c)`.
 */
former: string | null, description: string, group: ExemptionGroup, 
/**
 * Offered to reviewers. Retired codes stay in the catalogue for the records that cite them.
 */
active: boolean, };

export type ExemptionGroup = "cpra" | "foia" | "agency";

export type AuditEvent = { seq: number, 
/**
 * RFC 3339, UTC, to the microsecond.
 */
at: string, 
/**
 * The acting user's name, or `system`.
 */
actor: string, 
/**
 * What was done, e.g. `request.create` (the word of an `AuditAction`).
 */
action: string, 
/**
 * What it was done to, e.g. `request:PRA-2026-0142`.
 */
subject: string, 
/**
 * Before/after and parameters, as JSON.
 */
details: JsonValue, prev_hash: string, hash: string, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type Break = { seq: number, reason: string, };

export type AuditReport = { ok: boolean, 
/**
 * Events checked before the first break (all of them when `ok`).
 */
events: number, first_break: Break | null, };

export type UserInfo = { name: string, display_name: string, role: Role, active: boolean, 
/**
 * Locked after failed sign-ins, until `locked_until`.
 */
locked: boolean, locked_until: string | null, created_at: string, 
/**
 * Signs in with a password a supervisor set (new, or reset) and must change it.
 */
must_change_password: boolean, 
/**
 * The supervisor who added the account (none for the office's first supervisor).
 */
created_by: string | null, 
/**
 * The supervisor who last set the password for them (at creation or a reset), and when.
 */
password_set_by: string | null, password_set_at: string | null, };

export type OfficeSettings = { agency_name: string, 
/**
 * Exports' Bates prefix when the request has none of its own (empty: the reference).
 */
bates_prefix: string, 
/**
 * Minutes without a key press or click before the window signs out (1 to 480).
 */
idle_minutes: number, 
/**
 * Exports' watermark when none is given (empty: none).
 */
watermark: string, 
/**
 * At submission, a record whose text layer the checks cannot vouch for is released as
 * page images with a text layer read by OCR, instead of stopping the submission.
 */
images_when_unchecked: boolean, 
/**
 * How similar (in percent) a record must be to a near-duplicate group's pivot to join
 * it (30 to 95; 50 was chosen from measurements, BENCHMARKS.md).
 */
near_dup_percent: number, 
/**
 * Each detector of personal information, in `DetectorKind::ALL`'s order: whether "Find
 * personal info" runs it unless told otherwise, and the exemption code it proposes.
 */
detectors: Array<DetectorChoice>, 
/**
 * What a page of paper copies costs, in cents (0: the office does not charge); letters
 * estimate the duplication cost from it. Electronic copies are at no charge.
 */
copy_cents_per_page: number, 
/**
 * When the office was last backed up, where and by whom (`disclose backup`); read only:
 * what an update gives here is ignored.
 */
last_backup: LastBackup | null, 
/**
 * Said when the office has never been backed up, or not for over a week (a single
 * workstation's office; a team office's server is backed up by its own schedule).
 */
backup_warning: string | null, };

export type DetectorChoice = { kind: DetectorKind, 
/**
 * "Find personal info" runs it unless the clerk chooses otherwise.
 */
runs: boolean, 
/**
 * The exemption code its proposals take; empty: the code chosen for the run.
 */
code: string, };

export type LastBackup = { at: string, folder: string, by: string, };

export type BackupProgress = { 
/**
 * "database", "originals", "checking originals", "audit", "index".
 */
step: string, done: number, total: number, };

export type FindProgress = { 
/**
 * Records searched so far, of `total`.
 */
searched: number, total: number, 
/**
 * Occurrences found so far (some may already be redacted the same way).
 */
found: number, };

export type BackupReport = { folder: string, taken_at: string, 
/**
 * A backup of this office was in the folder already: only what was new was copied.
 */
incremental: boolean, requests: number, records: number, originals: number, files_copied: number, bytes_copied: number, 
/**
 * Originals re-hashed in the backup (those in the files copied).
 */
originals_checked: number, audit_seq: number, 
/**
 * Originals whose bytes no longer match their hash in the office itself.
 */
damaged: Array<string>, };

export type OfficeLocation = { 
/**
 * `sqlite` (this workstation) or `postgres` (team mode).
 */
backend: string, 
/**
 * The database: its file, or the server and database name.
 */
database: string, originals: string, };

export type RecordSummary = { id: RecordId, path: string, kind: RecordKind, status: RecordStatus, custodian: string | null, parent: RecordId | null, duplicate_of: RecordId | null, failure: string | null, title: string | null, sha256: string | null, size: number | null, disposition: Disposition | null, review_status: ReviewStatus, 
/**
 * An Outlook item's folder in its mailbox (`Inbox/Permits`).
 */
folder: string | null, 
/**
 * What an Outlook item is when not a message (`meeting`, `contact`, `task`, …).
 */
item: string | null, 
/**
 * A message's conversation (the id of its first record), once grouped; null otherwise.
 */
thread: RecordId | null, 
/**
 * For a message: whether it is inclusive (reading the inclusive messages of a
 * conversation reads all of it); null for other records.
 */
inclusive: boolean | null, 
/**
 * The record's near-duplicate group (the id of its pivot record), or null.
 */
near_dup_group: RecordId | null, 
/**
 * Its similarity to the group's pivot (0–1), or null.
 */
similarity: number | null, 
/**
 * The review batch it is in, or null.
 */
batch: number | null, };

export type RecordView = { doc_id: RecordId, path: string, kind: RecordKind, title: string | null, 
/**
 * An item from an Outlook mailbox: the folder it was in (`Inbox/Permits`)…
 */
folder: string | null, 
/**
 * …what it is (message, meeting, contact, task, note, distribution list)…
 */
item: string | null, 
/**
 * …and whether it was among the mailbox's deleted items.
 */
deleted: boolean, disposition: Disposition | null, review_status: ReviewStatus, exemptions: Array<string>, 
/**
 * For a copy: the first copy, which it follows.
 */
duplicate_of: RecordId | null, text: string, redactions: Array<RedactionRow>, 
/**
 * Paged records: their pages and word boxes.
 */
pages: Array<PageWords>, 
/**
 * The reviewers' note (internal: never released)…
 */
note: string | null, 
/**
 * …who wrote it last, and when (RFC 3339).
 */
note_by: string | null, note_at: string | null, 
/**
 * The record's version: pass it back with [`crate::Actor::seeing`] so that a change
 * made meanwhile by someone else is refused instead of overwritten.
 */
version: number, };

export type ReleaseView = { doc_id: RecordId, disposition: Disposition | null, 
/**
 * Withheld in full: `text` is the slip sheet.
 */
withheld: boolean, 
/**
 * Not responsive: not part of the release.
 */
excluded: boolean, text: string, 
/**
 * For a paged record (PDF, scan): the boxes to paint on its pages — each text redaction
 * over the words it covers, each area as drawn.
 */
boxes: Array<PageBox>, };

export type PageBox = { page: number, x0: number, y0: number, x1: number, y1: number, label: string, };

export type PageWords = { page: number, width_pt: number, height_pt: number, ocr: boolean, 
/**
 * (x0, y0, x1, y1, word), normalised to the page.
 */
words: Array<[number, number, number, number, string]>, };

export type RedactionRow = { id: RedactionId, record_id: RecordId, anchor: RedactionAnchor, start_char: number | null, end_char: number | null, page_no: number | null, 
/**
 * An area's rectangle (normalised to the page).
 */
x0: number | null, y0: number | null, x1: number | null, y1: number | null, code: string, label: string, note: string | null, origin: RedactionOrigin, 
/**
 * The detector that found it.
 */
kind: DetectorKind | null, 
/**
 * How sure the detector was (0–1).
 */
score: number | null, state: RedactionState, created_by: string, created_at: string, };

export type RedactReport = { 
/**
 * New redactions (occurrences already redacted the same way are not doubled).
 */
redactions: number, 
/**
 * Records that got at least one.
 */
records: number, 
/**
 * Records looked at.
 */
searched: number, ids: Array<RedactionId>, 
/**
 * Redacting one record of a near-duplicate group: proposals of the same words made on
 * the group's other records.
 */
proposed_on_near_dups: number, };

export type ProposalDecision = { accepted: number, rejected: number, 
/**
 * With "redact everywhere": new proposals of the accepted values on other records.
 */
proposed_elsewhere: number, 
/**
 * Without it: proposals of the accepted values on the near-duplicates of the records
 * they were accepted on.
 */
proposed_on_near_dups: number, };

export type ReviewDecision = { doc_id: RecordId, disposition: Disposition | null, review_status: ReviewStatus, exemptions: Array<string>, };

export type Selection = { "kind": "query", "value": string } | { "kind": "saved", "value": string } | { "kind": "thread", "value": { id: RecordId, inclusive_only: boolean, } } | { "kind": "ids", "value": Array<RecordId> } | { "kind": "near_dups_of", "value": RecordId };

export type BulkChange = { "kind": "disposition", "value": Disposition } | { "kind": "withhold", "value": string } | { "kind": "status", "value": ReviewStatus } | { "kind": "assign", "value": string | null };

export type BulkReport = { dry_run: boolean, 
/**
 * Records the selection named.
 */
selected: number, 
/**
 * Records changed (or that would be).
 */
changed: number, 
/**
 * Records already as the decision would leave them.
 */
unchanged: number, 
/**
 * Records left as they were, with why.
 */
refused: Array<Refusal>, 
/**
 * The audit event of the decision (what `undo_bulk` takes); none for a dry run or when
 * nothing changed.
 */
event: number | null, };

export type Refusal = { doc_id: RecordId, reason: string, };

export type ConversationMember = { id: RecordId, 
/**
 * The message it replies to or forwards, when known (and in the conversation).
 */
parent: RecordId | null, inclusive: boolean, 
/**
 * A copy of another message of the conversation (a duplicate).
 */
copy: boolean, from: string | null, 
/**
 * As found (RFC 3339 when it could be read).
 */
date: string | null, subject: string | null, };

export type Comparison = { 
/**
 * The record compared against (the group's pivot unless another was named)…
 */
left: RecordId, left_title: string | null, left_text: string, 
/**
 * …and the record compared.
 */
right: RecordId, right_title: string | null, right_text: string, 
/**
 * The compared record's similarity to its group's pivot (0–1), when in a group.
 */
similarity: number | null, 
/**
 * `removed`: runs of the left text the right lacks; `added`: runs of the right text the
 * left lacks.
 */
diff: WordDiff, };

export type WordDiff = { removed: Array<CharRun>, added: Array<CharRun>, 
/**
 * The words the two share, and the words of each.
 */
same_words: number, old_words: number, new_words: number, 
/**
 * The comparison ran out of time (very long, very different texts) and is coarser than
 * it could be: still correct, as what it marks does differ.
 */
coarse: boolean, };

export type CharRun = { start: number, end: number, };

export type BatchesView = { batches: Array<BatchRow>, reviewers: Array<ReviewerRow>, };

export type BatchRow = { number: number, records: number, 
/**
 * Records with a disposition.
 */
decided: number, 
/**
 * Who its records are assigned to (none: open for a clerk to take).
 */
reviewer: string | null, };

export type ReviewerRow = { reviewer: string, 
/**
 * Records whose last change (a disposition) was theirs.
 */
decided: number, first_at: string | null, last_at: string | null, };

export type SearchOptions = { limit: number, offset: number, sort: "relevance" | "newest" | "oldest", 
/**
 * One hit per original (SHA-256), with how many copies matched.
 */
fold: boolean, facets: boolean, };

export type SearchResults = { 
/**
 * Every matching record of the request, counted exactly.
 */
total: number, 
/**
 * Folded: how many distinct originals those records are copies of.
 */
originals?: number, 
/**
 * Milliseconds inside the search (query, ranking, facets, snippets), as Elasticsearch
 * reports it.
 */
took_ms: number, offset: number, hits: Array<SearchHit>, facets?: SearchFacets, };

export type SearchHit = { doc_id: RecordId, path: string, kind: RecordKind, 
/**
 * The subject or file name.
 */
title: string | null, 
/**
 * The message's date, or the document's creation date, as found.
 */
date: string | null, custodian: string | null, 
/**
 * A message's sender (or a document's author), as found.
 */
from: string | null, disposition: Disposition | null, score: number, 
/**
 * Folded: how many copies of this original matched (1 otherwise).
 */
copies: number, 
/**
 * A passage with the matched words between « and ».
 */
snippet: string, };

export type FacetCount = { value: string, count: number, };

export type SearchFacets = { custodian: Array<FacetCount>, kind: Array<FacetCount>, 
/**
 * `YYYY-MM` of the record's date as written in it.
 */
month: Array<FacetCount>, disposition: Array<FacetCount>, status: Array<FacetCount>, exemption: Array<FacetCount>, };

export type SavedSearch = { name: string, query: string, 
/**
 * Who saved it (user name).
 */
saved_by: string, saved_at: string, };

export type TermReport = { request: string, terms: Array<TermRow>, 
/**
 * Records hit by any of the terms, and with their families.
 */
any: TermTotals, took_ms: number, };

export type TermRow = { term: string, hits: number, with_families: number, unique: number, };

export type TermTotals = { hits: number, with_families: number, };

export type IngestProgress = { 
/**
 * Files found under the given paths (archive entries and attachments not counted).
 */
files_total: number, bytes_total: number, files_done: number, bytes_done: number, 
/**
 * Records written so far by state (children included).
 */
ingested: number, duplicates: number, failed: number, 
/**
 * Files already in the request from an earlier run, skipped.
 */
skipped: number, 
/**
 * Pages waiting for and done by OCR.
 */
ocr_pages_queued: number, ocr_pages_done: number, elapsed_ms: number, finished: boolean, 
/**
 * Files that could not be read since the previous message, with their reasons (the
 * window keeps a running list; the report at the end has them all).
 */
new_failures: Array<FailedEntry>, };

export type IngestReport = { request: string, counts: IngestCounts, 
/**
 * Ids of the records ingested (not duplicates or failures), in order.
 */
records: Array<RecordId>, duplicates: Array<DuplicateEntry>, failed: Array<FailedEntry>, cancelled: boolean, elapsed_ms: number, };

export type IngestCounts = { ingested: number, duplicates: number, failed: number, skipped: number, };

export type FailedEntry = { path: string, id: RecordId, reason: string, };

export type DuplicateEntry = { path: string, id: RecordId, duplicate_of: RecordId, };

export type ApprovalInfo = { reference: string, 
/**
 * The installment it is (none: the request whole).
 */
installment: number | null, state: ApprovalState, release_hash: string, submitted_by: string, submitted_at: string, decided_by: string | null, decided_at: string | null, comment: string | null, summary: ReleaseSummary, 
/**
 * What changed since submission (empty when the set is still the one submitted).
 */
changed: Array<string>, 
/**
 * Text the released PDFs hid (found at submission): never published, shown to decide on.
 */
hidden_text: Array<HiddenNotice>, };

export type ReleaseSummary = { records: number, released_in_full: number, released_with_redactions: number, withheld: number, not_responsive: number, duplicates: number, 
/**
 * Corrected copies of records released in an earlier installment.
 */
corrected: number, redactions_by_code: { [key in string]: number }, withheld_by_code: { [key in string]: number }, };

export type ReleaseEntry = { doc_id: RecordId, path: string, kind: RecordKind, sha256: string | null, text_sha256: string | null, 
/**
 * What will be done: released in full or with redactions, withheld, not responsive, or
 * a copy released once, as its original.
 */
disposition: Disposition, 
/**
 * The codes it is withheld under.
 */
exemptions: Array<string>, redactions: Array<FrozenRedaction>, 
/**
 * Released as page images with a text layer read by OCR from the burned pages (the
 * fallback for a record whose text layer the checks cannot vouch for). Absent when
 * false, so that sets frozen before it existed keep their hashes.
 */
as_images?: boolean, 
/**
 * A corrected copy of the record as released in this earlier installment (it changed
 * since). Absent otherwise, so that sets frozen before installments keep their hashes.
 */
corrects?: number, };

export type FrozenRedaction = { id: RedactionId, anchor: RedactionAnchor, start: number | null, end: number | null, page: number | null, area: [number, number, number, number] | null, code: string, };

export type HiddenNotice = { doc_id: RecordId, page: number, words: number, why: Hidden, 
/**
 * The first few hidden words, for the reviewer.
 */
sample: string, };

export type Hidden = "off-page" | "cannot-be-seen";

export type ExportReport = { reference: string, out_dir: string, release_hash: string, records: number, pages: number, bates_first: string, bates_last: string, files: Array<FileOut>, manifest_sha256: string, 
/**
 * Source text left out because it cannot be seen on the page (reported, never printed).
 */
hidden_text: Array<HiddenText>, missing_glyphs: number, };

export type FileOut = { path: string, size: number, sha256: string, };

export type HiddenText = { doc_id: number, page: number, words: number, why: Hidden, };

export type VerifyReport = { ok: boolean, reference: string, files: number, 
/**
 * Records whose copies were read again (none when the review changed since the
 * export: the checks compare with the review as it stands).
 */
records_checked: number, problems: Array<string>, 
/**
 * Whether the request's release set is still the one this export was made from.
 */
current: boolean, };

export type ReleaseCheck = { reference: string, 
/**
 * The release set checked (a change after it makes the check stale).
 */
release_hash: string, 
/**
 * Records that would go out (released, redacted or withheld) and their pages.
 */
records: number, pages: number, 
/**
 * Records composed and read back now; the others' verdicts still held.
 */
checked: number, reused: number, 
/**
 * What stops the submission (empty: it can be submitted).
 */
problems: Array<SubmissionProblem>, 
/**
 * Text the originals hide (left out of the copies), for the approver to see.
 */
hidden_text: Array<HiddenNotice>, 
/**
 * Records with letters the font lacks (printed as a replacement mark).
 */
font_gaps: Array<FontGap>, 
/**
 * Records that go out as page images.
 */
as_images: Array<RecordId>, };

export type CheckProgress = { records_done: number, records: number, pages_done: number, };

export type SubmissionProblem = { doc_id: RecordId, path: string, 
/**
 * The record's title as the exemption log prints it (redacted values replaced), else
 * its file name.
 */
title: string, page: number | null, kind: ProblemKind, reason: string, remedies: Array<Remedy>, };

export type ProblemKind = "undecided" | "unreadable" | "render" | "check";

export type Remedy = "decide" | "withhold" | "not-responsive" | "release-as-images";

export type FontGap = { doc_id: RecordId, characters: number, };
