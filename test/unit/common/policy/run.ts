// Shared by the policy tests: apply events in order, and the event that passes each step.
import {
  transition,
  type SessionEvent,
  type SessionState,
  type Step,
} from '../../../../common/policy.js';

/** Applies events in order; fails the test on a refusal. */
export function run(state: SessionState, ...events: SessionEvent[]): SessionState {
  for (const event of events) {
    const result = transition(state, event);
    if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
    state = result.state;
  }
  return state;
}

export const PASS: Record<Step, SessionEvent> = {
  callback: { type: 'callback', answered: true },
  basic: { type: 'basic', passed: true },
  password: { type: 'password', passed: true },
  otp: { type: 'otp', passed: true },
  confirmation: { type: 'confirmation', confirmed: true },
};
