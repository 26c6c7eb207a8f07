// The request's highlight set: terms (the agreed search terms, names to watch for) marked in
// both panes of every record under review. Everyone sees it; officers change it.
import { useEffect, useState, type JSX } from 'react';
import { api, toApiError } from '../api';

interface Props {
  reference: string;
  mayEdit: boolean;
}

export function HighlightSet({ reference, mayEdit }: Props): JSX.Element {
  const [terms, setTerms] = useState<string[] | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setTerms(null);
    setDraft(null);
    api.highlightTerms(reference).then(
      (t) => {
        if (live) setTerms(t);
      },
      (e: unknown) => {
        if (!live) return;
        setTerms([]);
        setError(toApiError(e).message);
      },
    );
    return () => {
      live = false;
    };
  }, [reference]);

  const save = async () => {
    if (draft === null) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const kept = await api.setHighlightTerms(reference, draft.split('\n'));
      setTerms(kept);
      setDraft(null);
      setNotice(kept.length === 0 ? 'Highlight set cleared.' : `Highlight set saved: ${kept.length} ${kept.length === 1 ? 'term' : 'terms'}.`);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="highlight-set" aria-labelledby="highlight-set-title">
      <h2 id="highlight-set-title">Highlight set</h2>
      <p className="muted small">Marked in every record under review.</p>
      {terms === null && <p className="muted">Loading…</p>}
      {terms !== null && draft === null && (
        <>
          {terms.length === 0 ? (
            <p className="muted">No terms.</p>
          ) : (
            <ul className="highlight-terms">
              {terms.map((t) => (
                <li key={t}>
                  <mark className="search-hit">{t}</mark>
                </li>
              ))}
            </ul>
          )}
          {mayEdit && (
            <button type="button" className="secondary small" id="highlight-edit" onClick={() => setDraft(terms.join('\n'))}>
              Edit the terms
            </button>
          )}
        </>
      )}
      {draft !== null && (
        <>
          <label htmlFor="highlight-terms-input">Terms, one a line</label>
          <textarea
            id="highlight-terms-input"
            rows={6}
            value={draft}
            spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="inline">
            <button type="button" id="highlight-save" disabled={busy} onClick={() => void save()}>
              Save
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </>
      )}
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
