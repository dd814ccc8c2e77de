// Art. 14 choices on the panel: recording a step the customer declines (and what may be offered),
// and the call-back to the reserved mobile — the agent's call ends, main hands the number to the
// phone, which dials it showing only the mask; once that call is answered (or not), the records
// service is told, and the session goes on on the new call. The panel never holds the number.
import type { DeclinableStep } from '../../../common/policy.js';
import type { ResponseOf } from '../../../common/contract.js';
import type { Phone } from '../../phone/types.js';
import type { Store } from '../../state/store.js';
import { canCheck } from '../view.js';
import type { PanelContext, Requests } from './requests.js';

/** How long the agent's call may take to end before the call-back gives up. */
export const HANG_UP_WAIT_MS = 5_000;

export interface RecallOptions {
  phone: Pick<Store<Phone | null, never>, 'getState'>;
  requests: Requests;
  closeKeypad(): void;
}

export interface RecallActions {
  setDeclineOpen(step: DeclinableStep | null): void;
  decline(step: DeclinableStep, reason: string): Promise<void>;
  /** Ends the call on screen (if live) and has the desk dial the reserved mobile. */
  callBack(): Promise<void>;
  /** Follows the call-back's call: answered or not, the records service hears it once. */
  follow(): () => void;
}

export function createRecall(ctx: PanelContext, options: RecallOptions): RecallActions {
  const { api, store } = ctx;
  const state = () => store.getState();

  /** Resolves once the phone has no live call (or the wait is over). */
  const lineFree = async (): Promise<boolean> => {
    const until = ctx.now() + HANG_UP_WAIT_MS;
    for (;;) {
      const call = options.phone.getState()?.store.getState().call ?? null;
      if (call === null || call.phase === 'ended') return true;
      if (ctx.now() > until) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** The call-back may start: the call-back is next and nothing else is running. */
  const mayCallBack = (): boolean => {
    const s = state();
    if (s.outage || s.session?.status !== 'in-progress' || s.session.nextStep !== 'callback')
      return false;
    if (s.pending !== null || s.call === null) return false;
    // First time from the live call; again after an unanswered or failed one.
    return s.recall === null
      ? !s.call.ended
      : s.recall.phase === 'not-answered' || s.recall.phase === 'failed';
  };

  let reported: string | null = null;
  const report = async (answered: boolean) => {
    const s = state();
    const recall = s.recall;
    if (!recall?.dialId || !recall.callId || reported === recall.dialId || !s.session) return;
    reported = recall.dialId;
    const response = await options.requests.check('callback', 'verify:callback-result', {
      sessionId: s.session.id,
      dialId: recall.dialId,
      callId: recall.callId,
      answered,
    });
    if (response) store.dispatch({ type: 'recall-reported', answered });
  };

  return {
    setDeclineOpen: (step) => store.dispatch({ type: 'decline-open', step }),

    async decline(step, reason) {
      const current = state();
      const trimmed = reason.trim().slice(0, 500);
      if (!canCheck(current) || trimmed === '' || current.session!.nextStep !== step) return;
      options.closeKeypad();
      const response = await options.requests.check('decline', 'verify:decline', {
        sessionId: current.session!.id,
        step,
        reason: trimmed,
      });
      if (response) {
        const { decline } = response as ResponseOf<'verify:decline'>;
        store.dispatch({ type: 'decline-recorded', decline });
      }
    },

    async callBack() {
      if (!mayCallBack()) return;
      const before = state();
      const sessionId = before.session!.id;
      options.closeKeypad();
      store.dispatch({ type: 'recall-starting', fromCallId: before.call!.id });
      const phone = options.phone.getState();
      if (!before.call!.ended) await phone?.hangup();
      if (!(await lineFree())) return store.dispatch({ type: 'recall-failed', code: 'conflict' });
      const result = await api.invoke('verify:callback-dial', { sessionId });
      if (state().session?.id !== sessionId) return;
      if (!result.ok) return store.dispatch({ type: 'recall-failed', code: result.error.code });
      const { dialId, masked } = result.value.dial;
      store.dispatch({ type: 'recall-dialled', dialId, masked, at: ctx.now() });
    },

    follow() {
      return store.subscribe(() => {
        const s = state();
        const recall = s.recall;
        if (recall?.phase !== 'dialling' || recall.callId === null) return;
        if (s.call?.id !== recall.callId) return;
        if (s.call.answered) void report(true);
        else if (s.call.ended) void report(false);
      });
    },
  };
}
