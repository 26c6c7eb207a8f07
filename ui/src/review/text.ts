// Offsets between the core's characters (Unicode scalar values, as Rust counts them) and the
// window's UTF-16 code units, and the pieces a record's text is drawn in.

/** Converts between character offsets (the core's) and UTF-16 offsets (the DOM's). */
export class Offsets {
  /** UTF-16 offset of each character boundary; null when the text has no astral characters
   * (then both counts agree). */
  private readonly u16: number[] | null;

  constructor(text: string) {
    let astral = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        astral = true;
        break;
      }
    }
    if (!astral) {
      this.u16 = null;
      return;
    }
    const at: number[] = [];
    let i = 0;
    for (const ch of text) {
      at.push(i);
      i += ch.length;
    }
    at.push(i);
    this.u16 = at;
  }

  toUtf16(char: number): number {
    if (this.u16 === null) return char;
    return this.u16[Math.max(0, Math.min(char, this.u16.length - 1))] ?? 0;
  }

  toChar(u16: number): number {
    const at = this.u16;
    if (at === null) return u16;
    // The first boundary at or after u16 (a surrogate half rounds to its character's end).
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((at[mid] ?? 0) < u16) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export type MarkKind = 'applied' | 'proposed';

/** A redaction to show over the text, in characters. */
export interface TextMark {
  id: number;
  start: number;
  end: number;
  kind: MarkKind;
  label: string;
}

/** A run of the text: plain, or under one or more redactions (applied wins over proposed). */
export interface Piece {
  text: string;
  /** UTF-16 offset of the piece in the text. */
  at: number;
  mark: null | { kind: MarkKind; ids: number[]; label: string };
}

/** Cuts `text` into runs at every mark boundary. Marks are in characters. */
export function pieces(text: string, marks: readonly TextMark[], offsets: Offsets): Piece[] {
  const len = text.length;
  const spans = marks
    .map((m) => ({
      ...m,
      a: Math.max(0, Math.min(len, offsets.toUtf16(m.start))),
      b: Math.max(0, Math.min(len, offsets.toUtf16(m.end))),
    }))
    .filter((m) => m.b > m.a);
  const cuts = new Set<number>([0, len]);
  for (const m of spans) {
    cuts.add(m.a);
    cuts.add(m.b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] ?? 0;
    const b = points[i + 1] ?? 0;
    if (b <= a) continue;
    const over = spans.filter((m) => m.a <= a && m.b >= b);
    const applied = over.filter((m) => m.kind === 'applied');
    const top = applied[0] ?? over[0];
    const piece: Piece = {
      text: text.slice(a, b),
      at: a,
      mark:
        top === undefined
          ? null
          : {
              kind: applied.length > 0 ? 'applied' : 'proposed',
              ids: over.map((m) => m.id),
              label: top.label,
            },
    };
    const prev = out[out.length - 1];
    // Neighbouring plain runs join (fewer nodes for a long text).
    if (prev !== undefined && prev.mark === null && piece.mark === null) {
      prev.text += piece.text;
    } else {
      out.push(piece);
    }
  }
  return out;
}

/**
 * The selection inside `container` as UTF-16 offsets into the text it shows (which must be the
 * record's text exactly: no labels inside), or null when it is empty or outside.
 */
export function selectionIn(container: HTMLElement, sel: Selection | null): [number, number] | null {
  if (sel === null || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
    return null;
  }
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const end = start + range.toString().length;
  return end > start ? [start, end] : null;
}

/** The selected characters trimmed of white space at either end (a double-click selects the
 * word and the space after it). */
export function trimmed(text: string, start: number, end: number): [number, number] | null {
  let a = start;
  let b = end;
  while (a < b && /\s/.test(text[a] ?? '')) a++;
  while (b > a && /\s/.test(text[b - 1] ?? '')) b--;
  return b > a ? [a, b] : null;
}

/** Selects UTF-16 offsets `start..end` of the text inside `el` (the text pane holds exactly
 * the record's text), as the reviewer had selected them. */
export function selectChars(el: HTMLElement, start: number, end: number): void {
  const range = document.createRange();
  let at = 0;
  let started = false;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
    const len = (n as Text).data.length;
    if (!started && start <= at + len) {
      range.setStart(n, start - at);
      started = true;
    }
    if (started && end <= at + len) {
      range.setEnd(n, end - at);
      const s = window.getSelection();
      s?.removeAllRanges();
      s?.addRange(range);
      return;
    }
    at += len;
  }
}
