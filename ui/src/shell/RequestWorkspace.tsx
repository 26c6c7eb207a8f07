import type { SessionUser } from '../api';
import { ImportScreen } from '../import/ImportScreen';
import { ReleaseScreen } from '../release/ReleaseScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { SearchScreen } from '../search/SearchScreen';

export type Tab = 'review' | 'search' | 'import' | 'release';

const TABS: { tab: Tab; label: string }[] = [
  { tab: 'review', label: 'Review' },
  { tab: 'search', label: 'Search' },
  { tab: 'import', label: 'Import' },
  { tab: 'release', label: 'Approval & export' },
];

interface Props {
  user: SessionUser;
  reference: string;
  tab: Tab;
  recordId?: number;
  order?: number[];
  /** The words of the search that opened the review (marked in both panes). */
  terms?: string[];
  onNavigate: (tab: Tab, recordId?: number, order?: number[], terms?: string[]) => void;
  onBack: () => void;
}

/** One request: its records reviewed, searched, imported, approved and exported. */
export function RequestWorkspace({ user, reference, tab, recordId, order, terms, onNavigate, onBack }: Props) {
  return (
    <main className="workspace">
      <div className="workspace-head">
        <button type="button" className="link back" onClick={onBack}>
          ← Requests
        </button>
        <h1 id="workspace-reference">{reference}</h1>
        <div role="tablist" aria-label={`Request ${reference}`} className="tabs">
          {TABS.map((t) => (
            <button
              key={t.tab}
              type="button"
              role="tab"
              id={`tab-${t.tab}`}
              aria-selected={tab === t.tab}
              aria-controls="workspace-panel"
              className={tab === t.tab ? 'tab current' : 'tab'}
              onClick={() =>
                onNavigate(t.tab, tab === 'review' || t.tab === 'review' ? recordId : undefined, order, terms)
              }
            >
              {t.label}
            </button>
          ))}
        </div>
      </div>
      <div id="workspace-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="workspace-panel">
        {tab === 'review' && (
          <ReviewScreen
            reference={reference}
            user={user}
            {...(recordId === undefined ? {} : { recordId })}
            {...(order === undefined ? {} : { order })}
            {...(terms === undefined ? {} : { terms })}
            onRecordChange={(id) => onNavigate('review', id, order, terms)}
          />
        )}
        {tab === 'search' && (
          <SearchScreen
            reference={reference}
            onOpenRecord={(id, hits, words) => onNavigate('review', id, hits, words)}
          />
        )}
        {tab === 'import' && (
          <ImportScreen reference={reference} mayIngest={user.may.ingest} onImported={() => undefined} />
        )}
        {tab === 'release' && (
          <ReleaseScreen reference={reference} user={user} onOpenRecord={(id) => onNavigate('review', id)} />
        )}
      </div>
    </main>
  );
}
