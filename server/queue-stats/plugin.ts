// Queue figures (Art. 26): desks report each call's arrival, answer, the caller's hang-up before
// an answer, or a miss (POST /api/v1/queues/events; a PBX's ACD adapter posts the same events),
// and leads read today's figures (GET /api/v1/queues/today). server/README.md documents the
// adapter interface.
import { z } from 'zod';
import { QueueEventsBody, QueueStats, TeamQuery } from '../../common/floor-api.js';
import { FLOOR_POLICY, startOfDay } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { requireLead } from '../permissions.js';
import type { FloorOptions } from '../floor/plugin.js';
import { viewedTeam } from '../floor/teams.js';
import { callsSince, recordQueueEvents } from './repository.js';
import { queueStats } from './stats.js';

/** A reporter's clock may run ahead of ours by this much; beyond it the report is refused. */
const MAX_AHEAD_MS = 60_000;
/** Reports older than this are refused (a day's figures are done). */
const MAX_BEHIND_MS = 24 * 60 * 60 * 1000;

export async function queueStatsPlugin(api: Api, deps: RouteDeps & FloorOptions): Promise<void> {
  const policy = { ...FLOOR_POLICY, ...deps.floor };

  api.post(
    '/api/v1/queues/events',
    {
      schema: {
        summary:
          "The team's calls as they happen, from desks or a PBX's ACD adapter: without a `queue` (a desk) the call counts in the reporting agent's team's queue; `arrived` (INVITE at a desk, or the call entered the queue), `answered`, `abandoned` (the caller hung up first), `missed` (ended unanswered otherwise); ≤ 100 per request, in any order, repeats harmless",
        tags: ['floor'],
        security: BEARER,
        body: QueueEventsBody,
        response: {
          200: z.object({ recorded: z.number().int() }).strict(),
          ...errorResponses('unauthorized'),
        },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const now = deps.now().getTime();
      const { events } = request.body;
      events.forEach((event, i) => {
        const at = Date.parse(event.at);
        if (at > now + MAX_AHEAD_MS || at < now - MAX_BEHIND_MS)
          throw new AppError(
            'bad-request',
            `events.${i}.at: more than a minute ahead of or a day behind the service's clock`,
          );
      });
      await deps.db.transaction((tx) => recordQueueEvents(tx, events, agent.username));
      return { recorded: events.length };
    },
  );

  api.get(
    '/api/v1/queues/today',
    {
      schema: {
        summary: `Today's queue figures (Art. 26): offered, answered, abandoned, missed, waiting now, longest wait, average time to answer, service level within ${FLOOR_POLICY.serviceLevelMs / 1000} s, by hour of arrival. \`team\`: one team's queue or \`all\`; absent → the lead's own team (all for a lead in none); leads only`,
        tags: ['floor'],
        security: BEARER,
        querystring: TeamQuery,
        response: { 200: QueueStats, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      const lead = await requireLead(deps, request, 'view-queue');
      const team = await viewedTeam(deps.db, lead, request.query.team);
      const now = deps.now();
      const from = new Date(startOfDay(now.getTime(), policy.timeZone));
      const rows = await callsSince(deps.db, from, team);
      return { ...queueStats(rows, now, policy.serviceLevelMs, policy.timeZone), team };
    },
  );
}
