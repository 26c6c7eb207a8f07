import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchRow, RecordSummary } from '../api';
import { recordSummary, userOf } from '../testing';
import { BatchesScreen, perHour } from './BatchesScreen';

const REF = 'PRA-1';

function record(id: number, batch: number | null): RecordSummary {
  return recordSummary(id, { batch });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('BatchesScreen', () => {
  it('lets an officer make batches from a query, see their progress and assign one', async () => {
    let batches: BatchRow[] = [];
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, a]);
      switch (cmd) {
        case 'batches':
          return {
            batches,
            reviewers: [{ reviewer: 'bo', decided: 30, first_at: '2026-12-01T09:00:00Z', last_at: '2026-12-01T11:00:00Z' }],
          };
        case 'list_records':
          return [record(1, batches.length > 0 ? 1 : null), record(2, batches.length > 0 ? 1 : null), record(3, batches.length > 0 ? 2 : null)];
        case 'users':
          return [{ name: 'bo', display_name: 'Bo Clerk', role: 'clerk', active: true, locked: false, locked_until: null, created_at: '' }];
        case 'make_batches':
          batches = [
            { number: 1, records: 2, decided: 1, reviewer: null },
            { number: 2, records: 1, decided: 0, reviewer: null },
          ];
          return batches;
        case 'assign_batch':
          batches = batches.map((b) => (b.number === a.batch ? { ...b, reviewer: a.to as string } : b));
          return batches.find((b) => b.number === a.batch);
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    const review = vi.fn();
    render(<BatchesScreen reference={REF} user={userOf('officer')} onReview={review} />);
    await screen.findByText(/No batches yet/);
    fireEvent.change(screen.getByLabelText('Records a batch'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Only the hits of'), { target: { value: 'from:lee' } });
    fireEvent.click(screen.getByRole('button', { name: 'Make batches' }));
    await screen.findByText('Made 2 batches holding 3 records.');
    expect(calls.find(([c]) => c === 'make_batches')?.[1]).toEqual({ reference: REF, size: 2, query: 'from:lee' });
    const table = screen.getByRole('table', { name: 'Batches' });
    const first = table.querySelector('tr[data-batch="1"]') as HTMLElement;
    expect(first.textContent).toContain('1 (50 %)');
    expect(first.textContent).toContain('open');
    fireEvent.change(within(first).getByLabelText('Reviewer for batch 1'), { target: { value: 'bo' } });
    fireEvent.click(within(first).getByRole('button', { name: 'Assign' }));
    await screen.findByText('Batch 1 assigned to bo.');
    expect(calls.find(([c]) => c === 'assign_batch')?.[1]).toEqual({ reference: REF, batch: 1, to: 'bo' });
    await waitFor(() => expect(table.querySelector('tr[data-batch="1"]')?.textContent).toContain('bo'));
    fireEvent.click(within(table.querySelector('tr[data-batch="1"]') as HTMLElement).getByRole('button', { name: 'Review' }));
    expect(review).toHaveBeenCalledWith([1, 2], 'Batch 1');
    // Reviewers: 30 decided over two hours.
    const reviewers = screen.getByRole('table', { name: 'Reviewers' });
    expect(reviewers.textContent).toContain('15');
  });

  it('lets a clerk take the next open batch and opens it for review', async () => {
    mockIPC((cmd) => {
      switch (cmd) {
        case 'batches':
          return { batches: [{ number: 4, records: 2, decided: 0, reviewer: null }], reviewers: [] };
        case 'list_records':
          return [record(7, 4), record(8, 4), record(9, null)];
        case 'take_batch':
          return { number: 4, records: 2, decided: 0, reviewer: 'bo' };
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    const review = vi.fn();
    render(<BatchesScreen reference={REF} user={userOf('clerk')} onReview={review} />);
    expect(screen.queryByRole('button', { name: 'Make batches' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Take the next open batch' }));
    await waitFor(() => expect(review).toHaveBeenCalledWith([7, 8], 'Batch 4'));
  });

  it('works out a rate only from enough to go on', () => {
    expect(perHour({ reviewer: 'a', decided: 30, first_at: '2026-12-01T09:00:00Z', last_at: '2026-12-01T11:00:00Z' })).toBe(15);
    expect(perHour({ reviewer: 'a', decided: 1, first_at: '2026-12-01T09:00:00Z', last_at: '2026-12-01T11:00:00Z' })).toBeNull();
    expect(perHour({ reviewer: 'a', decided: 5, first_at: '2026-12-01T09:00:00Z', last_at: '2026-12-01T09:00:10Z' })).toBeNull();
    expect(perHour({ reviewer: 'a', decided: 5, first_at: null, last_at: null })).toBeNull();
  });
});
