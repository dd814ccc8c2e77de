// Full-jitter exponential backoff: how long to wait before the next retry of something that
// failed. Pure; the phone's reconnect scheduler and its media restore use it. Never a fixed
// delay: desks that failed together must not retry together.

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

/**
 * "Full jitter" exponential backoff: a uniformly random delay in [0, min(cap, base·2^attempt)).
 * Spreading retries over the whole window is what stops a few hundred agent desktops from
 * hammering a proxy that has just come back (they all lost it at the same instant).
 * `attempt` counts failures so far (0 for the first retry); `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
  const r = random();
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(fraction * ceiling);
}
