// The Art. 5(2) exception procedure as the records service runs it: the supervisors' alert and a
// follow-up case in the leads' call-back queue (a lead calls the customer back on the reserved
// mobile), with the call, the agent and the reason. Runs in the check's transaction, once.
import { basicExceptionReason, type OtherAlertReason } from '../../common/policy.js';
import { maskMobile } from '../../common/phone-number.js';
import { raiseAlert } from '../alerts/repository.js';
import { openExceptionFollowUp } from '../callbacks/repository.js';
import type { CheckContext } from './check.js';

export async function startExceptionProcedure(
  ctx: CheckContext,
  customer: { id: string; mobile: string },
  failuresInWindow: number,
): Promise<void> {
  // Art. 9: a training session's exception opens no follow-up and raises no alert.
  if (ctx.row.training) return;
  const reason = basicExceptionReason(failuresInWindow);
  // A session reaches the exception once (it ends there); the follow-up is unique per session too.
  const opened = await openExceptionFollowUp(ctx.tx, {
    sessionId: ctx.row.id,
    callId: ctx.row.call_id,
    customerId: customer.id,
    customerRef: maskMobile(customer.mobile),
    reason,
    agent: ctx.agent.username,
    at: ctx.at,
  });
  if (!opened) return;
  await raiseAlert(ctx.tx, {
    kind: 'verification-exception',
    at: ctx.at,
    agentUsername: ctx.agent.username,
    sessionId: ctx.row.id,
    customerId: customer.id,
    reasons: ['basic-attempts-exhausted' satisfies OtherAlertReason],
    details: { failuresInWindow, reason },
  });
}
