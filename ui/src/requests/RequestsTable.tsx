import type { RequestRow } from '../api';
import { daysLeftLabel, urgency } from './urgency';

export function RequestsTable({ requests }: { requests: RequestRow[] }) {
  if (requests.length === 0) {
    return <p className="empty">No requests yet.</p>;
  }
  return (
    <table className="requests">
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Requester</th>
          <th scope="col">Received</th>
          <th scope="col">Due</th>
          <th scope="col">Days left</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => {
          const u = urgency(r);
          return (
            <tr key={r.reference} className={u} data-reference={r.reference}>
              <td>
                <span className="reference">{r.reference}</span>
                <span className="description" title={r.description}>
                  {r.description}
                </span>
              </td>
              <td>{r.requester}</td>
              <td className="date">{r.received}</td>
              <td className="date">{r.due}</td>
              <td className="days-left">
                <span className={`days ${u}`}>{daysLeftLabel(r.daysLeft)}</span>
              </td>
              <td>
                <span className={`status status-${r.status}`}>{r.status}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
