// What outlives a call: the verify config, the signed-in agent's tier and the outage flag
// (Art. 12). A pure reducer for those actions only; signing out keeps nothing but the outage.
import type { VerificationAction, VerificationState } from '../state.js';
import { initialVerification } from './initial.js';

const DESK_ACTIONS = ['config-loaded', 'config-failed', 'tier', 'signed-out', 'outage'] as const;

export type DeskAction = Extract<VerificationAction, { type: (typeof DESK_ACTIONS)[number] }>;

export const isDeskAction = (action: VerificationAction): action is DeskAction =>
  (DESK_ACTIONS as readonly string[]).includes(action.type);

export function deskReducer(state: VerificationState, action: DeskAction): VerificationState {
  switch (action.type) {
    case 'config-loaded':
      return { ...state, config: action.config, configProblem: null };
    case 'config-failed':
      return { ...state, configProblem: action.code };
    case 'tier':
      return state.tier === action.tier ? state : { ...state, tier: action.tier };
    case 'signed-out':
      return { ...initialVerification, outage: state.outage };
    case 'outage':
      return state.outage === action.outage ? state : { ...state, outage: action.outage };
  }
}
