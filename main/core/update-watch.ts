// What the update gate (update-gate.ts) needs to know, followed from where the core learns it: the
// phone's reports (a call rings or is up, live or training), the journal's appends (durable yet?),
// the sync (a batch in flight) and the training line's scoring (Art. 9). Timers are parameters.
import type { PhoneEvent } from '../../common/phone.js';
import type { GateInputs } from './update-gate.js';
import type { Journal, JournalSync, Timers } from './journal/index.js';
import { isTrainingEvent } from './training.js';

/** A training call's result normally follows its end at once; a run never scored stops blocking. */
export const TRAINING_SCORE_GRACE_MS = 60_000;

export interface UpdateWatch {
  inputs(): GateInputs;
  /** Called whenever an input may have changed. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Every phone report, live or training. */
  phoneEvent(event: PhoneEvent): void;
  /** The engine's connected-call flag (`phone:call-active`). */
  callActive(active: boolean): void;
  /** A training result was handed to the records service (answered or not). */
  trainingScored(): void;
  /** The agent signed out: the engine stopped, no call is left. */
  reset(): void;
  /** The journal every part of the core appends through, counting appends not yet durable. */
  track<J extends Pick<Journal, 'append'>>(journal: J): J;
  stop(): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function createUpdateWatch(options: {
  sync: Pick<JournalSync, 'state' | 'subscribe'>;
  timers?: Timers;
}): UpdateWatch {
  const timers = options.timers ?? realTimers;
  const calls = new Set<string>();
  const trainingCalls = new Set<string>();
  let connected = false;
  let appendsInFlight = 0;
  let scoring: unknown = null;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  const offSync = options.sync.subscribe((event) => {
    if (event.type === 'state') changed();
  });
  const stopScoring = () => {
    if (scoring !== null) timers.clearTimeout(scoring);
    scoring = null;
  };

  return {
    inputs: () => ({
      callUp: connected || calls.size > 0,
      appendsInFlight,
      syncSending: options.sync.state().status === 'sending',
      trainingRunning: trainingCalls.size > 0 || scoring !== null,
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    phoneEvent(event) {
      const training = isTrainingEvent(event);
      if (event.type === 'call-started') {
        calls.add(event.callId);
        if (training) trainingCalls.add(event.callId);
      } else if (event.type === 'call-ended') {
        calls.delete(event.record.id);
        if (trainingCalls.delete(event.record.id)) {
          stopScoring();
          scoring = timers.setTimeout(() => {
            scoring = null;
            changed();
          }, TRAINING_SCORE_GRACE_MS);
        }
      } else return;
      changed();
    },
    callActive(active) {
      connected = active;
      changed();
    },
    trainingScored() {
      stopScoring();
      changed();
    },
    reset() {
      calls.clear();
      trainingCalls.clear();
      connected = false;
      stopScoring();
      changed();
    },
    track(journal) {
      const append: Journal['append'] = async (...args) => {
        appendsInFlight += 1;
        changed();
        try {
          return await journal.append(...args);
        } finally {
          appendsInFlight -= 1;
          changed();
        }
      };
      return new Proxy(journal, {
        get: (target, key, receiver) =>
          key === 'append' ? append : (Reflect.get(target, key, receiver) as unknown),
      });
    },
    stop() {
      offSync();
      stopScoring();
      listeners.clear();
    },
  };
}
