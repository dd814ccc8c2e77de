// PhoneState's reducer. The engine owns sip.js and works out what happened; this turns that into
// the snapshot the UI reads. The UI itself may dispatch only the two dismissals below (through
// Phone.store, whose action type is `unknown`): everything else comes from the engine.
import type { CallRecord } from '../../common/phone.js';
import type { AgentStatus } from '../../common/agent-state.js';
import type {
  ActiveCall,
  AgentStateView,
  DeviceState,
  PhoneState,
  RegistrationStatus,
} from './types.js';
import { createStore, type Store } from '../state/store.js';

/** Call history kept in state (main keeps the full history in lowdb). */
export const HISTORY_LIMIT = 100;

export type PhoneUiAction = { type: 'notice-dismissed' } | { type: 'error-dismissed' };

export type PhoneAction =
  | PhoneUiAction
  | { type: 'registration'; status: RegistrationStatus }
  | { type: 'transport'; transport: PhoneState['transport'] }
  | { type: 'call'; call: ActiveCall }
  | { type: 'call-ended'; callId: string; record: CallRecord | null }
  | { type: 'history-recorded'; record: CallRecord }
  | { type: 'agent'; agent: AgentStatus }
  | { type: 'devices'; devices: Partial<DeviceState> }
  | { type: 'secure-entry'; secureEntry: PhoneState['secureEntry'] }
  | { type: 'error'; error: NonNullable<PhoneState['lastError']> };

export function initialPhoneState(options: {
  history?: readonly CallRecord[] | undefined;
  agent: AgentStatus;
}): PhoneState {
  return {
    registration: { kind: 'idle' },
    transport: 'disconnected',
    call: null,
    agent: agentView(options.agent),
    devices: {
      microphones: [],
      speakers: [],
      microphoneId: 'default',
      speakerId: 'default',
      ringerId: 'default',
      notice: null,
    },
    history: (options.history ?? []).slice(0, HISTORY_LIMIT),
    secureEntry: null,
    lastError: null,
  };
}

export function phoneReducer(state: PhoneState, action: PhoneAction): PhoneState {
  switch (action.type) {
    case 'notice-dismissed':
      return state.devices.notice === null
        ? state
        : { ...state, devices: { ...state.devices, notice: null } };
    case 'error-dismissed':
      return state.lastError === null ? state : { ...state, lastError: null };
    case 'registration':
      return sameJson(state.registration, action.status)
        ? state
        : { ...state, registration: action.status };
    case 'transport':
      return state.transport === action.transport
        ? state
        : { ...state, transport: action.transport };
    case 'call':
      return sameJson(state.call, action.call) ? state : { ...state, call: action.call };
    case 'call-ended': {
      if (state.call?.id !== action.callId && action.record === null) return state;
      const call = state.call?.id === action.callId ? null : state.call;
      const history = action.record
        ? [action.record, ...state.history].slice(0, HISTORY_LIMIT)
        : state.history;
      return { ...state, call, history };
    }
    case 'history-recorded':
      return { ...state, history: [action.record, ...state.history].slice(0, HISTORY_LIMIT) };
    case 'agent': {
      const agent = agentView(action.agent);
      return sameJson(state.agent, agent) ? state : { ...state, agent };
    }
    case 'devices': {
      const devices = { ...state.devices, ...action.devices };
      return sameJson(state.devices, devices) ? state : { ...state, devices };
    }
    case 'secure-entry':
      return sameJson(state.secureEntry, action.secureEntry)
        ? state
        : { ...state, secureEntry: action.secureEntry };
    case 'error':
      return { ...state, lastError: action.error };
  }
}

const agentView = ({
  state,
  reason,
  since,
  wrapUpEndsAt,
  declinedWhileNotReady,
}: AgentStatus): AgentStateView => ({
  state,
  reason,
  since,
  wrapUpEndsAt,
  declinedWhileNotReady,
});

const sameJson = (a: unknown, b: unknown): boolean =>
  a === b || JSON.stringify(a) === JSON.stringify(b);

const isUiAction = (action: unknown): action is PhoneUiAction =>
  typeof action === 'object' &&
  action !== null &&
  ((action as { type?: unknown }).type === 'notice-dismissed' ||
    (action as { type?: unknown }).type === 'error-dismissed');

/**
 * The engine's store, and the face of it the UI gets: same state and subscriptions, but a
 * dispatch that accepts only the UI's dismissals (anything else is ignored).
 */
export function createPhoneStore(initial: PhoneState): {
  store: Store<PhoneState, PhoneAction>;
  uiStore: Store<PhoneState, unknown>;
} {
  const store = createStore(phoneReducer, initial);
  const uiStore: Store<PhoneState, unknown> = {
    getState: store.getState,
    subscribe: store.subscribe,
    dispatch(action) {
      if (isUiAction(action)) store.dispatch(action);
    },
  };
  return { store, uiStore };
}
