import { useSyncExternalStore } from 'react';
import type { Store } from './store.js';

/**
 * The store's current state; the component re-renders when it changes. The same snapshot serves
 * server rendering, which the component tests use (react-dom/server in plain Node).
 */
export function useStore<S>(store: Store<S, never>): S {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
