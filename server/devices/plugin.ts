// The desks' signing identities over HTTP (Art. 11): a desk registers itself with its agent's
// token (`POST /api/v1/devices`, idempotent; another key for a known device is refused), and a
// lead or admin lists the devices and revokes one (Art. 10: anyone else is refused and recorded).
import { createPublicKey } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  DeviceIdParams,
  DeviceList,
  DeviceRegistration,
  DeviceView,
} from '../../common/devices-api.js';
import type { AgentProfile } from '../../common/domain.js';
import { mayApprove, type GuardedAction } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { inTransaction, overPermission, type Refused } from '../permissions.js';
import { deviceView, insertDevice, listDevices, revokeDevice } from './repository.js';

/** A lead (who approves) or an administrator (who runs the workstations); others are recorded. */
async function asLeadOrAdmin<T>(
  deps: RouteDeps,
  request: FastifyRequest,
  action: GuardedAction,
  run: (tx: Queryable, agent: AgentProfile, at: Date) => Promise<T>,
): Promise<T> {
  const { agent } = await deps.requireAgent(request);
  const at = deps.now();
  return inTransaction(deps.db, async (tx): Promise<T | Refused> => {
    if (agent.tier !== 'admin' && !mayApprove(agent.tier))
      return overPermission(
        tx,
        at,
        agent,
        action,
        `only a lead or an administrator may ${action.replace(/-/g, ' ')} (Art. 10); the attempt was recorded`,
      );
    return run(tx, agent, at);
  });
}

const isEd25519 = (publicKey: string): boolean => {
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    return key.asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
};

export async function devicesPlugin(api: Api, deps: RouteDeps): Promise<void> {
  const { db, now, pepper } = deps;

  api.post(
    '/api/v1/devices',
    {
      schema: {
        summary:
          'Register this desk’s signing key and chain key (idempotent; another key for a known device is refused)',
        tags: ['journal'],
        security: BEARER,
        body: DeviceRegistration,
        response: {
          200: DeviceView,
          ...errorResponses('unauthorized', 'conflict', 'device-revoked'),
        },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const body = request.body;
      if (!isEd25519(body.publicKey))
        throw new AppError(
          'bad-request',
          'publicKey: not an Ed25519 public key (SPKI DER, base64)',
        );
      return db.transaction(async (tx) => {
        const stored = await insertDevice(tx, pepper, body, agent.username, now());
        const sameKeys =
          stored.publicKey === body.publicKey &&
          stored.chainKey.equals(Buffer.from(body.chainKey, 'base64'));
        if (!sameKeys)
          throw new AppError(
            'conflict',
            `device ${body.deviceId} is registered with another key; a reinstalled workstation enrols under a new device id (docs/deploy.md)`,
          );
        if (stored.revokedAt)
          throw new AppError('device-revoked', `device ${body.deviceId} was revoked`);
        return (await deviceView(tx, body.deviceId))!;
      });
    },
  );

  api.get(
    '/api/v1/devices',
    {
      schema: {
        summary: 'The registered desks, active first (lead or admin)',
        tags: ['journal'],
        security: BEARER,
        response: { 200: DeviceList, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asLeadOrAdmin(deps, request, 'list-devices', async (tx) => ({
        devices: await listDevices(tx),
      })),
  );

  api.post(
    '/api/v1/devices/:id/revoke',
    {
      schema: {
        summary:
          'Revoke a desk: its batches are refused from now on, its unsynced entries stay on the desk (lead or admin)',
        tags: ['journal'],
        security: BEARER,
        params: DeviceIdParams,
        response: { 200: DeviceView, ...errorResponses('unauthorized', 'forbidden', 'not-found') },
      },
    },
    async (request) =>
      asLeadOrAdmin(deps, request, 'revoke-device', async (tx, agent, at) => {
        const { id } = request.params;
        if (!(await revokeDevice(tx, id, agent.username, at)))
          throw new AppError('not-found', `no device ${id} is registered`);
        return (await deviceView(tx, id))!;
      }),
  );
}
