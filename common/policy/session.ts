// A verification session's state: its statuses (Art. 5–8, 10, 18), approval states, the fresh
// session and the step it expects next. Pure data and functions: no I/O, no Node, no zod.
import type { Tier } from '../values.js';
import type { AlternativeId } from './alternatives.js';
import type { BusinessType, PasswordKind, Step } from './business.js';
import type { FraudReason } from './fraud.js';
import { requirementsFor, type ApprovalReason } from './requirements.js';

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
  /** Art. 5(2): the customer's failed basic checks in the window, as of this session's last one. */
  basicFailures: number;
  approvalReasons: ApprovalReason[];
  approval: ApprovalState;
  /** Null until the customer is known; then whether the caller number is their reserved mobile. */
  callerIsReservedMobile: boolean | null;
  fraudReasons: FraudReason[];
  /**
   * Art. 4/6: password kinds proven before the business last changed (./intent.ts); the current
   * type's kind is proven when `passed` holds the password. Absent: the business never changed.
   */
  passwordsProven?: PasswordKind[];
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
    approval: approvalFor(approvalReasons, 'not-required'),
    callerIsReservedMobile,
    fraudReasons: [],
  };
}

/** The step the session expects next, or null when none is left or the session cannot proceed. */
export function nextStep(state: SessionState): Step | null {
  if (state.status !== 'in-progress') return null;
  return state.steps.find((step) => !state.passed.includes(step)) ?? null;
}

/**
 * The approval state once the reasons are derived again: none needed → not required; a reason
 * appearing where none was → not yet requested; otherwise the state stands (Art. 10).
 */
export const approvalFor = (
  reasons: readonly ApprovalReason[],
  current: ApprovalState,
): ApprovalState =>
  reasons.length === 0 ? 'not-required' : current === 'not-required' ? 'not-requested' : current;

export const approvalOutstanding = (state: SessionState): boolean =>
  state.approvalReasons.length > 0 && state.approval !== 'approved';
