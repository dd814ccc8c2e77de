// Art. 18 fraud rules across agents and sessions: the server counts, common/policy.ts decides.
// Evaluated inside the transaction of every check, before the check runs (a hit means the check
// does not run at all) and after it (its own outcome may be the hit, e.g. a killed passcode).
import { FAILED_STATUSES, fraudReasons, type FraudFacts, type FraudReason, type FraudThresholds } from '../../common/policy.js';
import type { Queryable } from '../db.js';

export interface FraudContext {
  callerNumber: string;
  /** The customer the check concerns, when known (the session's or the one being tried). */
  customerId: string | null;
  now: Date;
}

const FAILED_LIST = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');

export async function fraudFacts(tx: Queryable, { callerNumber, customerId, now }: FraudContext, thresholds: FraudThresholds): Promise<FraudFacts> {
  const since = new Date(now.getTime() - thresholds.windowSeconds * 1000);
  // Customers this number tried: named in a basic check or the session itself, plus this one.
  const distinct = await tx.query<{ n: number }>(
    `select count(distinct c)::int as n from (
        select e.customer_id as c from verification_events e join verification_sessions s on s.id = e.session_id
         where s.caller_number = $1 and e.at > $2 and e.customer_id is not null
        union select customer_id from verification_sessions where caller_number = $1 and created_at > $2 and customer_id is not null
        union select $3::uuid
      ) tried where c is not null`,
    [callerNumber, since, customerId],
  );
  if (customerId === null) return { distinctCustomersForCaller: distinct.rows[0]!.n, failedSessionsForCustomer: 0, killedOtpsForCustomer: 0 };
  const failed = await tx.query<{ n: number }>(
    `select count(*)::int as n from verification_sessions where customer_id = $1 and updated_at > $2 and status in (${FAILED_LIST})`,
    [customerId, since],
  );
  const killed = await tx.query<{ n: number }>('select count(*)::int as n from verification_otps where customer_id = $1 and killed_at > $2', [customerId, since]);
  return { distinctCustomersForCaller: distinct.rows[0]!.n, failedSessionsForCustomer: failed.rows[0]!.n, killedOtpsForCustomer: killed.rows[0]!.n };
}

export async function evaluateFraud(tx: Queryable, context: FraudContext, thresholds: FraudThresholds): Promise<{ reasons: FraudReason[]; facts: FraudFacts }> {
  const facts = await fraudFacts(tx, context, thresholds);
  return { reasons: fraudReasons(facts, thresholds), facts };
}
