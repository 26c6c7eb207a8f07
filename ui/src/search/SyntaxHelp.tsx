// A short guide to the query language (README.md, "Query language").

import { DISPOSITION_MARKS, REVIEW_STATUSES, SEARCHABLE_KINDS } from '../words';

const EXAMPLES: readonly [string, string][] = [
  ['permit', 'the word in any form: permit, permits, permitted'],
  ['"permits"', 'exactly that word (quotes turn stemming off)'],
  ['"building permit"', 'the words next to each other, in order'],
  ['"permit fees"~5', 'the words in order, at most 5 words apart'],
  ['permit*', 'words starting with permit'],
  ['lathrop~1', 'words within 1 change of lathrop (~2 allows 2)'],
  ['permit fees, permit AND fees', 'both words'],
  ['permit OR license', 'either'],
  ['permit -draft, permit NOT draft', 'the first without the second'],
  ['(permit OR license) AND fees', 'parentheses group'],
  ['from:lee, to:"ana ruiz", cc:, subject:', 'words in that part of a message'],
  ['custodian:"ann lee", custodian:ann*', 'whose records'],
  ['kind:pdf', SEARCHABLE_KINDS.join(', ')],
  ['date:2025-03-14, date:2025-03, date:2025', 'a day, a month, a year'],
  ['date:[2025-01-01 TO 2025-03-31]', 'a range; { } leave the ends out, * is open'],
  ['disposition:withhold', ['undecided', ...Object.keys(DISPOSITION_MARKS)].join(', ')],
  ['status:unreviewed', REVIEW_STATUSES.join(', ')],
  ['exemption:7927.500, exemption:7927*', 'records withheld or redacted under that code'],
  ['thread:1204', 'the messages of that conversation'],
  ['inclusive:yes', 'only the messages a reviewer must read to have read each conversation'],
];

export function SyntaxHelp({ id }: { id: string }) {
  return (
    <section id={id} className="syntax-help panel" aria-label="Query syntax">
      <table>
        <thead>
          <tr>
            <th scope="col">Write</th>
            <th scope="col">Finds</th>
          </tr>
        </thead>
        <tbody>
          {EXAMPLES.map(([write, finds]) => (
            <tr key={write}>
              <td>
                <code>{write}</code>
              </td>
              <td>{finds}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Operators are upper case (<code>and</code> is a word). Without parentheses <code>NOT</code> binds
        tightest, then <code>AND</code>, then <code>OR</code>. A date is the record's date as written in it.
      </p>
    </section>
  );
}
