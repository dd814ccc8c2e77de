// Art. 18 emergency steps of a fraud alert in the database: one row per step done, with who and
// when (`done_by` null: the records service, at the suspension). Rows are only ever inserted; the
// alert row is locked while a step is recorded, so two leads cannot both record the same step.
import {
  emergencyStepDecision,
  type EmergencyStep,
  type EmergencyStepInput,
  type RecordedEmergencyStep,
} from '../../common/policy.js';
import type { EmergencyStepRecord } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';

/** The alert kind whose lead runs the emergency procedure. */
export const FRAUD_ALERT_KIND = 'fraud-suspected';

export interface NewEmergencyStep {
  alertId: string;
  step: EmergencyStep;
  at: Date;
  /** Null: the records service itself. */
  by: string | null;
  policeCaseNumber?: string | null | undefined;
  note?: string | null | undefined;
}

export async function insertEmergencyStep(tx: Queryable, s: NewEmergencyStep): Promise<void> {
  await tx.query(
    `insert into alert_emergency_steps (alert_id, step, done_at, done_by, police_case_number, note)
     values ($1, $2, $3, $4, $5, $6)`,
    [s.alertId, s.step, s.at, s.by, s.policeCaseNumber ?? null, s.note ?? null],
  );
}

interface StepRow {
  alert_id: string;
  step: EmergencyStep;
  done_at: Date;
  done_by: string | null;
  police_case_number: string | null;
  note: string | null;
}

/** The steps done on each of `alertIds`, in the order they were done. */
export async function emergencyStepsOf(
  tx: Queryable,
  alertIds: readonly string[],
): Promise<Map<string, EmergencyStepRecord[]>> {
  const steps = new Map<string, EmergencyStepRecord[]>();
  if (alertIds.length === 0) return steps;
  const { rows } = await tx.query<StepRow>(
    `select alert_id, step, done_at, done_by, police_case_number, note from alert_emergency_steps
      where alert_id in (select jsonb_array_elements_text($1::jsonb)::uuid)
      order by done_at, step`,
    [JSON.stringify(alertIds)],
  );
  for (const r of rows) {
    const list = steps.get(r.alert_id) ?? [];
    list.push({
      step: r.step,
      doneAt: r.done_at.toISOString(),
      doneBy: r.done_by,
      policeCaseNumber: r.police_case_number,
      note: r.note,
    });
    steps.set(r.alert_id, list);
  }
  return steps;
}

/** The policy's view of the steps recorded (common/policy/emergency.ts). */
export const asRecorded = (steps: readonly EmergencyStepRecord[]): RecordedEmergencyStep[] =>
  steps.map(({ step, doneBy, policeCaseNumber, note }) => ({
    step,
    doneBy,
    policeCaseNumber,
    note,
  }));

/**
 * Locks a fraud alert for the rest of the transaction and returns its id: 404 when there is no
 * such alert, 409 when it is another kind (only a fraud alert has the emergency procedure).
 */
export async function lockFraudAlert(tx: Queryable, alertId: string): Promise<string> {
  const { rows } = await tx.query<{ id: string; kind: string }>(
    'select id, kind from alerts where id = $1 for update',
    [alertId],
  );
  const alert = rows[0];
  if (!alert) throw new AppError('not-found', 'no such alert');
  if (alert.kind !== FRAUD_ALERT_KIND)
    throw new AppError('conflict', `a ${alert.kind} alert has no emergency procedure (Art. 18)`);
  return alert.id;
}

/** When the customer-informed step was recorded on the session's newest fraud alert, or null. */
export async function customerInformedAt(tx: Queryable, sessionId: string): Promise<Date | null> {
  const { rows } = await tx.query<{ done_at: Date }>(
    `select e.done_at from alert_emergency_steps e
      where e.step = 'customer-informed' and e.alert_id = (
        select id from alerts where session_id = $1 and kind = $2
         order by raised_at desc, id limit 1)`,
    [sessionId, FRAUD_ALERT_KIND],
  );
  return rows[0]?.done_at ?? null;
}

/** The newest fraud alert raised for a session, locked; null when none was. */
export async function lockSessionFraudAlert(
  tx: Queryable,
  sessionId: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `select id from alerts where session_id = $1 and kind = $2
      order by raised_at desc, id limit 1 for update`,
    [sessionId, FRAUD_ALERT_KIND],
  );
  return rows[0]?.id ?? null;
}

/**
 * Records `step` on the (locked) alert as the policy allows: bad input 400, a step done already
 * or the automatic one 409 (the transaction rolls back: nothing changes). The very same record
 * again is answered as done and writes nothing. True when a row was written.
 */
export async function recordEmergencyStep(
  tx: Queryable,
  alertId: string,
  step: EmergencyStep,
  input: EmergencyStepInput,
  by: string,
  at: Date,
): Promise<boolean> {
  const recorded = asRecorded((await emergencyStepsOf(tx, [alertId])).get(alertId) ?? []);
  const decision = emergencyStepDecision(step, input, recorded, by);
  if (!decision.ok) throw new AppError(decision.code, decision.reason);
  if (decision.repeat) return false;
  await insertEmergencyStep(tx, { alertId, step, at, by, ...input });
  return true;
}
