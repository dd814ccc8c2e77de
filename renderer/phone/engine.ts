// The softphone engine: sip.js 0.21 UserAgent + Registerer + Inviter/Invitation (never
// SimpleUser, whose session manager gives up after three tries and ends every call when the
// WebSocket drops). It owns sip.js and the media objects, works out what happened, and publishes
// PhoneState for the UI; main hears about it through `report` (journal, call history).
//
// The rules that keep an agent reachable (issue 3 §2, ../shared/docs/sip-lab.md):
// - registration status is always known: connecting (attempt, next retry), registered, failed;
// - transport loss → retry with full-jitter backoff forever; a failed reconnect is silent in
//   sip.js, so the scheduler reschedules itself (pitfall 6);
// - every (re)connect re-registers; a Registerer stuck on a REGISTER lost with the old connection
//   is disposed and replaced (pitfall 6);
// - OPTIONS every keepAliveSeconds catch half-open connections (pitfall 7);
// - `online`, OS resume (nudge) → re-register now, backoff reset;
// - live calls survive: after re-registering, each is re-INVITEd with an ICE restart.
// Secrets: caller keypad digits go only to the attached SecureEntryConsumer; sip.js logs are
// filtered (pitfall 10); the SIP password lives only inside sip.js's configuration.
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  RequestPendingError,
  SessionState,
  UserAgent,
  Web,
  type Info,
  type Notification,
  type Session,
  type SessionDescriptionHandlerFactory,
  type SessionDescriptionHandlerModifier,
  type URI,
} from 'sip.js';
import type { AgentStateName, CallOutcome, CallRecord, NotReadyReason, PhoneConfig, PhoneEvent } from '../../common/phone.js';
import { agentReducer, incomingCallDecision, initialAgentStatus, type AgentEvent, type AgentStatus } from '../../common/agent-state.js';
import { backoffDelay } from '../../common/backoff.js';
import { qualityWarning, summariseQuality } from '../../common/call-quality.js';
import { callerIdFrom } from '../../common/caller-id.js';
import { dialTarget } from '../../common/dial-target.js';
import { isDtmfTone, parseDtmfInfo } from '../../common/dtmf.js';
import { dropTelephoneEvent8000, sipfragStatus } from '../../common/sip-bodies.js';
import {
  DEFAULT_DEVICE,
  listDevices,
  microphoneConstraints,
  normaliseDeviceId,
  rememberLabels,
  resolveFallbacks,
  sinkIdFor,
  type DeviceChoice,
  type DeviceKind,
} from './devices.js';
import { browserMediaHooks, type AudioOutput, type MediaHooks } from './media.js';
import { QUALITY_INTERVAL_MS, sampleFromStats, type LossCounters, type StatLike } from './quality.js';
import { createKeepAlive, createRetryScheduler, type KeepAlive, type RetryScheduler } from './reconnect.js';
import type { Ringer } from './ringer.js';
import { createSecureEntry } from './secure-entry.js';
import { sipLogConnector, type PhoneLogSink } from './sip-log.js';
import { createPhoneStore, initialPhoneState, type PhoneAction } from './state.js';
import type { ActiveCall, CallDirection, CallPhase, CallerId, Phone, PhoneState, QualitySample, RegistrationStatus } from './types.js';

export interface EngineTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

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
  /** Where `online` is heard; default `window` (null: not at all). */
  onlineEvents?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  /** Filtered sip.js warnings/errors and the engine's own; default console. No secrets reach it. */
  log?: PhoneLogSink;
  /** The agent chose a device: persist it (main's settings). Not called for automatic fallbacks. */
  onDevicesChosen?(choice: DeviceChoice): void;
}

type ErrorKey =
  | 'no-account'
  | 'not-connected'
  | 'busy'
  | 'bad-target'
  | 'no-call'
  | 'call-failed'
  | 'answer-failed'
  | 'hold-failed'
  | 'bad-dtmf'
  | 'dtmf-failed'
  | 'transfer-failed'
  | 'transfer-unconfirmed'
  | 'consult-failed'
  | 'consult-ended'
  | 'microphone-failed'
  | 'device-failed'
  | 'unexpected';

interface Leg {
  session: Session;
  phase: CallPhase;
  /** Re-INVITE with ICE restart in progress / planned after a reconnect. */
  restoreAttempt: number;
  restoreTimer: unknown;
}

interface CallContext extends Leg {
  id: string;
  sipCallId: string;
  direction: CallDirection;
  remote: CallerId;
  startedAt: number;
  answeredAt: number | null;
  held: boolean;
  muted: boolean;
  samples: QualitySample[];
  counters: LossCounters | null;
  warning: boolean;
  rejectedByUs: boolean;
  cancelledByUs: boolean;
  failure: string | null;
  outcome: CallOutcome | null;
  transfer: { kind: 'blind' | 'attended'; target: string; timer: unknown } | null;
  consult: (Leg & { number: string }) | null;
  ended: boolean;
}

/** Every sample of a call is kept for its summary; a bound for very long calls (6 h at 2 s). */
const SAMPLES_KEPT = 10_800;
const TRANSFER_CONFIRM_MS = 30_000;
const REGISTER_EXPIRES_S = 300;
/** Host candidates gather in milliseconds; with STUN/TURN configured, allow a little more. */
const ICE_TIMEOUT_LOOPBACK_MS = 500;
const ICE_TIMEOUT_WITH_SERVERS_MS = 2_000;
const DTMF_INFO_DURATION_MS = 160;
/** Hold with this status (a queue may offer the call to another agent; 603 would stop it). */
const BUSY = 486;

const globalEngineTimers: EngineTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

const noop = () => {};

function defaultUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
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

function sdhOf(session: Session): Web.SessionDescriptionHandler | null {
  const sdh = session.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
}

const statusText = (code: number | undefined, phrase: string | undefined): string => `${code ?? 0} ${phrase ?? ''}`.trim().slice(0, 200);

export function createPhone(deps: PhoneDeps): Phone {
  const timers = deps.timers ?? globalEngineTimers;
  const uuid = deps.uuid ?? defaultUuid;
  const log = deps.log ?? defaultLog;
  const browser = browserMediaHooks();
  const media: MediaHooks = { ...browser, ...deps.media };
  const report = (event: PhoneEvent) => {
    try {
      deps.report(event);
    } catch (error) {
      log('warn', `report failed: ${String(error).slice(0, 100)}`);
    }
  };

  let agent: AgentStatus = initialAgentStatus(deps.now(), deps.initialAgentState);
  const { store, uiStore } = createPhoneStore(initialPhoneState({ history: deps.initialHistory, agent }));
  const dispatch = (action: PhoneAction) => store.dispatch(action);

  // ---- engine state (not PhoneState: sip.js objects, timers, secrets' plumbing) ----
  let config: PhoneConfig | null = null;
  let ua: UserAgent | null = null;
  let registerer: Registerer | null = null;
  let registerInFlight = false;
  let lastRegisterFailure: string | null = null;
  let stopping = false;
  let scheduler: RetryScheduler | null = null;
  let keepAlive: KeepAlive | null = null;
  let call: CallContext | null = null;
  let restoreAfterRegister = false;
  let wrapUpTimer: unknown = null;
  let qualityTimer: unknown = null;
  let choice: DeviceChoice = { microphoneId: DEFAULT_DEVICE, speakerId: DEFAULT_DEVICE, ringerId: DEFAULT_DEVICE };
  const labels = new Map<string, string>();
  let remoteAudio: AudioOutput | null = null;
  let ringer: Ringer | null = null;
  const disposers: (() => void)[] = [];
  let lastReportedRegistration = '';

  const secureEntry = createSecureEntry((progress) => dispatch({ type: 'secure-entry', secureEntry: progress }));
  const modifiers: SessionDescriptionHandlerModifier[] = [
    (description) => Promise.resolve(description.sdp ? { type: description.type, sdp: dropTelephoneEvent8000(description.sdp) } : description),
  ];

  const fail = (key: ErrorKey, params?: Record<string, string>) => dispatch({ type: 'error', error: params ? { key, params } : { key } });

  // ---------------------------------------------------------------------------------------------
  // Registration status
  // ---------------------------------------------------------------------------------------------

  function setRegistration(status: RegistrationStatus) {
    dispatch({ type: 'registration', status });
    if (status.kind === 'idle') return;
    const reason = status.kind === 'failed' ? status.reason : undefined;
    const key = `${status.kind}|${reason ?? ''}`;
    if (key === lastReportedRegistration) return;
    lastReportedRegistration = key;
    report(reason === undefined ? { type: 'registration', status: status.kind } : { type: 'registration', status: status.kind, reason });
  }

  const connected = (): boolean => ua !== null && ua.isConnected();

  // ---------------------------------------------------------------------------------------------
  // User agent, transport, reconnection
  // ---------------------------------------------------------------------------------------------

  function buildUserAgent(cfg: PhoneConfig): UserAgent | null {
    const account = cfg.account;
    if (!account) return null;
    const uri = UserAgent.makeURI(`sip:${account.user}@${account.domain}`);
    if (!uri) return null;
    const mediaStreamFactory: Web.MediaStreamFactory = () => localMicrophone();
    const sdhFactory = Web.defaultSessionDescriptionHandlerFactory(mediaStreamFactory);
    // sip.js 0.21's web handler has no rollbackDescription: after a refused re-INVITE (hold
    // refused; a restore answered 480 because the far end has not re-registered yet) the peer
    // connection stays in have-local-offer and can never renegotiate again. Give it one.
    const sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory = (session, options) => {
      const sdh = sdhFactory(session, options) as Web.SessionDescriptionHandler & { rollbackDescription?: () => Promise<void> };
      sdh.rollbackDescription = async () => {
        const pc = sdh.peerConnection;
        if (pc && pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
      };
      return sdh;
    };
    return new UserAgent({
      uri,
      displayName: account.displayName ?? '',
      authorizationUsername: account.user,
      authorizationPassword: account.password,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5, keepAliveInterval: 0, traceSip: false },
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: 'warn',
      logConnector: sipLogConnector(log),
      userAgentString: 'AgentDesk',
      sessionDescriptionHandlerFactory,
      sessionDescriptionHandlerFactoryOptions: {
        iceGatheringTimeout: cfg.iceServers.length === 0 ? ICE_TIMEOUT_LOOPBACK_MS : ICE_TIMEOUT_WITH_SERVERS_MS,
        // Always set iceServers: sip.js would otherwise add a public STUN server (pitfall 1).
        peerConnectionConfiguration: {
          iceServers: cfg.iceServers.map((server) => ({ urls: server.urls, username: server.username, credential: server.credential })),
          bundlePolicy: 'max-bundle',
          rtcpMuxPolicy: 'require',
        },
      } satisfies Web.SessionDescriptionHandlerFactoryOptions,
      delegate: {
        onConnect: () => onTransportConnect(),
        onDisconnect: (error) => onTransportDisconnect(error),
        onInvite: (invitation) => onIncoming(invitation),
      },
    });
  }

  /** The host of the WebSocket's far end: the only party that can hand us a request. */
  function proxyHost(): string | null {
    const wsUrl = config?.account?.wsUrl;
    if (!wsUrl) return null;
    try {
      return new URL(wsUrl).host;
    } catch {
      return null;
    }
  }

  /** One recovery try: reconnect the transport (onConnect then registers), or re-register. */
  async function recover(): Promise<void> {
    const agentUa = ua;
    if (!agentUa || stopping) return;
    if (!agentUa.isConnected()) {
      dispatch({ type: 'transport', transport: 'connecting' });
      try {
        await agentUa.reconnect();
      } catch (error) {
        if (ua === agentUa) dispatch({ type: 'transport', transport: 'disconnected' });
        throw error;
      }
      return;
    }
    await registerNow();
  }

  function onTransportConnect() {
    if (stopping || !ua) return;
    dispatch({ type: 'transport', transport: 'connected' });
    keepAlive?.start();
    // Not from inside sip.js's transport state transition.
    void Promise.resolve().then(() =>
      registerNow().catch(() => {
        scheduler?.schedule();
      }),
    );
  }

  function onTransportDisconnect(error?: Error) {
    if (stopping || !ua) return;
    dispatch({ type: 'transport', transport: 'disconnected' });
    keepAlive?.stop();
    if (error) log('warn', `transport lost: ${error.message.slice(0, 120)}`);
    if (call && !call.ended) {
      restoreAfterRegister = true;
      for (const leg of legsOf(call)) {
        cancelRestore(leg);
        if (leg.session.state === SessionState.Established && leg.phase !== 'reconnecting') leg.phase = 'reconnecting';
      }
      publishCall();
    }
    scheduler?.schedule();
  }

  function makeScheduler(): RetryScheduler {
    return createRetryScheduler({
      now: deps.now,
      random: deps.random,
      timers,
      attempt: recover,
      onScheduled: (attempt, at) => {
        if (connected()) setRegistration({ kind: 'failed', reason: lastRegisterFailure ?? 'registration failed', nextRetryAt: at });
        else setRegistration({ kind: 'connecting', attempt, nextRetryAt: at });
      },
      onAttempt: (attempt) => {
        if (!connected()) setRegistration({ kind: 'connecting', attempt });
      },
      onFailed: (attempt, error) => log('warn', `recovery attempt ${attempt} failed: ${String(error instanceof Error ? error.message : error).slice(0, 120)}`),
    });
  }

  function makeKeepAlive(cfg: PhoneConfig): KeepAlive {
    const intervalMs = cfg.keepAliveSeconds * 1000;
    return createKeepAlive({
      intervalMs,
      timeoutMs: Math.min(10_000, Math.max(2_000, intervalMs / 2)),
      timers,
      ping: sendOptions,
      onDead: (reason) => {
        log('warn', `${reason}: reconnecting`);
        const agentUa = ua;
        // Disconnecting fires onDisconnect (the transport was connected), which schedules the retry.
        if (agentUa) void agentUa.transport.disconnect().catch(noop);
      },
    });
  }

  /** OPTIONS to the proxy itself (no user part); resolves with the final status. */
  function sendOptions(): Promise<number> {
    return new Promise((resolve, reject) => {
      const agentUa = ua;
      const domain = config?.account?.domain;
      if (!agentUa || !domain || !agentUa.isConnected()) {
        reject(new Error('not connected'));
        return;
      }
      const target = UserAgent.makeURI(`sip:${domain}`);
      if (!target) {
        reject(new Error('bad domain'));
        return;
      }
      const core = agentUa.userAgentCore;
      const request = core.makeOutgoingRequestMessage('OPTIONS', target, agentUa.configuration.uri, target, {});
      core.request(request, {
        onAccept: (response) => resolve(response.message.statusCode ?? 200),
        onRedirect: (response) => resolve(response.message.statusCode ?? 300),
        onReject: (response) => resolve(response.message.statusCode ?? 500),
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Registration
  // ---------------------------------------------------------------------------------------------

  function newRegisterer(agentUa: UserAgent): Registerer {
    const reg = new Registerer(agentUa, { expires: REGISTER_EXPIRES_S });
    reg.stateChange.addListener((state) => {
      if (reg !== registerer || stopping) return;
      if (state === RegistererState.Registered) {
        onRegistered();
      } else if (state === RegistererState.Unregistered && connected()) {
        // A refresh was refused or the registration expired while the transport is up. sip.js
        // changes state before it calls our onReject: let that record the reason first.
        queueMicrotask(() => {
          if (reg !== registerer || stopping) return;
          lastRegisterFailure ??= 'registration lost';
          scheduler?.schedule();
        });
      }
    });
    return reg;
  }

  /**
   * Called on every 200 to our REGISTER: after a reconnect the Registerer still says Registered
   * (sip.js never noticed the proxy forgot us), so its stateChange does not fire again.
   */
  function onRegistered() {
    lastRegisterFailure = null;
    scheduler?.reset();
    if (store.getState().registration.kind !== 'registered') setRegistration({ kind: 'registered', since: deps.now() });
    if (restoreAfterRegister) {
      restoreAfterRegister = false;
      restoreCalls();
    }
  }

  /** A Registerer waiting on a REGISTER lost with the old connection cannot register again until
   * Timer F (32 s): dispose it (once its request fails it is Unregistered, so disposing sends no
   * un-REGISTER) and start afresh (pitfall 6). */
  function replaceRegisterer(agentUa: UserAgent): Registerer {
    const stuck = registerer;
    registerer = newRegisterer(agentUa);
    registerInFlight = false;
    if (stuck) void stuck.dispose().catch(noop);
    return registerer;
  }

  function registerNow(allowReplace = true): Promise<void> {
    const agentUa = ua;
    if (!agentUa || stopping) return Promise.resolve();
    if (!agentUa.isConnected()) return Promise.reject(new Error('not connected'));
    let reg = registerer ?? (registerer = newRegisterer(agentUa));
    if (registerInFlight) reg = replaceRegisterer(agentUa);
    registerInFlight = true;
    return new Promise<void>((resolve, reject) => {
      const settle = (error: Error | null) => {
        if (reg === registerer) registerInFlight = false;
        if (error) {
          reject(error);
          return;
        }
        if (reg === registerer && !stopping) onRegistered();
        resolve();
      };
      let sent: Promise<unknown>;
      try {
        sent = reg.register({
          requestDelegate: {
            onAccept: () => settle(null),
            onReject: (response) => {
              lastRegisterFailure = statusText(response.message.statusCode, response.message.reasonPhrase);
              settle(new Error(`REGISTER ${lastRegisterFailure}`));
            },
          },
        });
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.catch((error: unknown) => {
        if (reg === registerer) registerInFlight = false;
        if (error instanceof RequestPendingError && allowReplace && reg === registerer && ua === agentUa) {
          // sip.js's own refresh went out on the dead connection and is still pending.
          replaceRegisterer(agentUa);
          registerNow(false).then(resolve, reject);
          return;
        }
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Media
  // ---------------------------------------------------------------------------------------------

  /** The chosen microphone; if it is gone, the default one, with a notice. */
  async function localMicrophone(): Promise<MediaStream> {
    const chosen = choice.microphoneId;
    try {
      return await media.getUserMedia(microphoneConstraints(chosen));
    } catch (error) {
      const gone = error instanceof Error && (error.name === 'NotFoundError' || error.name === 'OverconstrainedError');
      if (!gone || normaliseDeviceId(chosen) === DEFAULT_DEVICE) {
        fail('microphone-failed');
        throw error;
      }
      fallBack('microphone');
      return media.getUserMedia(microphoneConstraints(DEFAULT_DEVICE));
    }
  }

  function output(): AudioOutput {
    if (!remoteAudio) {
      remoteAudio = media.createAudioOutput();
      applySink(remoteAudio, choice.speakerId);
    }
    return remoteAudio;
  }

  function ring(): Ringer {
    if (!ringer) {
      ringer = media.createRinger();
      void ringer.setDevice(choice.ringerId).catch(noop);
    }
    return ringer;
  }

  function applySink(target: AudioOutput, deviceId: string): Promise<void> {
    if (!target.setSinkId) return Promise.resolve();
    return target.setSinkId(sinkIdFor(deviceId));
  }

  /** Play this leg's remote audio (the consult call's while consulting). */
  function playLeg(leg: Leg | null) {
    const out = output();
    const stream = leg ? sdhOf(leg.session)?.remoteMediaStream : undefined;
    out.srcObject = stream ?? null;
    if (stream) void out.play().catch(noop);
    else out.pause();
  }

  /** Send nothing while held or muted; hear nothing while held. The consult leg is never held. */
  function applyTracks(ctx: CallContext) {
    for (const leg of legsOf(ctx)) {
      const pc = sdhOf(leg.session)?.peerConnection;
      if (!pc) continue;
      const held = leg === ctx && ctx.held;
      for (const sender of pc.getSenders()) if (sender.track) sender.track.enabled = !held && !ctx.muted;
      for (const receiver of pc.getReceivers()) if (receiver.track) receiver.track.enabled = !held;
    }
  }

  async function switchMicrophone(session: Session, enabled: boolean): Promise<void> {
    const sdh = sdhOf(session);
    const pc = sdh?.peerConnection;
    if (!sdh || !pc) return;
    const sender = pc.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sender) return;
    const stream = await localMicrophone();
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    track.enabled = enabled;
    const old = sender.track;
    // replaceTrack: no renegotiation, the far end hears the new microphone at once.
    await sender.replaceTrack(track);
    const local = sdh.localMediaStream;
    if (old) {
      old.stop();
      local.removeTrack(old);
    }
    local.addTrack(track);
  }

  // ---------------------------------------------------------------------------------------------
  // Devices
  // ---------------------------------------------------------------------------------------------

  function publishChoice(extra: Partial<PhoneState['devices']> = {}) {
    dispatch({ type: 'devices', devices: { microphoneId: choice.microphoneId, speakerId: choice.speakerId, ringerId: choice.ringerId, ...extra } });
  }

  function fallBack(kind: DeviceKind, label = '') {
    const key = kind === 'microphone' ? 'microphoneId' : kind === 'speaker' ? 'speakerId' : 'ringerId';
    const previous = choice[key];
    const knownLabel = label || labels.get(`${kind === 'microphone' ? 'audioinput' : 'audiooutput'}:${previous}`) || '';
    choice = { ...choice, [key]: DEFAULT_DEVICE };
    publishChoice({ notice: { kind: `${kind}-fallback`, label: knownLabel } });
    report({ type: 'device-fallback', kind });
  }

  async function refreshDevices(): Promise<void> {
    let list;
    try {
      list = await media.enumerateDevices();
    } catch {
      return;
    }
    const { fellBack } = resolveFallbacks(choice, list, labels);
    rememberLabels(labels, list);
    dispatch({ type: 'devices', devices: listDevices(list) });
    for (const { kind, label } of fellBack) {
      fallBack(kind, label);
      if (kind === 'speaker' && remoteAudio) void applySink(remoteAudio, DEFAULT_DEVICE).catch(noop);
      if (kind === 'ringer' && ringer) void ringer.setDevice(DEFAULT_DEVICE).catch(noop);
      if (kind === 'microphone' && call && !call.ended) {
        const ctx = call;
        for (const leg of legsOf(ctx)) {
          if (leg.session.state === SessionState.Established) {
            void switchMicrophone(leg.session, leg === ctx ? !ctx.held && !ctx.muted : !ctx.muted).catch(() => fail('microphone-failed'));
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Calls
  // ---------------------------------------------------------------------------------------------

  const legsOf = (ctx: CallContext): Leg[] => (ctx.consult ? [ctx, ctx.consult] : [ctx]);

  function publishCall() {
    if (!call || call.ended) return;
    const ctx = call;
    const active: ActiveCall = {
      id: ctx.id,
      sipCallId: ctx.sipCallId,
      direction: ctx.direction,
      phase: ctx.phase,
      remote: ctx.remote,
      startedAt: ctx.startedAt,
      answeredAt: ctx.answeredAt,
      muted: ctx.muted,
      quality: ctx.samples.slice(-5),
      qualityWarning: ctx.warning,
      consult: ctx.consult ? { number: ctx.consult.number, phase: ctx.consult.phase } : null,
    };
    dispatch({ type: 'call', call: active });
  }

  function newCall(session: Inviter | Invitation, direction: CallDirection, remote: CallerId, phase: CallPhase): CallContext {
    return {
      id: uuid(),
      sipCallId: session.request.callId,
      session,
      phase,
      restoreAttempt: 0,
      restoreTimer: null,
      direction,
      remote,
      startedAt: deps.now(),
      answeredAt: null,
      held: false,
      muted: false,
      samples: [],
      counters: null,
      warning: false,
      rejectedByUs: false,
      cancelledByUs: false,
      failure: null,
      outcome: null,
      transfer: null,
      consult: null,
      ended: false,
    };
  }

  function watchCall(ctx: CallContext) {
    ctx.session.delegate = {
      onInfo: (info) => onInfo(ctx, ctx, info),
    };
    ctx.session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (ctx.ended) return;
        ctx.answeredAt ??= deps.now();
        ctx.phase = 'connected';
        if (ringer) ringer.stop();
        if (!ctx.consult) playLeg(ctx);
        applyTracks(ctx);
        startQuality();
        publishCall();
        report({ type: 'call-answered', callId: ctx.id });
      } else if (state === SessionState.Terminated) {
        endCall(ctx);
      }
    });
  }

  function record(ctx: CallContext, outcome: CallOutcome, endedAt: number): CallRecord {
    return {
      id: ctx.id,
      direction: ctx.direction,
      number: ctx.remote.number,
      name: ctx.remote.displayName,
      startedAt: new Date(ctx.startedAt).toISOString(),
      durationSeconds: ctx.answeredAt === null ? 0 : Math.max(0, Math.round((endedAt - ctx.answeredAt) / 1000)),
      outcome,
      quality: ctx.samples.length === 0 ? null : summariseQuality(ctx.samples),
    };
  }

  function outcomeOf(ctx: CallContext): CallOutcome {
    if (ctx.outcome) return ctx.outcome;
    if (ctx.answeredAt !== null) return 'answered';
    if (ctx.direction === 'inbound') return ctx.rejectedByUs ? 'rejected' : 'missed';
    return ctx.cancelledByUs ? 'cancelled' : 'failed';
  }

  function endCall(ctx: CallContext) {
    if (ctx.ended) return;
    ctx.ended = true;
    const endedAt = deps.now();
    for (const leg of legsOf(ctx)) cancelRestore(leg);
    if (ctx.transfer) timers.clearTimeout(ctx.transfer.timer);
    if (ctx.consult) {
      const consult = ctx.consult;
      ctx.consult = null;
      void endSession(consult.session).catch(noop);
    }
    if (call === ctx) {
      call = null;
      stopQuality();
      if (ringer) ringer.stop();
      playLeg(null);
      // Digits belong to a call: a consumer left attached must not receive the next caller's.
      secureEntry.releaseAll();
    }
    if (ctx.direction === 'outbound' && ctx.answeredAt === null && ctx.failure && !ctx.cancelledByUs) fail('call-failed', { status: ctx.failure });
    const callRecord = record(ctx, outcomeOf(ctx), endedAt);
    dispatch({ type: 'call-ended', callId: ctx.id, record: callRecord });
    report({ type: 'call-ended', record: callRecord });
    agentEvent({ type: 'call-ended', answered: ctx.answeredAt !== null, at: endedAt, wrapUpSeconds: config?.wrapUpSeconds ?? 0 });
  }

  /** Cancel, reject or BYE, whatever the session's phase. */
  async function endSession(session: Session, ctx?: CallContext): Promise<void> {
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) {
          if (ctx) ctx.cancelledByUs = true;
          await session.cancel();
        } else if (session instanceof Invitation) {
          if (ctx) ctx.rejectedByUs = true;
          await session.reject({ statusCode: BUSY });
        }
        return;
      case SessionState.Established:
        await session.bye();
        return;
      default:
        return;
    }
  }

  function onIncoming(invitation: Invitation) {
    if (stopping) {
      void invitation.reject({ statusCode: 480 }).catch(noop);
      return;
    }
    const remote = callerIdFrom({
      paiHeader: invitation.request.getHeaders('P-Asserted-Identity').join(', ') || undefined,
      paiSourceHost: proxyHost(),
      trustedProxies: config?.trustedProxies ?? [],
      fromDisplayName: invitation.remoteIdentity.displayName,
      fromUri: invitation.remoteIdentity.uri.toString(),
    });
    const decision = incomingCallDecision(agent.state, call !== null);
    if (decision) {
      void invitation.reject({ statusCode: BUSY }).catch(noop);
      const ctx = newCall(invitation, 'inbound', remote, 'ended');
      ctx.ended = true;
      const declined = record(ctx, decision === 'not-ready' ? 'declined-not-ready' : 'missed', ctx.startedAt);
      if (decision === 'not-ready') {
        agentEvent({ type: 'declined' });
        report({ type: 'call-declined-not-ready', number: remote.number });
      }
      dispatch({ type: 'history-recorded', record: declined });
      report({ type: 'call-ended', record: declined });
      return;
    }
    const ctx = newCall(invitation, 'inbound', remote, 'ringing');
    call = ctx;
    watchCall(ctx);
    publishCall();
    report({ type: 'call-started', callId: ctx.id, direction: 'inbound', number: remote.number, name: remote.displayName, callerIdSource: remote.source });
    ring().start();
  }

  function onInfo(ctx: CallContext, leg: Leg, info: Info) {
    const contentType = info.request.getHeader('Content-Type') ?? '';
    const body = info.request.body ?? '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (body !== '' && mediaType !== 'application/dtmf-relay' && mediaType !== 'application/dtmf') {
      void info.reject({ statusCode: 415 }).catch(noop);
      return;
    }
    void info.accept().catch(noop);
    const digit = parseDtmfInfo(contentType, body);
    // Only the customer's leg feeds secure entry; the digit goes nowhere else.
    if (digit !== null && leg === ctx && call === ctx) secureEntry.deliver(digit);
  }

  // ---- re-INVITE readiness ----

  /**
   * May this session send a re-INVITE now? Not before the ACK of its 200 (RFC 3261 §14.1: no
   * new INVITE while one is in progress either way), and only from a stable offer/answer state:
   * sip.js creates the local offer before it checks the dialog, and does not roll it back if the
   * dialog then refuses, which leaves the call unable to renegotiate ever again.
   */
  function reinviteReady(session: Session): boolean {
    const dialog = session.dialog;
    if (!dialog || session.state !== SessionState.Established) return false;
    if (String(dialog.sessionState) !== 'Confirmed' || String(dialog.signalingState) !== 'Stable') return false;
    // The SessionDialog behind the core Session interface keeps its INVITE transactions here.
    const transactions = dialog as { reinviteUserAgentClient?: unknown; reinviteUserAgentServer?: unknown };
    if (transactions.reinviteUserAgentClient || transactions.reinviteUserAgentServer) return false;
    const pc = sdhOf(session)?.peerConnection;
    return !pc || pc.signalingState === 'stable';
  }

  async function whenReinviteReady(session: Session, timeoutMs = 5_000): Promise<boolean> {
    const deadline = deps.now() + timeoutMs;
    while (!reinviteReady(session)) {
      if (session.state === SessionState.Terminated || deps.now() >= deadline) return false;
      await new Promise<void>((resolve) => timers.setTimeout(resolve, 50));
    }
    return true;
  }

  // ---- media restoration after a reconnect ----

  function restoreCalls() {
    if (!call || call.ended) return;
    for (const leg of legsOf(call)) restoreLeg(call, leg);
  }

  function cancelRestore(leg: Leg) {
    if (leg.restoreTimer !== null) timers.clearTimeout(leg.restoreTimer);
    leg.restoreTimer = null;
  }

  /** Re-INVITE with an ICE restart, so media finds its way again over whatever path exists now. */
  function restoreLeg(ctx: CallContext, leg: Leg) {
    cancelRestore(leg);
    if (ctx.ended || leg.session.state !== SessionState.Established || !connected()) return;
    const hold = leg === ctx ? ctx.held : false;
    const retry = () => {
      if (ctx.ended || leg.session.state !== SessionState.Established) return;
      leg.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
      // Jittered like the reconnects, but the window stops growing at 4 s: a call without audio
      // cannot wait half a minute.
      const delay = backoffDelay(Math.min(leg.restoreAttempt, 2), deps.random);
      leg.restoreAttempt += 1;
      leg.restoreTimer = timers.setTimeout(() => {
        leg.restoreTimer = null;
        restoreLeg(ctx, leg);
      }, delay);
    };
    // A re-INVITE (ours or theirs) still in flight: try again shortly.
    if (!reinviteReady(leg.session)) {
      retry();
      return;
    }
    const options: Web.SessionDescriptionHandlerOptions = { hold, offerOptions: { iceRestart: true } };
    leg.session
      .invite({
        sessionDescriptionHandlerOptions: options,
        sessionDescriptionHandlerModifiers: modifiers,
        requestDelegate: {
          onAccept: () => {
            // Back to plain re-INVITE options: a lingering iceRestart would make every later
            // answer wait for a new gathering round.
            leg.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
            leg.restoreAttempt = 0;
            if (ctx.ended) return;
            if (leg.phase === 'reconnecting') leg.phase = leg === ctx && ctx.held ? 'held' : 'connected';
            if (leg === ctx) applyTracks(ctx);
            publishCall();
            if (leg === ctx) report({ type: 'call-media-restored', callId: ctx.id });
          },
          onReject: () => retry(),
        },
      })
      .catch(() => retry());
  }

  // ---- quality ----

  function startQuality() {
    if (qualityTimer !== null) return;
    qualityTimer = timers.setInterval(() => void sampleQuality(), QUALITY_INTERVAL_MS);
  }

  function stopQuality() {
    if (qualityTimer !== null) timers.clearInterval(qualityTimer);
    qualityTimer = null;
  }

  async function sampleQuality(): Promise<void> {
    const ctx = call;
    if (!ctx || ctx.ended || ctx.phase !== 'connected') return;
    const pc = sdhOf(ctx.session)?.peerConnection;
    if (!pc) return;
    let stats: RTCStatsReport;
    try {
      stats = await pc.getStats();
    } catch {
      return;
    }
    if (ctx.ended || call !== ctx) return;
    const { sample, counters } = sampleFromStats(stats.values() as Iterable<StatLike>, ctx.counters, deps.now());
    ctx.counters = counters;
    ctx.samples.push(sample);
    if (ctx.samples.length > SAMPLES_KEPT) ctx.samples.shift();
    const { warning, reasons } = qualityWarning(ctx.samples);
    if (warning && !ctx.warning) report({ type: 'quality-warning', callId: ctx.id, reasons });
    ctx.warning = warning;
    publishCall();
  }

  // ---- transfer ----

  function transfer(ctx: CallContext, kind: 'blind' | 'attended', target: URI | Session, number: string): Promise<void> {
    return new Promise<void>((resolve) => {
      ctx.phase = 'transferring';
      const timer = timers.setTimeout(() => done(null, 'unconfirmed'), TRANSFER_CONFIRM_MS);
      ctx.transfer = { kind, target: number, timer };
      publishCall();
      let finished = false;
      const done = (status: number | null, why: 'ok' | 'failed' | 'unconfirmed') => {
        if (finished) return;
        finished = true;
        timers.clearTimeout(timer);
        if (ctx.ended) {
          resolve();
          return;
        }
        if (why === 'ok') {
          ctx.outcome = 'transferred';
          report({ type: 'call-transferred', callId: ctx.id, kind, target: number });
          const consult = ctx.consult;
          if (consult) {
            ctx.consult = null;
            void endSession(consult.session).catch(noop);
          }
          void endSession(ctx.session, ctx).catch(noop);
        } else {
          ctx.transfer = null;
          ctx.phase = ctx.held ? 'held' : 'connected';
          publishCall();
          if (why === 'unconfirmed') fail('transfer-unconfirmed');
          else fail('transfer-failed', status === null ? undefined : { status: String(status) });
        }
        resolve();
      };
      ctx.session
        .refer(target, {
          requestDelegate: { onReject: (response) => done(response.message.statusCode ?? null, 'failed') },
          onNotify: (notification: Notification) => {
            void notification.accept().catch(noop);
            const status = sipfragStatus(notification.request.body);
            if (status !== null && status >= 200 && status < 300) done(status, 'ok');
            else if (status !== null && status >= 300) done(status, 'failed');
          },
        })
        .catch(() => done(null, 'failed'));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Agent state
  // ---------------------------------------------------------------------------------------------

  function agentEvent(event: AgentEvent) {
    const next = agentReducer(agent, event);
    if (next === agent) return;
    const changed = next.state !== agent.state || next.reason !== agent.reason || next.since !== agent.since;
    agent = next;
    dispatch({ type: 'agent', agent });
    if (changed) report({ type: 'agent-state', state: agent.state, reason: agent.reason });
    if (wrapUpTimer !== null) timers.clearTimeout(wrapUpTimer);
    wrapUpTimer = null;
    if (agent.state === 'wrap-up' && agent.wrapUpEndsAt !== null) {
      const endsAt = agent.wrapUpEndsAt;
      wrapUpTimer = timers.setTimeout(() => {
        wrapUpTimer = null;
        agentEvent({ type: 'tick', at: Math.max(deps.now(), endsAt) });
      }, Math.max(0, endsAt - deps.now()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Commands
  // ---------------------------------------------------------------------------------------------

  /** Commands never reject: failures land in `lastError` with an i18n key. */
  async function command(body: () => Promise<void> | void): Promise<void> {
    try {
      await body();
    } catch (error) {
      log('warn', `command failed: ${String(error instanceof Error ? error.message : error).slice(0, 120)}`);
      fail('unexpected');
    }
  }

  function established(): CallContext | null {
    const ctx = call;
    if (!ctx || ctx.ended || ctx.session.state !== SessionState.Established) {
      fail('no-call');
      return null;
    }
    return ctx;
  }

  async function holdCall(ctx: CallContext, on: boolean): Promise<boolean> {
    if (ctx.held === on) return true;
    if (!(await whenReinviteReady(ctx.session))) {
      fail('hold-failed');
      return false;
    }
    return new Promise<boolean>((resolve) => {
      const failed = () => {
        // sip.js keeps the options for answering the far end's re-INVITEs: not on hold after all.
        ctx.session.sessionDescriptionHandlerOptionsReInvite = { hold: ctx.held } as Web.SessionDescriptionHandlerOptions;
        fail('hold-failed');
        resolve(false);
      };
      ctx.session
        .invite({
          sessionDescriptionHandlerOptions: { hold: on } as Web.SessionDescriptionHandlerOptions,
          sessionDescriptionHandlerModifiers: modifiers,
          requestDelegate: {
            onAccept: () => {
              ctx.held = on;
              if (ctx.phase === 'connected' || ctx.phase === 'held') ctx.phase = on ? 'held' : 'connected';
              applyTracks(ctx);
              publishCall();
              report({ type: 'call-held', callId: ctx.id, held: on });
              resolve(true);
            },
            onReject: failed,
          },
        })
        .catch(failed);
    });
  }

  async function stopEngine(): Promise<void> {
    stopping = true;
    scheduler?.cancel();
    scheduler = null;
    keepAlive?.stop();
    keepAlive = null;
    for (const dispose of disposers.splice(0)) dispose();
    stopQuality();
    const agentUa = ua;
    if (agentUa) {
      // Graceful: BYE live calls and un-REGISTER — but never hang on a dead connection.
      await Promise.race([agentUa.stop().catch(noop), new Promise<void>((resolve) => timers.setTimeout(resolve, 3_000))]);
    }
    if (call) endCall(call);
    ua = null;
    registerer = null;
    registerInFlight = false;
    restoreAfterRegister = false;
    lastRegisterFailure = null;
    secureEntry.releaseAll();
    ringer?.dispose();
    ringer = null;
    if (remoteAudio) {
      remoteAudio.pause();
      remoteAudio.srcObject = null;
    }
    config = null;
    dispatch({ type: 'transport', transport: 'disconnected' });
    dispatch({ type: 'registration', status: { kind: 'idle' } });
    lastReportedRegistration = '';
  }

  const phone: Phone = {
    store: uiStore,

    start: (cfg) =>
      command(async () => {
        if (config || ua) await stopEngine();
        stopping = false;
        config = cfg;
        choice = {
          microphoneId: normaliseDeviceId(cfg.devices.microphoneId),
          speakerId: normaliseDeviceId(cfg.devices.speakerId),
          ringerId: normaliseDeviceId(cfg.devices.ringerId),
        };
        publishChoice();
        if (remoteAudio) void applySink(remoteAudio, choice.speakerId).catch(noop);

        disposers.push(media.onDeviceChange(() => void refreshDevices()));
        const online = deps.onlineEvents === undefined ? (typeof window === 'undefined' ? null : window) : deps.onlineEvents;
        if (online) {
          const onOnline = () => phone.nudge('online');
          online.addEventListener('online', onOnline);
          disposers.push(() => online.removeEventListener('online', onOnline));
        }
        void refreshDevices();

        const agentUa = buildUserAgent(cfg);
        if (!agentUa) {
          setRegistration({ kind: 'idle' });
          if (cfg.account) fail('no-account');
          return;
        }
        ua = agentUa;
        scheduler = makeScheduler();
        keepAlive = makeKeepAlive(cfg);
        setRegistration({ kind: 'connecting', attempt: 1 });
        dispatch({ type: 'transport', transport: 'connecting' });
        agentUa.start().catch((error: unknown) => {
          if (ua !== agentUa || stopping) return;
          log('warn', `first connection failed: ${String(error instanceof Error ? error.message : error).slice(0, 120)}`);
          dispatch({ type: 'transport', transport: 'disconnected' });
          scheduler?.schedule();
        });
      }),

    stop: () => command(stopEngine),

    dial: (target) =>
      command(async () => {
        const account = config?.account;
        const agentUa = ua;
        if (!account || !agentUa) return fail('no-account');
        if (call) return fail('busy');
        const parsed = dialTarget(target, account.domain);
        const uri = parsed ? UserAgent.makeURI(parsed.uri) : undefined;
        if (!parsed || !uri) return fail('bad-target');
        if (!agentUa.isConnected()) return fail('not-connected');
        const inviter = new Inviter(agentUa, uri, {
          sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
          sessionDescriptionHandlerModifiers: modifiers,
          sessionDescriptionHandlerModifiersReInvite: modifiers,
        });
        const ctx = newCall(inviter, 'outbound', { number: parsed.number, displayName: null, source: 'from' }, 'dialing');
        call = ctx;
        watchCall(ctx);
        publishCall();
        report({ type: 'call-started', callId: ctx.id, direction: 'outbound', number: parsed.number, name: null, callerIdSource: 'from' });
        await inviter
          .invite({
            requestDelegate: {
              onProgress: (response) => {
                const status = response.message.statusCode ?? 0;
                if ((status === 180 || status === 183) && ctx.phase === 'dialing') {
                  ctx.phase = 'alerting';
                  publishCall();
                }
              },
              onReject: (response) => {
                ctx.failure = String(response.message.statusCode ?? 0);
              },
            },
          })
          .catch(() => {
            ctx.failure ??= 'local';
          });
      }),

    answer: () =>
      command(async () => {
        const ctx = call;
        if (!ctx || !(ctx.session instanceof Invitation) || ctx.session.state !== SessionState.Initial) return fail('no-call');
        ringer?.stop();
        ctx.session.sessionDescriptionHandlerModifiersReInvite = modifiers;
        await ctx.session
          .accept({
            sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
            sessionDescriptionHandlerModifiers: modifiers,
          })
          .catch(() => fail('answer-failed'));
      }),

    reject: () =>
      command(async () => {
        const ctx = call;
        if (!ctx || !(ctx.session instanceof Invitation) || ctx.session.state !== SessionState.Initial) return fail('no-call');
        ctx.rejectedByUs = true;
        ringer?.stop();
        await ctx.session.reject({ statusCode: BUSY });
      }),

    hangup: () =>
      command(async () => {
        const ctx = call;
        if (!ctx || ctx.ended) return fail('no-call');
        const consult = ctx.consult;
        if (consult) {
          ctx.consult = null;
          await endSession(consult.session).catch(noop);
        }
        await endSession(ctx.session, ctx);
        // Without a connection no final answer will come (CANCEL, reject): the call ends here.
        if (ctx.session.state === SessionState.Terminated || !connected()) endCall(ctx);
      }),

    hold: (on) =>
      command(async () => {
        const ctx = established();
        if (!ctx) return;
        if (ctx.phase !== 'connected' && ctx.phase !== 'held') return fail('hold-failed');
        await holdCall(ctx, on);
      }),

    mute(on) {
      const ctx = call;
      if (!ctx || ctx.ended) return;
      ctx.muted = on;
      applyTracks(ctx);
      publishCall();
    },

    sendDtmf: (tones) =>
      command(async () => {
        const digits = tones.toUpperCase();
        if (digits === '' || digits.length > 32 || ![...digits].every(isDtmfTone)) return fail('bad-dtmf');
        const ctx = established();
        if (!ctx) return;
        // Keys go to whoever the agent is talking to: the consulted party while consulting.
        const leg: Leg = ctx.consult && ctx.consult.session.state === SessionState.Established ? ctx.consult : ctx;
        if (config?.dtmfMode === 'info') {
          for (const tone of digits) {
            await leg.session.info({
              requestOptions: {
                body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=${DTMF_INFO_DURATION_MS}` },
              },
            });
          }
          return;
        }
        const sdh = sdhOf(leg.session);
        if (!sdh || !sdh.sendDtmf(digits, { duration: 100, interToneGap: 70 })) fail('dtmf-failed');
      }),

    blindTransfer: (target) =>
      command(async () => {
        const ctx = established();
        if (!ctx) return;
        const parsed = config?.account ? dialTarget(target, config.account.domain) : null;
        const uri = parsed ? UserAgent.makeURI(parsed.uri) : undefined;
        if (!parsed || !uri) return fail('bad-target');
        if (ctx.phase === 'transferring' || ctx.phase === 'reconnecting') return fail('transfer-failed');
        await transfer(ctx, 'blind', uri, parsed.number);
      }),

    startConsult: (target) =>
      command(async () => {
        const ctx = established();
        const agentUa = ua;
        if (!ctx || !agentUa) return;
        if (ctx.consult) return fail('busy');
        const parsed = config?.account ? dialTarget(target, config.account.domain) : null;
        const uri = parsed ? UserAgent.makeURI(parsed.uri) : undefined;
        if (!parsed || !uri) return fail('bad-target');
        if (!(await holdCall(ctx, true))) return;
        if (ctx.ended) return;
        const inviter = new Inviter(agentUa, uri, {
          sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
          sessionDescriptionHandlerModifiers: modifiers,
          sessionDescriptionHandlerModifiersReInvite: modifiers,
        });
        const consult: NonNullable<CallContext['consult']> = { session: inviter, phase: 'dialing', number: parsed.number, restoreAttempt: 0, restoreTimer: null };
        ctx.consult = consult;
        inviter.delegate = { onInfo: (info) => onInfo(ctx, consult, info) };
        inviter.stateChange.addListener((state) => {
          if (state === SessionState.Established) {
            consult.phase = 'connected';
            if (ctx.consult === consult) playLeg(consult);
            applyTracks(ctx);
            publishCall();
          } else if (state === SessionState.Terminated) {
            cancelRestore(consult);
            if (ctx.consult !== consult) return;
            ctx.consult = null;
            if (!ctx.ended) {
              playLeg(ctx);
              if (ctx.phase === 'transferring') return;
              fail(consult.phase === 'connected' ? 'consult-ended' : 'consult-failed');
              publishCall();
            }
          }
        });
        publishCall();
        await inviter
          .invite({
            requestDelegate: {
              onProgress: (response) => {
                const status = response.message.statusCode ?? 0;
                if ((status === 180 || status === 183) && consult.phase === 'dialing') {
                  consult.phase = 'alerting';
                  publishCall();
                }
              },
            },
          })
          .catch(noop);
      }),

    completeAttendedTransfer: () =>
      command(async () => {
        const ctx = established();
        if (!ctx) return;
        const consult = ctx.consult;
        if (!consult || consult.session.state !== SessionState.Established) return fail('consult-failed');
        if (ctx.phase === 'transferring' || ctx.phase === 'reconnecting') return fail('transfer-failed');
        // REFER to the customer with Replaces naming our dialog with the consulted party.
        await transfer(ctx, 'attended', consult.session, consult.number);
      }),

    cancelConsult: () =>
      command(async () => {
        const ctx = call;
        const consult = ctx?.consult;
        if (!ctx || !consult) return fail('no-call');
        ctx.consult = null;
        cancelRestore(consult);
        await endSession(consult.session).catch(noop);
        playLeg(ctx);
        publishCall();
        // Back to the customer.
        if (ctx.held && ctx.session.state === SessionState.Established) await holdCall(ctx, false);
      }),

    setAgentState(state, reason?: NotReadyReason) {
      agentEvent({ type: 'set', state, reason: reason ?? null, at: deps.now(), wrapUpSeconds: config?.wrapUpSeconds ?? 0 });
    },

    selectDevice: (kind, deviceId) =>
      command(async () => {
        const id = normaliseDeviceId(deviceId);
        const key = kind === 'microphone' ? 'microphoneId' : kind === 'speaker' ? 'speakerId' : 'ringerId';
        choice = { ...choice, [key]: id };
        publishChoice();
        deps.onDevicesChosen?.({ ...choice });
        try {
          if (kind === 'speaker') await applySink(output(), id);
          else if (kind === 'ringer') await ring().setDevice(id);
          else if (call && !call.ended) {
            for (const leg of legsOf(call)) {
              if (leg.session.state === SessionState.Established) await switchMicrophone(leg.session, !call.held && !call.muted);
            }
          }
        } catch {
          fail('device-failed');
        }
      }),

    attachSecureEntry: (consumer) => secureEntry.attach(consumer),

    nudge(reason) {
      if (!ua || stopping || !scheduler) return;
      log('warn', `re-registering now (${reason})`);
      scheduler.reset();
      if (connected()) {
        // A connection that slept through a suspend is often half-open: probe it too.
        keepAlive?.probe();
        registerNow().catch(() => scheduler?.schedule());
      } else {
        scheduler.now();
      }
    },
  };

  return phone;
}
