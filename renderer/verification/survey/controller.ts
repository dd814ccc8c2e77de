// The survey's side effects on the desk: while waiting, it holds the secure-entry link (the
// caller's keypad digits come to it, as to the password keypad, whichever way the PBX relays them)
// and a one-second tick; when the survey ends it lets both go and hands the answer to main
// (`survey:record`), which journals it and records it with the records service.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { SecureEntryConsumer } from '../../phone/types.js';
import { createStore, type Store } from '../../state/store.js';
import { initialSurvey, surveyStep, type SurveyEvent, type SurveyState } from './machine.js';

export interface SurveyTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SurveyControllerOptions {
  api: Pick<AgentDeskApi, 'invoke'>;
  attachSecureEntry(consumer: SecureEntryConsumer): (() => void) | null;
  now(): number;
  timers?: SurveyTimers;
}

export interface SurveyController {
  /** Read-only outside: the machine's state, replaced whole at each step. */
  readonly store: Store<SurveyState, SurveyState>;
  /** Invites the customer for this session and call; false when the keypad link is not there. */
  start(target: { sessionId: string; callId: string }): boolean;
  restart(): void;
  declined(): void;
  /** The call ended: an open survey counts as declined. */
  hungUp(): void;
  /** Another call or session: forget the last survey (its answer is already on its way). */
  reset(): void;
}

const TICK_MS = 1000;

export function createSurveyController(options: SurveyControllerOptions): SurveyController {
  const timers = options.timers ?? {
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (h: unknown) => clearInterval(h as ReturnType<typeof setInterval>),
  };
  const store = createStore((_: SurveyState, next: SurveyState) => next, initialSurvey);
  let target: { sessionId: string; callId: string } | null = null;
  let release: (() => void) | null = null;
  let tick: unknown = null;

  const letGo = () => {
    release?.();
    release = null;
    if (tick !== null) timers.clearInterval(tick);
    tick = null;
  };

  const apply = (event: SurveyEvent) => {
    const step = surveyStep(store.getState(), event);
    store.dispatch(step.state);
    if (!step.send) return;
    letGo();
    const to = target;
    if (!to) return;
    // The answer goes from here to main in one request; nothing on the screen keeps the rating.
    void options.api
      .invoke('survey:record', { sessionId: to.sessionId, callId: to.callId, answer: step.send })
      .then((result) =>
        apply({ type: 'delivered', delivery: result.ok ? result.value.delivery : 'failed' }),
      );
  };

  return {
    store,
    start(next) {
      if (store.getState().phase !== 'idle') return false;
      const consumer: SecureEntryConsumer = { onDigit: (key) => apply({ type: 'key', key }) };
      const attached = options.attachSecureEntry(consumer);
      if (!attached) {
        store.dispatch({ phase: 'idle', unavailable: true });
        return false;
      }
      target = next;
      release = attached;
      tick = timers.setInterval(() => apply({ type: 'tick', now: options.now() }), TICK_MS);
      apply({ type: 'start', now: options.now() });
      return true;
    },
    restart: () => apply({ type: 'restart', now: options.now() }),
    declined: () => apply({ type: 'declined' }),
    hungUp: () => apply({ type: 'hung-up' }),
    reset() {
      letGo();
      target = null;
      apply({ type: 'reset' });
    },
  };
}
