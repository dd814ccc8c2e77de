// Business types, the checks each needs in order, their risk and which password they ask
// (Art. 4–7). Pure data: no I/O, no Node, no zod. The records service enforces these tables and the
// desktop's verification panel only predicts its answers from them.

export const BUSINESS_TYPES = [
  'enquiry',
  'important-query',
  'fund-transfer',
  'large-loan',
  'account-change',
] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];
export const isBusinessType = (value: string): value is BusinessType =>
  (BUSINESS_TYPES as readonly string[]).includes(value);

/**
 * Every check a session can need, in the only order they may run (Art. 5 → 6 → 7 → 8). `callback`
 * is the Art. 14 alternative to the OTP (./callback.ts): it stands where the OTP would.
 */
export const STEPS = ['basic', 'password', 'otp', 'callback', 'confirmation'] as const;
export type Step = (typeof STEPS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Art. 6: fund business asks the transaction password, information queries the query password. */
export const PASSWORD_KINDS = ['query', 'transaction'] as const;
export type PasswordKind = (typeof PASSWORD_KINDS)[number];

export interface BusinessPolicy {
  risk: RiskLevel;
  /** Required steps in order; always starts with `basic` and ends with `confirmation`. */
  steps: readonly Step[];
  /** Which password the password step asks for; null when the type needs no password. */
  passwordKind: PasswordKind | null;
}

export const BUSINESS_POLICY: Readonly<Record<BusinessType, BusinessPolicy>> = {
  // Art. 4/5: an enquiry needs the basic-information check only.
  enquiry: { risk: 'low', steps: ['basic', 'confirmation'], passwordKind: null },
  // Art. 6(1): important information queries → query password.
  'important-query': {
    risk: 'medium',
    steps: ['basic', 'password', 'confirmation'],
    passwordKind: 'query',
  },
  // Art. 6(1): fund transactions → transaction password.
  'fund-transfer': {
    risk: 'medium',
    steps: ['basic', 'password', 'confirmation'],
    passwordKind: 'transaction',
  },
  // Art. 7(1): large loan applications and account changes are high risk → + OTP. Both move money
  // or control of the account, so they ask the transaction password.
  'large-loan': {
    risk: 'high',
    steps: ['basic', 'password', 'otp', 'confirmation'],
    passwordKind: 'transaction',
  },
  'account-change': {
    risk: 'high',
    steps: ['basic', 'password', 'otp', 'confirmation'],
    passwordKind: 'transaction',
  },
};

export const requiredSteps = (type: BusinessType): readonly Step[] => BUSINESS_POLICY[type].steps;
export const riskOf = (type: BusinessType): RiskLevel => BUSINESS_POLICY[type].risk;
export const passwordKindFor = (type: BusinessType): PasswordKind | null =>
  BUSINESS_POLICY[type].passwordKind;
