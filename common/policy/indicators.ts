// The Chapter 7 indicators as formulas (Art. 22, 26): verification accuracy from quality reviews,
// satisfaction from keypad ratings, handling efficiency, risk control and workload, each with its
// count so a figure over nothing reads "no data", never 0 % or 100 %. Targets come from policy; a
// figure below its target is marked. Pure: the records service feeds it rows, the console and the
// frozen monthly report show what it answers, so the numbers agree everywhere.

/** Art. 22's examples, the records service's defaults (its policy may raise them). */
export const INDICATOR_TARGETS = { accuracy: 0.99, satisfaction: 0.9 } as const;
export type IndicatorTargets = { readonly accuracy: number; readonly satisfaction: number };

/** A share with what it is a share of; `value` null when there is nothing to measure. */
export interface Share {
  readonly value: number | null;
  /** How many counted in favour. */
  readonly hits: number;
  /** How many there were. */
  readonly of: number;
}

const share = (hits: number, of: number): Share => ({
  value: of === 0 ? null : hits / of,
  hits,
  of,
});

/** A rating keyed on the phone (1–5), or why there is none. */
export type SurveyAnswer = 1 | 2 | 3 | 4 | 5 | 'declined' | 'no-answer';

/**
 * Satisfaction (Art. 22): the share of ratings that are 4 or 5, over the calls that gave a rating.
 * Declined and unanswered surveys are counted apart (how often the survey works), not as unhappy.
 */
export function satisfaction(answers: readonly SurveyAnswer[]): Share & {
  declined: number;
  noAnswer: number;
} {
  const rated = answers.filter((a): a is 1 | 2 | 3 | 4 | 5 => typeof a === 'number');
  return {
    ...share(rated.filter((r) => r >= 4).length, rated.length),
    declined: answers.filter((a) => a === 'declined').length,
    noAnswer: answers.filter((a) => a === 'no-answer').length,
  };
}

/** A reviewed session: every step marked correct, or at least one marked incorrect. */
export interface ReviewedSession {
  readonly steps: readonly { readonly correct: boolean }[];
}

/** Verification accuracy (Art. 19, 22): sessions with every step correct over sessions reviewed. */
export function accuracy(reviewed: readonly ReviewedSession[]): Share {
  const counted = reviewed.filter((r) => r.steps.length > 0);
  return share(counted.filter((r) => r.steps.every((s) => s.correct)).length, counted.length);
}

/**
 * The value at quantile `q` (0–1) by the nearest-rank method: always one of the values (a time a
 * call really took), null for none.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** A handled call, for handling efficiency (Art. 22) and workload (Art. 26). */
export interface HandledCall {
  readonly businessType: string;
  /** From the session's start to "verified"; null when it was never verified. */
  readonly verifyMs: number | null;
  /** Talk time plus wrap-up. */
  readonly handleMs: number;
}

export interface Efficiency {
  readonly calls: number;
  /** Time to verify, p50 and p90, over the verified calls of each business type. */
  readonly timeToVerify: Readonly<Record<string, { p50: number; p90: number; n: number }>>;
  /** Average handle time, null without calls. */
  readonly averageHandleMs: number | null;
  /** Calls per hour signed in and available (ready, on call, wrap-up); null without such time. */
  readonly callsPerHour: number | null;
}

export function efficiency(calls: readonly HandledCall[], availableMs: number): Efficiency {
  const byType = new Map<string, number[]>();
  for (const c of calls) {
    if (c.verifyMs === null) continue;
    byType.set(c.businessType, [...(byType.get(c.businessType) ?? []), c.verifyMs]);
  }
  const timeToVerify = Object.fromEntries(
    [...byType].map(([type, times]) => [
      type,
      { p50: quantile(times, 0.5)!, p90: quantile(times, 0.9)!, n: times.length },
    ]),
  );
  const handle = calls.reduce((sum, c) => sum + c.handleMs, 0);
  return {
    calls: calls.length,
    timeToVerify,
    averageHandleMs: calls.length === 0 ? null : handle / calls.length,
    callsPerHour: availableMs <= 0 ? null : calls.length / (availableMs / 3_600_000),
  };
}

/** Whether a figure falls short of its target; a figure over nothing is not marked. */
export const belowTarget = (figure: Share, target: number): boolean =>
  figure.value !== null && figure.value < target;
