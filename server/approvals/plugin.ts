// The lead's side of Art. 10: pending approvals with masked case details and step history, and
// the decision (approve or deny, with a reason; never one's own request — four eyes). Anyone
// below lead who tries is refused and the attempt is recorded as `over-permission`.
import { transition } from '../../common/policy.js';
import {
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalsQuery,
  ApprovalsResponse,
  IdParams,
  type Approval,
} from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import { reviewPolicyOf, type VerificationDeps } from '../verification/options.js';
import { asLead, overPermission } from '../permissions.js';
import { lockSession, recordEvent, saveState, stateOf } from '../verification/repository.js';
import { sessionView } from '../verification/view.js';
import {
  approvalView,
  decideApproval,
  listApprovals,
  lockApproval,
  readApproval,
  sessionOfApproval,
} from './repository.js';

const TAGS = ['approvals'];

export async function approvalsPlugin(api: Api, deps: VerificationDeps): Promise<void> {
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
      asLead(deps, request, 'list-approvals', async (tx) => {
        const approvals: Approval[] = [];
        for (const row of await listApprovals(tx, request.query.status))
          approvals.push(await approvalView(tx, row));
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
        response: {
          200: ApprovalDecisionResponse,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const result = await asLead(deps, request, 'decide-approvals', async (tx, agent, at) => {
        const sessionId = await sessionOfApproval(tx, request.params.id);
        if (!sessionId) throw new AppError('not-found', 'no such approval request');
        const session = await lockSession(tx, sessionId);
        const row = await lockApproval(tx, request.params.id);
        if (row.requested_by === agent.username || session.agent_username === agent.username) {
          return overPermission(
            tx,
            at,
            agent,
            'decide-own-approval',
            'nobody approves their own request (Art. 10, four eyes); the attempt was recorded',
            {
              sessionId: session.id,
              customerId: session.customer_id,
            },
          );
        }
        if (row.status !== 'pending')
          throw new AppError('conflict', `this request was already ${row.status}`);
        const { approve, reason } = request.body;
        const next = transition(stateOf(session), { type: 'decide-approval', approve });
        if (!next.ok) throw new AppError('conflict', next.message);
        await decideApproval(tx, row.id, { approve, by: agent.username, at, reason });
        await saveState(tx, session.id, next.state, at, reviewPolicyOf(deps));
        await recordEvent(tx, {
          sessionId: session.id,
          at,
          agent: agent.username,
          customerId: session.customer_id,
          step: 'approval-decision',
          outcome: approve ? 'approved' : 'denied',
          note: reason,
        });
        return {
          approval: await approvalView(tx, await readApproval(tx, row.id)),
          session: await sessionView(tx, session.id),
        };
      });
      request.log.info(
        {
          approval: result.approval.id,
          session: result.session.id,
          status: result.approval.status,
        },
        'approval decided',
      );
      return result;
    },
  );
}
