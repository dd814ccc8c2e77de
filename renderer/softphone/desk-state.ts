// The softphone desk's own state — everything on the phone's screens that is not the engine's
// PhoneState: whether the phone is starting, the microphone explainer, the number being typed,
// the transfer form, the settings dialog, a shortcut being recorded, and what went wrong saving.
// Pure reducer (style.md §6). Nothing secret lives here: no SIP password (the config goes from
// `phone:config` straight into the engine), no keypad tones (sent, never echoed), no DTMF digits.
import type { PhonePreferences } from '../../common/contract.js';
import type { NotReadyOrdered } from '../../common/desk-floor.js';
import type { Shortcuts } from '../../common/phone.js';
import type { ErrorCode } from '../../common/result.js';
import type { ShortcutAction, ShortcutProblem } from '../../common/shortcuts.js';

export type DeskPhase =
  /** Signed out: no phone. */
  | 'off'
  /** Fetching preferences and history. */
  | 'loading'
  /** Waiting for the agent to read why the microphone is needed (once per workstation). */
  | 'explain-microphone'
  /** The engine exists and runs. */
  | 'running'
  /** Main did not give us what the phone needs; `problem` says why. */
  | 'failed';

export interface DeskState {
  phase: DeskPhase;
  problem: ErrorCode | null;
  preferences: PhonePreferences | null;
  /** The effective shortcuts (from `phone:config`). */
  shortcuts: Shortcuts;
  /** The extension (SIP user), for the status line. Never the password. */
  account: string | null;
  historyProblem: ErrorCode | null;
  dial: {
    input: string;
    problem: 'invalid' | 'not-registered' | 'busy' | null;
    /** The number came from a link (tel:/sip:, ?dial=) and waits for the agent or the line. */
    fromLink: boolean;
    /** Dial this by itself once the line is up, if that happens before `until`. */
    pending: { target: string; until: number } | null;
  };
  transfer: { open: boolean; target: string; problem: 'invalid' | null };
  keypadOpen: boolean;
  settingsOpen: boolean;
  /** The shortcut whose new combination is being recorded. */
  recording: ShortcutAction | null;
  shortcutProblem: { action: ShortcutAction; problem: ShortcutProblem } | null;
  saveProblem: { what: 'shortcuts' | 'devices'; code: ErrorCode } | null;
  /** A team lead set this desk not ready (`desk:not-ready-ordered`): shown until dismissed. */
  notReadyOrder: NotReadyOrdered | null;
}

export type DeskAction =
  | { type: 'loading' }
  | { type: 'needs-microphone-explainer'; preferences: PhonePreferences }
  | { type: 'preferences'; preferences: PhonePreferences }
  | { type: 'running'; shortcuts: Shortcuts; account: string | null }
  | { type: 'config-updated'; shortcuts: Shortcuts; account: string | null }
  | { type: 'failed'; code: ErrorCode }
  | { type: 'history-failed'; code: ErrorCode }
  | { type: 'stopped' }
  | { type: 'dial-input'; input: string }
  | { type: 'dial-problem'; problem: DeskState['dial']['problem'] }
  | { type: 'dial-from-link'; target: string; autoDialUntil: number | null }
  | { type: 'dial-sent' }
  | { type: 'pending-expired' }
  | { type: 'transfer-open'; open: boolean }
  | { type: 'transfer-target'; target: string }
  | { type: 'transfer-problem'; problem: 'invalid' | null }
  | { type: 'keypad-open'; open: boolean }
  | { type: 'settings-open'; open: boolean }
  | { type: 'recording'; action: ShortcutAction | null }
  | { type: 'shortcut-problem'; action: ShortcutAction; problem: ShortcutProblem }
  | { type: 'shortcuts-saved'; shortcuts: Shortcuts }
  | { type: 'save-failed'; what: 'shortcuts' | 'devices'; code: ErrorCode }
  | { type: 'problem-dismissed' }
  /** The call is over: forms that belonged to it close. */
  | { type: 'call-over' }
  | { type: 'not-ready-ordered'; order: NotReadyOrdered }
  | { type: 'not-ready-order-dismissed' };

const EMPTY_SHORTCUTS: Shortcuts = { answer: '', hangup: '', hold: '', mute: '' };

export const initialDesk: DeskState = {
  phase: 'off',
  problem: null,
  preferences: null,
  shortcuts: EMPTY_SHORTCUTS,
  account: null,
  historyProblem: null,
  dial: { input: '', problem: null, fromLink: false, pending: null },
  transfer: { open: false, target: '', problem: null },
  keypadOpen: false,
  settingsOpen: false,
  recording: null,
  shortcutProblem: null,
  saveProblem: null,
  notReadyOrder: null,
};

/** Longest thing the number field takes (a SIP user or a number with separators). */
export const DIAL_INPUT_MAX = 64;

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'loading':
      return { ...initialDesk, phase: 'loading', dial: state.dial };
    case 'needs-microphone-explainer':
      return { ...state, phase: 'explain-microphone', preferences: action.preferences };
    case 'preferences':
      return { ...state, preferences: action.preferences };
    case 'running':
      return {
        ...state,
        phase: 'running',
        problem: null,
        shortcuts: action.shortcuts,
        account: action.account,
      };
    case 'config-updated':
      return { ...state, shortcuts: action.shortcuts, account: action.account };
    case 'failed':
      return { ...state, phase: 'failed', problem: action.code };
    case 'history-failed':
      return { ...state, historyProblem: action.code };
    case 'stopped':
      // A number a link brought in before sign-in stays for the next agent to see; nothing else.
      return {
        ...initialDesk,
        dial: {
          ...initialDesk.dial,
          input: state.dial.fromLink ? state.dial.input : '',
          fromLink: state.dial.fromLink,
        },
      };
    case 'dial-input': {
      const input = action.input.slice(0, DIAL_INPUT_MAX);
      if (input === state.dial.input) return state;
      return { ...state, dial: { input, problem: null, fromLink: false, pending: null } };
    }
    case 'dial-problem':
      return state.dial.problem === action.problem
        ? state
        : { ...state, dial: { ...state.dial, problem: action.problem } };
    case 'dial-from-link':
      return {
        ...state,
        dial: {
          input: action.target,
          problem: null,
          fromLink: true,
          pending:
            action.autoDialUntil === null
              ? null
              : { target: action.target, until: action.autoDialUntil },
        },
      };
    case 'dial-sent':
      return { ...state, dial: { ...state.dial, problem: null, fromLink: false, pending: null } };
    case 'pending-expired':
      return state.dial.pending === null
        ? state
        : { ...state, dial: { ...state.dial, pending: null } };
    case 'transfer-open':
      return {
        ...state,
        transfer: {
          open: action.open,
          target: action.open ? state.transfer.target : '',
          problem: null,
        },
        keypadOpen: action.open ? false : state.keypadOpen,
      };
    case 'transfer-target':
      return {
        ...state,
        transfer: {
          ...state.transfer,
          target: action.target.slice(0, DIAL_INPUT_MAX),
          problem: null,
        },
      };
    case 'transfer-problem':
      return { ...state, transfer: { ...state.transfer, problem: action.problem } };
    case 'keypad-open':
      return {
        ...state,
        keypadOpen: action.open,
        transfer: action.open ? { ...state.transfer, open: false } : state.transfer,
      };
    case 'settings-open':
      return {
        ...state,
        settingsOpen: action.open,
        recording: null,
        shortcutProblem: null,
        saveProblem: action.open ? state.saveProblem : null,
      };
    case 'recording':
      return { ...state, recording: action.action, shortcutProblem: null };
    case 'shortcut-problem':
      return {
        ...state,
        recording: null,
        shortcutProblem: { action: action.action, problem: action.problem },
      };
    case 'shortcuts-saved':
      return {
        ...state,
        recording: null,
        shortcutProblem: null,
        saveProblem: state.saveProblem?.what === 'shortcuts' ? null : state.saveProblem,
        shortcuts: action.shortcuts,
      };
    case 'save-failed':
      return { ...state, recording: null, saveProblem: { what: action.what, code: action.code } };
    case 'problem-dismissed':
      return state.saveProblem === null && state.historyProblem === null
        ? state
        : { ...state, saveProblem: null, historyProblem: null };
    case 'call-over':
      return state.transfer.open || state.keypadOpen
        ? { ...state, transfer: { open: false, target: '', problem: null }, keypadOpen: false }
        : state;
    case 'not-ready-ordered':
      return { ...state, notReadyOrder: action.order };
    case 'not-ready-order-dismissed':
      return { ...state, notReadyOrder: null };
  }
}
