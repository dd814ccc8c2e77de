// Complaints (Art. 16: answered within a set time; feedback analysed to improve the process): how
// the customer was told, when a complaint is overdue, the order a lead works them in, and the
// month a monthly review counts. Pure data and functions; the records service is the authority.
import { FLOOR_POLICY, startOfDay } from './floor.js';

/** How the customer was told the answer (Art. 16). */
export const COMPLAINT_CHANNELS = ['phone', 'sms', 'letter', 'email', 'in-person', 'app'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** Art. 16: past its deadline and not closed yet. */
export function isOverdue(complaint: { respondBy: string; status: string }, now: number): boolean {
  return complaint.status !== 'closed' && Date.parse(complaint.respondBy) < now;
}

/** The lead's order: overdue first (earliest deadline first within), then earliest deadline. */
export function byUrgency<T extends { respondBy: string; status: string; id: string }>(
  complaints: readonly T[],
  now: number,
): T[] {
  return [...complaints].sort(
    (a, b) =>
      Number(isOverdue(b, now)) - Number(isOverdue(a, now)) ||
      Date.parse(a.respondBy) - Date.parse(b.respondBy) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (month: string): boolean => MONTH.test(month);

/** `YYYY-MM` of `at` in the call centre's time zone. */
export function monthOf(at: number, timeZone: string = FLOOR_POLICY.timeZone): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}`;
}

/**
 * The month's bounds in the call centre's time zone, as epoch ms [from, to): midnight of its first
 * day to midnight of the next month's first day.
 */
export function monthRange(
  month: string,
  timeZone: string = FLOOR_POLICY.timeZone,
): { from: number; to: number } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError('month must be YYYY-MM');
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  // Noon UTC of the 1st is the 1st in every zone from UTC-11 to UTC+11.
  const first = (y: number, i: number) => startOfDay(Date.UTC(y, i, 1, 12), timeZone);
  return {
    from: first(year, index),
    to: first(year + Math.floor((index + 1) / 12), (index + 1) % 12),
  };
}
