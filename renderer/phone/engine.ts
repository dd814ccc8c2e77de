// The softphone engine: sip.js 0.21 UserAgent + Registerer + Inviter/Invitation (never
// SimpleUser, which gives up after three tries and ends every call when the WebSocket drops).
// It composes the parts below into the Phone the UI uses and publishes PhoneState; main hears
// through `report`. Keypad digits go only to the attached SecureEntryConsumer; the SIP password
// lives only inside sip.js's configuration. The rules come from ../shared/docs/sip-lab.md.
// The training line (training/) is a second UserAgent feeding the same call setup and calls.
import type { AgentStateName, CallRecord, PhoneConfig, PhoneEvent } from '../../common/phone.js';
import { initialAgentStatus } from '../../common/agent-state.js';
import { createAgentAvailability } from './agent.js';
import { createAudioDevices } from './audio-devices.js';
import { createCallSetup } from './call-setup.js';
import { createCallDigits } from './call-digits.js';
import { createCalls } from './calls.js';
import type { DeviceChoice } from './devices.js';
import {
  errorText,
  globalEngineTimers,
  type EngineContext,
  type EngineTimers,
} from './engine-context.js';
import { createKeypad } from './keypad.js';
import { browserMediaHooks, type MediaHooks } from './media.js';
import { createQualityMonitor } from './quality-monitor.js';
import { createRegistration } from './registration.js';
import { createReportQueue, type ReportQueue } from './report-queue.js';
import { createRestore } from './restore.js';
import { createSecureEntry } from './secure-entry.js';
import type { PhoneLogSink } from './sip-log.js';
import { createPhoneStore, initialPhoneState, type PhoneAction } from './state.js';
import { createTransfer } from './transfer.js';
import type { CustomerMedia } from './training/customer.js';
import { createTrainingLine } from './training/line.js';
import type { Phone } from './types.js';

export type { EngineTimers };

export interface PhoneDeps {
  /** To main: journal + call history. Never carries DTMF digits or credentials. */
  report(event: PhoneEvent): void;
  now(): number;
  /** [0, 1); backoff jitter. */
  random(): number;
  /** Recent calls main has kept (lowdb), newest first; the engine adds the calls it ends. */
  initialHistory?: readonly CallRecord[];
  /** Agent state at start (default 'ready'). */
  initialAgentState?: AgentStateName;
  /** Call ids (CallRecord.id is a UUID); default crypto.randomUUID. */
  uuid?(): string;
  /** Media stack; each hook defaults to the browser's. */
  media?: Partial<MediaHooks>;
  timers?: EngineTimers;
  /** Where `online` and `pagehide` are heard; default `window` (null: not at all). */
  onlineEvents?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  /** Filtered sip.js warnings/errors and the engine's own; default console. No secrets reach it. */
  log?: PhoneLogSink;
  /** The agent chose a device: persist it (main's settings). Not called for automatic fallbacks. */
  onDevicesChosen?(choice: DeviceChoice): void;
  /** The training customer's audio context and prompt fetch; default the browser's. */
  trainingMedia?: Partial<CustomerMedia>;
}

function defaultUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function')
    return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const defaultLog: PhoneLogSink = (level, message) => {
  if (level === 'error') console.error(`[phone] ${message}`);
  else console.warn(`[phone] ${message}`);
};

function engineContext(
  deps: PhoneDeps,
  dispatch: (action: PhoneAction) => void,
  config: () => PhoneConfig | null,
): EngineContext & { reports: ReportQueue } {
  const log = deps.log ?? defaultLog;
  const timers = deps.timers ?? globalEngineTimers;
  const reports = createReportQueue((event) => {
    try {
      deps.report(event);
    } catch (error) {
      log('warn', `report failed: ${String(error).slice(0, 100)}`);
    }
  }, timers);
  return {
    dispatch,
    report: reports.report,
    reports,
    fail: (key, params) => dispatch({ type: 'error', error: params ? { key, params } : { key } }),
    log,
    now: deps.now,
    random: deps.random,
    uuid: deps.uuid ?? defaultUuid,
    timers,
    config,
  };
}

/** Where `online` is heard: the given target, else the window when there is one. */
function onlineTarget(deps: PhoneDeps): PhoneDeps['onlineEvents'] {
  if (deps.onlineEvents !== undefined) return deps.onlineEvents;
  return typeof window === 'undefined' ? null : window;
}

/**
 * Listens for the page's events on `target` (`pagehide`: the page going away — reload, window
 * closed — first sends a call's start held back for its first frame); answers the undo.
 */
function listenToPage(
  target: NonNullable<PhoneDeps['onlineEvents']>,
  handlers: Record<'online' | 'pagehide', () => void>,
): () => void {
  for (const [type, handler] of Object.entries(handlers)) target.addEventListener(type, handler);
  return () => {
    for (const [type, handler] of Object.entries(handlers))
      target.removeEventListener(type, handler);
  };
}

/** Commands never reject: failures land in `lastError` with an i18n key. */
async function runCommand(
  ctx: Pick<EngineContext, 'log' | 'fail'>,
  body: () => Promise<void> | void,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    ctx.log('warn', `command failed: ${errorText(error)}`);
    ctx.fail('unexpected');
  }
}

export function createPhone(deps: PhoneDeps): Phone {
  const initialAgent = initialAgentStatus(deps.now(), deps.initialAgentState);
  const { store, uiStore } = createPhoneStore(
    initialPhoneState({ history: deps.initialHistory, agent: initialAgent }),
  );
  let config: PhoneConfig | null = null;
  const ctx = engineContext(deps, store.dispatch, () => config);
  const disposers: (() => void)[] = [];

  // The parts, each with its own state; arrows reach parts built after them.
  const media: MediaHooks = { ...browserMediaHooks(), ...deps.media };
  const secureEntry = createSecureEntry((progress) => {
    ctx.dispatch({ type: 'secure-entry', secureEntry: progress });
    callDigits.listening(progress !== null);
  });
  const agent = createAgentAvailability(ctx, initialAgent);
  const audio = createAudioDevices(ctx, media, {
    onDevicesChosen: (choice) => deps.onDevicesChosen?.(choice),
    microphoneFellBack: () => calls.microphoneFellBack(),
    microphoneChosen: () => calls.microphoneChosen(),
  });
  const calls = createCalls(ctx, {
    audio,
    agent,
    secureEntry,
    connected: () => registration.connected(),
    receiveInfo: (info, fromCustomer) => keypad.receive(info, fromCustomer),
    mediaReady: (leg, customer) => callDigits.mediaReady(leg, customer),
    mediaEnded: (leg) => callDigits.release(leg),
    startQuality: () => quality.start(),
    stopQuality: () => quality.stop(),
    cancelRestore: (leg) => restore.cancel(leg),
  });
  const quality = createQualityMonitor(ctx, calls.current, calls.publish);
  const keypad = createKeypad(ctx, secureEntry, calls.established);
  const callDigits = createCallDigits(ctx, {
    tap: media.tapDigits,
    deliver: (digit) => void secureEntry.deliver(digit),
    fromCustomer: (leg) => calls.current() === leg,
  });
  const restore = createRestore(ctx, {
    current: calls.current,
    connected: () => registration.connected(),
    publish: calls.publish,
  });
  // An update's restart is coming: INVITEs are answered 480 while it decides (stopTakingCalls).
  let refusing = false;
  const setup = createCallSetup(ctx, {
    calls,
    reportAfterCommit: ctx.reports.reportAfterCommit,
    audio,
    agent,
    userAgent: () => registration.userAgent(),
    stopping: () => refusing || registration.stopping(),
    trainingStopping: () => refusing || training.stopping(),
    yieldTraining: (call) => training.yieldTo(call),
  });
  const training = createTrainingLine(ctx, {
    calls,
    microphone: audio.microphone,
    onInvite: (invitation) => setup.incoming(invitation, 'training'),
    media: deps.trainingMedia,
  });
  const registration = createRegistration(ctx, {
    microphone: audio.microphone,
    onInvite: setup.incoming,
    onTransportLost: restore.transportLost,
    onRegistered: restore.registered,
  });
  const transfer = createTransfer(ctx, {
    calls,
    userAgent: registration.userAgent,
    receiveInfo: (info) => keypad.receive(info, false),
    cancelRestore: restore.cancel,
    mediaReady: (leg) => callDigits.mediaReady(leg, false),
    mediaEnded: (leg) => callDigits.release(leg),
  });

  const command = (body: () => Promise<void> | void) => runCommand(ctx, body);

  async function stopTakingCalls(): Promise<boolean> {
    refusing = true;
    if (calls.current()) {
      refusing = false;
      return false;
    }
    // Unregisters (bounded by the stop grace); nothing can ring in between: INVITEs get 480.
    await command(stop);
    return true;
  }

  async function stop(): Promise<void> {
    ctx.reports.flush(); // a call's start held back for its first frame is not lost
    for (const dispose of disposers.splice(0)) dispose();
    quality.stop();
    await training.stop();
    await registration.halt();
    const call = calls.current();
    if (call) calls.end(call);
    restore.reset();
    secureEntry.releaseAll();
    audio.release();
    config = null;
    registration.reset();
  }

  async function start(cfg: PhoneConfig): Promise<void> {
    if (config || registration.userAgent()) await stop();
    config = cfg;
    refusing = false;
    audio.configure(cfg.devices);
    disposers.push(audio.watch());
    const online = onlineTarget(deps);
    if (online)
      disposers.push(
        listenToPage(online, {
          online: () => registration.nudge('online'),
          pagehide: () => ctx.reports.flush(),
        }),
      );
    void audio.refresh();
    if (!registration.start(cfg) && cfg.account) ctx.fail('no-account');
  }

  return {
    store: uiStore,
    start: (cfg) => command(() => start(cfg)),
    stop: () => command(stop),
    stopTakingCalls,
    dial: (target, options) => command(() => setup.dial(target, options)),
    answer: () => command(setup.answer),
    reject: () => command(setup.reject),
    hangup: () => command(calls.hangup),
    hold: (on) => command(() => calls.hold(on)),
    mute: (on) => calls.mute(on),
    sendDtmf: (tones) => command(() => keypad.send(tones)),
    blindTransfer: (target) =>
      command(() => (training.transferable() ? transfer.blind(target) : undefined)),
    startConsult: (target) =>
      command(() => (training.transferable() ? transfer.startConsult(target) : undefined)),
    completeAttendedTransfer: () => command(transfer.completeAttended),
    cancelConsult: () => command(transfer.cancelConsult),
    setAgentState: (state, reason) => agent.set(state, reason),
    selectDevice: (kind, deviceId) => command(() => audio.select(kind, deviceId)),
    attachSecureEntry: (consumer) => secureEntry.attach(consumer),
    nudge: (reason) => registration.nudge(reason),
    startTraining: (trainingSetup) => training.start(trainingSetup),
    stopTraining: () => command(training.stop),
  };
}
