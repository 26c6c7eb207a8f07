import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SavedSearch, SearchFacets, SearchHit, SearchOptions, SearchResults, TermReport } from '../api';
import { MAX_ROWS, ROW_HEIGHT } from './HitList';
import { SearchScreen } from './SearchScreen';

afterEach(() => {
  cleanup();
  clearMocks();
});

const TOTAL = 100_000;
const EVIL = '<img src=x onerror=alert(1)>';

function fakeHit(i: number): SearchHit {
  return {
    doc_id: i + 1,
    path: `/mail/inbox/message-${i + 1}.eml`,
    kind: 'email',
    title: i % 2 === 0 ? `Permit ${i + 1}` : null,
    date: '2025-03-14T10:30:00-08:00',
    custodian: 'ann lee',
    from: i === 0 ? 'Ann Lee <ann@city.example>' : null,
    disposition: i === 0 ? 'withhold' : null,
    score: 1,
    copies: 1,
    snippet: i === 0 ? `before ${EVIL} «${EVIL}» after` : `the «permit» of record ${i + 1}`,
  };
}

const FACETS: SearchFacets = {
  custodian: [
    { value: 'ann lee', count: 60_000 },
    { value: 'bo', count: 40_000 },
  ],
  kind: [{ value: 'email', count: 100_000 }],
  month: [{ value: '2025-03', count: 100_000 }],
  disposition: [{ value: 'withhold', count: 1 }],
  status: [{ value: 'in-review', count: 5 }],
  exemption: [{ value: 'Gov. Code 7927.500', count: 1 }],
};

interface SearchCall {
  reference: string;
  query: string;
  options: SearchOptions;
}

interface Backend {
  searches: SearchCall[];
  calls: { cmd: string; args: Record<string, unknown> }[];
  saved: SavedSearch[];
  highlights: string[];
}

/** A core whose every query matches 100,000 records (fewer if `totals` says so). */
function backend(
  opts: {
    totals?: Record<string, number>;
    search?: (call: SearchCall) => SearchResults | Promise<SearchResults> | undefined;
    saved?: SavedSearch[];
  } = {},
): Backend {
  const b: Backend = { searches: [], calls: [], saved: [...(opts.saved ?? [])], highlights: ['Dana Reyes'] };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    b.calls.push({ cmd, args });
    switch (cmd) {
      case 'search': {
        const call = args as unknown as SearchCall;
        b.searches.push(call);
        const special = opts.search?.(call);
        if (special !== undefined) return special;
        const total = opts.totals?.[call.query] ?? TOTAL;
        const { offset, limit } = call.options;
        const hits: SearchHit[] = [];
        for (let i = offset; i < Math.min(total, offset + limit); i++) hits.push(fakeHit(i));
        const res: SearchResults = { total, took_ms: 12, offset, hits };
        if (call.options.facets) res.facets = FACETS;
        return res;
      }
      case 'decide_many': {
        const dry = args.dryRun === true;
        return {
          dry_run: dry,
          selected: 6,
          changed: 5,
          unchanged: 0,
          refused: [{ doc_id: 9, reason: 'record 9 is not assigned to bo' }],
          event: dry ? null : 77,
        };
      }
      case 'search_ids': {
        // Every hit, in record order (the loaded ones come first in the sequence anyway).
        const total = opts.totals?.[String(args.query)] ?? TOTAL;
        return Array.from({ length: total }, (_, i) => total - i);
      }
      case 'undo_bulk':
        return { dry_run: false, selected: 5, changed: 5, unchanged: 0, refused: [], event: 78 };
      case 'saved_searches':
        return b.saved;
      case 'highlight_terms':
        return b.highlights;
      case 'set_highlight_terms':
        b.highlights = [...new Set((args.terms as string[]).map((t) => t.trim()).filter((t) => t !== ''))];
        return b.highlights;
      case 'save_search': {
        const s: SavedSearch = {
          name: String(args.name),
          query: String(args.query),
          saved_by: 'bo',
          saved_at: '2026-11-16T10:00:00Z',
        };
        b.saved = [...b.saved.filter((x) => x.name !== s.name), s];
        return s;
      }
      case 'delete_saved_search':
        b.saved = b.saved.filter((x) => x.name !== args.name);
        return null;
      case 'term_report': {
        const terms = args.terms as string[];
        const report: TermReport = {
          request: 'PRA-1',
          terms: terms.map((term, i) => ({ term, hits: 1000 * (i + 1), with_families: 1500 * (i + 1), unique: 10 + i })),
          any: { hits: 2500, with_families: 3200 },
          took_ms: 7,
        };
        return report;
      }
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return b;
}

function hitsBox(): HTMLElement {
  const el = document.querySelector<HTMLElement>('.hits');
  if (el === null) throw new Error('no results list');
  return el;
}

function renderedIds(): number[] {
  return [...document.querySelectorAll<HTMLElement>('.hit[data-doc-id]')].map((e) => Number(e.dataset.docId));
}

async function search(query: string) {
  fireEvent.change(screen.getByLabelText('Search'), { target: { value: query } });
  fireEvent.keyDown(screen.getByLabelText('Search'), { key: 'Enter' });
  await vi.waitFor(() => expect(document.querySelector('.search-total')).not.toBeNull());
}

function setup(b?: Partial<Parameters<typeof backend>[0]>, mayEditHighlights = false) {
  const ipc = backend(b);
  const open = vi.fn();
  render(<SearchScreen reference="PRA-1" onOpenRecord={open} mayEditHighlights={mayEditHighlights} />);
  return { ipc, open };
}

describe('SearchScreen', () => {
  it('searches and shows the total, the time and a window of the hits', async () => {
    const { ipc } = setup();
    await search('permit');

    expect(document.querySelector('.search-total')?.textContent).toBe('100,000 records · 12 ms');
    expect(ipc.searches[0]).toEqual({
      reference: 'PRA-1',
      query: 'permit',
      options: { limit: 100, offset: 0, sort: 'relevance', fold: false, facets: true },
    });
    const list = screen.getByRole('listbox', { name: 'Results' });
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${TOTAL * ROW_HEIGHT}px`);
    const rows = document.querySelectorAll('.hit');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThanOrEqual(MAX_ROWS);
    expect(renderedIds()[0]).toBe(1);

    const second = within(document.querySelector<HTMLElement>('.hit[data-doc-id="2"]')!);
    // No title: the file name.
    expect(second.getByText('message-2.eml')).toBeTruthy();
    expect(second.getByText('ann lee')).toBeTruthy();
    expect(second.getByText('2025-03-14 10:30')).toBeTruthy();
    expect(second.getByText('email')).toBeTruthy();
    expect(second.getByText('permit').tagName).toBe('MARK');
    expect(ipc.searches).toHaveLength(1);
  });

  it('runs from the button with the chosen sort and folding', async () => {
    const { ipc } = setup();
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'newest' } });
    fireEvent.click(screen.getByLabelText('One per original'));
    expect(ipc.searches).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'fees' } });
    fireEvent.click(document.getElementById('search-run')!);
    await vi.waitFor(() => expect(document.querySelector('.search-total')).not.toBeNull());
    expect(ipc.searches[0]?.options).toMatchObject({ sort: 'newest', fold: true, offset: 0 });

    // Changing the sort reruns the search.
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'oldest' } });
    await vi.waitFor(() => expect(ipc.searches).toHaveLength(2));
    expect(ipc.searches[1]).toMatchObject({ query: 'fees', options: { sort: 'oldest', fold: true } });
  });

  it('fetches the page that scrolls into view, once', async () => {
    const { ipc } = setup();
    await search('permit');
    const list = hitsBox();

    act(() => {
      list.scrollTop = 50_000 * ROW_HEIGHT;
      fireEvent.scroll(list);
    });
    await vi.waitFor(() => expect(renderedIds()).toContain(50_001));
    const offsets = ipc.searches.map((s) => s.options.offset);
    expect(offsets).toContain(50_000);
    // The overscan above reaches into the page before.
    expect(offsets).toEqual([0, 49_900, 50_000]);
    for (const s of ipc.searches.slice(1)) {
      expect(s.options).toMatchObject({ limit: 100, facets: false, sort: 'relevance', fold: false });
      expect(s.query).toBe('permit');
    }
    expect(document.querySelectorAll('.hit').length).toBeLessThanOrEqual(MAX_ROWS);
    expect(renderedIds()).not.toContain(1);

    // A little further: the pages are cached.
    act(() => {
      list.scrollTop = 50_000 * ROW_HEIGHT + 200;
      fireEvent.scroll(list);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(ipc.searches).toHaveLength(3);
  });

  it('asks for two pages at a time while the list scrolls, then for the rows in view', async () => {
    const gates: (() => void)[] = [];
    const { ipc } = setup({
      search: (call) => {
        if (call.options.offset === 0) return undefined;
        const hits = Array.from({ length: 100 }, (_, k) => fakeHit(call.options.offset + k));
        return new Promise<SearchResults>((answer) =>
          gates.push(() => answer({ total: TOTAL, took_ms: 3, offset: call.options.offset, hits })),
        );
      },
    });
    await search('permit');
    const list = hitsBox();
    for (const row of [10_000, 20_000, 30_000, 40_000, 50_000]) {
      act(() => {
        list.scrollTop = row * ROW_HEIGHT;
        fireEvent.scroll(list);
      });
    }
    const asked = () => ipc.searches.slice(1).map((s) => s.options.offset);
    await vi.waitFor(() => expect(asked()).toEqual([9_900, 10_000]));
    await new Promise((r) => setTimeout(r, 20));
    expect(asked()).toHaveLength(2);
    // As answers come, what is asked next is what is in view now: the pages passed never.
    await vi.waitFor(async () => {
      await act(async () => {
        for (const g of gates.splice(0)) g();
        await Promise.resolve();
      });
      expect(renderedIds()).toContain(50_001);
    });
    expect(asked()).toEqual([9_900, 10_000, 49_900, 50_000]);
  });

  it('shows placeholders until a page arrives', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    setup({
      search: (call) => {
        if (call.options.offset === 0) return undefined;
        const hits = Array.from({ length: 100 }, (_, k) => fakeHit(call.options.offset + k));
        return gate.then(() => ({ total: TOTAL, took_ms: 3, offset: call.options.offset, hits }));
      },
    });
    await search('permit');
    act(() => {
      hitsBox().scrollTop = 20_000 * ROW_HEIGHT;
      fireEvent.scroll(hitsBox());
    });
    expect(document.querySelectorAll('.hit.placeholder').length).toBeGreaterThan(0);
    expect(renderedIds()).toEqual([]);
    await act(async () => {
      release();
      await gate;
    });
    await vi.waitFor(() => expect(renderedIds()).toContain(20_001));
    expect(document.querySelectorAll('.hit.placeholder')).toHaveLength(0);
  });

  it('discards the answer to a superseded query', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    setup({
      totals: { slow: 5, fast: 3 },
      search: (call) =>
        call.query === 'slow'
          ? gate.then(() => ({ total: 5, took_ms: 900, offset: 0, hits: [fakeHit(0)] }))
          : undefined,
    });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'slow' } });
    fireEvent.keyDown(screen.getByLabelText('Search'), { key: 'Enter' });
    await search('fast');
    expect(document.querySelector('.search-total')?.textContent).toBe('3 records · 12 ms');
    await act(async () => {
      release();
      await gate;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(document.querySelector('.search-total')?.textContent).toBe('3 records · 12 ms');
    expect(renderedIds()).toEqual([1, 2, 3]);
  });

  it('shows snippet markup as text, with the matched words marked', async () => {
    setup();
    await search('img');
    const row = document.querySelector<HTMLElement>('.hit[data-doc-id="1"]')!;
    expect(row.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    const snippet = row.querySelector('.hit-snippet')!;
    expect(snippet.textContent).toBe(`before ${EVIL} ${EVIL} after`);
    const marks = snippet.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]?.textContent).toBe(EVIL);
    expect(marks[0]?.children).toHaveLength(0);
    // Who sent it, as text.
    expect(row.querySelector('.hit-from')?.textContent).toBe('Ann Lee <ann@city.example>');
    expect(document.querySelector('.hit[data-doc-id="2"] .hit-from')).toBeNull();
  });

  it('narrows the query by a facet and reruns it', async () => {
    const { ipc } = setup();
    await search('permit OR fees');
    const facets = screen.getByRole('navigation', { name: 'Narrow the results' });
    expect(within(facets).getByText('60,000')).toBeTruthy();

    fireEvent.click(within(facets).getByRole('button', { name: 'ann lee 60,000' }));
    const refined = '(permit OR fees) custodian:"ann lee"';
    await vi.waitFor(() => expect(ipc.searches.at(-1)?.query).toBe(refined));
    expect(ipc.searches.at(-1)?.options).toMatchObject({ offset: 0, facets: true });
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe(refined);

    await vi.waitFor(() => expect(document.querySelector('.search-query')?.textContent).toBe(refined));
    fireEvent.click(within(facets).getByRole('button', { name: '2025-03 100,000' }));
    await vi.waitFor(() => expect(ipc.searches.at(-1)?.query).toBe(`${refined} date:2025-03`));
    await vi.waitFor(() => expect(document.querySelector('.search-query')?.textContent).toBe(`${refined} date:2025-03`));
    fireEvent.click(document.querySelector('button.facet[data-facet="exemption"]')!);
    await vi.waitFor(() =>
      expect(ipc.searches.at(-1)?.query).toBe(`${refined} date:2025-03 exemption:"Gov. Code 7927.500"`),
    );
  });

  it("shows the core's error", async () => {
    setup({
      search: (call) => {
        if (call.query.includes('(')) {
          throw { code: 'Invalid', message: 'the query does not parse at column 12: this parenthesis is not closed' };
        }
        return undefined;
      },
    });
    await search('permit');
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'permit AND (fees' } });
    fireEvent.keyDown(screen.getByLabelText('Search'), { key: 'Enter' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('the query does not parse at column 12: this parenthesis is not closed');
    expect(alert.className).toBe('form-error');
    // The results of the earlier query are gone, not left to be mistaken for these.
    expect(document.querySelector('.search-total')).toBeNull();
    expect(document.querySelector('.hits')).toBeNull();
  });

  it('opens a hit with every hit as the sequence, by click and by keyboard', async () => {
    const { open, ipc } = setup({ totals: { permit: 250 } });
    await search('permit');
    // The hits on screen in their order (the first page of 100), then every other hit in the
    // order the core lists them.
    const order = [
      ...Array.from({ length: 100 }, (_, i) => i + 1),
      ...Array.from({ length: 150 }, (_, i) => 250 - i),
    ];
    fireEvent.click(document.querySelector('.hit[data-doc-id="3"]')!);
    await vi.waitFor(() => expect(open).toHaveBeenLastCalledWith(3, order, ['permit'], 'Search: permit'));
    expect(ipc.calls.find((c) => c.cmd === 'search_ids')?.args).toEqual({ reference: 'PRA-1', query: 'permit' });

    const list = screen.getByRole('listbox', { name: 'Results' });
    list.focus();
    fireEvent.keyDown(list, { key: 'Home' });
    expect(list.getAttribute('aria-activedescendant')).toBe('search-hit-0');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(list.getAttribute('aria-activedescendant')).toBe('search-hit-2');
    expect(document.getElementById('search-hit-2')?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    fireEvent.keyDown(list, { key: 'Enter' });
    await vi.waitFor(() => expect(open).toHaveBeenLastCalledWith(2, order, ['permit'], 'Search: permit'));

    // PageDown moves a view's worth and scrolls the active row into view.
    fireEvent.keyDown(list, { key: 'PageDown' });
    const active = Number(list.getAttribute('aria-activedescendant')?.replace('search-hit-', ''));
    expect(active).toBeGreaterThan(5);
    fireEvent.keyDown(list, { key: 'PageUp' });
    expect(list.getAttribute('aria-activedescendant')).toBe('search-hit-1');

    // End goes to the last hit, fetching its page; the sequence then starts with the pages
    // loaded, in their order.
    fireEvent.keyDown(list, { key: 'End' });
    expect(list.scrollTop).toBeGreaterThan(0);
    await vi.waitFor(() => expect(renderedIds()).toContain(250));
    expect(list.getAttribute('aria-activedescendant')).toBe('search-hit-249');
    fireEvent.keyDown(list, { key: 'Enter' });
    await vi.waitFor(() => expect(open.mock.lastCall?.[0]).toBe(250));
    const last = open.mock.lastCall?.[1] as number[];
    expect(last.slice(0, 100)).toEqual(order.slice(0, 100));
    expect([...last].sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('saves, runs and deletes saved searches', async () => {
    const { ipc } = setup({
      saved: [{ name: 'fees', query: 'fee* kind:pdf', saved_by: 'ana', saved_at: '2026-11-01T09:00:00Z' }],
    });
    const item = await screen.findByText('fees');
    expect(item.closest('.saved-search')).not.toBeNull();

    // Run one.
    fireEvent.click(item);
    await vi.waitFor(() => expect(ipc.searches.at(-1)?.query).toBe('fee* kind:pdf'));
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('fee* kind:pdf');

    // Save the query in the box.
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'permit from:lee' } });
    fireEvent.change(screen.getByLabelText('Save this search as'), { target: { value: 'lee permits' } });
    fireEvent.click(document.getElementById('save-search')!);
    expect((await screen.findByRole('status')).textContent).toBe('Search saved as “lee permits”.');
    expect(ipc.calls.find((c) => c.cmd === 'save_search')?.args).toEqual({
      reference: 'PRA-1',
      name: 'lee permits',
      query: 'permit from:lee',
    });
    expect([...document.querySelectorAll('.saved-search')].map((e) => e.getAttribute('data-name'))).toEqual([
      'fees',
      'lee permits',
    ]);

    // Delete one.
    fireEvent.click(screen.getByRole('button', { name: 'Delete saved search fees' }));
    await vi.waitFor(() => expect(document.querySelectorAll('.saved-search')).toHaveLength(1));
    expect(ipc.calls.find((c) => c.cmd === 'delete_saved_search')?.args).toEqual({ reference: 'PRA-1', name: 'fees' });
    expect(ipc.searches.filter((s) => s.query === 'fee* kind:pdf')).toHaveLength(1);
  });

  it('renders a term report with its totals', async () => {
    const { ipc } = setup();
    fireEvent.change(screen.getByLabelText('Terms, one a line'), {
      target: { value: 'permit\n\n# skipped\n"fee schedule"~3\n' },
    });
    fireEvent.click(document.getElementById('term-run')!);
    const table = await screen.findByRole('table');
    expect(ipc.calls.find((c) => c.cmd === 'term_report')?.args).toEqual({
      reference: 'PRA-1',
      terms: ['permit', '"fee schedule"~3'],
    });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Term', 'Hits', 'With families', 'Unique'],
      ['permit', '1,000', '1,500', '10'],
      ['"fee schedule"~3', '2,000', '3,000', '11'],
      ['Any term', '2,500', '3,200', '—'],
    ]);
  });

  it('decides every hit after saying what it would change, and undoes it as one step', async () => {
    const { ipc } = setup({ totals: { 'from:newsletter': 6 } });
    await search('from:newsletter');
    fireEvent.click(screen.getByRole('button', { name: 'Decide all 6 records…' }));
    fireEvent.change(screen.getByLabelText('Decision'), { target: { value: 'not-responsive' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check what it changes' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain(
      'Not responsive would change 5 records of the 6 records of this search (0 already so, 1 left as they are).',
    );
    expect(status.textContent).toContain('Record 9: record 9 is not assigned to bo');
    let decided = ipc.calls.filter((c) => c.cmd === 'decide_many');
    expect(decided).toHaveLength(1);
    expect(decided[0]?.args).toEqual({
      reference: 'PRA-1',
      selection: { kind: 'query', value: 'from:newsletter' },
      change: { kind: 'disposition', value: 'not-responsive' },
      dryRun: true,
    });
    const searchesBefore = ipc.searches.length;
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 5 records' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status').textContent).toContain('Not responsive: changed 5 records in one decision'),
    );
    decided = ipc.calls.filter((c) => c.cmd === 'decide_many');
    expect(decided[1]?.args.dryRun).toBe(false);
    // The results are searched again to show the new decisions.
    await vi.waitFor(() => expect(ipc.searches.length).toBeGreaterThan(searchesBefore));
    fireEvent.click(screen.getByRole('button', { name: 'Undo this decision' }));
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toContain('Undone: 5 records back as they were'));
    expect(ipc.calls.find((c) => c.cmd === 'undo_bulk')?.args).toEqual({ reference: 'PRA-1', event: 77 });
  });

  it('decides the records picked in the hit list (by click or Space), and only those', async () => {
    const { ipc } = setup({ totals: { 'from:newsletter': 6 } });
    await search('from:newsletter');
    const box = (id: number) => screen.getByRole('checkbox', { name: `Pick record ${id}` });
    await vi.waitFor(() => box(1));
    fireEvent.click(box(1));
    expect((box(1) as HTMLInputElement).checked).toBe(true);
    // Space on the active row picks it too, without opening it.
    const list = screen.getByRole('listbox', { name: 'Results' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: ' ' });
    const pickedId = Number(document.querySelector('.hit.active')?.getAttribute('data-doc-id'));
    expect((box(pickedId) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Decide the 2 picked…' }));
    fireEvent.change(document.getElementById('picked-choice')!, { target: { value: 'release' } });
    fireEvent.click(document.getElementById('picked-check')!);
    await vi.waitFor(() => expect(ipc.calls.filter((c) => c.cmd === 'decide_many')).toHaveLength(1));
    expect(ipc.calls.find((c) => c.cmd === 'decide_many')?.args).toEqual({
      reference: 'PRA-1',
      selection: { kind: 'ids', value: [1, pickedId] },
      change: { kind: 'disposition', value: 'release' },
      dryRun: true,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Clear the picks' }));
    expect((box(1) as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByRole('button', { name: 'Decide the 2 picked…' })).toBeNull();
  });

  it("shows the request's highlight set, and lets an officer replace it", async () => {
    const { ipc } = setup({}, true);
    const box = await screen.findByRole('region', { name: 'Highlight set' });
    await within(box).findByText('Dana Reyes');
    fireEvent.click(within(box).getByRole('button', { name: 'Edit the terms' }));
    fireEvent.change(within(box).getByLabelText('Terms, one a line'), { target: { value: 'Dana Reyes\n\nElm Street\n' } });
    fireEvent.click(within(box).getByRole('button', { name: 'Save' }));
    await within(box).findByText('Highlight set saved: 2 terms.');
    expect(ipc.calls.find((c) => c.cmd === 'set_highlight_terms')?.args).toEqual({
      reference: 'PRA-1',
      terms: ['Dana Reyes', '', 'Elm Street', ''],
    });
    expect([...box.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Dana Reyes', 'Elm Street']);
  });

  it('shows the highlight set to a clerk without a way to change it', async () => {
    setup();
    const box = await screen.findByRole('region', { name: 'Highlight set' });
    await within(box).findByText('Dana Reyes');
    expect(within(box).queryByRole('button', { name: 'Edit the terms' })).toBeNull();
  });

  it('keeps to inclusive messages with one tick, and back', async () => {
    const { ipc } = setup();
    await search('budget');
    const tick = screen.getByLabelText('Inclusive messages only') as HTMLInputElement;
    expect(tick.checked).toBe(false);
    fireEvent.click(tick);
    await vi.waitFor(() => expect(ipc.searches.at(-1)?.query).toBe('budget inclusive:yes'));
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('budget inclusive:yes');
    expect(tick.checked).toBe(true);
    fireEvent.click(tick);
    await vi.waitFor(() => expect(ipc.searches.at(-1)?.query).toBe('budget'));
  });

  it('shows the syntax help on demand', () => {
    setup();
    const toggle = screen.getByRole('button', { name: 'Syntax' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const help = screen.getByRole('region', { name: 'Query syntax' });
    expect(within(help).getByText('date:[2025-01-01 TO 2025-03-31]')).toBeTruthy();
    expect(within(help).getByText('lathrop~1')).toBeTruthy();
    fireEvent.click(toggle);
    expect(screen.queryByRole('region', { name: 'Query syntax' })).toBeNull();
  });

  it('labels every control', () => {
    setup();
    for (const el of document.querySelectorAll<HTMLElement>('input, select, textarea')) {
      expect(el.id, el.outerHTML).not.toBe('');
      expect(document.querySelector(`label[for="${el.id}"]`), el.outerHTML).not.toBeNull();
    }
  });
});
