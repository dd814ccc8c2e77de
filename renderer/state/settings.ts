// The agent's own settings as main reports them. Main is the authority (it persists and applies IT
// policy); the renderer shows its last answer and, while a change is in flight, what was asked for.
import type { SettingsView } from '../../common/contract.js';
import type { Language } from '../../common/domain.js';
import { DEFAULT_LANGUAGE } from '../../common/values.js';
import type { ErrorCode } from '../../common/result.js';

export interface SettingsState {
  /** False until `settings:get` has answered (or failed). */
  loaded: boolean;
  language: Language;
  /** IT's managed policy fixes the language; the select is read-only (Art. 10). */
  languageLocked: boolean;
  /** The language the agent picked and main has not confirmed yet. */
  pendingLanguage: Language | null;
  problem: { action: 'load' | 'change-language'; code: ErrorCode } | null;
}

export type SettingsAction =
  /** From `settings:get`, a `settings:set` answer, or the `settings:changed` push. */
  | { type: 'settings-loaded'; view: SettingsView }
  | { type: 'settings-load-failed'; code: ErrorCode }
  | { type: 'language-requested'; language: Language }
  | { type: 'language-rejected'; code: ErrorCode }
  | { type: 'problem-dismissed' };

export const initialSettings: SettingsState = {
  loaded: false,
  language: DEFAULT_LANGUAGE,
  languageLocked: false,
  pendingLanguage: null,
  problem: null,
};

export function settingsReducer(state: SettingsState, action: SettingsAction): SettingsState {
  switch (action.type) {
    case 'settings-loaded': {
      const { values, locked } = action.view;
      const problem = state.problem?.action === 'load' ? null : state.problem;
      return {
        loaded: true,
        language: values.language,
        languageLocked: locked.includes('language'),
        pendingLanguage: null,
        problem,
      };
    }
    case 'settings-load-failed':
      // Start in the default language rather than not at all; the banner says why.
      return { ...state, loaded: true, problem: { action: 'load', code: action.code } };
    case 'language-requested':
      if (
        state.languageLocked ||
        state.pendingLanguage !== null ||
        action.language === state.language
      )
        return state;
      return { ...state, pendingLanguage: action.language, problem: null };
    case 'language-rejected':
      return {
        ...state,
        pendingLanguage: null,
        // Main refuses a locked key with `locked-by-policy`: show the select as locked from now on.
        languageLocked: state.languageLocked || action.code === 'locked-by-policy',
        problem: { action: 'change-language', code: action.code },
      };
    case 'problem-dismissed':
      return state.problem === null ? state : { ...state, problem: null };
  }
}

/** What the language select shows: the pending choice while main is saving it. */
export const shownLanguage = (state: SettingsState): Language =>
  state.pendingLanguage ?? state.language;
