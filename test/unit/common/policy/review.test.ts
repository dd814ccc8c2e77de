// The quality review's pure rules (Art. 19): the sessions always reviewed, the draw's mapping to
// [0, 1), the steps a reviewer marks, every mark rule, and the review day in the centre's zone.
import { describe, expect, it } from 'vitest';
import {
  checkMarks,
  dayOf,
  drawFraction,
  mustReviewReasons,
  reviewSteps,
  sampleReasons,
  type EndedSession,
} from '../../../../common/policy.js';

const PLAIN: EndedSession = {
  status: 'verified',
  approvalNeeded: false,
  fraud: false,
  steppedUp: false,
};

describe('which ended sessions are reviewed', () => {
  it('names every must-review reason, and none for a plain session', () => {
    expect(mustReviewReasons(PLAIN)).toEqual([]);
    expect(mustReviewReasons({ ...PLAIN, approvalNeeded: true })).toEqual(['approval']);
    expect(mustReviewReasons({ ...PLAIN, status: 'exception' })).toEqual(['exception']);
    expect(mustReviewReasons({ ...PLAIN, status: 'suspended' })).toEqual(['fraud']);
    expect(mustReviewReasons({ ...PLAIN, fraud: true, status: 'not-confirmed' })).toEqual([
      'fraud',
    ]);
    expect(mustReviewReasons({ ...PLAIN, steppedUp: true })).toEqual(['step-up']);
    expect(
      mustReviewReasons({
        status: 'suspended',
        approvalNeeded: true,
        fraud: true,
        steppedUp: true,
      }),
    ).toEqual(['approval', 'fraud', 'step-up']);
  });

  it('draws the rest under the rate; a must-review session is in whatever the draw', () => {
    expect(sampleReasons(PLAIN, 0.049, 0.05)).toEqual(['random']);
    expect(sampleReasons(PLAIN, 0.05, 0.05)).toEqual([]);
    expect(sampleReasons(PLAIN, 0, 0)).toEqual([]);
    expect(sampleReasons(PLAIN, 0.999, 1)).toEqual(['random']);
    expect(sampleReasons({ ...PLAIN, approvalNeeded: true }, 0.9, 0.05)).toEqual(['approval']);
    expect(sampleReasons({ ...PLAIN, steppedUp: true }, 0.01, 0.05)).toEqual(['random', 'step-up']);
    for (const rate of [-0.1, 1.01, Number.NaN])
      expect(() => sampleReasons(PLAIN, 0.5, rate)).toThrow(RangeError);
  });

  it('maps a digest to [0, 1) by its first 52 bits', () => {
    expect(drawFraction('0'.repeat(64))).toBe(0);
    expect(drawFraction('8' + '0'.repeat(63))).toBe(0.5);
    expect(drawFraction('f'.repeat(13))).toBeLessThan(1);
    expect(drawFraction('F'.repeat(13))).toBeGreaterThan(0.9999);
    expect(drawFraction('4000000000000ffff')).toBe(0.25);
    expect(() => drawFraction('abc')).toThrow(RangeError);
    expect(() => drawFraction('z'.repeat(20))).toThrow(RangeError);
  });
});

describe('the steps a reviewer marks', () => {
  it('recorded ones first (once each), then planned ones never recorded', () => {
    expect(
      reviewSteps(
        ['basic', 'basic', 'password', 'business', 'password', 'confirmation'],
        ['basic', 'password', 'otp', 'confirmation'],
      ),
    ).toEqual(['basic', 'password', 'business', 'confirmation', 'otp']);
    expect(reviewSteps([], [])).toEqual([]);
    expect(reviewSteps(['not-a-step', 'basic'], [])).toEqual(['basic']);
  });

  it('wants every step marked once, a reason for each incorrect one and none for a correct one', () => {
    const steps = ['basic', 'password', 'confirmation'];
    const ok = (step: string) => ({ step, correct: true });
    expect(checkMarks(steps, steps.map(ok))).toEqual({ ok: true, correct: true });
    expect(
      checkMarks(steps, [
        ok('basic'),
        { step: 'password', correct: false, reason: 'read-back-not-done' },
        ok('confirmation'),
      ]),
    ).toEqual({ ok: true, correct: false });
    const refusal = (marks: Parameters<typeof checkMarks>[1]) => {
      const r = checkMarks(steps, marks);
      return r.ok ? null : r.message;
    };
    expect(refusal([ok('basic'), ok('password')])).toMatch(/not marked: confirmation/);
    expect(refusal([...steps.map(ok), ok('otp')])).toMatch(/"otp" is not a step/);
    expect(refusal([...steps.map(ok), ok('basic')])).toMatch(/"basic" is marked twice/);
    expect(
      refusal([ok('basic'), { step: 'password', correct: false }, ok('confirmation')]),
    ).toMatch(/incorrect without a reason/);
    expect(
      refusal([
        ok('basic'),
        { step: 'password', correct: true, reason: 'other' },
        ok('confirmation'),
      ]),
    ).toMatch(/correct but given a reason/);
  });
});

describe('the review day', () => {
  it('is the day in the centre’s time zone, not UTC', () => {
    // 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai.
    expect(dayOf(Date.parse('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(dayOf(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(dayOf(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(dayOf(Date.parse('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
  });
});
