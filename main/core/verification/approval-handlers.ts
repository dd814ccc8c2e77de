// A lead's side of an approval (Art. 10): the pending list and a decision, made on the records
// service — which refuses anyone below the tier — and journaled on this desk, refusal included.
import { AppError } from '../../../common/result.js';
import type { ApprovalsWatch } from './approvals-watch.js';
import type { VerificationContext, VerificationHandlers } from './context.js';

export function approvalHandlers(
  ctx: VerificationContext,
  inbox: ApprovalsWatch,
): Pick<VerificationHandlers, 'approvals:list' | 'approvals:decide'> {
  const { records, journal } = ctx;
  return {
    'approvals:list': async () => {
      const { token } = ctx.signedIn();
      return records.listApprovals(token, 'pending');
    },

    'approvals:decide': async ({ approvalId, approve, reason }) => {
      const { token, agent } = ctx.signedIn();
      let answer;
      try {
        answer = await records.decideApproval(token, approvalId, approve, reason);
      } catch (error) {
        if (error instanceof AppError)
          await journal.append('verify.approval-refused', {
            agent: agent.username,
            approvalId,
            code: error.code,
          });
        throw error;
      }
      await journal.append('verify.approval-decided', {
        agent: agent.username,
        callId: answer.approval.case.callId,
        sessionId: answer.approval.sessionId,
        approvalId,
        decision: answer.approval.status,
        requestedBy: answer.approval.requestedBy,
        reason,
        status: answer.session.status,
        // Art. 9: a training call’s decision is archived marked (the lead never saw the call).
        ...(answer.approval.case.training === true ? { training: true } : {}),
      });
      // The inbox shows the change at once, before the push of it arrives.
      await inbox.refreshNow();
      return answer;
    },
  };
}
