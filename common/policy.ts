// THE verification policy (Art. 5–8, 10, 14, 18) as data and pure functions. The records service
// enforces it and the desktop's verification panel shows it, from this one file: no I/O, no Node,
// no zod (style.md §5). The server is still the authority — the panel only predicts its answers.
import type { Tier } from './values.js';

// ---------------------------------------------------------------------------------------------
// Business types, steps, risk
// ---------------------------------------------------------------------------------------------

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

/** Every check a session can need, in the only order they may run (Art. 5 → 6 → 7 → 8). */
export const STEPS = ['basic', 'password', 'otp', 'confirmation'] as const;
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

// ---------------------------------------------------------------------------------------------
// Alternative methods (Art. 14)
// ---------------------------------------------------------------------------------------------

export const ALTERNATIVE_IDS = ['otp-instead-of-password'] as const;
export type AlternativeId = (typeof ALTERNATIVE_IDS)[number];

export interface AlternativeMethod {
  id: AlternativeId;
  /** The step the customer declines… */
  replaces: Step;
  /** …and the step that takes its place, at the same position. */
  with: Step;
  /** Business types where the swap keeps the same strength of proof. */
  businessTypes: readonly BusinessType[];
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
  },
];

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

// ---------------------------------------------------------------------------------------------
// Tiers (Art. 10)
// ---------------------------------------------------------------------------------------------

export interface TierPolicy {
  /** Business types this tier may complete without a lead's approval. */
  completesAlone: readonly BusinessType[];
  /** May approve or deny other agents' sessions and see the supervisor queues. */
  mayApprove: boolean;
}

/**
 * Art. 10: front-line agents handle enquiries and routine verification (queries, transfers, which
 * the password step already protects); a senior agent may also take large loan applications.
 * Account-detail changes (the reserved mobile, the address…) are how accounts are taken over, so
 * below lead they always go to a lead for review. Leads and admins complete everything alone and
 * may approve — but never their own session (four eyes).
 */
export const TIER_POLICY: Readonly<Record<Tier, TierPolicy>> = {
  agent: { completesAlone: ['enquiry', 'important-query', 'fund-transfer'], mayApprove: false },
  senior: {
    completesAlone: ['enquiry', 'important-query', 'fund-transfer', 'large-loan'],
    mayApprove: false,
  },
  lead: { completesAlone: BUSINESS_TYPES, mayApprove: true },
  admin: { completesAlone: BUSINESS_TYPES, mayApprove: true },
};

export const mayCompleteAlone = (tier: Tier, type: BusinessType): boolean =>
  TIER_POLICY[tier].completesAlone.includes(type);
export const mayApprove = (tier: Tier): boolean => TIER_POLICY[tier].mayApprove;

// ---------------------------------------------------------------------------------------------
// Limits (Art. 5, 6, 7)
// ---------------------------------------------------------------------------------------------

export const LIMITS = {
  /** Art. 5(2): after this many failed basic checks in one session → exception procedure. */
  basicAttemptsPerSession: 3,
  /** Art. 6: this many consecutive failures of one password, across sessions, lock it. */
  passwordFailuresToLock: 5,
  otp: {
    digits: 6,
    validitySeconds: 300,
    /** The passcode dies at this many wrong entries. */
    maxWrongEntries: 3,
    /** At most this many sends per customer per window… */
    maxSendsPerWindow: 3,
    sendWindowSeconds: 15 * 60,
    /** …and at least this long between two sends for one customer. */
    resendCooldownSeconds: 60,
  },
} as const;

export type OtpSendDecision =
  { ok: true } | { ok: false; reason: 'cooldown' | 'cap'; retryAt: Date };

/**
 * Whether a passcode may be sent now, given the customer's previous sends (any order). Both the
 * cooldown and the cap are per customer, not per session: a new session does not reset them.
 */
export function otpSendDecision(
  previousSends: readonly Date[],
  now: Date,
  limits = LIMITS.otp,
): OtpSendDecision {
  const t = now.getTime();
  const inWindow = previousSends
    .map((d) => d.getTime())
    .filter((s) => s <= t && s > t - limits.sendWindowSeconds * 1000)
    .sort((a, b) => a - b);
  const last = inWindow[inWindow.length - 1];
  const refusals: { reason: 'cooldown' | 'cap'; retryAt: number }[] = [];
  if (last !== undefined && t - last < limits.resendCooldownSeconds * 1000)
    refusals.push({ reason: 'cooldown', retryAt: last + limits.resendCooldownSeconds * 1000 });
  if (inWindow.length >= limits.maxSendsPerWindow) {
    refusals.push({
      reason: 'cap',
      retryAt:
        inWindow[inWindow.length - limits.maxSendsPerWindow]! + limits.sendWindowSeconds * 1000,
    });
  }
  // When both hold, the later one is what the customer must wait for.
  const latest = refusals.sort((a, b) => b.retryAt - a.retryAt)[0];
  if (latest) return { ok: false, reason: latest.reason, retryAt: new Date(latest.retryAt) };
  return { ok: true };
}

/**
 * When the next send will be allowed, assuming one is made at `now` (for the panel's countdown).
 */
export function nextSendAvailableAt(
  previousSends: readonly Date[],
  now: Date,
  limits = LIMITS.otp,
): Date {
  const after = [...previousSends, now];
  const decision = otpSendDecision(after, now, limits);
  return decision.ok ? now : decision.retryAt;
}

// ---------------------------------------------------------------------------------------------
// Fraud rules (Art. 18)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Approval requirements (Art. 10, 18)
// ---------------------------------------------------------------------------------------------

export const APPROVAL_REASONS = ['beyond-tier', 'caller-not-reserved-mobile'] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

export interface Requirements {
  steps: Step[];
  approvalReasons: ApprovalReason[];
}

/**
 * What a session must pass, given who runs it and what is known about the caller. Art. 18: when
 * the caller is not on the customer's reserved mobile, high-risk business needs the OTP (to the
 * reserved mobile) and a lead's approval whatever the agent's tier. `callerIsReservedMobile` is
 * null while the customer is not yet known.
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
    if (!steps.includes('otp')) steps.splice(steps.indexOf('confirmation'), 0, 'otp');
  }
  return { steps, approvalReasons };
}

// ---------------------------------------------------------------------------------------------
// The session state machine (Art. 5–8, 10, 14, 18)
// ---------------------------------------------------------------------------------------------

export const SESSION_STATUSES = [
  'in-progress',
  /** Paused until a lead decides (Art. 10): no check runs meanwhile. */
  'awaiting-approval',
  /** Terminal from here on. */
  'verified',
  /** The customer did not affirm the Art. 8 read-back. */
  'not-confirmed',
  /** Art. 5(2): basic check failed too often → exception procedure, supervisor review. */
  'exception',
  /** Art. 6(2): the customer forgot the password → reset procedure. */
  'password-reset',
  /** Art. 6: the password is locked (too many consecutive failures). */
  'password-locked',
  /** A lead denied the approval (Art. 10). */
  'denied',
  /** Art. 18: suspected fraud; the business is suspended. */
  'suspended',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const isTerminal = (status: SessionStatus): boolean =>
  status !== 'in-progress' && status !== 'awaiting-approval';
/** Ended sessions that count as failures for the Art. 18 repeated-failure rule. */
export const FAILED_STATUSES: readonly SessionStatus[] = [
  'not-confirmed',
  'exception',
  'password-locked',
  'suspended',
];

export const APPROVAL_STATES = [
  'not-required',
  'not-requested',
  'pending',
  'approved',
  'denied',
] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export interface SessionState {
  businessType: BusinessType;
  tier: Tier;
  status: SessionStatus;
  /** The steps still to pass and already passed, in order (alternatives and Art. 18 applied). */
  steps: Step[];
  passed: Step[];
  alternatives: AlternativeId[];
  basicFailures: number;
  approvalReasons: ApprovalReason[];
  approval: ApprovalState;
  /** Null until the customer is known; then whether the caller number is their reserved mobile. */
  callerIsReservedMobile: boolean | null;
  fraudReasons: FraudReason[];
}

/** A fresh session; the customer may already be known from the caller-ID lookup. */
export function initialSession(
  type: BusinessType,
  tier: Tier,
  callerIsReservedMobile: boolean | null = null,
): SessionState {
  const { steps, approvalReasons } = requirementsFor(type, tier, callerIsReservedMobile);
  return {
    businessType: type,
    tier,
    status: 'in-progress',
    steps,
    passed: [],
    alternatives: [],
    basicFailures: 0,
    approvalReasons,
    approval: approvalReasons.length > 0 ? 'not-requested' : 'not-required',
    callerIsReservedMobile,
    fraudReasons: [],
  };
}

/** The step the session expects next, or null when none is left or the session cannot proceed. */
export function nextStep(state: SessionState): Step | null {
  if (state.status !== 'in-progress') return null;
  return state.steps.find((step) => !state.passed.includes(step)) ?? null;
}

export const approvalOutstanding = (state: SessionState): boolean =>
  state.approvalReasons.length > 0 && state.approval !== 'approved';

export type SessionEvent =
  /** Basic-information check; `callerIsReservedMobile` once the customer it matched is known. */
  | { type: 'basic'; passed: boolean; callerIsReservedMobile?: boolean }
  /** Password check; `locked` when this failure (or an earlier lock) leaves the password locked. */
  | { type: 'password'; passed: boolean; locked?: boolean }
  | { type: 'password-forgotten' }
  /** A passcode may be sent only while the OTP is the next step. */
  | { type: 'otp-send' }
  /** `killed`: the wrong entries are used up, or the passcode expired or was already used. */
  | { type: 'otp'; passed: boolean }
  | { type: 'switch-method'; alternative: AlternativeId }
  | { type: 'request-approval' }
  | { type: 'decide-approval'; approve: boolean }
  | { type: 'confirmation'; confirmed: boolean }
  | { type: 'suspend'; reasons: readonly FraudReason[] };

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
  'not-awaiting-approval',
  'alternative-not-allowed',
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
          approval:
            approvalReasons.length === 0
              ? 'not-required'
              : state.approval === 'not-required'
                ? 'not-requested'
                : state.approval,
        };
      }
      if (event.passed) return next(state, { ...changes, passed: pass('basic') });
      const basicFailures = state.basicFailures + 1;
      return next(state, {
        ...changes,
        basicFailures,
        status: basicFailures >= LIMITS.basicAttemptsPerSession ? 'exception' : state.status,
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
      const { steps } = requirementsFor(
        state.businessType,
        state.tier,
        state.callerIsReservedMobile,
        alternatives,
      );
      return next(state, { alternatives, steps });
    }
    case 'request-approval':
      if (state.approvalReasons.length === 0)
        return refuse('approval-not-required', 'this session does not need a lead’s approval');
      if (state.approval !== 'not-requested')
        return refuse('approval-already-requested', `the approval is already ${state.approval}`);
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
