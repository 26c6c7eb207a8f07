import { cleanup, render, screen } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRow } from '../api';
import { ApprovalQueue } from './ApprovalQueue';

function row(reference: string, status: string, submitted_by: string | null): RequestRow {
  return {
    reference,
    requester: 'A. Reporter',
    description: 'Permits',
    received: '2026-11-02',
    due: '2026-11-12',
    days_left: 5,
    status,
    extended_days: 0,
    created_by: 'ana',
    records: 3,
    reviewed: 3,
    redactions: 1,
    assignee: null,
    submitted_by,
    submitted_at: submitted_by === null ? null : '2026-12-05T09:12:33Z',
    state: 'in-review',
    closed_as: null,
    determined_on: null,
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('ApprovalQueue', () => {
  it('says who submitted each release waiting for a decision, and when', async () => {
    mockIPC(() => ({ today: '2026-11-07', requests: [row('PRA-1', 'submitted', 'ola'), row('PRA-2', 'open', null)] }));
    render(<ApprovalQueue onOpen={() => {}} />);
    const table = await screen.findByRole('table');
    expect(table.querySelector('tr[data-reference="PRA-1"] .submitted')?.textContent).toBe('by ola, 2026-12-05 09:12 UTC');
    expect(table.querySelector('tr[data-reference="PRA-2"]')).toBeNull();
  });
});
