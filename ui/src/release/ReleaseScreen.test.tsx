import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalInfo, ExportReport, ReleaseCheck, ReleaseState, SubmissionProblem } from '../api';
import { userOf } from '../testing';
import { ReleaseScreen } from './ReleaseScreen';

const REF = 'PRA-2026-0001';

afterEach(() => {
  cleanup();
  clearMocks();
});

const summary = {
  records: 4,
  released_in_full: 1,
  released_with_redactions: 2,
  withheld: 1,
  not_responsive: 0,
  duplicates: 0,
  corrected: 0,
  redactions_by_code: { '7927.700': 3 },
  withheld_by_code: { '7927.705': 1 },
};

function approval(extra: Partial<ApprovalInfo> = {}): ApprovalInfo {
  return {
    reference: REF,
    installment: null,
    state: 'submitted',
    release_hash: 'e9848a959c1e2f05d95a8ae7467d437',
    submitted_by: 'ola',
    submitted_at: '2026-11-29T16:36:00.000000Z',
    decided_by: null,
    decided_at: null,
    comment: null,
    summary,
    changed: [],
    hidden_text: [],
    ...extra,
  };
}

function problem(extra: Partial<SubmissionProblem> = {}): SubmissionProblem {
  return {
    doc_id: 12,
    path: '/c/broken.pdf',
    title: 'broken.pdf',
    page: null,
    kind: 'unreadable',
    reason: 'it could not be read when it was collected (damaged PDF)',
    remedies: ['withhold', 'not-responsive'],
    ...extra,
  };
}

function checked(extra: Partial<ReleaseCheck> = {}): ReleaseCheck {
  return {
    reference: REF,
    release_hash: 'e98',
    records: 4,
    pages: 9,
    checked: 4,
    reused: 0,
    problems: [],
    hidden_text: [],
    font_gaps: [],
    as_images: [],
    ...extra,
  };
}

/** A release state; nothing has gone out in installments unless it says so. */
type StateOf = Omit<ReleaseState, 'installments'> & Partial<Pick<ReleaseState, 'installments'>>;

function serve(state: StateOf, extra: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  const calls: [string, Record<string, unknown>][] = [];
  const full: ReleaseState = {
    installments: { reference: REF, installments: [], released: {}, changed: [] },
    ...state,
  };
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const answer = extra(cmd, a);
    if (answer !== undefined) return answer;
    if (cmd === 'release_state') return full;
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

describe('ReleaseScreen', () => {
  it('previews the exemption log: each record withheld or redacted with its codes', async () => {
    const onOpen = vi.fn();
    serve({
      summary,
      problems: [],
      approval: null,
      citations: [{ code: '7927.705', label: 'Gov. Code §7927.705', former: '§6254(k)', description: 'Privilege' }],
      log: [
        {
          doc_id: 7,
          path: '/c/mail/advice.eml',
          kind: 'email',
          sha256: 'ab',
          text_sha256: 'cd',
          disposition: 'withhold',
          exemptions: ['7927.705'],
          redactions: [],
        },
        {
          doc_id: 9,
          path: '/c/memo.txt',
          kind: 'text',
          sha256: 'ef',
          text_sha256: '01',
          disposition: 'redact',
          exemptions: [],
          redactions: [
            { id: 1, anchor: 'text', start: 5, end: 9, page: null, area: null, code: '7927.700' },
            { id: 2, anchor: 'text', start: 12, end: 20, page: null, area: null, code: '7927.700' },
          ],
        },
      ],
    });
    render(<ReleaseScreen reference={REF} user={userOf('supervisor')} onOpenRecord={onOpen} />);
    const log = await screen.findByRole('table', { name: /Exemption log/ });
    expect(log.textContent).toContain('advice.eml');
    expect(log.textContent).toContain('7927.705 (§6254(k))');
    expect(log.textContent).toContain('2 redaction(s)');
    fireEvent.click(screen.getByRole('button', { name: '#9' }));
    expect(onOpen).toHaveBeenCalledWith(9);
  });

  it('shows what would go out and what stands in the way; a problem opens its record', async () => {
    const onOpen = vi.fn();
    serve({ summary, log: [], citations: [], problems: [problem()], approval: null });
    render(<ReleaseScreen reference={REF} user={userOf('officer')} onOpenRecord={onOpen} />);
    await screen.findByText('What would be released');
    expect(document.querySelector('#log-redactions')?.textContent).toContain('7927.700');
    expect(document.querySelector('#log-withheld')?.textContent).toContain('7927.705');
    expect((document.getElementById('release-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById('release-problems')?.textContent).toContain('#12 broken.pdf: it could not be read');
    fireEvent.click(screen.getByRole('button', { name: 'Open record 12' }));
    expect(onOpen).toHaveBeenCalledWith(12);
  });

  it('groups what stands in the way by kind with counts, the bulk choice first and asked before it runs', async () => {
    const undecided = Array.from({ length: 45 }, (_, i) =>
      problem({
        doc_id: 100 + i,
        path: `/c/a/very/long/path/that/goes/on/and/on/record-${i}.eml`,
        title: `record-${i}.eml`,
        kind: 'undecided',
        reason: 'it has no disposition yet',
        remedies: ['decide'],
      }),
    );
    const calls = serve({ summary, log: [], citations: [], problems: [...undecided, problem()], approval: null }, (cmd) =>
      cmd === 'set_undecided' ? undecided.map((p) => ({ id: p.doc_id })) : undefined,
    );
    render(<ReleaseScreen reference={REF} user={userOf('officer')} onOpenRecord={() => {}} />);
    const card = await screen.findByRole('region', { name: 'Before it can be submitted: 46 records' });
    const groups = [...card.querySelectorAll('.problem-group')].map((g) => [g.getAttribute('data-kind'), g.querySelector('h3')?.textContent, g.querySelectorAll('li').length]);
    expect(groups).toEqual([
      ['unreadable', '1 record could not be read', 1],
      ['undecided', '45 records without a disposition', 8],
    ]);
    const group = card.querySelector('[data-kind="undecided"]') as HTMLElement;
    // The bulk choice comes before the list.
    expect(group.querySelector('.problem-bulk')?.compareDocumentPosition(group.querySelector('ul')!)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    fireEvent.click(within(group).getByRole('button', { name: 'Show all 45 records' }));
    expect(group.querySelectorAll('li')).toHaveLength(45);
    fireEvent.click(within(group).getByRole('button', { name: 'Release all 45…' }));
    expect(calls.some(([c]) => c === 'set_undecided')).toBe(false);
    expect(within(group).getByRole('status').textContent).toBe('Release every one of the 45 records without a disposition?');
    fireEvent.click(within(group).getByRole('button', { name: 'Yes, release 45 records' }));
    await screen.findByText('45 records set to release.');
    expect(calls.find(([c]) => c === 'set_undecided')?.[1]).toEqual({ reference: REF, disposition: 'release' });
  });

  it('checks every record as export will; a record the checks cannot vouch for goes out as images', async () => {
    let asImages = false;
    const unvouched = problem({
      doc_id: 3621,
      path: '/c/3621.',
      title: 'FW: ON CALL (REVISED)',
      page: 2,
      kind: 'check',
      reason: '3 word(s) readable that are not in the release text',
      remedies: ['release-as-images', 'withhold', 'not-responsive'],
    });
    const calls = serve({ summary, log: [], citations: [], problems: [], approval: null }, (cmd, a) => {
      if (cmd === 'check_release') {
        return asImages ? checked({ reused: 3, checked: 1, as_images: [3621] }) : checked({ problems: [unvouched] });
      }
      if (cmd === 'set_release_as_images') {
        expect(a).toMatchObject({ reference: REF, ids: [3621], on: true });
        asImages = true;
        return 1;
      }
      return undefined;
    });
    render(<ReleaseScreen reference={REF} user={userOf('officer')} onOpenRecord={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Check every record as export will print it' }));
    const list = await screen.findByRole('list');
    expect(list.textContent).toContain('#3621 FW: ON CALL (REVISED), page 2: 3 word(s) readable');
    expect((document.getElementById('release-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Release as page images' }));
    await waitFor(() => expect(document.getElementById('check-as-images')?.textContent).toContain('3621'));
    expect(document.getElementById('check-summary')?.textContent).toContain('nothing stops the submission');
    expect((document.getElementById('release-submit') as HTMLButtonElement).disabled).toBe(false);
    expect(calls.filter(([c]) => c === 'check_release').length).toBe(2);
  });

  it('names the record an export stopped at, and opens it', async () => {
    const onOpen = vi.fn();
    serve({ summary, log: [], citations: [], problems: [], approval: approval({ state: 'approved', decided_by: 'ana' }) }, (cmd) => {
      if (cmd === 'export_release') {
        throw { code: 'Unreadable', message: 'the export stopped (nothing was released) at record 38 (photo.jpg): page 1: damaged image', record: 38 };
      }
      return undefined;
    });
    render(<ReleaseScreen reference={REF} user={userOf('supervisor')} onOpenRecord={onOpen} />);
    fireEvent.change(await screen.findByLabelText('Folder to create'), { target: { value: '/home/clerk/out' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect((await screen.findByRole('alert')).textContent).toContain('record 38 (photo.jpg): page 1: damaged image');
    fireEvent.click(screen.getByRole('button', { name: 'Open record 38' }));
    expect(onOpen).toHaveBeenCalledWith(38);
  });

  it('lets an officer submit a release with no problems', async () => {
    const calls = serve({ summary, log: [], citations: [], problems: [], approval: null }, (cmd) => (cmd === 'submit' ? approval() : undefined));
    render(<ReleaseScreen reference={REF} user={userOf('officer')} onOpenRecord={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Submit for approval' }));
    await screen.findByText(/Submitted for approval/);
    expect(calls.some(([c]) => c === 'submit')).toBe(true);
    // An officer neither approves nor sees the buttons.
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('submits what is decided as an installment and shows what went out before', async () => {
    const calls = serve(
      {
        summary,
        log: [],
        citations: [],
        problems: [],
        approval: null,
        installments: {
          reference: REF,
          installments: [
            {
              number: 1,
              approved_by: 'ana',
              approved_at: '2026-11-20T10:00:00Z',
              exported_at: '2026-11-20T11:00:00Z',
              out_dir: '/home/clerk/out-1',
              pages: 12,
              bates_first: 1,
              bates_last: 12,
              summary,
            },
          ],
          released: { 7: 1 },
          changed: [{ doc_id: 7, path: '/c/mail/advice.eml', installment: 1 }],
        },
      },
      (cmd) => (cmd === 'submit' ? approval({ installment: 2 }) : undefined),
    );
    render(<ReleaseScreen reference={REF} user={userOf('officer')} onOpenRecord={() => {}} />);
    expect((await screen.findByText(/Installment 1: pages 1–12/)).textContent).toContain('approved by ana');
    expect(document.getElementById('release-changed')?.textContent).toContain('record 7 (installment 1)');
    fireEvent.click(screen.getByLabelText(/Release what is decided as an installment/));
    await waitFor(() => expect(calls.filter(([c, a]) => c === 'release_state' && a.installment === true)).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Submit for approval' }));
    await screen.findByText(/Installment 2 submitted for approval/);
    expect(calls.find(([c]) => c === 'submit')?.[1].installment).toBe(true);
  });

  it('opens the request\'s first record beside the release, asking for that one record only', async () => {
    const onOpen = vi.fn();
    const calls = serve({ summary, log: [], citations: [], problems: [], approval: approval() }, (cmd, a) =>
      cmd === 'list_records' && a.after === 0 && a.limit === 1 ? [{ id: 41 }] : undefined,
    );
    render(<ReleaseScreen reference={REF} user={userOf('supervisor')} onOpenRecord={onOpen} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Look at the records side by side' }));
    await waitFor(() => expect(onOpen).toHaveBeenCalledWith(41));
    expect(calls.filter(([cmd]) => cmd === 'list_records').map(([, a]) => [a.after, a.limit])).toEqual([[0, 1]]);
  });

  it('keeps a supervisor from approving their own submission', async () => {
    serve({ summary, log: [], citations: [], problems: [], approval: approval({ submitted_by: 'ana' }) });
    render(<ReleaseScreen reference={REF} user={userOf('supervisor', 'ana')} onOpenRecord={() => {}} />);
    await screen.findByText(/another supervisor must approve it/);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('approves with a comment, and shows a rejection refused for want of one', async () => {
    const calls = serve({ summary, log: [], citations: [], problems: [], approval: approval() }, (cmd) => {
      if (cmd === 'approve') return approval({ state: 'approved', decided_by: 'ana' });
      if (cmd === 'reject') throw { code: 'Invalid', message: 'a rejection needs a comment saying what to change' };
      return undefined;
    });
    render(<ReleaseScreen reference={REF} user={userOf('supervisor', 'ana')} onOpenRecord={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    expect((await screen.findByRole('alert')).textContent).toBe('a rejection needs a comment saying what to change');
    fireEvent.change(screen.getByLabelText('Comment (required to reject)'), { target: { value: 'Looks right.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await screen.findByText('Approved: it can be exported.');
    expect(calls.find(([c]) => c === 'approve')?.[1]).toMatchObject({ reference: REF, comment: 'Looks right.' });
  });

  it('names what changed since submission when the approval is stale', async () => {
    serve({
      summary,
      log: [],
      citations: [],
      problems: [],
      approval: approval({ state: 'approved', changed: ['record 12: redactions changed (2 → 3)'] }),
    });
    render(<ReleaseScreen reference={REF} user={userOf('supervisor')} onOpenRecord={() => {}} />);
    expect((await screen.findByRole('alert')).textContent).toContain('record 12: redactions changed (2 → 3)');
    expect(document.getElementById('approval-state')?.textContent).toContain('changed since');
  });

  it('exports into the chosen folder and shows the verified result', async () => {
    const report: ExportReport = {
      reference: REF,
      out_dir: '/home/clerk/out',
      release_hash: 'e98',
      records: 3,
      pages: 5,
      bates_first: 'PRA-2026-0001-000001',
      bates_last: 'PRA-2026-0001-000005',
      files: [{ path: 'PRA-2026-0001-release.pdf', size: 20480, sha256: 'ab' }],
      manifest_sha256: '5bde',
      hidden_text: [],
      missing_glyphs: 0,
    };
    const calls = serve({ summary, log: [], citations: [], problems: [], approval: approval({ state: 'approved', decided_by: 'ana' }) }, (cmd) => {
      if (cmd === 'export_release') return report;
      if (cmd === 'verify_export') return { ok: true, reference: REF, files: 8, records_checked: 3, problems: [], current: true };
      return undefined;
    });
    render(<ReleaseScreen reference={REF} user={userOf('supervisor')} onOpenRecord={() => {}} />);
    fireEvent.change(await screen.findByLabelText('Folder to create'), { target: { value: '/home/clerk/out' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText(/Exported 3 records, 5 pages/);
    expect(calls.find(([c]) => c === 'export_release')?.[1]).toMatchObject({
      reference: REF,
      request: { out: '/home/clerk/out', watermark: null, slip_sheet_per_page: false, letter_language: 'en' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify again' }));
    await waitFor(() => expect(document.getElementById('verify-result')?.textContent).toContain('Verified again: 8 files'));
  });
});
