// The panel follows the phone's call: the screen pop on INVITE (the caller looked up at once, a
// spinner only if that is slow), the greeting once answered, the wrap-up when it ends. Only a
// mainland mobile is looked up: nobody can be reserved on another number. An unsaved wrap-up is
// saved as it stands when the next call rings, never lost (Art. 11).
import { normalizeMobile } from '../../../common/phone-number.js';
import { globalEngineTimers } from '../../phone/engine-context.js';
import { createNextTaskQueue } from '../../phone/report-queue.js';
import type { ActiveCall, Phone } from '../../phone/types.js';
import type { Store } from '../../state/store.js';
import { wrapUpRequest } from './after-call.js';
import type { PanelContext } from './requests.js';

/** The look-up usually answers at once; a spinner only if it takes longer. */
export const LOOKUP_SPINNER_AFTER_MS = 100;

export interface CallFollowOptions {
  /** The running engine (desk.phone): its PhoneState says which call is ringing, live or over. */
  phone: Pick<Store<Phone | null, never>, 'getState' | 'subscribe'>;
  loadConfig(): Promise<void>;
  /** The call shown has ended: what belonged to it (keypad, approval poll) stops first. */
  onCallEnded(): void;
}

export interface CallFollow {
  /** Follows the engine and its call; returns the function that stops. */
  start(): () => void;
  /** Looks the caller up by the mobile (again, after an outage); a training call's in training. */
  lookUp(callId: string, mobile: string, training?: boolean): Promise<void>;
}

export function createCallFollow(ctx: PanelContext, options: CallFollowOptions): CallFollow {
  const { api, store } = ctx;
  const state = () => store.getState();
  let slowTimer: ReturnType<typeof setTimeout> | null = null;

  const lookUp = async (callId: string, mobile: string, training = false) => {
    if (slowTimer !== null) clearTimeout(slowTimer);
    slowTimer = setTimeout(
      () => store.dispatch({ type: 'lookup-slow', callId }),
      LOOKUP_SPINNER_AFTER_MS,
    );
    const result = await api.invoke('verify:lookup', {
      callerNumber: mobile,
      ...(training ? { training: true as const } : {}),
    });
    if (slowTimer !== null) clearTimeout(slowTimer);
    slowTimer = null;
    store.dispatch(
      result.ok
        ? { type: 'lookup-done', callId, customers: result.value.customers }
        : { type: 'lookup-failed', callId, code: result.error.code },
    );
  };

  const callStarted = async (call: ActiveCall) => {
    const before = state();
    if (before.wrapUpDue) {
      const request = wrapUpRequest(before);
      if (request) void api.invoke('verify:wrap-up', request);
    }
    const mobile = normalizeMobile(call.remote.number);
    const training = call.line === 'training';
    store.dispatch({
      type: 'call-started',
      call: {
        id: call.id,
        number: call.remote.number,
        displayName: call.remote.displayName,
        callerIdSource: call.remote.source,
        direction: call.direction,
        answered: call.answeredAt !== null,
        ...(training ? { training } : {}),
      },
      lookup: mobile !== null,
    });
    void options.loadConfig();
    if (mobile === null) return;
    await lookUp(call.id, mobile, training);
  };

  const onCall = (call: ActiveCall | null) => {
    const live = call && call.phase !== 'ended' ? call : null;
    const shown = state().call;
    if (shown && !shown.ended && live?.id !== shown.id) {
      options.onCallEnded();
      store.dispatch({ type: 'call-ended', callId: shown.id });
    }
    if (live && state().call?.id !== live.id) void callStarted(live);
    if (live && live.answeredAt !== null)
      store.dispatch({ type: 'call-answered', callId: live.id });
  };

  // The engine's changes are followed in the next task, each in turn: a ringing call's caller ID
  // is committed in the INVITE's own task, and the screen pop (its state, the look-up's request,
  // the saved wrap-up) comes right after it instead of in front of it.
  const seen = createNextTaskQueue<ActiveCall | null>(onCall, globalEngineTimers);

  return {
    start() {
      let unsubscribeCall: (() => void) | null = null;
      const followPhone = () => {
        unsubscribeCall?.();
        unsubscribeCall = null;
        const phone = options.phone.getState();
        if (phone)
          unsubscribeCall = phone.store.subscribe(() => seen.later(phone.store.getState().call));
        // What the panel shows at once (the engine as it stands) waits for nothing seen before.
        seen.flush();
        onCall(phone ? phone.store.getState().call : null);
      };
      const off = options.phone.subscribe(followPhone);
      followPhone();
      return () => {
        off();
        unsubscribeCall?.();
        seen.clear();
        if (slowTimer !== null) clearTimeout(slowTimer);
      };
    },
    lookUp,
  };
}
