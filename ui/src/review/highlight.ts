// The words of the search that brought a reviewer to a record, marked in both panes.

/** Fields whose values are words of the record (the others filter: kind:, status:, …). */
const TEXT_FIELDS = new Set(['from', 'to', 'cc', 'subject', 'path', 'name']);

/**
 * What to mark for a query: its words and phrases (a bare word also marks the words it
 * starts, as the stemmed search finds "permits" for "permit"), not the words it excludes,
 * not its operators, not the values of filters. Lower case.
 */
export function termsOf(query: string): string[] {
  const out = new Set<string>();
  const tokens = query.match(/-?(?:[\w.@]+:)?(?:"[^"]*"|\([^)]*\)|[^\s()"]+)/g) ?? [];
  let negated = false;
  for (const raw of tokens) {
    // What NOT (or a leading -) excludes is not marked.
    if (raw === 'NOT') {
      negated = true;
      continue;
    }
    if (negated || raw.startsWith('-')) {
      negated = false;
      continue;
    }
    if (raw === 'AND' || raw === 'OR') continue;
    let t = raw;
    const field = /^([\w.]+):(.*)$/.exec(t);
    if (field !== null) {
      const name = field[1]?.toLowerCase() ?? '';
      if (!TEXT_FIELDS.has(name)) continue;
      t = field[2] ?? '';
    }
    t = t.replace(/^\(|\)$/g, '');
    const quoted = /^"(.*)"(?:~\d+)?$/.exec(t);
    if (quoted !== null) {
      const phrase = (quoted[1] ?? '').trim().toLowerCase();
      if (phrase !== '') out.add(phrase);
      continue;
    }
    t = t.replace(/~\d*$/, '').replace(/\*$/, '').toLowerCase();
    if (t.length >= 2) out.add(t);
  }
  return [...out];
}

export interface Run {
  text: string;
  hit: boolean;
  at: number;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A text cut into runs, those that match a term (from a word's start) marked. */
export function splitByTerms(text: string, terms: readonly string[], at = 0): Run[] {
  if (terms.length === 0 || text === '') return [{ text, hit: false, at }];
  // Longest first, so that a phrase wins over a word inside it; words run on (permit→permits).
  const alternatives = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((t) => (t.includes(' ') ? escape(t).replace(/ /g, '\\s+') : `${escape(t)}[\\p{L}\\p{N}]*`));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'giu');
  const out: Run[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0] === '') continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index), hit: false, at: at + last });
    out.push({ text: m[0], hit: true, at: at + m.index });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false, at: at + last });
  return out;
}
