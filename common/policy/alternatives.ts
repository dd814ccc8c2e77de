// Alternative methods a customer who declines a check is offered (Art. 14), and the steps once they
// are applied. Pure data and functions: no I/O, no Node, no zod.
import { requiredSteps, type BusinessType, type Step } from './business.js';

export const ALTERNATIVE_IDS = ['otp-instead-of-password', 'callback-instead-of-otp'] as const;
export type AlternativeId = (typeof ALTERNATIVE_IDS)[number];

export interface AlternativeMethod {
  id: AlternativeId;
  /** The step the customer declines… */
  replaces: Step;
  /** …and the step that takes its place, at the same position. */
  with: Step;
  /** Business types where the swap keeps the same strength of proof. */
  businessTypes: readonly BusinessType[];
  /** Business types where a lead must approve the session once it uses this alternative. */
  approvalFor: readonly BusinessType[];
}

/**
 * Art. 14: a customer who declines a method is offered a compliant alternative. A passcode to the
 * reserved mobile proves possession of that phone, which is at least as strong as a keyed
 * password, so it may replace the password where the policy asks basic + password. Not for
 * high-risk types: they already need the OTP, and dropping the password would remove a factor.
 * Biometrics (Art. 14's example) are not available on a phone line, so they are not offered.
 */
export const ALTERNATIVE_METHODS: readonly AlternativeMethod[] = [
  {
    id: 'otp-instead-of-password',
    replaces: 'password',
    with: 'otp',
    businessTypes: ['important-query', 'fund-transfer'],
    approvalFor: [],
  },
  /**
   * A customer who declines the passcode or cannot receive it: the agent ends the call and the desk
   * calls the reserved mobile from the record (./callback.ts). The customer answering that number
   * proves possession of it as the passcode would (Art. 7(2)), so it stands where the OTP stood.
   * Wherever an OTP can be asked (high risk, or a password already swapped for the OTP). Art. 7
   * names the OTP for high-risk business, so there the deviation goes to a lead (Art. 10).
   */
  {
    id: 'callback-instead-of-otp',
    replaces: 'otp',
    with: 'callback',
    businessTypes: ['important-query', 'fund-transfer', 'large-loan', 'account-change'],
    approvalFor: ['large-loan', 'account-change'],
  },
];

/** Whether `alternatives` on `type` need a lead's approval (Art. 10, 14). */
export const alternativesNeedApproval = (
  type: BusinessType,
  alternatives: readonly AlternativeId[],
): boolean =>
  ALTERNATIVE_METHODS.some((a) => alternatives.includes(a.id) && a.approvalFor.includes(type));

export const alternativesFor = (type: BusinessType): readonly AlternativeMethod[] =>
  ALTERNATIVE_METHODS.filter((alternative) => alternative.businessTypes.includes(type));

/** The required steps once `alternatives` are applied (in the order given). */
export function stepsWith(type: BusinessType, alternatives: readonly AlternativeId[]): Step[] {
  let steps = [...requiredSteps(type)];
  for (const id of alternatives) {
    const alternative = ALTERNATIVE_METHODS.find((a) => a.id === id);
    if (!alternative || !alternative.businessTypes.includes(type)) continue;
    steps = steps.includes(alternative.with)
      ? steps.filter((s) => s !== alternative.replaces)
      : steps.map((s) => (s === alternative.replaces ? alternative.with : s));
  }
  return steps;
}
