import type { SessionUser } from '../api';
import { BatchesScreen } from '../batches/BatchesScreen';
import { ImportScreen } from '../import/ImportScreen';
import { ReleaseScreen } from '../release/ReleaseScreen';
import { LifeScreen } from '../requests/LifeScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { SearchScreen } from '../search/SearchScreen';

export type Tab = 'review' | 'search' | 'batches' | 'import' | 'release' | 'life';

const TABS: { tab: Tab; label: string }[] = [
  { tab: 'review', label: 'Review' },
  { tab: 'search', label: 'Search' },
  { tab: 'batches', label: 'Batches' },
  { tab: 'import', label: 'Import' },
  { tab: 'release', label: 'Approval & export' },
  { tab: 'life', label: 'State & letters' },
];

/** Where a reviewer is in a request: the record on screen and the sequence it is part of. */
export interface Place {
  recordId?: number;
  /** The order to go through records in (a search's hits, a batch), else every record. */
  order?: number[];
  /** The words of the search that opened the review (marked in both panes). */
  terms?: string[];
  /** What `order` is, for the review list's title ("Search: permit*", "Batch 3"). */
  source?: string;
}

interface Props {
  user: SessionUser;
  reference: string;
  tab: Tab;
  place: Place;
  onNavigate: (tab: Tab, place: Place) => void;
  onBack: () => void;
}

/** One request: its records reviewed, searched, batched, imported, approved and exported. */
export function RequestWorkspace({ user, reference, tab, place, onNavigate, onBack }: Props) {
  const { recordId, order, terms, source } = place;
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
              // The place in review is kept whatever tab is shown.
              onClick={() => onNavigate(t.tab, place)}
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
            {...(source === undefined ? {} : { source })}
            onRecordChange={(id) => onNavigate('review', { ...place, recordId: id })}
            onOpenSequence={(id, ids, label) =>
              onNavigate(
                'review',
                ids === undefined ? { recordId: id } : { recordId: id, order: ids, source: label ?? 'Records' },
              )
            }
          />
        )}
        {tab === 'search' && (
          <SearchScreen
            reference={reference}
            mayEditHighlights={user.may.assign_review}
            onOpenRecord={(id, hits, words, label) =>
              onNavigate('review', { recordId: id, order: hits, terms: words, source: label })
            }
          />
        )}
        {tab === 'batches' && (
          <BatchesScreen
            reference={reference}
            user={user}
            onReview={(ids, label) => {
              const first = ids[0];
              onNavigate('review', first === undefined ? {} : { recordId: first, order: ids, source: label });
            }}
          />
        )}
        {tab === 'import' && (
          <ImportScreen reference={reference} mayIngest={user.may.ingest} onImported={() => undefined} />
        )}
        {tab === 'release' && (
          <ReleaseScreen reference={reference} user={user} onOpenRecord={(id) => onNavigate('review', { recordId: id })} />
        )}
        {tab === 'life' && <LifeScreen reference={reference} user={user} />}
      </div>
    </main>
  );
}
