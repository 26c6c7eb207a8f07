import { useCallback, useEffect, useState } from 'react';
import {
  api,
  type CheckProgress,
  type ExportProgress,
  type ExportReport,
  type ReleaseCheck,
  type ReleaseState,
  type SessionUser,
  type ProblemKind,
  type SubmissionProblem,
  type VerifyReport,
  toApiError,
} from '../api';
import './release.css';

interface Props {
  reference: string;
  user: SessionUser;
  onOpenRecord: (id: number) => void;
}

const LOG_SHOWN = 200;

/** The exemption log as it would be printed: each record withheld or redacted, its codes. */
function LogPreview({ state, onOpenRecord }: { state: ReleaseState; onOpenRecord: (id: number) => void }) {
  if (state.log.length === 0) return null;
  const former = new Map(state.citations.map((c) => [c.code, c.former]));
  return (
    <>
      <table className="code-table log-table" id="log-preview">
        <caption>Exemption log ({state.log.length} records)</caption>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">File</th>
            <th scope="col">Disposition</th>
            <th scope="col">Exemptions</th>
          </tr>
        </thead>
        <tbody>
          {state.log.slice(0, LOG_SHOWN).map((e) => {
            const codes = [...new Set([...e.exemptions, ...e.redactions.map((r) => r.code)])];
            return (
              <tr key={e.doc_id}>
                <td>
                  <button type="button" className="link" onClick={() => onOpenRecord(e.doc_id)}>
                    #{e.doc_id}
                  </button>
                </td>
                <td className="path" title={e.path}>
                  {e.path.split('/').pop()}
                </td>
                <td>{e.disposition === 'withhold' ? 'withheld' : `${e.redactions.length} redaction(s)`}</td>
                <td>
                  {codes
                    .map((c) => {
                      const f = former.get(c);
                      return f == null ? c : `${c} (${f})`;
                    })
                    .join(', ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {state.log.length > LOG_SHOWN && (
        <p className="muted">…and {state.log.length - LOG_SHOWN} more records in the exported log.</p>
      )}
    </>
  );
}

const KINDS: { kind: ProblemKind; title: (n: number) => string }[] = [
  { kind: 'unreadable', title: (n) => `${records(n)} could not be read` },
  { kind: 'render', title: (n) => `${records(n)} cannot be printed as they are` },
  { kind: 'check', title: (n) => `${records(n)} the check cannot vouch for` },
  { kind: 'undecided', title: (n) => `${records(n)} without a disposition` },
];

/** How many of a kind are listed before "Show all". */
const PROBLEMS_SHOWN = 8;

function records(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'record' : 'records'}`;
}

/** What stops the submission, by kind with counts, the actions on a whole kind first. */
function Problems({
  problems,
  undecidedLeft,
  ...item
}: {
  problems: SubmissionProblem[];
  /** Records without a disposition stand in the way (the bulk choices are offered). */
  undecidedLeft: boolean;
  reference: string;
  user: SessionUser;
  busy: boolean;
  act: (what: () => Promise<string>) => Promise<void>;
  onOpenRecord: (id: number) => void;
}) {
  const [all, setAll] = useState<Set<ProblemKind>>(new Set());
  const [confirm, setConfirm] = useState<'release' | 'not-responsive' | null>(null);
  const groups = KINDS.map((k) => ({ ...k, items: problems.filter((p) => p.kind === k.kind) })).filter(
    (g) => g.items.length > 0,
  );
  const undecided = problems.filter((p) => p.kind === 'undecided').length;
  return (
    <section className="card problems" id="release-problems" aria-labelledby="problems-title">
      <h2 id="problems-title">Before it can be submitted: {records(new Set(problems.map((p) => p.doc_id)).size)}</h2>
      {groups.map((g) => {
        const shown = all.has(g.kind) ? g.items : g.items.slice(0, PROBLEMS_SHOWN);
        return (
          <section key={g.kind} className="problem-group" data-kind={g.kind} aria-label={g.title(g.items.length)}>
            <h3>{g.title(g.items.length)}</h3>
            {g.kind === 'undecided' && undecidedLeft && item.user.may.redact && (
              <div className="actions problem-bulk">
                {confirm === null ? (
                  <>
                    <button type="button" className="secondary" id="undecided-release" disabled={item.busy} onClick={() => setConfirm('release')}>
                      Release all {undecided}…
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      id="undecided-not-responsive"
                      disabled={item.busy}
                      onClick={() => setConfirm('not-responsive')}
                    >
                      Mark all {undecided} not responsive…
                    </button>
                  </>
                ) : (
                  <>
                    <span role="status">
                      {confirm === 'release' ? 'Release' : 'Mark not responsive'} every one of the {records(undecided)} without a
                      disposition?
                    </span>
                    <button
                      type="button"
                      id="undecided-confirm"
                      disabled={item.busy}
                      onClick={() => {
                        const d = confirm;
                        setConfirm(null);
                        void item.act(async () => {
                          const done = await api.setUndecided(item.reference, d);
                          return `${records(done.length)} set to ${d === 'release' ? 'release' : 'not responsive'}.`;
                        });
                      }}
                    >
                      Yes, {confirm === 'release' ? 'release' : 'mark'} {records(undecided)}
                    </button>
                    <button type="button" className="secondary" onClick={() => setConfirm(null)}>
                      Cancel
                    </button>
                  </>
                )}
              </div>
            )}
            <ul>
              {shown.map((p) => (
                <ProblemItem key={`${p.doc_id}/${p.kind}/${p.page ?? ''}`} p={p} {...item} />
              ))}
            </ul>
            {shown.length < g.items.length && (
              <button type="button" className="link" onClick={() => setAll((a) => new Set([...a, g.kind]))}>
                Show all {records(g.items.length)}
              </button>
            )}
          </section>
        );
      })}
    </section>
  );
}

/** One record that stops the submission: what, where, why, and what can be done. */
function ProblemItem({
  p,
  reference,
  user,
  busy,
  act,
  onOpenRecord,
}: {
  p: SubmissionProblem;
  reference: string;
  user: SessionUser;
  busy: boolean;
  act: (what: () => Promise<string>) => Promise<void>;
  onOpenRecord: (id: number) => void;
}) {
  const id = p.doc_id;
  return (
    <li data-record-id={id} data-kind={p.kind}>
      <span className="problem-what">
        #{id} {p.title}
        {p.page !== null ? `, page ${p.page}` : ''}: {p.reason}
      </span>{' '}
      <span className="problem-actions">
        <button type="button" className="link open-problem" data-record-id={id} onClick={() => onOpenRecord(id)}>
          Open record {id}
        </button>
        {p.remedies.includes('release-as-images') && user.may.submit && (
          <button
            type="button"
            className="secondary remedy-images"
            disabled={busy}
            title="The record goes out as pictures of its pages, its text layer read by OCR from them"
            onClick={() =>
              void act(async () => {
                await api.setReleaseAsImages(reference, [id], true);
                return `Record ${id} will be released as page images.`;
              })
            }
          >
            Release as page images
          </button>
        )}
        {p.remedies.includes('not-responsive') && user.may.redact && (
          <button
            type="button"
            className="secondary remedy-not-responsive"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await api.setDisposition(reference, id, 'not-responsive');
                return `Record ${id} is marked not responsive.`;
              })
            }
          >
            Not responsive
          </button>
        )}
        {p.remedies.includes('withhold') && user.may.redact && (
          <button type="button" className="link remedy-withhold" onClick={() => onOpenRecord(id)}>
            Withhold (choose the exemption)…
          </button>
        )}
      </span>
    </li>
  );
}

function CodeTable({ title, counts, id }: { title: string; counts: Record<string, number | undefined>; id: string }) {
  const rows = Object.entries(counts).filter((e): e is [string, number] => e[1] !== undefined);
  if (rows.length === 0) return null;
  return (
    <table className="code-table" id={id}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Exemption</th>
          <th scope="col">Count</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([code, n]) => (
          <tr key={code}>
            <td>{code}</td>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A request's release: what would go out, submission (officers), the supervisor's decision,
 * and the export with its verification.
 */
export function ReleaseScreen({ reference, user, onOpenRecord }: Props) {
  const [state, setState] = useState<ReleaseState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [folder, setFolder] = useState('');
  const [watermark, setWatermark] = useState('');
  const [slipPerPage, setSlipPerPage] = useState(false);
  const [letterLanguage, setLetterLanguage] = useState('en');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [verify, setVerify] = useState<VerifyReport | null>(null);
  const [check, setCheck] = useState<ReleaseCheck | null>(null);
  const [checking, setChecking] = useState<CheckProgress | null>(null);
  const [errorRecord, setErrorRecord] = useState<number | null>(null);
  /** Submit what is decided as an installment (undecided records wait for a later one). */
  const [installment, setInstallment] = useState(false);

  const load = useCallback(async () => {
    try {
      setState(await api.releaseState(reference, installment));
    } catch (e) {
      setError(toApiError(e).message);
    }
  }, [reference, installment]);

  useEffect(() => {
    void load();
  }, [load]);

  // The pre-flight: every record that would go out composed and read back as export will.
  const runCheck = useCallback(async () => {
    setChecking({ records_done: 0, records: 0, pages_done: 0 });
    try {
      setCheck(await api.checkRelease(reference, setChecking, installment));
    } finally {
      setChecking(null);
    }
  }, [reference, installment]);

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setErrorRecord(null);
    setNotice(null);
    try {
      setNotice(await what());
    } catch (e) {
      const err = toApiError(e);
      setError(err.message);
      setErrorRecord(err.record);
    } finally {
      setBusy(false);
      await load();
      // A check already shown follows the change (only what changed is read again).
      if (check !== null) await runCheck().catch((e: unknown) => setError(toApiError(e).message));
    }
  };

  const approval = state?.approval ?? null;
  const stale = approval !== null && approval.changed.length > 0;
  const mayResubmit = approval === null || approval.state === 'rejected' || stale;
  const checkProblems = check?.problems ?? [];
  const problems = state === null ? [] : state.problems.length > 0 ? state.problems : checkProblems;
  const canSubmit = user.may.submit && state !== null && problems.length === 0 && mayResubmit;
  const ownSubmission = approval?.submitted_by === user.name;
  const summary = state?.summary;

  return (
    <div className="release-screen">
      {error !== null && (
        <p className="form-error" role="alert" id="release-error">
          {error}
          {errorRecord !== null && (
            <>
              {' '}
              <button
                type="button"
                className="link"
                id="release-error-open"
                onClick={() => onOpenRecord(errorRecord)}
              >
                Open record {errorRecord}
              </button>
            </>
          )}
        </p>
      )}
      {notice !== null && (
        <p className="notice" role="status" id="release-notice">
          {notice}
        </p>
      )}
      {state === null && error === null && <p className="muted">Reading the release…</p>}
      {state !== null && summary !== undefined && (
        <div className="release-grid">
          {problems.length > 0 && (
            <Problems
              problems={problems}
              reference={reference}
              user={user}
              busy={busy}
              act={act}
              onOpenRecord={onOpenRecord}
              undecidedLeft={state.problems.some((p) => p.kind === 'undecided')}
            />
          )}
          <section className="card" aria-labelledby="release-what">
            <h2 id="release-what">What would be released</h2>
            <dl className="release-counts" id="release-counts">
              <dt>Records</dt>
              <dd>{summary.records}</dd>
              <dt>Released in full</dt>
              <dd>{summary.released_in_full}</dd>
              <dt>Released with redactions</dt>
              <dd>{summary.released_with_redactions}</dd>
              <dt>Withheld in full</dt>
              <dd>{summary.withheld}</dd>
              <dt>Not responsive</dt>
              <dd>{summary.not_responsive}</dd>
              <dt>Duplicates (released once)</dt>
              <dd>{summary.duplicates}</dd>
              {summary.corrected > 0 && (
                <>
                  <dt>Corrected copies (of records an earlier installment released)</dt>
                  <dd id="release-corrected">{summary.corrected}</dd>
                </>
              )}
            </dl>
            <h3>Exemption log preview</h3>
            <CodeTable title="Redactions by exemption" counts={summary.redactions_by_code} id="log-redactions" />
            <CodeTable title="Records withheld by exemption" counts={summary.withheld_by_code} id="log-withheld" />
            {Object.keys(summary.redactions_by_code).length + Object.keys(summary.withheld_by_code).length === 0 && (
              <p className="muted">Nothing redacted or withheld.</p>
            )}
            <LogPreview state={state} onOpenRecord={onOpenRecord} />
            {state.problems.length === 0 && (
              <div className="release-check" id="release-check-result">
                <p className="actions">
                  <button
                    type="button"
                    className="secondary"
                    id="release-check"
                    disabled={busy || checking !== null}
                    onClick={() => void runCheck().catch((e: unknown) => setError(toApiError(e).message))}
                  >
                    Check every record as export will print it
                  </button>
                </p>
                {checking !== null && (
                  <div className="export-progress">
                    <progress
                      id="check-progress"
                      aria-label="Check progress"
                      max={Math.max(1, checking.records)}
                      value={checking.records_done}
                    />
                    <span aria-live="polite">
                      {checking.records_done} of {checking.records} records, {checking.pages_done} pages checked…
                    </span>
                  </div>
                )}
                {check !== null && checking === null && (
                  <>
                    <p className={check.problems.length === 0 ? 'notice' : 'muted'} id="check-summary">
                      {check.records} records, {check.pages} pages composed and read back
                      {check.reused > 0 ? ` (${check.reused} unchanged since the last check)` : ''}
                      {check.problems.length === 0 ? ': nothing stops the submission.' : '.'}
                    </p>
                    {check.as_images.length > 0 && (
                      <p className="muted" id="check-as-images">
                        Released as page images (text read by OCR): records {check.as_images.join(', ')}.
                      </p>
                    )}
                    {check.font_gaps.length > 0 && (
                      <p className="muted" id="check-font-gaps">
                        Letters the font lacks print as ◻ in records{' '}
                        {check.font_gaps.map((g) => `${g.doc_id} (${g.characters})`).join(', ')}.
                      </p>
                    )}
                  </>
                )}
              </div>
            )}
            {user.may.submit && (
              <label className="check">
                <input
                  type="checkbox"
                  id="release-installment"
                  checked={installment}
                  onChange={(e) => {
                    setCheck(null);
                    setError(null);
                    setInstallment(e.target.checked);
                  }}
                />
                Release what is decided as an installment (undecided records wait for a later one)
              </label>
            )}
            {state.installments.installments.length > 0 && (
              <div id="release-installments">
                <h3>Gone out in installments</h3>
                <ul>
                  {state.installments.installments.map((i) => (
                    <li key={i.number}>
                      Installment {i.number}: pages {i.bates_first}–{i.bates_last}, {i.summary.records} records,
                      exported {i.exported_at.slice(0, 10)} (approved by {i.approved_by})
                    </li>
                  ))}
                </ul>
                {state.installments.changed.length > 0 && (
                  <p className="notice" id="release-changed">
                    Changed since they went out (the next installment carries corrected copies):{' '}
                    {state.installments.changed.map((c) => `record ${c.doc_id} (installment ${c.installment})`).join(', ')}
                  </p>
                )}
              </div>
            )}
            {user.may.submit && (
              <p className="actions">
                <button
                  type="button"
                  id="release-submit"
                  disabled={!canSubmit || busy}
                  onClick={() =>
                    void act(async () => {
                      setChecking({ records_done: 0, records: 0, pages_done: 0 });
                      try {
                        const a = await api.submit(reference, setChecking, installment);
                        return a.installment === null
                          ? `Submitted for approval (release ${a.release_hash.slice(0, 12)}…).`
                          : `Installment ${a.installment} submitted for approval (release ${a.release_hash.slice(0, 12)}…).`;
                      } finally {
                        setChecking(null);
                      }
                    })
                  }
                >
                  Submit for approval
                </button>
                {!mayResubmit && approval !== null && (
                  <span className="muted"> The release is {approval.state}.</span>
                )}
              </p>
            )}
          </section>

          <section className="card" aria-labelledby="release-approval">
            <h2 id="release-approval">Approval</h2>
            {approval === null ? (
              <p className="muted" id="approval-state">
                Not submitted yet.
              </p>
            ) : (
              <>
                <p id="approval-state" className={`approval-state state-${approval.state}${stale ? ' stale' : ''}`}>
                  {stale ? `${approval.state}, but the records changed since` : approval.state}
                </p>
                <dl className="release-counts">
                  <dt>Submitted</dt>
                  <dd>
                    {approval.submitted_by} · {approval.submitted_at.slice(0, 16).replace('T', ' ')}
                  </dd>
                  {approval.decided_by !== null && (
                    <>
                      <dt>Decided</dt>
                      <dd>
                        {approval.decided_by} · {(approval.decided_at ?? '').slice(0, 16).replace('T', ' ')}
                      </dd>
                    </>
                  )}
                  {approval.comment !== null && (
                    <>
                      <dt>Comment</dt>
                      <dd className="comment">{approval.comment}</dd>
                    </>
                  )}
                  <dt>Release hash</dt>
                  <dd className="hash">{approval.release_hash}</dd>
                </dl>
                {stale && (
                  <div className="form-error" role="alert">
                    Changed since submission:
                    <ul id="approval-changes">
                      {approval.changed.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  </div>
                )}
                {approval.hidden_text.length > 0 && (
                  <div className="hidden-text">
                    <h3>Hidden text in the originals (left out of the copies)</h3>
                    <ul>
                      {approval.hidden_text.map((h) => (
                        <li key={`${h.doc_id}/${h.page}`}>
                          <button type="button" className="link" onClick={() => onOpenRecord(h.doc_id)}>
                            record {h.doc_id}
                          </button>{' '}
                          page {h.page}: {h.words} word(s), {h.why === 'off-page' ? 'off the page' : 'cannot be seen'} — “{h.sample}”
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {user.may.approve && approval.state === 'submitted' && !stale && (
                  <div className="decide">
                    {ownSubmission ? (
                      <p className="muted" id="own-submission">
                        You submitted this release: another supervisor must approve it.
                      </p>
                    ) : (
                      <>
                        <label>
                          Comment (required to reject)
                          <textarea id="release-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
                        </label>
                        <p className="actions">
                          <button
                            type="button"
                            id="release-approve"
                            disabled={busy}
                            onClick={() =>
                              void act(async () => {
                                await api.approve(reference, comment.trim() === '' ? null : comment);
                                setComment('');
                                return 'Approved: it can be exported.';
                              })
                            }
                          >
                            Approve
                          </button>
                          <button
                            type="button"
                            id="release-reject"
                            className="secondary"
                            disabled={busy}
                            onClick={() =>
                              void act(async () => {
                                await api.reject(reference, comment);
                                setComment('');
                                return 'Rejected: the officer sees your comment.';
                              })
                            }
                          >
                            Reject
                          </button>
                        </p>
                      </>
                    )}
                  </div>
                )}
                <p>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      // The request's first record only (a request can hold 500,000).
                      void api
                        .listRecords(reference, 0, 1)
                        .then((rs) => {
                          const first = rs[0];
                          if (first !== undefined) onOpenRecord(first.id);
                        })
                        .catch((e: unknown) => setError(toApiError(e).message));
                    }}
                  >
                    Look at the records side by side
                  </button>
                </p>
              </>
            )}
          </section>

          {user.may.export && (
            <section className="card export" aria-labelledby="release-export">
              <h2 id="release-export">Export the inspection copies</h2>
              <p className="muted">
                A new folder gets one PDF per record named by its Bates numbers, the whole release as one PDF, the
                exemption log, the determination letter and a manifest. Every file is read back before it is called
                done.
              </p>
              <div className="folder-row">
                <label>
                  Folder to create
                  <input
                    id="export-folder"
                    value={folder}
                    onChange={(e) => setFolder(e.target.value)}
                    placeholder={`e.g. /home/${user.name}/Releases/${reference}`}
                    spellCheck={false}
                  />
                </label>
                <button
                  type="button"
                  className="secondary"
                  id="export-choose"
                  onClick={() => {
                    void api
                      .choosePaths(true, false)
                      .then((p) => {
                        const dir = p[0];
                        if (dir !== undefined) setFolder(`${dir.replace(/\/$/, '')}/${reference}-release`);
                      })
                      .catch((e: unknown) => setError(toApiError(e).message));
                  }}
                >
                  Choose…
                </button>
              </div>
              <label>
                Watermark (empty: the office's)
                <input id="export-watermark" value={watermark} onChange={(e) => setWatermark(e.target.value)} />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  id="export-slip-per-page"
                  checked={slipPerPage}
                  onChange={(e) => setSlipPerPage(e.target.checked)}
                />
                A withheld record's slip sheet takes one page per page withheld
              </label>
              <label>
                The letter's language (the approval's first export chooses it)
                <select id="export-letter-language" value={letterLanguage} onChange={(e) => setLetterLanguage(e.target.value)}>
                  <option value="en">English</option>
                  <option value="es">Español</option>
                </select>
              </label>
              <p className="actions">
                <button
                  type="button"
                  id="export-run"
                  disabled={busy || folder.trim() === ''}
                  onClick={() =>
                    void act(async () => {
                      setReport(null);
                      setVerify(null);
                      setProgress({ records_done: 0, pages_done: 0 });
                      try {
                        const r = await api.exportRelease(
                          reference,
                          {
                            out: folder.trim(),
                            watermark: watermark.trim() === '' ? null : watermark,
                            slip_sheet_per_page: slipPerPage,
                            letter_language: letterLanguage,
                          },
                          setProgress,
                        );
                        setReport(r);
                        return `Exported ${r.records} records, ${r.pages} pages: ${r.bates_first} to ${r.bates_last}.`;
                      } finally {
                        setProgress(null);
                      }
                    })
                  }
                >
                  Export
                </button>
              </p>
              {progress !== null && summary !== undefined && (
                <div className="export-progress">
                  <progress
                    id="export-progress"
                    aria-label="Export progress"
                    max={Math.max(1, summary.records - summary.not_responsive - summary.duplicates)}
                    value={progress.records_done}
                  />
                  <span aria-live="polite">
                    {progress.records_done} records, {progress.pages_done} pages written…
                  </span>
                </div>
              )}
              {report !== null && (
                <div className="export-result" id="export-result">
                  <p className="verified">
                    ✔ Verified: every copy read back by two independent readers; nothing redacted is in them.
                  </p>
                  <dl className="release-counts">
                    <dt>Folder</dt>
                    <dd className="path" id="export-out">
                      {report.out_dir}
                    </dd>
                    <dt>Bates</dt>
                    <dd>
                      {report.bates_first} – {report.bates_last}
                    </dd>
                    <dt>Pages</dt>
                    <dd>{report.pages}</dd>
                    <dt>Manifest SHA-256</dt>
                    <dd className="hash">{report.manifest_sha256}</dd>
                  </dl>
                  {report.hidden_text.length > 0 && (
                    <p className="muted">
                      {report.hidden_text.length} page(s) had hidden source text, left out of the copies.
                    </p>
                  )}
                  {report.missing_glyphs > 0 && (
                    <p className="muted">{report.missing_glyphs} character(s) the font lacks were printed as ◻.</p>
                  )}
                  <details>
                    <summary>{report.files.length} files</summary>
                    <ul className="files">
                      {report.files.map((f) => (
                        <li key={f.path}>
                          {f.path} <span className="muted">({Math.ceil(f.size / 1024)} KB)</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                  <p className="actions">
                    <button
                      type="button"
                      className="secondary"
                      id="export-verify"
                      onClick={() => {
                        setVerify(null);
                        void api
                          .verifyExport(report.out_dir)
                          .then(setVerify)
                          .catch((e: unknown) => setError(toApiError(e).message));
                      }}
                    >
                      Verify again
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      id="export-open"
                      onClick={() => void api.openFolder(report.out_dir).catch((e: unknown) => setError(toApiError(e).message))}
                    >
                      Open the folder
                    </button>
                  </p>
                </div>
              )}
              {verify !== null && (
                <div className={verify.ok ? 'notice verify-result' : 'form-error verify-result'} role="status" id="verify-result">
                  {verify.ok
                    ? `Verified again: ${verify.files} files, ${verify.records_checked} records checked${verify.current ? '' : ' (the review has changed since)'}.`
                    : `Verification failed: ${verify.problems.join('; ')}`}
                </div>
              )}
            </section>
          )}
        </div>
      )}
    </div>
  );
}
