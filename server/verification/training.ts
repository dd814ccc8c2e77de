// A session's training mark (Art. 9), decided here from its customer, never from the desk's say
// alone: a training customer's session is a training session; a session opened before its
// customer is known may be asked for as training, and then names training customers only. A live
// session needs the course `--require-training` names passed first.
import { AppError } from '../../common/result.js';
import { isTrainingCustomer } from '../customers/repository.js';
import type { Queryable } from '../db.js';
import { trainingStatus } from '../training/status.js';
import type { VerificationDeps } from './options.js';

export async function sessionIsTraining(
  tx: Queryable,
  customerId: string | undefined,
  asked: boolean | undefined,
): Promise<boolean> {
  if (customerId === undefined) return asked ?? false;
  const training = await isTrainingCustomer(tx, customerId);
  if (training === undefined) throw new AppError('not-found', 'no such customer');
  if (asked !== undefined && asked !== training)
    throw new AppError(
      'conflict',
      training
        ? 'this customer is a training customer: only a training session may name them'
        : 'a live customer’s session cannot be a training session',
    );
  return training;
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
 * A training customer starts each training session without the password locks an earlier
 * trainee's drill left (trainees share the synthetic customers; live customers are never touched).
 */
export async function freshTrainingCustomer(tx: Queryable, customerId: string): Promise<void> {
  await tx.query(
    `delete from password_failures f using customers c
      where f.customer_id = $1 and c.id = f.customer_id and c.training`,
    [customerId],
  );
}

/** The basic check names a customer of the session's own namespace only (404 otherwise). */
export async function assertSameNamespace(
  tx: Queryable,
  customerId: string,
  sessionTraining: boolean,
): Promise<void> {
  if ((await isTrainingCustomer(tx, customerId)) !== sessionTraining)
    throw new AppError('not-found', 'no such customer');
}
