// Attempt limits (Art. 5(2), 6) and the one-time passcode's size, life and send cooldown and cap
// (Art. 7). Pure data and functions: no I/O, no Node, no zod; the caller passes the clock.

export const LIMITS = {
  /**
   * Art. 5(2): this many failed basic checks for one customer within the window, across calls and
   * sessions → exception procedure. A new call does not reset the count.
   */
  basic: { maxFailures: 3, windowSeconds: 24 * 60 * 60 },
  /** Art. 6: this many consecutive failures of one password, across sessions, lock it. */
  passwordFailuresToLock: 5,
  otp: {
    digits: 6,
    validitySeconds: 300,
    /** The passcode dies at this many wrong entries. */
    maxWrongEntries: 3,
    /** At most this many sends per customer per window… */
    maxSendsPerWindow: 3,
    sendWindowSeconds: 15 * 60,
    /** …and at least this long between two sends for one customer. */
    resendCooldownSeconds: 60,
  },
} as const;

/**
 * How many of a customer's failed basic checks (any session, any order) fall in the window ending
 * at `now`: later than `now - window`, not later than `now`. One exactly a window old has aged out.
 */
export function basicFailuresInWindow(
  failures: readonly Date[],
  now: Date,
  limits = LIMITS.basic,
): number {
  const t = now.getTime();
  const from = t - limits.windowSeconds * 1000;
  return failures.filter((d) => d.getTime() > from && d.getTime() <= t).length;
}

/** Art. 5(2): with this many failures in the window, a new basic check goes to the exception. */
export const basicLimitReached = (failuresInWindow: number, limits = LIMITS.basic): boolean =>
  failuresInWindow >= limits.maxFailures;

/** Basic checks the customer has left in the window (never negative). */
export const basicAttemptsLeft = (failuresInWindow: number, limits = LIMITS.basic): number =>
  Math.max(0, limits.maxFailures - failuresInWindow);

/** The reason a follow-up case carries: `basic check failed 3 times in 24 h`. */
export const basicExceptionReason = (failuresInWindow: number, limits = LIMITS.basic): string =>
  `basic check failed ${failuresInWindow} times in ${Math.round(limits.windowSeconds / 3600)} h`;

/** The counts back from `basicExceptionReason` (the leads' queue), or null for other text. */
export function parseBasicExceptionReason(
  reason: string,
): { failures: number; hours: number } | null {
  const match = /^basic check failed (\d{1,3}) times in (\d{1,4}) h$/.exec(reason);
  return match ? { failures: Number(match[1]), hours: Number(match[2]) } : null;
}

export type OtpSendDecision =
  { ok: true } | { ok: false; reason: 'cooldown' | 'cap'; retryAt: Date };

/**
 * Whether a passcode may be sent now, given the customer's previous sends (any order). Both the
 * cooldown and the cap are per customer, not per session: a new session does not reset them.
 */
export function otpSendDecision(
  previousSends: readonly Date[],
  now: Date,
  limits = LIMITS.otp,
): OtpSendDecision {
  const t = now.getTime();
  const inWindow = previousSends
    .map((d) => d.getTime())
    .filter((s) => s <= t && s > t - limits.sendWindowSeconds * 1000)
    .sort((a, b) => a - b);
  const last = inWindow[inWindow.length - 1];
  const refusals: { reason: 'cooldown' | 'cap'; retryAt: number }[] = [];
  if (last !== undefined && t - last < limits.resendCooldownSeconds * 1000)
    refusals.push({ reason: 'cooldown', retryAt: last + limits.resendCooldownSeconds * 1000 });
  if (inWindow.length >= limits.maxSendsPerWindow) {
    refusals.push({
      reason: 'cap',
      retryAt:
        inWindow[inWindow.length - limits.maxSendsPerWindow]! + limits.sendWindowSeconds * 1000,
    });
  }
  // When both hold, the later one is what the customer must wait for.
  const latest = refusals.sort((a, b) => b.retryAt - a.retryAt)[0];
  if (latest) return { ok: false, reason: latest.reason, retryAt: new Date(latest.retryAt) };
  return { ok: true };
}

/**
 * When the next send will be allowed, assuming one is made at `now` (for the panel's countdown).
 */
export function nextSendAvailableAt(
  previousSends: readonly Date[],
  now: Date,
  limits = LIMITS.otp,
): Date {
  const after = [...previousSends, now];
  const decision = otpSendDecision(after, now, limits);
  return decision.ok ? now : decision.retryAt;
}
