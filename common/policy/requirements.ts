// What one session must pass and why it needs a lead's approval (Art. 10 tiers, Art. 14
// alternatives, Art. 18 caller not on the reserved mobile). Pure: no I/O, no Node, no zod.
import type { Tier } from '../values.js';
import { alternativesNeedApproval, stepsWith, type AlternativeId } from './alternatives.js';
import { riskOf, type BusinessType, type Step } from './business.js';
import { mayCompleteAlone } from './tiers.js';

export const APPROVAL_REASONS = [
  'beyond-tier',
  'caller-not-reserved-mobile',
  /** Art. 14 alternative the policy lets through only with a lead's review (Art. 10). */
  'alternative-method',
] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

export interface Requirements {
  steps: Step[];
  approvalReasons: ApprovalReason[];
}

/**
 * What a session must pass, given who runs it and what is known about the caller. Art. 18: when
 * the caller is not on the customer's reserved mobile, high-risk business needs the OTP (to the
 * reserved mobile) and a lead's approval whatever the agent's tier. `callerIsReservedMobile` is
 * null while the customer is not yet known; a number no trusted proxy asserted is never the
 * reserved mobile (callerCountsAsReservedMobile).
 */
export function requirementsFor(
  type: BusinessType,
  tier: Tier,
  callerIsReservedMobile: boolean | null,
  alternatives: readonly AlternativeId[] = [],
): Requirements {
  const steps = stepsWith(type, alternatives);
  const approvalReasons: ApprovalReason[] = [];
  if (!mayCompleteAlone(tier, type)) approvalReasons.push('beyond-tier');
  if (callerIsReservedMobile === false && riskOf(type) === 'high') {
    approvalReasons.push('caller-not-reserved-mobile');
    // A call-back to the reserved mobile already proves possession of it (Art. 14).
    if (!steps.includes('otp') && !steps.includes('callback'))
      steps.splice(steps.indexOf('confirmation'), 0, 'otp');
  }
  if (alternativesNeedApproval(type, alternatives)) approvalReasons.push('alternative-method');
  return { steps, approvalReasons };
}
