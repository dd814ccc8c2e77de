// The verification panel's state: one call's screen pop, the session as the records service last
// answered it, what the agent is doing now, and the wrap-up. A pure reducer (style.md §6); the
// controller (controller.ts and its parts in controller/) does the talking. Secrets are absent by
// construction: the basic-details form's values stay in the form until submit, keypad digits in
// the keypad buffer's closure (keypad-buffer.ts) — here only how many digits are held.
import type { CallbackWindow } from '../../common/callback-reason.js';
import type { CallbackRecorded } from '../../common/connectivity.js';
import type { BusinessType } from '../../common/policy.js';
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

export interface PanelCall {
  id: string;
  /** As the phone reported it (the agent already sees it in the softphone). */
  number: string;
  displayName: string | null;
  direction: 'inbound' | 'outbound';
  answered: boolean;
  ended: boolean;
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
  | 'complaint'
  | 'wrap-up';

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

export const CALLBACK_NOTES_MAX = 500;

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
  complaint: { open: boolean; filed: { id: string; dueAt: string }[] };
  /** The call ended after it was answered: the summary waits for the agent to save it. */
  wrapUpDue: boolean;
  /** The agent's wrap-up notes (not secret: the agent's own words). */
  notes: string;
  /** Art. 12: the records service cannot be reached; no check runs, the outage procedure shows. */
  outage: boolean;
  callback: CallbackState;
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
  | { type: 'complaint-filed'; id: string; dueAt: string; at: number }
  | { type: 'notes'; notes: string }
  | { type: 'wrapped-up' }
  | { type: 'problem-dismissed' }
  | { type: 'signed-out' }
  | { type: 'outage'; outage: boolean }
  | { type: 'callback-draft'; draft: Partial<CallbackState['draft']> }
  | { type: 'callback-sending'; callId: string }
  | { type: 'callback-recorded'; callId: string; recorded: CallbackRecorded }
  | { type: 'callback-failed'; callId: string; code: ErrorCode };

const idleLookup: VerificationState['lookup'] = {
  status: 'idle',
  slow: false,
  customers: [],
  problem: null,
};
const noCallback: CallbackState = {
  draft: { businessType: null, window: 'asap', notes: '' },
  sending: false,
  recorded: null,
  problem: null,
};

export const initialVerification: VerificationState = {
  config: null,
  configProblem: null,
  tier: null,
  call: null,
  lookup: idleLookup,
  customerId: null,
  businessType: null,
  session: null,
  pending: null,
  last: null,
  basicProblem: null,
  keypad: null,
  otp: null,
  methodOpen: false,
  problem: null,
  outcomes: [],
  complaint: { open: false, filed: [] },
  wrapUpDue: false,
  notes: '',
  outage: false,
  callback: noCallback,
};

/** Everything that belongs to one call goes; the config, who is signed in and the outage stay. */
const forNextCall = (state: VerificationState): VerificationState => ({
  ...initialVerification,
  config: state.config,
  configProblem: state.configProblem,
  tier: state.tier,
  outage: state.outage,
});

const sameCall = (state: VerificationState, callId: string): boolean => state.call?.id === callId;

/** A CheckResponse without the check's own fields is the session as it now stands. */
export function sessionOf(response: CheckResponse): Verification {
  const { result: _result, attemptsLeft: _attemptsLeft, ...rest } = response;
  const { otp: _otp, ...session } = rest as typeof rest & { otp?: unknown };
  return session;
}

const belongs = (state: VerificationState, session: Verification): boolean =>
  state.session === null || state.session.id === session.id;

/** Art. 18: once suspended, nothing more is checked; no keypad stays open. */
const afterSession = (state: VerificationState, session: Verification): VerificationState => {
  const open = session.status === 'in-progress';
  return {
    ...state,
    session,
    keypad: open ? state.keypad : null,
    methodOpen: open && state.methodOpen && session.alternatives.available.length > 0,
  };
};

export function verificationReducer(
  state: VerificationState,
  action: VerificationAction,
): VerificationState {
  switch (action.type) {
    case 'config-loaded':
      return { ...state, config: action.config, configProblem: null };
    case 'config-failed':
      return { ...state, configProblem: action.code };
    case 'tier':
      return state.tier === action.tier ? state : { ...state, tier: action.tier };
    case 'call-started': {
      if (sameCall(state, action.call.id)) return state;
      const base = forNextCall(state);
      return {
        ...base,
        call: { ...action.call, ended: false },
        lookup: { ...idleLookup, status: action.lookup ? 'loading' : 'skipped' },
      };
    }
    case 'lookup-slow':
      if (!sameCall(state, action.callId) || state.lookup.status !== 'loading' || state.lookup.slow)
        return state;
      return { ...state, lookup: { ...state.lookup, slow: true } };
    case 'lookup-done': {
      if (!sameCall(state, action.callId)) return state;
      const only = action.customers.length === 1 ? action.customers[0]!.id : null;
      return {
        ...state,
        lookup: { status: 'done', slow: false, customers: action.customers, problem: null },
        customerId: state.customerId ?? only,
      };
    }
    case 'lookup-failed':
      if (!sameCall(state, action.callId)) return state;
      return {
        ...state,
        lookup: { status: 'failed', slow: false, customers: [], problem: action.code },
      };
    case 'call-answered':
      if (!sameCall(state, action.callId) || state.call!.answered) return state;
      return { ...state, call: { ...state.call!, answered: true } };
    case 'call-ended': {
      if (!sameCall(state, action.callId) || state.call!.ended) return state;
      // Unanswered (missed, declined): nothing to wrap up.
      if (!state.call!.answered && state.session === null) return forNextCall(state);
      return {
        ...state,
        call: { ...state.call!, ended: true },
        keypad: null,
        methodOpen: false,
        pending: null,
        basicProblem: null,
        wrapUpDue: true,
      };
    }
    case 'customer-chosen':
      // The session is opened for the chosen customer (`verify:start`): from then on it is fixed.
      if (
        state.session !== null ||
        state.pending === 'start' ||
        !state.lookup.customers.some((c) => c.id === action.customerId)
      )
        return state;
      return { ...state, customerId: action.customerId };
    case 'business-type-chosen':
      // Art. 12: with the records service down nothing can be verified, so no business is started.
      if (
        state.outage ||
        state.session !== null ||
        state.pending === 'start' ||
        state.call === null ||
        state.call.ended
      )
        return state;
      return { ...state, businessType: action.businessType, problem: null };
    case 'request-started':
      return {
        ...state,
        pending: action.action,
        problem: null,
        basicProblem: action.action === 'basic' ? null : state.basicProblem,
      };
    case 'request-failed':
      return {
        ...state,
        pending: state.pending === action.action ? null : state.pending,
        problem: { action: action.action, code: action.code },
        keypad: state.keypad ? { ...state.keypad, submitting: false } : null,
        outcomes:
          action.action === 'wrap-up' || action.action === 'complaint'
            ? state.outcomes
            : [...state.outcomes, { action: action.action, result: 'error', at: action.at }],
      };
    case 'session-loaded':
      if (!belongs(state, action.session)) return state;
      return afterSession(
        {
          ...state,
          pending: state.pending === 'start' ? null : state.pending,
          businessType: action.session.businessType,
        },
        action.session,
      );
    case 'checked': {
      const session = sessionOf(action.response);
      if (!belongs(state, session)) return state;
      const next = afterSession(
        {
          ...state,
          pending: state.pending === action.action ? null : state.pending,
          last: {
            action: action.action,
            result: action.response.result,
            attemptsLeft: action.response.attemptsLeft,
          },
          outcomes: [
            ...state.outcomes,
            { action: action.action, result: action.response.result, at: action.at },
          ],
          keypad: state.keypad ? { ...state.keypad, submitting: false } : null,
          methodOpen: action.action === 'method' ? false : state.methodOpen,
          customerId: session.customer?.id ?? state.customerId,
        },
        session,
      );
      // A passcode that died cannot be entered any more: the countdown goes with it.
      const otpGone =
        action.action === 'otp' &&
        (action.response.result === 'killed' ||
          action.response.result === 'expired' ||
          action.response.result === 'passed');
      return otpGone ? { ...next, otp: null } : next;
    }
    case 'otp-sent': {
      const session = sessionOf(action.response);
      if (!belongs(state, session)) return state;
      return afterSession(
        {
          ...state,
          pending: state.pending === 'otp-send' ? null : state.pending,
          last: {
            action: 'otp-send',
            result: action.response.result,
            attemptsLeft: action.response.attemptsLeft,
          },
          outcomes: [
            ...state.outcomes,
            { action: 'otp-send', result: action.response.result, at: action.at },
          ],
          otp: action.otp ?? state.otp,
        },
        session,
      );
    }
    case 'basic-invalid':
      return {
        ...state,
        basicProblem: action.problem,
        pending: state.pending === 'basic' ? null : state.pending,
      };
    case 'basic-customer':
      return { ...state, customerId: action.customerId };
    case 'keypad-opened':
      if (state.outage || state.session?.status !== 'in-progress') return state;
      return {
        ...state,
        keypad: { purpose: action.purpose, count: 0, submitting: false, short: false },
        problem: null,
      };
    case 'keypad-count':
      if (!state.keypad || (state.keypad.count === action.count && !state.keypad.short))
        return state;
      return { ...state, keypad: { ...state.keypad, count: action.count, short: false } };
    case 'keypad-short':
      if (!state.keypad) return state;
      return { ...state, keypad: { ...state.keypad, short: true } };
    case 'keypad-submitting':
      if (!state.keypad) return state;
      return { ...state, keypad: { ...state.keypad, submitting: action.submitting } };
    case 'keypad-closed':
      return state.keypad === null ? state : { ...state, keypad: null };
    case 'method-open':
      return state.methodOpen === action.open ? state : { ...state, methodOpen: action.open };
    case 'complaint-open':
      return {
        ...state,
        complaint: { ...state.complaint, open: action.open },
        problem: state.problem?.action === 'complaint' ? null : state.problem,
      };
    case 'complaint-filed':
      return {
        ...state,
        pending: state.pending === 'complaint' ? null : state.pending,
        complaint: {
          open: false,
          filed: [...state.complaint.filed, { id: action.id, dueAt: action.dueAt }],
        },
      };
    case 'notes':
      return { ...state, notes: action.notes.slice(0, 2000) };
    case 'wrapped-up':
      return forNextCall(state);
    case 'problem-dismissed':
      return state.problem === null && state.basicProblem === null
        ? state
        : { ...state, problem: null, basicProblem: null };
    case 'signed-out':
      return { ...initialVerification, outage: state.outage };
    case 'outage':
      return state.outage === action.outage ? state : { ...state, outage: action.outage };
    case 'callback-draft': {
      if (state.call === null || state.callback.recorded !== null) return state;
      const draft = { ...state.callback.draft, ...action.draft };
      return {
        ...state,
        callback: {
          ...state.callback,
          draft: { ...draft, notes: draft.notes.slice(0, CALLBACK_NOTES_MAX) },
        },
      };
    }
    case 'callback-sending':
      if (!sameCall(state, action.callId)) return state;
      return { ...state, callback: { ...state.callback, sending: true, problem: null } };
    case 'callback-recorded':
      if (!sameCall(state, action.callId)) return state;
      return {
        ...state,
        callback: { ...state.callback, sending: false, recorded: action.recorded, problem: null },
      };
    case 'callback-failed':
      // The draft stays as the agent left it, for another try.
      if (!sameCall(state, action.callId)) return state;
      return { ...state, callback: { ...state.callback, sending: false, problem: action.code } };
  }
}
