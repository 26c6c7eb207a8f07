import { forwardRef, useMemo } from 'react';
import { splitByTerms } from './highlight';
import { type Offsets, pieces, type TextMark } from './text';

interface Props {
  text: string;
  offsets: Offsets;
  marks: readonly TextMark[];
  /** The proposal the keyboard is on (outlined). */
  focused?: number | null;
  label: string;
  /** Words to mark (the search that brought the reviewer here). */
  terms?: readonly string[];
}

/** Text with the search's words marked (text nodes and `mark` elements only). */
function Marked({ text, terms, at }: { text: string; terms: readonly string[]; at: number }) {
  return (
    <>
      {splitByTerms(text, terms, at).map((r) =>
        r.hit ? (
          <mark key={r.at} className="search-hit">
            {r.text}
          </mark>
        ) : (
          r.text
        ),
      )}
    </>
  );
}

/**
 * A record's text with its redactions marked. Record content is data: it is only ever put in
 * text nodes, so markup in a record (an HTML email's `<script>`, an `onerror=`) stays
 * characters. The container holds the text exactly (no labels inside), so a selection's
 * offsets are offsets into the record's text.
 */
export const TextPane = forwardRef<HTMLDivElement, Props>(function TextPane(
  { text, offsets, marks, focused = null, label, terms = [] },
  ref,
) {
  const runs = useMemo(() => pieces(text, marks, offsets), [text, marks, offsets]);
  return (
    <div ref={ref} className="record-text" aria-label={label} tabIndex={0}>
      {runs.map((p) =>
        p.mark === null ? (
          <Marked key={p.at} text={p.text} terms={terms} at={p.at} />
        ) : (
          <mark
            key={p.at}
            className={`redaction ${p.mark.kind}${focused !== null && p.mark.ids.includes(focused) ? ' focused' : ''}`}
            data-label={`${p.mark.kind === 'applied' ? 'Redacted' : 'Proposed'}: ${p.mark.label}`}
            data-redaction-ids={p.mark.ids.join(' ')}
          >
            {p.text}
          </mark>
        ),
      )}
    </div>
  );
});

const BLOCK = /\[REDACTED — [^\]\n]*\]/g;

/** The release version of a text record: what export prints, with its `[REDACTED — label]`
 * blocks drawn as blocks. */
export function ReleaseText({ text, label, terms = [] }: { text: string; label: string; terms?: readonly string[] }) {
  const parts: { text: string; block: boolean; at: number }[] = [];
  let last = 0;
  for (const m of text.matchAll(BLOCK)) {
    const at = m.index;
    if (at > last) parts.push({ text: text.slice(last, at), block: false, at: last });
    parts.push({ text: m[0], block: true, at });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), block: false, at: last });
  return (
    <div className="record-text release-text" aria-label={label} tabIndex={0}>
      {parts.map((p) =>
        p.block ? (
          <span key={p.at} className="redacted-block">
            {p.text}
          </span>
        ) : (
          <Marked key={p.at} text={p.text} terms={terms} at={p.at} />
        ),
      )}
    </div>
  );
}
