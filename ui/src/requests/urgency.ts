import type { RequestRow } from '../api';

/** How a request's due date is flagged on the dashboard. */
export type Urgency = 'overdue' | 'due-soon' | 'on-track' | 'finished';

/** Due within this many days (and not yet past) is flagged amber. */
export const DUE_SOON_DAYS = 3;

export function urgency(r: Pick<RequestRow, 'days_left' | 'status'>): Urgency {
  // A released or closed request has had its answer: its due date no longer runs.
  if (r.status === 'released' || r.status === 'closed') return 'finished';
  if (r.days_left < 0) return 'overdue';
  if (r.days_left <= DUE_SOON_DAYS) return 'due-soon';
  return 'on-track';
}

export function daysLeftLabel(daysLeft: number): string {
  if (daysLeft < -1) return `${-daysLeft} days overdue`;
  if (daysLeft === -1) return '1 day overdue';
  if (daysLeft === 0) return 'due today';
  if (daysLeft === 1) return '1 day';
  return `${daysLeft} days`;
}
