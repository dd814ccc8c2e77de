// Art. 5(2) in the database: a customer's failed basic checks in the policy's window, counted
// across calls (every session), or a training session's own (Art. 9: trainees share the synthetic
// customers). Each is read in the same statement as the Art. 18 counts the same moment needs
// (fraud-facts.ts): the basic check reads both with its customer locked (steps/basic.ts); a new
// session reads both with its customer, so the panel shows the attempts left from the start.
import {
  basicFailuresInWindow,
  LIMITS,
  type FraudFacts,
  type FraudThresholds,
} from '../../common/policy.js';
import type { Queryable } from '../db.js';
import {
  factsOf,
  FRAUD_COUNT_COLUMNS,
  FRAUD_COUNTS_BY_PARAMS,
  fraudCountsSql,
  fraudParams,
  fraudSince,
  type FraudCounts,
} from './fraud-facts.js';

/**
 * The times a customer's basic check failed since `since`: every session's, or with a training
 * session only its own (Art. 9: trainees share the customers). SQL over the three expressions.
 */
const basicFailedAt = (customer: string, since: string, trainingSession: string): string =>
  `select at from verification_events where customer_id = ${customer} and step = 'basic'
      and outcome = 'failed' and at > ${since} and (${trainingSession}::uuid is null or session_id = ${trainingSession})`;

const basicWindowStart = (at: Date): Date =>
  new Date(at.getTime() - LIMITS.basic.windowSeconds * 1000);

const failuresOf = (failedAt: Date[], at: Date): number =>
  basicFailuresInWindow(
    failedAt.map((t) => new Date(t)),
    at,
  );

/**
 * What a basic check reads once its customer is locked, in one statement (one snapshot, taken
 * after the lock): the Art. 18 counts for the caller and customer, and how many of the customer's
 * basic checks failed in the window ending `at` (Art. 5(2)).
 */
export async function basicCheckFacts(
  tx: Queryable,
  context: {
    callerNumber: string;
    customerId: string;
    at: Date;
    /** Art. 9: a training session counts itself only (trainees share the customers). */
    trainingSession: string | null;
  },
  thresholds: FraudThresholds,
): Promise<{ facts: FraudFacts; basicFailures: number }> {
  const { customerId, at } = context;
  const { rows } = await tx.query<FraudCounts & { failed_at: Date[] }>(
    `select ${FRAUD_COUNT_COLUMNS}, array(${basicFailedAt('$3::uuid', '$5', '$4')}) as failed_at
       from (${FRAUD_COUNTS_BY_PARAMS}) f`,
    [...fraudParams({ ...context, now: at }, thresholds), basicWindowStart(at)],
  );
  const row = rows[0]!;
  return { facts: factsOf(row, customerId), basicFailures: failuresOf(row.failed_at, at) };
}

/**
 * A new session's customer — namespace (Art. 9), reserved mobile (Art. 18), for a live one its
 * failed basic checks in the window ending `at` (Art. 5(2): earlier calls count; a training
 * session has none yet) — and the Art. 18 counts for the caller and that customer, in one read;
 * undefined for an unknown customer. A training customer's session counts itself only (Art. 9):
 * `sessionId`, not yet inserted, so its counts are just the customer it names.
 */
export async function newSessionCustomer(
  tx: Queryable,
  session: { customerId: string; sessionId: string; callerNumber: string; at: Date },
  thresholds: FraudThresholds,
): Promise<
  { training: boolean; mobile: string; basicFailures: number; facts: FraudFacts } | undefined
> {
  const { customerId, sessionId, callerNumber, at } = session;
  const counts = fraudCountsSql({
    caller: '$3',
    since: '$4',
    customer: 'c.id',
    trainingSession: '(case when c.training then $5::uuid end)',
  });
  const { rows } = await tx.query<
    FraudCounts & { training: boolean; mobile: string; failed_at: Date[] }
  >(
    `select c.training, c.mobile,
            case when c.training then '{}'::timestamptz[]
                 else array(${basicFailedAt('c.id', '$2', 'null')}) end as failed_at, ${FRAUD_COUNT_COLUMNS}
       from customers c cross join lateral (${counts}) f
      where c.id = $1`,
    [customerId, basicWindowStart(at), callerNumber, fraudSince(at, thresholds), sessionId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    training: row.training,
    mobile: row.mobile,
    basicFailures: failuresOf(row.failed_at, at),
    facts: factsOf(row, customerId),
  };
}
