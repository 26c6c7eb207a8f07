// Page pictures rendered by the core, kept as blob: URLs so that going back to a record (or
// showing the same page in both panes) does not render it again.
import { api } from '../api';

const LIMIT = 80;
const cache = new Map<string, Promise<string>>();

/** The resolution to ask for: enough for `cssWidth` pixels on this screen, in steps of 24 dpi
 * so that close widths share one rendering. */
export function dpiFor(cssWidth: number, widthPt: number, ratio = window.devicePixelRatio || 1): number {
  const want = (cssWidth * ratio * 72) / Math.max(widthPt, 1);
  return Math.max(24, Math.min(300, Math.ceil(want / 24) * 24));
}

/** A blob: URL of the page's PNG. */
export function pageUrl(reference: string, id: number, page: number, dpi: number): Promise<string> {
  const key = `${reference}/${id}/${page}/${dpi}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = api.pageImage(reference, id, page, dpi).then((bytes) =>
    URL.createObjectURL(new Blob([bytes], { type: 'image/png' })),
  );
  // A failed rendering is not kept: the next look tries again.
  made.catch(() => cache.delete(key));
  cache.set(key, made);
  while (cache.size > LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    const url = cache.get(oldest);
    cache.delete(oldest);
    void url?.then((u) => URL.revokeObjectURL(u)).catch(() => undefined);
  }
  return made;
}
