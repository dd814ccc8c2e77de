// Connectivity's side effects: ask main once at start, follow `connectivity:changed`, and
// tell main what the OS thinks (`navigator.onLine` and the window's online/offline events) — main
// cannot see the page's view in the web host, and in Electron it is the quickest signal there is.
// The page is a parameter (style.md §4) so tests hand in a fake window.
import type { AgentDeskApi, Channel, RequestOf } from '../../common/contract.js';
import { createStore, type Store } from '../state/store.js';
import {
  connectivityReducer,
  initialConnectivity,
  type ConnectivityAction,
  type ConnectivityState,
} from './state.js';

/** The slice of `window` this needs: the browser's own view of the network. */
export interface OsConnectivitySource {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export interface ConnectivityControllerOptions {
  api: AgentDeskApi;
  page: OsConnectivitySource;
}

export interface ConnectivityController {
  readonly store: Store<ConnectivityState, ConnectivityAction>;
  /** Subscribes, asks, and reports the OS's view; returns the function that stops. Call once. */
  start(): () => void;
}

type Asking = Extract<Channel, 'connectivity:get' | 'connectivity:os'>;

export function createConnectivityController({
  api,
  page,
}: ConnectivityControllerOptions): ConnectivityController {
  const store = createStore(connectivityReducer, initialConnectivity);

  // Main pushes every change, so a push is never older than an answer to a request sent before it:
  // such an answer is dropped, and so is one overtaken by the answer to a later request.
  let sent = 0;
  let applied = 0;

  const ask = async <C extends Asking>(channel: C, request: RequestOf<C>): Promise<void> => {
    const mine = ++sent;
    const result = await api.invoke<Asking>(channel, request);
    if (!result.ok) {
      if (channel === 'connectivity:get')
        store.dispatch({ type: 'failed', code: result.error.code });
      return;
    }
    if (mine <= applied) return;
    applied = mine;
    store.dispatch({ type: 'loaded', connectivity: result.value });
  };

  const reportOs = () => void ask('connectivity:os', { online: page.navigator.onLine });

  return {
    store,
    start() {
      const off = api.on('connectivity:changed', (connectivity) => {
        applied = sent;
        store.dispatch({ type: 'loaded', connectivity });
      });
      page.addEventListener('online', reportOs);
      page.addEventListener('offline', reportOs);
      void ask('connectivity:get', {});
      reportOs();
      return () => {
        off();
        page.removeEventListener('online', reportOs);
        page.removeEventListener('offline', reportOs);
      };
    },
  };
}
