// The simulated desks of bench-reregister (one worker thread's share): each desk is the product's
// own registration code (renderer/phone/registration.ts: sip.js UserAgent, registrar, reconnect
// schedule, keep-alive) in Node over the `ws` package. Every SIP reply the proxy sends them is
// counted from the wire, by status code. Bench code only; it never reaches a desk.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { parentPort, type MessagePort } from 'node:worker_threads';
import WebSocket from 'ws';
import { DEFAULT_SHORTCUTS, type PhoneConfig } from '../common/phone.js';
import { globalEngineTimers, noop, type EngineContext } from '../renderer/phone/engine-context.js';
import { createRegistration, type Registration } from '../renderer/phone/registration.js';

export type Phase = 'initial' | 'restart';

/** What came over one worker's WebSockets, per phase. */
export interface Wire {
  /** Final replies by status code (401/407 are the digest challenges, expected). */
  replies: Record<Phase, Record<number, number>>;
  /** WebSocket connections opened, and tries that failed (refused, closed before open). */
  opened: Record<Phase, number>;
  failed: Record<Phase, number>;
  /** Failed tries started after the proxy was listening again. */
  failedAfterBack: number;
}

export interface DeskWorkerData {
  role: 'reregister-desks';
  /** Index of this worker's first desk among all desks. */
  first: number;
  accounts: { user: string; password: string }[];
  wsUrl: string;
  domain: string;
}

/** main → worker */
export type ToDesks =
  { type: 'phase'; phase: Phase; backAt: number | null } | { type: 'report' } | { type: 'stop' };
/** worker → main */
export type FromDesks =
  | { type: 'registered'; desk: number; at: number }
  | { type: 'report'; wire: Wire; loopDelayP99Ms: number; busy: number }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

const STATUS_LINE = /^SIP\/2\.0 (\d{3}) /;

export function newWire(): Wire {
  return {
    replies: { initial: {}, restart: {} },
    opened: { initial: 0, restart: 0 },
    failed: { initial: 0, restart: 0 },
    failedAfterBack: 0,
  };
}

/**
 * A `ws` WebSocket that counts what it sees, put where sip.js looks for the browser's (Node 20 has
 * none of its own). `state()` says which phase a connection belongs to when it is made.
 */
function countingWebSocket(wire: Wire, state: () => { phase: Phase; backAt: number | null }) {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      const { phase, backAt } = state();
      let open = false;
      this.on('open', () => {
        open = true;
        wire.opened[phase] += 1;
      });
      this.on('error', noop);
      this.on('close', () => {
        if (open) return;
        wire.failed[phase] += 1;
        if (backAt !== null) wire.failedAfterBack += 1;
      });
      this.on('message', (data, isBinary) => {
        if (isBinary) return;
        const code = STATUS_LINE.exec(data.toString().slice(0, 40))?.[1];
        if (!code) return;
        const counts = wire.replies[state().phase];
        counts[Number(code)] = (counts[Number(code)] ?? 0) + 1;
      });
    }
  };
}

function deskConfig(data: DeskWorkerData, user: string, password: string): PhoneConfig {
  return {
    account: { user, password, domain: data.domain, wsUrl: data.wsUrl },
    iceServers: [],
    trustedProxies: [data.domain],
    dtmfMode: 'info',
    keepAliveSeconds: 30,
    wrapUpSeconds: 0,
    shortcuts: DEFAULT_SHORTCUTS,
    devices: { microphoneId: '', speakerId: '', ringerId: '' },
  };
}

/** One desk: the product's registration, with a context that keeps nothing but the 200s. */
function startDesk(cfg: PhoneConfig, onRegistered: (at: number) => void): Registration {
  const ctx: EngineContext = {
    dispatch: noop,
    report: noop,
    fail: noop,
    log: noop,
    now: () => Date.now(),
    random: Math.random,
    uuid: randomUUID,
    timers: globalEngineTimers,
    config: () => cfg,
  };
  const registration = createRegistration(ctx, {
    microphone: () => Promise.reject(new Error('no microphone in the bench')),
    onInvite: (invitation) => void invitation.reject().catch(noop),
    onTransportLost: noop,
    onRegistered: () => onRegistered(Date.now()),
  });
  if (!registration.start(cfg)) throw new Error(`desk ${cfg.account?.user}: unusable account`);
  return registration;
}

/** A worker's life: start its desks, follow the phases main announces, report, stop. */
export function runDeskWorker(data: DeskWorkerData, port: MessagePort | null = parentPort): void {
  if (!port) throw new Error('runDeskWorker: not in a worker');
  const send = (message: FromDesks) => port.postMessage(message);
  const wire = newWire();
  const state: { phase: Phase; backAt: number | null } = { phase: 'initial', backAt: null };
  (globalThis as { WebSocket?: unknown }).WebSocket = countingWebSocket(wire, () => state);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let busySince: EventLoopUtilization | null = null;
  let desks: Registration[] = [];
  try {
    desks = data.accounts.map((a, i) =>
      startDesk(deskConfig(data, a.user, a.password), (at) =>
        send({ type: 'registered', desk: data.first + i, at }),
      ),
    );
  } catch (error) {
    send({ type: 'error', message: String(error instanceof Error ? error.message : error) });
  }
  port.on('message', (message: ToDesks) => {
    if (message.type === 'phase') {
      state.phase = message.phase;
      state.backAt = message.backAt;
      if (message.backAt !== null) {
        loop.enable();
        busySince = performance.eventLoopUtilization();
      }
    } else if (message.type === 'report') {
      loop.disable();
      const p99 = loop.count > 0 ? loop.percentile(99) / 1e6 : 0;
      const busy = busySince ? performance.eventLoopUtilization(busySince).utilization : 0;
      send({ type: 'report', wire: structuredClone(wire), loopDelayP99Ms: p99, busy });
    } else {
      void Promise.all(desks.map((d) => d.halt().catch(noop))).then(() => {
        for (const d of desks) d.reset();
        send({ type: 'stopped' });
        port.close();
      });
    }
  });
}
