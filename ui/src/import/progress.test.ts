import { describe, expect, it } from 'vitest';
import type { IngestProgress, IngestReport } from '../api';
import {
  amountLine,
  etaSeconds,
  formatBytes,
  formatDuration,
  formatEta,
  formatPercent,
  formatRate,
  fractionDone,
  measure,
  ocrLine,
  paceLine,
  plural,
  summaryText,
  throughput,
} from './progress';

const MB = 1024 * 1024;

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
    request: 'PRA-2026-0001',
    counts: { ingested: 12, duplicates: 0, failed: 0, skipped: 0, ...counts },
    records: [],
    duplicates: [],
    failed: [],
    cancelled: false,
    elapsed_ms: 14_200,
    ...extra,
  };
}

describe('formatBytes', () => {
  it('picks a unit and keeps one decimal only for small values', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12 * MB)).toBe('12 MB');
    expect(formatBytes(340.4 * MB)).toBe('340 MB');
    expect(formatBytes(2.1 * 1024 * MB)).toBe('2.1 GB');
    expect(formatBytes(1023.7 * MB)).toBe('1 GB');
  });

  it('does not show nonsense for bad input', () => {
    expect(formatBytes(-5)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('0 B');
  });
});

describe('plural', () => {
  it('agrees with the count and groups thousands', () => {
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(0, 'record')).toBe('0 records');
    expect(plural(1204, 'record')).toBe('1,204 records');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('throughput', () => {
  it('is bytes per second once the pace can be judged', () => {
    expect(throughput(10 * MB, 2000)).toBe(5 * MB);
    expect(formatRate(5 * MB)).toBe('5 MB/s');
  });

  it('says nothing too early or before any byte', () => {
    expect(throughput(10 * MB, 500)).toBeNull();
    expect(throughput(0, 5000)).toBeNull();
  });
});

describe('measure and fractionDone', () => {
  it('go by bytes when sizes are known', () => {
    const p = progress({ bytes_done: 25 * MB, files_done: 9 });
    expect(measure(p)).toEqual({ done: 25 * MB, total: 100 * MB, unit: 'bytes' });
    expect(fractionDone(p)).toBe(0.25);
  });

  it('go by files when no size is known', () => {
    const p = progress({ bytes_total: 0, files_done: 4 });
    expect(measure(p)).toEqual({ done: 4, total: 10, unit: 'files' });
    expect(fractionDone(p)).toBe(0.4);
  });

  it('are indeterminate with nothing counted', () => {
    expect(fractionDone(progress({ files_total: 0, bytes_total: 0 }))).toBeNull();
  });

  it('never pass the total', () => {
    expect(fractionDone(progress({ bytes_done: 120 * MB }))).toBe(1);
  });
});

describe('etaSeconds and formatEta', () => {
  it('extrapolates the pace so far', () => {
    // A quarter in 10 s: 30 s to go.
    expect(etaSeconds(progress({ bytes_done: 25 * MB, elapsed_ms: 10_000 }))).toBe(30);
    // By files when sizes are unknown: 2 of 10 in 4 s, 16 s to go.
    expect(etaSeconds(progress({ bytes_total: 0, files_done: 2, elapsed_ms: 4000 }))).toBe(16);
    expect(etaSeconds(progress({ bytes_done: 100 * MB, elapsed_ms: 4000 }))).toBe(0);
  });

  it('says nothing too early', () => {
    expect(etaSeconds(progress({ bytes_done: 25 * MB, elapsed_ms: 900 }))).toBeNull();
    expect(etaSeconds(progress({ elapsed_ms: 9000 }))).toBeNull();
  });

  it('reads like a person would say it', () => {
    expect(formatEta(3)).toBe('a few seconds left');
    expect(formatEta(31)).toBe('about 35 s left');
    expect(formatEta(150)).toBe('about 3 min left');
    expect(formatEta(3600)).toBe('about 1 h left');
    expect(formatEta(3900)).toBe('about 1 h 5 min left');
  });
});

describe('formatDuration and formatPercent', () => {
  it('formats times taken', () => {
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(14_200)).toBe('14 s');
    expect(formatDuration(123_000)).toBe('2 min 3 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
  });

  it('formats a fraction as a whole percent, clamped', () => {
    expect(formatPercent(0.456)).toBe('45%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatPercent(-1)).toBe('0%');
  });
});

describe('progress lines', () => {
  it('give files and sizes done', () => {
    expect(amountLine(progress({ files_done: 3, bytes_done: 40 * MB }))).toBe('3 of 10 files · 40 MB of 100 MB');
    expect(amountLine(progress({ bytes_total: 0, files_total: 1 }))).toBe('0 of 1 file');
  });

  it('give the pace once it can be judged', () => {
    expect(paceLine(progress({ bytes_done: 25 * MB, elapsed_ms: 10_000 }))).toBe('2.5 MB/s · about 30 s left');
    expect(paceLine(progress({ bytes_done: 25 * MB, elapsed_ms: 500 }))).toBeNull();
    expect(paceLine(progress({ bytes_total: 0, files_done: 2, elapsed_ms: 4000 }))).toBe('about 20 s left');
    expect(paceLine(progress({ bytes_done: 100 * MB, elapsed_ms: 4000, finished: true }))).toBe('25 MB/s');
  });

  it('give OCR apart, only when pages are queued', () => {
    expect(ocrLine(progress())).toBeNull();
    expect(ocrLine(progress({ ocr_pages_queued: 10, ocr_pages_done: 3 }))).toBe('OCR: 3 of 10 pages');
  });
});

describe('summaryText', () => {
  it('counts what was imported and what was not', () => {
    expect(summaryText(report({}, { duplicates: 1, failed: 1 }))).toBe(
      'Imported 14 records into PRA-2026-0001 in 14 s: 12 read, 1 copy of another record, 1 could not be read.',
    );
    expect(summaryText(report({}, { ingested: 1 }))).toBe('Imported 1 record into PRA-2026-0001 in 14 s.');
    expect(summaryText(report({}, { ingested: 0, skipped: 3, duplicates: 2 }))).toBe(
      'Imported 2 records into PRA-2026-0001 in 14 s: 0 read, 2 copies of other records, 3 files already in the request.',
    );
  });

  it('says a cancelled run kept its work', () => {
    expect(summaryText(report({ cancelled: true }, { ingested: 3 }))).toBe(
      'Cancelled: what was done is kept. Imported 3 records into PRA-2026-0001 in 14 s.',
    );
  });
});
