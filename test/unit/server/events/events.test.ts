// The push stream across instances (Art. 10, 26): two records services on one database, a stream
// opened on A sees what is written through B — a desk's state, a lead's not-ready order, an alert —
// filtered by who is listening; a rolled-back write pushes nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../../server/app.js';
import { openPglite, openPostgres, type Db } from '../../../../server/db.js';
import { notifyEvent } from '../../../../server/events/bus.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  createTestSchema,
  DATABASE_URL,
  DB_KIND,
  DB_TIMEOUT_MS,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
  type TestSchema,
} from '../helpers.js';
import { COMPLAINT, makeChain, newDevice } from '../journal-archive/harness.js';
import { openStream, type Stream } from './sse-client.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const REPORT = { deviceId: 'desk-1', connectivity: 'online', backlog: 0, call: null };

describe(`push stream across two instances (${DB_KIND})`, () => {
  let schema: TestSchema | undefined;
  let dbA: Db;
  let dbB: Db;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let baseA: string;
  const tokens: Record<string, string> = {};

  const build = (db: Db) =>
    buildServer({ db, logger: false, passwordCost: TEST_COST, pepper: TEST_PEPPER });
  const call = (
    app: FastifyInstance,
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    who: string,
    payload?: object,
  ) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    if (DATABASE_URL) {
      // Two pools and two LISTEN connections: as separate processes would have.
      schema = await createTestSchema(DATABASE_URL);
      dbA = await openPostgres(schema.url);
      dbB = await openPostgres(schema.url);
    } else {
      // PGlite is one connection: both services share it, and each hears the other's NOTIFY.
      const shared = await openPglite(undefined);
      dbA = shared;
      dbB = unclosable(shared);
    }
    await migrate(dbA);
    await applySeed(dbA, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    a = build(dbA);
    b = build(dbB);
    baseA = await a.listen({ port: 0, host: '127.0.0.1' });
    await b.ready();
    for (const username of ['agent01', 'senior01', 'lead01']) {
      const res = await b.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: 'demo-pass-1' },
      });
      tokens[username] = res.json().token as string;
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dbB?.close();
    await schema?.drop();
  });

  it('refuses a stream without a token (401)', async () => {
    const stream = await openStream(baseA, null);
    expect(stream.status).toBe(401);
  });

  it("a desk's report and a lead's order through B reach the streams on A, each to whom it concerns", async () => {
    const lead = await openStream(baseA, tokens.lead01!);
    const agent = await openStream(baseA, tokens.agent01!);
    const senior = await openStream(baseA, tokens.senior01!);
    const streams: Stream[] = [lead, agent, senior];
    try {
      const report = await call(b, 'PUT', '/api/v1/desks/me/state', 'agent01', {
        ...REPORT,
        state: 'ready',
      });
      expect(report.statusCode, report.body).toBe(200);
      await lead.next((e) => e.kind === 'floor.changed' && e.username === 'agent01');

      const order = await call(b, 'POST', '/api/v1/desks/agent01/not-ready', 'lead01', {
        reason: 'meeting',
      });
      expect(order.statusCode, order.body).toBe(200);
      const pushed = await agent.next((e) => e.kind === 'desk.not-ready');
      expect(pushed).toEqual({
        kind: 'desk.not-ready',
        id: order.json().orderId,
        username: 'agent01',
      });
      await lead.next((e) => e.kind === 'desk.not-ready' && e.username === 'agent01');

      // An over-permission attempt through B: an alert for the lead, nothing for agents.
      expect((await call(b, 'GET', '/api/v1/floor', 'senior01')).statusCode).toBe(403);
      const alert = await lead.next((e) => e.kind === 'alert.raised');
      const { rows } = await dbA.query<{ id: string }>(
        `select id from alerts where kind = 'over-permission' and agent_username = 'senior01'`,
      );
      expect(alert.id).toBe(rows[0]!.id);

      // Ids and kinds only; the agent heard only about their own desk, the senior nothing.
      expect(agent.events.every((e) => e.username === 'agent01')).toBe(true);
      expect(agent.events.map((e) => e.kind)).toEqual(['desk.not-ready']);
      expect(senior.events).toEqual([]);
      for (const event of lead.events)
        expect(Object.keys(event).sort()).toEqual(['id', 'kind', 'username']);
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('a complaint archived through B is pushed to the lead on A by its trigger, with its id', async () => {
    const lead = await openStream(baseA, tokens.lead01!);
    try {
      const device = newDevice();
      const entries = await makeChain(device, 1, { 1: COMPLAINT });
      const res = await call(b, 'POST', '/api/v1/journal/batches', 'agent01', {
        deviceId: device,
        entries,
      });
      expect(res.statusCode, res.body).toBe(200);
      const pushed = await lead.next((e) => e.kind === 'complaint.opened');
      const { rows } = await dbA.query<{ id: string }>(
        'select id from complaints where entry_id = $1',
        [entries[0]!.id],
      );
      expect(pushed).toEqual({ kind: 'complaint.opened', id: rows[0]!.id, username: null });
    } finally {
      lead.close();
    }
  });

  it('a heartbeat that changes nothing pushes nothing, even with a call', async () => {
    const lead = await openStream(baseA, tokens.lead01!);
    try {
      const onCall = {
        ...REPORT,
        deviceId: 'desk-2',
        state: 'on-call',
        call: {
          callId: 'call-hb',
          caller: '138****5678',
          businessType: 'enquiry',
          sessionId: null,
          step: 'basic',
          awaitingApproval: false,
        },
      };
      expect((await call(b, 'PUT', '/api/v1/desks/me/state', 'senior01', onCall)).statusCode).toBe(
        200,
      );
      await lead.next((e) => e.kind === 'floor.changed' && e.username === 'senior01');
      expect((await call(b, 'PUT', '/api/v1/desks/me/state', 'senior01', onCall)).statusCode).toBe(
        200,
      );
      await dbB.transaction((tx) => notifyEvent(tx, 'queue.changed', 'marker', null));
      await lead.next((e) => e.id === 'marker');
      const floor = lead.events.filter(
        (e) => e.kind === 'floor.changed' && e.username === 'senior01',
      );
      expect(floor).toEqual([{ kind: 'floor.changed', id: null, username: 'senior01' }]);
    } finally {
      lead.close();
    }
  });

  it('a rolled-back write pushes nothing; the next committed one does', async () => {
    const lead = await openStream(baseA, tokens.lead01!);
    try {
      await expect(
        dbB.transaction(async (tx) => {
          await notifyEvent(tx, 'complaint.opened', 'rolled-back', null);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await dbB.transaction((tx) => notifyEvent(tx, 'complaint.opened', 'committed', null));
      await lead.next((e) => e.id === 'committed');
      expect(lead.events.some((e) => e.id === 'rolled-back')).toBe(false);
    } finally {
      lead.close();
    }
  });

  it.skipIf(!DATABASE_URL)(
    'a dropped LISTEN connection comes back, tells its streams to re-fetch, and pushes again',
    async () => {
      const lead = await openStream(baseA, tokens.lead01!);
      try {
        const channel = (await dbA.query<{ c: string }>('select desk_events_channel() as c'))
          .rows[0]!.c;
        const { rows } = await dbA.query<{ killed: boolean }>(
          `select pg_terminate_backend(pid) as killed from pg_stat_activity
            where query = $1`,
          [`listen ${channel}`],
        );
        expect(rows.length).toBeGreaterThanOrEqual(1);
        await lead.next((e) => e.kind === 'resync', 15_000);
        await dbB.transaction((tx) => notifyEvent(tx, 'queue.changed', 'after-drop', null));
        await lead.next((e) => e.id === 'after-drop');
      } finally {
        lead.close();
      }
    },
  );

  it('closes open streams when the service shuts down', async () => {
    const extra = build(unclosable(dbB));
    const base = await extra.listen({ port: 0, host: '127.0.0.1' });
    const lead = await openStream(base, tokens.lead01!);
    await extra.close();
    lead.close();
  });
});
