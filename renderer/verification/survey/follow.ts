// The survey beside the panel: it starts for the panel's session and call, counts the customer's
// hang-up while waiting as declined, and starts afresh for the next call or session.
import { maySurvey } from '../../../common/policy.js';
import type { PanelContext } from '../controller/requests.js';
import type { SecureEntryConsumer } from '../../phone/types.js';
import { createSurveyController, type SurveyController, type SurveyTimers } from './controller.js';

export interface PanelSurvey {
  readonly store: SurveyController['store'];
  /** Invites the customer for the panel's ended session while its call is up. */
  start(): void;
  restart(): void;
  declined(): void;
  /** Follows the panel's store; returns the function that stops. */
  follow(): () => void;
}

export function createPanelSurvey(
  ctx: PanelContext,
  attachSecureEntry: (consumer: SecureEntryConsumer) => (() => void) | null,
  timers?: SurveyTimers,
): PanelSurvey {
  const survey = createSurveyController({
    api: ctx.api,
    attachSecureEntry,
    now: ctx.now,
    ...(timers ? { timers } : {}),
  });
  let followed = '';
  const follow = () => {
    const { call, session } = ctx.store.getState();
    const key = `${call?.id ?? ''}:${session?.id ?? ''}`;
    if (key !== followed) {
      followed = key;
      survey.reset();
    }
    if (call?.ended && survey.store.getState().phase === 'waiting') survey.hungUp();
  };
  return {
    store: survey.store,
    start() {
      const { call, session } = ctx.store.getState();
      if (!call || call.ended || !session || !maySurvey(session.status)) return;
      survey.start({ sessionId: session.id, callId: session.callId });
    },
    restart: survey.restart,
    declined: survey.declined,
    follow() {
      follow();
      const off = ctx.store.subscribe(follow);
      return () => {
        off();
        survey.reset();
      };
    },
  };
}
