// Art. 18 emergency procedure after a suspected fraud: the steps a lead sees through on the fraud
// alert, and whether one may be recorded now. Each step is recorded once, with who and when; the
// suspension records itself. Pure: no I/O, no Node, no zod.

export const EMERGENCY_STEPS = [
  /** The agent read the customer the suspension script (business suspended, we will call). */
  'customer-informed',
  /** The records service suspended the session; recorded by the suspension itself. */
  'business-suspended',
  /** Reported to the police; carries the police's case number. */
  'reported-to-police',
  /** The company reached the customer on the reserved mobile. */
  'customer-contacted',
] as const;
export type EmergencyStep = (typeof EMERGENCY_STEPS)[number];

/** Recorded by the records service when it suspends the session, never by a person. */
export const AUTOMATIC_EMERGENCY_STEP: EmergencyStep = 'business-suspended';

export interface EmergencyStepInput {
  policeCaseNumber?: string | undefined;
  note?: string | undefined;
}

export interface RecordedEmergencyStep {
  step: EmergencyStep;
  /** Null: the records service (the suspension). */
  doneBy: string | null;
  policeCaseNumber: string | null;
  note: string | null;
}

export type EmergencyStepDecision =
  | { ok: true; repeat: false }
  /** The same person recorded the very same thing already: answer it again, write nothing. */
  | { ok: true; repeat: true }
  | { ok: false; code: 'bad-request' | 'conflict'; reason: string };

/**
 * Whether `by` may record `step` with `input`, given what the alert has recorded. Bad input is a
 * bad request; a step done already (by someone else or differently) or the automatic one is a
 * conflict: the first record stands, nothing is overwritten.
 */
export function emergencyStepDecision(
  step: EmergencyStep,
  input: EmergencyStepInput,
  recorded: readonly RecordedEmergencyStep[],
  by: string,
): EmergencyStepDecision {
  const police = step === 'reported-to-police';
  if (police && !input.policeCaseNumber)
    return bad('reported-to-police needs the police case number (policeCaseNumber)');
  if (!police && input.policeCaseNumber !== undefined)
    return bad('policeCaseNumber belongs to reported-to-police only');
  if (step === AUTOMATIC_EMERGENCY_STEP)
    return conflict('business-suspended is recorded by the suspension itself');
  if (!recorded.some((r) => r.step === AUTOMATIC_EMERGENCY_STEP))
    return conflict('the business was not suspended: no emergency procedure runs');
  const done = recorded.find((r) => r.step === step);
  if (!done) return { ok: true, repeat: false };
  const same =
    done.doneBy === by &&
    done.policeCaseNumber === (input.policeCaseNumber ?? null) &&
    done.note === (input.note ?? null);
  return same
    ? { ok: true, repeat: true }
    : conflict(`${step} is recorded already; the first record stands`);
}

const bad = (reason: string): EmergencyStepDecision => ({ ok: false, code: 'bad-request', reason });
const conflict = (reason: string): EmergencyStepDecision => ({
  ok: false,
  code: 'conflict',
  reason,
});
