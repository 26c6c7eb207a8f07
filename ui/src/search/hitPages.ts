// The pages of one search's hits fetched so far: which are loaded, which are on their way,
// and which failed (not asked for again until the search runs anew).
import type { SearchHit } from '../api';

export const PAGE_SIZE = 100;

/** Pages of one list asked for at once (see SearchScreen's `pump`). */
export const MAX_PAGES_IN_FLIGHT = 2;

export class HitPages {
  readonly size: number;
  private readonly loaded = new Map<number, SearchHit[]>();
  private readonly pending = new Set<number>();
  private readonly failed = new Set<number>();

  constructor(size = PAGE_SIZE) {
    this.size = size;
  }

  /** The page holding result `index`. */
  pageOf(index: number): number {
    return Math.floor(index / this.size);
  }

  /** The hit at result `index`: undefined while its page has not arrived, null when the page
   * came without it (a record gone between counting and fetching). */
  get(index: number): SearchHit | null | undefined {
    const page = this.loaded.get(this.pageOf(index));
    return page === undefined ? undefined : (page[index % this.size] ?? null);
  }

  has(page: number): boolean {
    return this.loaded.has(page);
  }

  /** The pages covering results `first`..`last` (inclusive) that nobody has asked for yet. */
  missing(first: number, last: number): number[] {
    const out: number[] = [];
    if (last < first) return out;
    for (let p = this.pageOf(first); p <= this.pageOf(last); p++) {
      if (!this.loaded.has(p) && !this.pending.has(p) && !this.failed.has(p)) out.push(p);
    }
    return out;
  }

  /** How many pages are on their way. */
  inFlight(): number {
    return this.pending.size;
  }

  /** Marks a page as being fetched; false when it is loaded, on its way, or failed. */
  begin(page: number): boolean {
    if (this.loaded.has(page) || this.pending.has(page) || this.failed.has(page)) return false;
    this.pending.add(page);
    return true;
  }

  put(page: number, hits: SearchHit[]): void {
    this.pending.delete(page);
    this.loaded.set(page, hits);
  }

  fail(page: number): void {
    this.pending.delete(page);
    this.failed.add(page);
  }

  /** The doc ids of every hit loaded so far, in result order. */
  loadedIds(): number[] {
    const pages = [...this.loaded.keys()].sort((a, b) => a - b);
    return pages.flatMap((p) => (this.loaded.get(p) ?? []).map((h) => h.doc_id));
  }
}
