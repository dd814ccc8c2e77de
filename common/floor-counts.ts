// The floor's counts and who a lead may order not ready (Art. 26), as the records service decides
// them (server/floor/floor.ts, server/floor/plugin.ts). Pure and free of zod, so the renderer can
// recount after re-reading one agent without bundling the schemas.
import type { FloorState } from './policy/floor.js';

export interface FloorCounts {
  ready: number;
  onCall: number;
  notReady: number;
  offline: number;
}

/** The counts at the top of the floor, as `GET /api/v1/floor` counts them (signed out: none). */
export function floorCounts(agents: readonly { state: FloorState }[]): FloorCounts {
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
export const mayOrderNotReady = (state: FloorState): boolean =>
  state === 'ready' || state === 'not-ready' || state === 'break' || state === 'wrap-up';
