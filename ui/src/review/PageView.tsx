import { useEffect, useRef, useState } from 'react';
import type { PageBox, PageWords } from '../api';
import { dpiFor, pageUrl } from './pageCache';

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Props {
  reference: string;
  id: number;
  page: PageWords;
  /** Redaction boxes on this page. */
  boxes: readonly PageBox[];
  /** The release side: boxes are opaque and labelled, as export paints them. */
  release: boolean;
  /** CSS width of the page. */
  width: number;
  /** When set, dragging on the page draws a box and hands it over (fractions of the page). */
  onBox?: ((page: number, rect: Rect) => void) | undefined;
  /** A box drawn and grown to the words it touches, waiting to be applied or dropped. */
  pending?: { rect: Rect; onApply: () => void; onCancel: () => void } | undefined;
}

const clamp = (v: number) => Math.max(0, Math.min(1, v));

/** Pages picture-rendered at once, before any is seen: the first ones of a record. */
export const EAGER_PAGES = 2;
/** A page's picture is asked for once the page comes this close to the view (px). */
export const NEAR_VIEW = '1200px';

/** Whether the element has come near the view (true at once where the browser cannot tell,
 * and for the first pages): a record of hundreds of pages asks the core for the pages a
 * reader reaches, not for all of them before its first is drawn. */
function useNearView(el: React.RefObject<HTMLElement | null>, eager: boolean): boolean {
  const [near, setNear] = useState(eager || typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const node = el.current;
    if (near || node === null) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          io.disconnect();
        }
      },
      { rootMargin: NEAR_VIEW },
    );
    io.observe(node);
    return () => io.disconnect();
  }, [el, near]);
  return near;
}

/** A page of a paged record as the core renders it, with its redaction boxes over it. */
export function PageView({ reference, id, page, boxes, release, width, onBox, pending }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drag, setDrag] = useState<Rect | null>(null);
  const surface = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  const near = useNearView(figure, page.page <= EAGER_PAGES);
  const height = Math.round((width * page.height_pt) / Math.max(page.width_pt, 1));
  const dpi = dpiFor(width, page.width_pt);

  useEffect(() => {
    if (!near) return;
    let live = true;
    setError(null);
    pageUrl(reference, id, page.page, dpi)
      .then((u) => {
        if (live) setUrl(u);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, [reference, id, page.page, dpi, near]);

  const at = (e: { clientX: number; clientY: number }) => {
    const r = surface.current?.getBoundingClientRect();
    if (r === undefined || r.width === 0 || r.height === 0) return null;
    return { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height) };
  };

  const start = (e: React.PointerEvent<HTMLDivElement>) => {
    if (onBox === undefined || e.button !== 0) return;
    const p = at(e);
    if (p === null) return;
    e.preventDefault();
    let rect: Rect = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
    setDrag(rect);
    const move = (ev: PointerEvent) => {
      const q = at(ev);
      if (q === null) return;
      rect = { x0: p.x, y0: p.y, x1: q.x, y1: q.y };
      setDrag(rect);
    };
    const end = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      move(ev);
      setDrag(null);
      const r = {
        x0: Math.min(rect.x0, rect.x1),
        y0: Math.min(rect.y0, rect.y1),
        x1: Math.max(rect.x0, rect.x1),
        y1: Math.max(rect.y0, rect.y1),
      };
      // A click is not a box.
      if (r.x1 - r.x0 > 0.004 && r.y1 - r.y0 > 0.002) onBox(page.page, r);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
  };

  const place = (b: Rect) => ({
    left: `${Math.min(b.x0, b.x1) * 100}%`,
    top: `${Math.min(b.y0, b.y1) * 100}%`,
    width: `${Math.abs(b.x1 - b.x0) * 100}%`,
    height: `${Math.abs(b.y1 - b.y0) * 100}%`,
  });

  return (
    <figure
      ref={figure}
      className={release ? 'page release' : 'page'}
      style={{ width, height }}
      data-page={page.page}
    >
      {url !== null && (
        <img
          src={url}
          alt={`Page ${page.page}${release ? ' as released' : ''}`}
          width={width}
          height={height}
          draggable={false}
        />
      )}
      {url === null && error === null && <span className="page-loading muted">Rendering page {page.page}…</span>}
      {error !== null && (
        <span className="page-error" role="alert">
          {error}
        </span>
      )}
      <div
        ref={surface}
        className={onBox === undefined ? 'page-surface' : 'page-surface drawing'}
        onPointerDown={start}
        data-testid={`page-surface-${page.page}`}
      >
        {boxes.map((b, i) => (
          <span
            key={i}
            className={release ? 'page-box burned' : 'page-box'}
            style={place(b)}
            title={b.label}
          >
            {release ? b.label : null}
          </span>
        ))}
        {drag !== null && <span className="page-box drawing-box" style={place(drag)} />}
        {pending !== undefined && (
          <>
            <span
              className="page-box snapped"
              style={place(pending.rect)}
              title="The box as it will be burned: it covers every word it touches"
            />
            <span
              className="box-actions"
              style={{ left: `${pending.rect.x0 * 100}%`, top: `${pending.rect.y1 * 100}%` }}
              onPointerDown={(e) => e.stopPropagation()}
            >
              <button type="button" id="box-apply" onClick={pending.onApply}>
                Redact this box
              </button>
              <button type="button" id="box-cancel" className="secondary" onClick={pending.onCancel}>
                Drop it
              </button>
            </span>
          </>
        )}
      </div>
      <figcaption className="muted">
        Page {page.page}
        {page.ocr ? ' · scanned (OCR)' : ''}
      </figcaption>
    </figure>
  );
}
