import type { RequestRow } from '../api';
import { stateLabel } from './LifeScreen';
import { daysLeftLabel, urgency } from './urgency';

interface Props {
  requests: RequestRow[];
  onOpen?: (reference: string) => void;
  /** Officers: extend a request's due date. */
  onExtend?: ((reference: string) => void) | undefined;
}

export function RequestsTable({ requests, onOpen, onExtend }: Props) {
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
          <th scope="col">State</th>
          <th scope="col">Records</th>
          <th scope="col">Reviewed</th>
          <th scope="col">Redactions</th>
          <th scope="col">Assignee</th>
          {onExtend !== undefined && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => {
          const u = urgency(r);
          return (
            <tr key={r.reference} className={u} data-reference={r.reference}>
              <td>
                {onOpen === undefined ? (
                  <span className="reference">{r.reference}</span>
                ) : (
                  <button
                    type="button"
                    className="reference open-request"
                    onClick={() => onOpen(r.reference)}
                    title={`Open ${r.reference}`}
                  >
                    {r.reference}
                  </button>
                )}
                <span className="description" title={r.description}>
                  {r.description}
                </span>
              </td>
              <td>{r.requester}</td>
              <td className="date">{r.received}</td>
              <td className="date">
                {r.due}
                {r.extended_days > 0 && <span className="muted"> (+{r.extended_days} d)</span>}
              </td>
              <td className="days-left">
                <span className={`days ${u}`}>{daysLeftLabel(r.days_left)}</span>
              </td>
              <td>
                <span className={`state state-${r.state}`}>{stateLabel(r.state, r.closed_as)}</span>
                <br />
                <span className={`status status-${r.status}`} title="The release set's progress">
                  {r.status}
                </span>
              </td>
              <td className="num">{r.records}</td>
              <td className="num">
                {r.reviewed}
                {r.records > 0 && <span className="muted"> ({Math.round((100 * r.reviewed) / r.records)}%)</span>}
              </td>
              <td className="num">{r.redactions}</td>
              <td>{r.assignee ?? <span className="muted">—</span>}</td>
              {onExtend !== undefined && (
                <td>
                  {(r.status === 'open' || r.status === 'submitted') && (
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() => onExtend(r.reference)}
                      aria-label={`Extend ${r.reference}`}
                    >
                      Extend
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
