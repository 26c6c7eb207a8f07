// Counts of the matching records by custodian, kind, month, disposition, review status and
// exemption; a value narrows the query to it.
import { useState } from 'react';
import type { SearchFacets } from '../api';
import { count, FACET_FIELDS, facetFilter, type FacetField } from './query';

/** Values shown per facet before "Show all". */
const SHOWN = 8;

interface Props {
  facets: SearchFacets;
  onFilter: (filter: string) => void;
}

export function Facets({ facets, onFilter }: Props) {
  const [open, setOpen] = useState<ReadonlySet<FacetField>>(new Set());
  const groups = FACET_FIELDS.filter((f) => facets[f.field].length > 0);
  return (
    <nav className="facets" aria-label="Narrow the results">
      <h2>Narrow</h2>
      {groups.length === 0 && <p className="muted">Nothing to narrow by.</p>}
      {groups.map(({ field, label }) => {
        const values = facets[field];
        const all = open.has(field);
        const shown = all ? values : values.slice(0, SHOWN);
        const headingId = `facet-${field}`;
        return (
          <section key={field} className="facet-group" aria-labelledby={headingId}>
            <h3 id={headingId}>{label}</h3>
            <ul>
              {shown.map(({ value, count: n }) => {
                const filter = facetFilter(field, value);
                return (
                  <li key={value}>
                    <button
                      type="button"
                      className="facet"
                      data-facet={field}
                      data-value={value}
                      disabled={filter === null}
                      title={filter === null ? 'This value cannot be written in a query' : `Add ${filter} to the query`}
                      onClick={() => {
                        if (filter !== null) onFilter(filter);
                      }}
                    >
                      <span className="facet-value">{value === '' ? '(empty)' : value}</span>{' '}
                      <span className="facet-count">{count(n)}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {values.length > SHOWN && (
              <button
                type="button"
                className="link"
                aria-expanded={all}
                onClick={() => {
                  const next = new Set(open);
                  if (all) next.delete(field);
                  else next.add(field);
                  setOpen(next);
                }}
              >
                {all ? 'Show fewer' : `Show all ${values.length}`}
              </button>
            )}
          </section>
        );
      })}
    </nav>
  );
}
