import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfficeStatistics } from '../api';
import { StatisticsScreen } from './StatisticsScreen';

afterEach(() => {
  cleanup();
  clearMocks();
});

const STATS: OfficeStatistics = {
  from: '2026-01-01',
  to: '2026-03-31',
  received: 5,
  closed: 5,
  closed_as: { denied: 1, fulfilled: 1, 'no-records': 2, withdrawn: 1 },
  days_to_determination: { count: 4, median: 5.5, p90: 20 },
  days_to_close: { count: 5, median: 19, p90: 20 },
  late: 2,
  extensions: 1,
  installments: 1,
  pages_released: 2,
  exemptions_cited: [{ code: '7923.600', label: 'Gov. Code §7923.600', records: 1 }],
  per_month: [
    { month: '2026-01', received: 2, closed: 3 },
    { month: '2026-02', received: 2, closed: 1 },
    { month: '2026-03', received: 1, closed: 1 },
  ],
  days_to_close_histogram: [
    { label: '0–10 days', count: 2 },
    { label: '11–24 days', count: 3 },
  ],
};

describe('StatisticsScreen', () => {
  it('asks for the year so far, shows the figures and draws the charts', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'statistics') throw new Error(`unexpected ${cmd}`);
      asked.push(args);
      return STATS;
    });
    render(<StatisticsScreen today="2026-04-15" />);
    await screen.findByText('median 5.5, 90th percentile 20 (4 requests)');
    expect(asked[0]).toEqual({ from: '2026-01-01', to: '2026-04-15' });
    expect(document.getElementById('stats-received')?.textContent).toBe('5');
    expect(document.getElementById('stats-late')?.textContent).toBe('2');
    // Three charts, a bar (or pair) per month, bucket and code.
    expect(document.querySelectorAll('#chart-months rect.bar')).toHaveLength(6);
    expect(document.querySelectorAll('#chart-close-days rect.bar')).toHaveLength(2);
    expect(document.querySelectorAll('#chart-exemptions rect.bar')).toHaveLength(1);
    fireEvent.change(document.getElementById('stats-from') as HTMLInputElement, { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]).toEqual({ from: '2026-03-01', to: '2026-04-15' });
  });

  it('shows a refusal as one line', async () => {
    mockIPC(() => {
      throw { code: 'Forbidden', message: 'clerk bo may not read the office’s statistics' };
    });
    render(<StatisticsScreen today="2026-04-15" />);
    expect((await screen.findByRole('alert')).textContent).toContain('may not');
  });
});
