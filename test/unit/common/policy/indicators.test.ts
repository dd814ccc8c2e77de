// The Chapter 7 formulas on hand-made data: shares with their counts, nothing measured reads as no
// data (never 0 % or 100 %), quantiles by nearest rank, efficiency by business type, targets.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  belowTarget,
  efficiency,
  INDICATOR_TARGETS,
  quantile,
  satisfaction,
} from '../../../../common/policy/indicators.js';

describe('satisfaction (Art. 22)', () => {
  it('is the share of 4 and 5 among the ratings; declined and unanswered are counted apart', () => {
    expect(satisfaction([5, 4, 3, 'declined', 'no-answer', 1, 5])).toEqual({
      value: 3 / 5,
      hits: 3,
      of: 5,
      declined: 1,
      noAnswer: 1,
    });
  });

  it('an empty month, or one with no rating at all, has no figure', () => {
    expect(satisfaction([]).value).toBeNull();
    expect(satisfaction(['declined', 'no-answer'])).toMatchObject({ value: null, of: 0 });
  });
});

describe('verification accuracy (Art. 19, 22)', () => {
  const ok = { steps: [{ correct: true }, { correct: true }] };
  const wrong = { steps: [{ correct: true }, { correct: false }] };

  it('counts a session correct only when every step is', () => {
    expect(accuracy([ok, ok, wrong, ok])).toEqual({ value: 3 / 4, hits: 3, of: 4 });
  });

  it('an agent with no reviews has no figure, and is not below target', () => {
    const none = accuracy([]);
    expect(none).toEqual({ value: null, hits: 0, of: 0 });
    expect(belowTarget(none, INDICATOR_TARGETS.accuracy)).toBe(false);
    expect(accuracy([{ steps: [] }]).value).toBeNull();
  });

  it('99 % is the target: 99 of 100 meets it, 98 of 100 does not', () => {
    const of = (hits: number) => [...Array(100)].map((_, i) => (i < hits ? ok : wrong));
    expect(belowTarget(accuracy(of(99)), INDICATOR_TARGETS.accuracy)).toBe(false);
    expect(belowTarget(accuracy(of(98)), INDICATOR_TARGETS.accuracy)).toBe(true);
  });
});

describe('handling efficiency (Art. 22)', () => {
  it('quantiles by nearest rank are times calls really took', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([40, 10, 30, 20], 0.5)).toBe(20);
    expect(
      quantile(
        [...Array(10)].map((_, i) => (i + 1) * 1000),
        0.9,
      ),
    ).toBe(9000);
  });

  it('time to verify per business type over verified calls; handle time and calls per hour', () => {
    const e = efficiency(
      [
        { businessType: 'enquiry', verifyMs: 20_000, handleMs: 120_000 },
        { businessType: 'enquiry', verifyMs: 40_000, handleMs: 180_000 },
        { businessType: 'fund-transfer', verifyMs: 90_000, handleMs: 300_000 },
        { businessType: 'fund-transfer', verifyMs: null, handleMs: 60_000 },
      ],
      2 * 3_600_000,
    );
    expect(e.timeToVerify).toEqual({
      enquiry: { p50: 20_000, p90: 40_000, n: 2 },
      'fund-transfer': { p50: 90_000, p90: 90_000, n: 1 },
    });
    expect(e).toMatchObject({ calls: 4, averageHandleMs: 165_000, callsPerHour: 2 });
  });

  it('no calls and no time available: no figures, not zero', () => {
    expect(efficiency([], 0)).toEqual({
      calls: 0,
      timeToVerify: {},
      averageHandleMs: null,
      callsPerHour: null,
    });
  });
});
