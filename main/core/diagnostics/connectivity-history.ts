// The connectivity history for IT's diagnostics: each up/down transition of the records service
// and the SIP line, with its time, in a bounded ring (the oldest go first). Memory only: it tells
// what happened in this run; the log keeps the longer story.
import type { Connectivity, LinkStatus } from '../../../common/connectivity.js';

export interface LinkTransition {
  at: string;
  link: 'records' | 'sip';
  from: LinkStatus;
  to: LinkStatus;
}

export interface ConnectivityHistory {
  /** Oldest first. */
  list(): LinkTransition[];
  stop(): void;
}

export const CONNECTIVITY_HISTORY_SIZE = 500;

export function recordConnectivityHistory(
  monitor: {
    state(): Connectivity;
    subscribe(listener: (state: Connectivity) => void): () => void;
  },
  now: () => Date,
  size = CONNECTIVITY_HISTORY_SIZE,
): ConnectivityHistory {
  const ring: LinkTransition[] = [];
  let last = monitor.state();
  const push = (transition: LinkTransition) => {
    ring.push(transition);
    if (ring.length > size) ring.splice(0, ring.length - size);
  };
  const off = monitor.subscribe((view) => {
    const at = now().toISOString();
    for (const link of ['records', 'sip'] as const) {
      if (view[link] !== last[link]) push({ at, link, from: last[link], to: view[link] });
    }
    last = view;
  });
  return { list: () => [...ring], stop: off };
}
