// The counts the Art. 18 fraud rules read, across agents and sessions (common/policy.ts decides,
// ./fraud.ts suspends). Live sessions count among live ones; a training session (Art. 9) counts
// itself only, so practice runs and trainees sharing the synthetic customers never add up.
import { FAILED_STATUSES, type FraudFacts, type FraudThresholds } from '../../common/policy.js';
import type { Queryable } from '../db.js';

const FAILED_LIST = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Live sessions when `trainingSession` (an SQL expression) is null, else that one training session
 * (Art. 9).
 */
const SCOPE = (alias: string, trainingSession: string): string =>
  `(case when ${trainingSession} is null then not ${alias}.training
        else ${alias}.training and ${alias}.id = ${trainingSession} end)`;

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

/** The four inputs of the counts, each an SQL expression (a parameter, or a column of a join). */
export interface FraudCountsSql {
  caller: string;
  since: string;
  /** A uuid expression; null matches nothing. */
  customer: string;
  /** A uuid expression: null for live sessions, else that training session. */
  trainingSession: string;
}

/**
 * The counts the rules read, as one select of three columns (distinct_n, failed_n, killed_n): one
 * snapshot, and a statement of their own or a lateral part of a larger read (basic-failures.ts).
 * Without a customer the two per-customer counts match nothing (customer_id = null) and are 0.
 */
export const fraudCountsSql = ({ caller, since, customer, trainingSession }: FraudCountsSql) =>
  // Customers this number tried: named in a basic check or the session itself, plus this one.
  `select (select count(distinct c)::int from (
        select e.customer_id as c from verification_events e join verification_sessions s on s.id = e.session_id
         where s.caller_number = ${caller} and e.at > ${since} and e.customer_id is not null and ${SCOPE('s', trainingSession)}
        union select customer_id from verification_sessions s where caller_number = ${caller} and created_at > ${since} and customer_id is not null and ${SCOPE('s', trainingSession)}
        union select ${customer}
      ) tried where c is not null) as distinct_n,
      (select count(*)::int from verification_sessions s where customer_id = ${customer} and updated_at > ${since} and status in (${FAILED_LIST}) and ${SCOPE('s', trainingSession)}) as failed_n,
      (select count(*)::int from verification_otps o join verification_sessions s on s.id = o.session_id
        where o.customer_id = ${customer} and o.killed_at > ${since} and ${SCOPE('s', trainingSession)}) as killed_n`;

/** fraudCountsSql's columns over its alias `f`, by name (a `*` list is never prepared: db.ts). */
export const FRAUD_COUNT_COLUMNS = 'f.distinct_n, f.failed_n, f.killed_n';

export interface FraudCounts {
  distinct_n: number;
  failed_n: number;
  killed_n: number;
}

/** The start of the rules' window ending `now`. */
export const fraudSince = (now: Date, thresholds: FraudThresholds): Date =>
  new Date(now.getTime() - thresholds.windowSeconds * 1000);

/** The facts of a counts row (fraudCountsSql) for `customerId`. */
export const factsOf = (counts: FraudCounts, customerId: string | null): FraudFacts => ({
  distinctCustomersForCaller: counts.distinct_n,
  failedSessionsForCustomer: customerId === null ? 0 : counts.failed_n,
  killedOtpsForCustomer: customerId === null ? 0 : counts.killed_n,
});

/** The counts over parameters $1 to $4, in the order fraudParams gives them. */
export const FRAUD_COUNTS_BY_PARAMS = fraudCountsSql({
  caller: '$1',
  since: '$2',
  customer: '$3::uuid',
  trainingSession: '$4::uuid',
});

/** FRAUD_COUNTS_BY_PARAMS's parameters for `context`. */
export const fraudParams = (
  { callerNumber, customerId, now, trainingSession = null }: FraudContext,
  thresholds: FraudThresholds,
): unknown[] => [callerNumber, fraudSince(now, thresholds), customerId, trainingSession];

export async function fraudFacts(
  tx: Queryable,
  context: FraudContext,
  thresholds: FraudThresholds,
): Promise<FraudFacts> {
  const { rows } = await tx.query<FraudCounts>(
    FRAUD_COUNTS_BY_PARAMS,
    fraudParams(context, thresholds),
  );
  return factsOf(rows[0]!, context.customerId);
}
