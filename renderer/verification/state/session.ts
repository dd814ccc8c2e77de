// The session as the records service last answered it, the request in flight and the step
// history. A pure reducer; an answer for another session than the shown one changes nothing.
// Art. 18: once suspended, nothing more is checked and no keypad stays open.
import type { CheckResponse, Verification } from '../../../common/records-api.js';
import type { VerificationAction, VerificationState } from '../state.js';

const SESSION_ACTIONS = [
  'request-started',
  'request-failed',
  'session-loaded',
  'checked',
  'otp-sent',
  'basic-invalid',
  'basic-customer',
  'method-open',
  'problem-dismissed',
] as const;

export type SessionAction = Extract<VerificationAction, { type: (typeof SESSION_ACTIONS)[number] }>;

export const isSessionAction = (action: VerificationAction): action is SessionAction =>
  (SESSION_ACTIONS as readonly string[]).includes(action.type);

/** A CheckResponse without the check's own fields is the session as it now stands. */
export function sessionOf(response: CheckResponse): Verification {
  const { result: _result, attemptsLeft: _attemptsLeft, ...rest } = response;
  // A check's own extras (the passcode's times, a decline's options, a call-back's dial, a business
  // change) go too.
  const {
    otp: _otp,
    change: _change,
    decline: _decline,
    dial: _dial,
    ...session
  } = rest as typeof rest & { otp?: unknown; change?: unknown; decline?: unknown; dial?: unknown };
  return session;
}

const belongs = (state: VerificationState, session: Verification): boolean =>
  state.session === null || state.session.id === session.id;

const afterSession = (state: VerificationState, session: Verification): VerificationState => {
  const open = session.status === 'in-progress';
  return {
    ...state,
    session,
    keypad: open ? state.keypad : null,
    methodOpen: open && state.methodOpen && session.alternatives.available.length > 0,
  };
};

export function sessionReducer(state: VerificationState, action: SessionAction): VerificationState {
  switch (action.type) {
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
          // Art. 4(2): the business may have changed (the session re-planned).
          businessType: session.businessType,
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
    case 'method-open':
      return state.methodOpen === action.open ? state : { ...state, methodOpen: action.open };
    case 'problem-dismissed':
      return state.problem === null && state.basicProblem === null
        ? state
        : { ...state, problem: null, basicProblem: null };
  }
}
