// The keypad satisfaction survey on the desk (Art. 22): the panel's answer is journaled (the
// journal syncs to the archive, so it is never lost) and sent to the records service; when the
// service is unreachable it waits here and is retried with backoff, like the queue events
// (queue-reporter.ts). The rating reaches the records service and the journal, never the screen.
import { RECONNECT_BACKOFF, fullJitterDelay } from '../../common/backoff.js';
import { AppError } from '../../common/result.js';
import type { SurveyRecordRequest, SurveyRecordResponse } from '../../common/survey.js';
import type { AgentSession } from './auth.js';
import type { Handlers } from './dispatcher.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';
import type { RecordsClient } from './records-client.js';
import { createRefresher } from './records-events/refresher.js';
import type { Timers } from './records-events/stream.js';

export interface SurveyServiceOptions {
  records: Pick<RecordsClient, 'recordSurvey'>;
  journal: Pick<Journal, 'append'>;
  logger: Logger;
  session: () => AgentSession | null;
  timers?: Timers;
  random?: () => number;
}

export interface SurveyService {
  handlers: Pick<Handlers, 'survey:record'>;
  /** Sends what waits (after a sign-in, or when the records service is back). */
  flush(): Promise<void>;
  /** Answers journaled but not yet held by the records service. */
  pending(): number;
}

/** Worth another try later: no answer from the service, or the agent's token ran out. */
const retryable = (code: string) => code === 'unavailable' || code === 'unauthorized';
const codeOf = (error: unknown) => (error instanceof AppError ? error.code : 'internal');

type Waiting = SurveyRecordRequest & { agent: string };

export function createSurveyService(options: SurveyServiceOptions): SurveyService {
  const { records, journal, logger } = options;
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  const random = options.random ?? Math.random;
  const waiting: Waiting[] = [];
  let attempt = 0;
  let retry: unknown = null;

  const retryLater = () => {
    if (retry !== null) return;
    const delay = fullJitterDelay(attempt, RECONNECT_BACKOFF, random);
    attempt += 1;
    retry = timers.setTimeout(() => {
      retry = null;
      void sender.trigger();
    }, delay);
  };

  const sender = createRefresher(async () => {
    while (waiting.length > 0) {
      const next = waiting[0]!;
      // Only the session's own agent may record it: another agent's token would be refused
      // (and recorded as an over-permission attempt), so it waits for its agent.
      const signedIn = options.session();
      if (!signedIn || signedIn.agent.username !== next.agent) return;
      try {
        await records.recordSurvey(signedIn.token, next.sessionId, next.answer);
        attempt = 0;
      } catch (error) {
        const code = codeOf(error);
        if (retryable(code)) return retryLater();
        // `conflict`: an earlier try got through before its answer was lost — it is recorded.
        // Anything else is refused for good; the journal keeps the answer for the archive.
        if (code !== 'conflict')
          logger.warn({ code, session: next.sessionId }, 'survey answer refused; kept in journal');
      }
      waiting.shift();
    }
  });

  return {
    handlers: {
      'survey:record': async (request): Promise<SurveyRecordResponse> => {
        const signedIn = options.session();
        if (!signedIn) throw new AppError('unauthorized', 'sign in first');
        const { sessionId, callId, answer } = request;
        // Journaled first: whatever the records service says, the answer is on the desk's disk.
        await journal.append('survey.answered', {
          agent: signedIn.agent.username,
          callId,
          sessionId,
          outcome: answer.outcome,
          rating: answer.outcome === 'rated' ? answer.rating : null,
        });
        try {
          await records.recordSurvey(signedIn.token, sessionId, answer);
          logger.info({ session: sessionId, outcome: answer.outcome }, 'survey recorded');
          return { delivery: 'recorded' };
        } catch (error) {
          if (!retryable(codeOf(error))) throw error;
          waiting.push({ ...request, agent: signedIn.agent.username });
          logger.warn({ session: sessionId }, 'records service unreachable; survey answer waits');
          retryLater();
          return { delivery: 'pending' };
        }
      },
    },
    flush: () => sender.trigger(),
    pending: () => waiting.length,
  };
}
