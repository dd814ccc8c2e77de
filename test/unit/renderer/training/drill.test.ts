// The Art. 12 drill on the training line: the panel sees the records service down while drilling,
// from the scenario's `outageAfter` point until the call ends; the real state is left alone.
import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../../common/connectivity.js';
import { createStore } from '../../../../renderer/state/store.js';
import type { ConnectivityState } from '../../../../renderer/connectivity/state.js';
import { recordsUnreachable } from '../../../../renderer/connectivity/state.js';
import { createOutageDrill, drilledConnectivity } from '../../../../renderer/training/drill.js';

const up: Connectivity = {
  state: 'online',
  records: 'up',
  sip: 'up',
  os: 'online',
  backlog: 0,
  deadLettered: 0,
  lastSyncedAt: null,
  since: '2026-12-06T10:00:00.000Z',
} as Connectivity;

describe('the outage drill', () => {
  it('shows the records down while on, and tells the follower each change', () => {
    const real = createStore<ConnectivityState, ConnectivityState>((_s, next) => next, {
      current: up,
      problem: null,
    });
    const drill = createOutageDrill();
    const seen = drilledConnectivity(real, drill);
    let told = 0;
    const off = seen.subscribe(() => (told += 1));
    expect(recordsUnreachable(seen.getState().current)).toBe(false);
    drill.dispatch(true);
    expect(recordsUnreachable(seen.getState().current)).toBe(true);
    expect(real.getState().current?.records).toBe('up');
    drill.dispatch(false);
    expect(recordsUnreachable(seen.getState().current)).toBe(false);
    expect(told).toBe(2);
    off();
  });
});
