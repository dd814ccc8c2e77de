// The console's floor and queues rooms (Art. 10, 26): renderer ↔ main channels over the records
// service's floor and queue figures. The counts the console recounts after re-reading one agent
// live in floor-counts.ts (no zod: the renderer imports them).
import { z } from 'zod';
import {
  DeskPresence,
  FloorAgent,
  FloorResponse,
  QueueStats,
  TeamQuery,
  UsernameParams,
} from './floor-api.js';
import { NOT_READY_REASONS } from './phone.js';

export const SetNotReadyRequest = UsernameParams.extend({
  reason: z.enum(NOT_READY_REASONS),
}).strict();
export type SetNotReadyRequest = z.infer<typeof SetNotReadyRequest>;

export const leadFloorContract = {
  /**
   * The floor of one team (`team`: a name or `all`; absent: the lead's own): every agent by name,
   * with counts and every team's name. Leads only (`forbidden` below).
   */
  'floor:get': { request: TeamQuery, response: FloorResponse },
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
  /** Today's queue figures of one team, as `floor:get` picks it (offered, answered, … by hour). */
  'queues:today': { request: TeamQuery, response: QueueStats },
} as const;

export { floorCounts, mayOrderNotReady, type FloorCounts } from './floor-counts.js';
