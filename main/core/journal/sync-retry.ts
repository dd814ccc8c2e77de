// When the journal sync tries again: one timer at a time, with the time it is due for the
// desk's state; full-jitter backoff (common/backoff.ts) between failed attempts, the archive's
// Retry-After plus jitter, and a spread for desks coming back together. Timers, clock and
// randomness are parameters (style.md §4), so tests drive them.
import { fullJitterDelay, retryAfterDelay } from '../../../common/backoff.js';
import type { Timers } from './sync-types.js';

// Desks coming back together (the records service reachable again, a desk started with a
// backlog) each wait a random share of a window that grows with their own backlog:
// RETURN_SPREAD_MS_PER_ENTRY per entry, at most RETURN_SPREAD_MAX_MS. Why: a desk holding b
// entries starts uniformly within b × k ms and then sends its b, so together n desks offer n / k
// entries per ms whatever each holds — with k = 10 ms, 500 desks offer 50,000 entries/s: more
// than one instance's ingest takes (its bounded queue answers the excess 503 + Retry-After), so
// the drain is bound by the archive's capacity, not by the spread, while 1,000 requests never land
// in the same second beside the agents' live checks. After an hour's outage (~1,000 entries a
// desk) the returns spread over ~10 s. A desk with a handful of entries (the usual blip) is back
// within milliseconds; none waits over 30 s (its backlog is safe on disk, and the connectivity
// probe already scatters desks over its 3 s), nor over the backoff's cap.
export const RETURN_SPREAD_MS_PER_ENTRY = 10;
export const RETURN_SPREAD_MAX_MS = 30_000;

export interface RetryTimerOptions {
  timers: Timers;
  now: () => Date;
  random: () => number;
  backoffBaseMs: number;
  backoffCapMs: number;
  returnSpreadMsPerEntry?: number;
  returnSpreadMaxMs?: number;
}

export interface RetryTimer {
  /** Runs `fn` after `ms`, replacing any retry already scheduled. */
  schedule(ms: number, fn: () => void): void;
  clear(): void;
  /** A retry is scheduled. */
  pending(): boolean;
  nextAttemptAt(): Date | null;
  /** The wait after the n-th failure in a row (n ≥ 1). */
  backoffDelay(failures: number): number;
  /** The wait before coming back with `backlog` entries (see RETURN_SPREAD_MS_PER_ENTRY). */
  returnDelay(backlog: number): number;
  /** The wait the archive asked for (Retry-After), plus jitter. */
  toldDelay(retryAfterMs: number): number;
}

export function createRetryTimer(options: RetryTimerOptions): RetryTimer {
  const { timers, now, random } = options;
  const window = { baseMs: options.backoffBaseMs, capMs: options.backoffCapMs };
  let timer: unknown = null;
  let nextAttemptAt: Date | null = null;

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    nextAttemptAt = null;
  };

  return {
    schedule(ms, fn) {
      clear();
      nextAttemptAt = new Date(now().getTime() + ms);
      timer = timers.setTimeout(() => {
        timer = null;
        nextAttemptAt = null;
        fn();
      }, ms);
    },
    clear,
    pending: () => timer !== null,
    nextAttemptAt: () => nextAttemptAt,
    backoffDelay: (failures) => fullJitterDelay(failures - 1, window, random),
    returnDelay(backlog) {
      const perEntry = options.returnSpreadMsPerEntry ?? RETURN_SPREAD_MS_PER_ENTRY;
      const spread = Math.min(
        window.capMs,
        options.returnSpreadMaxMs ?? RETURN_SPREAD_MAX_MS,
        Math.max(0, backlog) * perEntry,
      );
      // Full jitter over a window that does not grow: `attempt` 0 with base = cap = spread.
      return spread > 0 ? fullJitterDelay(0, { baseMs: spread, capMs: spread }, random) : 0;
    },
    toldDelay: (retryAfterMs) => retryAfterDelay(retryAfterMs, window.capMs, random),
  };
}
