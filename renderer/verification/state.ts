// The verification panel's state: one call's screen pop, the session as the records service last
// answered it, what the agent is doing now, and the wrap-up. Pure reducers, one per concern in
// state/, composed here (style.md §6); the controller (controller.ts, controller/) does the
// talking. Secrets are absent by construction: the basic-details form's values stay in the form
// until submit, keypad digits in keypad-buffer.ts's closure — here only how many are held.
import type { CallbackWindow } from '../../common/callback-reason.js';
import type { CallbackRecorded } from '../../common/connectivity.js';
import type { BusinessType, CallerIdSource } from '../../common/policy.js';
import type {
  CheckResponse,
  CheckResult,
  MaskedCustomer,
  Verification,
} from '../../common/records-api.js';
import type { ErrorCode } from '../../common/result.js';
import type { Tier } from '../../common/values.js';
import type { VerifyConfig } from '../../common/verify.js';
import type { NationalIdProblem } from '../../common/national-id.js';
import { afterCallReducer, isAfterCallAction } from './state/after-call.js';
import { callReducer, isCallAction } from './state/call.js';
import { deskReducer, isDeskAction } from './state/desk.js';
import { isKeypadAction, keypadReducer } from './state/keypad.js';
import {
  isRecallAction,
  recallReducer,
  type DeclineState,
  type RecallState,
} from './state/recall.js';
import { isSessionAction, sessionReducer } from './state/session.js';

export { CALLBACK_NOTES_MAX } from './state/after-call.js';
export { initialVerification } from './state/initial.js';
export { sessionOf } from './state/session.js';

export interface PanelCall {
  id: string;
  /** As the phone reported it (the agent already sees it in the softphone). */
  number: string;
  displayName: string | null;
  /** Art. 18: asserted by a trusted proxy (P-Asserted-Identity) or only the From header. */
  callerIdSource: CallerIdSource;
  direction: 'inbound' | 'outbound';
  answered: boolean;
  ended: boolean;
  /** The training line's simulated caller (Art. 9): looked up in the training namespace only. */
  training?: boolean;
}

/** What the agent asked the records service to do (for the busy state and the error line). */
export type PanelAction =
  | 'start'
  | 'basic'
  | 'password'
  | 'password-forgotten'
  | 'otp-send'
  | 'otp'
  | 'method'
  | 'confirm'
  | 'approval'
  /** Art. 4(2): the caller's business changed. */
  | 'business'
  | 'complaint'
  | 'wrap-up'
  | 'customer-informed'
  | 'decline'
  | 'callback-dial'
  | 'callback';

export type BasicProblem =
  | { field: 'mobile'; code: 'missing' | 'format' }
  | { field: 'id'; code: 'missing' | NationalIdProblem }
  /** No customer is reserved on the stated mobile either (caller ID found none). */
  | { field: 'mobile'; code: 'no-customer' };

export type KeypadPurpose = 'password' | 'otp';

export interface KeypadView {
  purpose: KeypadPurpose;
  /** Digits held now: one dot each. Never the digits. */
  count: number;
  submitting: boolean;
  /** `#` came before the passcode's 6 digits: nothing was sent. */
  short: boolean;
}

/** One line of the wrap-up's step history: what was asked, what came back. */
export interface Outcome {
  action: PanelAction;
  result: CheckResult | 'error';
  at: number;
}

/**
 * Art. 12 outage procedure: the call-back the agent records for this call. The draft is the agent's
 * own words and choices (not secret), kept here so a failed attempt loses nothing.
 */
export interface CallbackState {
  draft: {
    /** What the customer called about: null = as chosen in the panel (if any), '' = not said. */
    businessType: BusinessType | '' | null;
    window: CallbackWindow;
    notes: string;
  };
  sending: boolean;
  recorded: CallbackRecorded | null;
  problem: ErrorCode | null;
}

export interface VerificationState {
  config: VerifyConfig | null;
  configProblem: ErrorCode | null;
  /** The signed-in agent's tier (predicts steps and approval before the server answers). */
  tier: Tier | null;
  call: PanelCall | null;
  lookup: {
    status: 'idle' | 'loading' | 'done' | 'failed' | 'skipped';
    /** Still loading after 100 ms: now the spinner shows. */
    slow: boolean;
    customers: MaskedCustomer[];
    problem: ErrorCode | null;
  };
  /** The candidate the agent picked (or the only one). */
  customerId: string | null;
  businessType: BusinessType | null;
  session: Verification | null;
  pending: PanelAction | null;
  /** The last check's answer, for the script that follows it (re-check, exception, expiry…). */
  last: { action: PanelAction; result: CheckResult; attemptsLeft: number | null } | null;
  basicProblem: BasicProblem | null;
  keypad: KeypadView | null;
  /** Local epoch ms from the server's timestamps (Art. 7 countdown and resend). */
  otp: { expiresAt: number; resendAvailableAt: number } | null;
  methodOpen: boolean;
  problem: { action: PanelAction; code: ErrorCode } | null;
  outcomes: Outcome[];
  complaint: { open: boolean; filed: { id: string; dueAt: string | null }[] };
  /** The call ended after it was answered: the summary waits for the agent to save it. */
  wrapUpDue: boolean;
  /** The agent's wrap-up notes (not secret: the agent's own words). */
  notes: string;
  /** Art. 12: the records service cannot be reached; no check runs, the outage procedure shows. */
  outage: boolean;
  callback: CallbackState;
  /** Art. 14: a declined step and what may be offered; the call-back to the reserved mobile. */
  decline: DeclineState;
  recall: RecallState | null;
}

export type VerificationAction =
  | { type: 'config-loaded'; config: VerifyConfig }
  | { type: 'config-failed'; code: ErrorCode }
  | { type: 'tier'; tier: Tier | null }
  | { type: 'call-started'; call: Omit<PanelCall, 'ended'>; lookup: boolean }
  | { type: 'lookup-slow'; callId: string }
  | { type: 'lookup-done'; callId: string; customers: MaskedCustomer[] }
  | { type: 'lookup-failed'; callId: string; code: ErrorCode }
  | { type: 'call-answered'; callId: string }
  | { type: 'call-ended'; callId: string }
  | { type: 'customer-chosen'; customerId: string }
  | { type: 'business-type-chosen'; businessType: BusinessType }
  | { type: 'request-started'; action: PanelAction }
  | { type: 'request-failed'; action: PanelAction; code: ErrorCode; at: number }
  | { type: 'session-loaded'; session: Verification }
  | { type: 'checked'; action: PanelAction; response: CheckResponse; at: number }
  | {
      type: 'otp-sent';
      response: CheckResponse;
      otp: { expiresAt: number; resendAvailableAt: number } | null;
      at: number;
    }
  | { type: 'basic-invalid'; problem: BasicProblem }
  | { type: 'basic-customer'; customerId: string }
  | { type: 'keypad-opened'; purpose: KeypadPurpose }
  | { type: 'keypad-count'; count: number }
  | { type: 'keypad-submitting'; submitting: boolean }
  | { type: 'keypad-short' }
  | { type: 'keypad-closed' }
  | { type: 'method-open'; open: boolean }
  | { type: 'complaint-open'; open: boolean }
  | { type: 'complaint-filed'; id: string; dueAt: string | null; at: number }
  | { type: 'notes'; notes: string }
  | { type: 'wrapped-up' }
  | { type: 'problem-dismissed' }
  | { type: 'signed-out' }
  | { type: 'outage'; outage: boolean }
  | { type: 'callback-draft'; draft: Partial<CallbackState['draft']> }
  | { type: 'callback-sending'; callId: string }
  | { type: 'callback-recorded'; callId: string; recorded: CallbackRecorded }
  | { type: 'callback-failed'; callId: string; code: ErrorCode }
  | { type: 'decline-open'; step: DeclineState['open'] }
  | { type: 'decline-recorded'; decline: NonNullable<DeclineState['recorded']> }
  | { type: 'recall-starting'; fromCallId: string }
  | { type: 'recall-dialled'; dialId: string; masked: string; at: number }
  | { type: 'recall-reported'; answered: boolean }
  | { type: 'recall-failed'; code: ErrorCode };

/** The composition: each concern's reducer takes its own actions; none sees another's. */
export function verificationReducer(
  state: VerificationState,
  action: VerificationAction,
): VerificationState {
  if (isDeskAction(action)) return deskReducer(state, action);
  if (isCallAction(action)) return callReducer(state, action);
  if (isSessionAction(action)) return sessionReducer(state, action);
  if (isKeypadAction(action)) return keypadReducer(state, action);
  if (isAfterCallAction(action)) return afterCallReducer(state, action);
  if (isRecallAction(action)) return recallReducer(state, action);
  const unhandled: never = action;
  return unhandled;
}
