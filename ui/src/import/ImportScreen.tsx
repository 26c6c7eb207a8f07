import { memo, useCallback, useEffect, useId, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { api, type FailedEntry, type IngestProgress, type IngestReport, toApiError } from '../api';
import {
  amountLine,
  fractionDone,
  formatPercent,
  measure,
  ocrLine,
  paceLine,
  plural,
  summaryText,
} from './progress';
import { RECORD_KIND_LABELS, SEARCHABLE_KINDS } from '../words';
import './import.css';

interface Props {
  /** The request the records go into. */
  reference: string;
  /** Whether the signed-in role may import (Permissions.ingest). */
  mayIngest: boolean;
  /** Called once an import ends, cancelled or not, with what the core did. */
  onImported: (report: IngestReport) => void;
}

/** What one run was started with: Resume runs it again. */
interface Run {
  paths: string[];
  custodian: string | null;
  ocr: boolean;
  /** For locked files; held only while the screen is open. */
  passwords: string[];
}

/** One password per line; blank lines are not passwords (spaces inside one are). */
export function passwordLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l !== '');
}

/** The kinds of record an import reads, in words. */
const READS = SEARCHABLE_KINDS.filter((k) => k !== 'archive')
  .map((k) => RECORD_KIND_LABELS[k])
  .join(', ');

/** Failures listed on screen; the rest are counted (each is a record of the request anyway). */
const FAILURES_SHOWN = 500;

/** A typed or pasted path, without the quotes a file manager's "copy as path" adds. */
function cleanPath(raw: string): string {
  const t = raw.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    return t.slice(1, -1).trim();
  }
  return t;
}

function addAll(list: string[], more: string[]): string[] {
  const seen = new Set(list);
  const added: string[] = [];
  for (const raw of more) {
    const p = cleanPath(raw);
    if (p !== '' && !seen.has(p)) {
      seen.add(p);
      added.push(p);
    }
  }
  return added.length === 0 ? list : [...list, ...added];
}

export function ImportScreen({ reference, mayIngest, onImported }: Props): JSX.Element {
  const [paths, setPaths] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [custodian, setCustodian] = useState('');
  const [ocr, setOcr] = useState(true);
  const [passwords, setPasswords] = useState('');
  const [running, setRunning] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [progress, setProgress] = useState<IngestProgress | null>(null);
  const [report, setReport] = useState<IngestReport | null>(null);
  // Failures as they happen, from the progress messages (the report has them all at the end).
  const [failing, setFailing] = useState<FailedEntry[]>([]);
  const [lastRun, setLastRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  // The latest callback, so that a new function from the parent does not matter mid-run.
  const imported = useRef(onImported);
  useEffect(() => {
    imported.current = onImported;
  }, [onImported]);

  // Progress messages of a run that has ended (they may trail its result) are dropped.
  const runSeq = useRef(0);

  // Files dropped on the window are added to the list. The core keeps one drop channel;
  // it is registered once, and an unmounted screen ignores what still arrives on it.
  const active = useRef(true);
  const watching = useRef(false);
  useEffect(() => {
    active.current = true;
    if (!watching.current) {
      watching.current = true;
      api
        .watchDrops((dropped) => {
          if (active.current) setPaths((list) => addAll(list, dropped));
        })
        .catch((e: unknown) => {
          if (active.current) setError(toApiError(e).message);
        });
    }
    return () => {
      active.current = false;
    };
  }, []);

  // A typed path is checked as it is added: a mistyped one is refused there and then, not
  // at Start.
  const addTyped = async () => {
    const path = cleanPath(typed);
    if (path === '') return;
    setError(null);
    try {
      await api.checkImportPath(path);
      setPaths((list) => addAll(list, [typed]));
      setTyped('');
    } catch (e) {
      setError(toApiError(e).message);
    }
  };

  const onPathKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void addTyped();
    }
  };

  const choose = async (folders: boolean) => {
    setError(null);
    try {
      const chosen = await api.choosePaths(folders, true);
      setPaths((list) => addAll(list, chosen));
    } catch (e) {
      setError(toApiError(e).message);
    }
  };

  const remove = useCallback((path: string) => {
    setPaths((list) => list.filter((p) => p !== path));
  }, []);

  const start = async (run: Run) => {
    const seq = ++runSeq.current;
    setError(null);
    setReport(null);
    setProgress(null);
    setFailing([]);
    setStopping(false);
    setRunning(true);
    setLastRun(run);
    let result: IngestReport;
    try {
      result = await api.ingest(reference, run.paths, run.custodian, run.ocr, run.passwords, (p) => {
        if (runSeq.current !== seq) return;
        setProgress(p);
        if (p.new_failures.length > 0) {
          setFailing((list) => (list.length >= FAILURES_SHOWN ? list : [...list, ...p.new_failures]));
        }
      });
      runSeq.current++;
      setReport(result);
      // A finished run clears what it imported (and the passwords it was given); a
      // cancelled one keeps them for Resume.
      if (!result.cancelled) {
        const done = new Set(run.paths);
        setPaths((list) => list.filter((p) => !done.has(p)));
        setPasswords('');
        setLastRun({ ...run, passwords: [] });
      }
    } catch (e) {
      runSeq.current++;
      // The paths stay so the clerk can fix them.
      setError(toApiError(e).message);
      return;
    } finally {
      setRunning(false);
      setStopping(false);
      setProgress(null);
    }
    // Outside the try: a failing parent callback is not the core's error.
    imported.current(result);
  };

  const cancel = async () => {
    setStopping(true);
    try {
      await api.cancelIngest();
    } catch (e) {
      setStopping(false);
      setError(toApiError(e).message);
    }
  };

  const canStart = mayIngest && !running && paths.length > 0;
  const trimmedCustodian = custodian.trim();

  return (
    <section className="import-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Import records into {reference}</h2>

      <div className="import-collect panel">
        <div className="actions">
          <button type="button" className="secondary" id="import-choose-folders" onClick={() => void choose(true)}>
            Choose folders…
          </button>
          <button type="button" className="secondary" id="import-choose-files" onClick={() => void choose(false)}>
            Choose files…
          </button>
        </div>
        <p className="import-drop muted">Or drop files and folders onto this window to add them.</p>

        <div className="import-add-row">
          <label htmlFor="import-path">Path to a file or folder</label>
          <div className="import-add-controls">
            <input
              id="import-path"
              type="text"
              value={typed}
              spellCheck={false}
              autoComplete="off"
              placeholder="Type or paste a path, then press Enter"
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={onPathKey}
            />
            <button type="button" className="secondary" id="import-add" onClick={() => void addTyped()}>
              Add
            </button>
          </div>
        </div>

        <PathList paths={paths} onRemove={remove} />

        <div className="import-options">
          <label htmlFor="import-custodian">Whose records</label>
          <input
            id="import-custodian"
            type="text"
            value={custodian}
            aria-describedby={`${ids}-custodian-hint`}
            onChange={(e) => setCustodian(e.target.value)}
          />
          <p className="import-hint muted" id={`${ids}-custodian-hint`}>
            Optional: the person or office the records come from, e.g. Planning Department.
          </p>
          <label className="import-check" htmlFor="import-ocr">
            <input id="import-ocr" type="checkbox" checked={ocr} onChange={(e) => setOcr(e.target.checked)} />
            Read scanned pages (OCR)
          </label>
          <label htmlFor="import-passwords">Passwords for locked files</label>
          <textarea
            id="import-passwords"
            className="import-passwords"
            rows={2}
            value={passwords}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            aria-describedby={`${ids}-passwords-hint`}
            onChange={(e) => setPasswords(e.target.value)}
          />
          <p className="import-hint muted" id={`${ids}-passwords-hint`}>
            Optional, one per line: each locked PDF or Office file is tried with each, and so are
            this request&apos;s files still locked from earlier imports. Passwords are not saved or
            logged.
          </p>
          <p className="import-hint muted" id="import-reads">
            Reads: {READS}, and zip archives.
          </p>
        </div>

        <div className="actions">
          <button
            type="button"
            id="import-start"
            disabled={!canStart}
            aria-describedby={mayIngest ? undefined : `${ids}-role`}
            onClick={() =>
              void start({
                paths,
                custodian: trimmedCustodian === '' ? null : trimmedCustodian,
                ocr,
                passwords: passwordLines(passwords),
              })
            }
          >
            Start import
          </button>
        </div>
        {!mayIngest && (
          <p className="muted import-role-note" id={`${ids}-role`}>
            Your role cannot import records. Ask a clerk or an officer to import them.
          </p>
        )}
      </div>

      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}

      {running && (
        <ProgressPanel progress={progress} stopping={stopping} onCancel={() => void cancel()} />
      )}

      {/* Always present so that screen readers announce the summary when it appears. */}
      <div role="status" className="import-live">
        {running && progress === null && <span className="import-starting muted">Starting the import…</span>}
        {report !== null && !running && (
          <p className={`notice import-summary${report.cancelled ? ' cancelled' : ''}`}>{summaryText(report)}</p>
        )}
      </div>

      {report !== null && !running && report.cancelled && lastRun !== null && (
        <div className="actions">
          <button
            type="button"
            id="import-resume"
            disabled={!mayIngest}
            onClick={() => void start(lastRun)}
          >
            Resume
          </button>
          <span className="muted">Files already in the request are skipped.</span>
        </div>
      )}

      {running && failing.length > 0 && <Failures failed={failing} />}
      {report !== null && !running && report.failed.length > 0 && <Failures failed={report.failed} />}
    </section>
  );
}

const PathList = memo(function PathList(props: { paths: string[]; onRemove: (path: string) => void }) {
  if (props.paths.length === 0) {
    return <p className="import-empty muted">Nothing chosen yet.</p>;
  }
  return (
    <ul className="import-paths" aria-label="Chosen to import">
      {props.paths.map((p) => (
        <li key={p} className="import-path-item">
          <span className="import-path">{p}</span>
          <button
            type="button"
            className="secondary import-remove"
            aria-label={`Remove ${p}`}
            title={`Remove ${p}`}
            onClick={() => props.onRemove(p)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
});

function ProgressPanel(props: {
  progress: IngestProgress | null;
  stopping: boolean;
  onCancel: () => void;
}) {
  const p = props.progress;
  // By bytes when the sizes are known, else by files; indeterminate until something is counted.
  const m = p === null ? null : measure(p);
  const fraction = p === null ? null : fractionDone(p);
  const pace = p === null ? null : paceLine(p);
  const ocrText = p === null ? null : ocrLine(p);
  return (
    <div className="import-running panel">
      <p className="import-progress-label">
        {props.stopping ? 'Stopping the import…' : 'Importing…'}
      </p>
      {m === null || fraction === null ? (
        <progress id="import-progress" aria-label="Import progress" />
      ) : (
        <progress
          id="import-progress"
          aria-label="Import progress"
          max={m.total}
          value={m.done}
          aria-valuetext={formatPercent(fraction)}
        />
      )}
      {p !== null && (
        <>
          <p className="import-amount">{amountLine(p)}</p>
          {pace !== null && <p className="import-pace muted">{pace}</p>}
          {ocrText !== null && <p className="import-ocr">{ocrText}</p>}
          <ul className="import-counts" aria-label="So far">
            <li data-count="total">{plural(p.ingested + p.duplicates + p.failed, 'record')} so far:</li>
            <li data-count="ingested">{p.ingested.toLocaleString('en-US')} read</li>
            <li data-count="duplicates">
              {p.duplicates === 1 ? '1 copy of another record' : `${p.duplicates.toLocaleString('en-US')} copies of other records`}
            </li>
            <li data-count="failed" className={p.failed > 0 ? 'bad' : undefined}>
              {p.failed.toLocaleString('en-US')} could not be read
            </li>
            <li data-count="skipped">{p.skipped.toLocaleString('en-US')} skipped (already in the request)</li>
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary" id="import-cancel" disabled={props.stopping} onClick={props.onCancel}>
          {props.stopping ? 'Stopping…' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}

const Failures = memo(function Failures(props: { failed: FailedEntry[] }) {
  const shown = props.failed.slice(0, FAILURES_SHOWN);
  const more = props.failed.length - shown.length;
  return (
    <div className="import-failures panel">
      <h3>Could not be read</h3>
      <ul>
        {shown.map((f) => (
          <li key={`${f.id}:${f.path}`} className="import-failure" data-record={f.id}>
            <span className="import-failure-path">{f.path}</span>
            <span className="import-failure-reason">{f.reason}</span>
          </li>
        ))}
      </ul>
      {more > 0 && <p className="muted">And {plural(more, 'more file')}: each is listed among the request's records.</p>}
    </div>
  );
});
