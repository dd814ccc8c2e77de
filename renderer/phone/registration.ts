// Keeping the agent reachable: the UserAgent's transport, its registration and the status the UI
// shows (connecting with attempt and next retry, registered, failed). Transport loss → retry with
// full-jitter backoff forever; every (re)connect re-registers; OPTIONS keep-alive catches
// half-open connections; `online` and OS resume retry at once (sip-lab.md pitfalls 6 and 7).
// It never gives up, and never reports the same status to main twice in a row.
import type { Invitation, UserAgent } from 'sip.js';
import type { PhoneConfig } from '../../common/phone.js';
import { errorText, noop, type EngineContext } from './engine-context.js';
import {
  createKeepAlive,
  createRetryScheduler,
  type KeepAlive,
  type RetryScheduler,
} from './reconnect.js';
import { createRegistrar, type Registrar } from './registrar.js';
import type { RegistrationStatus } from './types.js';
import { createUserAgent, sendOptions } from './user-agent.js';

/** How long stop() waits for sip.js to BYE and un-REGISTER before it lets go. */
const STOP_GRACE_MS = 3_000;

export interface RegistrationHooks {
  /** The local audio every call sends. */
  microphone(): Promise<MediaStream>;
  onInvite(invitation: Invitation): void;
  /** The transport dropped; the retry is planned right after. */
  onTransportLost(): void;
  /** Every 200 to our REGISTER (also after a reconnect, when sip.js stays silent). */
  onRegistered(): void;
}

export interface Registration {
  /** Build the UserAgent and connect; false (and idle) when the account is unusable. */
  start(cfg: PhoneConfig): boolean;
  /** No more retries; BYE and un-REGISTER, but never hang on a dead connection. */
  halt(): Promise<void>;
  /** Forget the UserAgent; show idle and disconnected. */
  reset(): void;
  /** `online` or OS resume: re-register now, backoff reset. */
  nudge(reason: 'online' | 'resume'): void;
  userAgent(): UserAgent | null;
  connected(): boolean;
  stopping(): boolean;
}

/** The registration status in PhoneState, reported to main only when it changes. */
function createStatus(ctx: EngineContext) {
  let kind: RegistrationStatus['kind'] = 'idle';
  let lastReported = '';
  const set = (status: RegistrationStatus) => {
    kind = status.kind;
    ctx.dispatch({ type: 'registration', status });
    if (status.kind === 'idle') return;
    const reason = status.kind === 'failed' ? status.reason : undefined;
    const key = `${status.kind}|${reason ?? ''}`;
    if (key === lastReported) return;
    lastReported = key;
    const event = { type: 'registration', status: status.kind } as const;
    ctx.report(reason === undefined ? event : { ...event, reason });
  };
  return {
    get kind() {
      return kind;
    },
    set,
    clear() {
      set({ kind: 'idle' });
      lastReported = '';
    },
  };
}

/** OPTIONS pings on the agent's connection; a dead one is dropped, so the retry takes over. */
const keepAliveFor = (ctx: EngineContext, cfg: PhoneConfig, ua: () => UserAgent | null) =>
  createKeepAlive({
    intervalMs: cfg.keepAliveSeconds * 1000,
    timeoutMs: Math.min(10_000, Math.max(2_000, (cfg.keepAliveSeconds * 1000) / 2)),
    timers: ctx.timers,
    ping: () => sendOptions(ua(), ctx.config()?.account?.domain),
    onDead: (reason) => {
      ctx.log('warn', `${reason}: reconnecting`);
      // Disconnecting fires onDisconnect (the transport was up), which schedules the retry.
      void ua()?.transport.disconnect().catch(noop);
    },
  });

export function createRegistration(ctx: EngineContext, hooks: RegistrationHooks): Registration {
  const status = createStatus(ctx);
  let ua: UserAgent | null = null;
  let registrar: Registrar | null = null;
  let stopping = false;
  let scheduler: RetryScheduler | null = null;
  let keepAlive: KeepAlive | null = null;

  const connected = (): boolean => ua !== null && ua.isConnected();
  const registerNow = (): Promise<void> => registrar?.register() ?? Promise.resolve();
  const transport = (state: 'connecting' | 'connected' | 'disconnected') =>
    ctx.dispatch({ type: 'transport', transport: state });

  /** One recovery try: reconnect the transport (onConnect then registers), or re-register. */
  async function recover(): Promise<void> {
    const agentUa = ua;
    if (!agentUa || stopping) return;
    if (agentUa.isConnected()) return registerNow();
    transport('connecting');
    try {
      await agentUa.reconnect();
    } catch (error) {
      if (ua === agentUa) transport('disconnected');
      throw error;
    }
  }

  function onConnect() {
    if (stopping || !ua) return;
    transport('connected');
    keepAlive?.start();
    // Not from inside sip.js's transport state transition.
    void Promise.resolve().then(() => registerNow().catch(() => scheduler?.schedule()));
  }

  function onDisconnect(error?: Error) {
    if (stopping || !ua) return;
    transport('disconnected');
    keepAlive?.stop();
    if (error) ctx.log('warn', `transport lost: ${error.message.slice(0, 120)}`);
    hooks.onTransportLost();
    scheduler?.schedule();
  }

  function onRegistered() {
    scheduler?.reset();
    if (status.kind !== 'registered') status.set({ kind: 'registered', since: ctx.now() });
    hooks.onRegistered();
  }

  const makeScheduler = (): RetryScheduler =>
    createRetryScheduler({
      now: ctx.now,
      random: ctx.random,
      timers: ctx.timers,
      attempt: recover,
      onScheduled: (attempt, at) => {
        const reason = registrar?.lastFailure ?? 'registration failed';
        if (connected()) status.set({ kind: 'failed', reason, nextRetryAt: at });
        else status.set({ kind: 'connecting', attempt, nextRetryAt: at });
      },
      onAttempt: (attempt) => {
        if (!connected()) status.set({ kind: 'connecting', attempt });
      },
      onFailed: (attempt, error) =>
        ctx.log('warn', `recovery attempt ${attempt} failed: ${errorText(error)}`),
    });

  return {
    start(cfg) {
      stopping = false;
      const { microphone, onInvite } = hooks;
      const agentUa = createUserAgent(cfg, {
        log: ctx.log,
        microphone,
        onConnect,
        onDisconnect,
        onInvite,
      });
      if (!agentUa) {
        status.set({ kind: 'idle' });
        return false;
      }
      ua = agentUa;
      const current = () => ua === agentUa;
      const onLost = () => scheduler?.schedule();
      registrar = createRegistrar(agentUa, {
        stopping: () => stopping,
        current,
        onRegistered,
        onLost,
      });
      scheduler = makeScheduler();
      keepAlive = keepAliveFor(ctx, cfg, () => ua);
      status.set({ kind: 'connecting', attempt: 1 });
      transport('connecting');
      agentUa.start().catch((error: unknown) => {
        if (!current() || stopping) return;
        ctx.log('warn', `first connection failed: ${errorText(error)}`);
        transport('disconnected');
        scheduler?.schedule();
      });
      return true;
    },
    async halt() {
      stopping = true;
      scheduler?.cancel();
      scheduler = null;
      keepAlive?.stop();
      keepAlive = null;
      const agentUa = ua;
      if (!agentUa) return;
      const stopped = agentUa.stop().catch(noop);
      const grace = new Promise<void>((resolve) => ctx.timers.setTimeout(resolve, STOP_GRACE_MS));
      await Promise.race([stopped, grace]);
    },
    reset() {
      ua = null;
      registrar = null;
      transport('disconnected');
      status.clear();
    },
    nudge(reason) {
      if (!ua || stopping || !scheduler) return;
      ctx.log('warn', `re-registering now (${reason})`);
      scheduler.reset();
      if (connected()) {
        // A connection that slept through a suspend is often half-open: probe it too.
        keepAlive?.probe();
        registerNow().catch(() => scheduler?.schedule());
      } else {
        scheduler.now();
      }
    },
    userAgent: () => ua,
    connected,
    stopping: () => stopping,
  };
}
