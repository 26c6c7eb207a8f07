// Pure helpers of the search screen: reading snippets, writing facet filters into a query
// (the language of README.md, "Query language"), and formatting what a hit shows.
import type { SearchFacets } from '../api';

/** A run of a snippet's text; `mark` when the core marked it as matching. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/** Splits a snippet whose matched words stand between « and » into plain and marked runs.
 * Record text may hold those characters itself: a » with no « open, or a « already inside a
 * mark, is kept as text, and a « never closed is shown as written. */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, mark: boolean) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last !== undefined && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  let plain = '';
  let marked: string | null = null;
  for (const ch of snippet) {
    if (marked === null) {
      if (ch === '«') {
        push(plain, false);
        plain = '';
        marked = '';
      } else {
        plain += ch;
      }
    } else if (ch === '»') {
      push(marked, true);
      marked = null;
    } else {
      marked += ch;
    }
  }
  if (marked !== null) plain += `«${marked}`;
  push(plain, false);
  return parts;
}

/** The facets the core counts, each with the query field its values filter on. */
export type FacetField = keyof SearchFacets;

export const FACET_FIELDS: readonly { field: FacetField; label: string; prefix: string }[] = [
  { field: 'custodian', label: 'Custodian', prefix: 'custodian' },
  { field: 'kind', label: 'Kind', prefix: 'kind' },
  { field: 'month', label: 'Month', prefix: 'date' },
  { field: 'disposition', label: 'Disposition', prefix: 'disposition' },
  { field: 'status', label: 'Review status', prefix: 'status' },
  { field: 'exemption', label: 'Exemption', prefix: 'exemption' },
];

const BARE = /^[\p{L}\p{N}.-]+$/u;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

/** A field value as the query language reads it: bare when it is letters, digits, `-` and
 * `.` only, quoted otherwise. The language has no escape inside quotes, so a value holding a
 * `"` becomes the start of itself before that quote (a prefix, e.g. `"ann "*`), or null when
 * nothing comes before it. */
export function queryValue(value: string, alwaysQuote = false): string | null {
  if (!alwaysQuote && BARE.test(value) && !OPERATORS.has(value)) return value;
  const quote = value.indexOf('"');
  if (quote < 0) return value.trim() === '' ? null : `"${value}"`;
  const head = value.slice(0, quote);
  return head.trim() === '' ? null : `"${head}"*`;
}

/** The filter a facet value adds to a query: `custodian:"ann lee"`, `kind:pdf`,
 * `date:2025-03`, `disposition:withhold`, `status:unreviewed`, `exemption:7927.500`. */
export function facetFilter(field: FacetField, value: string): string | null {
  const spec = FACET_FIELDS.find((f) => f.field === field);
  if (spec === undefined) return null;
  const v = queryValue(value, field === 'custodian');
  return v === null ? null : `${spec.prefix}:${v}`;
}

/** Whether the query has an `OR` outside parentheses, brackets and quotes: one that a filter
 * written after it would bind to more tightly than to the whole query. */
export function hasTopLevelOr(query: string): boolean {
  let depth = 0;
  let quoted = false;
  let word = '';
  const isBreak = (c: string) => /\s/.test(c) || c === '(' || c === ')' || c === '"';
  const flush = () => {
    const found = word === 'OR' && depth === 0;
    word = '';
    return found;
  };
  for (const c of query) {
    if (quoted) {
      if (c === '"') quoted = false;
      continue;
    }
    if (isBreak(c)) {
      if (flush()) return true;
      if (c === '"') quoted = true;
      else if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      continue;
    }
    // Date ranges ([a TO b], {a TO *]) hold no OR; brackets are part of their word.
    word += c;
  }
  return flush();
}

/** The query narrowed by a filter: `permit` + `kind:pdf` → `permit kind:pdf`, and
 * `permit OR fee` + `kind:pdf` → `(permit OR fee) kind:pdf`. A filter already there is not
 * added twice. */
export function addFilter(query: string, filter: string): string {
  const q = query.trim();
  if (q === '') return filter;
  if (hasTopLevelOr(q)) return `(${q}) ${filter}`;
  const padded = ` ${q.replace(/\s+/g, ' ')} `;
  const at = padded.indexOf(` ${filter} `);
  if (at >= 0 && !padded.slice(0, at + 1).endsWith(' NOT ')) return q;
  return `${q} ${filter}`;
}

/** The file name of a record's path (the last part, after / or \). */
export function fileName(path: string): string {
  const parts = path.split(/[/\\]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}

/** A record's date as written in it, shortened for a row: `2025-01-31T19:00:00-08:00` →
 * `2025-01-31 19:00`; anything else as it is. */
export function shortDate(date: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(date);
  if (m === null) return date;
  const [, day, time] = m;
  return time === undefined ? (day ?? date) : `${day} ${time}`;
}

const NUMBER = new Intl.NumberFormat('en-US');

/** 1234 → "1,234". */
export function count(n: number): string {
  return NUMBER.format(n);
}

/** The terms of a term-report list: one a line, blank lines and `#` comments skipped. */
export function termLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
