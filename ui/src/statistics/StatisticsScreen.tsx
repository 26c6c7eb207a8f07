import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type OfficeStatistics, type Spread, toApiError } from '../api';
import './statistics.css';

interface Props {
  /** The office's today (YYYY-MM-DD): the period runs from January 1 of its year to it. */
  today?: string;
}

function todayLocal(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function days(s: Spread): string {
  if (s.median === null || s.p90 === null) return 'none in the period';
  return `median ${s.median}, 90th percentile ${s.p90} (${s.count} ${s.count === 1 ? 'request' : 'requests'})`;
}

interface Bar {
  label: string;
  value: number;
  /** A second value drawn beside the first (closed beside received). */
  second?: number;
}

/** A bar chart drawn as SVG: one bar (or a pair) per label, its value written above it. */
function BarChart({ id, title, bars, legend }: { id: string; title: string; bars: Bar[]; legend?: [string, string] }) {
  const max = Math.max(1, ...bars.flatMap((b) => [b.value, b.second ?? 0]));
  const pair = bars.some((b) => b.second !== undefined);
  const slot = pair ? 56 : 40;
  const height = 160;
  const width = Math.max(200, bars.length * slot + 20);
  const scale = (v: number) => (v / max) * (height - 50);
  return (
    <figure className="chart" id={id}>
      <figcaption>{title}</figcaption>
      <svg width={width} height={height} role="img" aria-label={title}>
        {bars.map((b, i) => {
          const x = 10 + i * slot;
          const w = pair ? 20 : 28;
          const h1 = scale(b.value);
          return (
            <g key={b.label}>
              <rect className="bar" x={x} y={height - 30 - h1} width={w} height={h1} />
              <text x={x + w / 2} y={height - 34 - h1} textAnchor="middle" className="value">
                {b.value}
              </text>
              {b.second !== undefined && (
                <>
                  <rect className="bar second" x={x + w + 2} y={height - 30 - scale(b.second)} width={w} height={scale(b.second)} />
                  <text x={x + w * 1.5 + 2} y={height - 34 - scale(b.second)} textAnchor="middle" className="value">
                    {b.second}
                  </text>
                </>
              )}
              <text x={x + (pair ? w + 1 : w / 2)} y={height - 12} textAnchor="middle" className="label">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
      {legend !== undefined && (
        <p className="legend">
          <span className="swatch" /> {legend[0]} <span className="swatch second" /> {legend[1]}
        </p>
      )}
    </figure>
  );
}

/** The office's figures for a period: counts, days to determination and to close, charts. */
export function StatisticsScreen({ today }: Props) {
  const end = today ?? todayLocal();
  const [from, setFrom] = useState(`${end.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(end);
  const [stats, setStats] = useState<OfficeStatistics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (f: string, t: string) => {
    setBusy(true);
    try {
      setStats(await api.statistics(f, t));
      setError(null);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(`${end.slice(0, 4)}-01-01`, end);
  }, [load, end]);

  function show(e: FormEvent) {
    e.preventDefault();
    void load(from, to);
  }

  return (
    <main className="content statistics">
      <div className="page-head">
        <h1>Statistics</h1>
      </div>
      <form className="stats-period" onSubmit={show}>
        <label>
          From
          <input id="stats-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input id="stats-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" id="stats-show" disabled={busy}>
          Show
        </button>
      </form>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {stats !== null && (
        <>
          <dl className="stats-figures" id="stats-figures">
            <dt>Requests received</dt>
            <dd id="stats-received">{stats.received}</dd>
            <dt>Requests closed</dt>
            <dd id="stats-closed">
              {stats.closed}
              {Object.keys(stats.closed_as).length > 0 && (
                <span className="muted">
                  {' '}
                  (
                  {Object.entries(stats.closed_as)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')}
                  )
                </span>
              )}
            </dd>
            <dt>Days to the first determination</dt>
            <dd id="stats-determination">{days(stats.days_to_determination)}</dd>
            <dt>Days to close</dt>
            <dd id="stats-close">{days(stats.days_to_close)}</dd>
            <dt>Late (not determined by the due date)</dt>
            <dd id="stats-late">{stats.late}</dd>
            <dt>Extensions</dt>
            <dd>{stats.extensions}</dd>
            <dt>Installments released</dt>
            <dd id="stats-installments">{stats.installments}</dd>
            <dt>Pages released</dt>
            <dd>{stats.pages_released}</dd>
          </dl>
          <div className="stats-charts">
            <BarChart
              id="chart-months"
              title="Requests per month"
              bars={stats.per_month.map((m) => ({ label: m.month.slice(2), value: m.received, second: m.closed }))}
              legend={['received', 'closed']}
            />
            <BarChart
              id="chart-close-days"
              title="Days from receipt to closing"
              bars={stats.days_to_close_histogram.map((b) => ({ label: b.label.replace(' days', ''), value: b.count }))}
            />
            <BarChart
              id="chart-exemptions"
              title="Exemptions cited (records)"
              bars={stats.exemptions_cited.map((c) => ({ label: c.code, value: Number(c.records) }))}
            />
          </div>
          {stats.exemptions_cited.length > 0 && (
            <table className="stats-exemptions" id="stats-exemptions">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Exemption</th>
                  <th scope="col">Records</th>
                </tr>
              </thead>
              <tbody>
                {stats.exemptions_cited.map((c) => (
                  <tr key={c.code}>
                    <td>{c.code}</td>
                    <td>{c.label}</td>
                    <td className="num">{c.records}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}
