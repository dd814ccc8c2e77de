// Art. 18 on the agent's side: once the records service suspended the session, the agent reads
// the customer the suspension script and records that they did (the fraud alert's
// `customer-informed` step, with who and when). Nothing else can be done on a suspended session.
import { isSuspended } from '../view.js';
import type { PanelContext, Requests } from './requests.js';

export interface FraudActions {
  /**
   * Records that the customer was read the script; once (a repeat is answered the same). The
   * button keeps its own busy state: a suspended session has no other request to wait for.
   */
  informCustomer(): Promise<void>;
}

export function createFraudActions(ctx: PanelContext, requests: Requests): FraudActions {
  const { api, store } = ctx;
  const state = () => store.getState();
  return {
    async informCustomer() {
      const before = state();
      const session = before.session;
      if (!session || !isSuspended(session) || session.fraud?.customerInformedAt) return;
      const result = await api.invoke('verify:customer-informed', { sessionId: session.id });
      if (state().session?.id !== session.id) return;
      if (!result.ok) {
        store.dispatch({
          type: 'request-failed',
          action: 'customer-informed',
          code: result.error.code,
          at: ctx.now(),
        });
        return;
      }
      requests.sessionLoaded(result.value);
    },
  };
}
