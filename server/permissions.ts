// Art. 10 refusals that are recorded: anyone without a lead's rights on a lead's route, an agent
// on someone else's session. Each attempt raises one `over-permission` alert; a refusal that must
// keep its alert commits its transaction first (Refused), then answers 403. Policy conflicts
// (409) are not refused here and write nothing.
import type { FastifyRequest } from 'fastify';
import type { AgentProfile } from '../common/domain.js';
import { mayApprove, type GuardedAction } from '../common/policy.js';
import { AppError } from '../common/result.js';
import { raiseAlert } from './alerts/repository.js';
import type { Db, Queryable } from './db.js';
import type { RouteDeps } from './http.js';

/** A refusal whose record must survive: the transaction commits, then the error is thrown. */
export class Refused {
  constructor(readonly error: AppError) {}
}

/** Runs `fn` in one transaction; a Refused result commits (its alert stays) and then throws. */
export async function inTransaction<T>(
  db: Db,
  fn: (tx: Queryable) => Promise<T | Refused>,
): Promise<T> {
  const result = await db.transaction(fn);
  if (result instanceof Refused) throw result.error;
  return result;
}

/** Art. 10: refuses (403) and records an `over-permission` alert in the same transaction. */
export async function overPermission(
  tx: Queryable,
  at: Date,
  agent: AgentProfile,
  action: GuardedAction,
  message: string,
  ids: { sessionId?: string | null; customerId?: string | null } = {},
  /** What the attempt was aimed at, for whoever works the alert (no personal data). */
  aimedAt: { target?: string; targetTeam?: string | null } = {},
): Promise<Refused> {
  await raiseAlert(tx, {
    kind: 'over-permission',
    at,
    agentUsername: agent.username,
    sessionId: ids.sessionId ?? null,
    customerId: ids.customerId ?? null,
    reasons: [action],
    details: { tier: agent.tier, action, ...aimedAt },
  });
  return new Refused(new AppError('forbidden', message));
}

/** Runs a lead-only action in one transaction; below lead it is refused and recorded (Art. 10). */
export async function asLead<T>(
  deps: RouteDeps,
  request: FastifyRequest,
  action: GuardedAction,
  run: (tx: Queryable, agent: AgentProfile, at: Date) => Promise<T | Refused>,
): Promise<T> {
  const { agent } = await deps.requireAgent(request);
  const at = deps.now();
  return inTransaction(deps.db, async (tx) => {
    if (!mayApprove(agent.tier))
      return overPermission(
        tx,
        at,
        agent,
        action,
        `only a lead may ${action.replace(/-/g, ' ')} (Art. 10); the attempt was recorded`,
      );
    return run(tx, agent, at);
  });
}

/**
 * The queues (Art. 12 call-backs, Art. 16 complaints) are for the tiers that approve (leads; not
 * admins unless TIER_POLICY says so); anyone else's attempt is recorded (Art. 10) and refused
 * with 403. Answers the lead's profile.
 */
export async function requireLead(
  deps: RouteDeps,
  request: FastifyRequest,
  action: GuardedAction,
): Promise<AgentProfile> {
  const { agent } = await deps.requireAgent(request);
  if (!mayApprove(agent.tier)) {
    await raiseAlert(deps.db, {
      kind: 'over-permission',
      at: deps.now(),
      agentUsername: agent.username,
      reasons: [action],
      details: { tier: agent.tier, action },
    });
    throw new AppError('forbidden', 'team leads only: your tier may not see this queue');
  }
  return agent;
}
