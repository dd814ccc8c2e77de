// What the agent records about the call beside the checks: a complaint (Art. 16: the customer's
// words as the agent wrote them, the company's deadline from the records service, masked customer
// references only, Art. 11)
// and the wrap-up, which journals how the session ended and lets this desk forget it.
import type { ParsedRequestOf } from '../../../common/contract.js';
import { errorCode, type VerificationContext, type VerificationHandlers } from './context.js';
import type { SessionMemory } from './memory.js';
import type { SessionWatch } from './session-watch.js';

export interface CallHandlerOptions {
  memory: SessionMemory;
  sessions: SessionWatch;
}

export function callHandlers(
  ctx: VerificationContext,
  options: CallHandlerOptions,
): Pick<VerificationHandlers, 'verify:complaint' | 'verify:wrap-up'> {
  const { records, journal, logger } = ctx;
  const { memory, sessions } = options;
  return {
    'verify:complaint': async (request: ParsedRequestOf<'verify:complaint'>) => {
      const { token, agent } = ctx.signedIn();
      const session = request.sessionId ? memory.get(request.sessionId) : undefined;
      // Journaled first: the complaint is never lost, even when the records service is down.
      const entry = await journal.append('complaint.recorded', {
        agent: agent.username,
        callId: request.callId,
        sessionId: request.sessionId ?? null,
        category: request.category,
        // The agent's own note of what the customer said (Art. 16): kept as written.
        summary: request.text,
        wantsReply: request.wantsReply,
        // Masked references only (Art. 11): `李*` and the records service's id.
        customerRef: session?.last.customer?.name ?? null,
        customerId: session?.last.customer?.id ?? null,
      });
      // Art. 16: the deadline is the company's — the records service counts it from the entry's
      // time, as its queue will; the desk only tells the customer.
      let dueAt: string | null = null;
      try {
        dueAt = (await records.complaintDeadline(token, entry.at)).respondBy;
      } catch (error) {
        logger.warn({ code: errorCode(error) }, 'complaint recorded without its deadline');
      }
      return { id: entry.id, dueAt };
    },

    'verify:wrap-up': async ({ callId, sessionId, businessType, notes }) => {
      const { token, agent } = ctx.signedIn();
      let session = sessionId ? memory.get(sessionId) : undefined;
      if (sessionId && !session) {
        // The desk restarted mid-call: ask the records service how the session ended (best effort).
        try {
          session = memory.remember(await records.getVerification(token, sessionId));
        } catch (error) {
          logger.warn(
            { sessionId, code: errorCode(error) },
            'wrap-up without the session’s final state',
          );
        }
      }
      const last = session?.last;
      await journal.append('verify.wrap-up', {
        agent: agent.username,
        callId,
        sessionId: sessionId ?? null,
        businessType: businessType ?? last?.businessType ?? null,
        steps: last
          ? last.steps.map((s) => `${s.step}:${s.passed ? 'passed' : 'open'}`).join(',')
          : '',
        outcomes: session?.outcomes.join(',') ?? '',
        status: last?.status ?? null,
        verified: last?.status === 'verified',
        notes,
      });
      if (sessionId) {
        sessions.stop(sessionId);
        memory.forget(sessionId);
      }
      return {};
    },
  };
}
