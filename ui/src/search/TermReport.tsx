// A search-term report: per term (each a query) the records it hits, those with their
// families, and those no other term hits; then the same for all the terms together.
import { useState } from 'react';
import { api, type TermReport as Report, toApiError } from '../api';
import { count, termLines } from './query';

export function TermReport({ reference }: { reference: string }) {
  const [text, setText] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (busy) return;
    const terms = termLines(text);
    if (terms.length === 0) {
      setError('Give at least one term, one a line.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setReport(await api.termReport(reference, terms));
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="term-report panel" aria-labelledby="term-report-title">
      <h2 id="term-report-title">Term report</h2>
      <div className="term-input">
        <label htmlFor="term-list">Terms, one a line</label>
        <p id="term-list-hint" className="muted hint">
          Each line is a query; blank lines and lines starting with # are skipped. Ctrl+Enter runs
          the report.
        </p>
        <textarea
          id="term-list"
          aria-describedby="term-list-hint"
          rows={5}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void run();
            }
          }}
        />
        <div className="actions">
          <button type="button" id="term-run" disabled={busy} onClick={() => void run()}>
            {busy ? 'Counting…' : 'Run term report'}
          </button>
        </div>
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {report !== null && (
        <table className="term-table">
          <caption className="muted">
            {count(report.terms.length)} {report.terms.length === 1 ? 'term' : 'terms'} · {count(report.took_ms)} ms
          </caption>
          <thead>
            <tr>
              <th scope="col">Term</th>
              <th scope="col" className="num">
                Hits
              </th>
              <th scope="col" className="num">
                With families
              </th>
              <th scope="col" className="num">
                Unique
              </th>
            </tr>
          </thead>
          <tbody>
            {report.terms.map((t, i) => (
              <tr key={i}>
                <td className="term">{t.term}</td>
                <td className="num">{count(t.hits)}</td>
                <td className="num">{count(t.with_families)}</td>
                <td className="num">{count(t.unique)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="term-total">
              <th scope="row">Any term</th>
              <td className="num">{count(report.any.hits)}</td>
              <td className="num">{count(report.any.with_families)}</td>
              <td className="num muted">—</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
