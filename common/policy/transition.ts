// The session state machine (Art. 5–8, 10, 14, 18): events, refusals and the pure transition the
// records service applies to every request and the panel runs to predict it. It must stay pure:
// no I/O, no clock, no Node, no zod.
import { ALTERNATIVE_METHODS, alternativesFor, type AlternativeId } from './alternatives.js';
import type { BusinessType, Step } from './business.js';
import type { FraudReason } from './fraud.js';
import { changeBusiness } from './intent.js';
import { basicLimitReached, LIMITS } from './limits.js';
import { requirementsFor } from './requirements.js';
import {
  approvalFor,
  approvalOutstanding,
  isTerminal,
  nextStep,
  type SessionState,
} from './session.js';
import { checksDoneForApproval } from './tiers.js';

export type SessionEvent =
  /**
   * Basic-information check; `callerIsReservedMobile` once the customer it matched is known;
   * `failuresInWindow`: the customer's failed basic checks in the Art. 5(2) window before this one,
   * every session counted (the records service counts them; the session's own count otherwise).
   */
  | {
      type: 'basic';
      passed: boolean;
      callerIsReservedMobile?: boolean;
      failuresInWindow?: number;
    }
  /** Password check; `locked` when this failure (or an earlier lock) leaves the password locked. */
  | { type: 'password'; passed: boolean; locked?: boolean }
  | { type: 'password-forgotten' }
  /** A passcode may be sent only while the OTP is the next step. */
  | { type: 'otp-send' }
  /** `killed`: the wrong entries are used up, or the passcode expired or was already used. */
  | { type: 'otp'; passed: boolean }
  | { type: 'switch-method'; alternative: AlternativeId }
  /** Art. 14 call-back: the desk may dial the reserved mobile while the call-back is next… */
  | { type: 'callback-dial' }
  /** …and it passes when the reserved mobile answered a dial the records service issued. */
  | { type: 'callback'; answered: boolean }
  | { type: 'request-approval' }
  | { type: 'decide-approval'; approve: boolean }
  | { type: 'confirmation'; confirmed: boolean }
  | { type: 'suspend'; reasons: readonly FraudReason[] }
  /** Art. 4(2): the caller's business changed mid-call; re-plans the session (./intent.ts). */
  | { type: 'change-business'; to: BusinessType };

export const REFUSALS = [
  /** The session ended (verified, failed, denied…). */
  'session-ended',
  'session-suspended',
  /** A lead has not decided yet; nothing runs meanwhile. */
  'awaiting-approval',
  /** The policy does not need this step for this session. */
  'step-not-required',
  /** A required step before it has not passed, or it already passed. */
  'out-of-order',
  /** Completing needs a lead's approval that was not granted (Art. 10: over-permission). */
  'approval-required',
  'approval-not-required',
  'approval-already-requested',
  /** Art. 10: an approval is asked only once every check passed (the lead sees a complete case). */
  'checks-outstanding',
  'not-awaiting-approval',
  'alternative-not-allowed',
  /** Art. 4(2): the session is already for that business type. */
  'business-unchanged',
] as const;
export type Refusal = (typeof REFUSALS)[number];

export type Transition =
  { ok: true; state: SessionState } | { ok: false; reason: Refusal; message: string };

const refuse = (reason: Refusal, message: string): Transition => ({ ok: false, reason, message });
const next = (state: SessionState, changes: Partial<SessionState>): Transition => ({
  ok: true,
  state: { ...state, ...changes },
});

/** Which step an event checks, for the order rule. */
const STEP_OF: Partial<Record<SessionEvent['type'], Step>> = {
  basic: 'basic',
  password: 'password',
  'password-forgotten': 'password',
  'otp-send': 'otp',
  otp: 'otp',
  'callback-dial': 'callback',
  callback: 'callback',
  confirmation: 'confirmation',
};

function refuseUnlessOpen(state: SessionState, event: SessionEvent): Transition | null {
  if (state.status === 'suspended')
    return refuse(
      'session-suspended',
      'the session is suspended for suspected fraud (Art. 18); no further checks',
    );
  if (isTerminal(state.status))
    return refuse('session-ended', `the session has ended (${state.status}); start a new one`);
  if (
    state.status === 'awaiting-approval' &&
    event.type !== 'decide-approval' &&
    event.type !== 'suspend'
  ) {
    return event.type === 'confirmation'
      ? refuse('approval-required', 'a lead has not approved this session yet (Art. 10)')
      : refuse(
          'awaiting-approval',
          'the session is waiting for a lead’s approval (Art. 10); no check runs meanwhile',
        );
  }
  return null;
}

function refuseUnlessNext(state: SessionState, step: Step): Transition | null {
  if (!state.steps.includes(step))
    return refuse(
      'step-not-required',
      `the ${step} step is not required for ${state.businessType}`,
    );
  if (state.passed.includes(step))
    return refuse('out-of-order', `the ${step} step has already passed`);
  const expected = nextStep(state);
  if (expected !== step) return refuse('out-of-order', `the ${expected} step comes before ${step}`);
  return null;
}

/** The pure transition function: the server applies it to every request, the panel to predict. */
export function transition(state: SessionState, event: SessionEvent): Transition {
  if (event.type === 'change-business') return changeBusiness(state, event.to);
  const closed = refuseUnlessOpen(state, event);
  if (closed) return closed;
  const step = STEP_OF[event.type];
  if (step) {
    const outOfOrder = refuseUnlessNext(state, step);
    if (outOfOrder) return outOfOrder;
  }
  const pass = (s: Step) => [...state.passed, s];

  switch (event.type) {
    case 'basic': {
      // Art. 5(2): the customer is already at the limit (earlier calls count): the exception
      // procedure at once, and this check neither runs nor counts.
      const prior = event.failuresInWindow ?? state.basicFailures;
      if (basicLimitReached(prior))
        return next(state, { basicFailures: LIMITS.basic.maxFailures, status: 'exception' });
      let changes: Partial<SessionState> = {};
      if (event.callerIsReservedMobile !== undefined && state.callerIsReservedMobile === null) {
        const { steps, approvalReasons } = requirementsFor(
          state.businessType,
          state.tier,
          event.callerIsReservedMobile,
          state.alternatives,
        );
        changes = {
          callerIsReservedMobile: event.callerIsReservedMobile,
          steps,
          approvalReasons,
          approval: approvalFor(approvalReasons, state.approval),
        };
      }
      if (event.passed) return next(state, { ...changes, passed: pass('basic') });
      const basicFailures = prior + 1;
      return next(state, {
        ...changes,
        basicFailures,
        status: basicLimitReached(basicFailures) ? 'exception' : state.status,
      });
    }
    case 'password':
      if (event.passed) return next(state, { passed: pass('password') });
      return next(state, event.locked ? { status: 'password-locked' } : {});
    case 'password-forgotten':
      return next(state, { status: 'password-reset' });
    case 'otp-send':
      return next(state, {});
    case 'otp':
      return next(state, event.passed ? { passed: pass('otp') } : {});
    case 'switch-method': {
      const alternative = ALTERNATIVE_METHODS.find((a) => a.id === event.alternative);
      if (
        !alternative ||
        !alternative.businessTypes.includes(state.businessType) ||
        state.alternatives.includes(event.alternative)
      ) {
        return refuse(
          'alternative-not-allowed',
          `${event.alternative} is not an allowed alternative for ${state.businessType} (Art. 14)`,
        );
      }
      if (
        !state.steps.includes(alternative.replaces) ||
        state.passed.includes(alternative.replaces)
      ) {
        return refuse(
          'alternative-not-allowed',
          `the ${alternative.replaces} step is no longer open, so it cannot be replaced`,
        );
      }
      const alternatives = [...state.alternatives, event.alternative];
      const { steps, approvalReasons } = requirementsFor(
        state.businessType,
        state.tier,
        state.callerIsReservedMobile,
        alternatives,
      );
      // An alternative may add a reason for a lead's review (Art. 10, 14).
      return next(state, {
        alternatives,
        steps,
        approvalReasons,
        approval: approvalFor(approvalReasons, state.approval),
      });
    }
    case 'callback-dial':
      return next(state, {});
    case 'callback':
      return next(state, event.answered ? { passed: pass('callback') } : {});
    case 'request-approval':
      if (state.approvalReasons.length === 0)
        return refuse('approval-not-required', 'this session does not need a lead’s approval');
      if (state.approval !== 'not-requested')
        return refuse('approval-already-requested', `the approval is already ${state.approval}`);
      if (!checksDoneForApproval(nextStep(state)))
        return refuse(
          'checks-outstanding',
          `the ${nextStep(state)} step comes first: a lead’s approval is asked once every check ` +
            'has passed, so the lead reviews the complete case (Art. 10)',
        );
      return next(state, { status: 'awaiting-approval', approval: 'pending' });
    case 'decide-approval':
      if (state.status !== 'awaiting-approval')
        return refuse('not-awaiting-approval', 'the session is not waiting for an approval');
      return next(
        state,
        event.approve
          ? { status: 'in-progress', approval: 'approved' }
          : { status: 'denied', approval: 'denied' },
      );
    case 'confirmation':
      if (approvalOutstanding(state))
        return refuse(
          'approval-required',
          'completing this session needs a lead’s approval first (Art. 10)',
        );
      return next(
        state,
        event.confirmed
          ? { passed: pass('confirmation'), status: 'verified' }
          : { status: 'not-confirmed' },
      );
    case 'suspend':
      return next(state, {
        status: 'suspended',
        fraudReasons: [...new Set([...state.fraudReasons, ...event.reasons])],
      });
  }
}

/** The alternatives the panel may offer right now (Art. 14). */
export function availableAlternatives(state: SessionState): AlternativeId[] {
  if (state.status !== 'in-progress') return [];
  return alternativesFor(state.businessType)
    .filter((a) => transition(state, { type: 'switch-method', alternative: a.id }).ok)
    .map((a) => a.id);
}
