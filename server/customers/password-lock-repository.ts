// Password locks in the database (Art. 6): the lock on one customer's password kind, the agents of
// the call where it happened (from the check events), lifting it, and the audit row of each lift.
import { randomUUID } from 'node:crypto';
import type { PasswordKind } from '../../common/policy.js';
import type { Queryable } from '../db.js';

export async function customerExists(tx: Queryable, id: string): Promise<boolean> {
  const { rows } = await tx.query('select 1 from customers where id = $1', [id]);
  return rows.length > 0;
}

/** When the password locked, with the counter row locked; null when it is not locked. */
export async function lockedSince(
  tx: Queryable,
  customerId: string,
  kind: PasswordKind,
): Promise<Date | null> {
  const { rows } = await tx.query<{ locked_at: Date | null }>(
    'select locked_at from password_failures where customer_id = $1 and kind = $2 for update',
    [customerId, kind],
  );
  return rows[0]?.locked_at ?? null;
}

/**
 * The agents of the call where the password locked: who keyed the last failing password check at
 * or before `lockedAt`, and the agent who owns that session. Empty when no event tells.
 */
export async function lockingAgents(
  tx: Queryable,
  customerId: string,
  lockedAt: Date,
): Promise<string[]> {
  const { rows } = await tx.query<{ keyed_by: string; session_agent: string }>(
    `select e.agent_username as keyed_by, s.agent_username as session_agent
       from verification_events e join verification_sessions s on s.id = e.session_id
      where e.customer_id = $1 and e.step = 'password' and e.outcome in ('failed', 'locked')
        and e.at = (select max(at) from verification_events
                     where customer_id = $1 and step = 'password'
                       and outcome in ('failed', 'locked') and at <= $2)`,
    [customerId, lockedAt],
  );
  return [...new Set(rows.flatMap((r) => [r.keyed_by, r.session_agent]))].sort();
}

export interface LockLift {
  customerId: string;
  kind: PasswordKind;
  lockedAt: Date;
  lockedBy: string[];
  at: Date;
  by: string;
  reason: string;
}

/** Clears the lock and its count, and keeps the lift with its reason; answers the lift's id. */
export async function liftLock(tx: Queryable, lift: LockLift): Promise<string> {
  await tx.query(
    `update password_failures set consecutive = 0, locked_at = null, updated_at = $3
      where customer_id = $1 and kind = $2`,
    [lift.customerId, lift.kind, lift.at],
  );
  const id = randomUUID();
  await tx.query(
    `insert into password_lock_lifts
       (id, customer_id, kind, locked_at, locked_by, lifted_at, lifted_by, reason)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
    [
      id,
      lift.customerId,
      lift.kind,
      lift.lockedAt,
      JSON.stringify(lift.lockedBy),
      lift.at,
      lift.by,
      lift.reason,
    ],
  );
  return id;
}
