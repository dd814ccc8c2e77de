// The Art. 14 call-back dials in the database: one row per dial the desk's phone was given, and
// the desk's report of how it went. The reserved mobile is never stored here (Art. 11).
import type { Queryable } from '../db.js';

export interface CallbackDialRow {
  id: string;
  session_id: string;
  dialled_by: string;
  dialled_at: Date;
  expires_at: Date;
  outcome: 'answered' | 'not-answered' | null;
}

export async function insertCallbackDial(
  tx: Queryable,
  d: {
    id: string;
    sessionId: string;
    customerId: string;
    agent: string;
    at: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into verification_callbacks (id, session_id, customer_id, dialled_by, dialled_at, expires_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [d.id, d.sessionId, d.customerId, d.agent, d.at, d.expiresAt],
  );
}

export async function countCallbackDials(tx: Queryable, sessionId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'select count(*)::int as n from verification_callbacks where session_id = $1',
    [sessionId],
  );
  return rows[0]?.n ?? 0;
}

/** One dial of the session (the session row is locked by the caller), or undefined. */
export async function callbackDialOf(
  tx: Queryable,
  sessionId: string,
  dialId: string,
): Promise<CallbackDialRow | undefined> {
  const { rows } = await tx.query<CallbackDialRow>(
    `select id, session_id, dialled_by, dialled_at, expires_at, outcome
       from verification_callbacks where id = $1 and session_id = $2`,
    [dialId, sessionId],
  );
  return rows[0];
}

export async function settleCallbackDial(
  tx: Queryable,
  dialId: string,
  callId: string,
  answered: boolean,
  at: Date,
): Promise<void> {
  await tx.query(
    'update verification_callbacks set call_id = $2, outcome = $3, reported_at = $4 where id = $1',
    [dialId, callId, answered ? 'answered' : 'not-answered', at],
  );
}
