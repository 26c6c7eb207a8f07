import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ConversationMember,
  DetectorKind,
  Exemption,
  FindProgress,
  RecordKind,
  RecordSummary,
  RedactionRow,
  RedactionState,
  ReviewPair,
} from '../api';
import { Sender, channelOf, userOf } from '../testing';
import { LIST_CHUNK, ReviewScreen, forgetReadRecords } from './ReviewScreen';

const REF = 'PRA-2026-0001';

// Record content that would run if the window ever treated it as markup.
const HOSTILE =
  'From: Counsel <counsel@city.example>\nSubject: advice\n\n' +
  '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>\n' +
  '😀 Call Zelda Quill at 555-0142.\n';

const exemptions: Exemption[] = [
  { code: '7927.700', label: 'Gov. Code §7927.700', former: '§6254(c)', description: 'Personal privacy', group: 'cpra', active: true },
  { code: '7927.705', label: 'Gov. Code §7927.705', former: '§6254(k)', description: 'Attorney-client privilege', group: 'cpra', active: true },
  { code: 'old', label: 'Retired', former: null, description: 'No longer used', group: 'agency', active: false },
];

function summary(id: number, path: string, kind: RecordKind): RecordSummary {
  return {
    id,
    path,
    kind,
    status: 'ingested',
    custodian: null,
    parent: null,
    duplicate_of: null,
    failure: null,
    title: null,
    sha256: 'ab',
    size: 10,
    disposition: null,
    review_status: 'unreviewed',
    folder: null,
    item: null,
    thread: null,
    inclusive: null,
    near_dup_group: null,
    similarity: null,
    batch: null,
  };
}

function redaction(
  id: number,
  start: number,
  end: number,
  state: RedactionState,
  kind: DetectorKind | null = null,
): RedactionRow {
  return {
    id,
    record_id: 1,
    anchor: 'text',
    start_char: start,
    end_char: end,
    page_no: null,
    x0: null,
    y0: null,
    x1: null,
    y1: null,
    code: '7927.700',
    label: 'Gov. Code §7927.700',
    note: null,
    origin: kind === null ? 'manual' : 'detector',
    kind,
    score: kind === null ? null : 0.8,
    state,
    created_by: 'bo',
    created_at: '2026-11-29T10:00:00Z',
  };
}

function pair(id: number, text: string, redactions: RedactionRow[] = []): ReviewPair {
  return {
    record: {
      doc_id: id,
      path: `/c/record-${id}.eml`,
      kind: 'email',
      title: `Record ${id}`,
      folder: null,
      item: null,
      deleted: false,
      disposition: null,
      review_status: 'unreviewed',
      exemptions: [],
      duplicate_of: null,
      text,
      redactions,
      pages: [],
      note: null,
      note_by: null,
      note_at: null,
      version: 3,
    },
    release: {
      doc_id: id,
      disposition: null,
      withheld: false,
      excluded: false,
      text,
      boxes: [],
    },
  };
}

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

function serve(pairs: Record<number, ReviewPair>, extra: Handler = () => undefined) {
  const calls: [string, Record<string, unknown>][] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const answer = extra(cmd, a);
    if (answer !== undefined) return answer;
    if (cmd === 'list_records') return Object.keys(pairs).map((k) => summary(Number(k), `/c/record-${k}.eml`, 'email'));
    if (cmd === 'exemptions') return exemptions;
    if (cmd === 'review_record') return pairs[a.id as number];
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

function exemptionInput(): HTMLInputElement {
  const el = document.getElementById('exemption');
  if (!(el instanceof HTMLInputElement)) throw new Error('no exemption picker');
  return el;
}

function selectText(needle: string) {
  const el = document.querySelector('.pane.original .record-text');
  if (el === null) throw new Error('no original pane');
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
    const t = n as Text;
    const i = t.data.indexOf(needle);
    if (i >= 0) {
      const r = document.createRange();
      r.setStart(t, i);
      r.setEnd(t, i + needle.length);
      const s = window.getSelection();
      s?.removeAllRanges();
      s?.addRange(r);
      act(() => {
        document.dispatchEvent(new Event('selectionchange'));
      });
      return;
    }
  }
  throw new Error(`${needle} not shown`);
}

beforeEach(() => {
  localStorage.clear();
  forgetReadRecords();
});

afterEach(() => {
  cleanup();
  clearMocks();
  delete (window as { __pwned?: unknown }).__pwned;
});

describe('ReviewScreen', () => {
  it('shows record content as text: markup in a record creates no element and runs nothing', async () => {
    serve({ 1: pair(1, HOSTILE) });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const panes = document.querySelectorAll('.record-text');
    expect(panes).toHaveLength(2);
    for (const p of panes) {
      expect(p.textContent).toContain('<img src=x onerror="window.__pwned=1">');
      expect(p.querySelectorAll('img, script')).toHaveLength(0);
    }
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it('shows the first record while a long list is still being read, a chunk at a time', async () => {
    const ids = Array.from({ length: LIST_CHUNK + 3 }, (_, i) => i + 1);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls = serve({ 1: pair(1, 'The first memo.') }, (cmd, a) => {
      if (cmd !== 'list_records') return undefined;
      const after = (a.after as number | null) ?? 0;
      const limit = (a.limit as number | null) ?? ids.length;
      const rows = ids.filter((id) => id > after).slice(0, limit).map((id) => summary(id, `/c/${id}.eml`, 'email'));
      // The second chunk waits: the first record must be on screen without it.
      return after === 0 ? rows : gate.then(() => rows);
    });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    expect(document.querySelector('.pane.original .record-text')?.textContent).toContain('The first memo.');
    expect(screen.getByText(`1 of ${LIST_CHUNK}`)).toBeTruthy();
    expect(document.querySelector('.record-list .reading')?.textContent).toContain('reading');
    release();
    await screen.findByText(`1 of ${LIST_CHUNK + 3}`);
    expect(document.querySelector('.record-list .reading')).toBeNull();
    expect(calls.filter(([cmd]) => cmd === 'list_records').map(([, a]) => [a.after, a.limit])).toEqual([
      [0, LIST_CHUNK],
      [LIST_CHUNK, LIST_CHUNK],
    ]);
  });

  it('shows a mailbox item as what it is, with its Outlook folder', async () => {
    const meeting = pair(1, 'Calendar item\nStart: 2016-08-02T15:00:00+00:00\n');
    meeting.record = { ...meeting.record, folder: 'Deleted Items/Old', item: 'meeting', deleted: true };
    serve({ 1: meeting });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    expect(document.querySelector('.record-head .muted')?.textContent).toContain('meeting');
    expect(document.getElementById('record-folder')?.textContent).toBe('Outlook folder: Deleted Items/Old · deleted item');
  });

  it("shows an email's conversation as a tree with its inclusive messages, and opens a message", async () => {
    const members: ConversationMember[] = [
      { id: 1, parent: null, inclusive: false, copy: false, from: 'ann@city.gov', date: '2026-03-02T09:00:00Z', subject: 'Parks' },
      { id: 2, parent: 1, inclusive: true, copy: false, from: 'bob@city.gov', date: '2026-03-02T10:00:00Z', subject: 'RE: Parks' },
      { id: 3, parent: 1, inclusive: true, copy: false, from: 'cara@city.gov', date: null, subject: 'RE: Parks' },
      { id: 4, parent: 2, inclusive: false, copy: true, from: 'bob@city.gov', date: null, subject: 'RE: Parks' },
    ];
    const calls = serve({ 1: pair(1, 'Parks?'), 2: pair(2, 'No.'), 3: pair(3, 'Maybe.'), 4: pair(4, 'No.') }, (cmd, a) => {
      if (cmd === 'list_records')
        return [1, 2, 3, 4].map((id) => ({ ...summary(id, `/c/${id}.eml`, 'email'), thread: 1, inclusive: id === 2 || id === 3 }));
      if (cmd === 'conversation') return a.thread === 1 ? members : undefined;
      return undefined;
    });
    const open = vi.fn();
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={2} onRecordChange={open} />);
    const title = await screen.findByText('Conversation 1: 4 messages, 2 inclusive');
    const tree = title.parentElement?.querySelector('.conversation-tree');
    const rows = [...(tree?.querySelectorAll('li') ?? [])].map((li) => [
      li.getAttribute('data-doc-id'),
      li.style.paddingLeft,
      li.getAttribute('aria-current'),
      li.textContent?.includes('● inclusive'),
    ]);
    // In reply order: 1, then 2 (with its copy 4 under it), then 3.
    expect(rows).toEqual([
      ['1', '0rem', null, false],
      ['2', '0.9rem', 'true', true],
      ['4', '1.8rem', null, false],
      ['3', '0.9rem', null, true],
    ]);
    expect(calls.some(([cmd, a]) => cmd === 'conversation' && a.reference === REF && a.thread === 1)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '#3 cara@city.gov' }));
    expect(open).toHaveBeenCalledWith(3);
  });

  it('reviews a conversation in tree order (or its inclusive messages) and decides all of it in one step', async () => {
    const members: ConversationMember[] = [
      { id: 1, parent: null, inclusive: false, copy: false, from: 'ann@city.gov', date: null, subject: 'Parks' },
      { id: 3, parent: 1, inclusive: true, copy: false, from: 'cara@city.gov', date: null, subject: 'RE: Parks' },
      { id: 2, parent: 3, inclusive: true, copy: false, from: 'bob@city.gov', date: null, subject: 'RE: Parks' },
    ];
    const calls = serve({ 1: pair(1, 'Parks?'), 2: pair(2, 'No.'), 3: pair(3, 'Maybe.') }, (cmd) => {
      if (cmd === 'list_records')
        return [1, 2, 3].map((id) => ({ ...summary(id, `/c/${id}.eml`, 'email'), thread: 1 }));
      if (cmd === 'conversation') return members;
      if (cmd === 'decide_many')
        return { dry_run: false, selected: 3, changed: 3, unchanged: 0, refused: [], event: 41 };
      return undefined;
    });
    const sequence = vi.fn();
    render(
      <ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} onOpenSequence={sequence} />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Review this conversation' }));
    expect(sequence).toHaveBeenLastCalledWith(1, [1, 3, 2], 'Conversation 1');
    fireEvent.click(screen.getByRole('button', { name: 'Inclusive only' }));
    expect(sequence).toHaveBeenLastCalledWith(1, [3, 2], 'Conversation 1, inclusive');
    fireEvent.click(screen.getByRole('button', { name: 'Decide all 3 messages…' }));
    fireEvent.change(document.getElementById('conversation-bulk-choice')!, { target: { value: 'not-responsive' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check what it changes' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply to 3 records' }));
    await screen.findByText(/changed 3 records in one decision/);
    const decided = calls.filter(([cmd]) => cmd === 'decide_many').map(([, a]) => a);
    expect(decided.map((a) => [a.selection, a.dryRun])).toEqual([
      [{ kind: 'thread', value: { id: 1, inclusive_only: false } }, true],
      [{ kind: 'thread', value: { id: 1, inclusive_only: false } }, false],
    ]);
    // The list and the record are read again after the decision.
    await waitFor(() => expect(calls.filter(([cmd]) => cmd === 'list_records').length).toBeGreaterThan(1));
  });

  it('compares a near-duplicate with its pivot, the differences marked as text on both sides', async () => {
    const calls = serve({ 1: pair(1, 'Memo'), 2: pair(2, 'Memo') }, (cmd) => {
      if (cmd === 'list_records')
        return [1, 2].map((id) => ({ ...summary(id, `/c/${id}.txt`, 'text'), near_dup_group: 1, similarity: id === 1 ? 1 : 0.8 }));
      if (cmd === 'compare_records')
        return {
          left: 1,
          left_title: 'memo',
          left_text: 'Hearing in March <b>x</b> 😀 end',
          right: 2,
          right_title: 'draft',
          right_text: 'Hearing in April <b>x</b> 😀 end',
          similarity: 0.8,
          diff: {
            removed: [{ start: 11, end: 16 }],
            added: [{ start: 11, end: 16 }],
            same_words: 5,
            old_words: 6,
            new_words: 6,
            coarse: false,
          },
        };
      return undefined;
    });
    const open = vi.fn();
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={2} onRecordChange={open} onOpenSequence={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Compare with the pivot' }));
    const dialog = await screen.findByRole('dialog', { name: 'Record 2 beside its pivot' });
    await within(dialog).findByText('March');
    expect(dialog.querySelector('del.diff-removed')?.textContent).toBe('March');
    expect(dialog.querySelector('ins.diff-added')?.textContent).toBe('April');
    expect(dialog.querySelectorAll('b')).toHaveLength(0);
    expect(within(dialog).getByLabelText('This record').textContent).toBe('This record #2 draftHearing in April <b>x</b> 😀 end');
    expect(document.getElementById('compare-summary')?.textContent).toContain('80 % like the pivot');
    expect(calls.some(([cmd, a]) => cmd === 'compare_records' && a.id === 2 && a.with === null)).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open the pivot' }));
    expect(open).toHaveBeenCalledWith(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('names the sequence under review and goes back to all records in one click', async () => {
    serve({ 1: pair(1, 'One'), 2: pair(2, 'Two'), 3: pair(3, 'Three') });
    const sequence = vi.fn();
    render(
      <ReviewScreen
        reference={REF}
        user={userOf('clerk')}
        recordId={3}
        order={[3, 1]}
        source="Batch 2"
        onRecordChange={() => {}}
        onOpenSequence={sequence}
      />,
    );
    await screen.findByText('Record 3');
    expect(document.getElementById('record-list-source')?.textContent).toBe('Batch 2 2');
    fireEvent.click(screen.getByRole('button', { name: '← All records' }));
    expect(sequence).toHaveBeenCalledWith(3);
  });

  it('marks the words of the search that opened it in both panes, as text', async () => {
    serve({ 1: pair(1, 'Permits for <b>12 Oak</b>: the permit fee.') });
    render(
      <ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} order={[1]} terms={['permit', 'oak']} onRecordChange={() => {}} />,
    );
    await screen.findByText('Record 1');
    for (const pane of document.querySelectorAll('.record-text')) {
      const marked = [...pane.querySelectorAll('mark.search-hit')].map((m) => m.textContent);
      expect(marked).toEqual(['Permits', 'Oak', 'permit']);
      // Still the record's text exactly, and still only text.
      expect(pane.textContent).toBe('Permits for <b>12 Oak</b>: the permit fee.');
      expect(pane.querySelectorAll('b')).toHaveLength(0);
    }
  });

  it("marks the request's highlight set in every record, with the search's words", async () => {
    const calls = serve({ 1: pair(1, 'Dana Reyes asked about the permit for Elm Street.') }, (cmd) =>
      cmd === 'highlight_terms' ? ['Dana Reyes', 'Elm'] : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} terms={['permit']} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    await waitFor(() => {
      const original = document.querySelector('.pane.original .record-text');
      const marked = [...(original?.querySelectorAll('mark.search-hit') ?? [])].map((m) => m.textContent);
      expect(marked).toEqual(['Dana Reyes', 'permit', 'Elm']);
    });
    expect(calls.some(([cmd, a]) => cmd === 'highlight_terms' && a.reference === REF)).toBe(true);
  });

  it('goes to the next undecided record, skipping what is decided', async () => {
    serve({ 1: pair(1, 'One.'), 2: pair(2, 'Two.'), 3: pair(3, 'Three.') }, (cmd) =>
      cmd === 'list_records'
        ? [1, 2, 3].map((id) => ({
            ...summary(id, `/c/${id}.txt`, 'text'),
            disposition: id === 2 ? ('release' as const) : null,
          }))
        : undefined,
    );
    const open = vi.fn();
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={open} />);
    await screen.findByText('Record 1');
    const button = await screen.findByRole('button', { name: 'Next undecided' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    expect(open).toHaveBeenLastCalledWith(3);
    fireEvent.keyDown(document.body, { key: 'N' });
    expect(open).toHaveBeenLastCalledWith(3);
  });

  it('redacts the selected words, counting characters as the core does', async () => {
    const calls = serve({ 1: pair(1, HOSTILE) }, (cmd) =>
      cmd === 'redact_selection' ? { redactions: 1, records: 1, searched: 1, ids: [77] } : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    await waitFor(() => expect(calls.some(([c]) => c === 'exemptions')).toBe(true));
    selectText('Zelda Quill');
    const button = screen.getByRole('button', { name: 'Redact selection' });
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    fireEvent.click(button);
    await screen.findByText(/Redacted under 7927.700/);
    const call = calls.find(([c]) => c === 'redact_selection');
    // The emoji before it is one character for the core and two UTF-16 units in the DOM.
    const chars = Array.from(HOSTILE);
    const start = chars.join('').indexOf('Zelda');
    const startChars = Array.from(HOSTILE.slice(0, start)).length;
    expect(call?.[1]).toMatchObject({ reference: REF, id: 1, start: startChars, end: startChars + 11, code: '7927.700' });
    expect(chars.slice(startChars, startChars + 11).join('')).toBe('Zelda Quill');

    // U undoes it.
    serve({ 1: pair(1, HOSTILE) }, (cmd) => (cmd === 'remove_redaction' ? null : undefined));
    fireEvent.keyDown(window, { key: 'u' });
    await screen.findByText('Redaction undone.');
  });

  it('keeps the selected words while the clerk chooses the exemption, then redacts them under it', async () => {
    const calls = serve({ 1: pair(1, 'Call Zelda Quill at home.') }, (cmd) =>
      cmd === 'redact_selection' ? { redactions: 1, records: 1, searched: 1, ids: [78] } : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    await waitFor(() => expect(exemptionInput().value).not.toBe(''));
    selectText('Zelda Quill');
    // The picker takes the focus, which takes the selection from the text.
    const input = exemptionInput();
    act(() => input.focus());
    window.getSelection()?.removeAllRanges();
    act(() => {
      document.dispatchEvent(new Event('selectionchange'));
    });
    fireEvent.change(input, { target: { value: 'attorney' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    act(() => input.blur());
    // The words are shown selected again.
    expect(window.getSelection()?.toString()).toBe('Zelda Quill');
    const button = screen.getByRole('button', { name: 'Redact selection' });
    expect(button).toHaveProperty('disabled', false);
    fireEvent.click(button);
    await screen.findByText(/Redacted under 7927.705/);
    expect(calls.find(([c]) => c === 'redact_selection')?.[1]).toMatchObject({ start: 5, end: 16, code: '7927.705' });
  });

  it("defaults to the code the office cites most when this workstation has used none", async () => {
    serve({ 1: pair(1, 'Text.') }, (cmd) => (cmd === 'exemptions_by_use' ? ['old', '7927.705', '7927.700'] : undefined));
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    // "old" is retired: the next most cited active code.
    await waitFor(() => expect(exemptionInput().value).toContain('7927.705'));
    expect(exemptionInput().title).toBe('');
  });

  it('says why a record could not be read, in both panes, and will not release it', async () => {
    const calls = serve({ 1: pair(1, '') }, (cmd) => {
      if (cmd === 'list_records')
        return [{ ...summary(1, '/c/locked.pdf', 'pdf'), status: 'failed', failure: 'the PDF is encrypted: give its password' }];
      return undefined;
    });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const notes = await screen.findAllByRole('note');
    expect(notes[0]?.textContent).toContain('This record could not be read: the PDF is encrypted: give its password.');
    expect(notes[1]?.textContent).toBe('Nothing of it can be released.');
    expect(screen.getByRole('button', { name: '1 Release' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: '2 Release with redactions' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: '4 Not responsive' })).toHaveProperty('disabled', false);
    // The key says why, there and then, and sends nothing.
    fireEvent.keyDown(window, { key: '1' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('It cannot be released: withhold it (3) or mark it not responsive (4).');
    expect(calls.some(([c]) => c === 'set_disposition')).toBe(false);
  });

  it('keeps what Undo takes back when the clerk looks at another tab and comes back', async () => {
    serve({ 1: pair(1, HOSTILE) }, (cmd) =>
      cmd === 'redact_selection' ? { redactions: 1, records: 1, searched: 1, ids: [77] } : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    await waitFor(() => expect(exemptionInput().value).not.toBe(''));
    selectText('Zelda Quill');
    const button = screen.getByRole('button', { name: 'Redact selection' });
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    fireEvent.click(button);
    await screen.findByText(/Redacted under/);
    // Another tab: the review screen goes away, then comes back.
    cleanup();
    const calls = serve({ 1: pair(1, HOSTILE) }, (cmd) => (cmd === 'remove_redaction' ? null : undefined));
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const undo = screen.getByRole('button', { name: 'Undo' });
    expect(undo).toHaveProperty('disabled', false);
    fireEvent.click(undo);
    await screen.findByText('Redaction undone.');
    expect(calls.find(([c]) => c === 'remove_redaction')?.[1]).toEqual({ reference: REF, redaction: 77 });
    expect(screen.getByRole('button', { name: 'Undo' })).toHaveProperty('disabled', true);
  });

  it('shows a message without moving the record: the message line is always there', async () => {
    serve({ 1: pair(1, 'Call Zelda Quill.') }, (cmd) =>
      cmd === 'set_disposition' ? { id: 1, disposition: 'release', review_status: 'reviewed', version: 4 } : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const line = document.querySelector('.review-status');
    const next = line?.nextElementSibling;
    expect(line?.textContent).toBe('');
    fireEvent.keyDown(window, { key: '1' });
    await waitFor(() => expect(line?.textContent).not.toBe(''));
    // The same element holds the message, and what follows it is the same element.
    expect(document.querySelector('.review-status')).toBe(line);
    expect(line?.nextElementSibling).toBe(next);
  });

  it('marks applied redactions and proposals; accepting one sends its id', async () => {
    const text = 'Call Zelda Quill at 555-0142.';
    const calls = serve({ 1: pair(1, text, [redaction(5, 5, 16, 'applied'), redaction(6, 20, 28, 'proposed', 'phone')]) }, (cmd) =>
      cmd === 'decide_proposals' ? { accepted: 1, rejected: 0, proposed_elsewhere: 0 } : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const applied = document.querySelector('.pane.original mark.applied');
    const proposed = document.querySelector('.pane.original mark.proposed');
    expect(applied?.textContent).toBe('Zelda Quill');
    expect(proposed?.textContent).toBe('555-0142');
    // No native tooltips where the mouse works (they stay on screen after a click).
    expect(document.querySelectorAll('.record-list [title], .record-text [title], .review-toolbar [title]')).toHaveLength(0);
    // A proposal says the code it will be redacted under.
    expect(document.querySelector('[data-proposal-id="6"] .proposal-code')?.textContent).toBe('under 7927.700');
    fireEvent.click(screen.getByRole('button', { name: 'Accept proposal 6' }));
    await screen.findByText('Accepted 1.');
    expect(calls.find(([c]) => c === 'decide_proposals')?.[1]).toMatchObject({
      which: { by: 'ids', ids: [6] },
      accept: true,
      everywhere: false,
    });
  });

  it("shows each proposal's confidence, surest first on request, and accepts a detector's above a floor", async () => {
    const text = 'Call 555-0142 or 555-0199 today.';
    const sure = { ...redaction(6, 5, 13, 'proposed', 'phone'), score: 0.95 };
    const unsure = { ...redaction(7, 17, 25, 'proposed', 'phone'), score: 0.55 };
    const calls = serve({ 1: pair(1, text, [unsure, sure]) }, (cmd) =>
      cmd === 'decide_proposals' ? { accepted: 1, rejected: 0, proposed_elsewhere: 0 } : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const order = () => [...document.querySelectorAll('.proposal')].map((li) => li.getAttribute('data-proposal-id'));
    expect(document.querySelector('[data-proposal-id="6"] .confidence')?.textContent?.trim()).toBe('95 %');
    expect(document.querySelector('[data-proposal-id="7"] .confidence')?.textContent?.trim()).toBe('55 %');
    fireEvent.click(document.getElementById('proposals-by-confidence') as HTMLInputElement);
    expect(order()).toEqual(['6', '7']);
    fireEvent.change(document.getElementById('proposals-min-confidence') as HTMLInputElement, { target: { value: '80' } });
    fireEvent.click(screen.getByRole('button', { name: 'accept ≥ 80 %' }));
    await screen.findByText('Accepted 1 phone at least 80 % sure.');
    expect(calls.find(([c]) => c === 'decide_proposals')?.[1]).toMatchObject({
      which: { by: 'all', doc: 1, origin: 'detector', kind: 'phone', min_score: 0.8 },
      accept: true,
    });
  });

  it('finds personal info in every record of the request with progress (Shift+D)', async () => {
    let finish: (r: unknown) => void = () => undefined;
    let sender: Sender<FindProgress> | null = null;
    const calls = serve({ 1: pair(1, 'Call 555-0142.') }, (cmd, args) => {
      if (cmd !== 'detect') return undefined;
      sender = new Sender(channelOf<FindProgress>(args, 'onProgress'));
      return new Promise((resolve) => {
        finish = resolve;
      });
    });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    await waitFor(() => expect(exemptionInput().value).toContain('7927.700'));
    fireEvent.keyDown(window, { key: 'D', shiftKey: true });
    await waitFor(() => expect(sender).not.toBeNull());
    expect(calls.find(([c]) => c === 'detect')?.[1]).toMatchObject({ id: null, code: '7927.700' });
    sender!.send({ searched: 500, total: 8349, found: 1234 });
    await screen.findByText('Finding personal info: 500 of 8,349 records searched, 1,234 found…');
    await act(async () => finish({ redactions: 2345, records: 812, searched: 8349, ids: [], proposed_on_near_dups: 0 }));
    await screen.findByText('2,345 proposals in 812 of 8,349 records to review.');
  });

  it('goes through records and sets dispositions from the keyboard', async () => {
    const onRecordChange = vi.fn();
    const calls = serve({ 1: pair(1, 'one'), 2: pair(2, 'two') }, (cmd) =>
      cmd === 'withhold' || cmd === 'set_disposition'
        ? { doc_id: 1, disposition: 'withhold', review_status: 'reviewed', exemptions: ['7927.700'] }
        : undefined,
    );
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={onRecordChange} />);
    await screen.findByText('Record 1');
    await waitFor(() => expect(screen.getByText('1 of 2')).toBeTruthy());
    fireEvent.keyDown(window, { key: 'j' });
    expect(onRecordChange).toHaveBeenCalledWith(2);
    await waitFor(() => expect((exemptionInput() as HTMLInputElement).value).toContain('7927.700'));
    fireEvent.keyDown(window, { key: '3' });
    await screen.findByText('Withheld in full under 7927.700.');
    expect(calls.find(([c]) => c === 'withhold')?.[1]).toMatchObject({ id: 1, code: '7927.700' });
    fireEvent.keyDown(window, { key: '4' });
    await screen.findByText('Disposition: Not responsive.');
    expect(calls.find(([c]) => c === 'set_disposition')?.[1]).toMatchObject({ disposition: 'not-responsive' });
    // Typing in a field is not a shortcut.
    const input = exemptionInput();
    fireEvent.keyDown(input, { key: 'j' });
    expect(onRecordChange).toHaveBeenCalledTimes(1);
  });

  it("shows who wrote a record's note, and when", async () => {
    const p = pair(1, 'one');
    p.record = { ...p.record, note: 'Ask counsel.', note_by: 'ola', note_at: '2026-12-05T09:12:33Z' };
    serve({ 1: p });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    expect(document.getElementById('record-note-by')?.textContent).toBe('Written by ola, 2026-12-05 09:12 UTC');
  });

  it('lists every shortcut on ? and closes on Escape', async () => {
    serve({ 1: pair(1, 'one') });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    fireEvent.keyDown(window, { key: '?' });
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    // The sheet has the focus, at its top (not its Close button at the foot).
    expect(document.activeElement).toBe(sheet);
    expect(sheet.scrollTop).toBe(0);
    expect(sheet.textContent).toContain('Redact the selected text');
    expect(sheet.textContent).toContain('Undo your last redaction');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers active exemptions only, recently used first, filtered as one types', async () => {
    localStorage.setItem('disclose:recent-exemptions', JSON.stringify(['7927.705']));
    serve({ 1: pair(1, 'one') });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const input = exemptionInput();
    await waitFor(() => expect((input as HTMLInputElement).value).toContain('7927.705'));
    fireEvent.focus(input);
    const options = within(screen.getByRole('listbox', { name: 'Exemptions' })).getAllByRole('option').map((o) => o.getAttribute('data-code'));
    expect(options).toEqual(['7927.705', '7927.700']);
    fireEvent.change(input, { target: { value: 'privacy' } });
    expect(within(screen.getByRole('listbox', { name: 'Exemptions' })).getAllByRole('option').map((o) => o.getAttribute('data-code'))).toEqual(['7927.700']);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((input as HTMLInputElement).value).toBe('7927.700 — Gov. Code §7927.700');
  });

  it('shows the core refusal and changes nothing', async () => {
    serve({ 1: pair(1, 'one') }, (cmd) => {
      if (cmd === 'set_disposition') throw { code: 'Conflict', message: 'request PRA-2026-0001 is closed: its records can no longer change' };
      return undefined;
    });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    fireEvent.click(screen.getByRole('button', { name: /Release$/ }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'request PRA-2026-0001 is closed: its records can no longer change',
    );
  });
});

describe('ReviewScreen in a team office', () => {
  it('acts on the version it shows, and on a conflict shows who changed the record and reloads it', async () => {
    const calls = serve({ 1: pair(1, 'one') }, (cmd) => {
      if (cmd === 'set_disposition') {
        throw { code: 'Changed', message: 'record 1 was changed by cleo at 2026-11-29T10:05:00Z since you opened it: reopen it to see the change' };
      }
      return undefined;
    });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    const reads = calls.filter(([c]) => c === 'review_record').length;
    fireEvent.click(screen.getByRole('button', { name: /Release$/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('was changed by cleo');
    expect(calls.find(([c]) => c === 'set_disposition')?.[1]).toMatchObject({ id: 1, seen: 3 });
    await waitFor(() => expect(calls.filter(([c]) => c === 'review_record').length).toBeGreaterThan(reads));
  });
});

describe('ReviewScreen notes', () => {
  it('saves a note for the record', async () => {
    const calls = serve({ 1: pair(1, 'one') }, (cmd) => (cmd === 'set_note' ? 'Check with counsel.' : undefined));
    render(<ReviewScreen reference={REF} user={userOf('clerk')} recordId={1} onRecordChange={() => {}} />);
    await screen.findByText('Record 1');
    fireEvent.change(screen.getByLabelText('Notes (internal, never released)'), { target: { value: 'Check with counsel.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await screen.findByText('Note saved.');
    expect(calls.find(([c]) => c === 'set_note')?.[1]).toMatchObject({ id: 1, note: 'Check with counsel.' });
  });

  it('shows a drawn box grown to the words it touches, and redacts it on Enter', async () => {
    const paged = pair(1, 'Contact Ann Lathrop today\n');
    paged.record.kind = 'pdf';
    paged.record.pages = [
      { page: 1, width_pt: 612, height_pt: 792, ocr: false, words: [[0.1, 0.1, 0.2, 0.12, 'Contact']] },
    ];
    const snapped = { page: 1, x0: 0.2, y0: 0.1, x1: 0.4, y1: 0.12, label: '' };
    const calls = serve({ 1: paged }, (cmd) => {
      if (cmd === 'page_image') throw { code: 'Unreadable', message: 'no page in tests' };
      if (cmd === 'snap_area') return snapped;
      if (cmd === 'redact_area') return 77;
      return undefined;
    });
    render(<ReviewScreen reference={REF} user={userOf('clerk')} onRecordChange={() => {}} />);
    await screen.findAllByTestId('page-surface-1');
    const surface = document.querySelector('.pane.original [data-testid="page-surface-1"]') as HTMLElement;
    surface.getBoundingClientRect = () =>
      ({ left: 0, top: 0, width: 612, height: 792, right: 612, bottom: 792, x: 0, y: 0, toJSON: () => ({}) }) as DOMRect;
    fireEvent.pointerDown(surface, { button: 0, clientX: 130, clientY: 80 });
    fireEvent.pointerUp(window, { clientX: 240, clientY: 88 });
    // Nothing is redacted yet: the grown box is shown first.
    await screen.findByText(/covers every word it touches/);
    const box = document.querySelector('.page-box.snapped') as HTMLElement;
    expect(box.style.left).toBe('20%');
    expect(box.style.width).toBe('20%');
    expect(calls.some(([c]) => c === 'redact_area')).toBe(false);
    fireEvent.keyDown(window, { key: 'Enter' });
    await screen.findByText(/Box on page 1 redacted/);
    expect(calls.find(([c]) => c === 'redact_area')?.[1]).toMatchObject({ id: 1, page: 1, x0: 0.2, x1: 0.4 });
    expect(calls.find(([c]) => c === 'snap_area')?.[1]).toMatchObject({ id: 1, page: 1 });
  });
});

describe('ReviewScreen pages', () => {
  it('asks for the pictures of the first pages only, and of the others as they come near the view', async () => {
    const observed: { el: Element; cb: IntersectionObserverCallback }[] = [];
    class FakeObserver {
      cb: IntersectionObserverCallback;
      constructor(cb: IntersectionObserverCallback) {
        this.cb = cb;
      }
      observe(el: Element) {
        observed.push({ el, cb: this.cb });
      }
      disconnect() {}
      unobserve() {}
      takeRecords() {
        return [];
      }
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    try {
      const paged = pair(1, 'forty pages\n');
      paged.record.kind = 'pdf';
      paged.record.pages = Array.from({ length: 40 }, (_, i) => ({
        page: i + 1,
        width_pt: 612,
        height_pt: 792,
        ocr: false,
        words: [],
      }));
      const calls = serve({ 1: paged }, (cmd) => {
        if (cmd === 'page_image') throw { code: 'Unreadable', message: 'no page in tests' };
        return undefined;
      });
      render(<ReviewScreen reference={REF} user={userOf('clerk')} onRecordChange={() => {}} />);
      await screen.findAllByTestId('page-surface-40');
      const asked = () =>
        [...new Set(calls.filter(([c]) => c === 'page_image').map(([, a]) => (a as { page: number }).page))].sort(
          (a, b) => a - b,
        );
      await waitFor(() => expect(asked()).toEqual([1, 2]));
      // Page 7 (either pane) comes near the view.
      const seven = observed.find((o) => o.el.getAttribute('data-page') === '7');
      expect(seven).toBeDefined();
      act(() =>
        seven?.cb([{ isIntersecting: true, target: seven.el } as IntersectionObserverEntry], {} as IntersectionObserver),
      );
      await waitFor(() => expect(asked()).toEqual([1, 2, 7]));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
