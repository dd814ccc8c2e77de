// The lead's side of Art. 10 and Art. 18: pending approvals with masked case details and step
// history, the decision (approve or deny, with a reason; never one's own request), and alerts.
// Anyone below lead who tries is refused and the attempt is recorded as `over-permission`.
import type { FastifyRequest } from 'fastify';
import type { AgentProfile } from '../../common/domain.js';
import { mayApprove, riskOf, transition, type ApprovalReason, type BusinessType, type SessionStatus } from '../../common/policy.js';
import {
  AlertsQuery,
  AlertsResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalsQuery,
  ApprovalsResponse,
  IdParams,
  type Approval as ApprovalView,
} from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import { inTransaction, overPermission, type Refused, type VerificationDeps } from './context.js';
import { maskCaller } from './mask.js';
import { lockSession, maskedCustomer, recordEvent, saveState, sessionView, stateOf } from './sessions.js';

const TAGS = ['approvals'];

interface ApprovalRow {
  id: string;
  session_id: string;
  reasons: ApprovalReason[];
  requested_by: string;
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
}

const APPROVAL_SELECT = `select a.*, s.call_id, s.business_type, s.caller_number, s.customer_id, s.status as session_status
  from verification_approvals a join verification_sessions s on s.id = a.session_id`;

async function approvalView(tx: Queryable, row: ApprovalRow): Promise<ApprovalView> {
  const events = await tx.query<{ step: string; outcome: string; at: Date; agent_username: string }>(
    'select step, outcome, at, agent_username from verification_events where session_id = $1 order by id',
    [row.session_id],
  );
  return {
    id: row.id,
    sessionId: row.session_id,
    status: row.status,
    reasons: row.reasons,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    note: row.note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    case: {
      callId: row.call_id,
      businessType: row.business_type,
      risk: riskOf(row.business_type),
      callerNumber: maskCaller(row.caller_number),
      customer: await maskedCustomer(tx, row.customer_id),
      sessionStatus: row.session_status,
      steps: events.rows.map((e) => ({ step: e.step, outcome: e.outcome, at: e.at.toISOString(), agent: e.agent_username })),
    },
  };
}

export function approvalRoutes(api: Api, deps: VerificationDeps): void {
  const { db, now } = deps;

  /** Lead-only routes: the refusal is recorded (Art. 10). */
  async function asLead<T>(request: FastifyRequest, action: string, run: (tx: Queryable, agent: AgentProfile, at: Date) => Promise<T | Refused>): Promise<T> {
    const { agent } = await deps.requireAgent(request);
    const at = now();
    return inTransaction(db, async (tx) => {
      if (!mayApprove(agent.tier)) return overPermission(tx, at, agent, action, `only a lead may ${action.replace(/-/g, ' ')} (Art. 10); the attempt was recorded`);
      return run(tx, agent, at);
    });
  }

  api.get(
    '/api/v1/approvals',
    {
      schema: {
        summary: 'Approval requests (lead+), with masked case details and step history',
        tags: TAGS,
        security: BEARER,
        querystring: ApprovalsQuery,
        response: { 200: ApprovalsResponse, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asLead(request, 'list-approvals', async (tx) => {
        const { rows } = await tx.query<ApprovalRow>(`${APPROVAL_SELECT} where a.status = $1 order by a.requested_at, a.id limit 200`, [request.query.status]);
        const approvals: ApprovalView[] = [];
        for (const row of rows) approvals.push(await approvalView(tx, row));
        return { approvals };
      }),
  );

  api.post(
    '/api/v1/approvals/:id/decision',
    {
      schema: {
        summary: 'Approve or deny a request, with a reason (lead+, never one’s own)',
        tags: TAGS,
        security: BEARER,
        params: IdParams,
        body: ApprovalDecisionRequest,
        response: { 200: ApprovalDecisionResponse, ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict') },
      },
    },
    async (request) => {
      const result = await asLead(request, 'decide-approvals', async (tx, agent, at) => {
        const found = await tx.query<{ session_id: string }>('select session_id from verification_approvals where id = $1', [request.params.id]);
        if (!found.rows[0]) throw new AppError('not-found', 'no such approval request');
        const session = await lockSession(tx, found.rows[0].session_id);
        const row = (await tx.query<ApprovalRow>(`${APPROVAL_SELECT} where a.id = $1 for update of a`, [request.params.id])).rows[0]!;
        if (row.requested_by === agent.username || session.agent_username === agent.username) {
          return overPermission(tx, at, agent, 'decide-own-approval', 'nobody approves their own request (Art. 10, four eyes); the attempt was recorded', {
            sessionId: session.id,
            customerId: session.customer_id,
          });
        }
        if (row.status !== 'pending') throw new AppError('conflict', `this request was already ${row.status}`);
        const { approve, reason } = request.body;
        const next = transition(
          stateOf(session),
          { type: 'decide-approval', approve },
        );
        if (!next.ok) throw new AppError('conflict', next.message);
        await tx.query('update verification_approvals set status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 where id = $1', [
          row.id,
          approve ? 'approved' : 'denied',
          agent.username,
          at,
          reason,
        ]);
        await saveState(tx, session.id, next.state, at);
        await recordEvent(tx, { sessionId: session.id, at, agent: agent.username, customerId: session.customer_id, step: 'approval-decision', outcome: approve ? 'approved' : 'denied', note: reason });
        const updated = (await tx.query<ApprovalRow>(`${APPROVAL_SELECT} where a.id = $1`, [row.id])).rows[0]!;
        return { approval: await approvalView(tx, updated), session: await sessionView(tx, session.id) };
      });
      request.log.info({ approval: result.approval.id, session: result.session.id, status: result.approval.status }, 'approval decided');
      return result;
    },
  );

  api.get(
    '/api/v1/alerts',
    {
      schema: {
        summary: 'Alerts for supervisors (lead+): over-permission, fraud, lockouts, exceptions',
        tags: TAGS,
        security: BEARER,
        querystring: AlertsQuery,
        response: { 200: AlertsResponse, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asLead(request, 'list-alerts', async (tx) => {
        const { kind, open, limit } = request.query;
        const { rows } = await tx.query<{
          id: string;
          kind: string;
          raised_at: Date;
          agent_username: string | null;
          customer_id: string | null;
          session_id: string | null;
          reasons: string[];
          details: Record<string, string | number | boolean | null>;
          acknowledged_at: Date | null;
        }>(
          `select id, kind, raised_at, agent_username, customer_id, session_id, reasons, details, acknowledged_at from alerts
            where ($1::text is null or kind = $1) and ($2::boolean is null or (acknowledged_at is null) = $2)
            order by raised_at desc, id limit $3`,
          [kind ?? null, open === undefined ? null : open === 'true', limit],
        );
        return {
          alerts: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            raisedAt: r.raised_at.toISOString(),
            agentUsername: r.agent_username,
            customerId: r.customer_id,
            sessionId: r.session_id,
            reasons: r.reasons,
            details: r.details,
            acknowledged: r.acknowledged_at !== null,
          })),
        };
      }),
  );
}
