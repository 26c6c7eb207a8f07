// Times as the window shows them.

/** `2026-12-05T09:12:33Z` (or with an offset) as `2026-12-05 09:12`, to the minute as
 * written; anything else as it is. */
export function toMinute(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return m === null ? at : `${m[1]} ${m[2]}`;
}

/** A time the office recorded (audit, approvals, notes: always UTC) to the minute. */
export function recordedAt(at: string): string {
  const short = toMinute(at);
  return short === at ? at : `${short} UTC`;
}
