// What the panel shows, worked out from VerificationState by pure functions (tested without a
// DOM): the progress list — from the policy (common/policy.ts) before the records service has
// answered, from the session after — which part of the flow is on screen, and the countdowns.
import {
  callerCountsAsReservedMobile,
  LIMITS,
  requirementsFor,
  type Step,
} from '../../common/policy.js';
import type { Verification } from '../../common/records-api.js';
import type { VerificationState } from './state.js';

export type StepStatus = 'pending' | 'active' | 'passed' | 'failed';
export interface StepView {
  step: Step;
  status: StepStatus;
}

/** Session statuses after which the open step cannot pass any more. */
const FAILED_AT_OPEN_STEP = new Set<Verification['status']>([
  'not-confirmed',
  'exception',
  'password-reset',
  'password-locked',
  'denied',
  'suspended',
]);

/**
 * The customer the caller-ID look-up found is reserved on the number calling: Art. 18 needs to
 * know, and believes it only when a trusted proxy asserted the number (the policy's rule).
 */
function callerIsReservedMobile(state: VerificationState): boolean | null {
  const found =
    state.customerId !== null && state.lookup.customers.some((c) => c.id === state.customerId);
  if (!found || !state.call) return null;
  // The look-up was by this very number: it is the reserved mobile, if it can be believed.
  return callerCountsAsReservedMobile(
    state.call.number,
    state.call.callerIdSource,
    state.call.number,
  );
}

export function stepViews(state: VerificationState): StepView[] {
  const session = state.session;
  if (session) {
    const firstOpen = session.steps.find((s) => !s.passed)?.step ?? null;
    return session.steps.map(({ step, passed }) => {
      if (passed) return { step, status: 'passed' };
      if (step === firstOpen && FAILED_AT_OPEN_STEP.has(session.status))
        return { step, status: 'failed' };
      if (step === session.nextStep) return { step, status: 'active' };
      return { step, status: 'pending' };
    });
  }
  if (!state.businessType) return [];
  // Before `verify:start` answers: the policy's prediction, all still to do.
  const { steps } = requirementsFor(
    state.businessType,
    state.tier ?? 'agent',
    callerIsReservedMobile(state),
  );
  return steps.map((step) => ({ step, status: 'pending' }));
}

/** Art. 18: the records service suspended the session; the panel runs the fraud script only. */
export const isSuspended = (session: Verification | null): boolean =>
  session !== null && (session.status === 'suspended' || session.fraud !== null);

/**
 * Nothing is checked on the session any more (ended one way or another, or waiting for a lead), or
 * for now: with the records service down the outage procedure runs instead (Art. 12).
 */
export const canCheck = (state: VerificationState): boolean =>
  !state.outage &&
  state.session !== null &&
  state.session.status === 'in-progress' &&
  state.call !== null &&
  !state.call.ended &&
  state.pending === null;

/** Approval is still needed before the Art. 8 confirmation can complete the session (Art. 10). */
export const approvalOutstanding = (session: Verification): boolean =>
  session.approval.state === 'not-requested' ||
  session.approval.state === 'pending' ||
  session.approval.state === 'denied';

/** Whole seconds from `now` until `at` (never negative). */
export const secondsUntil = (at: number, now: number): number =>
  Math.max(0, Math.ceil((at - now) / 1000));

/** `4:05` for the passcode countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The passcode's expiry and resend times (Art. 7) on this workstation's clock. The records service
 * stamps `expiresAt` = its send time + the policy's validity, so the send time in its clock is
 * known and the two clocks' offset cancels: a workstation clock that is off does not show a
 * passcode as long expired or valid for an hour.
 */
export function otpDeadlines(
  otp: { expiresAt: string; resendAvailableAt: string },
  receivedAt: number,
): { expiresAt: number; resendAvailableAt: number } {
  const expires = Date.parse(otp.expiresAt);
  const resend = Date.parse(otp.resendAvailableAt);
  if (!Number.isFinite(expires))
    return {
      expiresAt: receivedAt + LIMITS.otp.validitySeconds * 1000,
      resendAvailableAt: receivedAt,
    };
  const offset = receivedAt - (expires - LIMITS.otp.validitySeconds * 1000);
  return {
    expiresAt: expires + offset,
    resendAvailableAt: Number.isFinite(resend) ? resend + offset : receivedAt,
  };
}

export const OTP_DIGITS = LIMITS.otp.digits;
/** The contract takes at most 32 keypad digits for a password. */
export const PASSWORD_MAX_DIGITS = 32;
