// What the verification plugin takes beyond every route's dependencies: the Art. 18 fraud
// thresholds (common/policy.ts defaults) and the per-agent rate limits of checks and look-ups.
// Thresholds are validated when a check runs; a bad one fails that check, never weakens a rule.
import {
  DEFAULT_FRAUD_THRESHOLDS,
  isFraudThresholds,
  type FraudThresholds,
} from '../../common/policy.js';
import type { RouteDeps } from '../http.js';
import type { TrainingOptions } from '../training/options.js';
import { reviewPolicy, type ReviewPolicy } from '../reviews/sampling.js';

export interface VerificationOptions {
  /** Art. 18 thresholds; each defaults to DEFAULT_FRAUD_THRESHOLDS in common/policy.ts. */
  fraud?: Partial<FraudThresholds>;
  /** Checks allowed per bearer token per window. Default 60 per minute. */
  checkRateLimit?: { max: number; timeWindowMs: number };
  /** Customer look-ups (`GET /api/v1/customers`) per bearer token per window. Default 60/min. */
  lookupRateLimit?: { max: number; timeWindowMs: number };
}

/** RouteDeps plus the verification options app.ts passes through. */
export interface VerificationDeps extends RouteDeps {
  verification?: VerificationOptions;
  /** Art. 19: which ended sessions are sampled for review (server/reviews/sampling.ts). */
  review?: ReviewPolicy;
  /** Art. 9: the training catalog and the course live calls require (server/training/). */
  training?: TrainingOptions;
}

/** The review policy in force: the configured one, or the defaults keyed by the pepper. */
export const reviewPolicyOf = (deps: VerificationDeps): ReviewPolicy =>
  deps.review ?? reviewPolicy(undefined, deps.pepper);

export function fraudThresholds(deps: VerificationDeps): FraudThresholds {
  const thresholds = { ...DEFAULT_FRAUD_THRESHOLDS, ...deps.verification?.fraud };
  if (!isFraudThresholds(thresholds))
    throw new RangeError('fraud thresholds must be positive integers');
  return thresholds;
}
