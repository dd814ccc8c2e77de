// While a lead decides an approval (Art. 10) and the call is still on the line, the session is
// re-read now and then, in case main's `verify:changed` push is lost. It polls nothing otherwise,
// and stops the moment the session leaves `awaiting-approval` or the call ends.
import type { Verification } from '../../../common/records-api.js';
import type { PanelContext } from './requests.js';

/** How often the session is read again while a lead decides (in case a push is lost). */
export const APPROVAL_POLL_MS = 2000;

export interface ApprovalPoll {
  /** Polls while the session awaits approval and the call is live; stops otherwise. */
  follow(): void;
  stop(): void;
}

export function createApprovalPoll(
  ctx: PanelContext,
  sessionLoaded: (session: Verification) => void,
): ApprovalPoll {
  const { api, store } = ctx;
  let pollTimer: ReturnType<typeof setInterval> | null = null;

  const stop = () => {
    if (pollTimer === null) return;
    clearInterval(pollTimer);
    pollTimer = null;
  };

  const start = () => {
    if (pollTimer !== null) return;
    pollTimer = setInterval(() => {
      const session = store.getState().session;
      if (!session || session.status !== 'awaiting-approval') return stop();
      void api.invoke('verify:get', { sessionId: session.id }).then((result) => {
        if (result.ok) sessionLoaded(result.value);
      });
    }, APPROVAL_POLL_MS);
  };

  return {
    follow() {
      const current = store.getState();
      if (current.session?.status === 'awaiting-approval' && current.call && !current.call.ended)
        start();
      else stop();
    },
    stop,
  };
}
