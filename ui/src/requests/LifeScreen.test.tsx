import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { LetterInfo, RequestLife, RequestRow } from '../api';
import { userOf } from '../testing';
import { LifeScreen } from './LifeScreen';

afterEach(() => {
  cleanup();
  clearMocks();
});

const request: RequestRow = {
  reference: 'PRA-1',
  requester: 'A. Reporter',
  description: 'Permits',
  received: '2026-11-02',
  due: '2026-11-12',
  days_left: 5,
  status: 'open',
  extended_days: 0,
  created_by: 'ana',
  records: 3,
  reviewed: 0,
  redactions: 0,
  assignee: null,
  submitted_by: null,
  submitted_at: null,
  state: 'in-review',
  closed_as: null,
  determined_on: null,
};

function life(extra: Partial<RequestLife> = {}): RequestLife {
  return { request, history: [], letters: [], ...extra };
}

const letter: LetterInfo = {
  id: 1,
  kind: 'clarification',
  language: 'es',
  sha256: 'ab',
  issued_by: 'ola',
  issued_at: '2026-11-05T10:00:00Z',
};

describe('LifeScreen', () => {
  it('previews a letter as text, issues it, and lists it', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'request_life') return life();
      if (cmd === 'preview_letter') {
        return { reference: 'PRA-1', kind: 'clarification', language: 'es', text: '<b>Estimado/a</b> A. Reporter' };
      }
      if (cmd === 'issue_letter') return life({ letters: [letter] });
      throw new Error(`unexpected ${cmd}`);
    });
    render(<LifeScreen reference="PRA-1" user={userOf('officer')} />);
    await waitFor(() => expect(document.getElementById('life-state')?.textContent).toBe('In review'));
    expect(screen.getByText('No letters yet.')).toBeTruthy();
    fireEvent.change(document.getElementById('letter-kind') as HTMLSelectElement, {
      target: { value: 'clarification' },
    });
    fireEvent.change(document.getElementById('letter-language') as HTMLSelectElement, { target: { value: 'es' } });
    fireEvent.change(document.getElementById('letter-note') as HTMLTextAreaElement, {
      target: { value: '¿Qué parcela?' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByLabelText('Letter preview');
    // Content is text, never markup.
    expect(preview.textContent).toBe('<b>Estimado/a</b> A. Reporter');
    expect(preview.querySelector('b')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Issue letter' }));
    await waitFor(() => expect(document.getElementById('life-letters')).not.toBeNull());
    const listed = within(document.getElementById('life-letters') as HTMLElement);
    expect(listed.getByText('Request for clarification')).toBeTruthy();
    expect(listed.getByText('Español')).toBeTruthy();
    expect(calls.find(([c]) => c === 'issue_letter')?.[1]).toEqual({
      reference: 'PRA-1',
      kind: 'clarification',
      language: 'es',
      note: '¿Qué parcela?',
    });
  });

  it('closes a request with why, and shows the refusal when a note is missing', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'request_life') return life();
      if (cmd === 'change_request_state') {
        const a = args as { note: string; closedAs: string | null; state: string };
        if (a.note === '') throw { code: 'Invalid', message: 'closing a request needs a note saying why' };
        return life({
          request: { ...request, state: 'closed', closed_as: a.closedAs },
          history: [{ from: 'in-review', to: 'closed', closed_as: a.closedAs, note: a.note, on: '2026-11-06', by: 'ola' }],
        });
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<LifeScreen reference="PRA-1" user={userOf('officer')} />);
    await waitFor(() => expect(document.getElementById('life-state')?.textContent).toBe('In review'));
    fireEvent.change(document.getElementById('state-target') as HTMLSelectElement, { target: { value: 'closed' } });
    fireEvent.change(document.getElementById('state-closed-as') as HTMLSelectElement, {
      target: { value: 'withdrawn' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change state' }));
    expect((await screen.findByRole('alert')).textContent).toContain('needs a note');
    fireEvent.change(document.getElementById('state-note') as HTMLInputElement, {
      target: { value: 'withdrawn by phone' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change state' }));
    await waitFor(() => expect(document.getElementById('life-state')?.textContent).toBe('Closed (withdrawn)'));
    expect(screen.getByText('withdrawn by phone')).toBeTruthy();
  });

  it('offers a clerk neither the state form nor letters', async () => {
    mockIPC(() => life({ letters: [letter] }));
    render(<LifeScreen reference="PRA-1" user={userOf('clerk')} />);
    await screen.findByText('In review');
    expect(screen.queryByRole('button', { name: 'Change state' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Issue letter' })).toBeNull();
    expect(within(document.getElementById('life-letters') as HTMLElement).getByText('Request for clarification')).toBeTruthy();
  });
});
