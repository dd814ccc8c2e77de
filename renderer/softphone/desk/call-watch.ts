// Who else hears about the engine's call: main (`phone:call-active`, once per change, for the
// power blocker), the shell (`callLive`, which holds sign-out back, from the task after the call
// starts ringing) and the desktop notification of a ringing call while the window is not focused.
// The notification must never carry more of the caller than the last digits of the number.
import { lastDigits } from '../../../common/dial.js';
import type { AgentDeskApi } from '../../../common/contract.js';
import type { PhoneState } from '../../phone/types.js';
import { createStore, type Store } from '../../state/store.js';
import type { IncomingNotifier, NotificationText } from '../notifications.js';
import { isCallConnected, isRinging } from '../view.js';

export interface CallWatchOptions {
  api: AgentDeskApi;
  notifier: IncomingNotifier;
  notificationText?: (digits: string) => NotificationText;
  hasFocus(): boolean;
}

export interface CallWatch {
  /** A call is ringing or under way (from the task after it starts ringing). */
  readonly callLive: Store<boolean, never>;
  /** The engine's state moved. */
  follow(state: PhoneState): void;
  /** The engine stopped: no call is live, nothing rings. */
  reset(): void;
}

export function createCallWatch(options: CallWatchOptions): CallWatch {
  const { api, notifier } = options;
  const callLive = createStore<boolean, boolean>((_state, next) => next, false);
  // A call going live reaches the shell in the next task: the window around the phone (top bar,
  // sign-out held back, the desk brought to the front) re-renders after a ringing call's caller
  // ID is committed, not in its first frame. Its end reaches the shell at once.
  let goingLive: ReturnType<typeof setTimeout> | null = null;
  const showLive = (live: boolean) => {
    if (!live) {
      if (goingLive !== null) clearTimeout(goingLive);
      goingLive = null;
      callLive.dispatch(false);
    } else if (!callLive.getState()) {
      goingLive ??= setTimeout(() => {
        goingLive = null;
        callLive.dispatch(true);
      }, 0);
    }
  };
  let reportedActive = false;
  let notifiedCall: string | null = null;

  const setCallActive = (active: boolean) => {
    if (active === reportedActive) return;
    reportedActive = active;
    void api.invoke('phone:call-active', { active });
  };

  const notifyRinging = (state: PhoneState) => {
    if (isRinging(state.call)) {
      const call = state.call!;
      if (notifiedCall !== call.id && !options.hasFocus()) {
        notifiedCall = call.id;
        const digits = lastDigits(call.remote.number);
        const text = options.notificationText?.(digits);
        if (text) notifier.show(`call-${call.id}`, text, () => {});
      }
    } else if (notifiedCall !== null) {
      notifiedCall = null;
      notifier.close();
    }
  };

  return {
    callLive: callLive as Store<boolean, never>,
    follow(state) {
      setCallActive(isCallConnected(state.call));
      showLive(state.call !== null && state.call.phase !== 'ended');
      notifyRinging(state);
    },
    reset() {
      showLive(false);
      setCallActive(false);
      notifier.close();
      notifiedCall = null;
    },
  };
}
