import { describe, expect, it } from 'vitest';
import type { DetectorKind, RedactionOrigin, RedactionRow } from '../api';
import { proposalGroups, sortProposals } from './proposals';

function proposal(id: number, origin: RedactionOrigin, kind: DetectorKind | null, score: number | null = null): RedactionRow {
  return {
    id,
    record_id: 1,
    anchor: 'text',
    start_char: id,
    end_char: id + 1,
    page_no: null,
    x0: null,
    y0: null,
    x1: null,
    y1: null,
    code: '7927.700',
    label: 'Privacy',
    note: null,
    origin,
    kind,
    score,
    state: 'proposed',
    created_by: 'bo',
    created_at: '2026-11-29T10:00:00Z',
  };
}

describe('proposalGroups', () => {
  it('groups the detectors by detector and the rest by how they were made', () => {
    const groups = proposalGroups([
      proposal(1, 'detector', 'phone'),
      proposal(2, 'pattern', null),
      proposal(3, 'detector', 'phone'),
      proposal(4, 'detector', 'email'),
      proposal(5, 'pattern', null),
    ]);
    expect(groups).toEqual([
      { group: { origin: 'detector', kind: 'phone' }, count: 2 },
      { group: { origin: 'pattern', kind: null }, count: 2 },
      { group: { origin: 'detector', kind: 'email' }, count: 1 },
    ]);
  });
});

describe('sortProposals', () => {
  const list = [
    proposal(1, 'detector', 'person', 0.55),
    proposal(2, 'pattern', null),
    proposal(3, 'detector', 'phone', 0.9),
    proposal(4, 'detector', 'email', 0.9),
  ];
  it('puts the surest first, ties in text order, proposals without a score last', () => {
    expect(sortProposals(list, true).map((p) => p.id)).toEqual([3, 4, 1, 2]);
  });
  it('keeps text order when asked', () => {
    expect(sortProposals([...list].reverse(), false).map((p) => p.id)).toEqual([1, 2, 3, 4]);
  });
});
