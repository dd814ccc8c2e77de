// Who reaches the archive (common/policy/archive.ts): leads and auditors; anyone else is refused
// with 403 and an `over-permission` alert (Art. 10), as asLead does. An auditor's account is
// refused, the same way, on every route but the archive's: it can never verify or approve.
import type { FastifyRequest } from 'fastify';
import type { AgentProfile } from '../../common/domain.js';
import { auditorMay, mayReadArchive, type GuardedAction } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import { raiseAlert } from '../alerts/repository.js';
import type { Authenticated } from '../auth/tokens.js';
import type { Db, Queryable } from '../db.js';
import type { RouteDeps } from '../http.js';
import { inTransaction, overPermission, type Refused } from '../permissions.js';

type Guard = (request: FastifyRequest) => Promise<Authenticated>;

/** Wraps the bearer guard: an auditor's token works on the archive's routes only. */
export function auditorsReadOnly(guard: Guard, deps: { db: Db; now: () => Date }): Guard {
  return async (request) => {
    const authenticated = await guard(request);
    const route = request.routeOptions.url ?? request.url;
    if (!authenticated.auditor || auditorMay(route)) return authenticated;
    await raiseAlert(deps.db, {
      kind: 'over-permission',
      at: deps.now(),
      agentUsername: authenticated.agent.username,
      reasons: ['auditor-outside-archive'],
      details: { tier: authenticated.agent.tier, action: 'auditor-outside-archive' },
    });
    throw new AppError(
      'forbidden',
      'an auditor’s account reads the archive only (Art. 10); the attempt was recorded',
    );
  };
}

/** Runs an archive action in one transaction; anyone but a lead or an auditor is refused. */
export async function asArchiveReader<T>(
  deps: RouteDeps,
  request: FastifyRequest,
  action: GuardedAction,
  run: (tx: Queryable, reader: AgentProfile, at: Date) => Promise<T>,
): Promise<T> {
  const { agent, auditor } = await deps.requireAgent(request);
  const at = deps.now();
  return inTransaction(deps.db, async (tx): Promise<T | Refused> => {
    if (!mayReadArchive({ tier: agent.tier, auditor }))
      return overPermission(
        tx,
        at,
        agent,
        action,
        'only a team lead or an auditor may look up the archive (Art. 10, 11); ' +
          'the attempt was recorded',
      );
    return run(tx, agent, at);
  });
}

/** Every look-up is itself audited: who, what they asked, how many records it answered. */
export async function auditLookup(
  tx: Queryable,
  entry: {
    at: Date;
    by: string;
    action: 'search' | 'timeline' | 'integrity';
    criteria: object;
    results: number;
  },
): Promise<void> {
  await tx.query(
    `insert into archive_searches (at, agent_username, action, criteria, results)
     values ($1, $2, $3, $4, $5)`,
    [entry.at, entry.by, entry.action, JSON.stringify(entry.criteria), entry.results],
  );
}
