// Connectivity as main reports it, and a page whose network the test switches (the browser's
// `navigator.onLine` and its online/offline events).
import type { Connectivity } from '../../../../common/connectivity.js';
import type { OsConnectivitySource } from '../../../../renderer/connectivity/controller.js';

export const connectivity = (overrides: Partial<Connectivity> = {}): Connectivity => ({
  state: 'online',
  records: 'up',
  sip: 'up',
  os: 'online',
  backlog: 0,
  deadLettered: 0,
  lastSyncedAt: '2026-11-26T09:00:00.000Z',
  since: '2026-11-26T08:00:00.000Z',
  ...overrides,
});

/** The records service unreachable, the line still up: what the outage procedure is for. */
export const recordsDown = (overrides: Partial<Connectivity> = {}): Connectivity =>
  connectivity({
    state: 'degraded',
    records: 'down',
    since: '2026-11-26T09:10:00.000Z',
    ...overrides,
  });

export interface FakePage extends OsConnectivitySource {
  navigator: { onLine: boolean };
  /** The OS loses or regains the network: `navigator.onLine` changes, then the event fires. */
  go(online: boolean): void;
  listenerCount(): number;
}

export function fakePage(online = true): FakePage {
  const listeners = new Map<string, Set<() => void>>();
  const page: FakePage = {
    navigator: { onLine: online },
    addEventListener(type, listener) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(listener);
    },
    removeEventListener(type, listener) {
      listeners.get(type)?.delete(listener);
    },
    go(next) {
      page.navigator.onLine = next;
      for (const listener of listeners.get(next ? 'online' : 'offline') ?? []) listener();
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
  return page;
}
