import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type LetterPreview, type RequestLife, type SessionUser, toApiError } from '../api';
import './life.css';

interface Props {
  reference: string;
  user: SessionUser;
}

/** The states a person may move a request to, in the order of its life. */
const TARGETS: { value: string; label: string }[] = [
  { value: 'awaiting-clarification', label: 'Awaiting clarification' },
  { value: 'open', label: 'Open' },
  { value: 'in-review', label: 'In review' },
  { value: 'closed', label: 'Closed' },
  { value: 'reopen', label: 'Reopen' },
];

const CLOSED_AS: { value: string; label: string }[] = [
  { value: 'fulfilled', label: 'Fulfilled' },
  { value: 'withdrawn', label: 'Withdrawn' },
  { value: 'no-records', label: 'No records' },
  { value: 'denied', label: 'Denied in full' },
];

const KINDS: { value: string; label: string }[] = [
  { value: 'acknowledgment', label: 'Acknowledgment' },
  { value: 'determination', label: '10-day determination' },
  { value: 'extension', label: 'Extension notice' },
  { value: 'clarification', label: 'Request for clarification' },
  { value: 'installment', label: 'Installment cover letter' },
  { value: 'final', label: 'Final determination' },
  { value: 'no-records', label: 'No responsive records' },
];

/** A state's name in words. */
export function stateLabel(state: string, closedAs: string | null): string {
  const s = TARGETS.find((t) => t.value === state)?.label ?? state;
  if (state === 'partly-released') return 'Partly released';
  if (closedAs === null) return s;
  return `${s} (${CLOSED_AS.find((c) => c.value === closedAs)?.label.toLowerCase() ?? closedAs})`;
}

/** A request's life: its state and history, and its letters to the requester. */
export function LifeScreen({ reference, user }: Props) {
  const [life, setLife] = useState<RequestLife | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState('awaiting-clarification');
  const [closedAs, setClosedAs] = useState('fulfilled');
  const [stateNote, setStateNote] = useState('');
  const [kind, setKind] = useState('acknowledgment');
  const [language, setLanguage] = useState('en');
  const [letterNote, setLetterNote] = useState('');
  const [preview, setPreview] = useState<LetterPreview | null>(null);

  const load = useCallback(async () => {
    try {
      setLife(await api.requestLife(reference));
      setError(null);
    } catch (e) {
      setError(toApiError(e).message);
    }
  }, [reference]);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(what: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await what();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  function changeState(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const next = await api.changeRequestState(
        reference,
        target,
        target === 'closed' ? closedAs : null,
        stateNote,
      );
      setLife(next);
      setStateNote('');
      setNotice(`${reference} is now ${stateLabel(next.request.state, next.request.closed_as).toLowerCase()}.`);
    });
  }

  const note = letterNote.trim() === '' ? null : letterNote;

  function showPreview() {
    void run(async () => setPreview(await api.previewLetter(reference, kind, language, note)));
  }

  function issue() {
    void run(async () => {
      const next = await api.issueLetter(reference, kind, language, note);
      setLife(next);
      setPreview(null);
      setNotice(`The ${KINDS.find((k) => k.value === kind)?.label.toLowerCase() ?? kind} letter was issued.`);
    });
  }

  if (life === null) {
    return error === null ? (
      <p className="muted">Reading the request…</p>
    ) : (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  const r = life.request;
  return (
    <div className="life">
      {notice !== null && (
        <p className="notice" role="status" id="life-notice">
          {notice}
        </p>
      )}
      {error !== null && (
        <p className="form-error" role="alert" id="life-error">
          {error}
        </p>
      )}
      <section className="card" aria-labelledby="life-state-title">
        <h2 id="life-state-title">State</h2>
        <dl className="life-facts">
          <dt>State</dt>
          <dd id="life-state">{stateLabel(r.state, r.closed_as)}</dd>
          <dt>Received</dt>
          <dd>{r.received}</dd>
          <dt>Determination due</dt>
          <dd>{r.due}</dd>
          <dt>First determination</dt>
          <dd>{r.determined_on ?? '—'}</dd>
        </dl>
        {user.may.change_request_state && (
          <form className="life-form" onSubmit={changeState}>
            <label>
              Move to
              <select id="state-target" value={target} onChange={(e) => setTarget(e.target.value)}>
                {TARGETS.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            {target === 'closed' && (
              <label>
                Why
                <select id="state-closed-as" value={closedAs} onChange={(e) => setClosedAs(e.target.value)}>
                  {CLOSED_AS.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="wide">
              Note (required to close or reopen)
              <input id="state-note" value={stateNote} onChange={(e) => setStateNote(e.target.value)} />
            </label>
            <button type="submit" id="state-change" disabled={busy}>
              Change state
            </button>
          </form>
        )}
        {life.history.length > 0 && (
          <table className="life-history" id="life-history">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">By</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {life.history.map((c, i) => (
                <tr key={i}>
                  <td className="date">{c.on}</td>
                  <td>{stateLabel(c.from, null)}</td>
                  <td>{stateLabel(c.to, c.closed_as)}</td>
                  <td>{c.by}</td>
                  <td>{c.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="life-letters-title">
        <h2 id="life-letters-title">Letters to the requester</h2>
        {user.may.issue_letters && (
          <div className="life-form">
            <label>
              Letter
              <select id="letter-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Language
              <select id="letter-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
                <option value="en">English</option>
                <option value="es">Español</option>
              </select>
            </label>
            <label className="wide">
              Note (a clarification&apos;s question, an expected date)
              <textarea id="letter-note" rows={2} value={letterNote} onChange={(e) => setLetterNote(e.target.value)} />
            </label>
            <div className="actions">
              <button type="button" className="secondary" id="letter-preview-button" disabled={busy} onClick={showPreview}>
                Preview
              </button>
              <button type="button" id="letter-issue" disabled={busy} onClick={issue}>
                Issue letter
              </button>
            </div>
          </div>
        )}
        {preview !== null && (
          <pre className="letter-preview" id="letter-preview" aria-label="Letter preview">
            {preview.text}
          </pre>
        )}
        {life.letters.length === 0 ? (
          <p className="muted" id="letters-none">
            No letters yet.
          </p>
        ) : (
          <table className="life-letters" id="life-letters">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Letter</th>
                <th scope="col">Language</th>
                <th scope="col">Issued by</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {life.letters.map((l) => (
                <tr key={l.id} data-kind={l.kind}>
                  <td className="num">{l.id}</td>
                  <td>{KINDS.find((k) => k.value === l.kind)?.label ?? l.kind}</td>
                  <td>{l.language === 'es' ? 'Español' : 'English'}</td>
                  <td>{l.issued_by}</td>
                  <td className="date">{l.issued_at.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
