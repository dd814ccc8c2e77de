// The indicators (Art. 22, 26) from summed counts, so a month of 1.55 M calls is added up in the
// database and only the sums reach this code: per agent, team, centre and day the same formulas
// (indicators.ts shares, targets), time to verify from a fixed-bucket histogram (bounded error,
// said below) or exact percentiles when the records service scanned the month. Pure.
import { belowTarget, type IndicatorTargets, type Share } from './indicators.js';

/**
 * Time-to-verify histogram buckets, upper bounds in ms (exclusive): 5 s steps up to 5 min, then
 * 10, 20 and 30 min; a last open bucket beyond. Bucket i holds bounds[i-1] ≤ ms < bounds[i], as
 * PostgreSQL's `width_bucket(ms, bounds)` numbers them (0 … bounds.length).
 */
export const VERIFY_BUCKET_BOUNDS_MS: readonly number[] = [
  ...Array.from({ length: 60 }, (_, i) => (i + 1) * 5_000),
  600_000,
  1_200_000,
  1_800_000,
];
export const VERIFY_BUCKETS = VERIFY_BUCKET_BOUNDS_MS.length + 1;

/** The bucket of a time to verify (same numbering as SQL `width_bucket`). */
export function verifyBucket(ms: number): number {
  let i = 0;
  while (i < VERIFY_BUCKET_BOUNDS_MS.length && ms >= VERIFY_BUCKET_BOUNDS_MS[i]!) i++;
  return i;
}

/** Verified calls of one business type: bucket counts and the longest time seen. */
export interface VerifyHistogram {
  readonly counts: readonly number[];
  readonly maxMs: number;
}

/**
 * The q-quantile by nearest rank from a histogram: the upper bound of the bucket holding the
 * ranked call, capped by the longest time (so never above a real time). Under 5 min it is at most
 * 5 s above the exact nearest-rank value and never below it; beyond, the bucket is coarser (the
 * open one answers the longest time). Null without calls.
 */
export function histogramQuantile(h: VerifyHistogram, q: number): number | null {
  const n = h.counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i]!;
    if (seen >= rank) return Math.min(VERIFY_BUCKET_BOUNDS_MS[i] ?? h.maxMs, h.maxMs);
  }
  return h.maxMs;
}

export const addHistograms = (a: VerifyHistogram, b: VerifyHistogram): VerifyHistogram => ({
  counts: Array.from({ length: VERIFY_BUCKETS }, (_, i) => (a.counts[i] ?? 0) + (b.counts[i] ?? 0)),
  maxMs: Math.max(a.maxMs, b.maxMs),
});

/** What a set of agents did over some days, as sums (every field adds across agents and days). */
export interface IndicatorTotals {
  /** Ended, not training, by the session's day. */
  calls: number;
  verified: number;
  rated: number;
  /** Rated 4 or 5. */
  ratedHigh: number;
  declined: number;
  noAnswer: number;
  reviewed: number;
  reviewedCorrect: number;
  /** Desk calls with on-call time (not training) and their talk + wrap-up. */
  handled: number;
  handleMs: number;
  talkMs: number;
  breakMs: number;
  availableMs: number;
  fraudSuspected: number;
  fraudConfirmed: number;
  overPermission: number;
  exceptions: number;
  locks: number;
  /** By business type. */
  verifyTimes: Record<string, VerifyHistogram>;
}

export const emptyTotals = (): IndicatorTotals => ({
  calls: 0,
  verified: 0,
  rated: 0,
  ratedHigh: 0,
  declined: 0,
  noAnswer: 0,
  reviewed: 0,
  reviewedCorrect: 0,
  handled: 0,
  handleMs: 0,
  talkMs: 0,
  breakMs: 0,
  availableMs: 0,
  fraudSuspected: 0,
  fraudConfirmed: 0,
  overPermission: 0,
  exceptions: 0,
  locks: 0,
  verifyTimes: {},
});

type Counter = Exclude<keyof IndicatorTotals, 'verifyTimes'>;

/** Adds `b` into `a` (mutates and answers `a`: months add up thousands of rows). */
export function addTotals(a: IndicatorTotals, b: Partial<IndicatorTotals>): IndicatorTotals {
  for (const [key, value] of Object.entries(b)) {
    if (key === 'verifyTimes') continue;
    a[key as Counter] += Number(value ?? 0);
  }
  for (const [type, h] of Object.entries(b.verifyTimes ?? {})) {
    const had = a.verifyTimes[type];
    a.verifyTimes[type] = had ? addHistograms(had, h) : h;
  }
  return a;
}

export interface KpiFigure extends Share {
  readonly below: boolean;
}

const kpi = (hits: number, of: number, target: number): KpiFigure => {
  const share: Share = { value: of === 0 ? null : hits / of, hits, of };
  return { ...share, below: belowTarget(share, target) };
};

export type VerifyTimes = Record<string, { p50: number; p90: number; n: number }>;

/** Percentiles from the histograms (the dashboard); a month scanned has exact ones instead. */
export function verifyTimesOf(totals: IndicatorTotals): VerifyTimes {
  const out: VerifyTimes = {};
  for (const [type, h] of Object.entries(totals.verifyTimes)) {
    const p50 = histogramQuantile(h, 0.5);
    const p90 = histogramQuantile(h, 0.9);
    if (p50 === null || p90 === null) continue;
    out[type] = { p50, p90, n: h.counts.reduce((x, y) => x + y, 0) };
  }
  return out;
}

/**
 * The indicator set of `totals`: accuracy = correct reviewed / reviewed; satisfaction = rated 4–5
 * / rated (declined and no answer apart); average handle time = (talk + wrap-up) / handled desk
 * calls; calls per hour = calls / hours available. Nothing measured → null, never marked below.
 */
export function indicatorSetOf(
  totals: IndicatorTotals,
  targets: IndicatorTargets,
  exact?: VerifyTimes,
) {
  return {
    accuracy: kpi(totals.reviewedCorrect, totals.reviewed, targets.accuracy),
    satisfaction: {
      ...kpi(totals.ratedHigh, totals.rated, targets.satisfaction),
      declined: totals.declined,
      noAnswer: totals.noAnswer,
    },
    efficiency: {
      calls: totals.calls,
      verified: totals.verified,
      timeToVerify: exact ?? verifyTimesOf(totals),
      averageHandleMs: totals.handled === 0 ? null : totals.handleMs / totals.handled,
      callsPerHour:
        totals.availableMs <= 0 ? null : totals.calls / (totals.availableMs / 3_600_000),
    },
    risk: {
      fraudSuspected: totals.fraudSuspected,
      fraudConfirmed: totals.fraudConfirmed,
      overPermission: totals.overPermission,
      exceptions: totals.exceptions,
      locks: totals.locks,
    },
    workload: { talkMs: totals.talkMs, breakMs: totals.breakMs, availableMs: totals.availableMs },
  };
}

/** One day of the trend from that day's totals. */
export function dayIndicatorsOf(day: string, totals: IndicatorTotals, targets: IndicatorTargets) {
  const set = indicatorSetOf(totals, targets, {});
  return {
    day,
    accuracy: set.accuracy,
    satisfaction: kpi(totals.ratedHigh, totals.rated, targets.satisfaction),
    calls: totals.calls,
    averageHandleMs: set.efficiency.averageHandleMs,
    fraudSuspected: totals.fraudSuspected,
  };
}
