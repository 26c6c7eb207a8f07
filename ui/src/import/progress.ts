// Pure computations of the import screen: sizes, throughput, time left and the summary line.
// Kept apart from the component so they are cheap to call on every progress message and
// easy to test.
import type { IngestProgress, IngestReport } from '../api';

const NUMBER = new Intl.NumberFormat('en-US');

/** "1 record", "12 records", "1,204 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${NUMBER.format(n)} ${n === 1 ? one : many}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A size for people: "512 B", "1.5 KB", "12 MB", "340 MB", "2.1 GB" (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '0 B';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // One decimal below 10 ("1.5 MB"), none above ("340 MB"), never a trailing ".0".
  let text = value < 10 ? value.toFixed(1) : String(Math.round(value));
  if (text.endsWith('.0')) text = text.slice(0, -2);
  if (text === '1024' && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${text} ${UNITS[unit]}`;
}

/** Too early to judge the pace before this much time has passed. */
const SETTLE_MS = 1000;

/** Bytes per second so far, or null while too little has happened to say. */
export function throughput(bytesDone: number, elapsedMs: number): number | null {
  if (elapsedMs < SETTLE_MS || bytesDone <= 0) return null;
  return bytesDone / (elapsedMs / 1000);
}

/** "3.4 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** The measure the bar and the time left go by: bytes when sizes are known, else files. */
export function measure(p: IngestProgress): { done: number; total: number; unit: 'bytes' | 'files' } {
  return p.bytes_total > 0
    ? { done: Math.min(p.bytes_done, p.bytes_total), total: p.bytes_total, unit: 'bytes' }
    : { done: Math.min(p.files_done, p.files_total), total: p.files_total, unit: 'files' };
}

/** The fraction done, 0 to 1, or null while nothing has been counted yet (an indeterminate bar). */
export function fractionDone(p: IngestProgress): number | null {
  const { done, total } = measure(p);
  if (total <= 0) return null;
  return done / total;
}

/** Seconds left at the pace so far, or null while too little has happened to say. */
export function etaSeconds(p: IngestProgress): number | null {
  if (p.elapsed_ms < SETTLE_MS) return null;
  const { done, total } = measure(p);
  if (total <= 0 || done <= 0) return null;
  if (done >= total) return 0;
  return ((total - done) * p.elapsed_ms) / done / 1000;
}

/** "a few seconds left", "about 40 s left", "about 3 min left", "about 1 h 5 min left". */
export function formatEta(seconds: number): string {
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h left` : `about ${h} h ${m} min left`;
}

/** A time taken: "0.4 s", "14 s", "2 min 3 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 1) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  return sec === 0 ? `${m} min` : `${m} min ${sec} s`;
}

/** "45%" of what is done, for the bar's accessible value. */
export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** The line under the bar: "3 of 12 files · 40 MB of 1.2 GB". */
export function amountLine(p: IngestProgress): string {
  const files = `${NUMBER.format(p.files_done)} of ${plural(p.files_total, 'file')}`;
  if (p.bytes_total <= 0) return files;
  return `${files} · ${formatBytes(p.bytes_done)} of ${formatBytes(p.bytes_total)}`;
}

/** "3.4 MB/s · about 2 min left", or null while too early to say. */
export function paceLine(p: IngestProgress): string | null {
  const parts: string[] = [];
  const rate = p.bytes_total > 0 ? throughput(p.bytes_done, p.elapsed_ms) : null;
  if (rate !== null) parts.push(formatRate(rate));
  const eta = p.finished ? null : etaSeconds(p);
  if (eta !== null) parts.push(formatEta(eta));
  return parts.length === 0 ? null : parts.join(' · ');
}

/** "OCR: 3 of 10 pages", or null when no page was queued for OCR. */
export function ocrLine(p: IngestProgress): string | null {
  if (p.ocr_pages_queued <= 0) return null;
  return `OCR: ${NUMBER.format(p.ocr_pages_done)} of ${plural(p.ocr_pages_queued, 'page')}`;
}

/** The records an import added to the request's list, in the words the screen uses
 * everywhere: every row it added (read, copies, could not be read) and each kind. */
export function countParts(c: { ingested: number; duplicates: number; failed: number }): string[] {
  const parts = [`${NUMBER.format(c.ingested)} read`];
  if (c.duplicates > 0) parts.push(c.duplicates === 1 ? '1 copy of another record' : `${NUMBER.format(c.duplicates)} copies of other records`);
  if (c.failed > 0) parts.push(`${NUMBER.format(c.failed)} could not be read`);
  return parts;
}

/**
 * One sentence on a finished import, e.g. "Imported 12 records into PRA-2026-0001 in 14 s:
 * 10 read, 1 copy of another record, 1 could not be read." — the 12 are the rows the review
 * list gained. A cancelled run starts "Cancelled: what was done is kept."
 */
export function summaryText(report: IngestReport): string {
  const c = report.counts;
  const total = c.ingested + c.duplicates + c.failed;
  // Every record read: the total says it all.
  const parts = c.duplicates === 0 && c.failed === 0 ? [] : countParts(c);
  if (c.skipped > 0) parts.push(`${plural(c.skipped, 'file')} already in the request`);
  const head = `Imported ${plural(total, 'record')} into ${report.request} in ${formatDuration(report.elapsed_ms)}`;
  const sentence = parts.length === 0 ? `${head}.` : `${head}: ${parts.join(', ')}.`;
  return report.cancelled ? `Cancelled: what was done is kept. ${sentence}` : sentence;
}
