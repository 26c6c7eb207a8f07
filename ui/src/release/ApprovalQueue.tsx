import { useEffect, useState } from 'react';
import { api, type RequestRow, toApiError } from '../api';
import { recordedAt } from '../time';

/** Supervisors: the releases waiting for a decision, and those approved but not yet out. */
export function ApprovalQueue({ onOpen }: { onOpen: (reference: string) => void }) {
  const [rows, setRows] = useState<RequestRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .listRequests()
      .then((d) => setRows(d.requests.filter((r) => r.status === 'submitted' || r.status === 'approved')))
      .catch((e: unknown) => setError(toApiError(e).message));
  }, []);

  const waiting = (rows ?? []).filter((r) => r.status === 'submitted');
  const approved = (rows ?? []).filter((r) => r.status === 'approved');
  const table = (list: RequestRow[], id: string) => (
    <table className="requests" id={id}>
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Requester</th>
          <th scope="col">Submitted</th>
          <th scope="col">Due</th>
          <th scope="col">Records</th>
          <th scope="col">Redactions</th>
          <th scope="col">
            <span className="visually-hidden">Open</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.reference} data-reference={r.reference}>
            <td>
              <span className="reference">{r.reference}</span>
              <span className="description">{r.description}</span>
            </td>
            <td>{r.requester}</td>
            <td className="submitted">
              {r.submitted_by === null ? '—' : `by ${r.submitted_by}${r.submitted_at === null ? '' : `, ${recordedAt(r.submitted_at)}`}`}
            </td>
            <td className="date">{r.due}</td>
            <td>{r.records}</td>
            <td>{r.redactions}</td>
            <td>
              <button type="button" className="secondary" onClick={() => onOpen(r.reference)}>
                Open {r.reference}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <main className="content">
      <h1>Approvals</h1>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {rows === null && error === null && <p className="muted">Loading…</p>}
      {rows !== null && (
        <>
          <h2>Waiting for your decision</h2>
          {waiting.length === 0 ? <p className="empty">No release is waiting for approval.</p> : table(waiting, 'approval-queue')}
          <h2>Approved, not yet exported</h2>
          {approved.length === 0 ? <p className="empty">None.</p> : table(approved, 'approved-queue')}
        </>
      )}
    </main>
  );
}
