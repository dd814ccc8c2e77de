// The training line's routes (Art. 9): the catalog, a training session's passcode for its
// simulated customer, results re-scored here from the trace (a desk cannot claim a score), and
// an agent's standing. Own data for everyone; another agent's for leads only (Art. 10).
import type { FastifyRequest } from 'fastify';
import type { AgentProfile } from '../../common/domain.js';
import { mayApprove } from '../../common/policy.js';
import { ALL_TEAMS } from '../../common/policy/teams.js';
import { IdParams } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import {
  TrainingCatalog,
  TrainingPasscode,
  TrainingResult,
  TrainingResultList,
  TrainingResultRequest,
  TrainingResultsQuery,
  TrainingStatus,
  TrainingStatusQuery,
} from '../../common/training-api.js';
import { scoreTrainingCall } from '../../common/training-score.js';
import type { Queryable } from '../db.js';
import { teamOf } from '../floor/teams.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import { inTransaction, overPermission, type Refused } from '../permissions.js';
import type { VerificationDeps } from '../verification/options.js';
import { listEvents, readSession } from '../verification/repository.js';
import { NO_TRAINING } from './options.js';
import {
  insertResult,
  latestTrainingOtp,
  listResults,
  sessionCustomerMobiles,
} from './repository.js';
import { trainingStatus } from './status.js';
import { traceDisagreement } from './trace-check.js';

const TAGS = ['training'];

export async function trainingPlugin(api: Api, deps: VerificationDeps): Promise<void> {
  const { catalog } = deps.training ?? NO_TRAINING;
  const scenarios = new Map(catalog.scenarios.map((s) => [s.id, s]));
  const courses = new Map(catalog.courses.map((c) => [c.id, c]));

  api.get(
    '/api/v1/training/catalog',
    {
      schema: {
        summary: 'Art. 9: the training scenarios, courses and the synthetic customers they play',
        tags: TAGS,
        security: BEARER,
        response: { 200: TrainingCatalog, ...errorResponses('unauthorized') },
      },
    },
    async (request) => {
      await deps.requireAgent(request);
      return catalog;
    },
  );

  api.get(
    '/api/v1/training/sessions/:id/passcode',
    {
      schema: {
        summary:
          'Art. 9: the newest passcode of a training session, for its simulated customer; ' +
          'its own agent only, never a live session',
        tags: TAGS,
        security: BEARER,
        params: IdParams,
        response: { 200: TrainingPasscode, ...errorResponses('unauthorized', 'not-found') },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const code = await deps.db.transaction(async (tx) => {
        const row = await readSession(tx, request.params.id);
        // A live session, or another agent's, is answered exactly like an unknown one.
        if (!row || !row.training || row.agent_username !== agent.username) return undefined;
        return latestTrainingOtp(tx, row.id);
      });
      if (code === undefined) throw new AppError('not-found', 'no passcode for this session');
      return { code };
    },
  );

  api.post(
    '/api/v1/training/results',
    {
      schema: {
        summary:
          'Art. 9: a training call’s trace, scored by the service with the regulation’s rules ' +
          '(the desk sends no score) and kept',
        tags: TAGS,
        security: BEARER,
        body: TrainingResultRequest,
        response: {
          201: TrainingResult,
          ...errorResponses('unauthorized', 'not-found', 'conflict'),
        },
      },
    },
    async (request, reply) => {
      const { agent } = await deps.requireAgent(request);
      const { scenarioId, courseId, sessionId, events } = request.body;
      const scenario = scenarios.get(scenarioId);
      if (!scenario) throw new AppError('not-found', `no training scenario "${scenarioId}"`);
      if (courseId !== null && !courses.get(courseId)?.scenarios.includes(scenarioId))
        throw new AppError('bad-request', `courseId: "${scenarioId}" is not in that course`);
      // The same rules the desk showed, with the course's pass mark and the customer's mobile.
      const passMark = courseId === null ? undefined : courses.get(courseId)?.passMark;
      const mobile = catalog.customers.find((c) => c.key === scenario.customer)?.mobile;
      const score = scoreTrainingCall(scenario, events, agent.tier, {
        ...(passMark === undefined ? {} : { passMark }),
        ...(mobile === undefined ? {} : { reservedMobile: mobile }),
      });
      const at = deps.now();
      const result = await deps.db.transaction(async (tx) => {
        // The trace must be the call the service saw: an ended training session of this agent.
        if (sessionId === null)
          throw new AppError('conflict', 'a result names the training session it played');
        const row = await readSession(tx, sessionId);
        if (!row || !row.training || row.agent_username !== agent.username)
          throw new AppError('not-found', 'no such training session of yours');
        const mobiles = await sessionCustomerMobiles(tx, row.id);
        const recorded = {
          status: row.status,
          businessType: row.business_type,
          customerKeys: mobiles.map((m) => catalog.customers.find((c) => c.mobile === m)?.key ?? m),
          events: await listEvents(tx, row.id),
        };
        const disagreement = traceDisagreement(scenario, recorded, events);
        if (disagreement)
          throw new AppError('conflict', `the trace is not this session's: ${disagreement}`);
        const input = { scenarioId, courseId, sessionId, events, score, at };
        return insertResult(tx, { ...input, username: agent.username });
      });
      if (!result) throw new AppError('conflict', 'this training session already has its result');
      request.log.info(
        { scenario: scenarioId, score: result.score, passed: result.passed },
        'training result kept',
      );
      return reply.status(201).send(result);
    },
  );

  await standingRoutes(api, deps);
}

/** Results and standing: one's own; another agent's, a team's or all for leads (Art. 9, 10). */
async function standingRoutes(api: Api, deps: VerificationDeps): Promise<void> {
  const { catalog, requiredCourse } = deps.training ?? NO_TRAINING;

  /** Another agent's training data: leads only; anyone else's attempt is recorded (Art. 10). */
  async function asViewer<T>(
    request: FastifyRequest,
    others: (viewer: AgentProfile) => boolean,
    run: (tx: Queryable, viewer: AgentProfile) => Promise<T>,
  ): Promise<T> {
    const { agent } = await deps.requireAgent(request);
    const at = deps.now();
    return inTransaction(deps.db, async (tx): Promise<T | Refused> => {
      if (others(agent) && !mayApprove(agent.tier))
        return overPermission(
          tx,
          at,
          agent,
          'view-training-results',
          'only a lead may see another agent’s training (Art. 10); the attempt was recorded',
        );
      return run(tx, agent);
    });
  }

  api.get(
    '/api/v1/training/results',
    {
      schema: {
        summary:
          'Art. 9: training results, newest first — one’s own; a lead names an agent, a team ' +
          'or all (default: the lead’s team)',
        tags: TAGS,
        security: BEARER,
        querystring: TrainingResultsQuery,
        response: { 200: TrainingResultList, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      const { username, team, limit } = request.query;
      const others = (viewer: AgentProfile) =>
        team !== undefined || (username !== undefined && username !== viewer.username);
      return asViewer(request, others, async (tx, viewer) => {
        if (username !== undefined || !mayApprove(viewer.tier))
          return {
            results: await listResults(tx, { username: username ?? viewer.username, limit }),
          };
        // Like the floor: the lead's own team (a lead in none: the agents in none), or `all`.
        if (team === ALL_TEAMS) return { results: await listResults(tx, { limit }) };
        const filter = team ?? (await teamOf(tx, viewer.username));
        return { results: await listResults(tx, { team: filter, limit }) };
      });
    },
  );

  api.get(
    '/api/v1/training/status',
    {
      schema: {
        summary:
          'Art. 9: an agent’s standing in each course and whether live calls are open to them',
        tags: TAGS,
        security: BEARER,
        querystring: TrainingStatusQuery,
        response: { 200: TrainingStatus, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asViewer(
        request,
        (viewer) => ![undefined, viewer.username].includes(request.query.username),
        (tx, viewer) =>
          trainingStatus(tx, catalog, requiredCourse, request.query.username ?? viewer.username),
      ),
  );
}
