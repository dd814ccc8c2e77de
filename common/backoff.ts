// "Full jitter" exponential backoff, the one formula every retry loop here uses: the softphone's
// reconnect, the journal sync and the SMS webhook. A uniformly random delay in
// [0, min(cap, base·2^attempt)) spreads a few hundred desks that lost a server at the same
// instant over the whole window instead of letting them return together. Pure; no timers.

/** The window a retry loop backs off in: the first ceiling and the largest one. */
export interface BackoffWindow {
  readonly baseMs: number;
  readonly capMs: number;
}

/**
 * The delay before retry `attempt` (0 for the first retry). `random` returns [0, 1); anything
 * else it returns (1, NaN, negatives) and a non-finite or negative attempt are clamped, so a bad
 * source of randomness can never produce a negative, infinite or over-cap delay.
 */
export function fullJitterDelay(
  attempt: number,
  window: BackoffWindow,
  random: () => number,
): number {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const ceiling = Math.min(window.capMs, window.baseMs * 2 ** Math.min(exponent, 30));
  const r = random();
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(fraction * ceiling);
}

/** The softphone's reconnect and media-restore window: 1 s, doubling to 30 s. */
export const RECONNECT_BACKOFF: BackoffWindow = { baseMs: 1_000, capMs: 30_000 };
