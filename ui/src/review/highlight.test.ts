import { describe, expect, it } from 'vitest';
import { splitByTerms, termsOf } from './highlight';

describe('highlight', () => {
  it('takes the words and phrases of a query, not its filters, operators or exclusions', () => {
    expect(termsOf('permit* "building fees" subject:oak kind:pdf -draft OR lathrop~1 NOT memo')).toEqual([
      'permit',
      'building fees',
      'oak',
      'lathrop',
    ]);
    expect(termsOf('inclusive:yes thread:12 date:2025-03')).toEqual([]);
  });

  it('marks words from their start (as the stemmed search finds them) and phrases across lines', () => {
    const runs = splitByTerms('Permits and the permit fee; Building\nfees are due. Unpermitted.', ['permit', 'building fees']);
    expect(runs.filter((r) => r.hit).map((r) => r.text)).toEqual(['Permits', 'permit', 'Building\nfees']);
    expect(runs.map((r) => r.text).join('')).toBe('Permits and the permit fee; Building\nfees are due. Unpermitted.');
    expect(runs[2]?.at).toBe(16);
  });

  it('leaves text alone without terms', () => {
    expect(splitByTerms('abc', [])).toEqual([{ text: 'abc', hit: false, at: 0 }]);
  });
});
