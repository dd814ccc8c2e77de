// Desk presence and the lead's floor (Art. 10, 26): desks report each state change and a heartbeat
// (PUT /api/v1/desks/me/state), leads read the floor and may set an agent not ready with a reason
// (recorded; the agent's desk gets a push). Every instance runs the offline sweep; the database
// decides which one pushes each desk that went silent.
import { z } from 'zod';
import {
  DeskPresence,
  DeskReport,
  FloorAgent,
  FloorResponse,
  NotReadyOrder,
  TeamQuery,
  UsernameParams,
} from '../../common/floor-api.js';
import { FLOOR_POLICY, floorState, type FloorPolicy } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead, Refused, requireLead } from '../permissions.js';
import { readFloor, readFloorAgent } from './floor.js';
import { setNotReady } from './not-ready.js';
import {
  readPresence,
  recordReport,
  setByName,
  sweepOffline,
  type PresenceRow,
} from './repository.js';
import { viewedTeam } from './teams.js';

export interface FloorOptions {
  /** Overrides of FLOOR_POLICY (tests shorten the sweep). */
  floor?: Partial<FloorPolicy>;
}

const presenceOf = (
  row: PresenceRow,
  now: Date,
  offlineAfterMs: number,
  setByName: string | null,
): DeskPresence => ({
  username: row.username,
  state: floorState(row.state, row.last_seen_at.getTime(), now.getTime(), offlineAfterMs),
  reason: row.reason as DeskPresence['reason'],
  since: row.since.toISOString(),
  lastSeenAt: row.last_seen_at.toISOString(),
  setBy: row.set_by,
  setByName,
});

export async function floorPlugin(api: Api, deps: RouteDeps & FloorOptions): Promise<void> {
  const policy = { ...FLOOR_POLICY, ...deps.floor };
  let sweeping = false;
  let sweep: NodeJS.Timeout | undefined;
  api.addHook('onReady', async () => {
    sweep = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      deps.db
        .transaction((tx) => sweepOffline(tx, deps.now(), policy.offlineAfterMs))
        .catch((error: unknown) => deps.logger?.warn({ err: error }, 'offline sweep failed'))
        .finally(() => (sweeping = false));
    }, policy.offlineSweepMs);
    sweep.unref();
  });
  api.addHook('preClose', async () => clearInterval(sweep));

  api.put(
    '/api/v1/desks/me/state',
    {
      schema: {
        summary: `A desk's state, call, connectivity and backlog (Art. 26): at every change and as a heartbeat every ${FLOOR_POLICY.heartbeatMs / 1000} s; silent for ${FLOOR_POLICY.offlineAfterMs / 1000} s → offline. A lead's pending not-ready order is answered in \`setBy\` (a report from before it does not undo it)`,
        tags: ['floor'],
        security: BEARER,
        body: DeskReport,
        response: { 200: DeskPresence, ...errorResponses('unauthorized') },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const now = deps.now();
      const row = await deps.db.transaction((tx) =>
        recordReport(tx, agent.username, request.body, now),
      );
      return presenceOf(row, now, policy.offlineAfterMs, await setByName(deps.db, row.set_by));
    },
  );

  api.get(
    '/api/v1/desks/me/state',
    {
      schema: {
        summary:
          "The desk's state as the service holds it: what the desk follows after a `desk.not-ready` push",
        tags: ['floor'],
        security: BEARER,
        response: { 200: DeskPresence, ...errorResponses('unauthorized', 'not-found') },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const row = await readPresence(deps.db, agent.username);
      if (!row) throw new AppError('not-found', 'this desk has not reported yet');
      const name = await setByName(deps.db, row.set_by);
      return presenceOf(row, deps.now(), policy.offlineAfterMs, name);
    },
  );

  api.get(
    '/api/v1/floor',
    {
      schema: {
        summary:
          "The live floor (Art. 26): each agent of a team by name with state, time in state, current call (masked), connectivity, backlog, workload today and warnings; counts over them; every team's name. `team`: one team or `all`; absent → the lead's own team (all for a lead in none); leads only",
        tags: ['floor'],
        security: BEARER,
        querystring: TeamQuery,
        response: { 200: FloorResponse, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      const lead = await requireLead(deps, request, 'view-floor');
      const team = await viewedTeam(deps.db, lead, request.query.team);
      return readFloor(deps.db, deps.now(), policy, team);
    },
  );

  api.get(
    '/api/v1/floor/agents/:username',
    {
      schema: {
        summary:
          'One agent of the live floor, as in `GET /api/v1/floor` (a `floor.changed` push names the agent: re-read that one); leads only',
        tags: ['floor'],
        security: BEARER,
        params: UsernameParams,
        response: { 200: FloorAgent, ...errorResponses('unauthorized', 'forbidden', 'not-found') },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'view-floor');
      const agent = await readFloorAgent(deps.db, request.params.username, deps.now(), policy);
      if (!agent) throw new AppError('not-found', 'no such agent on the floor');
      return agent;
    },
  );

  api.post(
    '/api/v1/desks/:username/not-ready',
    {
      schema: {
        summary:
          "A lead of the agent's team (or a lead in no team) sets an agent not ready with a reason (Art. 10, 26): recorded in the desk's history with who; the desk gets `desk.not-ready`. 403 for a lead of another team; 409 while the desk is signed out, offline, ringing or on a call",
        tags: ['floor'],
        security: BEARER,
        params: UsernameParams,
        body: NotReadyOrder,
        response: {
          200: DeskPresence.extend({ orderId: z.string() }),
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) =>
      asLead(deps, request, 'set-not-ready', async (tx, lead, at) => {
        const order = await setNotReady(tx, lead, at, {
          ...request.params,
          ...request.body,
          offlineAfterMs: policy.offlineAfterMs,
          log: request.log,
        });
        if (order instanceof Refused) return order;
        const { presence, orderId } = order;
        const name = await setByName(tx, presence.set_by);
        return { ...presenceOf(presence, at, policy.offlineAfterMs, name), orderId };
      }),
  );
}
