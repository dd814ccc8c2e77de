// The lead's work on an alert (Art. 10, 11, 18): acknowledge, assign to a lead, resolve with an
// outcome. Each action is recorded once with who and when; a resolved alert is closed for good,
// and a fraud alert resolves as handled only after its emergency procedure ran. Pure: no I/O.
import { EMERGENCY_STEPS, type EmergencyStep } from './emergency.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_OUTCOMES = [
  /** The cause was dealt with (for fraud: the Art. 18 procedure ran to the end). */
  'handled',
  /** Looked into: nothing wrong happened. A note says why. */
  'false-alarm',
  /** Another alert already covers it. */
  'duplicate',
  /** Handed on (compliance, security, IT); a note says to whom. */
  'escalated',
] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

/** The outcomes that must say why in a note. */
export const OUTCOMES_NEEDING_NOTE: readonly AlertOutcome[] = ['false-alarm', 'escalated'];

export type AlertActionInput =
  | { action: 'acknowledge' }
  | { action: 'assign'; to: string }
  | { action: 'resolve'; outcome: AlertOutcome; note?: string | undefined };

export interface AlertState {
  kind: string;
  status: AlertStatus;
  assignedTo: string | null;
  /** Who was acting when it was raised (an over-permission attempt's author, say). */
  agentUsername: string | null;
  /** Emergency steps recorded so far (fraud alerts only; empty otherwise). */
  stepsDone: readonly EmergencyStep[];
}

export type AlertActionDecision =
  | { ok: true; status: AlertStatus }
  | { ok: false; code: 'bad-request' | 'conflict'; reason: string };

const conflict = (reason: string): AlertActionDecision => ({ ok: false, code: 'conflict', reason });

/** The fraud alert kind (server/alerts/emergency.ts raises it). */
const FRAUD = 'fraud-suspected';

/**
 * Whether `lead` may take `input` on an alert in `state`, and the status it leaves. A lead never
 * works an alert about their own action (four eyes, Art. 10); nothing changes a resolved alert.
 */
export function alertActionDecision(
  state: AlertState,
  input: AlertActionInput,
  lead: string,
): AlertActionDecision {
  if (state.agentUsername === lead)
    return conflict('an alert about your own action is for another lead (four eyes, Art. 10)');
  if (state.status === 'resolved') return conflict('the alert is resolved already');
  switch (input.action) {
    case 'acknowledge':
      return state.status === 'open'
        ? { ok: true, status: 'acknowledged' }
        : conflict('the alert is acknowledged already');
    case 'assign':
      if (input.to === state.assignedTo) return conflict(`the alert is assigned to ${input.to}`);
      return { ok: true, status: state.status };
    case 'resolve':
      return resolveDecision(state, input.outcome, input.note);
  }
}

function resolveDecision(
  state: AlertState,
  outcome: AlertOutcome,
  note: string | undefined,
): AlertActionDecision {
  if (OUTCOMES_NEEDING_NOTE.includes(outcome) && !note?.trim())
    return { ok: false, code: 'bad-request', reason: `a ${outcome} outcome needs a note` };
  if (state.kind === FRAUD && outcome === 'handled') {
    const missing = missingEmergencySteps(state.stepsDone);
    if (missing.length > 0)
      return conflict(`the emergency procedure is not done (Art. 18): ${missing.join(', ')}`);
  }
  return { ok: true, status: 'resolved' };
}

/** The Art. 18 steps not yet recorded, in procedure order. */
export const missingEmergencySteps = (done: readonly EmergencyStep[]): EmergencyStep[] =>
  EMERGENCY_STEPS.filter((s) => !done.includes(s));

/** Open first matters to the lead: the count in the tab title and on the room's tab. */
export const openAlertCount = (alerts: readonly { status: AlertStatus }[]): number =>
  alerts.filter((a) => a.status !== 'resolved').length;
