// The groups the review screen offers to accept or reject at once: a record's proposals by the
// detector that found them, or (for the rest) by how they were made.
import type { DetectorKind, RedactionOrigin, RedactionRow } from '../api';

export interface ProposalGroup {
  origin: RedactionOrigin;
  /** The detector, for the detectors' proposals. */
  kind: DetectorKind | null;
}

/** The groups of these proposals, in order of first appearance, with their sizes. */
export function proposalGroups(proposals: RedactionRow[]): { group: ProposalGroup; count: number }[] {
  const out: { group: ProposalGroup; count: number }[] = [];
  for (const p of proposals) {
    const found = out.find((g) => g.group.origin === p.origin && g.group.kind === p.kind);
    if (found) found.count += 1;
    else out.push({ group: { origin: p.origin, kind: p.kind }, count: 1 });
  }
  return out;
}

/** Proposals surest first (a detector's score; proposals without one last), ties in text
 * order; or, with `byConfidence` false, in text order. */
export function sortProposals(proposals: RedactionRow[], byConfidence: boolean): RedactionRow[] {
  const at = (p: RedactionRow) => p.start_char ?? 0;
  return [...proposals].sort((a, b) =>
    byConfidence ? (b.score ?? -1) - (a.score ?? -1) || at(a) - at(b) || a.id - b.id : at(a) - at(b) || a.id - b.id,
  );
}
