import { describe, expect, it } from 'vitest';
import { recordSummary } from '../testing';
import { extendIndex, familyOf, indexRecords, nextUndecidedIn, similarTo, summaryOf, withDecision } from './recordIndex';

/** The list's usual record (testing.ts), under a short name. */
const rec = recordSummary;

const list = [
  rec(1),
  rec(2, { parent: 1 }),
  rec(3, { duplicate_of: 1, disposition: 'release' }),
  rec(4, { near_dup_group: 4 }),
  rec(5, { near_dup_group: 4, disposition: 'release' }),
  rec(6, { near_dup_group: 4 }),
];

describe('the review screen’s record index', () => {
  it('finds a record’s family and near-duplicates as a pass over the list would', () => {
    const index = indexRecords(list);
    const none = new Map();
    expect(familyOf(index, none, 1, null).map((r) => r.id)).toEqual([2, 3]);
    expect(familyOf(index, none, 2, null).map((r) => r.id)).toEqual([1]);
    expect(familyOf(index, none, 3, 1).map((r) => r.id)).toEqual([1]);
    expect(similarTo(index, none, summaryOf(index, none, 5)).map((r) => r.id)).toEqual([4, 6]);
    expect(similarTo(index, none, summaryOf(index, none, 1))).toEqual([]);
    expect(familyOf(null, none, 1, null)).toEqual([]);
  });

  it('answers the same when the list is read a chunk at a time', () => {
    const whole = indexRecords(list);
    let chunked = extendIndex(null, list.slice(0, 2));
    const first = chunked;
    chunked = extendIndex(chunked, list.slice(2, 5));
    chunked = extendIndex(chunked, list.slice(5));
    expect(chunked).not.toBe(first);
    expect(chunked.records.map((r) => r.id)).toEqual(whole.records.map((r) => r.id));
    const none = new Map();
    for (const id of [1, 2, 3, 5]) {
      const dup = summaryOf(whole, none, id)?.duplicate_of ?? null;
      expect(familyOf(chunked, none, id, dup)).toEqual(familyOf(whole, none, id, dup));
      expect(similarTo(chunked, none, summaryOf(chunked, none, id))).toEqual(
        similarTo(whole, none, summaryOf(whole, none, id)),
      );
    }
    // A record attached to one from an earlier chunk is found from either side.
    expect(familyOf(chunked, none, 1, null).map((r) => r.id)).toEqual([2, 3]);
  });

  it('keeps decisions made since apart, and the same map when nothing changed', () => {
    const index = indexRecords(list);
    const none = new Map();
    expect(withDecision(index, none, 3, { disposition: 'release', review_status: 'unreviewed' })).toBe(none);
    const d = withDecision(index, none, 1, { disposition: 'withhold', review_status: 'in-review' });
    expect(d).not.toBe(none);
    expect(summaryOf(index, d, 1)).toMatchObject({ id: 1, disposition: 'withhold', review_status: 'in-review' });
    // The list itself is left as it was read.
    expect(list[0]?.disposition).toBeNull();
    expect(familyOf(index, d, 2, null)[0]?.disposition).toBe('withhold');
  });

  it('goes to the next record without a disposition, counting records not listed as undecided', () => {
    const index = indexRecords(list);
    const none = new Map();
    expect(nextUndecidedIn(index, none, [1, 2, 3, 4, 5, 6], 1)).toBe(4);
    expect(nextUndecidedIn(index, none, [3, 5], 0)).toBeUndefined();
    expect(nextUndecidedIn(index, none, [3, 99], 0)).toBe(99);
    const d = withDecision(index, none, 4, { disposition: 'release', review_status: 'unreviewed' });
    expect(nextUndecidedIn(index, d, [1, 2, 3, 4, 5, 6], 2)).toBe(6);
  });
});
