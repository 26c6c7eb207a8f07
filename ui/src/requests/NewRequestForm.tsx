import { type FormEvent, useState } from 'react';
import { api, type RequestRow, toApiError } from '../api';

interface Props {
  /** The office's today, the default received date. */
  today: string;
  onCreated: (row: RequestRow) => void;
  onCancel: () => void;
}

export function NewRequestForm({ today, onCreated, onCancel }: Props) {
  const [reference, setReference] = useState('');
  const [requester, setRequester] = useState('');
  const [received, setReceived] = useState(today);
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createRequest({ reference, requester, received, description }));
    } catch (err) {
      setError(toApiError(err).message);
      setBusy(false);
    }
  }

  return (
    <form className="panel new-request" onSubmit={(e) => void submit(e)} aria-labelledby="new-request-title">
      <h2 id="new-request-title">Log a new request</h2>
      <div className="grid">
        <label>
          Reference
          <input
            id="req-reference"
            name="reference"
            placeholder="PRA-2026-0143"
            autoFocus
            required
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
        <label>
          Requester
          <input
            id="req-requester"
            name="requester"
            required
            value={requester}
            onChange={(e) => setRequester(e.target.value)}
          />
        </label>
        <label>
          Received (YYYY-MM-DD)
          <input
            id="req-received"
            name="received"
            inputMode="numeric"
            placeholder="YYYY-MM-DD"
            required
            value={received}
            onChange={(e) => setReceived(e.target.value)}
          />
        </label>
        <label className="wide">
          Records asked for
          <textarea
            id="req-description"
            name="description"
            rows={3}
            required
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" id="req-submit" disabled={busy}>
          {busy ? 'Logging…' : 'Log request'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      <p className="footnote">The due date is computed from the received date by the office's deadline rules.</p>
    </form>
  );
}
