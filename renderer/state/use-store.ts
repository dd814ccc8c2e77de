import { useSyncExternalStore } from 'react';
import type { Store } from './store.js';

/** The store's current state; the component re-renders when it changes. */
export function useStore<S>(store: Store<S, never>): S {
  return useSyncExternalStore(store.subscribe, store.getState);
}
