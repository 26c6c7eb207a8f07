// A near-duplicate beside its group's pivot, what differs marked word by word on both sides:
// the pivot's words the record lacks struck through on the left, the record's own words
// marked on the right. Record content stays data: text nodes and `del`/`ins` elements only.
import { useEffect, useRef, useState, type JSX } from 'react';
import { api, type CharRun, type Comparison, toApiError } from '../api';
import { Offsets } from './text';

export interface Piece {
  text: string;
  changed: boolean;
  at: number;
}

/** A text cut at the runs (character offsets, as the core counts them). */
export function piecesOf(text: string, runs: readonly CharRun[]): Piece[] {
  const offsets = new Offsets(text);
  const out: Piece[] = [];
  let last = 0;
  for (const r of runs) {
    const a = offsets.toUtf16(Number(r.start));
    const b = offsets.toUtf16(Number(r.end));
    if (a < last || b <= a) continue;
    if (a > last) out.push({ text: text.slice(last, a), changed: false, at: last });
    out.push({ text: text.slice(a, b), changed: true, at: a });
    last = b;
  }
  if (last < text.length) out.push({ text: text.slice(last), changed: false, at: last });
  return out;
}

function Side({
  title,
  text,
  runs,
  kind,
  label,
}: {
  title: string;
  text: string;
  runs: readonly CharRun[];
  kind: 'removed' | 'added';
  label: string;
}): JSX.Element {
  return (
    <section className="compare-side" aria-label={label}>
      <h3>{title}</h3>
      <div className="record-text compare-text" tabIndex={0}>
        {piecesOf(text, runs).map((p) =>
          !p.changed ? (
            p.text
          ) : kind === 'removed' ? (
            <del key={p.at} className="diff-removed">
              {p.text}
            </del>
          ) : (
            <ins key={p.at} className="diff-added">
              {p.text}
            </ins>
          ),
        )}
      </div>
    </section>
  );
}

interface Props {
  reference: string;
  /** The record compared with its group's pivot. */
  id: number;
  onOpen: (id: number) => void;
  onClose: () => void;
}

export function NearDupCompare({ reference, id, onOpen, onClose }: Props): JSX.Element {
  const [c, setC] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let current = true;
    setC(null);
    setError(null);
    api.compareRecords(reference, id).then(
      (r) => {
        if (current) setC(r);
      },
      (e: unknown) => {
        if (current) setError(toApiError(e).message);
      },
    );
    close.current?.focus();
    return () => {
      current = false;
    };
  }, [reference, id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const name = (n: number, title: string | null) => `#${n}${title === null || title === '' ? '' : ` ${title}`}`;
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div
        className="card sheet compare"
        role="dialog"
        aria-modal="true"
        aria-labelledby="compare-title"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="compare-head">
          <h2 id="compare-title">Record {id} beside its pivot</h2>
          <button type="button" ref={close} className="secondary" id="compare-close" onClick={onClose}>
            Close
          </button>
        </div>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {c === null && error === null && <p className="muted">Comparing…</p>}
        {c !== null && (
          <>
            <p className="muted" id="compare-summary">
              {c.similarity !== null ? `${Math.round(c.similarity * 100)} % like the pivot · ` : ''}
              {Number(c.diff.same_words)} words the same; struck through: only in the pivot ({c.diff.removed.length}{' '}
              {c.diff.removed.length === 1 ? 'place' : 'places'}); marked: only in this record ({c.diff.added.length}{' '}
              {c.diff.added.length === 1 ? 'place' : 'places'}).
              {c.diff.coarse ? ' Long texts: compared coarsely.' : ''}
            </p>
            <div className="compare-sides">
              <Side
                title={`Pivot ${name(Number(c.left), c.left_title)}`}
                text={c.left_text}
                runs={c.diff.removed}
                kind="removed"
                label="The pivot"
              />
              <Side
                title={`This record ${name(Number(c.right), c.right_title)}`}
                text={c.right_text}
                runs={c.diff.added}
                kind="added"
                label="This record"
              />
            </div>
            <div className="actions">
              <button type="button" className="secondary" onClick={() => onOpen(Number(c.left))}>
                Open the pivot
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
