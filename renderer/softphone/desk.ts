// The softphone desk: joins the engine (renderer/phone/engine.ts, through the factory it is given)
// to the host and the screens. It only composes the parts in ./desk/: the engine's life, who hears
// about the call, dialling, the call controls, the caller's keypad hand-off and the shortcuts.
// Everything outside comes in as parameters (host API, phone factory, notifier, keys, clock), so
// test/unit/renderer/softphone/desk.test.ts drives it in plain Node with fakes.
import type { AgentDeskApi } from '../../common/contract.js';
import type { Phone, SecureEntryConsumer } from '../phone/types.js';
import type { ShortcutAction } from '../../common/shortcuts.js';
import type { SessionState } from '../state/session.js';
import { createStore, type Store } from '../state/store.js';
import { createCallControls, type DeviceKind } from './desk/call-controls.js';
import { createCallWatch } from './desk/call-watch.js';
import { createDialler } from './desk/dialler.js';
import { createEngineRunner, type PhoneFactory } from './desk/engine-runner.js';
import { createSecureEntryLink } from './desk/secure-entry-link.js';
import { createShortcutKeys, type KeyTarget } from './desk/shortcut-keys.js';
import { deskReducer, initialDesk, type DeskAction, type DeskState } from './desk-state.js';
import { silentNotifier, type IncomingNotifier, type NotificationText } from './notifications.js';

export type { DeviceKind } from './desk/call-controls.js';
export { AUTO_DIAL_WINDOW_MS } from './desk/dialler.js';
export type { DeskPhoneDeps, PhoneFactory } from './desk/engine-runner.js';
export type { KeyEventLike, KeyTarget } from './desk/shortcut-keys.js';

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

export interface Desk {
  readonly store: Store<DeskState, DeskAction>;
  /** The running engine, for the screens (null while off, loading or explaining). */
  readonly phone: Store<Phone | null, never>;
  /** A call is ringing or under way: the shell keeps the agent from signing out meanwhile. */
  readonly callLive: Store<boolean, never>;
  /** Follows the session and the host's pushes; returns the function that stops. Call once. */
  start(): () => void;
  /** Stops the engine first, so a call ending now is reported while still signed in. */
  beforeSignOut(): Promise<void>;
  acknowledgeMicrophone(): Promise<void>;
  retry(): Promise<void>;
  /** Before an update's restart (the updates controller): see EngineRunner.pauseForUpdate. */
  pauseForUpdate(): Promise<boolean>;
  resumeAfterUpdate(): Promise<void>;

  setDialInput(text: string): void;
  pressDialKey(key: string): void;
  backspace(): void;
  dial(): Promise<void>;
  redial(number: string): Promise<void>;
  /** Click-to-dial (a link, `?dial=`): dials at once on a free line, else fills in the number. */
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
  dismissNotReadyOrder(): void;
}

export function createDesk(options: DeskOptions): Desk {
  const { api } = options;
  const now = options.now ?? (() => Date.now());
  const notifier = options.notifier ?? silentNotifier;
  const store = createStore(deskReducer, initialDesk);
  const dispatch = (action: DeskAction) => store.dispatch(action);

  const watch = createCallWatch({
    api,
    notifier,
    notificationText: options.notificationText,
    hasFocus: options.hasFocus ?? (() => true),
  });
  const phone = (): Phone | null => runner.current();
  const secureEntry = createSecureEntryLink(phone);
  const dialler = createDialler({ store, phone, now });
  const controls = createCallControls({ store, phone });
  const shortcuts = createShortcutKeys({ api, store, phone });

  const onPhoneChange = () => {
    const state = runner.current()?.store.getState();
    if (!state) return;
    watch.follow(state);
    if (state.call === null || state.call.phase === 'ended') {
      dispatch({ type: 'call-over' });
      secureEntry.stop();
    }
    dialler.tryPending();
  };

  const runner = createEngineRunner({
    api,
    store,
    session: options.session,
    createPhone: options.createPhone,
    now,
    random: options.random ?? Math.random,
    onConfig: (config) => shortcuts.use(config.shortcuts),
    onChange: onPhoneChange,
    onStopping: secureEntry.stop,
    onStopped: watch.reset,
  });

  return {
    store,
    phone: runner.phone,
    callLive: watch.callLive,

    start() {
      const offs = [
        api.on('phone:dial', ({ target }) => dialler.request(target)),
        api.on(
          'phone:dial-callback',
          ({ target, display }) => void dialler.callBack(target, display),
        ),
        api.on('phone:resume', () => runner.current()?.nudge('resume')),
        api.on('phone:config-changed', () => runner.configChanged()),
        // A team lead set this desk not ready (main checked it is not on a call): the agent state
        // follows, which reports it to main and the floor; a banner tells the agent who and why.
        api.on('desk:not-ready-ordered', (order) => {
          runner.current()?.setAgentState('not-ready', order.reason);
          dispatch({ type: 'not-ready-ordered', order });
        }),
      ];
      offs.push(runner.start());
      options.keys?.addEventListener('keydown', shortcuts.onKeyDown);
      return () => {
        for (const off of offs) off();
        options.keys?.removeEventListener('keydown', shortcuts.onKeyDown);
        void runner.stop();
      };
    },
    beforeSignOut: () => runner.stop(),
    async acknowledgeMicrophone() {
      if (store.getState().phase !== 'explain-microphone') return;
      // From the agent's click: the one moment a browser lets a page ask for notifications.
      void notifier.requestPermission();
      await runner.acknowledgeMicrophone();
    },
    retry: () => runner.retry(),
    pauseForUpdate: () => runner.pauseForUpdate(),
    resumeAfterUpdate: () => runner.resumeAfterUpdate(),

    setDialInput: dialler.setInput,
    pressDialKey: dialler.pressKey,
    backspace: dialler.backspace,
    dial: dialler.dial,
    redial: dialler.redial,
    requestDial: dialler.request,

    ...controls,
    attachSecureEntry: secureEntry.attach,
    stopSecureEntry: secureEntry.stop,

    setSettingsOpen: (open) => dispatch({ type: 'settings-open', open }),
    recordShortcut: shortcuts.record,
    clearShortcut: shortcuts.clear,
    resetShortcuts: shortcuts.reset,
    dismissProblem: () => dispatch({ type: 'problem-dismissed' }),
    dismissNotReadyOrder: () => dispatch({ type: 'not-ready-order-dismissed' }),
  };
}
