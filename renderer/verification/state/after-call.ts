// What the agent records around the checks: complaints, the wrap-up notes and save, and the
// Art. 12 call-back. A pure reducer; a failed call-back keeps the agent's draft for another try.
import type { VerificationAction, VerificationState } from '../state.js';
import { forNextCall, sameCall } from './initial.js';

export const CALLBACK_NOTES_MAX = 500;

const AFTER_CALL_ACTIONS = [
  'complaint-open',
  'complaint-filed',
  'notes',
  'wrapped-up',
  'callback-draft',
  'callback-sending',
  'callback-recorded',
  'callback-failed',
] as const;

export type AfterCallAction = Extract<
  VerificationAction,
  { type: (typeof AFTER_CALL_ACTIONS)[number] }
>;

export const isAfterCallAction = (action: VerificationAction): action is AfterCallAction =>
  (AFTER_CALL_ACTIONS as readonly string[]).includes(action.type);

export function afterCallReducer(
  state: VerificationState,
  action: AfterCallAction,
): VerificationState {
  switch (action.type) {
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
