import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IngestProgress, IngestReport } from '../api';
import { Sender, channelOf } from '../testing';
import { ImportScreen } from './ImportScreen';

afterEach(() => {
  cleanup();
  clearMocks();
});

const MB = 1024 * 1024;
const REF = 'PRA-2026-0001';

function progress(extra: Partial<IngestProgress> = {}): IngestProgress {
  return {
    files_total: 10,
    bytes_total: 100 * MB,
    files_done: 0,
    bytes_done: 0,
    ingested: 0,
    duplicates: 0,
    failed: 0,
    skipped: 0,
    ocr_pages_queued: 0,
    ocr_pages_done: 0,
    elapsed_ms: 0,
    finished: false,
    new_failures: [],
    ...extra,
  };
}

function report(extra: Partial<IngestReport> = {}, counts: Partial<IngestReport['counts']> = {}): IngestReport {
  return {
    request: REF,
    counts: { ingested: 12, duplicates: 0, failed: 0, skipped: 0, ...counts },
    records: [],
    duplicates: [],
    failed: [],
    cancelled: false,
    elapsed_ms: 14_000,
    ...extra,
  };
}

interface IngestCall {
  reference: unknown;
  paths: unknown;
  custodian: unknown;
  ocr: unknown;
  passwords: unknown;
  progress: Sender<IngestProgress>;
  resolve: (r: IngestReport) => void;
  reject: (e: unknown) => void;
}

/** A mocked core: records every call, holds each ingest open until the test settles it. */
function mockCore(options: { chosen?: string[] } = {}) {
  const commands: string[] = [];
  const ingests: IngestCall[] = [];
  const chooser: unknown[] = [];
  let drops: Sender<string[]> | null = null;
  mockIPC((cmd, payload) => {
    commands.push(cmd);
    const args = (payload ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'watch_drops':
        drops = new Sender(channelOf<string[]>(args, 'onDrop'));
        return null;
      case 'choose_paths':
        chooser.push(args);
        return options.chosen ?? [];
      case 'cancel_ingest':
        return null;
      case 'check_import_path': {
        const path = String(args.path);
        if (path.includes('missing')) throw { code: 'Unreadable', message: `${path} does not exist or cannot be read` };
        return path.endsWith('/') || !path.includes('.') ? 'folder' : 'file';
      }
      case 'ingest':
        return new Promise<IngestReport>((resolve, reject) => {
          ingests.push({
            reference: args.reference,
            paths: args.paths,
            custodian: args.custodian,
            ocr: args.ocr,
            passwords: args.passwords,
            progress: new Sender(channelOf<IngestProgress>(args, 'onProgress')),
            resolve,
            reject,
          });
        });
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return {
    commands,
    ingests,
    chooser,
    drop(paths: string[]) {
      if (drops === null) throw new Error('watch_drops was not called');
      drops.send(paths);
    },
    last(): IngestCall {
      const call = ingests.at(-1);
      if (call === undefined) throw new Error('ingest was not called');
      return call;
    },
  };
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`no #${id}`);
  return el as T;
}

function listed(): string[] {
  return [...document.querySelectorAll('.import-path-item .import-path')].map((e) => e.textContent ?? '');
}

/** Types a path and adds it; resolves once the core has checked it. */
async function addPath(path: string) {
  fireEvent.change(screen.getByLabelText('Path to a file or folder'), { target: { value: path } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function settle(call: IngestCall, r: IngestReport) {
  await act(async () => {
    call.resolve(r);
    await Promise.resolve();
  });
}

describe('ImportScreen', () => {
  it('adds typed paths with the button or Enter, without duplicates, and removes them', async () => {
    const core = mockCore();
    render(<ImportScreen reference={REF} mayIngest onImported={() => {}} />);
    await vi.waitFor(() => expect(core.commands).toContain('watch_drops'));

    const start = byId<HTMLButtonElement>('import-start');
    expect(start.disabled).toBe(true);

    await addPath('  /records/planning  ');
    expect(listed()).toEqual(['/records/planning']);
    expect((screen.getByLabelText('Path to a file or folder') as HTMLInputElement).value).toBe('');

    const input = screen.getByLabelText('Path to a file or folder');
    fireEvent.change(input, { target: { value: '"C:\\Users\\clerk\\My Mail.pst"' } });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
      await new Promise((r) => setTimeout(r, 0));
    });
    await addPath('/records/planning');
    await addPath('   ');
    expect(listed()).toEqual(['/records/planning', 'C:\\Users\\clerk\\My Mail.pst']);
    expect(start.disabled).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Remove /records/planning' }));
    expect(listed()).toEqual(['C:\\Users\\clerk\\My Mail.pst']);
    // A path that is not there is refused as it is added, with the core's reason.
    await addPath('/records/missing-folder');
    expect(listed()).toEqual(['C:\\Users\\clerk\\My Mail.pst']);
    expect(screen.getByRole('alert').textContent).toBe('/records/missing-folder does not exist or cannot be read');
    expect((screen.getByLabelText('Path to a file or folder') as HTMLInputElement).value).toBe('/records/missing-folder');
    expect(core.commands.filter((c) => c === 'watch_drops')).toHaveLength(1);
  });

  it('adds what the chooser returns and what is dropped on the window', async () => {
    const core = mockCore({ chosen: ['/srv/share/a', '/srv/share/b'] });
    render(<ImportScreen reference={REF} mayIngest onImported={() => {}} />);

    fireEvent.click(byId('import-choose-folders'));
    await vi.waitFor(() => expect(listed()).toEqual(['/srv/share/a', '/srv/share/b']));
    expect(core.chooser).toEqual([{ folders: true, multiple: true }]);

    fireEvent.click(byId('import-choose-files'));
    await vi.waitFor(() => expect(core.chooser).toHaveLength(2));
    expect(core.chooser[1]).toEqual({ folders: false, multiple: true });
    expect(listed()).toEqual(['/srv/share/a', '/srv/share/b']);

    core.drop(['/home/clerk/scan.pdf', '/srv/share/a']);
    expect(listed()).toEqual(['/srv/share/a', '/srv/share/b', '/home/clerk/scan.pdf']);
  });

  it('imports with the options chosen, showing progress as it comes', async () => {
    const core = mockCore();
    const onImported = vi.fn();
    render(<ImportScreen reference={REF} mayIngest onImported={onImported} />);
    await addPath('/records/planning');
    fireEvent.change(screen.getByLabelText('Whose records'), { target: { value: ' Planning Dept ' } });
    const ocr = screen.getByLabelText('Read scanned pages (OCR)') as HTMLInputElement;
    expect(ocr.checked).toBe(true);
    fireEvent.click(ocr);
    // Passwords for locked files, one per line (blank lines are not passwords).
    const pw = screen.getByLabelText('Passwords for locked files') as HTMLTextAreaElement;
    fireEvent.change(pw, { target: { value: 'open sesame\r\n\n Parcel-4471! \n' } });
    fireEvent.click(byId('import-start'));

    await vi.waitFor(() => expect(core.ingests).toHaveLength(1));
    const call = core.last();
    expect([call.reference, call.paths, call.custodian, call.ocr, call.passwords]).toEqual([
      REF,
      ['/records/planning'],
      'Planning Dept',
      false,
      ['open sesame', ' Parcel-4471! '],
    ]);
    expect(byId<HTMLButtonElement>('import-start').disabled).toBe(true);

    call.progress.send(
      progress({
        files_done: 3,
        bytes_done: 25 * MB,
        elapsed_ms: 10_000,
        ingested: 4,
        duplicates: 1,
        failed: 1,
        skipped: 2,
        ocr_pages_queued: 10,
        ocr_pages_done: 3,
      }),
    );
    const bar = screen.getByRole('progressbar', { name: 'Import progress' }) as HTMLProgressElement;
    expect(bar.id).toBe('import-progress');
    expect(bar.value).toBe(25 * MB);
    expect(bar.max).toBe(100 * MB);
    expect(bar.getAttribute('aria-valuetext')).toBe('25%');
    expect(screen.getByText('3 of 10 files · 25 MB of 100 MB')).toBeTruthy();
    expect(screen.getByText('2.5 MB/s · about 30 s left')).toBeTruthy();
    expect(screen.getByText('OCR: 3 of 10 pages')).toBeTruthy();
    const counts = within(screen.getByRole('list', { name: 'So far' }));
    expect(counts.getByText('6 records so far:')).toBeTruthy();
    expect(counts.getByText('4 read')).toBeTruthy();
    expect(counts.getByText('1 copy of another record')).toBeTruthy();
    expect(counts.getByText('1 could not be read')).toBeTruthy();
    expect(counts.getByText('2 skipped (already in the request)')).toBeTruthy();

    // Sizes unknown: the bar goes by files; no OCR line when nothing is queued.
    call.progress.send(progress({ bytes_total: 0, files_done: 4, elapsed_ms: 11_000 }));
    expect(bar.value).toBe(4);
    expect(bar.max).toBe(10);
    expect(screen.getByText('4 of 10 files')).toBeTruthy();
    expect(screen.queryByText(/^OCR:/)).toBeNull();
    expect(onImported).not.toHaveBeenCalled();
  });

  it('sums up a finished import, lists the failures and hands the report on', async () => {
    const core = mockCore();
    const onImported = vi.fn();
    render(<ImportScreen reference={REF} mayIngest onImported={onImported} />);
    await addPath('/records/planning');
    fireEvent.click(byId('import-start'));
    await vi.waitFor(() => expect(core.ingests).toHaveLength(1));
    await addPath('/records/later');

    const done = report(
      {
        failed: [
          { path: '/records/planning/broken.pdf', id: 7, reason: 'not a PDF: bad header' },
          { path: '/records/planning/locked.docx', id: 9, reason: 'encrypted: password required' },
        ],
      },
      { ingested: 12, duplicates: 1, failed: 2 },
    );
    await settle(core.last(), done);

    const status = await screen.findByRole('status');
    await vi.waitFor(() =>
      expect(status.textContent).toBe(
        `Imported 15 records into ${REF} in 14 s: 12 read, 1 copy of another record, 2 could not be read.`,
      ),
    );
    expect(status.querySelector('.import-summary')).not.toBeNull();
    const failures = [...document.querySelectorAll('.import-failure')].map((li) => [
      li.querySelector('.import-failure-path')?.textContent,
      li.querySelector('.import-failure-reason')?.textContent,
    ]);
    expect(failures).toEqual([
      ['/records/planning/broken.pdf', 'not a PDF: bad header'],
      ['/records/planning/locked.docx', 'encrypted: password required'],
    ]);
    expect(onImported).toHaveBeenCalledTimes(1);
    expect(onImported).toHaveBeenCalledWith(done);
    expect(document.getElementById('import-progress')).toBeNull();
    expect(document.getElementById('import-resume')).toBeNull();
    // What was imported leaves the list; what was added meanwhile stays.
    expect(listed()).toEqual(['/records/later']);
  });

  it('cancels, keeps the work, and resumes with the same paths', async () => {
    const core = mockCore();
    const onImported = vi.fn();
    render(<ImportScreen reference={REF} mayIngest onImported={onImported} />);
    await addPath('/records/a');
    await addPath('/records/b');
    fireEvent.change(screen.getByLabelText('Whose records'), { target: { value: 'Clerk' } });
    const pw = screen.getByLabelText('Passwords for locked files') as HTMLTextAreaElement;
    fireEvent.change(pw, { target: { value: 'open sesame' } });
    fireEvent.click(byId('import-start'));
    await vi.waitFor(() => expect(core.ingests).toHaveLength(1));
    core.last().progress.send(progress({ files_done: 1, bytes_done: 5 * MB, elapsed_ms: 2000 }));

    const cancel = byId<HTMLButtonElement>('import-cancel');
    fireEvent.click(cancel);
    await vi.waitFor(() => expect(core.commands).toContain('cancel_ingest'));
    expect(cancel.textContent).toBe('Stopping…');
    expect(cancel.disabled).toBe(true);

    const cancelled = report({ cancelled: true }, { ingested: 3 });
    await settle(core.last(), cancelled);
    await vi.waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        `Cancelled: what was done is kept. Imported 3 records into ${REF} in 14 s.`,
      ),
    );
    expect(onImported).toHaveBeenCalledWith(cancelled);
    expect(listed()).toEqual(['/records/a', '/records/b']);

    // Changing the list does not change what Resume runs.
    fireEvent.click(screen.getByRole('button', { name: 'Remove /records/b' }));
    fireEvent.click(byId('import-resume'));
    await vi.waitFor(() => expect(core.ingests).toHaveLength(2));
    const again = core.last();
    expect([again.reference, again.paths, again.custodian, again.ocr, again.passwords]).toEqual([
      REF,
      ['/records/a', '/records/b'],
      'Clerk',
      true,
      ['open sesame'],
    ]);
    expect(pw.value).toBe('open sesame');
    expect(document.getElementById('import-resume')).toBeNull();
    expect(document.querySelector('.import-summary')).toBeNull();

    await settle(again, report({}, { ingested: 5, skipped: 3 }));
    await vi.waitFor(() => expect(onImported).toHaveBeenCalledTimes(2));
    expect(screen.getByRole('status').textContent).toBe(
      `Imported 5 records into ${REF} in 14 s: 3 files already in the request.`,
    );
    // A finished import forgets the passwords it was given.
    expect(pw.value).toBe('');
  });

  it("shows the core's error and keeps the paths to fix", async () => {
    const core = mockCore();
    const onImported = vi.fn();
    render(<ImportScreen reference={REF} mayIngest onImported={onImported} />);
    await addPath('/x');
    fireEvent.click(byId('import-start'));
    await vi.waitFor(() => expect(core.ingests).toHaveLength(1));
    await act(async () => {
      core.last().reject({ code: 'Unreadable', message: 'cannot read /x: no such file' });
      await Promise.resolve();
    });

    expect((await screen.findByRole('alert')).textContent).toBe('cannot read /x: no such file');
    expect(listed()).toEqual(['/x']);
    expect(byId<HTMLButtonElement>('import-start').disabled).toBe(false);
    expect(document.getElementById('import-progress')).toBeNull();
    expect(onImported).not.toHaveBeenCalled();
  });

  it('lists the files that could not be read as they happen', async () => {
    const core = mockCore();
    render(<ImportScreen reference={REF} mayIngest onImported={() => {}} />);
    await addPath('/records/a');
    fireEvent.click(byId('import-start'));
    await vi.waitFor(() => expect(core.ingests).toHaveLength(1));
    const call = core.last();
    call.progress.send(
      progress({
        files_done: 3,
        failed: 1,
        new_failures: [{ path: '/records/a/bad.pdf', id: 4, reason: 'damaged PDF (End of file inside dictionary)' }],
      }),
    );
    expect(document.querySelector('.import-failure')?.textContent).toContain('damaged PDF');
    call.progress.send(
      progress({
        files_done: 4,
        failed: 2,
        new_failures: [{ path: '/records/a/bad.xlsx', id: 5, reason: 'damaged spreadsheet' }],
      }),
    );
    expect(document.querySelectorAll('.import-failure')).toHaveLength(2);
  });

  it('ignores progress that trails a finished run', async () => {
    const core = mockCore();
    render(<ImportScreen reference={REF} mayIngest onImported={() => {}} />);
    await addPath('/records/a');
    fireEvent.click(byId('import-start'));
    await vi.waitFor(() => expect(core.ingests).toHaveLength(1));
    const call = core.last();
    await settle(call, report());
    await screen.findByText(`Imported 12 records into ${REF} in 14 s.`);
    call.progress.send(progress({ files_done: 10, finished: true }));
    expect(document.getElementById('import-progress')).toBeNull();
  });

  it('watches drops once under StrictMode and stops adding once unmounted', async () => {
    const core = mockCore();
    const { unmount } = render(
      <StrictMode>
        <ImportScreen reference={REF} mayIngest onImported={() => {}} />
      </StrictMode>,
    );
    await vi.waitFor(() => expect(core.commands).toContain('watch_drops'));
    core.drop(['/a']);
    expect(listed()).toEqual(['/a']);
    expect(core.commands.filter((c) => c === 'watch_drops')).toHaveLength(1);
    unmount();
    core.drop(['/b']);
    expect(document.querySelector('.import-path-item')).toBeNull();
  });

  it('does not let a role without import start one', async () => {
    mockCore();
    render(<ImportScreen reference={REF} mayIngest={false} onImported={() => {}} />);
    await addPath('/records/a');
    const start = byId<HTMLButtonElement>('import-start');
    expect(start.disabled).toBe(true);
    expect(screen.getByText(/Your role cannot import records/)).toBeTruthy();
    expect(start.getAttribute('aria-describedby')).toBe(
      document.querySelector('.import-role-note')?.getAttribute('id'),
    );
  });
});
