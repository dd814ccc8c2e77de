// The indicators from summed counts on hand-made data: an empty month has no figures (null, never
// 0 % or marked below), an agent without reviews or ratings likewise, sums add across agents and
// days, and the histogram percentiles stay within their stated bound of the exact nearest rank.
import { describe, expect, it } from 'vitest';
import {
  addTotals,
  dayIndicatorsOf,
  emptyTotals,
  histogramQuantile,
  indicatorSetOf,
  VERIFY_BUCKET_BOUNDS_MS,
  VERIFY_BUCKETS,
  verifyBucket,
  type VerifyHistogram,
} from '../../../../common/policy/indicator-totals.js';
import { INDICATOR_TARGETS, quantile } from '../../../../common/policy/indicators.js';

const histogramOf = (times: readonly number[]): VerifyHistogram => {
  const counts = Array<number>(VERIFY_BUCKETS).fill(0);
  for (const t of times) counts[verifyBucket(t)]!++;
  return { counts, maxMs: Math.max(0, ...times) };
};

describe('indicator totals (Art. 22, 26)', () => {
  it('an empty month: every share null and not below target, no efficiency figures', () => {
    const set = indicatorSetOf(emptyTotals(), INDICATOR_TARGETS);
    expect(set.accuracy).toEqual({ value: null, hits: 0, of: 0, below: false });
    expect(set.satisfaction).toEqual({
      value: null,
      hits: 0,
      of: 0,
      below: false,
      declined: 0,
      noAnswer: 0,
    });
    expect(set.efficiency).toEqual({
      calls: 0,
      verified: 0,
      timeToVerify: {},
      averageHandleMs: null,
      callsPerHour: null,
    });
    expect(set.workload).toEqual({ talkMs: 0, breakMs: 0, availableMs: 0 });
  });

  it('an agent with calls but no reviews and only declined surveys: accuracy and satisfaction null', () => {
    const t = addTotals(emptyTotals(), {
      calls: 6,
      verified: 5,
      declined: 2,
      noAnswer: 1,
      handled: 6,
      handleMs: 6 * 150_000,
      availableMs: 3 * 3_600_000,
    });
    const set = indicatorSetOf(t, INDICATOR_TARGETS);
    expect(set.accuracy.value).toBeNull();
    expect(set.satisfaction).toMatchObject({ value: null, of: 0, declined: 2, noAnswer: 1 });
    expect(set.efficiency).toMatchObject({ averageHandleMs: 150_000, callsPerHour: 2 });
  });

  it('adds agents and days; shares and below-target marks from the sums', () => {
    const a = addTotals(emptyTotals(), {
      reviewed: 50,
      reviewedCorrect: 50,
      rated: 10,
      ratedHigh: 9,
    });
    const b = { reviewed: 50, reviewedCorrect: 48, rated: 10, ratedHigh: 8 };
    const set = indicatorSetOf(addTotals(a, b), INDICATOR_TARGETS);
    expect(set.accuracy).toEqual({ value: 0.98, hits: 98, of: 100, below: true });
    expect(set.satisfaction).toMatchObject({ value: 17 / 20, hits: 17, of: 20, below: true });
    const met = indicatorSetOf(
      addTotals(emptyTotals(), { reviewed: 100, reviewedCorrect: 99, rated: 10, ratedHigh: 9 }),
      INDICATOR_TARGETS,
    );
    expect(met.accuracy.below).toBe(false);
    expect(met.satisfaction.below).toBe(false);
    const day = dayIndicatorsOf(
      '2026-10-01',
      addTotals(emptyTotals(), { calls: 3 }),
      INDICATOR_TARGETS,
    );
    expect(day).toMatchObject({ day: '2026-10-01', calls: 3, averageHandleMs: null });
  });

  it('buckets number like SQL width_bucket: 5 s steps to 5 min, then coarser, one open bucket', () => {
    expect(verifyBucket(0)).toBe(0);
    expect(verifyBucket(4_999)).toBe(0);
    expect(verifyBucket(5_000)).toBe(1);
    expect(verifyBucket(299_999)).toBe(59);
    expect(verifyBucket(300_000)).toBe(60);
    expect(verifyBucket(1_800_000)).toBe(VERIFY_BUCKET_BOUNDS_MS.length);
    expect(VERIFY_BUCKETS).toBe(64);
  });

  it('histogram percentiles: never below the exact nearest rank, at most 5 s above under 5 min', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const times = Array.from({ length: 997 }, () => Math.floor(10_000 + random() * 200_000));
    const h = histogramOf(times);
    for (const q of [0.5, 0.9]) {
      const exact = quantile(times, q)!;
      const approx = histogramQuantile(h, q)!;
      expect(approx).toBeGreaterThanOrEqual(exact);
      expect(approx - exact).toBeLessThanOrEqual(5_000);
    }
    expect(histogramQuantile(histogramOf([]), 0.5)).toBeNull();
    // One call: the time itself (capped by the longest), even in the open bucket.
    expect(histogramQuantile(histogramOf([12_345]), 0.9)).toBe(12_345);
    expect(histogramQuantile(histogramOf([3_600_000]), 0.5)).toBe(3_600_000);
  });

  it('time to verify per business type from the summed histograms', () => {
    const t = addTotals(emptyTotals(), { verifyTimes: { enquiry: histogramOf([20_000, 40_000]) } });
    addTotals(t, {
      verifyTimes: { enquiry: histogramOf([30_000]), 'fund-transfer': histogramOf([90_000]) },
    });
    expect(indicatorSetOf(t, INDICATOR_TARGETS).efficiency.timeToVerify).toEqual({
      enquiry: { p50: 35_000, p90: 40_000, n: 3 },
      'fund-transfer': { p50: 90_000, p90: 90_000, n: 1 },
    });
  });
});
