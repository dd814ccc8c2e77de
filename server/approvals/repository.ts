// Approval requests in the database (Art. 10): one per session beyond the agent's tier or flagged
// by the fraud rules, decided once by a lead with a reason. The lead's view carries the case
// masked and its step history (Art. 11), never a value the customer gave.
import { maskCaller } from '../../common/phone-number.js';
import {
  riskOf,
  type ApprovalReason,
  type BusinessType,
  type SessionStatus,
} from '../../common/policy.js';
import type { Approval as ApprovalView } from '../../common/records-api.js';
import { maskedCustomer } from '../customers/repository.js';
import type { Queryable } from '../db.js';
import { listEvents } from '../verification/repository.js';

export interface ApprovalRow {
  id: string;
  session_id: string;
  reasons: ApprovalReason[];
  requested_by: string;
  requested_by_name: string | null;
  decided_by_name: string | null;
  requested_at: Date;
  note: string | null;
  status: 'pending' | 'approved' | 'denied';
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  call_id: string;
  business_type: BusinessType;
  caller_number: string;
  customer_id: string | null;
  session_status: SessionStatus;
  training: boolean;
}

const APPROVAL_SELECT = `select a.*, s.call_id, s.business_type, s.caller_number, s.customer_id, s.status as session_status, s.training,
    (select name from agents where username = a.requested_by) as requested_by_name,
    (select name from agents where username = a.decided_by) as decided_by_name
  from verification_approvals a join verification_sessions s on s.id = a.session_id`;

export async function approvalView(tx: Queryable, row: ApprovalRow): Promise<ApprovalView> {
  const events = await listEvents(tx, row.session_id);
  return {
    id: row.id,
    sessionId: row.session_id,
    status: row.status,
    reasons: row.reasons,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: row.requested_at.toISOString(),
    note: row.note,
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    case: {
      callId: row.call_id,
      businessType: row.business_type,
      risk: riskOf(row.business_type),
      callerNumber: maskCaller(row.caller_number),
      customer: await maskedCustomer(tx, row.customer_id),
      sessionStatus: row.session_status,
      training: row.training,
      steps: events.map((e) => ({
        step: e.step,
        outcome: e.outcome,
        at: e.at.toISOString(),
        agent: e.agent_username,
      })),
    },
  };
}

/** Requests with this status, oldest first (at most 200). */
export async function listApprovals(
  tx: Queryable,
  status: ApprovalRow['status'],
): Promise<ApprovalRow[]> {
  return (
    await tx.query<ApprovalRow>(
      `${APPROVAL_SELECT} where a.status = $1 order by a.requested_at, a.id limit 200`,
      [status],
    )
  ).rows;
}

/** The session a request is for, or undefined for an unknown request. */
export async function sessionOfApproval(tx: Queryable, id: string): Promise<string | undefined> {
  return (
    await tx.query<{ session_id: string }>(
      'select session_id from verification_approvals where id = $1',
      [id],
    )
  ).rows[0]?.session_id;
}

/** The request, locked (take the session's lock first, as every check does). */
export async function lockApproval(tx: Queryable, id: string): Promise<ApprovalRow> {
  return (await tx.query<ApprovalRow>(`${APPROVAL_SELECT} where a.id = $1 for update of a`, [id]))
    .rows[0]!;
}

export async function readApproval(tx: Queryable, id: string): Promise<ApprovalRow> {
  return (await tx.query<ApprovalRow>(`${APPROVAL_SELECT} where a.id = $1`, [id])).rows[0]!;
}

export async function decideApproval(
  tx: Queryable,
  id: string,
  decision: { approve: boolean; by: string; at: Date; reason: string },
): Promise<void> {
  await tx.query(
    'update verification_approvals set status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 where id = $1',
    [id, decision.approve ? 'approved' : 'denied', decision.by, decision.at, decision.reason],
  );
}

export async function insertApprovalRequest(
  tx: Queryable,
  request: {
    id: string;
    sessionId: string;
    reasons: readonly ApprovalReason[];
    requestedBy: string;
    at: Date;
    note: string | null;
  },
): Promise<void> {
  await tx.query(
    `insert into verification_approvals (id, session_id, reasons, requested_by, requested_at, note, status) values ($1, $2, $3::jsonb, $4, $5, $6, 'pending')`,
    [
      request.id,
      request.sessionId,
      JSON.stringify(request.reasons),
      request.requestedBy,
      request.at,
      request.note,
    ],
  );
}

/** Who decided the session's request and why, for the session view; undefined when none. */
interface Decision {
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
}

export async function decisionFor(tx: Queryable, sessionId: string): Promise<Decision | undefined> {
  const { rows } = await tx.query<Decision>(
    // The latest request: a session asks again after its business changed (Art. 4(2)).
    `select decided_by, decision_reason,
       (select name from agents where username = decided_by) as decided_by_name
     from verification_approvals where session_id = $1
      order by requested_at desc, decided_at desc nulls first limit 1`,
    [sessionId],
  );
  return rows[0];
}
