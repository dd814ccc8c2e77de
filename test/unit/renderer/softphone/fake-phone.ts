// A stand-in for the engine (renderer/phone/engine.ts) behind the Phone interface: a store the
// test sets directly, and a recorder for every command.
import { vi } from 'vitest';
import type { CallRecord } from '../../../../common/phone.js';
import { createStore } from '../../../../renderer/state/store.js';
import type {
  ActiveCall,
  Phone,
  PhoneState,
  SecureEntryConsumer,
  TrainingCustomerLeg,
  TrainingEndedBy,
} from '../../../../renderer/phone/types.js';

export function phoneState(overrides: Partial<PhoneState> = {}): PhoneState {
  return {
    registration: { kind: 'registered', since: 0 },
    transport: 'connected',
    call: null,
    agent: { state: 'ready', reason: null, since: 0, wrapUpEndsAt: null, declinedWhileNotReady: 0 },
    devices: {
      microphones: [{ deviceId: 'mic-1', label: 'Headset microphone' }],
      speakers: [{ deviceId: 'spk-1', label: 'Headset earpiece' }],
      microphoneId: 'default',
      speakerId: 'default',
      ringerId: 'default',
      notice: null,
    },
    history: [],
    secureEntry: null,
    lastError: null,
    ...overrides,
  };
}

export function activeCall(overrides: Partial<ActiveCall> = {}): ActiveCall {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    sipCallId: 'abc@host',
    line: 'live',
    direction: 'inbound',
    phase: 'connected',
    remote: { number: '13812345678', displayName: '王女士', source: 'pai' },
    startedAt: 1_000,
    answeredAt: 2_000,
    muted: false,
    quality: [],
    qualityWarning: false,
    consult: null,
    ...overrides,
  };
}

export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id: '40000000-0000-4000-8000-000000000001',
    direction: 'inbound',
    number: '13812345678',
    name: '王女士',
    startedAt: '2026-11-26T09:00:00.000Z',
    durationSeconds: 95,
    outcome: 'answered',
    quality: null,
    ...overrides,
  };
}

/** A simulated customer's leg that records what it was asked to do. */
export function fakeTrainingLeg() {
  const ended: ((by: TrainingEndedBy) => void)[] = [];
  return {
    say: vi.fn(async (_url: string) => {}),
    key: vi.fn(async (_digits: string) => {}),
    hangup: vi.fn(async () => {}),
    onEnded: vi.fn((cb: (by: TrainingEndedBy) => void) => void ended.push(cb)),
    stats: vi.fn(async () => ({ sent: 0, received: 0 })),
    /** Test side: the call ends. */
    end: (by: TrainingEndedBy) => ended.splice(0).forEach((cb) => cb(by)),
  } satisfies TrainingCustomerLeg & { end(by: TrainingEndedBy): void };
}

export type FakePhone = Phone & {
  set(state: Partial<PhoneState>): void;
  consumers: SecureEntryConsumer[];
  released: number;
  uiActions: unknown[];
};

export function fakePhone(initial: Partial<PhoneState> = {}): FakePhone {
  const store = createStore<PhoneState, { type: 'set'; state: Partial<PhoneState> }>(
    (state, action) => ({ ...state, ...action.state }),
    phoneState(initial),
  );
  const uiActions: unknown[] = [];
  const phone: FakePhone = {
    store: {
      getState: store.getState,
      subscribe: store.subscribe,
      dispatch: (action: unknown) => void uiActions.push(action),
    },
    uiActions,
    consumers: [],
    released: 0,
    set: (state) => store.dispatch({ type: 'set', state }),
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    stopTakingCalls: vi.fn(async () => true),
    dial: vi.fn(async () => {}),
    answer: vi.fn(async () => {}),
    reject: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    hold: vi.fn(async () => {}),
    mute: vi.fn(),
    sendDtmf: vi.fn(async () => {}),
    blindTransfer: vi.fn(async () => {}),
    startConsult: vi.fn(async () => {}),
    completeAttendedTransfer: vi.fn(async () => {}),
    cancelConsult: vi.fn(async () => {}),
    setAgentState: vi.fn(),
    selectDevice: vi.fn(async () => {}),
    attachSecureEntry: vi.fn((consumer: SecureEntryConsumer) => {
      phone.consumers.push(consumer);
      return () => {
        phone.released += 1;
      };
    }),
    nudge: vi.fn(),
    startTraining: vi.fn(async () => fakeTrainingLeg()),
    stopTraining: vi.fn(async () => {}),
  };
  return phone;
}
