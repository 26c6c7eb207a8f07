// Review batches of a request: an officer splits the undecided records into batches (whole
// conversations, families and near-duplicate groups together) and assigns them; a clerk
// takes the next open batch. Progress per batch and per reviewer (records decided, per hour).
import { useCallback, useEffect, useState, type JSX } from 'react';
import {
  api,
  type BatchesView,
  type RecordSummary,
  type ReviewerRow,
  type SessionUser,
  type UserInfo,
  toApiError,
} from '../api';
import { count } from '../search/query';
import './batches.css';
import { recordedAt } from '../time';

interface Props {
  reference: string;
  user: SessionUser;
  /** Review these records in this order; `label` names the sequence ("Batch 3"). */
  onReview: (ids: number[], label: string) => void;
}

/** Records decided per hour between a reviewer's first and last decision (null: too few). */
export function perHour(r: ReviewerRow): number | null {
  if (r.first_at === null || r.last_at === null || Number(r.decided) < 2) return null;
  const hours = (Date.parse(r.last_at) - Date.parse(r.first_at)) / 3_600_000;
  if (!Number.isFinite(hours) || hours < 1 / 60) return null;
  return Number(r.decided) / hours;
}

function when(at: string | null): string {
  return at === null ? '—' : recordedAt(at);
}

export function BatchesScreen({ reference, user, onReview }: Props): JSX.Element {
  const [view, setView] = useState<BatchesView | null>(null);
  const [records, setRecords] = useState<RecordSummary[]>([]);
  const [users, setUsers] = useState<UserInfo[]>([]);
  const [size, setSize] = useState('100');
  const [query, setQuery] = useState('');
  const [assignee, setAssignee] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mayAssign = user.may.assign_review;

  const reload = useCallback(async () => {
    try {
      const [v, rs] = await Promise.all([api.batches(reference), api.listRecords(reference)]);
      setView(v);
      setRecords(rs);
    } catch (e) {
      setError(toApiError(e).message);
    }
  }, [reference]);

  useEffect(() => {
    void reload();
    if (mayAssign) {
      api
        .users()
        .then((u) => setUsers(u.filter((x) => x.active)))
        .catch(() => undefined);
    }
  }, [reload, mayAssign]);

  const idsOf = (batch: number) =>
    records.filter((r) => r.batch !== null && Number(r.batch) === batch).map((r) => r.id);

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await what());
      await reload();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const make = () =>
    act(async () => {
      const n = Number(size.trim());
      if (!Number.isInteger(n) || n < 1) throw new Error('A batch holds a whole number of records, at least 1.');
      const made = await api.makeBatches(reference, n, query.trim() === '' ? null : query.trim());
      const held = made.reduce((k, b) => k + Number(b.records), 0);
      return made.length === 0
        ? 'Every undecided record is already in a batch: nothing to make.'
        : `Made ${made.length} ${made.length === 1 ? 'batch' : 'batches'} holding ${count(held)} records.`;
    });

  const take = () =>
    act(async () => {
      const b = await api.takeBatch(reference);
      if (b === null) return 'No open batch left: every batch is taken or done.';
      const ids = (await api.listRecords(reference))
        .filter((r) => r.batch !== null && Number(r.batch) === Number(b.number))
        .map((r) => r.id);
      onReview(ids, `Batch ${b.number}`);
      return `Batch ${b.number} is yours.`;
    });

  const assign = (batch: number) =>
    act(async () => {
      const to = assignee[batch] ?? '';
      const b = await api.assignBatch(reference, batch, to === '' ? null : to);
      return b.reviewer === null ? `Batch ${batch} is open again.` : `Batch ${batch} assigned to ${b.reviewer}.`;
    });

  const batches = view?.batches ?? [];
  return (
    <section className="batches-screen" aria-labelledby="batches-title">
      <h2 id="batches-title">Review batches</h2>
      <div className="status-line" role="status" aria-live="polite">
        {notice ?? ''}
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="batches-actions">
        {mayAssign && (
          <form
            className="make-batches"
            onSubmit={(e) => {
              e.preventDefault();
              void make();
            }}
          >
            <label htmlFor="batch-size">Records a batch</label>
            <input
              id="batch-size"
              inputMode="numeric"
              value={size}
              onChange={(e) => setSize(e.target.value)}
              size={5}
            />
            <label htmlFor="batch-query">Only the hits of</label>
            <input
              id="batch-query"
              type="search"
              placeholder="a query (optional)"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button type="submit" id="batch-make" disabled={busy}>
              Make batches
            </button>
          </form>
        )}
        {user.may.redact && (
          <button type="button" id="batch-take" className={mayAssign ? 'secondary' : ''} disabled={busy} onClick={() => void take()}>
            Take the next open batch
          </button>
        )}
      </div>
      {view !== null && batches.length === 0 && (
        <p className="empty">
          No batches yet.{' '}
          {mayAssign ? 'Make them from the undecided records above.' : 'An officer makes them.'}
        </p>
      )}
      {batches.length > 0 && (
        <table className="batches" aria-label="Batches">
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Records</th>
              <th scope="col">Decided</th>
              <th scope="col">Reviewer</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => {
              const n = Number(b.number);
              const share = Number(b.records) === 0 ? 0 : Number(b.decided) / Number(b.records);
              return (
                <tr key={n} data-batch={n}>
                  <th scope="row">{n}</th>
                  <td>{count(Number(b.records))}</td>
                  <td>
                    <progress value={Number(b.decided)} max={Math.max(1, Number(b.records))} aria-label={`Batch ${n} decided`} />{' '}
                    {count(Number(b.decided))} ({Math.round(share * 100)} %)
                  </td>
                  <td>{b.reviewer ?? <span className="muted">open</span>}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => onReview(idsOf(n), `Batch ${n}`)}
                      disabled={idsOf(n).length === 0}
                    >
                      Review
                    </button>
                    {mayAssign && (
                      <>
                        <select
                          aria-label={`Reviewer for batch ${n}`}
                          value={assignee[n] ?? b.reviewer ?? ''}
                          onChange={(e) => setAssignee((a) => ({ ...a, [n]: e.target.value }))}
                        >
                          <option value="">(open)</option>
                          {users.map((u) => (
                            <option key={u.name} value={u.name}>
                              {u.display_name || u.name} ({u.role})
                            </option>
                          ))}
                        </select>
                        <button type="button" className="small" disabled={busy} onClick={() => void assign(n)}>
                          Assign
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {view !== null && view.reviewers.length > 0 && (
        <>
          <h3>Reviewers</h3>
          <table className="batches reviewers" aria-label="Reviewers">
            <thead>
              <tr>
                <th scope="col">Reviewer</th>
                <th scope="col">Decided</th>
                <th scope="col">First</th>
                <th scope="col">Last</th>
                <th scope="col">Per hour</th>
              </tr>
            </thead>
            <tbody>
              {view.reviewers.map((r) => {
                const rate = perHour(r);
                return (
                  <tr key={r.reviewer}>
                    <th scope="row">{r.reviewer}</th>
                    <td>{count(Number(r.decided))}</td>
                    <td>{when(r.first_at)}</td>
                    <td>{when(r.last_at)}</td>
                    <td>{rate === null ? '—' : count(Math.round(rate))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
