// The results list, virtualised: a scroll container whose spacer is as tall as every hit
// would be, holding only the rows in view (and a few either side), each placed where it
// belongs. Keyboard: a listbox with an active row (aria-activedescendant).
import { Fragment, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../api';
import { fileName, shortDate, splitSnippet } from './query';

/** Every row is this tall (px); search.css lays a row out to fit. */
export const ROW_HEIGHT = 80;
/** The tallest spacer used. Past it (150,000 hits at 80 px) the scrollbar maps onto the list
 * proportionally, below the ~17–33 million px at which browsers stop laying out. */
export const MAX_SCROLL_PX = 12_000_000;
/** Rows rendered beyond each edge of the view. */
export const OVERSCAN = 6;
/** Never more rows than this in the DOM, whatever the height of the view. */
export const MAX_ROWS = 60;
/** The view's height when the DOM has no layout to measure (tests). */
export const DEFAULT_VIEWPORT = 600;

export interface ListWindow {
  /** Height of the spacer (px). */
  spacer: number;
  /** Virtual px per scrolled px (1 unless the list is taller than MAX_SCROLL_PX). */
  ratio: number;
  /** The rows to render, inclusive (last < first when there are none). */
  first: number;
  last: number;
  /** The first row at least partly in view. */
  top: number;
  /** Rows that fit in the view. */
  perView: number;
  /** Where row i goes in the spacer: i * rowHeight + shift. */
  shift: number;
  /** The virtual offset (px into the full list) at the top of the view. */
  offset: number;
}

/** Which rows to render for a scroll position. */
export function listWindow(
  total: number,
  scrollTop: number,
  viewport: number,
  rowHeight = ROW_HEIGHT,
): ListWindow {
  const full = total * rowHeight;
  const spacer = Math.min(full, MAX_SCROLL_PX);
  const ratio = full > spacer && spacer > viewport ? (full - viewport) / (spacer - viewport) : 1;
  const scrolled = Math.max(0, Math.min(scrollTop, Math.max(0, spacer - viewport)));
  const offset = scrolled * ratio;
  const perView = Math.max(1, Math.floor(viewport / rowHeight));
  const top = Math.min(Math.max(0, total - 1), Math.floor(offset / rowHeight));
  let bottom = Math.min(total - 1, Math.floor((offset + viewport - 1) / rowHeight));
  if (bottom - top + 1 > MAX_ROWS) bottom = top + MAX_ROWS - 1;
  const spare = MAX_ROWS - (bottom - top + 1);
  const over = Math.max(0, Math.min(OVERSCAN, Math.floor(spare / 2)));
  const first = total === 0 ? 0 : Math.max(0, top - over);
  const last = Math.min(total - 1, bottom + over);
  return { spacer, ratio, first, last, top, perView, shift: scrolled - offset, offset };
}

/** The scroll position that brings row `index` fully into view (unchanged if it is). */
export function scrollFor(w: ListWindow, index: number, viewport: number, rowHeight = ROW_HEIGHT): number | null {
  const at = index * rowHeight;
  let offset: number;
  if (at < w.offset) offset = at;
  else if (at + rowHeight > w.offset + viewport) offset = at + rowHeight - viewport;
  else return null;
  return Math.max(0, offset / w.ratio);
}

/** A snippet with its matched words in <mark>, as text nodes (record content is data). */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {splitSnippet(text).map((p, i) =>
        p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>,
      )}
    </>
  );
}

interface Props {
  total: number;
  /** undefined: not fetched yet; null: fetched, but the core sent no hit there. */
  hitAt: (index: number) => SearchHit | null | undefined;
  /** The rows rendered changed: fetch what they need. */
  onRange: (first: number, last: number) => void;
  onOpen: (index: number) => void;
  /** Records picked for a decision on all of them (Space picks the active row). */
  picked?: ReadonlySet<number>;
  onPick?: (docId: number, on: boolean) => void;
}

export const rowId = (index: number) => `search-hit-${index}`;

export function HitList({ total, hitAt, onRange, onOpen, picked, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const [active, setActive] = useState(-1);

  const measure = () => {
    const h = box.current?.clientHeight ?? 0;
    setViewport(h > 0 ? h : DEFAULT_VIEWPORT);
  };

  useLayoutEffect(() => {
    measure();
    const el = box.current;
    if (el === null) return;
    if (typeof ResizeObserver !== 'undefined') {
      const ro = new ResizeObserver(() => measure());
      ro.observe(el);
      return () => ro.disconnect();
    }
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  const w = listWindow(total, scrollTop, viewport);

  const rangeCb = useRef(onRange);
  useEffect(() => {
    rangeCb.current = onRange;
  }, [onRange]);
  useEffect(() => {
    if (w.last >= w.first) rangeCb.current(w.first, w.last);
  }, [w.first, w.last]);

  const scrollTo = (top: number) => {
    if (box.current !== null) box.current.scrollTop = top;
    setScrollTop(top);
  };

  const move = (to: number) => {
    if (total === 0) return;
    const i = Math.max(0, Math.min(total - 1, to));
    setActive(i);
    const top = scrollFor(w, i, viewport);
    if (top !== null) scrollTo(top);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = active < 0 ? w.top - 1 : active;
    switch (e.key) {
      case 'ArrowDown':
        move(from + 1);
        break;
      case 'ArrowUp':
        move(active < 0 ? w.top : from - 1);
        break;
      case 'PageDown':
        move(Math.max(from, 0) + w.perView);
        break;
      case 'PageUp':
        move(Math.max(from, 0) - w.perView);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(total - 1);
        break;
      case 'Enter':
        if (active >= 0) onOpen(active);
        break;
      case ' ': {
        const hit = active >= 0 ? hitAt(active) : null;
        if (hit == null || onPick === undefined) return;
        onPick(Number(hit.doc_id), !(picked?.has(Number(hit.doc_id)) ?? false));
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  const rows = [];
  for (let i = w.first; i <= w.last; i++) {
    const hit = hitAt(i);
    const style = { top: i * ROW_HEIGHT + w.shift, height: ROW_HEIGHT };
    const common = {
      id: rowId(i),
      role: 'option',
      'aria-selected': i === active,
      'aria-posinset': i + 1,
      'aria-setsize': total,
      style,
    } as const;
    if (hit === undefined) {
      rows.push(
        <div key={i} {...common} className="hit placeholder" aria-busy="true">
          <span className="hit-title muted">Loading result {i + 1}…</span>
        </div>,
      );
      continue;
    }
    if (hit === null) {
      rows.push(
        <div key={i} {...common} className="hit gone">
          <span className="hit-title muted">Result {i + 1} is no longer available.</span>
        </div>,
      );
      continue;
    }
    const title = hit.title !== null && hit.title.trim() !== '' ? hit.title : fileName(hit.path);
    rows.push(
      <div
        key={i}
        {...common}
        className={i === active ? 'hit active' : 'hit'}
        data-doc-id={hit.doc_id}
        onClick={() => {
          setActive(i);
          onOpen(i);
        }}
      >
        <div className="hit-head">
          {onPick !== undefined && (
            <input
              type="checkbox"
              className="hit-pick"
              aria-label={`Pick record ${hit.doc_id}`}
              checked={picked?.has(Number(hit.doc_id)) ?? false}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => onPick(Number(hit.doc_id), e.target.checked)}
            />
          )}
          <span className="hit-title" title={hit.path}>
            {title}
          </span>
          {hit.date !== null && (
            <span className="hit-date" title={hit.date}>
              {shortDate(hit.date)}
            </span>
          )}
        </div>
        <div className="hit-meta">
          {hit.from !== null && <span className="hit-from">{hit.from}</span>}
          <span className="hit-custodian">{hit.custodian ?? 'no custodian'}</span>
          <span className="hit-kind">{hit.kind}</span>
          <span className={hit.disposition === null ? 'hit-disposition muted' : 'hit-disposition'}>
            {hit.disposition ?? 'undecided'}
          </span>
          {hit.copies > 1 && <span className="hit-copies">{hit.copies} copies</span>}
        </div>
        <div className="hit-snippet">
          <Snippet text={hit.snippet} />
        </div>
      </div>,
    );
  }

  const activeShown = active >= w.first && active <= w.last;
  return (
    <div
      ref={box}
      className="hits"
      role="listbox"
      aria-label="Results"
      tabIndex={0}
      aria-activedescendant={activeShown ? rowId(active) : undefined}
      onScroll={(e) => {
        setScrollTop(e.currentTarget.scrollTop);
        const h = e.currentTarget.clientHeight;
        if (h > 0 && h !== viewport) setViewport(h);
      }}
      onKeyDown={onKeyDown}
    >
      <div className="hits-spacer" role="presentation" style={{ height: w.spacer }}>
        {rows}
      </div>
    </div>
  );
}
