// The call and the caller-ID look-up: a new call starts from the empty state, an unanswered one
// leaves nothing to wrap up. A pure reducer; actions for another call than the shown one change
// nothing. The customer and business type lock once the session opens.
import type { VerificationAction, VerificationState } from '../state.js';
import { forNextCall, idleLookup, sameCall } from './initial.js';
import { continueOnRecall, isRecallCall, recallUnderway } from './recall.js';

const CALL_ACTIONS = [
  'call-started',
  'lookup-slow',
  'lookup-done',
  'lookup-failed',
  'call-answered',
  'call-ended',
  'customer-chosen',
  'business-type-chosen',
] as const;

export type CallAction = Extract<VerificationAction, { type: (typeof CALL_ACTIONS)[number] }>;

export const isCallAction = (action: VerificationAction): action is CallAction =>
  (CALL_ACTIONS as readonly string[]).includes(action.type);

export function callReducer(state: VerificationState, action: CallAction): VerificationState {
  switch (action.type) {
    case 'call-started': {
      if (sameCall(state, action.call.id)) return state;
      // Art. 14: the desk's call-back to the reserved mobile continues the session.
      if (isRecallCall(state, action.call)) return continueOnRecall(state, action.call);
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
        // Ended to call the customer back (Art. 14): the session goes on, no summary yet.
        wrapUpDue: !recallUnderway(state),
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
  }
}
