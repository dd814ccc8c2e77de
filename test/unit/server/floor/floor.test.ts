// Desk presence and the lead's floor over HTTP (Art. 10, 26): reports and heartbeats, offline from
// timestamps, time in state, workload today from the history, a lead's not-ready order that a
// heartbeat in flight cannot undo; refusals change nothing and below-lead attempts are recorded.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../../server/app.js';
import type { Db } from '../../../../server/db.js';
import { sweepOffline } from '../../../../server/floor/repository.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  asSuperuser,
  countRows,
  DB_KIND,
  DB_TIMEOUT_MS,
  dumpDb,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from '../helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

/** 09:00 in Shanghai: "today" began at 16:00 UTC the day before. */
const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const REPORT = { deviceId: 'desk-1', connectivity: 'online', backlog: 0, call: null } as const;
const CALL = {
  callId: 'call-1',
  caller: '138****5678',
  businessType: 'enquiry',
  sessionId: null,
  step: 'basic',
  awaitingApproval: false,
} as const;

describe(`desk presence and the floor (${DB_KIND})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let clock = T0;
  const tokens: Record<string, string> = {};
  const at = (ms: number) => new Date(T0 + ms).toISOString();

  const request = (method: 'GET' | 'PUT' | 'POST', url: string, who: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });
  const report = (who: string, body: object) => request('PUT', '/api/v1/desks/me/state', who, body);
  const floor = async () => {
    const res = await request('GET', '/api/v1/floor', 'lead01');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      counts: Record<string, number>;
      agents: {
        username: string;
        name: string;
        state: string;
        since: string | null;
        call: unknown;
        workload: { calls: number; talkMs: number; sinceBreakMs: number | null };
        warnings: string[];
      }[];
    };
  };
  // Through the one-agent route, which must say what the whole floor says.
  const agentOf = async (username: string) => {
    const res = await request('GET', `/api/v1/floor/agents/${username}`, 'lead01');
    expect(res.statusCode, res.body).toBe(200);
    const one = res.json() as Awaited<ReturnType<typeof floor>>['agents'][number];
    expect(one).toEqual((await floor()).agents.find((a) => a.username === username));
    return one;
  };

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    app = buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => new Date(clock),
      // The suite sweeps by hand: no background sweep racing the test's clock.
      floor: { offlineSweepMs: 3_600_000 },
    });
    for (const username of ['agent01', 'senior01', 'lead01']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: 'demo-pass-1' },
      });
      tokens[username] = res.json().token as string;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  beforeEach(() => {
    clock = T0;
  });
  afterEach(async () => {
    await asSuperuser(
      db,
      'delete from desk_presence; delete from desk_state_history; delete from queue_calls; delete from alerts',
    );
  });

  it('shows each agent of the team by name with state, time in state and call; counts; no admin', async () => {
    expect(
      (await report('agent01', { ...REPORT, state: 'ready', since: at(-5_000) })).json(),
    ).toEqual({
      username: 'agent01',
      state: 'ready',
      reason: null,
      since: at(-5_000),
      lastSeenAt: at(0),
      setBy: null,
      setByName: null,
    });
    clock = T0 + 1_000;
    await report('lead01', { ...REPORT, deviceId: 'desk-9', state: 'on-call', call: CALL });
    const view = await floor();
    expect(view.agents.map((a) => [a.username, a.name, a.state]).sort()).toEqual([
      ['agent01', '张伟', 'ready'],
      ['lead01', '王丽', 'on-call'],
      ['senior01', '李强', 'signed-out'],
    ]);
    expect(view.agents.find((a) => a.username === 'lead01')!.call).toEqual(CALL);
    expect(view.counts).toEqual({ ready: 1, onCall: 1, notReady: 0, offline: 0 });
  });

  it('a heartbeat keeps the state and its start; a change starts a new one and a history row', async () => {
    await report('agent01', { ...REPORT, state: 'ready' });
    clock = T0 + 10_000;
    await report('agent01', { ...REPORT, state: 'ready', backlog: 3 });
    expect(await countRows(db, 'desk_state_history')).toBe(1);
    expect((await agentOf('agent01')).since).toBe(at(0));
    clock = T0 + 20_000;
    await report('agent01', { ...REPORT, state: 'not-ready', reason: 'training' });
    expect(await countRows(db, 'desk_state_history')).toBe(2);
    expect(await agentOf('agent01')).toMatchObject({ state: 'not-ready', since: at(20_000) });
  });

  it('a silent desk is offline after 25 s, from timestamps; the sweep marks it once; a report brings it back', async () => {
    await report('agent01', { ...REPORT, state: 'ready' });
    clock = T0 + 25_000;
    expect((await agentOf('agent01')).state).toBe('ready');
    clock = T0 + 25_001;
    const view = await floor();
    expect(view.agents.find((a) => a.username === 'agent01')!.state).toBe('offline');
    expect(view.counts.offline).toBe(1);
    const swept = await db.transaction((tx) => sweepOffline(tx, new Date(clock), 25_000));
    expect(swept).toEqual(['agent01']);
    expect(await db.transaction((tx) => sweepOffline(tx, new Date(clock), 25_000))).toEqual([]);
    clock = T0 + 40_000;
    await report('agent01', { ...REPORT, state: 'ready' });
    expect(await agentOf('agent01')).toMatchObject({ state: 'ready', since: at(40_000) });
    const { rows } = await db.query<{ state: string }>(
      `select state from desk_state_history where username = 'agent01' order by at, id`,
    );
    expect(rows.map((r) => r.state)).toEqual(['ready', 'offline', 'ready']);
  });

  it("counts today's calls and talk time, and warns after 2 h without a break (Art. 26)", async () => {
    await report('agent01', { ...REPORT, state: 'ready' });
    clock = T0 + 60_000;
    await report('agent01', { ...REPORT, state: 'on-call', call: CALL });
    clock = T0 + 180_000;
    await report('agent01', { ...REPORT, state: 'wrap-up', call: CALL });
    clock = T0 + 200_000;
    await report('agent01', { ...REPORT, state: 'ready' });
    let agent = await agentOf('agent01');
    expect(agent.workload).toEqual({ calls: 1, talkMs: 120_000, sinceBreakMs: 200_000 });
    expect(agent.warnings).toEqual([]);
    clock = T0 + 2 * 3_600_000;
    await report('agent01', { ...REPORT, state: 'ready' });
    expect((await agentOf('agent01')).warnings).toEqual(['no-break']);
    await report('agent01', { ...REPORT, state: 'break' });
    clock += 600_000;
    await report('agent01', { ...REPORT, state: 'ready' });
    agent = await agentOf('agent01');
    expect(agent.warnings).toEqual([]);
    expect(agent.workload.sinceBreakMs).toBe(0);
  });

  it("a call that began before midnight counts from midnight in today's talk time", async () => {
    const midnight = T0 - 9 * 3_600_000; // 00:00 in Shanghai
    clock = midnight - 60_000;
    await report('agent01', { ...REPORT, state: 'on-call', call: CALL });
    clock = midnight + 60_000;
    await report('agent01', { ...REPORT, state: 'wrap-up', call: CALL });
    clock = midnight + 90_000;
    await report('agent01', { ...REPORT, state: 'ready' });
    expect((await agentOf('agent01')).workload).toMatchObject({ calls: 1, talkMs: 60_000 });
  });

  it('refuses a bad report (400) and changes nothing', async () => {
    await report('agent01', { ...REPORT, state: 'ready' });
    const before = await dumpDb(db);
    for (const body of [
      { ...REPORT, state: 'not-ready' },
      { ...REPORT, state: 'ready', reason: 'training' },
      { ...REPORT, state: 'on-call', call: { ...CALL, caller: '13812345678' } },
      { ...REPORT, state: 'ready', call: CALL },
      { ...REPORT, state: 'offline' },
      { ...REPORT, state: 'ready', extra: 1 },
    ]) {
      const res = await report('agent01', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await dumpDb(db)).toBe(before);
  });

  it("a lead sets an agent not ready: recorded with who; a heartbeat from before cannot undo it; the desk's follow-up settles it", async () => {
    await report('agent01', { ...REPORT, state: 'ready', since: at(0) });
    clock = T0 + 5_000;
    const order = await request('POST', '/api/v1/desks/agent01/not-ready', 'lead01', {
      reason: 'meeting',
      note: '班前会',
    });
    expect(order.statusCode, order.body).toBe(200);
    expect(order.json()).toMatchObject({
      state: 'not-ready',
      reason: 'meeting',
      setBy: 'lead01',
      setByName: '王丽',
    });
    const { rows } = await db.query<{ set_by: string; note: string; state: string }>(
      `select set_by, note, state from desk_state_history where set_by is not null`,
    );
    expect(rows).toEqual([{ set_by: 'lead01', note: '班前会', state: 'not-ready' }]);

    clock = T0 + 6_000;
    const heartbeat = await report('agent01', { ...REPORT, state: 'ready', since: at(0) });
    expect(heartbeat.json()).toMatchObject({
      state: 'not-ready',
      setBy: 'lead01',
      setByName: '王丽',
    });
    const mine = await request('GET', '/api/v1/desks/me/state', 'agent01');
    expect(mine.json()).toMatchObject({ state: 'not-ready', reason: 'meeting', setByName: '王丽' });

    clock = T0 + 7_000;
    const followed = await report('agent01', {
      ...REPORT,
      state: 'not-ready',
      reason: 'meeting',
      since: at(5_000),
    });
    expect(followed.json()).toMatchObject({
      state: 'not-ready',
      setBy: null,
      setByName: null,
      since: at(5_000),
    });
    clock = T0 + 60_000;
    const back = await report('agent01', { ...REPORT, state: 'ready', since: at(60_000) });
    expect(back.json()).toMatchObject({ state: 'ready', setBy: null });
  });

  it('refuses the order below lead (403, recorded), bad input (400), unknown agent (404), a desk on a call or signed out (409) — changing nothing', async () => {
    await report('agent01', { ...REPORT, state: 'on-call', call: CALL });
    const before = await dumpDb(db);
    const order = (who: string, username: string, body: object) =>
      request('POST', `/api/v1/desks/${username}/not-ready`, who, body);
    expect((await order('lead01', 'agent01', { reason: 'nap' })).statusCode).toBe(400);
    expect((await order('lead01', 'agent01', { reason: 'meeting', x: 1 })).statusCode).toBe(400);
    expect((await order('lead01', 'Bad%20User!', { reason: 'meeting' })).statusCode).toBe(400);
    expect((await order('lead01', 'nobody', { reason: 'meeting' })).statusCode).toBe(404);
    expect((await order('lead01', 'agent01', { reason: 'meeting' })).statusCode).toBe(409);
    expect((await order('lead01', 'senior01', { reason: 'meeting' })).statusCode).toBe(409);
    expect(await dumpDb(db)).toBe(before);

    const refused = await order('senior01', 'agent01', { reason: 'meeting' });
    expect(refused.statusCode).toBe(403);
    expect((await request('GET', '/api/v1/floor', 'agent01')).statusCode).toBe(403);
    expect((await request('GET', '/api/v1/floor/agents/agent02', 'agent01')).statusCode).toBe(403);
    expect((await request('GET', '/api/v1/floor/agents/nobody', 'lead01')).statusCode).toBe(404);
    const { rows } = await db.query<{ reasons: string[] }>(
      `select reasons from alerts where kind = 'over-permission'`,
    );
    expect(rows.map((r) => r.reasons[0]).sort()).toEqual([
      'set-not-ready',
      'view-floor',
      'view-floor',
    ]);
    expect(await countRows(db, 'desk_state_history')).toBe(1);
  });

  it('queue figures from desk reports: offered, answered, abandoned, missed, waits, service level by hour', async () => {
    clock = T0 + 3_600_000;
    const events = [
      { callId: 'c1', kind: 'arrived', at: at(0) },
      { callId: 'c1', kind: 'answered', at: at(10_000) },
      { callId: 'c2', kind: 'arrived', at: at(60_000) },
      { callId: 'c2', kind: 'answered', at: at(90_000) },
      { callId: 'c3', kind: 'arrived', at: at(120_000) },
      { callId: 'c3', kind: 'abandoned', at: at(125_000) },
      // A second desk's CANCEL after another answered ("completed elsewhere") cannot undo it.
      { callId: 'c1', kind: 'abandoned', at: at(11_000) },
      { callId: 'c4', kind: 'arrived', at: at(130_000) },
      { callId: 'c4', kind: 'missed', at: at(160_000) },
      { callId: 'c5', kind: 'arrived', at: at(3_600_000 - 40_000) },
    ];
    const posted = await request('POST', '/api/v1/queues/events', 'agent01', { events });
    expect(posted.statusCode, posted.body).toBe(200);
    const stats = (await request('GET', '/api/v1/queues/today', 'lead01')).json();
    expect(stats).toMatchObject({
      offered: 5,
      answered: 2,
      abandoned: 1,
      missed: 1,
      waiting: 1,
      longestWaitNowMs: 40_000,
      longestWaitTodayMs: 40_000,
      averageAnswerMs: 20_000,
      serviceLevel: 1 / 4,
      thresholdMs: 20_000,
    });
    expect(stats.hours).toEqual([
      {
        hour: 9,
        offered: 5,
        answered: 2,
        abandoned: 1,
        missed: 1,
        answeredWithinThreshold: 1,
        serviceLevel: 1 / 4,
      },
    ]);
    const before = await dumpDb(db);
    const bad = await request('POST', '/api/v1/queues/events', 'agent01', {
      events: [
        { callId: 'c9', kind: 'arrived', at: at(0) },
        { callId: 'c9', kind: 'answered', at: at(3_600_000 + 120_000) },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(await dumpDb(db)).toBe(before);
    expect((await request('GET', '/api/v1/queues/today', 'agent01')).statusCode).toBe(403);
  });
});
