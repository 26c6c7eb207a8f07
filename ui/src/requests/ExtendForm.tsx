import { type FormEvent, useState } from 'react';
import { api, type RequestRow, toApiError } from '../api';

interface Props {
  reference: string;
  onExtended: (row: RequestRow) => void;
  onCancel: () => void;
}

/** Extends a request's due date for unusual circumstances (§7922.535(b)), with the reason. */
export function ExtendForm({ reference, onExtended, onCancel }: Props) {
  const [days, setDays] = useState('14');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onExtended(await api.extendRequest(reference, Number(days), reason));
    } catch (err) {
      setError(toApiError(err).message);
      setBusy(false);
    }
  }

  return (
    <form className="panel new-request" onSubmit={(e) => void submit(e)} aria-labelledby="extend-title">
      <h2 id="extend-title">Extend {reference}</h2>
      <div className="grid">
        <label>
          Days
          <input id="extend-days" type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <label className="wide">
          Unusual circumstances (sent to the requester)
          <textarea id="extend-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" id="extend-submit" disabled={busy}>
          Extend
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
