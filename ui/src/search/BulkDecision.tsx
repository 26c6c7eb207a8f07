// One decision on every record of a selection (a search's hits, records picked in the hit
// list, a conversation, a near-duplicate group): the clerk picks it, the core says how many
// records it would change (and which it would leave, and why) before anything changes, then
// applies it as one step that can be undone as one step.
import { useEffect, useId, useState, type JSX } from 'react';
import { api, type BulkChange, type BulkReport, type Selection, toApiError } from '../api';
import { count } from './query';

interface Props {
  reference: string;
  /** The records the decision applies to. */
  selection: Selection;
  /** How many records that is (as far as the screen knows). */
  total: number;
  /** What the selection is, after "every record of" / "the records": "this search". */
  what?: string;
  /** The opening button's words (default: "Decide all N records…"). */
  openLabel?: string;
  /** Distinguishes the element ids when several are on one screen (default: `bulk`). */
  idPrefix?: string;
  /** Called after a decision or its undoing, so the results can be read again. */
  onChanged: () => void;
}

/** The decisions offered for a whole search (withholding needs a code per record: review). */
const NOT_RESPONSIVE = {
  value: 'not-responsive',
  label: 'Not responsive',
  change: { kind: 'disposition', value: 'not-responsive' } as BulkChange,
};
const CHOICES: readonly { value: string; label: string; change: BulkChange }[] = [
  NOT_RESPONSIVE,
  { value: 'release', label: 'Release', change: { kind: 'disposition', value: 'release' } },
  { value: 'redact', label: 'Release with redactions', change: { kind: 'disposition', value: 'redact' } },
  { value: 'in-review', label: 'Mark in review', change: { kind: 'status', value: 'in-review' } },
];

type Step =
  | { at: 'closed' }
  | { at: 'choosing' }
  | { at: 'checked'; report: BulkReport }
  | { at: 'done'; report: BulkReport }
  | { at: 'undone'; report: BulkReport };

function records(n: bigint | number): string {
  const k = Number(n);
  return `${count(k)} ${k === 1 ? 'record' : 'records'}`;
}

function Left({ report }: { report: BulkReport }): JSX.Element | null {
  if (report.refused.length === 0) return null;
  return (
    <details className="bulk-left">
      <summary>{records(report.refused.length)} left as they are</summary>
      <ul>
        {report.refused.slice(0, 200).map((r) => (
          <li key={r.doc_id}>
            Record {r.doc_id}: {r.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function BulkDecision({
  reference,
  selection,
  total,
  what = 'this search',
  openLabel,
  idPrefix = 'bulk',
  onChanged,
}: Props): JSX.Element {
  const ids = useId();
  const key = JSON.stringify(selection);
  const [step, setStep] = useState<Step>({ at: 'closed' });
  const [choice, setChoice] = useState(NOT_RESPONSIVE.value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Another search starts afresh.
  useEffect(() => {
    setStep({ at: 'closed' });
    setError(null);
  }, [key, reference]);

  const chosen = CHOICES.find((c) => c.value === choice) ?? NOT_RESPONSIVE;
  const { change, label } = chosen;

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const report = await api.decideMany(reference, selection, change, dryRun);
      setStep(dryRun ? { at: 'checked', report } : { at: 'done', report });
      if (!dryRun) onChanged();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const undo = async (event: number) => {
    setBusy(true);
    setError(null);
    try {
      const report = await api.undoBulk(reference, event);
      setStep({ at: 'undone', report });
      onChanged();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (step.at === 'closed') {
    return (
      <button type="button" className="secondary" id={`${idPrefix}-open`} onClick={() => setStep({ at: 'choosing' })}>
        {openLabel ?? `Decide all ${records(total)}…`}
      </button>
    );
  }
  return (
    <section className="bulk panel" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Decide every record of {what}</h3>
      {(step.at === 'choosing' || step.at === 'checked') && (
        <div className="bulk-choose">
          <label htmlFor={`${idPrefix}-choice`}>Decision</label>
          <select
            id={`${idPrefix}-choice`}
            value={choice}
            disabled={busy}
            onChange={(e) => {
              setChoice(e.target.value);
              setStep({ at: 'choosing' });
            }}
          >
            {CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          {step.at === 'choosing' && (
            <button type="button" id={`${idPrefix}-check`} disabled={busy} onClick={() => void run(true)}>
              Check what it changes
            </button>
          )}
        </div>
      )}
      {step.at === 'checked' && (
        <div role="status" className="bulk-status">
          <p>
            {label} would change {records(step.report.changed)} of the {records(step.report.selected)} of {what} ({count(Number(step.report.unchanged))} already so
            {step.report.refused.length > 0 ? `, ${count(step.report.refused.length)} left as they are` : ''}).
          </p>
          <Left report={step.report} />
          <div className="actions">
            <button
              type="button"
              id={`${idPrefix}-apply`}
              disabled={busy || Number(step.report.changed) === 0}
              onClick={() => void run(false)}
            >
              Apply to {records(step.report.changed)}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setStep({ at: 'closed' })}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.at === 'done' && (
        <div role="status" className="bulk-status">
          <p>
            {label}: changed {records(step.report.changed)} in one decision
            {step.report.refused.length > 0 ? `; ${count(step.report.refused.length)} left as they are` : ''}.
          </p>
          <Left report={step.report} />
          <div className="actions">
            {step.report.event !== null && (
              <button
                type="button"
                id={`${idPrefix}-undo`}
                className="secondary"
                disabled={busy}
                onClick={() => void undo(Number(step.report.event))}
              >
                Undo this decision
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setStep({ at: 'closed' })}>
              Close
            </button>
          </div>
        </div>
      )}
      {step.at === 'undone' && (
        <div role="status" className="bulk-status">
          <p>
            Undone: {records(step.report.changed)} back as they were
            {step.report.refused.length > 0 ? `; ${count(step.report.refused.length)} changed since keep their newer state` : ''}.
          </p>
          <button type="button" className="secondary" onClick={() => setStep({ at: 'closed' })}>
            Close
          </button>
        </div>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
