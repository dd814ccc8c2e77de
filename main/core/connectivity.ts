// Connectivity (Art. 12, 25): one view of the links the desk depends on — the records service,
// the SIP registration, the OS — shown to the agent at all times and used to switch the panel to
// the outage procedure. Clock and timers are parameters (style.md §4).
import type { Connectivity, ConnectivityStateName, LinkStatus } from '../../common/connectivity.js';
import { DEVICE_REFUSALS, type DeviceRefusal } from '../../common/devices-api.js';
import type { PhoneEvent } from '../../common/phone.js';
import { silentLogger, type Logger } from './logger.js';
import type { RecordsClient } from './records-client.js';
import { isUnreachable } from './records-http.js';
import type { JournalSync, Timers } from './journal/index.js';

export const PROBE_UP_INTERVAL_MS = 10_000;
export const PROBE_DOWN_INTERVAL_MS = 3_000;

export interface ConnectivityTiming {
  upIntervalMs: number;
  downIntervalMs: number;
}

export interface ConnectivityOptions {
  /** Resolves when the records service answers healthy; throws otherwise. */
  probe: () => Promise<unknown>;
  sync: Pick<JournalSync, 'state' | 'subscribe' | 'kick'>;
  logger?: Logger;
  now?: () => Date;
  timers?: Timers;
  timing?: Partial<ConnectivityTiming>;
}

export interface ConnectivityMonitor {
  state(): Connectivity;
  /** Called on every change (links, state, backlog); returns the unsubscribe. */
  subscribe(listener: (state: Connectivity) => void): () => void;
  /** The outcome of any call to the records service: answered (true) or unreachable (false). */
  reportRecords(reachable: boolean): void;
  /** The phone engine's registration report; null when nobody is signed in. */
  reportSip(status: Extract<PhoneEvent, { type: 'registration' }>['status'] | null): void;
  /** What the OS says; shown, and a change makes the monitor probe now — never a verdict. */
  reportOs(online: boolean): void;
  /** Probes now (e.g. after a failed call), unless a probe is in flight. */
  probeNow(): void;
  start(): void;
  stop(): void;
}

/**
 * From evidence only: the state follows what answered and what did not. The OS's `offline` is a
 * guess (a VPN, a captive adapter, a namespace with only loopback all say offline while the
 * records service answers), so it is not an input here — it makes the monitor look again.
 */
export function deriveState(links: {
  records: LinkStatus;
  sip: LinkStatus;
}): ConnectivityStateName {
  const recordsDown = links.records === 'down';
  const sipDown = links.sip === 'down';
  if (recordsDown && sipDown) return 'offline';
  if (recordsDown || sipDown) return 'degraded';
  return 'online';
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

// - records: `/health` is probed every `upIntervalMs` while it answers and every `downIntervalMs`
//   while it does not; every call the desk makes to it (the panel's checks, the journal's batches)
//   also counts — a refused connection marks it down at once, without waiting for the next probe.
//   Down → up kicks the journal sync so the backlog drains at once.
// - sip: the phone engine's registration reports (registered = up; connecting after being up, or
//   failed = down); unknown while nobody is signed in.
// - os: what the page reports (`navigator.onLine`), shown but never a verdict: a change either way
//   probes at once (back online also kicks the sync), and the answer decides.
// The state is offline when neither link answers, degraded when one does not, else online. An
// unknown link counts as up for the state (it has not failed) but shows as unknown.
export function createConnectivityMonitor(options: ConnectivityOptions): ConnectivityMonitor {
  const { sync } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const timers = options.timers ?? realTimers;
  const timing: ConnectivityTiming = {
    upIntervalMs: PROBE_UP_INTERVAL_MS,
    downIntervalMs: PROBE_DOWN_INTERVAL_MS,
    ...options.timing,
  };

  let records: LinkStatus = 'unknown';
  let sip: LinkStatus = 'unknown';
  let os: 'online' | 'offline' = 'online';
  let lastSyncedAt: string | null = null;
  let state: ConnectivityStateName = 'online';
  let since = now().toISOString();
  let running = false;
  let probing = false;
  let timer: unknown = null;
  const broadcast = createBroadcast(logger);
  let offSync: (() => void) | null = null;

  const snapshot = (): Connectivity => {
    const s = sync.state();
    return {
      state,
      records,
      sip,
      os,
      backlog: s.backlog,
      deadLettered: s.deadLettered,
      syncRefused: deviceRefusal(s.lastError?.code),
      lastSyncedAt: s.lastSyncedAt ?? lastSyncedAt,
      since,
    };
  };

  const changed = () => {
    const next = deriveState({ records, sip });
    if (next !== state) {
      logger.info({ from: state, to: next, records, sip, os }, 'connectivity changed');
      state = next;
      since = now().toISOString();
    }
    broadcast.publish(snapshot());
  };

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void probe();
    }, ms);
  };

  const setRecords = (next: LinkStatus) => {
    const before = records;
    records = next;
    if (before !== next) {
      if (next === 'down')
        logger.warn({}, 'records service unreachable: outage procedure (Art. 12)');
      if (next === 'up' && before === 'down') {
        logger.info({}, 'records service reachable again: syncing the journal');
        sync.kick();
      }
      // Probe on the rhythm of the new status.
      schedule(next === 'up' ? timing.upIntervalMs : timing.downIntervalMs);
    }
    changed();
  };

  async function probe(): Promise<void> {
    if (!running || probing) return;
    probing = true;
    let reachable: boolean;
    try {
      await options.probe();
      reachable = true;
    } catch {
      reachable = false;
    } finally {
      probing = false;
    }
    if (!running) return;
    const before = records;
    setRecords(reachable ? 'up' : 'down');
    // setRecords reschedules only on a change; keep the rhythm otherwise.
    if (before === records)
      schedule(records === 'up' ? timing.upIntervalMs : timing.downIntervalMs);
  }

  return {
    state: snapshot,
    subscribe(listener) {
      return broadcast.subscribe(listener);
    },
    reportRecords(reachable) {
      setRecords(reachable ? 'up' : 'down');
    },
    reportSip(status) {
      if (status === null) sip = 'unknown';
      else if (status === 'registered') sip = 'up';
      else if (status === 'failed') sip = 'down';
      // connecting: a first registration is not a failure; a re-registration after a drop is.
      else if (sip === 'up') sip = 'down';
      changed();
    },
    reportOs(online) {
      const before = os;
      os = online ? 'online' : 'offline';
      if (before !== os) {
        logger.info({ os }, 'the OS reports a network change: checking the records service now');
        void probe();
        if (online) sync.kick();
      }
      changed();
    },
    probeNow: () => void probe(),
    start() {
      if (running) return;
      running = true;
      offSync = sync.subscribe((event) => {
        if (event.type === 'batch') {
          lastSyncedAt = now().toISOString();
          setRecords('up');
        } else if (event.type === 'retry') {
          // No answer at all, or the service said it is unavailable: the records link is down.
          if (event.status === null && event.code !== 'unauthorized') setRecords('down');
          else if (event.status !== null && event.status >= 500) setRecords('down');
          else changed();
        } else changed();
      });
      void probe();
    },
    stop() {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      offSync?.();
      offSync = null;
    },
  };
}

/**
 * The records client, reporting every call's outcome: a call that got no answer (`unavailable`)
 * marks the link down at once; any answer the service gave — even a refusal, even its 503 for a
 * feature it cannot serve (no SMS gateway) — means the service is there (records-http.ts). Groups
 * of calls (`alerts`) are observed the same way.
 */
export function observeRecords(
  client: RecordsClient,
  report: (reachable: boolean) => void,
): RecordsClient {
  return observeCalls(
    client as unknown as Record<string, unknown>,
    report,
  ) as unknown as RecordsClient;
}

function observeCalls(
  client: Record<string, unknown>,
  report: (reachable: boolean) => void,
): Record<string, unknown> {
  const observed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(client)) {
    if (value !== null && typeof value === 'object') {
      observed[key] = observeCalls(value as Record<string, unknown>, report);
      continue;
    }
    if (typeof value !== 'function') {
      observed[key] = value;
      continue;
    }
    observed[key] = async (...args: unknown[]) => {
      try {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(
          client,
          args,
        );
        report(true);
        return result;
      } catch (error) {
        // `/health` failing in any way is the service down, as for the probe above.
        report(key !== 'health' && !isUnreachable(error));
        throw error;
      }
    };
  }
  return observed;
}

/** Tells every listener of a view that differs from the last one told; a throwing one is logged. */
function createBroadcast(logger: Logger) {
  const listeners = new Set<(state: Connectivity) => void>();
  let last = '';
  return {
    subscribe(listener: (state: Connectivity) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(view: Connectivity): void {
      const key = JSON.stringify(view);
      if (key === last) return;
      last = key;
      for (const listener of [...listeners]) {
        try {
          listener(view);
        } catch (error) {
          logger.warn({ err: (error as Error).message }, 'connectivity listener failed');
        }
      }
    },
  };
}

/**
 * Calls `listener` each time the records service comes back (down or unknown → up); returns the
 * unsubscribe. One edge detector for everything that waits out an outage.
 */
export function onRecordsUp(
  connectivity: Pick<ConnectivityMonitor, 'state' | 'subscribe'>,
  listener: () => void,
): () => void {
  let up = connectivity.state().records === 'up';
  return connectivity.subscribe((view) => {
    const now = view.records === 'up';
    if (now && !up) listener();
    up = now;
  });
}

/** The sync's last error when it is the archive refusing this device (the entries wait here). */
const deviceRefusal = (code: string | undefined): DeviceRefusal | null =>
  DEVICE_REFUSALS.find((refusal) => refusal === code) ?? null;
