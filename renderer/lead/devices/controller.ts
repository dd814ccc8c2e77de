// The devices room's controller (Art. 11): while a lead is signed in, the workstations registered
// with the records service; revoking one asks for a confirmation first, then the service decides
// (it refuses anyone but a lead or admin) and the list is read again.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { DeviceView } from '../../../common/devices-api.js';
import type { ErrorCode } from '../../../common/result.js';
import { createStore, type Store } from '../../state/store.js';
import { followLead, type SessionSource } from '../follow-lead.js';

export interface DevicesState {
  enabled: boolean;
  loading: boolean;
  devices: DeviceView[];
  /** The device whose revocation waits for the lead's confirmation. */
  confirming: string | null;
  /** The device being revoked now. */
  revoking: string | null;
  problem: ErrorCode | null;
  /** A refused revocation: which device and why. */
  revokeProblem: { deviceId: string; code: ErrorCode } | null;
}

export const initialDevices: DevicesState = {
  enabled: false,
  loading: false,
  devices: [],
  confirming: null,
  revoking: null,
  problem: null,
  revokeProblem: null,
};

type Event =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'loading' }
  | { type: 'loaded'; devices: DeviceView[] }
  | { type: 'failed'; code: ErrorCode }
  | { type: 'confirm'; deviceId: string | null }
  | { type: 'revoking'; deviceId: string }
  | { type: 'revoked'; device: DeviceView }
  | { type: 'revoke-failed'; deviceId: string; code: ErrorCode };

function reducer(state: DevicesState, event: Event): DevicesState {
  switch (event.type) {
    case 'enabled':
      return event.enabled ? { ...state, enabled: true } : initialDevices;
    case 'loading':
      return { ...state, loading: true };
    case 'loaded':
      return { ...state, loading: false, devices: event.devices, problem: null };
    case 'failed':
      return { ...state, loading: false, problem: event.code };
    case 'confirm':
      return { ...state, confirming: event.deviceId, revokeProblem: null };
    case 'revoking':
      return { ...state, confirming: null, revoking: event.deviceId };
    case 'revoked':
      return {
        ...state,
        revoking: null,
        devices: state.devices.map((d) =>
          d.deviceId === event.device.deviceId ? event.device : d,
        ),
      };
    case 'revoke-failed':
      return {
        ...state,
        revoking: null,
        revokeProblem: { deviceId: event.deviceId, code: event.code },
      };
  }
}

export interface DevicesController {
  readonly store: Store<DevicesState, Event>;
  start(): () => void;
  refresh(): Promise<void>;
  /** Asks for the confirmation (null: cancel it). */
  confirm(deviceId: string | null): void;
  /** The confirmed revocation. */
  revoke(deviceId: string): Promise<void>;
}

export function createDevicesController(options: {
  api: AgentDeskApi;
  session: SessionSource;
}): DevicesController {
  const { api } = options;
  const store = createStore(reducer, initialDevices);
  let generation = 0;

  const refresh = async () => {
    if (!store.getState().enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const answer = await api.invoke('devices:list', {});
    if (gen !== generation) return;
    if (!answer.ok) return store.dispatch({ type: 'failed', code: answer.error.code });
    store.dispatch({ type: 'loaded', devices: answer.value.devices });
  };

  return {
    store,
    start() {
      return followLead({
        api,
        session: options.session,
        onLead(lead) {
          generation += 1;
          store.dispatch({ type: 'enabled', enabled: lead !== null });
          if (lead !== null) void refresh();
        },
        kinds: new Set(['resync']),
        onEvent: () => void refresh(),
      });
    },
    refresh,
    confirm: (deviceId) => store.dispatch({ type: 'confirm', deviceId }),
    async revoke(deviceId) {
      if (store.getState().confirming !== deviceId) return;
      store.dispatch({ type: 'revoking', deviceId });
      const answer = await api.invoke('devices:revoke', { deviceId });
      if (!answer.ok)
        return store.dispatch({ type: 'revoke-failed', deviceId, code: answer.error.code });
      store.dispatch({ type: 'revoked', device: answer.value });
    },
  };
}
