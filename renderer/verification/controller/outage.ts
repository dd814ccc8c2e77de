// The records service unreachable (Art. 12): the panel switches to the outage procedure when main
// says so (the SIP line alone is no outage). Keys the caller presses then could not be checked, so
// the keypad stops rather than hold them; when the service is back, the call still on the line
// catches up — its session re-read, or a look-up that failed meanwhile tried again.
import { normalizeMobile } from '../../../common/phone-number.js';
import type { Verification } from '../../../common/records-api.js';
import { recordsUnreachable, type ConnectivityState } from '../../connectivity/state.js';
import type { Store } from '../../state/store.js';
import type { PanelContext } from './requests.js';

export interface OutageFollowOptions {
  /** What main says about the links (renderer/connectivity). */
  connectivity: Pick<Store<ConnectivityState, unknown>, 'getState' | 'subscribe'>;
  closeKeypad(): void;
  sessionLoaded(session: Verification): void;
  lookUp(callId: string, mobile: string, training?: boolean): Promise<void>;
}

/** Follows the links; returns the function that stops. */
export function followOutage(ctx: PanelContext, options: OutageFollowOptions): () => void {
  const { api, store } = ctx;
  const state = () => store.getState();

  const catchUp = () => {
    const current = state();
    if (!current.call || current.call.ended) return;
    if (current.session) {
      const sessionId = current.session.id;
      void api.invoke('verify:get', { sessionId }).then((result) => {
        if (!result.ok || state().session?.id !== sessionId) return;
        options.sessionLoaded(result.value);
      });
    } else if (current.lookup.status === 'failed') {
      const mobile = normalizeMobile(current.call.number);
      if (mobile !== null)
        void options.lookUp(current.call.id, mobile, current.call.training === true);
    }
  };

  const follow = () => {
    const outage = recordsUnreachable(options.connectivity.getState().current);
    if (outage === state().outage) return;
    store.dispatch({ type: 'outage', outage });
    if (outage) options.closeKeypad();
    else catchUp();
  };

  const off = options.connectivity.subscribe(follow);
  follow();
  return off;
}
