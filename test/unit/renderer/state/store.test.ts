import { describe, expect, it, vi } from 'vitest';
import { createStore } from '../../../../renderer/state/store.js';

type Action = { type: 'add'; n: number } | { type: 'noop' };
const reducer = (state: { total: number }, action: Action) =>
  action.type === 'add' ? { total: state.total + action.n } : state;

describe('createStore', () => {
  it('applies the reducer and tells listeners only when the state changed', () => {
    const store = createStore(reducer, { total: 0 });
    const listener = vi.fn();
    const off = store.subscribe(listener);
    store.dispatch({ type: 'add', n: 2 });
    store.dispatch({ type: 'noop' });
    expect(store.getState()).toEqual({ total: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    store.dispatch({ type: 'add', n: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('lets a listener unsubscribe another during a dispatch without skipping anyone', () => {
    const store = createStore(reducer, { total: 0 });
    const calls: string[] = [];
    let offB = () => {};
    store.subscribe(() => {
      calls.push('a');
      offB();
    });
    offB = store.subscribe(() => calls.push('b'));
    store.dispatch({ type: 'add', n: 1 });
    store.dispatch({ type: 'add', n: 1 });
    expect(calls).toEqual(['a', 'b', 'a']);
  });
});
