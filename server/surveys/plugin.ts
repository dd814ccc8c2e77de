// The keypad satisfaction survey (Art. 22): the session's own agent records the customer's answer
// once the business is done (common/policy/survey.ts SURVEY_STATUSES), once per session; a lead
// reads it back. Another agent's attempt is refused and recorded (Art. 10); a second answer, or
// one while the session still runs, is a 409 that changes nothing.
import { IdParams } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { maySurvey, type SessionStatus } from '../../common/policy.js';
import { SurveyAnswer, SurveyRecord } from '../../common/surveys-api.js';
import { notifyEvent } from '../events/bus.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { inTransaction, overPermission, requireLead } from '../permissions.js';
import { lockSession } from '../verification/repository.js';
import { insertSurvey, readSurvey } from './repository.js';

const TAGS = ['verification'];

export async function surveysPlugin(api: Api, deps: RouteDeps): Promise<void> {
  api.post(
    '/api/v1/sessions/:id/survey',
    {
      schema: {
        summary:
          'Art. 22: the customer’s keypad answer to the satisfaction survey — a rating 1–5, ' +
          'declined, or no key in time — recorded once per ended session by its own agent',
        tags: TAGS,
        security: BEARER,
        params: IdParams,
        body: SurveyAnswer,
        response: {
          201: SurveyRecord,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request, reply) => {
      const { agent } = await deps.requireAgent(request);
      const at = deps.now();
      const recorded = await inTransaction(deps.db, async (tx) => {
        const row = await lockSession(tx, request.params.id);
        if (row.agent_username !== agent.username)
          return overPermission(
            tx,
            at,
            agent,
            'record-another-agents-survey',
            'only the session’s agent records its survey (Art. 10, 22); the attempt was recorded',
            { sessionId: row.id, customerId: row.customer_id },
          );
        const status = row.status as SessionStatus;
        if (!maySurvey(status))
          throw new AppError(
            'conflict',
            `the survey follows the business: not while the session is ${status}`,
          );
        const written = await insertSurvey(tx, {
          sessionId: row.id,
          callId: row.call_id,
          agent: agent.username,
          answer: request.body,
          at,
        });
        if (!written)
          throw new AppError('conflict', 'this session’s survey is already recorded; it stands');
        await notifyEvent(tx, 'survey.recorded', row.id, agent.username);
        return (await readSurvey(tx, row.id))!;
      });
      // The outcome only: the rating stays in the database (the agent's screen never shows it).
      request.log.info(
        { session: recorded.sessionId, outcome: recorded.outcome },
        'survey recorded',
      );
      return reply.status(201).send(recorded);
    },
  );

  api.get(
    '/api/v1/sessions/:id/survey',
    {
      schema: {
        summary: 'Art. 22: a session’s survey answer, for leads (review, tests); 404 when none',
        tags: TAGS,
        security: BEARER,
        params: IdParams,
        response: {
          200: SurveyRecord,
          ...errorResponses('unauthorized', 'forbidden', 'not-found'),
        },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'read-survey');
      const survey = await readSurvey(deps.db, request.params.id);
      if (!survey) throw new AppError('not-found', 'no survey answer recorded for this session');
      return survey;
    },
  );
}
