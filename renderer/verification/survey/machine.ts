// The keypad satisfaction survey's state machine (Art. 22), pure: the agent invites the customer,
// the customer has SURVEY_POLICY.windowMs to key 1–5 (other keys ignored), the agent may invite
// again once while waiting, and the window running out is no-answer. The customer's hang-up while
// waiting counts as declined: they left rather than rate. The rating never enters the state — it
// leaves in `send`, which the controller hands straight to main — so the screen cannot show it.
import { ratingOfKey, SURVEY_POLICY } from '../../../common/policy.js';
import type { SurveyAnswer } from '../../../common/surveys-api.js';

/** What the agent sees of the answer: that a rating arrived, never which. */
export type SurveyResult = 'received' | 'declined' | 'no-answer';
/** Where the answer is: on its way to main, held by the records service, journaled and waiting
 *  for the service, or refused (the panel says so). */
export type SurveyDelivery = 'sending' | 'recorded' | 'pending' | 'failed';

export type SurveyState =
  /** `unavailable`: the last start found no keypad link (no phone engine running). */
  | { phase: 'idle'; unavailable?: boolean }
  | { phase: 'waiting'; deadline: number; now: number; restartsLeft: number }
  | { phase: 'done'; result: SurveyResult; delivery: SurveyDelivery };

export type SurveyEvent =
  | { type: 'start'; now: number }
  | { type: 'restart'; now: number }
  | { type: 'tick'; now: number }
  | { type: 'key'; key: string }
  | { type: 'declined' }
  | { type: 'hung-up' }
  | { type: 'delivered'; delivery: Exclude<SurveyDelivery, 'sending'> }
  | { type: 'reset' };

export interface SurveyStep {
  state: SurveyState;
  /** The answer to record, once, on the step that ends the survey. */
  send?: SurveyAnswer;
}

export const initialSurvey: SurveyState = { phase: 'idle' };

const done = (result: SurveyResult, send: SurveyAnswer): SurveyStep => ({
  state: { phase: 'done', result, delivery: 'sending' },
  send,
});

export function surveyStep(state: SurveyState, event: SurveyEvent): SurveyStep {
  if (event.type === 'reset') return { state: initialSurvey };
  switch (state.phase) {
    case 'idle':
      if (event.type !== 'start') return { state };
      return {
        state: {
          phase: 'waiting',
          deadline: event.now + SURVEY_POLICY.windowMs,
          now: event.now,
          restartsLeft: SURVEY_POLICY.restarts,
        },
      };
    case 'waiting':
      switch (event.type) {
        case 'key': {
          const rating = ratingOfKey(event.key);
          return rating === null ? { state } : done('received', { outcome: 'rated', rating });
        }
        case 'tick':
          if (event.now >= state.deadline) return done('no-answer', { outcome: 'no-answer' });
          return { state: { ...state, now: event.now } };
        case 'restart':
          if (state.restartsLeft <= 0) return { state };
          return {
            state: {
              phase: 'waiting',
              deadline: event.now + SURVEY_POLICY.windowMs,
              now: event.now,
              restartsLeft: state.restartsLeft - 1,
            },
          };
        case 'declined':
        case 'hung-up':
          return done('declined', { outcome: 'declined' });
        default:
          return { state };
      }
    case 'done':
      if (event.type === 'delivered' && state.delivery === 'sending')
        return { state: { ...state, delivery: event.delivery } };
      return { state };
  }
}

/** Whole seconds left to key a rating, for the countdown (15 at the start, 0 at the end). */
export const secondsLeft = (state: SurveyState & { phase: 'waiting' }): number =>
  Math.max(0, Math.ceil((state.deadline - state.now) / 1000));
