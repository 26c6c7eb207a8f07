import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Dashboard as DashboardData, type SessionUser, toApiError } from '../api';
import { ExtendForm } from './ExtendForm';
import { NewRequestForm } from './NewRequestForm';
import { stateLabel } from './LifeScreen';
import { RequestsTable } from './RequestsTable';
import { urgency } from './urgency';

interface Props {
  user: SessionUser;
  /** The office no longer accepts this session (e.g. the account was deactivated). */
  onSessionLost: (message: string) => void;
  /** Opens a request's workspace. */
  onOpen?: (reference: string) => void;
}

export function Dashboard({ user, onSessionLost, onOpen }: Props) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [extending, setExtending] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Only requests in this state (empty: all). */
  const [stateFilter, setStateFilter] = useState('');
  // Kept in a ref so that a new callback from the parent does not reload the list.
  const sessionLost = useRef(onSessionLost);
  useEffect(() => {
    sessionLost.current = onSessionLost;
  }, [onSessionLost]);

  const load = useCallback(async () => {
    try {
      setData(await api.listRequests());
      setError(null);
    } catch (e) {
      const err = toApiError(e);
      if (err.code === 'Unauthenticated') sessionLost.current(err.message);
      else setError(err.message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const counts = { overdue: 0, soon: 0, today: 0, week: 0 };
  for (const r of data?.requests ?? []) {
    const u = urgency(r);
    if (u === 'overdue') counts.overdue++;
    if (u === 'due-soon') counts.soon++;
    // What is owed: a first determination (or an extension's end) not yet made.
    if (r.state !== 'closed' && r.determined_on === null) {
      if (r.days_left === 0) counts.today++;
      if (r.days_left >= 0 && r.days_left < 7) counts.week++;
    }
  }
  const shown = (data?.requests ?? []).filter((r) => stateFilter === '' || r.state === stateFilter);

  return (
    <main className="content">
      <div className="page-head">
        <div>
          <h1>Requests</h1>
          {data !== null && (
            <p className="summary">
              <span>
                {data.requests.length} {data.requests.length === 1 ? 'request' : 'requests'}
              </span>
              {counts.overdue > 0 && <span className="pill overdue">{counts.overdue} overdue</span>}
              {counts.soon > 0 && <span className="pill due-soon">{counts.soon} due within 3 days</span>}
              <span className="pill" id="due-today">
                {counts.today} due today
              </span>
              <span className="pill" id="due-week">
                {counts.week} due this week
              </span>
              <span className="muted">Today {data.today}</span>
            </p>
          )}
        </div>
        {user.may.create_requests && !creating && (
          <button
            type="button"
            id="new-request"
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
          >
            New request
          </button>
        )}
      </div>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {creating && data !== null && (
        <NewRequestForm
          today={data.today}
          onCancel={() => setCreating(false)}
          onCreated={(row) => {
            setCreating(false);
            setNotice(`Request ${row.reference} logged: due ${row.due}.`);
            void load();
          }}
        />
      )}
      {extending !== null && (
        <ExtendForm
          reference={extending}
          onCancel={() => setExtending(null)}
          onExtended={(row) => {
            setExtending(null);
            setNotice(`Request ${row.reference} extended: now due ${row.due}.`);
            void load();
          }}
        />
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {data === null && error === null && <p className="muted">Loading requests…</p>}
      {data !== null && data.requests.length > 0 && (
        <p className="filters">
          <label>
            State{' '}
            <select id="state-filter" value={stateFilter} onChange={(e) => setStateFilter(e.target.value)}>
              <option value="">All states</option>
              {['open', 'awaiting-clarification', 'in-review', 'partly-released', 'closed'].map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s, null)}
                </option>
              ))}
            </select>
          </label>
        </p>
      )}
      {data !== null && shown.length === 0 && data.requests.length > 0 && (
        <p className="empty">No requests in this state.</p>
      )}
      {data !== null && (shown.length > 0 || data.requests.length === 0) && (
        <RequestsTable
          requests={shown}
          {...(onOpen === undefined ? {} : { onOpen })}
          onExtend={
            user.may.extend_requests
              ? (reference) => {
                  setNotice(null);
                  setExtending(reference);
                }
              : undefined
          }
        />
      )}
    </main>
  );
}
