// The secure keypad as the panel shows it: which secret it takes, how many digits are held, and
// whether it is sending. A pure reducer; the digits themselves never reach the state (they stay
// in keypad-buffer.ts). Art. 12 and Art. 18: no keypad opens unless a check can run.
import type { VerificationAction, VerificationState } from '../state.js';

const KEYPAD_ACTIONS = [
  'keypad-opened',
  'keypad-count',
  'keypad-short',
  'keypad-submitting',
  'keypad-closed',
] as const;

export type KeypadAction = Extract<VerificationAction, { type: (typeof KEYPAD_ACTIONS)[number] }>;

export const isKeypadAction = (action: VerificationAction): action is KeypadAction =>
  (KEYPAD_ACTIONS as readonly string[]).includes(action.type);

export function keypadReducer(state: VerificationState, action: KeypadAction): VerificationState {
  switch (action.type) {
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
  }
}
