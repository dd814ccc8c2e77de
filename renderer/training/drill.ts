// The Art. 12 drill on the training line: a scenario may have the records service "go down" from
// a point of the call (`outageAfter`). The panel then sees the records service unreachable — its
// outage procedure takes over, as in a real outage — while everything else (the footer's
// indicator, the journal's sync, a live call) keeps the real state. Over when the call ends.
import type { ConnectivityState } from '../connectivity/state.js';
import { createStore, type Store } from '../state/store.js';

export type OutageDrill = Store<boolean, boolean>;

export const createOutageDrill = (): OutageDrill =>
  createStore<boolean, boolean>((_state, on) => on, false);

/** The connectivity the panel follows: the real one, with the records down while drilling. */
export function drilledConnectivity(
  real: Pick<Store<ConnectivityState, unknown>, 'getState' | 'subscribe'>,
  drill: Pick<OutageDrill, 'getState' | 'subscribe'>,
): Pick<Store<ConnectivityState, unknown>, 'getState' | 'subscribe'> {
  return {
    getState() {
      const state = real.getState();
      if (!drill.getState() || !state.current) return state;
      return { ...state, current: { ...state.current, records: 'down' } };
    },
    subscribe(listener) {
      const offs = [real.subscribe(listener), drill.subscribe(listener)];
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
