import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard as DashboardData, RequestRow, SessionUser } from '../api';
import { Dashboard } from './Dashboard';
import { userOf } from '../testing';

afterEach(() => {
  cleanup();
  clearMocks();
});

const officer: SessionUser = userOf('officer', 'ana');
const clerk: SessionUser = userOf('clerk');

function row(reference: string, daysLeft: number, extra: Partial<RequestRow> = {}): RequestRow {
  return {
    reference,
    requester: `Requester of ${reference}`,
    description: 'Permits for 12 Main St',
    received: '2026-11-02',
    due: '2026-11-12',
    days_left: daysLeft,
    status: 'open',
    extended_days: 0,
    created_by: 'ana',
    records: 0,
    reviewed: 0,
    redactions: 0,
    assignee: null,
    submitted_by: null,
    submitted_at: null,
    state: 'open',
    closed_as: null,
    determined_on: null,
    ...extra,
  };
}

const data: DashboardData = {
  today: '2026-11-16',
  requests: [
    row('PRA-1', -2),
    row('PRA-2', 0),
    row('PRA-3', 3),
    row('PRA-4', 4),
    row('PRA-5', -9, { status: 'closed' }),
    row('PRA-6', 1, { requester: '<img src=x onerror=alert(1)>' }),
  ],
};

function rowOf(reference: string): HTMLElement {
  const tr = document.querySelector<HTMLElement>(`tr[data-reference="${reference}"]`);
  if (tr === null) throw new Error(`no row ${reference}`);
  return tr;
}

describe('Dashboard', () => {
  it('lists every request with its dates, days left and status, flagging urgency', async () => {
    mockIPC((cmd) => {
      if (cmd === 'list_requests') return data;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Dashboard user={officer} onSessionLost={() => {}} />);
    await screen.findByText('PRA-1');

    expect(document.querySelectorAll('tbody tr')).toHaveLength(6);
    const first = within(rowOf('PRA-1'));
    expect(first.getByText('Requester of PRA-1')).toBeTruthy();
    expect(first.getByText('2026-11-02')).toBeTruthy();
    expect(first.getByText('2026-11-12')).toBeTruthy();
    expect(first.getByText('2 days overdue')).toBeTruthy();
    expect(first.getByText('open')).toBeTruthy();

    expect(rowOf('PRA-1').className).toBe('overdue');
    expect(rowOf('PRA-2').className).toBe('due-soon');
    expect(within(rowOf('PRA-2')).getByText('due today').className).toBe('days due-soon');
    expect(rowOf('PRA-3').className).toBe('due-soon');
    expect(rowOf('PRA-4').className).toBe('on-track');
    expect(rowOf('PRA-5').className).toBe('finished');
    expect(screen.getByText('1 overdue')).toBeTruthy();
    expect(screen.getByText('3 due within 3 days')).toBeTruthy();
  });

  it('filters by state and counts what is due today and this week', async () => {
    mockIPC(() => ({
      today: '2026-11-16',
      requests: [
        row('PRA-1', 0),
        row('PRA-2', 5, { state: 'awaiting-clarification' }),
        row('PRA-3', 3, { state: 'partly-released', determined_on: '2026-11-10' }),
        row('PRA-4', 0, { state: 'closed', closed_as: 'withdrawn' }),
        row('PRA-5', 12),
      ],
    }));
    render(<Dashboard user={officer} onSessionLost={() => {}} />);
    await screen.findByText('PRA-1');
    // Owed: a first determination not yet made, on a request not closed.
    expect(document.getElementById('due-today')?.textContent).toBe('1 due today');
    expect(document.getElementById('due-week')?.textContent).toBe('2 due this week');
    expect(within(rowOf('PRA-4')).getByText('Closed (withdrawn)')).toBeTruthy();
    fireEvent.change(document.getElementById('state-filter') as HTMLSelectElement, {
      target: { value: 'awaiting-clarification' },
    });
    expect(document.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(within(rowOf('PRA-2')).getByText('Awaiting clarification')).toBeTruthy();
    fireEvent.change(document.getElementById('state-filter') as HTMLSelectElement, {
      target: { value: 'in-review' },
    });
    expect(screen.getByText('No requests in this state.')).toBeTruthy();
  });

  it('renders record content as text', async () => {
    mockIPC(() => data);
    render(<Dashboard user={officer} onSessionLost={() => {}} />);
    const cell = await screen.findByText('<img src=x onerror=alert(1)>');
    expect(cell.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('offers the new-request form only to roles that may log requests', async () => {
    mockIPC(() => data);
    render(<Dashboard user={clerk} onSessionLost={() => {}} />);
    await screen.findByText('PRA-1');
    expect(screen.queryByRole('button', { name: 'New request' })).toBeNull();
  });

  it('logs a new request and reloads the list', async () => {
    let requests = [row('PRA-1', 5)];
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_requests') return { today: '2026-11-16', requests };
      if (cmd === 'create_request') {
        created.push(args);
        const r = row('PRA-9', 10, { due: '2026-11-30' });
        requests = [...requests, r];
        return r;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Dashboard user={officer} onSessionLost={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'New request' }));
    expect((screen.getByLabelText('Received (YYYY-MM-DD)') as HTMLInputElement).value).toBe('2026-11-16');
    const set = (label: string, value: string) =>
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    set('Reference', 'PRA-9');
    set('Requester', 'A. Reporter');
    set('Records asked for', 'Permits');
    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));

    expect((await screen.findByRole('status')).textContent).toBe('Request PRA-9 logged: due 2026-11-30.');
    await screen.findByText('PRA-9');
    expect(created).toEqual([
      { reference: 'PRA-9', requester: 'A. Reporter', received: '2026-11-16', description: 'Permits' },
    ]);
    expect(screen.queryByRole('button', { name: 'Log request' })).toBeNull();
  });

  it('shows the counts and opens a request', async () => {
    const onOpen = vi.fn();
    mockIPC(() => ({
      today: '2026-11-16',
      requests: [row('PRA-1', 5, { records: 40, reviewed: 10, redactions: 7, assignee: 'bo' })],
    }));
    render(<Dashboard user={clerk} onSessionLost={() => {}} onOpen={onOpen} />);
    await screen.findByText('PRA-1');
    const r = within(rowOf('PRA-1'));
    expect(r.getByText('40')).toBeTruthy();
    expect(rowOf('PRA-1').textContent).toContain('10 (25%)');
    expect(r.getByText('7')).toBeTruthy();
    expect(r.getByText('bo')).toBeTruthy();
    // A clerk cannot extend.
    expect(r.queryByRole('button', { name: 'Extend PRA-1' })).toBeNull();
    fireEvent.click(r.getByRole('button', { name: 'PRA-1' }));
    expect(onOpen).toHaveBeenCalledWith('PRA-1');
  });

  it('extends a request with the reason, and shows a refusal', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_requests') return { today: '2026-11-16', requests: [row('PRA-1', 2)] };
      if (cmd === 'extend_request') {
        calls.push(args);
        const a = args as { days: number };
        if (a.days > 14) throw { code: 'Invalid', message: 'an extension is at most 14 days in all (7922.535(b))' };
        return row('PRA-1', 16, { due: '2026-11-30', extended_days: 14 });
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Dashboard user={officer} onSessionLost={() => {}} />);
    await screen.findByText('PRA-1');
    fireEvent.click(screen.getByRole('button', { name: 'Extend PRA-1' }));
    fireEvent.change(screen.getByLabelText('Days'), { target: { value: '20' } });
    fireEvent.change(screen.getByLabelText('Unusual circumstances (sent to the requester)'), {
      target: { value: 'Records at a field office' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Extend' }));
    expect((await screen.findByRole('alert')).textContent).toBe('an extension is at most 14 days in all (7922.535(b))');
    fireEvent.change(screen.getByLabelText('Days'), { target: { value: '14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Extend' }));
    expect((await screen.findByRole('status')).textContent).toBe('Request PRA-1 extended: now due 2026-11-30.');
    expect(calls).toEqual([
      { reference: 'PRA-1', days: 20, reason: 'Records at a field office' },
      { reference: 'PRA-1', days: 14, reason: 'Records at a field office' },
    ]);
  });

  it("keeps the form open with the office's error", async () => {
    mockIPC((cmd) => {
      if (cmd === 'list_requests') return { today: '2026-11-16', requests: [] };
      throw { code: 'Conflict', message: 'request PRA-1 already exists' };
    });
    render(<Dashboard user={officer} onSessionLost={() => {}} />);
    await screen.findByText('No requests yet.');
    fireEvent.click(screen.getByRole('button', { name: 'New request' }));
    fireEvent.change(screen.getByLabelText('Reference'), { target: { value: 'PRA-1' } });
    fireEvent.change(screen.getByLabelText('Requester'), { target: { value: 'A. Reporter' } });
    fireEvent.change(screen.getByLabelText('Records asked for'), { target: { value: 'Permits' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log request' }));
    expect((await screen.findByRole('alert')).textContent).toBe('request PRA-1 already exists');
    expect(screen.getByRole('button', { name: 'Log request' })).toBeTruthy();
  });

  it('hands a refused session back to sign-in', async () => {
    mockIPC(() => {
      throw { code: 'Unauthenticated', message: "account 'ana' is no longer active" };
    });
    const lost = vi.fn();
    render(<Dashboard user={officer} onSessionLost={lost} />);
    await vi.waitFor(() => expect(lost).toHaveBeenCalledWith("account 'ana' is no longer active"));
  });
});
