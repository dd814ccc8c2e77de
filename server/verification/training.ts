// A session's training mark (Art. 9), decided here from its customer, never from the desk's say
// alone: a training customer's session is a training session; a session opened before its
// customer is known may be asked for as training, and then names training customers only. A live
// session needs the course `--require-training` names passed first.
import type { FraudFacts, FraudThresholds } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { trainingStatus } from '../training/status.js';
import type { VerificationDeps } from './options.js';
import { newSessionCustomer } from './basic-failures.js';

/**
 * The session's training mark, its customer's reserved mobile (undefined without a customer), the
 * customer's failed basic checks so far (Art. 5(2), live customers) and the Art. 18 counts for the
 * caller and customer, in one read (newSessionCustomer): 404 for an unknown customer, 409 when
 * `asked` contradicts the customer. Without a customer there are no counts yet (`facts`).
 */
export async function sessionIsTraining(
  tx: Queryable,
  session: {
    customerId: string | undefined;
    asked: boolean | undefined;
    sessionId: string;
    callerNumber: string;
    at: Date;
  },
  thresholds: FraudThresholds,
): Promise<{
  training: boolean;
  mobile: string | undefined;
  basicFailures: number;
  facts?: FraudFacts;
}> {
  const { customerId, asked } = session;
  if (customerId === undefined)
    return { training: asked ?? false, mobile: undefined, basicFailures: 0 };
  const customer = await newSessionCustomer(tx, { ...session, customerId }, thresholds);
  if (customer === undefined) throw new AppError('not-found', 'no such customer');
  if (asked !== undefined && asked !== customer.training)
    throw new AppError(
      'conflict',
      customer.training
        ? 'this customer is a training customer: only a training session may name them'
        : 'a live customer’s session cannot be a training session',
    );
  return customer;
}

/** 403 `training-required` unless the agent passed the course live calls require (Art. 9). */
export async function requireTrainingPassed(
  tx: Queryable,
  deps: VerificationDeps,
  username: string,
): Promise<void> {
  const training = deps.training;
  if (!training?.requiredCourse) return;
  const status = await trainingStatus(tx, training.catalog, training.requiredCourse, username);
  if (!status.clearedForLive)
    throw new AppError(
      'training-required',
      `live calls need the training course "${training.requiredCourse}" passed first (Art. 9)`,
    );
}

/**
 * A training session's own password counter (Art. 6, 9), read from its events: trainees share the
 * synthetic customers, so no practice run locks (or unlocks) another's — live counters untouched.
 */
export async function trainingPasswordCounter(
  tx: Queryable,
  sessionId: string,
): Promise<{ consecutive: number; locked_at: Date | null }> {
  const { rows } = await tx.query<{ outcome: string; at: Date }>(
    `select outcome, at from verification_events where session_id = $1 and step = 'password'
      order by id`,
    [sessionId],
  );
  let counter = { consecutive: 0, locked_at: null as Date | null };
  for (const { outcome, at } of rows)
    if (outcome === 'passed') counter = { consecutive: 0, locked_at: null };
    else if (outcome === 'failed') counter.consecutive += 1;
    else if (outcome === 'locked') counter = { ...counter, locked_at: new Date(at) };
  return counter;
}
