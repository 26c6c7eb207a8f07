// The one typed client of the desktop shell's commands (src-tauri/src/commands.rs). Every
// type comes from bindings.ts, generated from the Rust types; every command rejects with an
// ApiError.
import { Channel, invoke } from '@tauri-apps/api/core';
import type {
  ApprovalInfo,
  BackupProgress,
  BackupReport,
  AuditEvent,
  BulkChange,
  BulkReport,
  BatchesView,
  BatchRow,
  Comparison,
  ConversationMember,
  AuditReport,
  CheckProgress,
  Dashboard,
  ErrorCode,
  Exemption,
  ExportProgress,
  ExportReport,
  FindProgress,
  ExportRequest,
  IngestProgress,
  IngestReport,
  LetterPreview,
  NewUser,
  OfficeStatistics,
  OfficeLocation,
  OfficeSettings,
  OfficeStatus,
  PageBox,
  ProposalChoice,
  ProposalDecision,
  RecordSummary,
  RedactReport,
  ReleaseCheck,
  ReleaseState,
  RequestLife,
  RequestRow,
  ReviewDecision,
  ReviewPair,
  SavedSearch,
  SearchOptions,
  Selection,
  SearchResults,
  SessionUser,
  TermReport,
  UserInfo,
  VerifyReport,
} from './bindings';

export type * from './bindings';

/** What every command rejects with: a code and a one-line message fit to show a person. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The record the error is about, when it is about one (the screen offers to open it). */
  readonly record: number | null;

  constructor(code: ErrorCode, message: string, record: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.record = record;
  }
}

export interface NewRequest {
  reference: string;
  requester: string;
  /** YYYY-MM-DD */
  received: string;
  description: string;
}

// A record, not a list, so that a code added to bindings.ts fails the type check until it is
// named here too.
const KNOWN: Record<ErrorCode, true> = {
  Unauthenticated: true,
  PasswordChangeRequired: true,
  Forbidden: true,
  NotFound: true,
  Conflict: true,
  Changed: true,
  StaleApproval: true,
  Invalid: true,
  Unreadable: true,
  Unavailable: true,
  DiskFull: true,
  Internal: true,
};
const CODES = Object.keys(KNOWN) as ErrorCode[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isRecord(e) && typeof e.message === 'string') {
    const code = CODES.find((c) => c === e.code) ?? 'Internal';
    return new ApiError(code, e.message, typeof e.record === 'number' ? e.record : null);
  }
  // Tauri itself rejects with a plain string (an unknown command, an ACL refusal).
  return new ApiError('Internal', typeof e === 'string' ? e : String(e));
}

/** Dispatched on `window` when the office no longer accepts the session (idle timeout, an
 * account deactivated): the shell returns to the sign-in screen with `detail` as its notice. */
export const SESSION_LOST = 'disclose:session-lost';

/** Dispatched on `window` when the office refuses a call because the signed-in user must
 * choose a new password first (a supervisor reset it during the session): the window then
 * shows only the form that changes it. */
export const PASSWORD_CHANGE_REQUIRED = 'disclose:password-change-required';

/** Commands whose Unauthenticated means a refused sign-in, not a lost session. */
const SIGNING_IN = new Set([
  'sign_in',
  'init_office',
  'join_team_office',
  'office_status',
  'current_user',
]);

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'Unauthenticated' && !SIGNING_IN.has(cmd)) {
      window.dispatchEvent(new CustomEvent(SESSION_LOST, { detail: err.message }));
    }
    if (err.code === 'PasswordChangeRequired') {
      window.dispatchEvent(new CustomEvent(PASSWORD_CHANGE_REQUIRED, { detail: err.message }));
    }
    throw err;
  }
}

/** A channel that hands each message to `on`. */
function channel<T>(on: (m: T) => void): Channel<T> {
  const c = new Channel<T>();
  c.onmessage = on;
  return c;
}

export const DEFAULT_SEARCH: SearchOptions = {
  limit: 100,
  offset: 0,
  sort: 'relevance',
  fold: false,
  facets: true,
};

export const api = {
  officeStatus: () => call<OfficeStatus>('office_status'),
  /** Creates the office: on this workstation, or (`database`, a `postgres://user@server/db`
   * address) as a team office on that server, its originals in the shared folder `originals`
   * (absent: the data folder). `encrypt` (this workstation's office only): its database is
   * encrypted, and the answer is its recovery key, to show once; otherwise null. */
  initOffice: (
    admin: string,
    displayName: string,
    password: string,
    database?: string | null,
    originals?: string | null,
    encrypt?: boolean,
  ) =>
    call<string | null>('init_office', {
      admin,
      displayName,
      password,
      database: database ?? null,
      originals: originals ?? null,
      ...(encrypt ? { encrypt: true } : {}),
    }),
  /** Makes this workstation (its data folder empty) one of an existing team office's. */
  joinTeamOffice: (database: string, originals: string | null, officeKey: string | null) =>
    call<OfficeLocation>('join_team_office', { database, originals, officeKey }),
  signIn: (name: string, password: string) => call<SessionUser>('sign_in', { name, password }),
  signOut: () => call<null>('sign_out'),
  /** The signed-in user's own password: `current` is checked; the user as they now are. */
  changePassword: (current: string, newPassword: string) =>
    call<SessionUser>('change_password', { current, new: newPassword }),
  currentUser: () => call<SessionUser | null>('current_user'),
  stillHere: () => call<null>('still_here'),

  listRequests: () => call<Dashboard>('list_requests'),
  createRequest: (r: NewRequest) =>
    call<RequestRow>('create_request', {
      reference: r.reference,
      requester: r.requester,
      received: r.received,
      description: r.description,
    }),
  extendRequest: (reference: string, days: number, reason: string) =>
    call<RequestRow>('extend_request', { reference, days, reason }),
  /** A request with its changes of state and its letters. */
  requestLife: (reference: string) => call<RequestLife>('request_life', { reference }),
  /** `state`: a state's name or `reopen`; `closedAs` only with `closed`. */
  changeRequestState: (reference: string, state: string, closedAs: string | null, note: string) =>
    call<RequestLife>('change_request_state', { reference, state, closedAs, note }),
  previewLetter: (reference: string, kind: string, language: string, note: string | null) =>
    call<LetterPreview>('preview_letter', { reference, kind, language, note }),
  issueLetter: (reference: string, kind: string, language: string, note: string | null) =>
    call<RequestLife>('issue_letter', { reference, kind, language, note }),
  /** The office's figures for the days `from` to `to` (YYYY-MM-DD). */
  statistics: (from: string, to: string) => call<OfficeStatistics>('statistics', { from, to }),

  ingest: (
    reference: string,
    paths: string[],
    custodian: string | null,
    ocr: boolean,
    passwords: string[],
    onProgress: (p: IngestProgress) => void,
  ) =>
    call<IngestReport>('ingest', {
      reference,
      paths,
      custodian,
      ocr,
      passwords,
      onProgress: channel(onProgress),
    }),
  cancelIngest: () => call<null>('cancel_ingest'),
  watchDrops: (onDrop: (paths: string[]) => void) =>
    call<null>('watch_drops', { onDrop: channel(onDrop) }),
  choosePaths: (folders: boolean, multiple: boolean) =>
    call<string[]>('choose_paths', { folders, multiple }),

  /** A request's records in the order recorded; with `after` and `limit`, at most `limit` of
   * those with an id above `after` (a long list is read a chunk at a time). */
  listRecords: (reference: string, after?: number, limit?: number) =>
    call<RecordSummary[]>('list_records', { reference, after: after ?? null, limit: limit ?? null }),
  reviewRecord: (reference: string, id: number) =>
    call<ReviewPair>('review_record', { reference, id }),
  /** A page as PNG bytes. */
  pageImage: (reference: string, id: number, page: number, dpi: number) =>
    call<ArrayBuffer>('page_image', { reference, id, page, dpi }),
  /** "folder" or "file"; rejects when the path does not exist or cannot be read. */
  checkImportPath: (path: string) => call<string>('check_import_path', { path }),
  exemptions: () => call<Exemption[]>('exemptions'),
  /** The codes the office cites most, most first. */
  exemptionsByUse: () => call<string[]>('exemptions_by_use'),
  // `seen`: the version of the record the screen shows. A change someone else made since is
  // refused (naming them) instead of overwritten.
  redactSelection: (reference: string, id: number, start: number, end: number, code: string, seen?: number) =>
    call<RedactReport>('redact_selection', { reference, id, start, end, code, seen: seen ?? null }),
  redactText: (reference: string, id: number | null, value: string, code: string) =>
    call<RedactReport>('redact_text', { reference, id, value, code }),
  redactArea: (
    reference: string,
    id: number,
    page: number,
    rect: { x0: number; y0: number; x1: number; y1: number },
    code: string,
    seen?: number,
  ) => call<number>('redact_area', { reference, id, page, ...rect, code, seen: seen ?? null }),
  /** The box a drawn rectangle would burn: grown to cover whole every word it touches. */
  snapArea: (reference: string, id: number, page: number, rect: { x0: number; y0: number; x1: number; y1: number }) =>
    call<PageBox>('snap_area', { reference, id, page, ...rect }),
  removeRedaction: (reference: string, redaction: number) =>
    call<null>('remove_redaction', { reference, redaction }),
  /** Proposes what the detectors find in record `id`, or in every record (`null`). */
  detect: (
    reference: string,
    id: number | null,
    kinds: string[],
    code: string,
    onProgress: (p: FindProgress) => void = () => undefined,
  ) => call<RedactReport>('detect', { reference, id, kinds, code, onProgress: channel(onProgress) }),
  decideProposals: (
    reference: string,
    which: ProposalChoice,
    accept: boolean,
    everywhere: boolean,
  ) => call<ProposalDecision>('decide_proposals', { reference, which, accept, everywhere }),
  setDisposition: (reference: string, id: number, disposition: string, seen?: number) =>
    call<ReviewDecision>('set_disposition', { reference, id, disposition, seen: seen ?? null }),
  /** One decision on every record of a selection; `dryRun` only says what it would do. */
  decideMany: (reference: string, selection: Selection, change: BulkChange, dryRun: boolean) =>
    call<BulkReport>('decide_many', { reference, selection, change, dryRun }),
  undoBulk: (reference: string, event: number) => call<BulkReport>('undo_bulk', { reference, event }),
  conversation: (reference: string, thread: number) =>
    call<ConversationMember[]>('conversation', { reference, thread }),
  /** A record beside its near-duplicate group's pivot (or `with`), what differs marked. */
  compareRecords: (reference: string, id: number, withId: number | null = null) =>
    call<Comparison>('compare_records', { reference, id, with: withId }),
  batches: (reference: string) => call<BatchesView>('batches', { reference }),
  makeBatches: (reference: string, size: number, query: string | null) =>
    call<BatchRow[]>('make_batches', { reference, size, query }),
  assignBatch: (reference: string, batch: number, to: string | null) =>
    call<BatchRow>('assign_batch', { reference, batch, to }),
  takeBatch: (reference: string) => call<BatchRow | null>('take_batch', { reference }),
  withhold: (reference: string, id: number, code: string, seen?: number) =>
    call<ReviewDecision>('withhold', { reference, id, code, seen: seen ?? null }),
  setReviewStatus: (reference: string, id: number, status: string, seen?: number) =>
    call<ReviewDecision>('set_review_status', { reference, id, status, seen: seen ?? null }),
  setNote: (reference: string, id: number, note: string, seen?: number) =>
    call<string | null>('set_note', { reference, id, note, seen: seen ?? null }),
  setUndecided: (reference: string, disposition: string) =>
    call<ReviewDecision[]>('set_undecided', { reference, disposition }),

  /** The request's highlight set: terms marked in every record under review. */
  highlightTerms: (reference: string) => call<string[]>('highlight_terms', { reference }),
  setHighlightTerms: (reference: string, terms: string[]) =>
    call<string[]>('set_highlight_terms', { reference, terms }),
  /** Every record the query finds, in record order (not a page of them). */
  searchIds: (reference: string, query: string) => call<number[]>('search_ids', { reference, query }),
  search: (reference: string, query: string, options: SearchOptions) =>
    call<SearchResults>('search', { reference, query, options }),
  savedSearches: (reference: string) => call<SavedSearch[]>('saved_searches', { reference }),
  saveSearch: (reference: string, name: string, query: string) =>
    call<SavedSearch>('save_search', { reference, name, query }),
  deleteSavedSearch: (reference: string, name: string) =>
    call<null>('delete_saved_search', { reference, name }),
  termReport: (reference: string, terms: string[]) =>
    call<TermReport>('term_report', { reference, terms }),

  /** `installment`: what the next installment would be (what is decided since the last). */
  releaseState: (reference: string, installment = false) =>
    call<ReleaseState>('release_state', { reference, installment }),
  /** The pre-flight: every record that would go out composed and read back as export will. */
  checkRelease: (reference: string, onProgress: (p: CheckProgress) => void, installment = false) =>
    call<ReleaseCheck>('check_release', { reference, installment, onProgress: channel(onProgress) }),
  submit: (reference: string, onProgress: (p: CheckProgress) => void = () => undefined, installment = false) =>
    call<ApprovalInfo>('submit', { reference, installment, onProgress: channel(onProgress) }),
  setReleaseAsImages: (reference: string, ids: number[], on: boolean) =>
    call<number>('set_release_as_images', { reference, ids, on }),
  approve: (reference: string, comment: string | null) =>
    call<ApprovalInfo>('approve', { reference, comment }),
  reject: (reference: string, comment: string) =>
    call<ApprovalInfo>('reject', { reference, comment }),
  exportRelease: (
    reference: string,
    request: ExportRequest,
    onProgress: (p: ExportProgress) => void,
  ) =>
    call<ExportReport>('export_release', {
      reference,
      request,
      onProgress: channel(onProgress),
    }),
  verifyExport: (dir: string) => call<VerifyReport>('verify_export', { dir }),
  openFolder: (dir: string) => call<null>('open_folder', { dir }),

  auditLog: (request: string | null, afterSeq: number, limit: number) =>
    call<AuditEvent[]>('audit_log', { request, afterSeq, limit }),
  auditVerify: () => call<AuditReport>('audit_verify'),
  settings: () => call<OfficeSettings>('settings'),
  updateSettings: (settings: OfficeSettings) =>
    call<OfficeSettings>('update_settings', { settings }),
  /** Backs the office up into a folder (supervisors), with progress. */
  backup: (folder: string, onProgress: (p: BackupProgress) => void) =>
    call<BackupReport>('backup', { folder, onProgress: channel(onProgress) }),
  users: () => call<UserInfo[]>('users'),
  addUser: (user: NewUser) => call<null>('add_user', { user }),
  /** A temporary password for another user, to be changed at their next sign-in (supervisors). */
  resetPassword: (name: string, temporary: string) =>
    call<UserInfo>('reset_password', { name, temporary }),
};
