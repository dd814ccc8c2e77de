// `POST /api/v1/customers/:id/password-lock/lift` (Art. 6 with Art. 10): after the reset
// procedure, a lead lifts a locked password with a reason, and the customer may key it again.
// Never an agent of the call where it locked (four eyes); every refusal is recorded.
import { z } from 'zod';
import { lockLiftRefusal, type GuardedAction } from '../../common/policy.js';
import { PasswordLockLift, PasswordLockLiftBody } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { lockSearchRoutes } from './lock-search.js';
import { resolveLockAlerts } from '../alerts/workflow.js';
import { inTransaction, overPermission } from '../permissions.js';
import {
  customerExists,
  liftLock,
  lockedSince,
  lockingAgents,
} from './password-lock-repository.js';

export async function passwordLocksPlugin(api: Api, deps: RouteDeps): Promise<void> {
  await lockSearchRoutes(api, deps);
  api.post(
    '/api/v1/customers/:id/password-lock/lift',
    {
      schema: {
        summary:
          'Lift a password lock after the reset procedure (Art. 6), with a reason; leads only, never an agent of the call where it locked',
        tags: ['verification'],
        security: BEARER,
        params: z.object({ id: z.uuid() }),
        body: PasswordLockLiftBody,
        response: {
          200: PasswordLockLift,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const at = deps.now();
      const customerId = request.params.id;
      const { kind, reason } = request.body;
      const refuse = (action: GuardedAction, message: string) =>
        inTransaction<never>(deps.db, (tx) => overPermission(tx, at, agent, action, message));
      if (lockLiftRefusal(agent, []) === 'not-lead')
        return refuse(
          'lift-password-lock',
          'only a lead may lift a password lock (Art. 10); the attempt was recorded',
        );
      return inTransaction<z.infer<typeof PasswordLockLift>>(deps.db, async (tx) => {
        if (!(await customerExists(tx, customerId)))
          throw new AppError('not-found', 'no such customer');
        const lockedAt = await lockedSince(tx, customerId, kind);
        if (!lockedAt) throw new AppError('conflict', `the ${kind} password is not locked`);
        const lockedBy = await lockingAgents(tx, customerId, lockedAt);
        if (lockLiftRefusal(agent, lockedBy) === 'locking-agent')
          return overPermission(
            tx,
            at,
            agent,
            'lift-own-password-lock',
            'an agent of the call where the password locked may not lift it (Art. 10, four eyes); the attempt was recorded',
            { customerId },
          );
        const id = await liftLock(tx, {
          customerId,
          kind,
          lockedAt,
          lockedBy,
          at,
          by: agent.username,
          reason,
        });
        await resolveLockAlerts(tx, { customerId, kind, by: agent.username, at, reason });
        request.log.info({ customerId, kind, lead: agent.username }, 'password lock lifted');
        return {
          id,
          customerId,
          kind,
          lockedAt: lockedAt.toISOString(),
          liftedAt: at.toISOString(),
          liftedBy: agent.username,
        };
      });
    },
  );
}
