// Art. 4(2): the caller's business may change mid-call. Re-plans a session for the new business
// type: what passed stays passed (a weaker password excepted, Art. 6), the new steps come in the
// STEPS order, approvals are asked again (Art. 10). Pure: no I/O, no Node, no zod.
import { ALTERNATIVE_METHODS } from './alternatives.js';
import {
  passwordKindFor,
  STEPS,
  RISK_LEVELS,
  riskOf,
  type BusinessType,
  type PasswordKind,
  type Step,
} from './business.js';
import { requirementsFor } from './requirements.js';
import { approvalFor, approvalOutstanding, isTerminal, type SessionState } from './session.js';
import type { Transition } from './transition.js';

/** Why the agent changed the business; `other` needs a note (the records service checks it). */
export const INTENT_CHANGE_REASONS = [
  /** The customer asked for further business after the first. */
  'customer-new-request',
  /** The first choice misread what the customer wanted. */
  'intent-misunderstood',
  /** The customer no longer wants the first business. */
  'customer-changed-mind',
  'other',
] as const;
export type IntentChangeReason = (typeof INTENT_CHANGE_REASONS)[number];

export const INTENT_DIRECTIONS = ['up', 'down', 'lateral'] as const;
export type IntentDirection = (typeof INTENT_DIRECTIONS)[number];

/**
 * How strong a business type's proof is: its risk first, then the password it asks (Art. 6: the
 * transaction password guards money, so it ranks above the query password). Large loans and
 * account changes rank alike: a change between them is lateral.
 */
export function strengthOf(type: BusinessType): number {
  const kind = passwordKindFor(type);
  return RISK_LEVELS.indexOf(riskOf(type)) * 3 + (kind === 'transaction' ? 2 : kind ? 1 : 0);
}

export function intentDirection(from: BusinessType, to: BusinessType): IntentDirection {
  const d = strengthOf(to) - strengthOf(from);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'lateral';
}

/**
 * Art. 6: the transaction password proves at least what the query password does (both are keyed
 * by the customer; the transaction password guards fund business), so it also covers a query. A
 * query password never proves the transaction password: stepping up to fund business asks it.
 */
export const passwordCovers = (proven: PasswordKind, needed: PasswordKind): boolean =>
  proven === needed || proven === 'transaction';

/** The password kinds this session has proven so far (the current type's, if its step passed). */
export function passwordsProven(state: SessionState): PasswordKind[] {
  const proven = [...(state.passwordsProven ?? [])];
  const current = passwordKindFor(state.businessType);
  if (state.passed.includes('password') && current && !proven.includes(current))
    proven.push(current);
  return proven;
}

const inOrder = (steps: Iterable<Step>): Step[] => {
  const set = new Set(steps);
  return STEPS.filter((s) => set.has(s));
};

/**
 * The session re-planned for `to`. The steps are the new type's (its allowed alternatives and the
 * Art. 18 OTP applied) plus every step already passed, so stepping down un-requires only what was
 * never done and no passed step drops off the list. A password stays passed if a kind proven in
 * this session covers the new one (above); one proven earlier counts again after a round trip.
 * Art. 10: an approval covers the business it was given for, so any approval the new type needs
 * is asked again. Art. 8: the read-back closes a verification after
 * every check; when the new type still needs a check or an approval, the read-back is read again
 * once they pass (the earlier affirmation stays in the record). A verified session whose new type
 * needs nothing more stays verified (stepping down); otherwise it reopens in progress.
 */
export function replanFor(state: SessionState, to: BusinessType): SessionState {
  const alternatives = state.alternatives.filter((id) =>
    ALTERNATIVE_METHODS.some((a) => a.id === id && a.businessTypes.includes(to)),
  );
  const req = requirementsFor(to, state.tier, state.callerIsReservedMobile, alternatives);
  const proven = passwordsProven(state);
  const needed = req.steps.includes('password') ? passwordKindFor(to) : null;
  const passwordHolds =
    needed === null
      ? state.passed.includes('password')
      : proven.some((k) => passwordCovers(k, needed));
  let passed: Step[] = state.passed.filter((s) => s !== 'password');
  if (passwordHolds) passed.push('password');
  // An approval covers the business it was given for: asked afresh for the new one (Art. 10).
  const approval = approvalFor(req.approvalReasons, 'not-required');
  const next: SessionState = {
    ...state,
    businessType: to,
    alternatives,
    approvalReasons: req.approvalReasons,
    approval,
    passwordsProven: proven,
    steps: [],
    passed: [],
  };
  const checksLeft = req.steps.some((s) => s !== 'confirmation' && !passed.includes(s));
  if (checksLeft || approvalOutstanding(next)) passed = passed.filter((s) => s !== 'confirmation');
  const steps = inOrder([...req.steps, ...passed]);
  const complete = steps.every((s) => passed.includes(s));
  return {
    ...next,
    steps,
    passed: inOrder(passed),
    status: state.status === 'verified' && complete ? 'verified' : 'in-progress',
  };
}

/**
 * The `change-business` event. Allowed while the session is in progress or verified (a verified
 * caller may ask for further business); refused while a lead reviews it (the lead reviews the
 * case as asked), once it failed or ended otherwise, when suspended (Art. 18), and as a no-op.
 */
export function changeBusiness(state: SessionState, to: BusinessType): Transition {
  const no = (reason: Extract<Transition, { ok: false }>['reason'], message: string) =>
    ({ ok: false, reason, message }) as const;
  if (state.status === 'suspended')
    return no(
      'session-suspended',
      'the session is suspended for suspected fraud (Art. 18); its business cannot change',
    );
  if (state.status === 'awaiting-approval')
    return no(
      'awaiting-approval',
      'a lead is reviewing this session (Art. 10); change the business after the decision',
    );
  if (isTerminal(state.status) && state.status !== 'verified')
    return no(
      'session-ended',
      `the session has ended (${state.status}); its business cannot change — start a new one`,
    );
  if (state.businessType === to)
    return no('business-unchanged', `the session is already for ${to}`);
  return { ok: true, state: replanFor(state, to) };
}
