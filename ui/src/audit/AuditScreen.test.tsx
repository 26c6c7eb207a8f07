import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent, AuditReport, JsonValue } from '../api';
import { AUDIT_PAGE, AuditScreen, localTime } from './AuditScreen';

afterEach(() => {
  cleanup();
  clearMocks();
});

function event(seq: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    seq,
    at: '2026-11-16T12:00:00.000000Z',
    actor: 'ana',
    action: 'request.create',
    subject: `request:PRA-${seq}`,
    details: { n: seq },
    prev_hash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...extra,
  };
}

interface LogArgs {
  request: string | null;
  afterSeq: number;
  limit: number;
}

/** A mock core whose log holds `events` (oldest first); it records every audit_log call. */
function mockLog(events: AuditEvent[] | ((request: string | null) => AuditEvent[]), report?: AuditReport) {
  const calls: LogArgs[] = [];
  mockIPC((cmd, args) => {
    if (cmd === 'audit_log') {
      const a = args as unknown as LogArgs;
      calls.push({ request: a.request, afterSeq: a.afterSeq, limit: a.limit });
      const all = typeof events === 'function' ? events(a.request) : events;
      return all.filter((e) => e.seq > a.afterSeq).slice(0, a.limit);
    }
    if (cmd === 'audit_verify' && report !== undefined) return report;
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

const seqs = () => [...document.querySelectorAll('.audit-row')].map((r) => Number(r.getAttribute('data-seq')));

describe('AuditScreen', () => {
  it('pages through the log and shows the newest events first, 500 at a time', async () => {
    const log = Array.from({ length: AUDIT_PAGE + 3 }, (_, i) => event(i + 1));
    const calls = mockLog(log);
    render(<AuditScreen requests={[]} />);
    await screen.findByText('request:PRA-5003');

    expect(AUDIT_PAGE).toBe(5000);
    expect(calls).toEqual([
      { request: null, afterSeq: 0, limit: 5000 },
      { request: null, afterSeq: 5000, limit: 5000 },
    ]);
    const shown = seqs();
    expect(shown).toHaveLength(500);
    expect(shown.slice(0, 3)).toEqual([5003, 5002, 5001]);
    expect(shown[499]).toBe(4504);
    expect(screen.getByText(/5003 events — showing the newest 500/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(seqs()).toHaveLength(1000);
    expect(seqs()[999]).toBe(4004);
  });

  it('stops after one call when the first page is short', async () => {
    const calls = mockLog([event(1), event(2)]);
    render(<AuditScreen requests={[]} />);
    await screen.findByText('request:PRA-2');
    expect(calls).toHaveLength(1);
    expect(seqs()).toEqual([2, 1]);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('shows each column, the time in local time with the raw value as its title', async () => {
    const at = '2026-11-16T09:30:05.123456Z';
    mockLog([event(7, { at, actor: 'bo', action: 'redact.text', subject: 'record:12', details: { code: 'b6', ids: [1, 2] } })]);
    render(<AuditScreen requests={[]} />);
    const row = (await screen.findByText('record:12')).closest('tr');
    if (row === null) throw new Error('no row');
    const cells = within(row);
    expect(cells.getByText('7')).toBeTruthy();
    expect(cells.getByText('bo')).toBeTruthy();
    expect(cells.getByText('redact.text')).toBeTruthy();
    expect(cells.getByText('{"code":"b6","ids":[1,2]}')).toBeTruthy();
    const time = row.querySelector('time');
    expect(time?.getAttribute('title')).toBe(at);
    expect(time?.textContent).toBe(localTime(at));
    const d = new Date(at);
    expect(localTime(at)).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d ${String(d.getHours()).padStart(2, '0')}:30:05$`));
    expect(localTime('not a time')).toBe('not a time');
    expect(document.querySelectorAll('th[scope="col"]')).toHaveLength(6);
  });

  it('renders details as text, never as markup', async () => {
    const details: JsonValue = { note: '<script>window.pwned = true</script><img src=x onerror=alert(1)>' };
    mockLog([event(1, { details, subject: '<b>bold</b>' })]);
    render(<AuditScreen requests={[]} />);
    await screen.findByText('<b>bold</b>');
    expect(screen.getByText(JSON.stringify(details))).toBeTruthy();
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('b')).toBeNull();
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('filters by actor and action (contains, any case) and by date', async () => {
    mockLog([
      event(1, { actor: 'ana', action: 'request.create', at: '2026-11-01T12:00:00Z' }),
      event(2, { actor: 'Bo', action: 'redact.text', at: '2026-11-05T12:00:00Z' }),
      event(3, { actor: 'bob', action: 'REDACT.area', at: '2026-11-09T12:00:00Z' }),
      event(4, { actor: 'ana', action: 'export.release', at: '2026-11-12T12:00:00Z' }),
    ]);
    render(<AuditScreen requests={[]} />);
    await screen.findByText('request:PRA-4');
    expect(seqs()).toEqual([4, 3, 2, 1]);

    const set = (id: string, value: string) => {
      const el = document.getElementById(id);
      if (el === null) throw new Error(`no #${id}`);
      fireEvent.change(el, { target: { value } });
    };
    set('audit-actor', 'BO');
    expect(seqs()).toEqual([3, 2]);
    set('audit-action', 'area');
    expect(seqs()).toEqual([3]);
    set('audit-actor', '');
    set('audit-action', 'Redact');
    expect(seqs()).toEqual([3, 2]);
    set('audit-action', '');

    set('audit-from', '2026-11-05');
    expect(seqs()).toEqual([4, 3, 2]);
    set('audit-to', '2026-11-09');
    expect(seqs()).toEqual([3, 2]);
    expect(screen.getByText('2 matching events of 4')).toBeTruthy();

    set('audit-actor', 'nobody');
    expect(seqs()).toEqual([]);
    expect(screen.getByText('No events match the filters.')).toBeTruthy();
  });

  it('labels every filter', async () => {
    mockLog([]);
    render(<AuditScreen requests={['PRA-1']} />);
    await screen.findByText('No events yet.');
    expect(screen.getByLabelText('Request').id).toBe('audit-request');
    expect(screen.getByLabelText('Actor contains').id).toBe('audit-actor');
    expect(screen.getByLabelText('Action contains').id).toBe('audit-action');
    expect(screen.getByLabelText('From date').id).toBe('audit-from');
    expect(screen.getByLabelText('To date').id).toBe('audit-to');
  });

  it("reloads with the chosen request's events", async () => {
    const calls = mockLog((request) =>
      request === 'PRA-2' ? [event(5, { subject: 'request:PRA-2' })] : [event(1), event(5, { subject: 'request:PRA-2' })],
    );
    render(<AuditScreen requests={['PRA-1', 'PRA-2']} />);
    await screen.findByText('request:PRA-1');
    const select = screen.getByLabelText('Request') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['All requests', 'PRA-1', 'PRA-2']);

    fireEvent.change(select, { target: { value: 'PRA-2' } });
    await vi.waitFor(() => expect(seqs()).toEqual([5]));
    expect(calls.at(-1)).toEqual({ request: 'PRA-2', afterSeq: 0, limit: 5000 });

    fireEvent.change(select, { target: { value: '' } });
    await vi.waitFor(() => expect(seqs()).toEqual([5, 1]));
    expect(calls.at(-1)).toEqual({ request: null, afterSeq: 0, limit: 5000 });
  });

  it('reports an intact chain', async () => {
    mockLog([event(1)], { ok: true, events: 1234, first_break: null });
    render(<AuditScreen requests={[]} />);
    await screen.findByText('request:PRA-1');
    fireEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    expect((await screen.findByRole('status')).textContent).toBe('Chain intact: 1234 events');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports the first break of the chain in an alert', async () => {
    mockLog([event(1)], { ok: false, events: 41, first_break: { seq: 42, reason: 'hash does not match the event' } });
    render(<AuditScreen requests={[]} />);
    await screen.findByText('request:PRA-1');
    fireEvent.click(document.getElementById('audit-verify') as HTMLElement);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Chain broken at event 42: hash does not match the event');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("shows the office's refusal", async () => {
    mockIPC(() => {
      throw { code: 'Forbidden', message: "clerk 'bo' may not read the office's audit log" };
    });
    render(<AuditScreen requests={[]} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe("clerk 'bo' may not read the office's audit log");
    expect(alert.className).toBe('form-error');
    expect(document.querySelector('table')).toBeNull();
  });
});
