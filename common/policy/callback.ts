// Art. 14 choices at a step: what a customer who declines a check is offered (the call-back to the
// reserved mobile instead of the OTP, the OTP instead of the password) or why nothing is (Art. 5:
// the basic check is the floor), and the call-back's limits. Pure: no I/O, no Node, no zod.
import { ALTERNATIVE_METHODS, type AlternativeId } from './alternatives.js';
import type { SessionState } from './session.js';
import { availableAlternatives } from './transition.js';

/**
 * The call-back to the reserved mobile (Art. 14 instead of Art. 7's OTP). The records service hands
 * the number to the desk's phone only (never the screen, Art. 11); a dial stays good this long
 * for the answer to count, and a session may dial this many times (no answer, line busy).
 */
export const CALLBACK_LIMITS = { dialValiditySeconds: 180, maxDialsPerSession: 3 } as const;

/** The steps a customer may decline (a read-back not affirmed ends the session instead, Art. 8). */
export const DECLINABLE_STEPS = ['basic', 'password', 'otp'] as const;
export type DeclinableStep = (typeof DECLINABLE_STEPS)[number];
export const isDeclinableStep = (step: string): step is DeclinableStep =>
  (DECLINABLE_STEPS as readonly string[]).includes(step);

/**
 * Why nothing can be offered: the basic check is the floor every business needs (Art. 5), or the
 * policy has no alternative for this step of this business (e.g. the password of a high-risk one).
 */
export const NO_ALTERNATIVE_REASONS = ['basic-is-the-floor', 'none-for-business'] as const;
export type NoAlternativeReason = (typeof NO_ALTERNATIVE_REASONS)[number];

export interface DeclineOptions {
  alternatives: AlternativeId[];
  noAlternative: NoAlternativeReason | null;
}

/** What the agent may offer a customer who declines `step` now (Art. 14). */
export function declineOptions(state: SessionState, step: DeclinableStep): DeclineOptions {
  if (step === 'basic') return { alternatives: [], noAlternative: 'basic-is-the-floor' };
  const alternatives = availableAlternatives(state).filter(
    (id) => ALTERNATIVE_METHODS.find((a) => a.id === id)?.replaces === step,
  );
  return { alternatives, noAlternative: alternatives.length > 0 ? null : 'none-for-business' };
}

export const DECLINE_OUTCOMES = [
  'basic-no-alternative',
  'password-alternative-offered',
  'password-no-alternative',
  'otp-alternative-offered',
  'otp-no-alternative',
] as const;
export type DeclineOutcome = (typeof DECLINE_OUTCOMES)[number];

/** The outcome recorded for a decline (the choice itself is recorded when the agent switches). */
export const declineOutcome = (step: DeclinableStep, options: DeclineOptions): DeclineOutcome =>
  `${step}-${options.alternatives.length > 0 ? 'alternative-offered' : 'no-alternative'}` as DeclineOutcome;

/** Whether a call-back dial issued at `dialledAt` still counts when answered at `now`. */
export const callbackDialValid = (dialledAt: Date, now: Date): boolean =>
  now.getTime() >= dialledAt.getTime() &&
  now.getTime() - dialledAt.getTime() <= CALLBACK_LIMITS.dialValiditySeconds * 1000;
