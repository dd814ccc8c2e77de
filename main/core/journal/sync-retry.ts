// When the journal sync tries again: one timer at a time, with the time it is due for the
// desk's state, and full-jitter backoff (common/backoff.ts) between failed attempts. Timers,
// clock and randomness are parameters (style.md §4), so tests drive them.
import { fullJitterDelay } from '../../../common/backoff.js';
import type { Timers } from './sync-types.js';

export interface RetryTimerOptions {
  timers: Timers;
  now: () => Date;
  random: () => number;
  backoffBaseMs: number;
  backoffCapMs: number;
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
  };
}
