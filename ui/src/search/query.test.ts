import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../api';
import { HitPages } from './hitPages';
import { listWindow, MAX_ROWS, MAX_SCROLL_PX, ROW_HEIGHT, scrollFor } from './HitList';
import {
  addFilter,
  facetFilter,
  fileName,
  hasTopLevelOr,
  queryValue,
  shortDate,
  splitSnippet,
  termLines,
} from './query';

describe('splitSnippet', () => {
  it('marks the words between « and »', () => {
    expect(splitSnippet('the «permit» fees for «Main St» were')).toEqual([
      { text: 'the ', mark: false },
      { text: 'permit', mark: true },
      { text: ' fees for ', mark: false },
      { text: 'Main St', mark: true },
      { text: ' were', mark: false },
    ]);
  });

  it('keeps markup as text', () => {
    expect(splitSnippet('<img src=x onerror=alert(1)> «<b>»')).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mark: false },
      { text: '<b>', mark: true },
    ]);
  });

  it('keeps stray guillemets of the record as text', () => {
    expect(splitSnippet('a » b')).toEqual([{ text: 'a » b', mark: false }]);
    expect(splitSnippet('open «never closed')).toEqual([{ text: 'open «never closed', mark: false }]);
    expect(splitSnippet('')).toEqual([]);
    expect(splitSnippet('«»x')).toEqual([{ text: 'x', mark: false }]);
  });
});

describe('facet filters', () => {
  it('writes each facet as its field', () => {
    expect(facetFilter('custodian', 'ann lee')).toBe('custodian:"ann lee"');
    expect(facetFilter('custodian', 'lee')).toBe('custodian:"lee"');
    expect(facetFilter('kind', 'pdf')).toBe('kind:pdf');
    expect(facetFilter('month', '2025-03')).toBe('date:2025-03');
    expect(facetFilter('disposition', 'not-responsive')).toBe('disposition:not-responsive');
    expect(facetFilter('status', 'in-review')).toBe('status:in-review');
    expect(facetFilter('exemption', '7927.500')).toBe('exemption:7927.500');
  });

  it('quotes values with spaces or punctuation other than - and .', () => {
    expect(queryValue('Gov. Code §7928.300')).toBe('"Gov. Code §7928.300"');
    expect(queryValue('a/b')).toBe('"a/b"');
    expect(queryValue('x*')).toBe('"x*"');
    expect(queryValue('OR')).toBe('"OR"');
    expect(queryValue('café')).toBe('café');
    expect(queryValue('ann "the boss" lee')).toBe('"ann "*');
    expect(queryValue('"x')).toBeNull();
    expect(queryValue('  ')).toBeNull();
  });

  it('adds a filter to a query, grouping a top-level OR', () => {
    expect(addFilter('', 'kind:pdf')).toBe('kind:pdf');
    expect(addFilter(' permit ', 'kind:pdf')).toBe('permit kind:pdf');
    expect(addFilter('permit OR fees', 'kind:pdf')).toBe('(permit OR fees) kind:pdf');
    expect(addFilter('(permit OR fees) kind:pdf', 'kind:pdf')).toBe('(permit OR fees) kind:pdf');
    expect(addFilter('"permit OR fees"', 'kind:pdf')).toBe('"permit OR fees" kind:pdf');
    expect(addFilter('permit custodian:"ann lee"', 'custodian:"ann lee"')).toBe('permit custodian:"ann lee"');
    expect(addFilter('permit NOT kind:pdf', 'kind:pdf')).toBe('permit NOT kind:pdf kind:pdf');
    expect(addFilter('permit or fees', 'kind:pdf')).toBe('permit or fees kind:pdf');
  });

  it('finds an OR only outside groups and quotes', () => {
    expect(hasTopLevelOr('a OR b')).toBe(true);
    expect(hasTopLevelOr('a OR')).toBe(true);
    expect(hasTopLevelOr('(a OR b) c')).toBe(false);
    expect(hasTopLevelOr('subject:(a OR b)')).toBe(false);
    expect(hasTopLevelOr('"a OR b"')).toBe(false);
    expect(hasTopLevelOr('ORegon')).toBe(false);
    expect(hasTopLevelOr('date:[2025 TO 2026]')).toBe(false);
  });
});

describe('formatting', () => {
  it('names a record by its file', () => {
    expect(fileName('/mail/2025/re permit.eml')).toBe('re permit.eml');
    expect(fileName('C:\\export\\budget.xlsx')).toBe('budget.xlsx');
    expect(fileName('plain')).toBe('plain');
  });

  it('shortens ISO dates', () => {
    expect(shortDate('2025-01-31T19:00:00-08:00')).toBe('2025-01-31 19:00');
    expect(shortDate('2025-01-31')).toBe('2025-01-31');
    expect(shortDate('Tue, 1 Aug 2023')).toBe('Tue, 1 Aug 2023');
  });

  it('reads a term list', () => {
    expect(termLines('permit\n\n# comment\r\n  fees OR license  \n')).toEqual(['permit', 'fees OR license']);
  });
});

describe('listWindow', () => {
  it('renders the rows in view and a few more', () => {
    const w = listWindow(100_000, 0, 600);
    expect(w.spacer).toBe(100_000 * ROW_HEIGHT);
    expect(w.first).toBe(0);
    expect(w.last).toBeLessThan(30);
    const mid = listWindow(100_000, 50_000 * ROW_HEIGHT, 600);
    expect(mid.first).toBeLessThanOrEqual(50_000);
    expect(mid.last).toBeGreaterThanOrEqual(50_000 + 600 / ROW_HEIGHT);
    expect(mid.shift).toBe(0);
  });

  it('never renders more than MAX_ROWS, however tall the view', () => {
    const w = listWindow(100_000, 0, 20_000);
    expect(w.last - w.first + 1).toBe(MAX_ROWS);
  });

  it('handles short and empty lists', () => {
    expect(listWindow(3, 0, 600)).toMatchObject({ first: 0, last: 2, spacer: 3 * ROW_HEIGHT });
    const none = listWindow(0, 0, 600);
    expect(none.last).toBeLessThan(none.first);
  });

  it('maps a list taller than the browser allows onto the scrollbar', () => {
    const total = 1_000_000;
    const w = listWindow(total, MAX_SCROLL_PX - 600, 600);
    expect(w.spacer).toBe(MAX_SCROLL_PX);
    expect(w.last).toBe(total - 1);
    // The last row ends at the bottom of the spacer.
    expect((total - 1) * ROW_HEIGHT + w.shift + ROW_HEIGHT).toBeCloseTo(MAX_SCROLL_PX, 3);
  });

  it('scrolls a row into view only when it is out of it', () => {
    const w = listWindow(1000, 0, 600);
    expect(scrollFor(w, 2, 600)).toBeNull();
    expect(scrollFor(w, 20, 600)).toBe(21 * ROW_HEIGHT - 600);
    const down = listWindow(1000, 5000, 600);
    expect(scrollFor(down, 10, 600)).toBe(10 * ROW_HEIGHT);
  });
});

describe('HitPages', () => {
  const hit = (doc_id: number): SearchHit => ({
    doc_id,
    path: `/r/${doc_id}`,
    kind: 'text',
    title: null,
    date: null,
    custodian: null,
    from: null,
    disposition: null,
    score: 1,
    copies: 1,
    snippet: '',
  });

  it('asks for each page once and lists loaded ids in order', () => {
    const p = new HitPages(10);
    expect(p.missing(5, 25)).toEqual([0, 1, 2]);
    expect(p.begin(1)).toBe(true);
    expect(p.begin(1)).toBe(false);
    expect(p.missing(5, 25)).toEqual([0, 2]);
    p.put(2, [hit(21), hit(22)]);
    p.put(1, [hit(11)]);
    p.fail(0);
    expect(p.missing(0, 29)).toEqual([]);
    expect(p.get(10)?.doc_id).toBe(11);
    expect(p.get(12)).toBeNull();
    expect(p.get(35)).toBeUndefined();
    expect(p.loadedIds()).toEqual([11, 21, 22]);
  });
});
