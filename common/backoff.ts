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

/**
 * Back-pressure (`503`/`429` with Retry-After): no sooner than the server asked, plus a uniformly
 * random share of as long again (at least 1 s), so desks told the same wait do not come back in
 * the same instant. A wait over `capMs` counts as `capMs`: a wrong header cannot park a retry loop
 * for longer than its own longest backoff.
 */
export function retryAfterDelay(retryAfterMs: number, capMs: number, random: () => number): number {
  const told = Number.isFinite(retryAfterMs) ? Math.min(Math.max(retryAfterMs, 0), capMs) : capMs;
  const spread = Math.max(told, 1_000);
  return told + fullJitterDelay(0, { baseMs: spread, capMs: spread }, random);
}

/** The softphone's reconnect and media-restore window: 1 s, doubling to 30 s. */
export const RECONNECT_BACKOFF: BackoffWindow = { baseMs: 1_000, capMs: 30_000 };

/**
 * An HTTP `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP date) in ms from `nowMs`, or
 * null when absent or unreadable. Never negative.
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An IMF-fixdate ends in GMT; anything else Date.parse might guess at is unreadable here.
  const at = /GMT$/.test(text) ? Date.parse(text) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}
