// Art. 4(2) on the panel: when the agent may change the caller's business, and what the policy
// predicts the new business will still ask (the records service's answer then replaces it).
// Pure functions over VerificationState, tested without a DOM.
import {
  INTENT_CHANGE_REASONS,
  replanFor,
  type BusinessType,
  type IntentChangeReason,
  type SessionState,
  type Step,
} from '../../common/policy.js';
import type { Verification } from '../../common/records-api.js';
import type { VerificationState } from './state.js';
import { isSuspended } from './view.js';

export { INTENT_CHANGE_REASONS, type IntentChangeReason };

/** In progress or verified, on a live call, nothing in flight, records reachable, no fraud. */
export function canChangeBusiness(state: VerificationState): boolean {
  const session = state.session;
  return (
    session !== null &&
    (session.status === 'in-progress' || session.status === 'verified') &&
    !isSuspended(session) &&
    !state.outage &&
    state.call !== null &&
    !state.call.ended &&
    state.pending === null
  );
}

/** The session as the policy sees it, from what the records service showed (a prediction). */
function policyState(session: Verification, state: VerificationState): SessionState {
  const notReserved = session.approval.reasons.includes('caller-not-reserved-mobile');
  return {
    businessType: session.businessType,
    tier: state.tier ?? 'agent',
    status: session.status,
    steps: session.steps.map((s) => s.step),
    passed: session.steps.filter((s) => s.passed).map((s) => s.step),
    alternatives: session.alternatives.applied,
    basicFailures: session.basic.failures,
    approvalReasons: session.approval.reasons,
    approval: session.approval.state,
    callerIsReservedMobile: notReserved ? false : session.customer ? true : null,
    fraudReasons: [],
  };
}

/** What changing to `to` would still ask, in order, and whether a lead must approve. */
export function predictedReplan(
  state: VerificationState,
  to: BusinessType,
): { steps: Step[]; approval: boolean } | null {
  const session = state.session;
  if (!session || session.businessType === to) return null;
  const next = replanFor(policyState(session, state), to);
  return {
    steps: next.steps.filter((s) => !next.passed.includes(s)),
    approval: next.approval === 'not-requested',
  };
}
