// Teams on the floor and in the queue figures (Art. 10, 26): a lead sees their own team by
// default, another team or all on request; counts are the shown team's; a lead of another team
// may not order an agent not ready (403, recorded, no change); a desk's calls count in its
// team's queue.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../../server/app.js';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  asSuperuser,
  DB_KIND,
  DB_TIMEOUT_MS,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from '../helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const REPORT = { deviceId: 'desk-1', connectivity: 'online', backlog: 0, call: null } as const;
const ONE = '信用卡一组';
const TWO = '信用卡二组';
const SECOND_TEAM = [
  { username: 'agent21', name: '赵敏', tier: 'agent', password: 'demo-pass-1', team: TWO },
  { username: 'lead21', name: '孙涛', tier: 'lead', password: 'demo-pass-1', team: TWO },
  // A lead over the whole floor: in no team.
  { username: 'lead00', name: '周平', tier: 'lead', password: 'demo-pass-1' },
] as const;

interface Floor {
  team: string | null;
  teams: string[];
  counts: Record<string, number>;
  agents: { username: string; team: string | null; state: string }[];
}

describe(`teams on the floor and in the queues (${DB_KIND})`, () => {
  let db: Db;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  const request = (method: 'GET' | 'PUT' | 'POST', url: string, who: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });
  const q = (team: string) => `?team=${encodeURIComponent(team)}`;
  const floor = async (who: string, query = '') => {
    const res = await request('GET', `/api/v1/floor${query}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Floor;
  };
  const names = (f: Floor) => f.agents.map((a) => a.username).sort();

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    const seed = { ...demoSeed, agents: [...demoSeed.agents, ...SECOND_TEAM] };
    await applySeed(db, seed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    app = buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => new Date(T0 + 3_600_000),
      floor: { offlineSweepMs: 3_600_000 },
    });
    for (const username of ['agent01', 'lead01', 'agent21', 'lead21', 'lead00']) {
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
  afterEach(async () => {
    await asSuperuser(db, 'delete from desk_presence; delete from desk_state_history');
    await asSuperuser(db, 'delete from queue_calls; delete from alerts');
  });

  it("shows the lead's own team by default, another team or all on request; counts are the team's", async () => {
    const clock = 3_600_000;
    await request('PUT', '/api/v1/desks/me/state', 'agent01', { ...REPORT, state: 'ready' });
    await request('PUT', '/api/v1/desks/me/state', 'agent21', { ...REPORT, state: 'ready' });
    await request('PUT', '/api/v1/desks/me/state', 'lead21', {
      ...REPORT,
      state: 'not-ready',
      reason: 'meeting',
      since: at(clock - 1_000),
    });

    const own = await floor('lead01');
    expect(own.team).toBe(ONE);
    expect(own.teams).toEqual([ONE, TWO]);
    expect(names(own)).toEqual(['agent01', 'lead01', 'senior01']);
    expect(own.agents.every((a) => a.team === ONE)).toBe(true);
    expect(own.counts).toEqual({ ready: 1, onCall: 0, notReady: 0, offline: 0 });

    const other = await floor('lead01', q(TWO));
    expect(other.team).toBe(TWO);
    expect(names(other)).toEqual(['agent21', 'lead21']);
    expect(other.counts).toEqual({ ready: 1, onCall: 0, notReady: 1, offline: 0 });
    expect(await floor('lead21')).toEqual(other);

    const all = await floor('lead01', '?team=all');
    expect(all.team).toBeNull();
    expect(names(all)).toEqual(['agent01', 'agent21', 'lead00', 'lead01', 'lead21', 'senior01']);
    expect(all.counts).toEqual({ ready: 2, onCall: 0, notReady: 1, offline: 0 });
    // A lead in no team sees the whole floor by default.
    expect(await floor('lead00')).toEqual(all);

    const one = await request('GET', '/api/v1/floor/agents/agent21', 'lead01');
    expect(one.json()).toMatchObject({ username: 'agent21', team: TWO, state: 'ready' });
    // An unknown team is an empty floor, not an error.
    const none = await floor('lead01', q('信用卡九组'));
    expect(none).toMatchObject({ team: '信用卡九组', agents: [], teams: [ONE, TWO] });
    expect(none.counts).toEqual({ ready: 0, onCall: 0, notReady: 0, offline: 0 });
  });

  it('refuses a bad team filter (400): too long, control characters, blank, padded', async () => {
    for (const bad of ['组'.repeat(41), 'a\u0007b', '', ' 信用卡一组', 'a\nb']) {
      for (const url of ['/api/v1/floor', '/api/v1/queues/today']) {
        const res = await request('GET', `${url}${q(bad)}`, 'lead01');
        expect(res.statusCode, `${url} ${JSON.stringify(bad)}`).toBe(400);
      }
    }
    expect((await request('GET', `/api/v1/floor${q('组'.repeat(40))}`, 'lead01')).statusCode).toBe(
      200,
    );
    expect((await request('GET', '/api/v1/floor?team=a&x=1', 'lead01')).statusCode).toBe(400);
  });

  it("a lead of another team may not set an agent not ready (403, recorded, the desk untouched); only the agent's lead may", async () => {
    await request('PUT', '/api/v1/desks/me/state', 'agent01', { ...REPORT, state: 'ready' });
    await request('PUT', '/api/v1/desks/me/state', 'agent21', { ...REPORT, state: 'ready' });
    const floorRows = 'select * from desk_presence order by username';
    const historyRows = 'select * from desk_state_history order by id';
    const before = [(await db.query(floorRows)).rows, (await db.query(historyRows)).rows];
    const refused = await request('POST', '/api/v1/desks/agent01/not-ready', 'lead21', {
      reason: 'meeting',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/team/);
    expect([(await db.query(floorRows)).rows, (await db.query(historyRows)).rows]).toEqual(before);
    // Art. 10: the attempt is an over-permission alert for the leads.
    const { rows: alerts } = await db.query<{ kind: string; reasons: string[] }>(
      "select kind, reasons from alerts where agent_username = 'lead21'",
    );
    expect(alerts).toEqual([{ kind: 'over-permission', reasons: ['set-not-ready-other-team'] }]);

    const own = await request('POST', '/api/v1/desks/agent21/not-ready', 'lead21', {
      reason: 'meeting',
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ state: 'not-ready', setBy: 'lead21' });
    // A lead in no team (a seed that left the team out) sees every team but orders none of them.
    const teamless = await request('POST', '/api/v1/desks/agent01/not-ready', 'lead00', {
      reason: 'training',
    });
    expect(teamless.statusCode, teamless.body).toBe(403);
  });

  it("counts a desk's call in the reporter's team's queue; an ACD adapter's explicit queue stays", async () => {
    const arrived = (callId: string, queue?: string) => ({
      callId,
      kind: 'arrived',
      at: at(0),
      ...(queue ? { queue } : {}),
    });
    const post = (who: string, events: object[]) =>
      request('POST', '/api/v1/queues/events', who, { events });
    expect((await post('agent01', [arrived('a1'), arrived('a2')])).statusCode).toBe(200);
    expect((await post('agent21', [arrived('b1')])).statusCode).toBe(200);
    // An ACD adapter names the queue: a team's, or one of its own.
    expect(
      (await post('agent21', [arrived('b2', ONE), arrived('x1', 'acd-main')])).statusCode,
    ).toBe(200);
    // The answer by another team's desk does not move the call to that team.
    await post('agent21', [{ callId: 'a1', kind: 'answered', at: at(5_000) }]);

    const today = async (who: string, query = '') => {
      const res = await request('GET', `/api/v1/queues/today${query}`, who);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { team: string | null; offered: number; answered: number };
    };
    expect(await today('lead01')).toMatchObject({ team: ONE, offered: 3, answered: 1 });
    expect(await today('lead21')).toMatchObject({ team: TWO, offered: 1, answered: 0 });
    expect(await today('lead01', q(TWO))).toMatchObject({ team: TWO, offered: 1 });
    expect(await today('lead01', '?team=all')).toMatchObject({ team: null, offered: 5 });
    expect(await today('lead00')).toMatchObject({ team: null, offered: 5 });
  });
});
