// The renderer's side effects in one place: it talks to the host through the AgentDeskApi it is
// given, turns answers and pushes into store actions, and keeps the UI language in step with main's
// settings. Components only read stores and call these methods, so every effect can be tested in
// plain Node with a fake API (test/unit/renderer/state/app-controller.test.ts).
import type { AgentDeskApi } from '../../common/contract.js';
import type { Language } from '../../common/domain.js';
import {
  appInfoReducer,
  initialAppInfo,
  type AppInfoAction,
  type AppInfoState,
} from './app-info.js';
import {
  checkSignIn,
  initialSession,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from './session.js';
import {
  initialSettings,
  settingsReducer,
  type SettingsAction,
  type SettingsState,
} from './settings.js';
import { createStore, type Store } from './store.js';

export interface AppStores {
  session: Store<SessionState, SessionAction>;
  settings: Store<SettingsState, SettingsAction>;
  appInfo: Store<AppInfoState, AppInfoAction>;
}

export interface AppControllerOptions {
  /** Called with the effective language whenever it changes (and once when settings load). */
  onLanguage?: (language: Language) => void;
  /**
   * Awaited before `auth:sign-out` is sent: the softphone stops here, so a call that ends with the
   * sign-out is still reported (journal, call history) under the agent who took it.
   */
  beforeSignOut?: () => Promise<void>;
}

export interface AppController {
  readonly stores: AppStores;
  /**
   * Subscribes to main's pushes and loads the initial state; returns the function that stops. Call
   * once.
   */
  start(): () => void;
  /** The password is passed through to `auth:sign-in` and not kept anywhere. */
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  dismissNotice(id: string): void;
  dismissSessionProblem(): void;
  dismissSettingsProblem(): void;
}

export function createAppController(
  api: AgentDeskApi,
  options: AppControllerOptions = {},
): AppController {
  const stores: AppStores = {
    session: createStore(sessionReducer, initialSession),
    settings: createStore(settingsReducer, initialSettings),
    appInfo: createStore(appInfoReducer, initialAppInfo),
  };

  let announced: Language | null = null;
  stores.settings.subscribe(() => {
    const { loaded, language } = stores.settings.getState();
    if (!loaded || language === announced) return;
    announced = language;
    options.onLanguage?.(language);
  });

  const loadAgent = async (): Promise<void> => {
    const current = await api.invoke('auth:current', {});
    stores.session.dispatch(
      current.ok ? { type: 'agent-loaded', agent: current.value.agent } : { type: 'agent-unknown' },
    );
  };

  return {
    stores,

    start() {
      // Subscribe before asking, so a push that lands between the answer and the subscription
      // (another window signing out, IT changing a setting) is not lost.
      const unsubscribe = [
        api.on('agent:changed', ({ agent }) =>
          stores.session.dispatch({ type: 'agent-loaded', agent }),
        ),
        api.on('settings:changed', (view) =>
          stores.settings.dispatch({ type: 'settings-loaded', view }),
        ),
      ];
      void api
        .invoke('settings:get', {})
        .then((result) =>
          stores.settings.dispatch(
            result.ok
              ? { type: 'settings-loaded', view: result.value }
              : { type: 'settings-load-failed', code: result.error.code },
          ),
        );
      void api
        .invoke('app:info', {})
        .then((result) =>
          stores.appInfo.dispatch(
            result.ok
              ? { type: 'info-loaded', info: result.value }
              : { type: 'info-failed', code: result.error.code },
          ),
        );
      void loadAgent();
      return () => {
        for (const off of unsubscribe) off();
      };
    },

    async signIn(username, password) {
      const state = stores.session.getState();
      if (state.status !== 'signed-out' || state.form.submitting) return;
      const checked = checkSignIn(username, password);
      if (!checked.ok) {
        stores.session.dispatch({ type: 'sign-in-rejected', problem: checked.problem });
        return;
      }
      stores.session.dispatch({ type: 'sign-in-started' });
      const result = await api.invoke('auth:sign-in', { username: checked.username, password });
      if (result.ok) {
        stores.session.dispatch({ type: 'sign-in-succeeded', agent: result.value });
        return;
      }
      stores.session.dispatch({
        type: 'sign-in-rejected',
        problem: { source: 'service', code: result.error.code },
      });
      // Main already has a session (signed in from another window): show it instead of an error.
      if (result.error.code === 'conflict') await loadAgent();
    },

    async signOut() {
      const state = stores.session.getState();
      if (state.status !== 'signed-in' || state.signingOut) return;
      stores.session.dispatch({ type: 'sign-out-started' });
      try {
        await options.beforeSignOut?.();
      } catch {
        // Signing out must not depend on the phone stopping cleanly.
      }
      const result = await api.invoke('auth:sign-out', {});
      stores.session.dispatch(
        result.ok
          ? { type: 'agent-loaded', agent: null }
          : { type: 'sign-out-failed', code: result.error.code },
      );
    },

    async setLanguage(language) {
      const before = stores.settings.getState();
      stores.settings.dispatch({ type: 'language-requested', language });
      if (stores.settings.getState() === before) return; // locked, unchanged, or a change in flight
      const result = await api.invoke('settings:set', { language });
      stores.settings.dispatch(
        result.ok
          ? { type: 'settings-loaded', view: result.value }
          : { type: 'language-rejected', code: result.error.code },
      );
    },

    dismissNotice: (id) => stores.appInfo.dispatch({ type: 'notice-dismissed', id }),
    dismissSessionProblem: () => stores.session.dispatch({ type: 'problem-dismissed' }),
    dismissSettingsProblem: () => stores.settings.dispatch({ type: 'problem-dismissed' }),
  };
}
