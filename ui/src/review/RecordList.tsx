import { useEffect, useRef, useState } from 'react';
import type { RecordSummary } from '../api';
import { DISPOSITION_MARKS } from '../words';

const ROW = 44;
const OVERSCAN = 8;

interface Props {
  /** A record's summary (undefined while the list is being read). */
  summaryOf: (id: number) => RecordSummary | undefined;
  /** The ids in the order next/previous goes (search hits, or every record). */
  sequence: number[];
  currentId: number | null;
  onOpen: (id: number) => void;
  /** What the sequence is when it is not every record ("Search: permit*", "Batch 3"). */
  source: string | null;
  /** Back to every record of the request. */
  onShowAll?: () => void;
  /** More of the list is still being read. */
  reading?: boolean;
}

/** The records being reviewed, as a list that draws only the rows in view (a request can
 * hold a hundred thousand). */
export function RecordList({ summaryOf, sequence, currentId, onOpen, source, onShowAll, reading = false }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    setHeight(el.clientHeight || 600);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the current record in view.
  useEffect(() => {
    const el = box.current;
    const i = currentId === null ? -1 : sequence.indexOf(currentId);
    if (el === null || i < 0) return;
    if (i * ROW < el.scrollTop || (i + 1) * ROW > el.scrollTop + (el.clientHeight || height)) {
      el.scrollTop = Math.max(0, i * ROW - ROW * 2);
      setTop(el.scrollTop);
    }
  }, [currentId, sequence, height]);

  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(sequence.length, Math.ceil((top + height) / ROW) + OVERSCAN);

  return (
    <nav className="record-list" aria-label={source === null ? 'Records' : 'Records under review'}>
      <h3 className="pane-title" id="record-list-source">
        <span className="source">{source ?? 'All records'}</span> <span className="count">{sequence.length.toLocaleString()}</span>
        {reading && (
          <span className="reading muted" role="status">
            {' '}
            reading…
          </span>
        )}
      </h3>
      {source !== null && onShowAll !== undefined && (
        <button type="button" className="link show-all" id="record-list-all" onClick={onShowAll}>
          ← All records
        </button>
      )}
      <div className="record-scroll" ref={box} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
        <ul style={{ height: sequence.length * ROW }}>
          {sequence.slice(first, last).map((id, k) => {
            const r = summaryOf(id);
            const i = first + k;
            return (
              <li key={id} style={{ top: i * ROW, height: ROW }}>
                <button
                  type="button"
                  className={id === currentId ? 'record-item current' : 'record-item'}
                  aria-current={id === currentId ? 'true' : undefined}
                  data-record-id={id}
                  onClick={() => onOpen(id)}
                >
                  <span className="record-name">{r?.title ?? r?.path.split('/').pop() ?? `#${id}`}</span>
                  <span className="record-sub muted">
                    #{id} · {r?.kind ?? ''}
                    {r?.status === 'failed' ? ' · could not be read' : ''}
                  </span>
                  {r?.disposition != null && (
                    <span className={`disp disp-${r.disposition}`} aria-label={r.disposition}>
                      {DISPOSITION_MARKS[r.disposition]}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}
