// The softphone desk: creates the engine (renderer/phone/engine.ts, through the factory it is
// given) when the agent signs in and stops it when they sign out, and joins it to the host — the
// engine's reports go to `phone:event`, pushes (`phone:dial`, `phone:resume`,
// `phone:config-changed`) come back in, `phone:call-active` follows the call. It also owns the
// screen-side behaviour that is not the engine's: the microphone explainer, the number field,
// click-to-dial, transfer form, keyboard shortcuts, desktop notifications, settings.
//
// Everything reaches the outside through parameters (the AgentDeskApi, the phone factory, the
// notifier, the key-event target, the clock), so test/unit/renderer/softphone/desk.test.ts drives
// it in plain Node with fakes. The SIP configuration (with its password) passes from
// `phone:config` straight into `phone.start()` and is not kept here or in any store.
import type { AgentDeskApi } from '../../common/contract.js';
import { lastDigits, normalizeDialInput } from '../../common/dial.js';
import type { CallRecord, PhoneConfig, PhoneEvent, Shortcuts } from '../../common/phone.js';
import { formatShortcut, shortcutFromKeyPress, shortcutProblem, shortcutSetProblems, type KeyPress, type ShortcutAction } from '../../common/shortcuts.js';
import type { Phone, PhoneState, SecureEntryConsumer } from '../phone/types.js';
import type { SessionState } from '../state/session.js';
import { createStore, type Store } from '../state/store.js';
import { deskReducer, initialDesk, type DeskAction, type DeskState } from './desk-state.js';
import { silentNotifier, type IncomingNotifier, type NotificationText } from './notifications.js';
import { compileShortcuts, dialBlock, isCallConnected, isRinging, parseAgentStateValue, shortcutCommand } from './view.js';

/** What the desk gives the engine factory (a subset of the engine's PhoneDeps). */
export interface DeskPhoneDeps {
  report(event: PhoneEvent): void;
  now(): number;
  random(): number;
  initialHistory: readonly CallRecord[];
  onDevicesChosen(choice: PhoneConfig['devices']): void;
}

export type PhoneFactory = (deps: DeskPhoneDeps) => Phone;

/** Where keydown is heard (the document); a key press with the bits the desk reads. */
export interface KeyEventLike extends KeyPress {
  key: string;
  repeat: boolean;
  isComposing?: boolean;
  preventDefault(): void;
}
export interface KeyTarget {
  addEventListener(type: 'keydown', listener: (event: KeyEventLike) => void): void;
  removeEventListener(type: 'keydown', listener: (event: KeyEventLike) => void): void;
}

export interface DeskOptions {
  api: AgentDeskApi;
  createPhone: PhoneFactory;
  session: Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;
  notifier?: IncomingNotifier;
  notificationText?: (digits: string) => NotificationText;
  keys?: KeyTarget | null;
  hasFocus?: () => boolean;
  now?: () => number;
  random?: () => number;
}

export type DeviceKind = 'microphone' | 'speaker' | 'ringer';

export interface Desk {
  readonly store: Store<DeskState, DeskAction>;
  /** The running engine, for the screens (null while off, loading or explaining). */
  readonly phone: Store<Phone | null, never>;
  /** A call is ringing or under way: the shell keeps the agent from signing out meanwhile. */
  readonly callLive: Store<boolean, never>;
  /** Subscribes to the session and the host's pushes; returns the function that stops. Call once. */
  start(): () => void;
  /** Stops the engine first, so a call ending now is reported while still signed in. */
  beforeSignOut(): Promise<void>;
  acknowledgeMicrophone(): Promise<void>;
  retry(): Promise<void>;

  setDialInput(text: string): void;
  pressDialKey(key: string): void;
  backspace(): void;
  dial(): Promise<void>;
  redial(number: string): Promise<void>;
  /** Click-to-dial from a link or `?dial=`: dials at once when the line is free, else fills in the number. */
  requestDial(target: string): void;

  answer(): void;
  reject(): void;
  hangup(): void;
  toggleHold(): void;
  toggleMute(): void;
  sendTone(tone: string): void;
  setKeypadOpen(open: boolean): void;
  setTransferOpen(open: boolean): void;
  setTransferTarget(text: string): void;
  blindTransfer(): void;
  startConsult(): void;
  completeTransfer(): void;
  cancelConsult(): void;
  /**
   * Keypad digits from the caller (SIP INFO) go to `consumer` — the verification panel's keypad
   * buffer (Art. 6, 7) — until the returned function is called, another consumer is attached, or
   * the call ends. Null when no phone is running.
   */
  attachSecureEntry(consumer: SecureEntryConsumer): (() => void) | null;
  stopSecureEntry(): void;

  setAgentState(value: string): void;
  selectDevice(kind: DeviceKind, deviceId: string): void;

  setSettingsOpen(open: boolean): void;
  recordShortcut(action: ShortcutAction | null): void;
  clearShortcut(action: ShortcutAction): Promise<void>;
  resetShortcuts(): Promise<void>;
  dismissProblem(): void;
  dismissPhoneError(): void;
  dismissDeviceNotice(): void;
}

/** A link's number is dialled by itself only if the line comes up this soon; later, the agent presses Call. */
export const AUTO_DIAL_WINDOW_MS = 30_000;

/** The agent's extension for the status line; the domain is IT's business, not the agent's. */
const accountLabel = (config: PhoneConfig): string | null => config.account?.user ?? null;

export function createDesk(options: DeskOptions): Desk {
  const { api } = options;
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const notifier = options.notifier ?? silentNotifier;
  const hasFocus = options.hasFocus ?? (() => true);
  const store = createStore(deskReducer, initialDesk);
  const phoneRef = createStore<Phone | null, Phone | null>((_state, next) => next, null);
  const callLive = createStore<boolean, boolean>((_state, next) => next, false);

  let phone: Phone | null = null;
  let unsubscribePhone: (() => void) | null = null;
  /** Bumped on every start and stop, so an answer for an earlier session is dropped. */
  let generation = 0;
  let reportedActive = false;
  let notifiedCall: string | null = null;
  let compiled = compileShortcuts(initialDesk.shortcuts);
  let pendingHistory: readonly CallRecord[] = [];
  let releaseSecureEntry: (() => void) | null = null;
  let stopping: Promise<void> = Promise.resolve();

  const dispatch = (action: DeskAction) => store.dispatch(action);
  const phoneState = (): PhoneState | null => phone?.store.getState() ?? null;
  const signedIn = () => options.session.getState().status === 'signed-in';

  const report = (event: PhoneEvent) => {
    void api.invoke('phone:event', event);
  };

  const setCallActive = (active: boolean) => {
    if (active === reportedActive) return;
    reportedActive = active;
    void api.invoke('phone:call-active', { active });
  };

  const tryPendingDial = () => {
    const pending = store.getState().dial.pending;
    const state = phoneState();
    if (!pending || !phone || !state) return;
    if (now() > pending.until) {
      dispatch({ type: 'pending-expired' });
      return;
    }
    if (dialBlock(state) !== null) return;
    dispatch({ type: 'dial-sent' });
    void phone.dial(pending.target);
  };

  const onPhoneChange = () => {
    const state = phoneState();
    if (!state) return;
    setCallActive(isCallConnected(state.call));
    callLive.dispatch(state.call !== null && state.call.phase !== 'ended');
    if (isRinging(state.call)) {
      const call = state.call!;
      if (notifiedCall !== call.id && !hasFocus()) {
        notifiedCall = call.id;
        const digits = lastDigits(call.remote.number);
        const text = options.notificationText?.(digits);
        if (text) notifier.show(`call-${call.id}`, text, () => {});
      }
    } else if (notifiedCall !== null) {
      notifiedCall = null;
      notifier.close();
    }
    if (state.call === null || state.call.phase === 'ended') {
      dispatch({ type: 'call-over' });
      stopSecureEntry();
    }
    tryPendingDial();
  };

  const stopSecureEntry = () => {
    const release = releaseSecureEntry;
    releaseSecureEntry = null;
    release?.();
  };

  const applyConfig = (config: PhoneConfig) => {
    compiled = compileShortcuts(config.shortcuts);
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
      report,
      now,
      random,
      initialHistory: history,
      onDevicesChosen: (choice) => {
        void api.invoke('phone:set-devices', choice).then((result) => {
          if (!result.ok) dispatch({ type: 'save-failed', what: 'devices', code: result.error.code });
        });
      },
    });
    phone = created;
    unsubscribePhone = created.store.subscribe(onPhoneChange);
    dispatch({ type: 'running', ...applyConfig(configResult.value) });
    phoneRef.dispatch(created);
    try {
      await created.start(configResult.value);
    } catch {
      // The engine reports its own trouble in PhoneState; a start that throws is a bug there, and
      // the status line (not a blank panel) is the better place for the agent to see it.
    }
    onPhoneChange();
  };

  const begin = async (): Promise<void> => {
    const gen = ++generation;
    await stopping; // a sign-out's stop still under way finishes first
    if (gen !== generation) return;
    dispatch({ type: 'loading' });
    const [preferences, history] = await Promise.all([api.invoke('phone:preferences', {}), api.invoke('phone:history', {})]);
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

  /** Idempotent: a second call while the first is under way waits for the same stop. */
  const stopPhone = (): Promise<void> => {
    generation += 1;
    const running = phone;
    if (!running) {
      if (store.getState().phase !== 'off') dispatch({ type: 'stopped' });
      return stopping;
    }
    phone = null;
    stopping = (async () => {
      stopSecureEntry();
      // The engine reports the end of a live call while it stops; keep listening until it has.
      try {
        await running.stop();
      } catch {
        // Stopping must not fail sign-out.
      }
      unsubscribePhone?.();
      unsubscribePhone = null;
      phoneRef.dispatch(null);
      callLive.dispatch(false);
      setCallActive(false);
      notifier.close();
      notifiedCall = null;
      dispatch({ type: 'stopped' });
    })();
    return stopping;
  };

  const saveShortcuts = async (next: Shortcuts): Promise<void> => {
    const problems = shortcutSetProblems(next);
    const first = Object.entries(problems)[0] as [ShortcutAction, NonNullable<(typeof problems)[ShortcutAction]>] | undefined;
    if (first) {
      dispatch({ type: 'shortcut-problem', action: first[0], problem: first[1] });
      return;
    }
    const result = await api.invoke('phone:set-shortcuts', next);
    if (!result.ok) {
      dispatch({ type: 'save-failed', what: 'shortcuts', code: result.error.code });
      return;
    }
    compiled = compileShortcuts(result.value);
    dispatch({ type: 'shortcuts-saved', shortcuts: result.value });
  };

  const recordKey = (event: KeyEventLike, action: ShortcutAction) => {
    event.preventDefault();
    if (event.key === 'Escape') {
      dispatch({ type: 'recording', action: null });
      return;
    }
    const combo = shortcutFromKeyPress(event);
    if (!combo) return; // a bare modifier: wait for the key
    const text = formatShortcut(combo);
    const problem = shortcutProblem(text);
    if (problem) {
      dispatch({ type: 'shortcut-problem', action, problem });
      return;
    }
    void saveShortcuts({ ...store.getState().shortcuts, [action]: text });
  };

  const onKeyDown = (event: KeyEventLike) => {
    if (event.isComposing) return;
    const recording = store.getState().recording;
    if (recording) {
      recordKey(event, recording);
      return;
    }
    if (event.repeat || !phone) return;
    const command = shortcutCommand(compiled, event, phone.store.getState().call);
    if (!command) return;
    event.preventDefault();
    switch (command.type) {
      case 'answer':
        void phone.answer();
        break;
      case 'hangup':
        if (isRinging(phone.store.getState().call)) void phone.reject();
        else void phone.hangup();
        break;
      case 'hold':
        void phone.hold(command.on);
        break;
      case 'mute':
        phone.mute(command.on);
        break;
    }
  };

  const dialTarget = async (text: string): Promise<void> => {
    const target = normalizeDialInput(text);
    if (!target) {
      dispatch({ type: 'dial-problem', problem: 'invalid' });
      return;
    }
    const state = phoneState();
    if (!phone || !state) {
      dispatch({ type: 'dial-problem', problem: 'not-registered' });
      return;
    }
    const block = dialBlock(state);
    if (block) {
      dispatch({ type: 'dial-problem', problem: block });
      return;
    }
    dispatch({ type: 'dial-sent' });
    await phone.dial(target);
  };

  const transferTarget = (): string | null => {
    const target = normalizeDialInput(store.getState().transfer.target);
    if (!target) dispatch({ type: 'transfer-problem', problem: 'invalid' });
    return target;
  };

  const requestDial = (target: string): void => {
    const normalized = normalizeDialInput(target);
    if (!normalized) return;
    const state = phoneState();
    if (phone && state && dialBlock(state) === null) {
      dispatch({ type: 'dial-sent' });
      void phone.dial(normalized);
      return;
    }
    // Busy on a call: fill it in, never dial over the customer. Line not up yet: dial when it is.
    const busy = state !== null && dialBlock(state) === 'busy';
    dispatch({ type: 'dial-from-link', target: normalized, autoDialUntil: busy ? null : now() + AUTO_DIAL_WINDOW_MS });
  };

  return {
    store,
    phone: phoneRef as Store<Phone | null, never>,
    callLive: callLive as Store<boolean, never>,

    start() {
      const offs = [
        api.on('phone:dial', ({ target }) => requestDial(target)),
        api.on('phone:resume', () => phone?.nudge('resume')),
        api.on('phone:config-changed', () => {
          if (!phone) return;
          const gen = generation;
          void api.invoke('phone:config', {}).then((result) => {
            if (gen === generation && result.ok) dispatch({ type: 'config-updated', ...applyConfig(result.value) });
          });
        }),
      ];
      // The phone runs while an agent is signed in and not signing out; a sign-out that fails
      // (records service down) brings it back.
      let wanted = false;
      const follow = () => {
        const session = options.session.getState();
        const want = session.status === 'signed-in' && !session.signingOut;
        if (want === wanted) return;
        wanted = want;
        if (want) void begin();
        else void stopPhone();
      };
      offs.push(options.session.subscribe(follow));
      follow();
      options.keys?.addEventListener('keydown', onKeyDown);
      return () => {
        for (const off of offs) off();
        options.keys?.removeEventListener('keydown', onKeyDown);
        void stopPhone();
      };
    },

    beforeSignOut: () => stopPhone(),

    async acknowledgeMicrophone() {
      if (store.getState().phase !== 'explain-microphone') return;
      const gen = generation;
      // From the agent's click: the one moment a browser lets a page ask for notifications.
      void notifier.requestPermission();
      const result = await api.invoke('phone:microphone-explained', {});
      if (gen !== generation) return;
      if (!result.ok) {
        dispatch({ type: 'failed', code: result.error.code });
        return;
      }
      dispatch({ type: 'preferences', preferences: result.value });
      await startPhone(gen, pendingHistory);
    },

    async retry() {
      if (store.getState().phase !== 'failed' || !signedIn()) return;
      await begin();
    },

    setDialInput: (text) => dispatch({ type: 'dial-input', input: text }),
    pressDialKey: (key) => dispatch({ type: 'dial-input', input: `${store.getState().dial.input}${key}` }),
    backspace: () => dispatch({ type: 'dial-input', input: Array.from(store.getState().dial.input).slice(0, -1).join('') }),
    dial: () => dialTarget(store.getState().dial.input),
    redial: (number) => dialTarget(number),

    requestDial,

    answer: () => void phone?.answer(),
    reject: () => void phone?.reject(),
    hangup: () => void phone?.hangup(),
    toggleHold() {
      const call = phoneState()?.call;
      if (phone && call) void phone.hold(call.phase !== 'held');
    },
    toggleMute() {
      const call = phoneState()?.call;
      if (phone && call) phone.mute(!call.muted);
    },
    sendTone(tone) {
      if (/^[0-9*#]$/.test(tone)) void phone?.sendDtmf(tone);
    },
    setKeypadOpen: (open) => dispatch({ type: 'keypad-open', open }),
    setTransferOpen: (open) => dispatch({ type: 'transfer-open', open }),
    setTransferTarget: (text) => dispatch({ type: 'transfer-target', target: text }),
    blindTransfer() {
      const target = transferTarget();
      if (target && phone) {
        void phone.blindTransfer(target);
        dispatch({ type: 'transfer-open', open: false });
      }
    },
    startConsult() {
      const target = transferTarget();
      if (target && phone) void phone.startConsult(target);
    },
    completeTransfer() {
      if (!phone) return;
      void phone.completeAttendedTransfer();
      dispatch({ type: 'transfer-open', open: false });
    },
    cancelConsult: () => void phone?.cancelConsult(),
    attachSecureEntry(consumer) {
      const call = phoneState()?.call;
      if (!phone || !call || call.phase === 'ended') return null;
      stopSecureEntry();
      const release = phone.attachSecureEntry(consumer);
      let released = false;
      const mine = () => {
        if (released) return;
        released = true;
        if (releaseSecureEntry === mine) releaseSecureEntry = null;
        release();
      };
      releaseSecureEntry = mine;
      return mine;
    },
    stopSecureEntry,

    setAgentState(value) {
      const parsed = parseAgentStateValue(value);
      if (parsed && phone) phone.setAgentState(parsed.state, parsed.reason);
    },
    selectDevice(kind, deviceId) {
      void phone?.selectDevice(kind, deviceId);
    },

    setSettingsOpen: (open) => dispatch({ type: 'settings-open', open }),
    recordShortcut: (action) => dispatch({ type: 'recording', action }),
    clearShortcut: (action) => saveShortcuts({ ...store.getState().shortcuts, [action]: '' }),
    async resetShortcuts() {
      const defaults = store.getState().preferences?.defaultShortcuts;
      if (defaults) await saveShortcuts(defaults);
    },
    dismissProblem: () => dispatch({ type: 'problem-dismissed' }),
    dismissPhoneError: () => phone?.store.dispatch({ type: 'error-dismissed' }),
    dismissDeviceNotice: () => phone?.store.dispatch({ type: 'notice-dismissed' }),
  };
}
