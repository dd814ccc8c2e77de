// The counts the Art. 18 fraud rules read, across agents and sessions (common/policy.ts decides,
// ./fraud.ts suspends). Live sessions count among live ones; a training session (Art. 9) counts
// itself only, so practice runs and trainees sharing the synthetic customers never add up.
import { FAILED_STATUSES, type FraudFacts, type FraudThresholds } from '../../common/policy.js';
import type { Queryable } from '../db.js';

const FAILED_LIST = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');

/** Live sessions when the parameter is null, else that one training session (Art. 9). */
const SCOPE = (alias: string, n: number): string =>
  `(case when $${n}::uuid is null then not ${alias}.training
        else ${alias}.training and ${alias}.id = $${n}::uuid end)`;

export interface FraudContext {
  callerNumber: string;
  /**
   * Art. 9: a training session — its facts count that session only (the fraud drill tries its
   * customers within one call; trainees share them); absent, live sessions only.
   */
  trainingSession?: string | null;
  /** The customer the check concerns, when known (the session's or the one being tried). */
  customerId: string | null;
  now: Date;
}

export async function fraudFacts(
  tx: Queryable,
  { callerNumber, customerId, now, trainingSession = null }: FraudContext,
  thresholds: FraudThresholds,
): Promise<FraudFacts> {
  const since = new Date(now.getTime() - thresholds.windowSeconds * 1000);
  // One statement, three counts (one snapshot, one round trip). Without a customer the two
  // per-customer counts match nothing (customer_id = null) and are 0.
  const { rows } = await tx.query<{ distinct_n: number; failed_n: number; killed_n: number }>(
    // Customers this number tried: named in a basic check or the session itself, plus this one.
    `select (select count(distinct c)::int from (
        select e.customer_id as c from verification_events e join verification_sessions s on s.id = e.session_id
         where s.caller_number = $1 and e.at > $2 and e.customer_id is not null and ${SCOPE('s', 4)}
        union select customer_id from verification_sessions s where caller_number = $1 and created_at > $2 and customer_id is not null and ${SCOPE('s', 4)}
        union select $3::uuid
      ) tried where c is not null) as distinct_n,
      (select count(*)::int from verification_sessions s where customer_id = $3::uuid and updated_at > $2 and status in (${FAILED_LIST}) and ${SCOPE('s', 4)}) as failed_n,
      (select count(*)::int from verification_otps o join verification_sessions s on s.id = o.session_id
        where o.customer_id = $3::uuid and o.killed_at > $2 and ${SCOPE('s', 4)}) as killed_n`,
    [callerNumber, since, customerId, trainingSession],
  );
  const counts = rows[0]!;
  return {
    distinctCustomersForCaller: counts.distinct_n,
    failedSessionsForCustomer: customerId === null ? 0 : counts.failed_n,
    killedOtpsForCustomer: customerId === null ? 0 : counts.killed_n,
  };
}
