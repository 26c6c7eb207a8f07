import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  api,
  type DetectorKind,
  type Disposition,
  type Exemption,
  type RedactionRow,
  type ReviewPair,
  type SessionUser,
  toApiError,
} from '../api';
import { BulkDecision } from '../search/BulkDecision';
import { Conversation } from './Conversation';
import { NearDupCompare } from './NearDupCompare';
import { ExemptionPicker } from './ExemptionPicker';
import { noteUsed, ordered, recentCodes } from './exemptions';
import { pageUrl, dpiFor } from './pageCache';
import { PageView, type Rect } from './PageView';
import { RecordList } from './RecordList';
import {
  type Decided,
  extendIndex,
  familyOf,
  type RecordIndex,
  nextUndecidedIn,
  similarTo,
  summaryOf,
  withDecision,
} from './recordIndex';
import { commandOf, type Command, SHORTCUTS, typingIn } from './shortcuts';
import { Offsets, selectChars, selectionIn, type TextMark, trimmed } from './text';
import { ReleaseText, TextPane } from './TextPane';
import { DETECTORS, REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '../words';
import { type ProposalGroup, proposalGroups, sortProposals } from './proposals';
import './review.css';
import { recordedAt } from '../time';

const DISPOSITIONS: { value: Disposition; label: string; key: string }[] = [
  { value: 'release', label: 'Release', key: '1' },
  { value: 'redact', label: 'Release with redactions', key: '2' },
  { value: 'withhold', label: 'Withhold', key: '3' },
  { value: 'not-responsive', label: 'Not responsive', key: '4' },
];

interface Props {
  reference: string;
  user: SessionUser;
  recordId?: number;
  /** The order to go through records in (search hits), else the request's records. */
  order?: number[];
  /** The words of the search that opened the review, marked in both panes. */
  terms?: string[];
  /** What `order` is ("Search: permit*", "Batch 3"): the list's title. */
  source?: string;
  onRecordChange: (id: number) => void;
  /** Review `ids` in order from record `id` (a conversation, a near-duplicate group), or
   * with `ids` undefined every record of the request from `id`. */
  onOpenSequence?: (id: number, ids?: number[], label?: string) => void;
}

/** Recently read records, so that next/previous shows them at once (then reads them again:
 * someone else may have changed them). Cleared on any change made here. */
const pairs = new Map<string, ReviewPair>();
const pairKey = (reference: string, id: number) => `${reference}/${id}`;

/** Records asked for at once when a request's list is read: at 500,000 records the whole
 * list is 235 MB of JSON, seconds in the core and a frozen window while it is parsed; a
 * chunk of this many is ~5 MB and one short frame (BENCHMARKS.md, "The window at 500,000"). */
export const LIST_CHUNK = 10_000;

/** The redactions made on the review screen that Undo takes back, newest last, per request:
 * kept while the clerk looks at another tab or request, forgotten at sign-out. */
const undoStacks = new Map<string, number[]>();

/** Forgets every record read and every undo (tests; a new sign-in). */
export function forgetReadRecords() {
  pairs.clear();
  undoStacks.clear();
}

function excerpt(text: string, offsets: Offsets, r: RedactionRow): string {
  if (r.start_char === null || r.end_char === null) {
    return r.page_no === null ? '(area)' : `(box on page ${r.page_no})`;
  }
  const s = text.slice(offsets.toUtf16(r.start_char), offsets.toUtf16(r.end_char));
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export function ReviewScreen({
  reference,
  user,
  recordId,
  order,
  terms = [],
  source,
  onRecordChange,
  onOpenSequence,
}: Props) {
  /** The request's records as read so far, indexed as they arrive (a chunk at a time);
   * decisions made here since, apart. Null until the first chunk is in. */
  const [index, setIndex] = useState<RecordIndex | null>(null);
  const records = index?.records ?? null;
  /** More of the list is on its way. */
  const [reading, setReading] = useState(false);
  /** The request `index` was read for. */
  const readFor = useRef<string | null>(null);
  const [decided, setDecided] = useState<ReadonlyMap<number, Decided>>(new Map());
  const indexRef = useRef(index);
  indexRef.current = index;
  const [pair, setPair] = useState<ReviewPair | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exemptions, setExemptions] = useState<Exemption[]>([]);
  const [code, setCode] = useState<string>('');
  /** The detectors "Find personal info" runs: the office's choice (Settings). */
  const [detectors, setDetectors] = useState<DetectorKind[]>(DETECTORS);
  /** Proposals in order of the detectors' confidence (surest first), or of the text. */
  const [byConfidence, setByConfidence] = useState(true);
  /** "Accept all" of a group takes only proposals at least this sure (percent; 0: all). */
  const [minConfidence, setMinConfidence] = useState(0);
  const [selection, setSelection] = useState<[number, number] | null>(null);
  const [drawBoxes, setDrawBoxes] = useState(true);
  const [undo, setUndoState] = useState<number[]>(() => undoStacks.get(reference) ?? []);
  const setUndo = useCallback(
    (change: (u: number[]) => number[]) =>
      setUndoState((u) => {
        const next = change(u);
        undoStacks.set(reference, next);
        return next;
      }),
    [reference],
  );
  const [focused, setFocused] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const [paneWidth, setPaneWidth] = useState(480);
  const [noteDraft, setNoteDraft] = useState('');
  /** A box drawn on a page, grown to the words it touches, shown before it is applied. */
  const [pendingBox, setPendingBox] = useState<{ page: number; rect: Rect } | null>(null);
  /** A near-duplicate shown beside its pivot, differences marked. */
  const [comparing, setComparing] = useState<number | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const exemptionRef = useRef<HTMLInputElement>(null);
  /** The exemption picker has the focus (the text selection is kept meanwhile). */
  const choosingCode = useRef(false);
  const busy = useRef(false);

  const currentId = recordId ?? order?.[0] ?? records?.[0]?.id ?? null;
  // Which record is on screen now: a slow answer for one left behind must not replace it.
  const shown = useRef<number | null>(null);
  shown.current = currentId;
  const sequence = useMemo(
    // On `index`, not `records`: a chunk read later extends the same list in place.
    () => order ?? (index?.records ?? []).map((r) => r.id),
    [order, index],
  );
  const position = useMemo(
    () => (currentId === null ? -1 : sequence.indexOf(currentId)),
    [sequence, currentId],
  );

  // The request's highlight set, marked with the search's words.
  const [highlightSet, setHighlightSet] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    api.highlightTerms(reference).then(
      (t) => {
        if (current) setHighlightSet(t.map((x) => x.toLowerCase()));
      },
      () => {
        if (current) setHighlightSet([]);
      },
    );
    return () => {
      current = false;
    };
  }, [reference]);
  const marked = useMemo(() => [...new Set([...terms, ...highlightSet])], [terms, highlightSet]);

  // The request's records (again after a decision on many of them) and the catalogue, once.
  const [listVersion, setListVersion] = useState(0);
  useEffect(() => {
    let current = true;
    // The first reading of a request's list is shown as it arrives: the first record is on
    // screen with the first chunk. A list read again (after a decision on many records)
    // replaces the one on screen once it is complete.
    const progressive = readFor.current !== reference || indexRef.current === null;
    if (progressive) {
      readFor.current = reference;
      setIndex(null);
    }
    setReading(true);
    let built: RecordIndex | null = null;
    const step = (after: number) => {
      api.listRecords(reference, after, LIST_CHUNK).then(
        (rs) => {
          if (!current) return;
          const first = built === null;
          built = extendIndex(built, rs);
          const last = rs[rs.length - 1];
          const done = rs.length < LIST_CHUNK || last === undefined;
          if (progressive || done) setIndex(built);
          if ((progressive && first) || (!progressive && done)) setDecided(new Map());
          if (done) setReading(false);
          else step(last.id);
        },
        (e: unknown) => {
          if (!current) return;
          setReading(false);
          setError(toApiError(e).message);
        },
      );
    };
    step(0);
    return () => {
      current = false;
    };
  }, [reference, listVersion]);
  useEffect(() => {
    // The default code: the last one used here, else the one the office cites most, else
    // the catalogue's first.
    Promise.all([api.exemptions(), api.exemptionsByUse().catch(() => [] as string[])])
      .then(([all, byUse]) => {
        setExemptions(all);
        const { recent, rest } = ordered(all, recentCodes());
        const most = byUse.map((c) => rest.find((e) => e.code === c)).find((e) => e !== undefined);
        setCode((c) => c || (recent[0] ?? most ?? rest[0])?.code || '');
      })
      .catch((e: unknown) => setError(toApiError(e).message));
    api
      .settings()
      .then((s) => setDetectors(s.detectors.filter((d) => d.runs).map((d) => d.kind)))
      .catch(() => undefined);
  }, [reference]);

  // The pane's width decides the pages' size.
  useEffect(() => {
    const el = paneRef.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      const w = Math.floor(el.clientWidth - 24);
      if (w > 100) setPaneWidth((old) => (Math.abs(old - w) > 8 ? w : old));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [pair === null]);

  const load = useCallback(
    async (id: number, fresh: boolean) => {
      const key = pairKey(reference, id);
      const cached = fresh ? undefined : pairs.get(key);
      if (cached !== undefined) setPair(cached);
      else setLoading(true);
      try {
        const p = await api.reviewRecord(reference, id);
        pairs.set(key, p);
        if (pairs.size > 40) {
          const oldest = pairs.keys().next().value;
          if (oldest !== undefined) pairs.delete(oldest);
        }
        if (shown.current !== id) return p;
        setPair(p);
        setError(null);
        // Only a record whose decision changed re-renders the list (never a pass over it).
        setDecided((d) => withDecision(indexRef.current, d, id, p.record));
        return p;
      } catch (e) {
        setError(toApiError(e).message);
        return null;
      } finally {
        setLoading(false);
      }
    },
    [reference],
  );

  useEffect(() => {
    if (currentId === null) return;
    setSelection(null);
    setFocused(null);
    setNotice(null);
    setPendingBox(null);
    void load(currentId, false).then(() => performance.mark('disclose:record-shown'));
  }, [currentId, load]);

  // Read the next record ahead (and its first page), so that "next" is immediate.
  useEffect(() => {
    const next = sequence[position + 1];
    if (pair === null || next === undefined || pairs.has(pairKey(reference, next))) return;
    const t = window.setTimeout(() => {
      api
        .reviewRecord(reference, next)
        .then((p) => {
          pairs.set(pairKey(reference, next), p);
          const first = p.record.pages[0];
          if (first !== undefined) {
            void pageUrl(reference, next, first.page, dpiFor(paneWidth, first.width_pt)).catch(
              () => undefined,
            );
          }
        })
        .catch(() => undefined);
    }, 150);
    return () => window.clearTimeout(t);
  }, [pair, sequence, position, reference, paneWidth]);

  const record = pair?.record ?? null;
  // The note field follows the record shown (and what was saved).
  useEffect(() => {
    setNoteDraft(pair?.record.note ?? '');
  }, [pair?.record.doc_id, pair?.record.note]);
  const release = pair?.release ?? null;
  const offsets = useMemo(() => new Offsets(record?.text ?? ''), [record?.text]);
  const paged = (record?.pages.length ?? 0) > 0;
  const active = (record?.redactions ?? []).filter((r) => r.state === 'applied' || r.state === 'proposed');
  const proposals = sortProposals(
    active.filter((r) => r.state === 'proposed'),
    byConfidence,
  );
  const applied = active.filter((r) => r.state === 'applied');
  const marks: TextMark[] = useMemo(
    () =>
      active
        .filter((r) => r.start_char !== null && r.end_char !== null)
        .map((r) => ({
          id: r.id,
          start: r.start_char ?? 0,
          end: r.end_char ?? 0,
          kind: r.state === 'applied' ? 'applied' : 'proposed',
          label: r.state === 'applied' ? r.label : `${r.kind ?? r.origin} → ${r.label}`,
        })),
    [record],
  );

  // Track the text selection in the original pane.
  useEffect(() => {
    const onChange = () => {
      const el = textRef.current;
      if (el === null || record === null) return;
      const sel = selectionIn(el, window.getSelection());
      if (sel === null) {
        // Choosing the exemption takes the focus: the words chosen stay chosen.
        if (!choosingCode.current) setSelection(null);
        return;
      }
      const chars: [number, number] = [offsets.toChar(sel[0]), offsets.toChar(sel[1])];
      const t = trimmed(Array.from(record.text).slice(chars[0], chars[1]).join(''), 0, chars[1] - chars[0]);
      setSelection(t === null ? null : [chars[0] + t[0], chars[0] + t[1]]);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [record, offsets]);

  const go = useCallback(
    (delta: number) => {
      const next = sequence[position + delta];
      if (next !== undefined) onRecordChange(next);
    },
    [sequence, position, onRecordChange],
  );

  /** The next record of the sequence that has no disposition yet. */
  const nextUndecided = useMemo(
    () => nextUndecidedIn(index, decided, sequence, position),
    [index, decided, sequence, position],
  );

  /** Runs a change, then reads the record again. */
  const act = useCallback(
    async (what: () => Promise<string | null>) => {
      if (busy.current || currentId === null) return;
      busy.current = true;
      setError(null);
      try {
        const message = await what();
        for (const k of [...pairs.keys()]) if (k.startsWith(`${reference}/`)) pairs.delete(k);
        await load(currentId, true);
        if (message !== null) setNotice(message);
      } catch (e) {
        const err = toApiError(e);
        // Someone else changed the record meanwhile (team mode): show it as it is now, with
        // who changed it.
        if (err.code === 'Changed') {
          for (const k of [...pairs.keys()]) if (k.startsWith(`${reference}/`)) pairs.delete(k);
          await load(currentId, true).catch(() => undefined);
        }
        setError(err.message);
      } finally {
        busy.current = false;
      }
    },
    [currentId, load, reference],
  );

  const needCode = (): string => {
    if (code === '') throw new Error('choose an exemption first');
    noteUsed(code);
    return code;
  };

  const redactSelection = () =>
    act(async () => {
      if (currentId === null || selection === null) return 'Select the words to redact first.';
      const c = needCode();
      const r = await api.redactSelection(reference, currentId, selection[0], selection[1], c, record?.version);
      setUndo((u) => [...u, ...r.ids]);
      window.getSelection()?.removeAllRanges();
      setSelection(null);
      return r.redactions === 0 ? 'Already redacted.' : `Redacted under ${c}. Undo: U.`;
    });

  // A drawn box is first grown to cover whole every word it touches (a box through the
  // middle of a line would otherwise leave half of each letter readable), shown, and
  // applied with Enter or the button.
  const snapBox = (page: number, rect: Rect) =>
    act(async () => {
      if (currentId === null) return null;
      const snapped = await api.snapArea(reference, currentId, page, rect);
      setPendingBox({ page, rect: snapped });
      return 'The box covers every word it touches: Enter redacts it, Esc drops it.';
    });

  const applyBox = () =>
    act(async () => {
      if (currentId === null || pendingBox === null) return null;
      const c = needCode();
      const { page, rect } = pendingBox;
      const id = await api.redactArea(reference, currentId, page, rect, c, record?.version);
      setPendingBox(null);
      setUndo((u) => [...u, id]);
      return `Box on page ${page} redacted under ${c}. Undo: U.`;
    });

  const undoLast = () =>
    act(async () => {
      const last = undo[undo.length - 1];
      if (last === undefined) return 'Nothing of yours to undo on this screen.';
      await api.removeRedaction(reference, last);
      setUndo((u) => u.slice(0, -1));
      return 'Redaction undone.';
    });

  const remove = (id: number) =>
    act(async () => {
      await api.removeRedaction(reference, id);
      return 'Redaction removed.';
    });

  const detect = () =>
    act(async () => {
      if (currentId === null) return null;
      if (detectors.length === 0) return 'The office runs no detector by default (Settings).';
      const r = await api.detect(reference, currentId, detectors, needCode());
      return r.redactions === 0
        ? 'No personal information found.'
        : `${r.redactions} proposal${r.redactions === 1 ? '' : 's'} to review.`;
    });

  /** "Find personal info" over the whole request, with how far it has got. */
  const detectAll = () =>
    act(async () => {
      if (detectors.length === 0) return 'The office runs no detector by default (Settings).';
      const r = await api.detect(reference, null, detectors, needCode(), (p) =>
        setNotice(
          `Finding personal info: ${p.searched.toLocaleString()} of ${p.total.toLocaleString()} records searched, ${p.found.toLocaleString()} found…`,
        ),
      );
      return r.redactions === 0
        ? `No new personal information found in ${r.searched.toLocaleString()} records.`
        : `${r.redactions.toLocaleString()} proposal${r.redactions === 1 ? '' : 's'} in ${r.records.toLocaleString()} of ${r.searched.toLocaleString()} records to review.`;
    });

  const decide = (ids: number[], accept: boolean, everywhere = false) =>
    act(async () => {
      if (ids.length === 0) return 'No proposal chosen.';
      const d = await api.decideProposals(reference, { by: 'ids', ids }, accept, everywhere);
      setFocused(null);
      return accept
        ? `Accepted ${d.accepted}.${everywhere ? ` Proposed on ${d.proposed_elsewhere} other place(s).` : ''}`
        : `Rejected ${d.rejected}.`;
    });

  /** Accepts or rejects a group of the record's proposals: those of one detector, or of one
   * other origin (a pattern, a terms list…). */
  const decideGroup = (group: ProposalGroup, accept: boolean) =>
    act(async () => {
      if (currentId === null) return null;
      // Accepting a detector's proposals honours the confidence floor; rejecting takes all.
      const floor = accept && group.kind !== null && minConfidence > 0 ? minConfidence / 100 : null;
      const which = { by: 'all' as const, doc: currentId, origin: group.origin, kind: group.kind, min_score: floor };
      const d = await api.decideProposals(reference, which, accept, false);
      const name = group.kind ?? group.origin;
      const sure = floor === null ? '' : ` at least ${minConfidence} % sure`;
      return accept ? `Accepted ${d.accepted} ${name}${sure}.` : `Rejected ${d.rejected} ${name}.`;
    });

  const dispose = (value: string) =>
    act(async () => {
      if (currentId === null) return null;
      if (value === 'withhold') {
        const c = needCode();
        await api.withhold(reference, currentId, c, record?.version);
        return `Withheld in full under ${c}.`;
      }
      if (unreadable !== null && (value === 'release' || value === 'redact')) {
        throw new Error(`${unreadable} It cannot be released: withhold it (3) or mark it not responsive (4).`);
      }
      await api.setDisposition(reference, currentId, value, record?.version);
      return `Disposition: ${DISPOSITIONS.find((d) => d.value === value)?.label ?? value}.`;
    });

  const saveNote = () =>
    act(async () => {
      if (currentId === null) return null;
      const saved = await api.setNote(reference, currentId, noteDraft, record?.version);
      return saved === null ? 'Note cleared.' : 'Note saved.';
    });

  const setStatus = (status: string) =>
    act(async () => {
      if (currentId === null) return null;
      await api.setReviewStatus(reference, currentId, status, record?.version);
      return `Review status: ${status}.`;
    });

  const run = (c: Command) => {
    switch (c) {
      case 'next':
        return go(1);
      case 'next-undecided':
        if (nextUndecided !== undefined) onRecordChange(nextUndecided);
        return;
      case 'previous':
        return go(-1);
      case 'redact':
        return void redactSelection();
      case 'box-mode':
        return setDrawBoxes((d) => !d);
      case 'undo':
        return void undoLast();
      case 'release':
        return void dispose('release');
      case 'redact-disposition':
        return void dispose('redact');
      case 'withhold':
        return void dispose('withhold');
      case 'not-responsive':
        return void dispose('not-responsive');
      case 'next-proposal': {
        if (proposals.length === 0) return;
        const i = proposals.findIndex((p) => p.id === focused);
        const next = proposals[(i + 1) % proposals.length];
        setFocused(next?.id ?? null);
        if (next !== undefined) {
          document
            .querySelector(`[data-redaction-ids~="${next.id}"]`)
            ?.scrollIntoView({ block: 'center' });
        }
        return;
      }
      case 'accept':
      case 'reject': {
        const target = focused ?? proposals[0]?.id;
        if (target !== undefined) void decide([target], c === 'accept');
        return;
      }
      case 'detect':
        return void detect();
      case 'detect-all':
        return void detectAll();
      case 'exemption':
        return exemptionRef.current?.focus();
      case 'apply-box':
        if (pendingBox !== null) void applyBox();
        return;
      case 'help':
        return setHelp((h) => !h);
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setHelp(false);
        setPendingBox(null);
        return;
      }
      if (typingIn(e.target)) return;
      const c = commandOf(e);
      if (c === null) return;
      e.preventDefault();
      runRef.current(c);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const family = useMemo(
    () => (record === null ? [] : familyOf(index, decided, record.doc_id, record.duplicate_of)),
    [index, decided, record],
  );
  // The open record's place in its conversation and near-duplicate group.
  const summary = record === null ? undefined : summaryOf(index, decided, record.doc_id);
  const summaryAt = useCallback((id: number) => summaryOf(index, decided, id), [index, decided]);
  const may = user.may.redact;
  /** Why the record on screen could not be read (null: it was read). */
  const unreadable =
    summary?.status === 'failed' ? `This record could not be read: ${summary.failure ?? 'no reason given'}.` : null;
  /** After a decision on many records: read the list and the record on screen again. */
  const decidedMany = () => {
    pairs.clear();
    setListVersion((v) => v + 1);
    if (currentId !== null) void load(currentId, true);
  };
  const similar = useMemo(() => similarTo(index, decided, summary), [index, decided, summary]);

  return (
    <div className="review">
      <RecordList
        summaryOf={summaryAt}
        sequence={sequence}
        currentId={currentId}
        onOpen={onRecordChange}
        source={order === undefined ? null : (source ?? 'Search hits')}
        reading={order === undefined && reading}
        {...(onOpenSequence === undefined || order === undefined
          ? {}
          : { onShowAll: () => currentId !== null && onOpenSequence(currentId) })}
      />
      <section className="review-main" aria-label="Record">
        <div className="review-toolbar" role="toolbar" aria-label="Review">
          <div className="record-position">
            <button type="button" className="secondary" onClick={() => go(-1)} disabled={position <= 0} aria-label="Previous record (k)">
              ‹
            </button>
            <span aria-live="polite">
              {position >= 0 ? `${position + 1} of ${sequence.length}` : '—'}
            </span>
            <button
              type="button"
              className="secondary"
              id="review-next"
              onClick={() => go(1)}
              disabled={position < 0 || position >= sequence.length - 1}
              aria-label="Next record (j)"
            >
              ›
            </button>
            <button
              type="button"
              className="secondary"
              id="review-next-undecided"
              onClick={() => nextUndecided !== undefined && onRecordChange(nextUndecided)}
              disabled={nextUndecided === undefined}
              aria-keyshortcuts="Shift+N"
            >
              Next undecided
            </button>
          </div>
          <div
            className="exemption-holder"
            onFocus={() => {
              choosingCode.current = true;
            }}
            onBlur={() => {
              choosingCode.current = false;
              // The words chosen before are shown chosen again.
              if (selection !== null && textRef.current !== null) {
                selectChars(textRef.current, offsets.toUtf16(selection[0]), offsets.toUtf16(selection[1]));
              }
            }}
          >
            <ExemptionPicker ref={exemptionRef} exemptions={ordered(exemptions, recentCodes())} value={code} onChange={setCode} />
          </div>
          <button
            type="button"
            id="redact-selection"
            // Pressing the button must not take the selection away before the click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void redactSelection()}
            disabled={!may || selection === null}
            aria-keyshortcuts="R"
          >
            Redact selection
          </button>
          {paged && (
            <button
              type="button"
              id="box-mode"
              className="secondary"
              aria-pressed={drawBoxes}
              onClick={() => setDrawBoxes((d) => !d)}
              aria-keyshortcuts="B"
            >
              {drawBoxes ? 'Drawing boxes' : 'Selecting text'}
            </button>
          )}
          <button type="button" id="detect" className="secondary" onClick={() => void detect()} disabled={!may} aria-keyshortcuts="D">
            Find personal info
          </button>
          <button
            type="button"
            id="detect-all"
            className="secondary"
            onClick={() => void detectAll()}
            disabled={!may}
            aria-keyshortcuts="Shift+D"
            aria-label="Find personal info in every record of the request"
          >
            … in every record
          </button>
          <button type="button" id="undo" className="secondary" onClick={() => void undoLast()} disabled={undo.length === 0} aria-keyshortcuts="U Control+Z">
            Undo
          </button>
          <button type="button" className="secondary" id="shortcuts" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
        {/* One line always there, so that a message never moves the record under the mouse. */}
        <div className="review-status">
          {error !== null ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : (
            <p className="notice" role="status" id="review-notice">
              {notice ?? ''}
            </p>
          )}
        </div>
        {record === null && !loading && error === null && (
          <p className="empty">{records !== null && records.length === 0 ? 'No records yet: import some first.' : 'Choose a record.'}</p>
        )}
        {record !== null && release !== null && (
          <>
            <div className="record-head">
              <h2 id="record-title">{record.title ?? record.path.split('/').pop()}</h2>
              <span className="muted">
                #{record.doc_id} · {record.item ?? record.kind} · {record.path}
              </span>
              {record.folder !== null && (
                <span className="muted" id="record-folder">
                  Outlook folder: {record.folder === '' ? '(top of the mailbox)' : record.folder}
                  {record.deleted ? ' · deleted item' : ''}
                </span>
              )}
            </div>
            <div className="side-by-side">
              <section className="pane original" aria-label="Original" ref={paneRef}>
                <h3 className="pane-title">Original</h3>
                {paged && drawBoxes ? (
                  <div className="pages">
                    {record.pages.map((p) => (
                      <PageView
                        key={p.page}
                        reference={reference}
                        id={record.doc_id}
                        page={p}
                        boxes={release.boxes.filter((b) => b.page === p.page)}
                        release={false}
                        width={paneWidth}
                        onBox={may ? (page, rect) => void snapBox(page, rect) : undefined}
                        pending={
                          pendingBox !== null && pendingBox.page === p.page
                            ? {
                                rect: pendingBox.rect,
                                onApply: () => void applyBox(),
                                onCancel: () => setPendingBox(null),
                              }
                            : undefined
                        }
                      />
                    ))}
                  </div>
                ) : (
                  unreadable !== null && record.text === '' ? (
                    <p className="unreadable" role="note">
                      {unreadable} Withhold it or mark it not responsive; it cannot be released.
                    </p>
                  ) : (
                  <TextPane
                    terms={marked}
                    ref={textRef}
                    text={record.text}
                    offsets={offsets}
                    marks={marks}
                    focused={focused}
                    label="Original text"
                  />
                  )
                )}
              </section>
              <section className="pane release" aria-label="Release version">
                <h3 className="pane-title">
                  Release version
                  {release.withheld && <span className="pill overdue">Withheld in full</span>}
                  {release.excluded && <span className="pill">Not responsive: not released</span>}
                </h3>
                {paged && !release.withheld && !release.excluded ? (
                  <div className="pages">
                    {record.pages.map((p) => (
                      <PageView
                        key={p.page}
                        reference={reference}
                        id={record.doc_id}
                        page={p}
                        boxes={release.boxes.filter((b) => b.page === p.page)}
                        release
                        width={paneWidth}
                      />
                    ))}
                  </div>
                ) : (
                  unreadable !== null && !release.withheld && !release.excluded ? (
                    <p className="unreadable" role="note">
                      Nothing of it can be released.
                    </p>
                  ) : (
                    <ReleaseText text={release.text} label="Release text" terms={marked} />
                  )
                )}
              </section>
            </div>
          </>
        )}
      </section>
      <aside className="review-panel" aria-label="Decisions">
        {record !== null && (
          <>
            <section>
              <h3>Disposition</h3>
              <div className="dispositions" role="group" aria-label="Disposition">
                {DISPOSITIONS.map((d) => (
                  <button
                    key={d.value}
                    type="button"
                    id={`disposition-${d.value}`}
                    className={record.disposition === d.value ? 'choice chosen' : 'choice'}
                    aria-pressed={record.disposition === d.value}
                    onClick={() => void dispose(d.value)}
                    disabled={!may || (unreadable !== null && (d.value === 'release' || d.value === 'redact'))}
                    aria-keyshortcuts={d.key}
                  >
                    <kbd>{d.key}</kbd> {d.label}
                  </button>
                ))}
              </div>
              {record.exemptions.length > 0 && (
                <p className="muted">Withheld under {record.exemptions.join(', ')}</p>
              )}
              <label className="inline">
                Review status
                <select
                  id="review-status"
                  value={record.review_status}
                  onChange={(e) => void setStatus(e.target.value)}
                  disabled={!may}
                >
                  {REVIEW_STATUSES.map((s) => (
                    <option key={s} value={s} disabled={s === 'reviewed'}>
                      {REVIEW_STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              </label>
            </section>
            <section aria-label="Notes">
              <label>
                Notes (internal, never released)
                <textarea
                  id="record-note"
                  rows={3}
                  value={noteDraft}
                  onChange={(e) => setNoteDraft(e.target.value)}
                  disabled={!may}
                />
              </label>
              <button
                type="button"
                className="small secondary"
                id="record-note-save"
                onClick={() => void saveNote()}
                disabled={!may || noteDraft.trim() === (record.note ?? '')}
              >
                Save note
              </button>
              {record.note !== null && record.note_by !== null && (
                <p className="muted small" id="record-note-by">
                  Written by {record.note_by}
                  {record.note_at !== null ? `, ${recordedAt(record.note_at)}` : ''}
                </p>
              )}
            </section>
            <section className="proposals" aria-label="Proposals">
              <h3>
                Proposals <span className="count">{proposals.length}</span>
              </h3>
              {proposals.length === 0 ? (
                <p className="muted">None. “Find personal info” (D) runs the detectors.</p>
              ) : (
                <>
                  <div className="proposal-order">
                    <label className="inline">
                      <input
                        type="checkbox"
                        id="proposals-by-confidence"
                        checked={byConfidence}
                        onChange={(e) => setByConfidence(e.target.checked)}
                      />{' '}
                      Surest first
                    </label>
                    <label className="inline">
                      Accept all at least{' '}
                      <input
                        type="number"
                        id="proposals-min-confidence"
                        className="narrow"
                        min={0}
                        max={100}
                        step={5}
                        value={minConfidence}
                        onChange={(e) => setMinConfidence(Math.max(0, Math.min(100, Number(e.target.value) || 0)))}
                      />{' '}
                      % sure
                    </label>
                  </div>
                  <div className="proposal-kinds">
                    {proposalGroups(proposals).map(({ group: g, count }) => (
                      <span key={g.kind ?? g.origin} className="proposal-kind">
                        {g.kind ?? g.origin} ({count})
                        <button type="button" className="link" onClick={() => void decideGroup(g, true)}>
                          {g.kind !== null && minConfidence > 0 ? `accept ≥ ${minConfidence} %` : 'accept all'}
                        </button>
                        <button type="button" className="link" onClick={() => void decideGroup(g, false)}>
                          reject all
                        </button>
                      </span>
                    ))}
                  </div>
                  <ul className="proposal-list">
                    {proposals.map((p) => (
                      <li key={p.id} className={p.id === focused ? 'proposal focused' : 'proposal'} data-proposal-id={p.id}>
                        <button type="button" className="link excerpt" onClick={() => setFocused(p.id)}>
                          <span className="kind">{p.kind ?? p.origin}</span>
                          {p.score !== null && (
                            <span className="confidence" title="How sure the detector was">
                              {' '}
                              {Math.round(p.score * 100)} %
                            </span>
                          )}{' '}
                          {excerpt(record.text, offsets, p)}
                        </button>
                        <span className="proposal-code">
                          under <span className="code">{p.code}</span>
                          {p.note !== null && p.note !== '' && <span className="muted"> · {p.note}</span>}
                        </span>
                        <span className="proposal-actions">
                          <button type="button" className="small accept" onClick={() => void decide([p.id], true)} aria-label={`Accept proposal ${p.id}`}>
                            Accept
                          </button>
                          <button
                            type="button"
                            className="small secondary"
                            onClick={() => void decide([p.id], true, true)}
                            aria-label={`Accept proposal ${p.id} and redact everywhere`}
                          >
                            Everywhere
                          </button>
                          <button type="button" className="small secondary" onClick={() => void decide([p.id], false)} aria-label={`Reject proposal ${p.id}`}>
                            Reject
                          </button>
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
            <section aria-label="Redactions">
              <h3>
                Redactions <span className="count">{applied.length}</span>
              </h3>
              <ul className="redaction-list">
                {applied.map((r) => (
                  <li key={r.id} className="redaction-item" data-redaction-id={r.id}>
                    <span>
                      <span className="code">{r.code}</span> {excerpt(record.text, offsets, r)}
                    </span>
                    <button type="button" className="small secondary" onClick={() => void remove(r.id)} aria-label={`Remove redaction ${r.id}`} disabled={!may}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-label="Record details">
              <h3>Details</h3>
              <dl className="meta">
                <dt>Kind</dt>
                <dd>{record.kind}</dd>
                <dt>Path</dt>
                <dd className="path">{record.path}</dd>
                {record.duplicate_of !== null && (
                  <>
                    <dt>Copy of</dt>
                    <dd>
                      <button type="button" className="link" onClick={() => onRecordChange(record.duplicate_of ?? 0)}>
                        record {record.duplicate_of}
                      </button>
                    </dd>
                  </>
                )}
                {paged && (
                  <>
                    <dt>Pages</dt>
                    <dd>{record.pages.length}</dd>
                  </>
                )}
              </dl>
              {summary?.thread != null && (
                <Conversation
                  reference={reference}
                  thread={summary.thread}
                  currentId={record.doc_id}
                  onOpen={onRecordChange}
                  {...(onOpenSequence === undefined
                    ? {}
                    : { onReview: (ids: number[], label: string) => onOpenSequence(record.doc_id, ids, label) })}
                  onChanged={decidedMany}
                />
              )}
              {similar.length > 0 && (
                <section className="near-dups" aria-labelledby="near-dups-title">
                  <h4 id="near-dups-title">Near-duplicates ({similar.length + 1} records)</h4>
                  <div className="group-actions">
                    {summary?.near_dup_group != null && summary.near_dup_group !== record.doc_id && (
                      <button
                        type="button"
                        className="small secondary"
                        id="near-dup-compare"
                        onClick={() => setComparing(record.doc_id)}
                      >
                        Compare with the pivot
                      </button>
                    )}
                    {onOpenSequence !== undefined && (
                      <button
                        type="button"
                        className="small secondary"
                        id="near-dup-review"
                        onClick={() =>
                          onOpenSequence(
                            record.doc_id,
                            [record.doc_id, ...similar.map((r) => r.id)].sort((a, b) => a - b),
                            `Near-duplicates of #${summary?.near_dup_group ?? record.doc_id}`,
                          )
                        }
                      >
                        Review this group
                      </button>
                    )}
                  </div>
                  <BulkDecision
                    reference={reference}
                    selection={{ kind: 'near_dups_of', value: record.doc_id }}
                    total={similar.length + 1}
                    what="this near-duplicate group"
                    openLabel={`Decide all ${similar.length + 1} near-duplicates…`}
                    idPrefix="near-dup-bulk"
                    onChanged={decidedMany}
                  />
                  <ul className="family">
                    {similar.map((r) => (
                      <li key={r.id}>
                        <button type="button" className="link" onClick={() => onRecordChange(r.id)}>
                          #{r.id} {r.title ?? r.path.split('/').pop()}
                        </button>{' '}
                        <span className="muted">
                          {r.id === summary?.near_dup_group ? 'pivot' : `${Math.round((r.similarity ?? 0) * 100)} % like the pivot`}
                        </span>
                        {r.id !== summary?.near_dup_group && (
                          <>
                            {' '}
                            <button
                              type="button"
                              className="link small"
                              aria-label={`Compare record ${r.id} with the pivot`}
                              onClick={() => setComparing(r.id)}
                            >
                              compare
                            </button>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {family.length > 0 && (
                <>
                  <h4>Family and copies</h4>
                  <ul className="family">
                    {family.map((r) => (
                      <li key={r.id}>
                        <button type="button" className="link" onClick={() => onRecordChange(r.id)}>
                          #{r.id} {r.title ?? r.path.split('/').pop()}
                        </button>{' '}
                        <span className="muted">
                          {r.parent === record.doc_id
                            ? 'attachment'
                            : r.duplicate_of === record.doc_id
                              ? 'copy'
                              : record.duplicate_of === r.id
                                ? 'original'
                                : 'parent'}
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          </>
        )}
      </aside>
      {comparing !== null && (
        <NearDupCompare
          reference={reference}
          id={comparing}
          onOpen={(id) => {
            setComparing(null);
            onRecordChange(id);
          }}
          onClose={() => setComparing(null)}
        />
      )}
      {help && (
        <div className="sheet-backdrop" onClick={() => setHelp(false)}>
          <div
            className="card sheet"
            role="dialog"
            aria-modal="true"
            aria-labelledby="shortcuts-title"
            id="shortcuts-sheet"
            // The sheet itself takes the focus, so that it opens at its top (focusing the
            // Close button at its foot scrolled the first shortcuts out of view).
            tabIndex={-1}
            ref={(el) => {
              if (el !== null && document.activeElement !== el && !el.contains(document.activeElement)) {
                el.scrollTop = 0;
                el.focus({ preventScroll: true });
              }
            }}
            onClick={(e) => e.stopPropagation()}
          >
            <h2 id="shortcuts-title">Keyboard shortcuts</h2>
            <table className="shortcuts">
              <tbody>
                {SHORTCUTS.map((s) => (
                  <tr key={s.command}>
                    <td>
                      {s.keys.map((k) => (
                        <kbd key={k}>{k}</kbd>
                      ))}
                    </td>
                    <td>{s.what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">
              Select words in the original and press R; on a page, drag a box. Esc closes this sheet.
            </p>
            <button type="button" onClick={() => setHelp(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
