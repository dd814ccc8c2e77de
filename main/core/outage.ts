// The outage procedure's call-back request (Art. 12): recorded in the journal whatever the records
// service's state, with the caller's number masked (Art. 11); the archive turns it into the
// team's call-back queue when the entry syncs.
import { callbackReason, WITHHELD_CALLER_REF } from '../../common/callback-reason.js';
import { maskCaller, normalizeCallerNumber } from '../../common/phone-number.js';
import { AppError } from '../../common/result.js';
import type { AgentSession } from './auth.js';
import type { Handlers } from './dispatcher.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';

export interface OutageOptions {
  journal: Pick<Journal, 'append'>;
  logger: Logger;
  session: () => AgentSession | null;
}

export function outageHandlers(options: OutageOptions): Pick<Handlers, 'outage:callback'> {
  const { journal, logger } = options;
  return {
    'outage:callback': async (request) => {
      const session = options.session();
      if (!session) throw new AppError('unauthorized', 'sign in first');
      // Withheld: the team calls the number on record for the customer chosen on the call.
      let customerRef = WITHHELD_CALLER_REF;
      if (request.callerNumber !== undefined) {
        const caller = normalizeCallerNumber(request.callerNumber);
        if (caller === null)
          throw new AppError('bad-request', 'callerNumber is not a phone number');
        customerRef = maskCaller(caller);
      } else if (!request.customerId)
        throw new AppError(
          'bad-request',
          'a withheld number needs the customer chosen on the call',
        );
      const reason = callbackReason(request.businessType, request.window);
      const entry = await journal.append(
        'callback.requested',
        {
          customerRef,
          customerId: request.customerId ?? null,
          reason,
          notes: request.notes?.trim() ? request.notes.trim() : null,
        },
        { agent: session.agent.username, callId: request.callId },
      );
      logger.info(
        { callId: request.callId, seq: entry.seq },
        'call-back requested (outage procedure)',
      );
      return { entryId: entry.id, seq: entry.seq, customerRef, at: entry.at };
    },
  };
}
