// The request's saved searches (shared by everyone working on it): run one, delete one, or
// save the query in the box under a name (a name already used is replaced).
import { useEffect, useState } from 'react';
import { api, type SavedSearch, toApiError } from '../api';

interface Props {
  reference: string;
  /** The query the save control would keep. */
  query: string;
  onRun: (query: string) => void;
}

const byName = (a: SavedSearch, b: SavedSearch) => a.name.localeCompare(b.name);

export function SavedSearches({ reference, query, onRun }: Props) {
  const [list, setList] = useState<SavedSearch[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setList(null);
    api.savedSearches(reference).then(
      (l) => {
        if (live) setList([...l].sort(byName));
      },
      (e: unknown) => {
        if (!live) return;
        setList([]);
        setError(toApiError(e).message);
      },
    );
    return () => {
      live = false;
    };
  }, [reference]);

  const save = async () => {
    const n = name.trim();
    if (n === '' || query.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await api.saveSearch(reference, n, query.trim());
      const replaced = (list ?? []).some((s) => s.name === saved.name);
      setList((l) => [...(l ?? []).filter((s) => s.name !== saved.name), saved].sort(byName));
      setNotice(replaced ? `Saved search “${saved.name}” replaced.` : `Search saved as “${saved.name}”.`);
      setName('');
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (s: SavedSearch) => {
    setError(null);
    setNotice(null);
    try {
      await api.deleteSavedSearch(reference, s.name);
      setList((l) => (l ?? []).filter((x) => x.name !== s.name));
      setNotice(`Saved search “${s.name}” deleted.`);
    } catch (e) {
      setError(toApiError(e).message);
    }
  };

  return (
    <section className="saved-searches" aria-labelledby="saved-searches-title">
      <h2 id="saved-searches-title">Saved searches</h2>
      {list === null && <p className="muted">Loading…</p>}
      {list !== null && list.length === 0 && <p className="muted">None saved for this request.</p>}
      {list !== null && list.length > 0 && (
        <ul>
          {list.map((s) => (
            // The whole item runs the search (its button is how a keyboard gets there).
            <li key={s.name} className="saved-search" data-name={s.name} onClick={() => onRun(s.query)}>
              <button
                type="button"
                className="link saved-search-run"
                title={`${s.query}\nsaved by ${s.saved_by}, ${s.saved_at}`}
              >
                {s.name}
              </button>
              <button
                type="button"
                className="icon secondary"
                aria-label={`Delete saved search ${s.name}`}
                title="Delete"
                onClick={(e) => {
                  e.stopPropagation();
                  void remove(s);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="save-search">
        <label htmlFor="save-search-name">Save this search as</label>
        <div className="inline">
          <input
            id="save-search-name"
            value={name}
            maxLength={100}
            placeholder="Name"
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void save();
              }
            }}
          />
          <button
            type="button"
            id="save-search"
            className="secondary"
            disabled={busy || name.trim() === '' || query.trim() === ''}
            title={query.trim() === '' ? 'Type a query first' : `Save ${query.trim()}`}
            onClick={() => void save()}
          >
            Save this search
          </button>
        </div>
      </div>
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
