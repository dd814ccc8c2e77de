// Journals bound to their device (Art. 11), over HTTP on PGlite or PostgreSQL: a desk registers
// its key (idempotent; another key refused), signs each batch and MACs each entry; the archive
// refuses an unknown or revoked device, a bad signature and a batch rewritten on disk — nothing
// stored, one journal-tamper alert — and takes a good batch exactly once, in order. The desk side
// is the real code (main/core/journal/device-key.ts), not a stand-in.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { DeviceList, DeviceView } from '../../../../common/devices-api.js';
import { sealEntry, type JournalEntry } from '../../../../common/journal-chain.js';
import {
  openDeviceIdentity,
  type DeviceIdentity,
} from '../../../../main/core/journal/device-key.js';
import { staticKeyProvider } from '../../../../main/core/journal/keys.js';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  DEMO_PASSWORD,
  makeChain,
  newDevice,
  useJournalServer,
} from '../journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

async function desk(keyedFrom = 1): Promise<DeviceIdentity> {
  return openDeviceIdentity(newDevice(), staticKeyProvider(randomBytes(32)), () => keyedFrom);
}

/** Entries as this desk writes them: MACed from `keyedFrom` on. */
async function keyedChain(device: DeviceIdentity, n: number, after?: JournalEntry) {
  const chain = await makeChain(device.deviceId, n, {}, after);
  return chain.map((e) => (e.seq >= device.keyedFrom() ? { ...e, mac: device.mac(e.hash) } : e));
}

describe(`devices and signed journal batches (${DB_KIND})`, () => {
  const s = useJournalServer();

  const register = (device: DeviceIdentity, token = s.agentToken, override: object = {}) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        deviceId: device.deviceId,
        publicKey: device.publicKey,
        chainKey: device.chainKey,
        keyedFrom: device.keyedFrom(),
        ...override,
      },
    });
  const signed = (device: DeviceIdentity, entries: JournalEntry[], server?: FastifyInstance) =>
    s.post(
      {
        deviceId: device.deviceId,
        entries,
        signature: device.signBatch(device.deviceId, entries),
      },
      s.agentToken,
      server,
    );
  const tamper = async (deviceId: string) =>
    (
      await s.db.query<{ reasons: string[]; details: Record<string, unknown> }>(
        `select reasons, details from alerts where kind = 'journal-tamper' and device_id = $1 order by raised_at`,
        [deviceId],
      )
    ).rows;
  const archived = (deviceId: string) => s.archivedSeqs(deviceId);
  const signIn = async (username: string) =>
    (
      await s.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: DEMO_PASSWORD },
      })
    ).json().token as string;

  it('registers a device idempotently; another key for the same device id is refused', async () => {
    const device = await desk();
    const first = await register(device);
    expect(first.statusCode, first.body).toBe(200);
    const view = DeviceView.parse(first.json());
    expect(view).toMatchObject({ deviceId: device.deviceId, status: 'active', keyedFrom: 1 });
    expect(view.fingerprint).toBe(device.fingerprint);
    expect((await register(device)).statusCode).toBe(200);

    const impostor = await desk();
    const other = await register(impostor, s.agentToken, { deviceId: device.deviceId });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    const notEd25519 = await register(device, s.agentToken, {
      deviceId: newDevice(),
      publicKey: Buffer.alloc(44, 1).toString('base64'),
    });
    expect(notEd25519.statusCode).toBe(400);
    const row = await s.db.query<{ chain_key_sealed: string }>(
      'select chain_key_sealed from devices where device_id = $1',
      [device.deviceId],
    );
    // The chain key is sealed under the pepper, never stored as sent.
    expect(row.rows[0]!.chain_key_sealed).not.toContain(device.chainKey);
  });

  it('accepts a good signed batch exactly once, in order', async () => {
    const device = await desk();
    await register(device);
    const entries = await keyedChain(device, 6);
    const first = await signed(device, entries);
    expect(first.statusCode, first.body).toBe(200);
    expect(s.statuses(first.json().results)).toEqual(Array(6).fill('applied'));
    const before = await dumpDb(s.db);
    const again = await signed(device, entries);
    expect(s.statuses(again.json().results)).toEqual(Array(6).fill('duplicate'));
    expect(await dumpDb(s.db)).toBe(before);
    const next = await keyedChain(device, 3, entries.at(-1));
    expect((await signed(device, next)).statusCode).toBe(200);
    expect(await archived(device.deviceId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await tamper(device.deviceId)).toEqual([]);
  });

  it('refuses a signed batch of an unknown device: nothing stored, an alert raised', async () => {
    const device = await desk();
    const entries = await keyedChain(device, 3);
    const entriesBefore = await countRows(s.db, 'journal_entries');
    const res = await signed(device, entries);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('device-unknown');
    expect(await countRows(s.db, 'journal_entries')).toBe(entriesBefore);
    expect((await tamper(device.deviceId)).map((a) => a.reasons)).toEqual([['device-unknown']]);
  });

  it('refuses unsigned batches of unregistered devices when registration is required', async () => {
    const strict = s.build({ requireRegisteredDevices: true });
    try {
      const deviceId = newDevice();
      const res = await s.post(
        { deviceId, entries: await makeChain(deviceId, 2) },
        s.agentToken,
        strict,
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('device-unknown');
      expect(await archived(deviceId)).toEqual([]);
    } finally {
      await strict.close();
    }
    // Without the requirement an older desk's unsigned batch still syncs (the upgrade window).
    const legacy = newDevice();
    expect(s.statuses(await s.send(legacy, await makeChain(legacy, 2)))).toEqual([
      'applied',
      'applied',
    ]);
  });

  it('refuses a registered device’s batch without a valid signature', async () => {
    const device = await desk();
    await register(device);
    const entries = await keyedChain(device, 2);
    const unsigned = await s.post({ deviceId: device.deviceId, entries });
    expect(unsigned.json().error.code).toBe('device-signature-invalid');
    const forged = await s.post({
      deviceId: device.deviceId,
      entries,
      signature: (await desk()).signBatch(device.deviceId, entries),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('device-signature-invalid');
    expect(await archived(device.deviceId)).toEqual([]);
    // One alert per device and reason until a lead resolves it: the desk's retries do not flood.
    expect((await tamper(device.deviceId)).map((a) => a.reasons)).toEqual([
      ['device-signature-invalid'],
    ]);
  });

  it('refuses a batch rewritten on disk (chain consistent, MACs stale): nothing stored, alerted', async () => {
    const device = await desk();
    await register(device);
    const good = await keyedChain(device, 2);
    expect((await signed(device, good)).statusCode).toBe(200);
    const entries = await keyedChain(device, 4, good.at(-1));
    // Edit seq 4 and re-seal the unkeyed chain from there, keeping the old MACs (no chain key).
    const rewritten: JournalEntry[] = [entries[0]!];
    for (const entry of entries.slice(1)) {
      const { hash: _hash, mac, ...rest } = entry;
      const data = entry.seq === 4 ? { ...entry.data, passed: false } : entry.data;
      const sealed = await sealEntry({ ...rest, data, prevHash: rewritten.at(-1)!.hash });
      rewritten.push({ ...sealed, mac: mac! });
    }
    const stored = async () => [
      await countRows(s.db, 'journal_entries'),
      await countRows(s.db, 'journal_rejects'),
    ];
    const before = await stored();
    const res = await signed(device, rewritten);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'journal-rewritten' });
    expect(res.json().error.message).toContain('first at seq 4, 3 in all');
    expect(await stored()).toEqual(before);
    const alerts = await tamper(device.deviceId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      reasons: ['journal-rewritten'],
      details: { firstSeq: 3, lastSeq: 6, rewritten: 3, firstRewrittenSeq: 4 },
    });
    // The retry is refused again, with no second alert; the untouched entries still go through.
    expect((await signed(device, rewritten)).statusCode).toBe(409);
    expect(await tamper(device.deviceId)).toHaveLength(1);
    expect(await stored()).toEqual(before);
    // A MAC stripped to pass an entry off as legacy is refused the same way.
    const stripped = entries.map(({ mac: _mac, ...rest }) => rest);
    expect((await signed(device, stripped)).json().error.code).toBe('journal-rewritten');
    expect(s.statuses((await signed(device, entries)).json().results)).toEqual(
      Array(4).fill('applied'),
    );
  });

  it('takes legacy entries below keyedFrom unkeyed, and keyed ones after them', async () => {
    const device = await desk(4);
    await register(device);
    const entries = await keyedChain(device, 5);
    expect(entries.map((e) => e.mac === undefined)).toEqual([true, true, true, false, false]);
    const res = await signed(device, entries);
    expect(s.statuses(res.json().results)).toEqual(Array(5).fill('applied'));
  });

  it('a lead revokes a device: its batches are refused with an alert, nothing stored', async () => {
    const device = await desk();
    await register(device);
    const first = await keyedChain(device, 2);
    await signed(device, first);

    const byAgent = await s.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device.deviceId}/revoke`,
      headers: { authorization: `Bearer ${s.agentToken}` },
    });
    expect(byAgent.statusCode).toBe(403);
    const revoke = await s.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device.deviceId}/revoke`,
      headers: { authorization: `Bearer ${s.leadToken}` },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(DeviceView.parse(revoke.json())).toMatchObject({
      status: 'revoked',
      revokedBy: 'lead01',
      lastSeq: 2,
    });

    const next = await keyedChain(device, 2, first.at(-1));
    const refused = await signed(device, next);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('device-revoked');
    expect(await archived(device.deviceId)).toEqual([1, 2]);
    expect((await tamper(device.deviceId)).map((a) => a.reasons)).toEqual([['device-revoked']]);
    // Registering again does not lift a revocation.
    expect((await register(device)).json().error.code).toBe('device-revoked');
    const unknown = await s.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${newDevice()}/revoke`,
      headers: { authorization: `Bearer ${s.leadToken}` },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('lists devices for a lead or an admin, not for an agent (recorded); in the API document', async () => {
    const device = await desk();
    await register(device);
    const list = (token: string) =>
      s.app.inject({
        method: 'GET',
        url: '/api/v1/devices',
        headers: { authorization: `Bearer ${token}` },
      });
    const asLead = DeviceList.parse((await list(s.leadToken)).json());
    expect(asLead.devices.map((d) => d.deviceId)).toContain(device.deviceId);
    expect((await list(await signIn('admin01'))).statusCode).toBe(200);
    const asAgent = await list(s.agentToken);
    expect(asAgent.statusCode).toBe(403);
    const recorded = await s.db.query<{ reasons: string[] }>(
      `select reasons from alerts where kind = 'over-permission' and reasons @> '["list-devices"]'::jsonb`,
    );
    expect(recorded.rows.length).toBeGreaterThan(0);
    const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/devices', '/api/v1/devices/{id}/revoke']),
    );
  });
});
