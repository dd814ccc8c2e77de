// The complaint response deadline (Art. 16), pure: counted from the complaint, the desk's promise
// kept only when it makes sense, and a configured number of days otherwise.
import { describe, expect, it } from 'vitest';
import {
  complaintRecorded,
  DEFAULT_COMPLAINT_RESPONSE_DAYS,
  respondBy,
} from '../../../../server/complaints/effect.js';

const AT = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const after = (days: number) => new Date(Date.parse(AT) + days * DAY);

describe('respondBy', () => {
  it('is the configured number of days after the complaint when the desk promised nothing', () => {
    expect(respondBy(AT, undefined, DEFAULT_COMPLAINT_RESPONSE_DAYS)).toEqual(after(5));
    expect(respondBy(AT, null, 2)).toEqual(after(2));
  });

  it('keeps the desk’s promise when it falls after the complaint and within a year', () => {
    expect(respondBy(AT, after(10).toISOString(), 5)).toEqual(after(10));
    expect(respondBy(AT, after(365).toISOString(), 5)).toEqual(after(365));
  });

  it.each([
    ['before the complaint', after(-1).toISOString()],
    ['at the complaint', AT],
    ['more than a year on', after(366).toISOString()],
    ['not a date', 'soon'],
  ])('ignores a promise %s', (_case, dueAt) => {
    expect(respondBy(AT, dueAt, 5)).toEqual(after(5));
  });
});

describe('complaintRecorded', () => {
  it.each([0, -1, 366, Number.NaN])('refuses %d response days', (days) => {
    expect(() => complaintRecorded(days)).toThrow(RangeError);
  });
});
