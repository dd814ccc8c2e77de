import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../../common/phone.js';
import { initialAgentStatus } from '../../../../common/agent-state.js';
import {
  createPhoneStore,
  HISTORY_LIMIT,
  initialPhoneState,
  phoneReducer,
} from '../../../../renderer/phone/state.js';

const record = (n: number): CallRecord => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  direction: 'inbound',
  number: String(1000 + n),
  name: null,
  startedAt: new Date(Date.UTC(2025, 0, 1, 9, 0, n)).toISOString(),
  durationSeconds: n,
  outcome: 'answered',
  quality: null,
});

describe('phoneReducer', () => {
  const initial = initialPhoneState({ agent: initialAgentStatus(1), history: [record(1)] });

  it('starts idle with main’s history', () => {
    expect(initial).toMatchObject({
      registration: { kind: 'idle' },
      transport: 'disconnected',
      call: null,
      secureEntry: null,
      history: [record(1)],
    });
    expect(initial.agent).toEqual({
      state: 'ready',
      reason: null,
      since: 1,
      wrapUpEndsAt: null,
      declinedWhileNotReady: 0,
    });
  });

  it('keeps the newest HISTORY_LIMIT calls, newest first', () => {
    let state = initial;
    for (let n = 2; n <= HISTORY_LIMIT + 5; n += 1)
      state = phoneReducer(state, { type: 'history-recorded', record: record(n) });
    expect(state.history).toHaveLength(HISTORY_LIMIT);
    expect(state.history[0]!.number).toBe(String(1000 + HISTORY_LIMIT + 5));
  });

  it('returns the same state for no-op updates', () => {
    expect(phoneReducer(initial, { type: 'registration', status: { kind: 'idle' } })).toBe(initial);
    expect(phoneReducer(initial, { type: 'transport', transport: 'disconnected' })).toBe(initial);
    expect(phoneReducer(initial, { type: 'error-dismissed' })).toBe(initial);
    expect(phoneReducer(initial, { type: 'notice-dismissed' })).toBe(initial);
  });
});

describe('createPhoneStore', () => {
  it('lets the UI dismiss, and nothing else', () => {
    const { store, uiStore } = createPhoneStore(
      initialPhoneState({ agent: initialAgentStatus(1) }),
    );
    store.dispatch({ type: 'error', error: { key: 'busy' } });
    store.dispatch({
      type: 'devices',
      devices: { notice: { kind: 'microphone-fallback', label: 'Headset' } },
    });
    const before = uiStore.getState();
    uiStore.dispatch({ type: 'call-ended', callId: 'x', record: record(9) });
    uiStore.dispatch(null);
    uiStore.dispatch({ type: 'registration', status: { kind: 'registered', since: 1 } });
    expect(uiStore.getState()).toBe(before);
    uiStore.dispatch({ type: 'error-dismissed' });
    uiStore.dispatch({ type: 'notice-dismissed' });
    expect(uiStore.getState()).toMatchObject({ lastError: null, devices: { notice: null } });
  });
});
