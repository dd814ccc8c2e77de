// A lead's not-ready order (Art. 10, 26), the body of POST /api/v1/desks/:username/not-ready:
// only a lead of the agent's team (or one over the whole floor) may give it — another team's lead
// is refused and the attempt recorded — only while the desk is signed in and not on a call;
// recorded with who, and the desk gets `desk.not-ready`.
import type { FastifyBaseLogger } from 'fastify';
import type { AgentProfile } from '../../common/domain.js';
import type { z } from 'zod';
import type { NotReadyOrder } from '../../common/floor-api.js';
import { floorState, mayDirectAgent } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { overPermission, type Refused } from '../permissions.js';
import { orderNotReady, readPresence, type PresenceRow } from './repository.js';
import { memberOf } from './teams.js';

export interface NotReadyResult {
  presence: PresenceRow;
  orderId: string;
}

export async function setNotReady(
  tx: Queryable,
  lead: AgentProfile,
  at: Date,
  order: { username: string; offlineAfterMs: number; log: FastifyBaseLogger } & z.infer<
    typeof NotReadyOrder
  >,
): Promise<NotReadyResult | Refused> {
  const { username, reason, note } = order;
  const known = await tx.query<{ team: string | null }>(
    'select team from agents where username = $1',
    [username],
  );
  if (known.rows.length === 0) throw new AppError('not-found', 'no such agent');
  const agentTeam = known.rows[0]!.team;
  if (!mayDirectAgent(await memberOf(tx, lead), agentTeam))
    return overPermission(
      tx,
      at,
      lead,
      'set-not-ready-other-team',
      `only a lead of the agent's team (${agentTeam ?? 'none'}) may set them not ready (Art. 10); the attempt was recorded`,
      {},
      { target: username, targetTeam: agentTeam },
    );
  const before = await readPresence(tx, username, true);
  const state = before
    ? floorState(before.state, before.last_seen_at.getTime(), at.getTime(), order.offlineAfterMs)
    : 'signed-out';
  if (!before || ['signed-out', 'offline', 'ringing', 'on-call'].includes(state))
    throw new AppError(
      'conflict',
      `the desk is ${state}: set not ready when it is signed in and not on a call`,
    );
  const result = await orderNotReady(tx, before, {
    reason,
    note: note ?? null,
    by: lead.username,
    at,
  });
  order.log.info({ agent: username, reason, lead: lead.username }, 'set not ready');
  return result;
}
