// Art. 5(2) in the database: a customer's failed basic checks in the policy's window, counted
// across calls (every session), or a training session's own (Art. 9: trainees share the synthetic
// customers). The basic check counts them with the customer locked (steps/basic.ts); a new session
// reads them with its customer, so the panel shows the attempts left from the start.
import { basicFailuresInWindow, LIMITS } from '../../common/policy.js';
import type { Queryable } from '../db.js';

/**
 * The times a customer's basic check failed since `since`: every session's, or with a training
 * session only its own (Art. 9: trainees share the customers). SQL over the three expressions.
 */
const basicFailedAt = (customer: string, since: string, trainingSession: string): string =>
  `select at from verification_events where customer_id = ${customer} and step = 'basic'
      and outcome = 'failed' and at > ${since} and (${trainingSession}::uuid is null or session_id = ${trainingSession})`;

const basicWindowStart = (at: Date): Date =>
  new Date(at.getTime() - LIMITS.basic.windowSeconds * 1000);

/** Art. 5(2): how many of this customer's basic checks failed in the window ending `at`. */
export async function recentBasicFailures(
  tx: Queryable,
  customerId: string,
  at: Date,
  /** Art. 9: a training session counts its own failures only (trainees share the customers). */
  trainingSessionId: string | null = null,
): Promise<number> {
  const { rows } = await tx.query<{ at: Date }>(basicFailedAt('$1', '$2', '$3'), [
    customerId,
    basicWindowStart(at),
    trainingSessionId,
  ]);
  return basicFailuresInWindow(
    rows.map((r) => new Date(r.at)),
    at,
  );
}

/**
 * A new session's customer — namespace (Art. 9), reserved mobile (Art. 18) and, for a live one,
 * its failed basic checks in the window ending `at` (Art. 5(2): earlier calls count; a training
 * session has none yet) — in one read; undefined for an unknown customer.
 */
export async function newSessionCustomer(
  tx: Queryable,
  id: string,
  at: Date,
): Promise<{ training: boolean; mobile: string; basicFailures: number } | undefined> {
  const { rows } = await tx.query<{ training: boolean; mobile: string; failed_at: Date[] }>(
    `select training, mobile,
            case when training then '{}'::timestamptz[]
                 else array(${basicFailedAt('c.id', '$2', 'null')}) end as failed_at
       from customers c where id = $1`,
    [id, basicWindowStart(at)],
  );
  const row = rows[0];
  if (!row) return undefined;
  const failedAt = row.failed_at.map((t) => new Date(t));
  return {
    training: row.training,
    mobile: row.mobile,
    basicFailures: basicFailuresInWindow(failedAt, at),
  };
}
