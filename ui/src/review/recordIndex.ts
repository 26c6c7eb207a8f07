// The request's records as the review screen looks them up: indexed once each time the list
// is read (a request can hold half a million records: a pass over all of them on every step
// to the next record costs more than the step's budget), with the decisions made since kept
// apart so that a decision does not rebuild the index.
import type { RecordSummary } from '../api';

/** What a decision made on this screen changes in a record's summary. */
export type Decided = Pick<RecordSummary, 'disposition' | 'review_status'>;

export interface RecordIndex {
  records: readonly RecordSummary[];
  /** Where each record is in `records`. */
  at: ReadonlyMap<number, number>;
  /** Records by the record they are attached to (`parent`), by the original they copy
   * (`duplicate_of`) and by near-duplicate group, in list order. */
  children: ReadonlyMap<number, readonly number[]>;
  copies: ReadonlyMap<number, readonly number[]>;
  groups: ReadonlyMap<number, readonly number[]>;
}

function push(m: Map<number, number[]>, key: number, id: number) {
  const list = m.get(key);
  if (list === undefined) m.set(key, [id]);
  else list.push(id);
}

export function indexRecords(records: readonly RecordSummary[]): RecordIndex {
  return extendIndex(null, records);
}

/** The index of `index`'s records followed by `more` (the next chunk of a list read a chunk
 * at a time). Its maps and list are extended in place, in time proportional to `more`, and
 * returned in a new object, so that what was computed from the old one is computed again:
 * the old object must not be used afterwards. */
export function extendIndex(index: RecordIndex | null, more: readonly RecordSummary[]): RecordIndex {
  const records = (index?.records ?? []) as RecordSummary[];
  const at = (index?.at ?? new Map()) as Map<number, number>;
  const children = (index?.children ?? new Map()) as Map<number, number[]>;
  const copies = (index?.copies ?? new Map()) as Map<number, number[]>;
  const groups = (index?.groups ?? new Map()) as Map<number, number[]>;
  for (const r of more) {
    at.set(r.id, records.length);
    records.push(r);
    if (r.parent !== null) push(children, r.parent, r.id);
    if (r.duplicate_of !== null) push(copies, r.duplicate_of, r.id);
    if (r.near_dup_group !== null) push(groups, r.near_dup_group, r.id);
  }
  return { records, at, children, copies, groups };
}

/** A record's summary as it is now: the list's, with any decision made here since. */
export function summaryOf(
  index: RecordIndex | null,
  decided: ReadonlyMap<number, Decided>,
  id: number,
): RecordSummary | undefined {
  if (index === null) return undefined;
  const i = index.at.get(id);
  if (i === undefined) return undefined;
  const r = index.records[i] as RecordSummary;
  const d = decided.get(id);
  return d === undefined ? r : { ...r, ...d };
}

/** `decided` with the record's decision as the core now has it; the same map when nothing
 * changed (so that nothing re-renders for it). */
export function withDecision(
  index: RecordIndex | null,
  decided: ReadonlyMap<number, Decided>,
  id: number,
  now: Decided,
): ReadonlyMap<number, Decided> {
  const was = summaryOf(index, decided, id);
  if (was === undefined) return decided;
  if (was.disposition === now.disposition && was.review_status === now.review_status) return decided;
  const next = new Map(decided);
  next.set(id, { disposition: now.disposition, review_status: now.review_status });
  return next;
}

/** The records attached to `id`, its attachments, its copies, the record it copies and
 * the one it is attached to, in list order. */
export function familyOf(
  index: RecordIndex | null,
  decided: ReadonlyMap<number, Decided>,
  id: number,
  duplicateOf: number | null,
): RecordSummary[] {
  if (index === null) return [];
  const ids = new Set<number>([...(index.children.get(id) ?? []), ...(index.copies.get(id) ?? [])]);
  const parent = summaryOf(index, decided, id)?.parent ?? null;
  if (parent !== null) ids.add(parent);
  if (duplicateOf !== null) ids.add(duplicateOf);
  ids.delete(id);
  return [...ids]
    .filter((i) => index.at.has(i))
    .sort((a, b) => (index.at.get(a) ?? 0) - (index.at.get(b) ?? 0))
    .map((i) => summaryOf(index, decided, i) as RecordSummary);
}

/** The other members of the record's near-duplicate group, in list order. */
export function similarTo(
  index: RecordIndex | null,
  decided: ReadonlyMap<number, Decided>,
  summary: RecordSummary | undefined,
): RecordSummary[] {
  if (index === null || summary === undefined || summary.near_dup_group === null) return [];
  return (index.groups.get(summary.near_dup_group) ?? [])
    .filter((i) => i !== summary.id)
    .map((i) => summaryOf(index, decided, i) as RecordSummary);
}

/** The first record after `position` in `sequence` without a disposition (records not in the
 * list count as undecided). */
export function nextUndecidedIn(
  index: RecordIndex | null,
  decided: ReadonlyMap<number, Decided>,
  sequence: readonly number[],
  position: number,
): number | undefined {
  for (let i = position + 1; i < sequence.length; i++) {
    const id = sequence[i] as number;
    const s = summaryOf(index, decided, id);
    if (s === undefined || s.disposition === null) return id;
  }
  return undefined;
}
