// Complaint policy (Art. 16): overdue only while not closed, overdue first then earliest deadline,
// and a month's bounds in the call centre's time zone (Beijing: UTC+8, no daylight saving).
import { describe, expect, it } from 'vitest';
import {
  byUrgency,
  COMPLAINT_CHANNELS,
  isMonth,
  isOverdue,
  monthOf,
  monthRange,
} from '../../../../common/policy.js';

const NOW = Date.parse('2026-03-10T00:00:00Z');
const c = (id: string, respondBy: string, status = 'open') => ({ id, respondBy, status });

describe('complaint policy', () => {
  it('is overdue past its deadline unless closed', () => {
    expect(isOverdue(c('a', '2026-03-09T23:59:59Z'), NOW)).toBe(true);
    expect(isOverdue(c('a', '2026-03-09T23:59:59Z', 'answered'), NOW)).toBe(true);
    expect(isOverdue(c('a', '2026-03-09T23:59:59Z', 'closed'), NOW)).toBe(false);
    expect(isOverdue(c('a', '2026-03-10T00:00:00Z'), NOW)).toBe(false);
  });

  it('orders overdue first, then by deadline, then by id', () => {
    const list = [
      c('late-closed', '2026-03-01T00:00:00Z', 'closed'),
      c('soon', '2026-03-11T00:00:00Z'),
      c('late', '2026-03-05T00:00:00Z'),
      c('later', '2026-03-08T00:00:00Z'),
      c('b-tie', '2026-03-12T00:00:00Z'),
      c('a-tie', '2026-03-12T00:00:00Z'),
    ];
    expect(byUrgency(list, NOW).map((x) => x.id)).toEqual([
      'late',
      'later',
      'late-closed',
      'soon',
      'a-tie',
      'b-tie',
    ]);
  });

  it('bounds a month at Beijing midnight, across a year end', () => {
    expect(monthRange('2026-01')).toEqual({
      from: Date.parse('2025-12-31T16:00:00Z'),
      to: Date.parse('2026-01-31T16:00:00Z'),
    });
    expect(monthRange('2026-12').to).toBe(Date.parse('2026-12-31T16:00:00Z'));
    expect(monthRange('2026-03', 'UTC')).toEqual({
      from: Date.parse('2026-03-01T00:00:00Z'),
      to: Date.parse('2026-04-01T00:00:00Z'),
    });
    expect(() => monthRange('2026-13')).toThrow(RangeError);
    expect(isMonth('2026-02')).toBe(true);
    expect(isMonth('2026-2')).toBe(false);
  });

  it('names the month of a moment in Beijing time', () => {
    expect(monthOf(Date.parse('2026-01-31T15:59:59Z'))).toBe('2026-01');
    expect(monthOf(Date.parse('2026-01-31T16:00:00Z'))).toBe('2026-02');
    expect(COMPLAINT_CHANNELS).toContain('sms');
  });
});
