// Searching one request's records: the query box, facet counts that narrow the query, a
// virtualised list of every hit (fetched a page at a time as it scrolls into view), saved
// searches and a search-term report.
import { useCallback, useEffect, useRef, useState, type JSX } from 'react';
import {
  api,
  DEFAULT_SEARCH,
  type SearchFacets,
  type SearchOptions,
  type SearchResults,
  toApiError,
} from '../api';
import { termsOf } from '../review/highlight';
import { BulkDecision } from './BulkDecision';
import { Facets } from './Facets';
import { HighlightSet } from './HighlightSet';
import { HitList } from './HitList';
import { HitPages, MAX_PAGES_IN_FLIGHT, PAGE_SIZE } from './hitPages';
import { addFilter, count } from './query';
import { SavedSearches } from './SavedSearches';
import { SyntaxHelp } from './SyntaxHelp';
import { TermReport } from './TermReport';
import './search.css';

type Sort = SearchOptions['sort'];

interface Props {
  reference: string;
  /** Open a record for review; `order` is the doc ids of the hits loaded so far, in result
   * order, for going to the next and previous hit. */
  /** `source` names the sequence for the review list ("Search: permit*"). */
  onOpenRecord: (id: number, order: number[], terms: string[], source: string) => void;
  /** Officers change the request's highlight set. */
  mayEditHighlights?: boolean;
}

/** One search as asked for. */
interface Run {
  query: string;
  sort: Sort;
  fold: boolean;
  seq: number;
}

/** The search whose results are on screen, with the pages of hits fetched so far. */
interface Shown {
  run: Run;
  pages: HitPages;
  total: number;
  /** Folded: the distinct originals, which are the rows of the list. */
  originals: number | null;
  tookMs: number;
  facets: SearchFacets | null;
}

/** The hits on screen in their order, then every other hit of the search. */
export function everyHit(loaded: number[], all: number[]): number[] {
  const seen = new Set(loaded);
  return [...loaded, ...all.filter((id) => !seen.has(id))];
}

/** The filter that keeps only the messages a reviewer must read (README, "Conversations"). */
const INCLUSIVE = /(^|\s)inclusive:yes(?=\s|$)/i;

const SORTS: readonly { value: Sort; label: string }[] = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
];

/** The options of the page of hits starting at `offset`; facets come with the first page. */
function fetchOptions(run: Run, offset: number): SearchOptions {
  return {
    ...DEFAULT_SEARCH,
    offset,
    limit: PAGE_SIZE,
    sort: run.sort,
    fold: run.fold,
    facets: offset === 0,
  };
}

export function SearchScreen({ reference, onOpenRecord, mayEditHighlights = false }: Props): JSX.Element {
  const [input, setInput] = useState('');
  const [sort, setSort] = useState<Sort>('relevance');
  const [fold, setFold] = useState(false);
  const [syntax, setSyntax] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  /** Records picked in the hit list for one decision on all of them. */
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const shownSeq = shown?.run.seq;
  useEffect(() => setPicked(new Set()), [shownSeq]);
  // Bumped when a page of hits arrives (the pages live outside React state).
  const [, setVersion] = useState(0);
  const seq = useRef(0);
  const lastRun = useRef<Run | null>(null);
  const shownRef = useRef<Shown | null>(null);
  useEffect(() => {
    shownRef.current = shown;
  }, [shown]);

  const start = useCallback(
    (query: string, sortBy: Sort, folded: boolean) => {
      const run: Run = { query, sort: sortBy, fold: folded, seq: ++seq.current };
      lastRun.current = run;
      setError(null);
      if (query.trim() === '') {
        setSearching(false);
        setShown(null);
        setError('Type what to search for (the syntax help shows how).');
        return;
      }
      setSearching(true);
      const pages = new HitPages(PAGE_SIZE);
      pages.begin(0);
      api.search(reference, query, fetchOptions(run, 0)).then(
        (res: SearchResults) => {
          if (seq.current !== run.seq) return;
          pages.put(0, res.hits);
          const next: Shown = {
            run,
            pages,
            total: res.total,
            originals: res.originals ?? null,
            tookMs: res.took_ms,
            facets: res.facets ?? null,
          };
          shownRef.current = next;
          setShown(next);
          setSearching(false);
        },
        (e: unknown) => {
          if (seq.current !== run.seq) return;
          shownRef.current = null;
          setShown(null);
          setSearching(false);
          setError(toApiError(e).message);
        },
      );
    },
    [reference],
  );

  // A new request starts afresh.
  useEffect(() => {
    seq.current++;
    lastRun.current = null;
    shownRef.current = null;
    setShown(null);
    setError(null);
    setSearching(false);
  }, [reference]);

  /** The rows the list renders now: the pages to fetch next are taken from here. */
  const wanted = useRef<{ first: number; last: number } | null>(null);

  /** Fetches the pages the list's rendered rows need that nobody has asked for yet, at most
   * MAX_PAGES_IN_FLIGHT at a time: while a long list scrolls fast, the pages it passes are
   * not asked for (at 500,000 hits each deep page costs the core a search, and a queue of
   * them never drained); when one arrives, the rows in view then are what is fetched next. */
  const pump = useCallback(() => {
    const s = shownRef.current;
    const w = wanted.current;
    if (s === null || w === null) return;
    for (const page of s.pages.missing(w.first, w.last)) {
      if (s.pages.inFlight() >= MAX_PAGES_IN_FLIGHT) return;
      if (!s.pages.begin(page)) continue;
      api
        .search(reference, s.run.query, fetchOptions(s.run, page * PAGE_SIZE))
        .then(
          (res) => {
            // A response for results no longer on screen is dropped.
            if (shownRef.current?.pages !== s.pages) return;
            s.pages.put(page, res.hits);
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            if (shownRef.current?.pages !== s.pages) return;
            s.pages.fail(page);
            setError(toApiError(e).message);
            setVersion((v) => v + 1);
          },
        )
        .finally(() => {
          if (shownRef.current?.pages === s.pages) pumpRef.current();
        });
    }
  }, [reference]);
  const pumpRef = useRef(pump);
  useEffect(() => {
    pumpRef.current = pump;
  }, [pump]);

  const onRange = useCallback(
    (first: number, last: number) => {
      wanted.current = { first, last };
      pump();
    },
    [pump],
  );

  const runBox = () => start(input.trim(), sort, fold);

  /** Sort and fold rerun the search on screen (or the one on its way). */
  const rerun = (sortBy: Sort, folded: boolean) => {
    if (lastRun.current === null) return;
    start(input.trim() === '' ? lastRun.current.query : input.trim(), sortBy, folded);
  };

  const narrow = (filter: string) => {
    const base = shown?.run.query ?? input;
    const q = addFilter(base, filter);
    setInput(q);
    start(q, sort, fold);
  };

  const runSaved = (query: string) => {
    setInput(query);
    start(query, sort, fold);
  };

  const open = (index: number) => {
    if (shown === null) return;
    const hit = shown.pages.get(index);
    if (hit === undefined || hit === null) return;
    const loaded = shown.pages.loadedIds();
    const terms = termsOf(shown.run.query);
    const source = `Search: ${shown.run.query}`;
    // The review sequence covers every hit: those on screen in their order, then the rest
    // (fetched as ids only). Without them, the hits loaded so far.
    if (loaded.length >= shown.total) {
      onOpenRecord(hit.doc_id, loaded, terms, source);
      return;
    }
    api.searchIds(reference, shown.run.query).then(
      (all) => onOpenRecord(hit.doc_id, everyHit(loaded, all), terms, source),
      () => onOpenRecord(hit.doc_id, loaded, terms, source),
    );
  };

  const rows = shown === null ? 0 : shown.run.fold && shown.originals !== null ? shown.originals : shown.total;

  return (
    <section className="search-screen" aria-label={`Search ${reference}`}>
      <div className="search-bar" role="search">
        <div className="search-field">
          <label htmlFor="search-query">Search</label>
          <input
            id="search-query"
            type="search"
            value={input}
            autoComplete="off"
            spellCheck={false}
            placeholder={'e.g. permit* from:lee date:2025-03'}
            aria-describedby={error === null ? undefined : 'search-error'}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                e.preventDefault();
                runBox();
              } else if (e.key === 'ArrowDown') {
                // Down from the query box goes to the results.
                const list = document.querySelector<HTMLElement>('.search-screen .hits');
                if (list !== null) {
                  e.preventDefault();
                  list.focus();
                }
              }
            }}
          />
        </div>
        <button type="button" id="search-run" onClick={runBox}>
          Search
        </button>
        <div className="search-field">
          <label htmlFor="search-sort">Sort</label>
          <select
            id="search-sort"
            value={sort}
            onChange={(e) => {
              const v = SORTS.find((s) => s.value === e.target.value)?.value ?? 'relevance';
              setSort(v);
              rerun(v, fold);
            }}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <label className="check" htmlFor="search-fold">
          <input
            id="search-fold"
            type="checkbox"
            checked={fold}
            onChange={(e) => {
              setFold(e.target.checked);
              rerun(sort, e.target.checked);
            }}
          />
          One per original
        </label>
        <label className="check" htmlFor="search-inclusive">
          <input
            id="search-inclusive"
            type="checkbox"
            checked={INCLUSIVE.test(input)}
            onChange={(e) => {
              const base = input.replace(INCLUSIVE, ' ').replace(/\s+/g, ' ').trim();
              const q = e.target.checked ? addFilter(base, 'inclusive:yes') : base;
              setInput(q);
              if (q !== '') start(q, sort, fold);
            }}
          />
          Inclusive messages only
        </label>
        <button
          type="button"
          id="search-syntax"
          className="secondary"
          aria-expanded={syntax}
          aria-controls="search-syntax-help"
          onClick={() => setSyntax((s) => !s)}
        >
          Syntax
        </button>
      </div>
      {syntax && <SyntaxHelp id="search-syntax-help" />}

      <div className="search-body">
        <aside className="search-side">
          <SavedSearches reference={reference} query={input} onRun={runSaved} />
          <HighlightSet reference={reference} mayEdit={mayEditHighlights} />
          {shown?.facets != null && <Facets facets={shown.facets} onFilter={narrow} />}
        </aside>
        <div className="search-results">
          <div className="results-head" aria-live="polite">
            {shown !== null && (
              <p className="search-total">
                {count(shown.total)} {shown.total === 1 ? 'record' : 'records'}
                {shown.run.fold && shown.originals !== null
                  ? ` · ${count(shown.originals)} ${shown.originals === 1 ? 'original' : 'originals'}`
                  : ''}
                {` · ${count(shown.tookMs)} ms`}
              </p>
            )}
            {shown !== null && <p className="search-query muted">{shown.run.query}</p>}
            {shown !== null && shown.total > 0 && (
              <BulkDecision
                reference={reference}
                selection={{ kind: 'query', value: shown.run.query }}
                total={shown.total}
                onChanged={() => start(shown.run.query, shown.run.sort, shown.run.fold)}
              />
            )}
            {shown !== null && picked.size > 0 && (
              <div className="picked">
                <BulkDecision
                  reference={reference}
                  selection={{ kind: 'ids', value: [...picked] }}
                  total={picked.size}
                  what="the picked records"
                  openLabel={`Decide the ${count(picked.size)} picked…`}
                  idPrefix="picked"
                  onChanged={() => start(shown.run.query, shown.run.sort, shown.run.fold)}
                />
                <button type="button" className="link" id="picked-clear" onClick={() => setPicked(new Set())}>
                  Clear the picks
                </button>
              </div>
            )}
            {searching && <p className="muted searching">Searching…</p>}
          </div>
          {error !== null && (
            <p id="search-error" className="form-error" role="alert">
              {error}
            </p>
          )}
          {shown === null && !searching && error === null && (
            <p className="empty">Search this request's records: type a query and press Enter.</p>
          )}
          {shown !== null && rows === 0 && <p className="empty">No records match this query.</p>}
          {shown !== null && rows > 0 && (
            <HitList
              key={shown.run.seq}
              total={rows}
              hitAt={(i) => shown.pages.get(i)}
              onRange={onRange}
              onOpen={open}
              picked={picked}
              onPick={(id, on) =>
                setPicked((p) => {
                  const next = new Set(p);
                  if (on) next.add(id);
                  else next.delete(id);
                  return next;
                })
              }
            />
          )}
        </div>
      </div>

      <TermReport key={reference} reference={reference} />
    </section>
  );
}
