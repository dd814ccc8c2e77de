// What the agent did in the verification panel during a training call, as the training trace
// (common/training.ts TrainingEvent): pure, from two successive panel states. The scenario's
// customer reacts to these events, and the records service scores the same list (Art. 9).
import type { Step } from '../../common/policy.js';
import type { TrainingEvent } from '../../common/training.js';
import type { PanelAction, VerificationState } from '../verification/state.js';

/** The panel's actions that are a check of one step, and which step. */
const STEP_OF: Partial<Record<PanelAction, Step>> = {
  basic: 'basic',
  password: 'password',
  'password-forgotten': 'password',
  'otp-send': 'otp',
  otp: 'otp',
  confirm: 'confirmation',
  callback: 'callback',
};

type Panel = Pick<
  VerificationState,
  'session' | 'outcomes' | 'keypad' | 'outage' | 'complaint' | 'call'
>;

/** The events between `before` and `after`, in the order the agent would have seen them. */
export function traceBetween(before: Panel, after: Panel, at: number): TrainingEvent[] {
  const events: TrainingEvent[] = [];
  const was = before.session;
  const now = after.session;
  // A new call in the panel starts from nothing: only what happened on it counts.
  const sameCall = before.call?.id === after.call?.id;
  const from = sameCall ? before : { ...before, outcomes: [], session: null, complaint: null };

  if (now && (!was || was.id !== now.id || was.businessType !== now.businessType))
    events.push({ kind: 'business', business: now.businessType, at });

  for (const outcome of after.outcomes.slice(from.outcomes.length)) {
    if (outcome.result === 'error') continue;
    if (outcome.action === 'approval') {
      events.push({ kind: 'approval-requested', at });
      continue;
    }
    const step = STEP_OF[outcome.action];
    if (step) events.push({ kind: 'check', step, result: outcome.result, at });
  }

  if (after.keypad && (!before.keypad || before.keypad.purpose !== after.keypad.purpose))
    events.push({ kind: 'keypad', purpose: after.keypad.purpose, at });

  if (now && (!from.session || from.session.status !== now.status))
    events.push({ kind: 'status', status: now.status, at });

  if (after.outage && !before.outage) events.push({ kind: 'outage', at });

  const filedBefore = from.complaint?.filed.length ?? 0;
  for (let i = filedBefore; i < after.complaint.filed.length; i += 1)
    events.push({ kind: 'complaint-recorded', at });

  return events;
}
