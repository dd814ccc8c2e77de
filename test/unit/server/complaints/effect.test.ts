// The complaint response deadline (Art. 16), pure: the company's number of days counted from the
// complaint, whatever a desk promised.
import { describe, expect, it } from 'vitest';
import {
  assertResponseDays,
  complaintRecorded,
  DEFAULT_COMPLAINT_RESPONSE_DAYS,
  respondBy,
} from '../../../../server/complaints/effect.js';

const AT = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const after = (days: number) => new Date(Date.parse(AT) + days * DAY);

describe('respondBy', () => {
  it('is the configured number of days after the complaint', () => {
    expect(DEFAULT_COMPLAINT_RESPONSE_DAYS).toBe(5);
    expect(respondBy(AT, DEFAULT_COMPLAINT_RESPONSE_DAYS)).toEqual(after(5));
    expect(respondBy(new Date(AT), 2)).toEqual(after(2));
  });
});

describe('complaintRecorded', () => {
  it.each([0, -1, 91, 2.5, Number.NaN])('refuses %d response days', (days) => {
    expect(() => complaintRecorded(days)).toThrow(RangeError);
    expect(() => assertResponseDays(days)).toThrow(RangeError);
  });
  it.each([1, 5, 90])('takes %d response days', (days) => {
    expect(() => complaintRecorded(days)).not.toThrow();
  });
});
