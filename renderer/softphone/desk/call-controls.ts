// The agent's hands on the running engine: answer, reject, hang up, hold, mute, keypad tones,
// transfer (blind and attended), the agent state and the devices. Each is a no-op while no engine
// runs. Keypad tones are sent and never kept; a transfer target that is not a number is refused
// here, before the engine sees it.
import { normalizeDialTarget } from '../../../common/dial.js';
import type { Phone } from '../../phone/types.js';
import type { Store } from '../../state/store.js';
import type { DeskAction, DeskState } from '../desk-state.js';
import { parseAgentStateValue } from '../view.js';

export type DeviceKind = 'microphone' | 'speaker' | 'ringer';

export interface CallControls {
  answer(): void;
  reject(): void;
  hangup(): void;
  toggleHold(): void;
  toggleMute(): void;
  sendTone(tone: string): void;
  setKeypadOpen(open: boolean): void;
  setTransferOpen(open: boolean): void;
  setTransferTarget(text: string): void;
  blindTransfer(): void;
  startConsult(): void;
  completeTransfer(): void;
  cancelConsult(): void;
  setAgentState(value: string): void;
  selectDevice(kind: DeviceKind, deviceId: string): void;
  dismissPhoneError(): void;
  dismissDeviceNotice(): void;
}

export function createCallControls(options: {
  store: Store<DeskState, DeskAction>;
  phone(): Phone | null;
}): CallControls {
  const { store } = options;
  const dispatch = (action: DeskAction) => store.dispatch(action);
  const call = () => options.phone()?.store.getState().call ?? null;

  const transferTarget = (): string | null => {
    const target = normalizeDialTarget(store.getState().transfer.target);
    if (!target) dispatch({ type: 'transfer-problem', problem: 'invalid' });
    return target;
  };

  return {
    answer: () => void options.phone()?.answer(),
    reject: () => void options.phone()?.reject(),
    hangup: () => void options.phone()?.hangup(),
    toggleHold() {
      const phone = options.phone();
      const current = call();
      if (phone && current) void phone.hold(current.phase !== 'held');
    },
    toggleMute() {
      const phone = options.phone();
      const current = call();
      if (phone && current) phone.mute(!current.muted);
    },
    sendTone(tone) {
      if (/^[0-9*#]$/.test(tone)) void options.phone()?.sendDtmf(tone);
    },
    setKeypadOpen: (open) => dispatch({ type: 'keypad-open', open }),

    setTransferOpen: (open) => dispatch({ type: 'transfer-open', open }),
    setTransferTarget: (text) => dispatch({ type: 'transfer-target', target: text }),
    blindTransfer() {
      const target = transferTarget();
      const phone = options.phone();
      if (target && phone) {
        void phone.blindTransfer(target);
        dispatch({ type: 'transfer-open', open: false });
      }
    },
    startConsult() {
      const target = transferTarget();
      const phone = options.phone();
      if (target && phone) void phone.startConsult(target);
    },
    completeTransfer() {
      const phone = options.phone();
      if (!phone) return;
      void phone.completeAttendedTransfer();
      dispatch({ type: 'transfer-open', open: false });
    },
    cancelConsult: () => void options.phone()?.cancelConsult(),

    setAgentState(value) {
      const parsed = parseAgentStateValue(value);
      const phone = options.phone();
      if (parsed && phone) phone.setAgentState(parsed.state, parsed.reason);
    },
    selectDevice(kind, deviceId) {
      void options.phone()?.selectDevice(kind, deviceId);
    },
    dismissPhoneError: () => options.phone()?.store.dispatch({ type: 'error-dismissed' }),
    dismissDeviceNotice: () => options.phone()?.store.dispatch({ type: 'notice-dismissed' }),
  };
}
