// Art. 10 approval request: a session beyond the agent's tier (or flagged by Art. 18) asks a lead;
// it then waits, and no check runs until the lead decides (server/approvals/). Only a session the
// policy says needs approval may ask; the agent's note is recorded with the request.
import { randomUUID } from 'node:crypto';
import { ApprovalRequestBody } from '../../../common/records-api.js';
import { insertApprovalRequest } from '../../approvals/repository.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import type { Checks } from '../check.js';
import { recordEvent } from '../repository.js';

export function approvalRequestStep(api: Api, { run, allowed, schema, config }: Checks): void {
  api.post(
    '/api/v1/verifications/:id/approval-request',
    {
      config,
      schema: {
        ...schema,
        summary:
          'Art. 10: ask a lead to approve a session beyond the agent’s tier; the session waits',
        body: ApprovalRequestBody,
      },
    },
    async (request) =>
      run(request, request.params.id, 'approval-request', async (ctx) => {
        const state = await allowed(ctx, { type: 'request-approval' });
        if (state instanceof Refused) return state;
        const note = request.body.note ?? null;
        await insertApprovalRequest(ctx.tx, {
          id: randomUUID(),
          sessionId: ctx.row.id,
          reasons: state.approvalReasons,
          requestedBy: ctx.agent.username,
          at: ctx.at,
          note,
        });
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'approval-request',
          outcome: 'requested',
          note,
        });
        return { state, result: 'requested' };
      }),
  );
}
