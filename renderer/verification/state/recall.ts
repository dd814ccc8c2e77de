// Art. 14 on the panel: a step the customer declines (what was recorded and what may be offered)
// and the call-back to the reserved mobile, which carries the session from the call that ended to
// the one the desk places. The number is masked here by construction: the panel never has it.
import type { DeclinableStep, NoAlternativeReason } from '../../../common/policy.js';
import type { AlternativeId } from '../../../common/policy.js';
import type { PanelCall, VerificationAction, VerificationState } from '../state.js';

export interface DeclineState {
  /** The step whose decline form is open, if any. */
  open: DeclinableStep | null;
  /** What the records service said after the last decline was recorded. */
  recorded: {
    step: DeclinableStep;
    alternatives: AlternativeId[];
    noAlternative: NoAlternativeReason | null;
  } | null;
}

export interface RecallState {
  /** The call the agent ended to call back; its end owes no wrap-up. */
  fromCallId: string;
  dialId: string | null;
  /** `139****0001`: all the panel ever has of the number. */
  masked: string | null;
  /** The call the desk placed, once it shows on the phone. */
  callId: string | null;
  phase: 'hanging-up' | 'dialling' | 'answered' | 'not-answered' | 'failed';
}

export const noDecline: DeclineState = { open: null, recorded: null };

const RECALL_ACTIONS = [
  'decline-open',
  'decline-recorded',
  'recall-starting',
  'recall-dialled',
  'recall-reported',
  'recall-failed',
] as const;

export type RecallAction = Extract<VerificationAction, { type: (typeof RECALL_ACTIONS)[number] }>;

export const isRecallAction = (action: VerificationAction): action is RecallAction =>
  (RECALL_ACTIONS as readonly string[]).includes(action.type);

/** A call-back is under way: the call that ends for it owes no wrap-up yet. */
export const recallUnderway = (state: VerificationState): boolean =>
  state.recall !== null && state.recall.phase !== 'answered';

/**
 * Whether a call that starts is the desk's call-back: outbound, while the panel waits for it, shown
 * with the dial's masked number — or any outbound call before the dial's answer is back (main hands
 * the number to the phone first; the agent cannot dial anything else meanwhile). The session then
 * carries over instead of a fresh screen pop.
 */
export const isRecallCall = (state: VerificationState, call: Omit<PanelCall, 'ended'>): boolean => {
  const recall = state.recall;
  if (recall === null || recall.callId !== null || call.direction !== 'outbound') return false;
  if (recall.phase === 'hanging-up') return true;
  return recall.phase === 'dialling' && call.number === recall.masked;
};

/** The call-back's call replaces the ended one; the session, its steps and history stay. */
export const continueOnRecall = (
  state: VerificationState,
  call: Omit<PanelCall, 'ended'>,
): VerificationState => ({
  ...state,
  call: { ...call, ended: false },
  recall: { ...state.recall!, callId: call.id },
  wrapUpDue: false,
  keypad: null,
});

export function recallReducer(state: VerificationState, action: RecallAction): VerificationState {
  switch (action.type) {
    case 'decline-open':
      return { ...state, decline: { ...state.decline, open: action.step } };
    case 'decline-recorded':
      return { ...state, decline: { open: state.decline.open, recorded: action.decline } };
    case 'recall-starting':
      if (state.session === null) return state;
      return {
        ...state,
        recall: {
          fromCallId: action.fromCallId,
          dialId: null,
          masked: null,
          callId: null,
          phase: 'hanging-up',
        },
        pending: 'callback-dial',
        problem: null,
      };
    case 'recall-dialled':
      if (state.recall === null) return state;
      return {
        ...state,
        // The call may already show on the phone (and be followed): its id stays.
        recall: {
          ...state.recall,
          dialId: action.dialId,
          masked: action.masked,
          phase: 'dialling',
        },
        pending: state.pending === 'callback-dial' ? null : state.pending,
        outcomes: [
          ...state.outcomes,
          { action: 'callback-dial', result: 'dialled', at: action.at },
        ],
      };
    case 'recall-reported':
      if (state.recall === null) return state;
      return {
        ...state,
        recall: { ...state.recall, phase: action.answered ? 'answered' : 'not-answered' },
      };
    case 'recall-failed':
      if (state.recall === null) return state;
      return {
        ...state,
        recall: { ...state.recall, phase: 'failed' },
        pending: state.pending === 'callback-dial' ? null : state.pending,
        problem: { action: 'callback-dial', code: action.code },
      };
  }
}
