// The console's floor and queues rooms (Art. 10, 26): renderer ↔ main channels over the records
// service's floor and queue figures, and the floor's counts as the service computes them, so a
// console that re-read one agent after a push can recount without reading the whole floor again.
import { z } from 'zod';
import {
  DeskPresence,
  FloorAgent,
  FloorResponse,
  QueueStats,
  UsernameParams,
} from './floor-api.js';
import { NOT_READY_REASONS } from './phone.js';

const Empty = z.object({}).strict();

export const SetNotReadyRequest = UsernameParams.extend({
  reason: z.enum(NOT_READY_REASONS),
}).strict();
export type SetNotReadyRequest = z.infer<typeof SetNotReadyRequest>;

export const leadFloorContract = {
  /** The whole floor: every agent by name, with counts. Leads only (`forbidden` below). */
  'floor:get': { request: Empty, response: FloorResponse },
  /** One agent, after a `floor.changed` push named them. */
  'floor:agent': { request: UsernameParams, response: FloorAgent },
  /**
   * A lead sets an agent not ready with a reason (journaled by main; the desk follows). `conflict`
   * while the desk is signed out, offline, ringing or on a call.
   */
  'floor:set-not-ready': {
    request: SetNotReadyRequest,
    response: DeskPresence.extend({ orderId: z.string() }),
  },
  /** Today's queue figures (offered, answered, abandoned, missed, waiting, by hour). */
  'queues:today': { request: Empty, response: QueueStats },
} as const;

export type FloorCounts = FloorResponse['counts'];

/** The counts at the top of the floor, as `GET /api/v1/floor` counts them (signed out: none). */
export function floorCounts(agents: readonly Pick<FloorAgent, 'state'>[]): FloorCounts {
  const counts: FloorCounts = { ready: 0, onCall: 0, notReady: 0, offline: 0 };
  for (const { state } of agents) {
    if (state === 'ready') counts.ready++;
    else if (state === 'ringing' || state === 'on-call' || state === 'wrap-up') counts.onCall++;
    else if (state === 'not-ready' || state === 'break') counts.notReady++;
    else if (state === 'offline') counts.offline++;
  }
  return counts;
}

/** A lead may order not ready from these states; the service refuses the others with 409. */
export const mayOrderNotReady = (state: FloorAgent['state']): boolean =>
  state === 'ready' || state === 'not-ready' || state === 'break' || state === 'wrap-up';
