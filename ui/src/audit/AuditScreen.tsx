import { type JSX, useCallback, useEffect, useMemo, useState } from 'react';
import { type AuditEvent, type AuditReport, api, type JsonValue, toApiError } from '../api';
import './audit.css';

/** Events asked for per `audit_log` call; a shorter page is the last one. */
export const AUDIT_PAGE = 5000;
/** Rows shown at first, and added by each "Show more". */
export const AUDIT_SHOWN = 500;

interface Props {
  /** The office's request references, offered in the request filter. */
  requests: string[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a date in local time. */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An RFC 3339 instant as `YYYY-MM-DD HH:MM:SS` local time (the raw value when unparsable). */
export function localTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${localDay(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The local day an event happened on, for the date filter (null when `at` is unparsable). */
function eventDay(at: string): string | null {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : localDay(d);
}

/** Details as one line of JSON (never markup: React renders it as text). */
function compact(details: JsonValue): string {
  if (details === null) return '';
  return JSON.stringify(details);
}

/** Every event of the log (or of one request), oldest first, paging by sequence number. */
async function loadAll(request: string | null): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await api.auditLog(request, after, AUDIT_PAGE);
    all.push(...page);
    const last = page[page.length - 1];
    if (page.length < AUDIT_PAGE || last === undefined) return all;
    after = last.seq;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The office's hash-chained audit log: filter, read, and verify the chain. */
export function AuditScreen({ requests }: Props): JSX.Element {
  const [request, setRequest] = useState('');
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [shown, setShown] = useState(AUDIT_SHOWN);
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<AuditReport | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setEvents(null);
    setError(null);
    loadAll(request === '' ? null : request).then(
      (all) => {
        if (!current) return;
        // Newest first.
        setEvents(all.slice().sort((a, b) => b.seq - a.seq));
      },
      (e: unknown) => {
        if (current) setError(toApiError(e).message);
      },
    );
    return () => {
      current = false;
    };
  }, [request, generation]);

  const matching = useMemo(() => {
    if (events === null) return [];
    const a = actor.trim().toLowerCase();
    const act = action.trim().toLowerCase();
    return events.filter((e) => {
      if (a !== '' && !e.actor.toLowerCase().includes(a)) return false;
      if (act !== '' && !e.action.toLowerCase().includes(act)) return false;
      if (from !== '' || to !== '') {
        const day = eventDay(e.at);
        if (day === null) return false;
        if (from !== '' && day < from) return false;
        if (to !== '' && day > to) return false;
      }
      return true;
    });
  }, [events, actor, action, from, to]);

  /** A filter changed: start again from the first rows. */
  const refilter = useCallback((set: (v: string) => void, value: string) => {
    set(value);
    setShown(AUDIT_SHOWN);
  }, []);

  async function verify() {
    setVerifying(true);
    setReport(null);
    setVerifyError(null);
    try {
      setReport(await api.auditVerify());
    } catch (e) {
      setVerifyError(toApiError(e).message);
    } finally {
      setVerifying(false);
    }
  }

  const rows = matching.slice(0, shown);
  const filtered = actor.trim() !== '' || action.trim() !== '' || from !== '' || to !== '';

  return (
    <main className="content audit">
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p className="muted audit-intro">
            Every change made in the office, each event sealed to the one before it.
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            id="audit-refresh"
            onClick={() => setGeneration((g) => g + 1)}
            disabled={events === null && error === null}
          >
            Refresh
          </button>
          <button type="button" id="audit-verify" onClick={() => void verify()} disabled={verifying}>
            {verifying ? 'Verifying…' : 'Verify the chain'}
          </button>
        </div>
      </div>

      {report !== null && report.ok && (
        <p className="notice audit-verify-result" role="status">
          Chain intact: {plural(report.events, 'event', 'events')}
        </p>
      )}
      {report !== null && !report.ok && (
        <p className="form-error audit-verify-result" role="alert">
          {report.first_break === null
            ? `Chain broken after ${plural(report.events, 'intact event', 'intact events')}.`
            : `Chain broken at event ${report.first_break.seq}: ${report.first_break.reason} (${plural(report.events, 'event', 'events')} intact before it).`}
        </p>
      )}
      {verifyError !== null && (
        <p className="form-error audit-verify-result" role="alert">
          {verifyError}
        </p>
      )}

      <form className="panel audit-filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          Request
          <select
            id="audit-request"
            value={request}
            onChange={(e) => {
              setRequest(e.target.value);
              setShown(AUDIT_SHOWN);
            }}
          >
            <option value="">All requests</option>
            {requests.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Actor contains
          <input
            id="audit-actor"
            type="search"
            value={actor}
            onChange={(e) => refilter(setActor, e.target.value)}
          />
        </label>
        <label>
          Action contains
          <input
            id="audit-action"
            type="search"
            placeholder="e.g. redact"
            value={action}
            onChange={(e) => refilter(setAction, e.target.value)}
          />
        </label>
        <label>
          From date
          <input id="audit-from" type="date" value={from} onChange={(e) => refilter(setFrom, e.target.value)} />
        </label>
        <label>
          To date
          <input id="audit-to" type="date" value={to} onChange={(e) => refilter(setTo, e.target.value)} />
        </label>
      </form>

      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {events === null && error === null && <p className="muted">Loading the audit log…</p>}
      {events !== null && (
        <>
          <p className="muted audit-count" id="audit-count">
            {filtered
              ? `${plural(matching.length, 'matching event', 'matching events')} of ${events.length}`
              : plural(events.length, 'event', 'events')}
            {rows.length < matching.length && ` — showing the newest ${rows.length}`}
          </p>
          {rows.length === 0 ? (
            <p className="empty">{events.length === 0 ? 'No events yet.' : 'No events match the filters.'}</p>
          ) : (
            <div className="audit-table-wrap" tabIndex={0} role="region" aria-labelledby="audit-count">
              <table className="audit-table">
                <thead>
                  <tr>
                    <th scope="col">Seq</th>
                    <th scope="col">Time</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((e) => {
                    const details = compact(e.details);
                    return (
                      <tr key={e.seq} className="audit-row" data-seq={e.seq}>
                        <td className="audit-seq">{e.seq}</td>
                        <td className="audit-at">
                          <time dateTime={e.at} title={e.at}>
                            {localTime(e.at)}
                          </time>
                        </td>
                        <td className="audit-actor">{e.actor}</td>
                        <td className="audit-action">{e.action}</td>
                        <td className="audit-subject">{e.subject}</td>
                        <td className="audit-details">
                          <code title={details}>{details}</code>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {rows.length < matching.length && (
            <button
              type="button"
              className="secondary audit-more"
              id="audit-more"
              onClick={() => setShown((n) => n + AUDIT_SHOWN)}
            >
              Show more
            </button>
          )}
        </>
      )}
    </main>
  );
}
