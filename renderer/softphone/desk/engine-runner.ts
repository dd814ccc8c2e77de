// The engine's life on the desk: created while an agent is signed in and not signing out — after
// the preferences, the call history and, once per workstation, the microphone explainer — and
// stopped before sign-out. It must never keep the SIP configuration (it has the password): that
// passes from `phone:config` straight into `phone.start()`.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { CallRecord, PhoneConfig, PhoneEvent } from '../../../common/phone.js';
import type { Phone } from '../../phone/types.js';
import type { SessionState } from '../../state/session.js';
import { createStore, type Store } from '../../state/store.js';
import type { DeskAction, DeskState } from '../desk-state.js';

/** What the desk gives the engine factory (a subset of the engine's PhoneDeps). */
export interface DeskPhoneDeps {
  report(event: PhoneEvent): void;
  now(): number;
  random(): number;
  initialHistory: readonly CallRecord[];
  onDevicesChosen(choice: PhoneConfig['devices']): void;
}

export type PhoneFactory = (deps: DeskPhoneDeps) => Phone;

export interface EngineRunnerOptions {
  api: AgentDeskApi;
  store: Store<DeskState, DeskAction>;
  session: Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;
  createPhone: PhoneFactory;
  now(): number;
  random(): number;
  /** A config arrived for the engine (at start, or changed): before the desk state shows it. */
  onConfig(config: PhoneConfig): void;
  /** The running engine's state moved (and once more after it started). */
  onChange(): void;
  /** A stop begins: whoever listens to the caller's keys lets go first. */
  onStopping(): void;
  /** The engine has stopped and is no longer listened to. */
  onStopped(): void;
}

export interface EngineRunner {
  /** The running engine, for the screens (null while off, loading or explaining). */
  readonly phone: Store<Phone | null, never>;
  /** The engine while it runs; null from the moment a stop begins. */
  current(): Phone | null;
  /** Runs the engine while signed in; returns the function that stops following the session. */
  start(): () => void;
  /** Idempotent: a second call while the first is under way waits for the same stop. */
  stop(): Promise<void>;
  acknowledgeMicrophone(): Promise<void>;
  retry(): Promise<void>;
  /** An update's restart: the phone stops taking calls and stops; false with a call on the line. */
  pauseForUpdate(): Promise<boolean>;
  /** The restart did not happen: the phone starts again if the agent is still signed in. */
  resumeAfterUpdate(): Promise<void>;
  /** Main says the config changed: read it again for the running engine. */
  configChanged(): void;
}

/** The agent's extension for the status line; the domain is IT's business, not the agent's. */
const accountLabel = (config: PhoneConfig): string | null => config.account?.user ?? null;

/** An update's restart: the phone stops taking calls, then starts again if it did not happen. */
function updatePauses(
  current: () => Phone | null,
  session: EngineRunnerOptions['session'],
  begin: () => Promise<void>,
  stop: () => Promise<void>,
): Pick<EngineRunner, 'pauseForUpdate' | 'resumeAfterUpdate'> {
  return {
    async pauseForUpdate() {
      const running = current();
      if (running && !(await running.stopTakingCalls())) return false;
      await stop();
      return true;
    },
    async resumeAfterUpdate() {
      const state = session.getState();
      if (current() || state.status !== 'signed-in' || state.signingOut) return;
      await begin();
    },
  };
}

export function createEngineRunner(options: EngineRunnerOptions): EngineRunner {
  const { api, store } = options;
  const dispatch = (action: DeskAction) => store.dispatch(action);
  const phoneRef = createStore<Phone | null, Phone | null>((_state, next) => next, null);

  let phone: Phone | null = null;
  let unsubscribePhone: (() => void) | null = null;
  /** Bumped on every start and stop, so an answer for an earlier session is dropped. */
  let generation = 0;
  let pendingHistory: readonly CallRecord[] = [];
  let stopping: Promise<void> = Promise.resolve();

  const configured = (config: PhoneConfig) => {
    options.onConfig(config);
    return { shortcuts: config.shortcuts, account: accountLabel(config) };
  };

  const startPhone = async (gen: number, history: readonly CallRecord[]): Promise<void> => {
    const configResult = await api.invoke('phone:config', {});
    if (gen !== generation) return;
    if (!configResult.ok) {
      dispatch({ type: 'failed', code: configResult.error.code });
      return;
    }
    const created = options.createPhone({
      report: (event) => void api.invoke('phone:event', event),
      now: options.now,
      random: options.random,
      initialHistory: history,
      onDevicesChosen: (choice) => {
        void api.invoke('phone:set-devices', choice).then((result) => {
          if (!result.ok)
            dispatch({ type: 'save-failed', what: 'devices', code: result.error.code });
        });
      },
    });
    phone = created;
    unsubscribePhone = created.store.subscribe(options.onChange);
    dispatch({ type: 'running', ...configured(configResult.value) });
    phoneRef.dispatch(created);
    try {
      await created.start(configResult.value);
    } catch {
      // The engine reports its own trouble in PhoneState; a start that throws is a bug there, and
      // the status line (not a blank panel) is the better place for the agent to see it.
    }
    options.onChange();
  };

  const begin = async (): Promise<void> => {
    const gen = ++generation;
    await stopping; // a sign-out's stop still under way finishes first
    if (gen !== generation) return;
    dispatch({ type: 'loading' });
    const [preferences, history] = await Promise.all([
      api.invoke('phone:preferences', {}),
      api.invoke('phone:history', {}),
    ]);
    if (gen !== generation) return;
    if (!preferences.ok) {
      dispatch({ type: 'failed', code: preferences.error.code });
      return;
    }
    if (!history.ok) dispatch({ type: 'history-failed', code: history.error.code });
    pendingHistory = history.ok ? history.value.calls : [];
    if (!preferences.value.microphoneExplained) {
      dispatch({ type: 'needs-microphone-explainer', preferences: preferences.value });
      return;
    }
    dispatch({ type: 'preferences', preferences: preferences.value });
    await startPhone(gen, pendingHistory);
  };

  const stop = (): Promise<void> => {
    generation += 1;
    const running = phone;
    if (!running) {
      if (store.getState().phase !== 'off') dispatch({ type: 'stopped' });
      return stopping;
    }
    phone = null;
    stopping = (async () => {
      options.onStopping();
      // The engine reports the end of a live call while it stops; keep listening until it has.
      try {
        await running.stop();
      } catch {
        // Stopping must not fail sign-out.
      }
      unsubscribePhone?.();
      unsubscribePhone = null;
      phoneRef.dispatch(null);
      options.onStopped();
      dispatch({ type: 'stopped' });
    })();
    return stopping;
  };

  return {
    phone: phoneRef as Store<Phone | null, never>,
    current: () => phone,

    start: () => followSignIn(options.session, begin, stop),

    stop,

    async acknowledgeMicrophone() {
      if (store.getState().phase !== 'explain-microphone') return;
      const gen = generation;
      const result = await api.invoke('phone:microphone-explained', {});
      if (gen !== generation) return;
      if (!result.ok) {
        dispatch({ type: 'failed', code: result.error.code });
        return;
      }
      dispatch({ type: 'preferences', preferences: result.value });
      await startPhone(gen, pendingHistory);
    },

    ...updatePauses(() => phone, options.session, begin, stop),

    async retry() {
      if (store.getState().phase !== 'failed' || options.session.getState().status !== 'signed-in')
        return;
      await begin();
    },

    configChanged() {
      if (!phone) return;
      const gen = generation;
      const hadLine = store.getState().account !== null;
      void api.invoke('phone:config', {}).then((result) => {
        if (gen !== generation || !result.ok) return;
        // The live line came or went (a training course passed, IT's policy): start afresh.
        if ((result.value.account !== null) !== hadLine && !callUp(phone)) {
          void stop().then(() => {
            if (options.session.getState().status === 'signed-in') void begin();
          });
          return;
        }
        dispatch({ type: 'config-updated', ...configured(result.value) });
      });
    },
  };
}

/** A call is up: nothing restarts the engine under it. */
function callUp(phone: Phone | null): boolean {
  const call = phone?.store.getState().call ?? null;
  return call !== null && call.phase !== 'ended';
}

/**
 * The phone runs while an agent is signed in and not signing out; a sign-out that fails (records
 * service down) brings it back. Returns the unsubscribe.
 */
function followSignIn(
  session: EngineRunnerOptions['session'],
  begin: () => Promise<void>,
  stop: () => Promise<void>,
): () => void {
  let wanted = false;
  const follow = () => {
    const state = session.getState();
    const want = state.status === 'signed-in' && !state.signingOut;
    if (want === wanted) return;
    wanted = want;
    if (want) void begin();
    else void stop();
  };
  const off = session.subscribe(follow);
  follow();
  return off;
}
