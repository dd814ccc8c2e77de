// The suspected-fraud rules (Art. 18): thresholds over a look-back window and the reason codes that
// hold for what the records service counted. Pure data and functions: no I/O, no Node, no zod.

export interface FraudThresholds {
  /** Look-back window for the counting rules. */
  windowSeconds: number;
  /** One caller number trying this many distinct customers in the window → suspected fraud. */
  distinctCustomersPerCaller: number;
  /** This many failed sessions for one customer in the window → suspected fraud. */
  failedSessionsPerCustomer: number;
  /** This many killed passcodes (wrong entries exhausted) for one customer in the window. */
  killedOtpsPerCustomer: number;
}

export const DEFAULT_FRAUD_THRESHOLDS: Readonly<FraudThresholds> = {
  windowSeconds: 24 * 60 * 60,
  distinctCustomersPerCaller: 3,
  failedSessionsPerCustomer: 5,
  killedOtpsPerCustomer: 1,
};

export const FRAUD_REASONS = [
  'many-customers-per-caller',
  'repeated-failed-sessions',
  'otp-failures',
] as const;
export type FraudReason = (typeof FRAUD_REASONS)[number];

/** What the server counts over the window before and after each check. */
export interface FraudFacts {
  distinctCustomersForCaller: number;
  failedSessionsForCustomer: number;
  killedOtpsForCustomer: number;
}

/** The script the panel runs when a session is suspended (Art. 18). */
export const SUSPECTED_FRAUD_SCRIPT = 'suspected-fraud';

/** Reason codes that hold for `facts` (empty: no suspicion). */
export function fraudReasons(
  facts: FraudFacts,
  thresholds: FraudThresholds = DEFAULT_FRAUD_THRESHOLDS,
): FraudReason[] {
  const reasons: FraudReason[] = [];
  if (facts.distinctCustomersForCaller >= thresholds.distinctCustomersPerCaller)
    reasons.push('many-customers-per-caller');
  if (facts.failedSessionsForCustomer >= thresholds.failedSessionsPerCustomer)
    reasons.push('repeated-failed-sessions');
  if (facts.killedOtpsForCustomer >= thresholds.killedOtpsPerCustomer) reasons.push('otp-failures');
  return reasons;
}

export function isFraudThresholds(value: FraudThresholds): boolean {
  return Object.values(value).every((n) => Number.isInteger(n) && n >= 1);
}
