// The desk's journal bound to its device, end to end against the real records service (PGlite,
// demo seed, requiring registered devices): the uploader registers the device once and signs
// every batch; once a lead revokes the device its batches are refused (device-revoked) and every
// entry stays on the desk, counted in the backlog and named in the desk's connectivity notice.
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createJournalUploader, openJournalStore } from '../../../../../main/core/journal/index.js';
import { createConnectivityMonitor } from '../../../../../main/core/connectivity.js';
import { createJournalSync } from '../../../../../main/core/journal/sync.js';
import { buildServer } from '../../../../../server/app.js';
import { openPglite, type Db } from '../../../../../server/db.js';
import { migrate } from '../../../../../server/migrations.js';
import { applySeed } from '../../../../../server/seed.js';
import demoSeed from '../../../../../server/seed/demo-seed.json' with { type: 'json' };
import { useTempDirs } from '../../../../support/fakes.js';
import { DB_TIMEOUT_MS, TEST_COST, TEST_PEPPER } from '../../../server/helpers.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: DB_TIMEOUT_MS });

const tempDir = useTempDirs();
let db: Db;
let server: FastifyInstance;
let baseUrl: string;

const signIn = async (username: string) => {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-pass-1' }),
  });
  return ((await response.json()) as { token: string }).token;
};

beforeAll(async () => {
  db = await openPglite(undefined);
  await migrate(db);
  await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST }, 'demo-seed.json');
  server = buildServer({
    db,
    logger: false,
    pepper: TEST_PEPPER,
    passwordCost: TEST_COST,
    requireRegisteredDevices: true,
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(server.server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await server?.close();
});

describe('journal sync bound to the device', () => {
  it('registers, signs and syncs; after a revocation nothing more is stored and nothing is lost', async () => {
    const token = await signIn('agent01');
    const journal = await openJournalStore({ dataDir: tempDir() });
    const sync = createJournalSync({
      journal,
      send: createJournalUploader({ baseUrl, token: () => token, device: journal.device! }),
      backoffBaseMs: 20,
      backoffCapMs: 100,
      appendDelayMs: 5,
    });
    sync.start();
    for (let i = 1; i <= 5; i++)
      await journal.append('verify.basic-checked', { passed: true, attempt: i });
    await sync.drained();
    const archived = await db.query<{ seq: number; mac: string | null }>(
      'select seq::int as seq, mac from journal_entries where device_id = $1 order by seq',
      [journal.deviceId],
    );
    expect(archived.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(archived.rows.map((r) => r.mac)).toEqual(journal.entries().map((e) => e.mac));
    const device = await db.query<{ public_key: string; registered_by: string }>(
      'select public_key, registered_by from devices where device_id = $1',
      [journal.deviceId],
    );
    expect(device.rows[0]).toEqual({
      public_key: journal.device!.publicKey,
      registered_by: 'agent01',
    });

    const revoked = await fetch(`${baseUrl}/api/v1/devices/${journal.deviceId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signIn('lead01')}` },
    });
    expect(revoked.status).toBe(200);
    for (let i = 6; i <= 8; i++)
      await journal.append('verify.basic-checked', { passed: true, attempt: i });
    await vi.waitFor(() => expect(sync.state().lastError?.code).toBe('device-revoked'), {
      timeout: 10_000,
    });
    expect(sync.state().lastError?.status).toBe(403);
    // What the desk's status bar shows the agent and IT (renderer/connectivity/).
    const connectivity = createConnectivityMonitor({ probe: async () => ({}), sync });
    expect(connectivity.state().syncRefused).toBe('device-revoked');
    expect(journal.backlog()).toBe(3);
    expect(journal.deadLetters()).toEqual([]);
    expect(journal.pending(10).map((e) => e.seq)).toEqual([6, 7, 8]);
    const after = await db.query<{ n: number }>(
      'select count(*)::int as n from journal_entries where device_id = $1',
      [journal.deviceId],
    );
    expect(after.rows[0]!.n).toBe(5);
    await sync.stop();
    await journal.close();
  });
});
