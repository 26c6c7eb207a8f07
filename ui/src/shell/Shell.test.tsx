import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordSummary, RequestRow, ReviewPair } from '../api';
import { forgetReadRecords } from '../review/ReviewScreen';
import { recordSummary, userOf } from '../testing';
import { Shell } from './Shell';

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

function summary(id: number): RecordSummary {
  return recordSummary(id, { path: `/c/${id}.txt`, kind: 'text', title: `Record ${id}` });
}

function pair(id: number): ReviewPair {
  const text = `Text of record ${id}`;
  return {
    record: {
      doc_id: id,
      path: `/c/${id}.txt`,
      kind: 'text',
      title: `Record ${id}`,
      folder: null,
      item: null,
      deleted: false,
      disposition: null,
      review_status: 'unreviewed',
      exemptions: [],
      duplicate_of: null,
      text,
      redactions: [],
      pages: [],
      note: null,
      note_by: null,
      note_at: null,
      version: 1,
    },
    release: { doc_id: id, disposition: null, withheld: false, excluded: false, text, boxes: [] },
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
  forgetReadRecords();
});

describe('Shell', () => {
  it('returns to the same record of the same sequence after leaving a request', async () => {
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      switch (cmd) {
        case 'list_requests':
          return { today: '2026-11-07', requests: [request] };
        case 'list_records':
          return [1, 2, 3].map(summary);
        case 'review_record':
          return pair(a.id as number);
        case 'exemptions':
        case 'highlight_terms':
          return [];
        case 'batches':
          return { batches: [{ number: 1, records: 2, decided: 0, reviewer: null }], reviewers: [] };
        default:
          throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<Shell user={userOf('clerk')} dataDir="/data" idleMinutes={15} onIdleMinutesChanged={() => {}} onSignedOut={() => {}} onUserChanged={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'PRA-1' }));
    await screen.findByText('Text of record 1', { selector: '.pane.original .record-text' });
    // Open record 3, look at the batches tab, leave the request, come back.
    fireEvent.click(document.querySelector('.record-item[data-record-id="3"]')!);
    await screen.findByText('Text of record 3', { selector: '.pane.original .record-text' });
    fireEvent.click(screen.getByRole('tab', { name: 'Batches' }));
    await screen.findByRole('table', { name: 'Batches' });
    fireEvent.click(screen.getByRole('tab', { name: 'Review' }));
    await screen.findByText('Text of record 3', { selector: '.pane.original .record-text' });
    fireEvent.click(screen.getByRole('button', { name: '← Requests' }));
    fireEvent.click(await screen.findByRole('button', { name: 'PRA-1' }));
    await screen.findByText('Text of record 3', { selector: '.pane.original .record-text' });
    await waitFor(() =>
      expect(document.querySelector('.record-item.current')?.getAttribute('data-record-id')).toBe('3'),
    );
  });
});
