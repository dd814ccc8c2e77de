// The month's indicators over HTTP on hand-made sessions, surveys, reviews, desk history and
// alerts (Art. 22, 26): every figure exact, training calls nowhere, settled days from the rollups
// (written once) and today live, an empty month all "no data", team scoping like the floor, bad
// months refused, and below a lead refused and recorded (Art. 10).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MonthIndicators } from '../../../../common/reports-api.js';
import { buildServer } from '../../../../server/app.js';
import type { Db } from '../../../../server/db.js';
import { monthIndicators } from '../../../../server/indicators/compute.js';
import { daysOf, rollUpDay, rollUpMonth } from '../../../../server/indicators/rollup.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import { loadOctober, NOW, TEAM_B } from './fixture.js';
import {
  DB_KIND,
  DB_TIMEOUT_MS,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from '../helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const TZ = 'Asia/Shanghai';
const seed = {
  ...demoSeed,
  agents: [
    ...demoSeed.agents,
    { username: 'agent02', name: '赵敏', tier: 'agent', password: 'demo-pass-1', team: TEAM_B },
  ],
};
const MIN = 60_000;

describe(`indicators (${DB_KIND})`, () => {
  let db: Db;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};

  const get = (who: string, query: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/indicators${query}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
    });
  const month = async (query: string, who = 'lead01') => {
    const res = await get(who, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as MonthIndicators;
  };

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, seed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    app = buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => NOW,
      assessment: { rollupEveryMs: 0 },
    });
    for (const username of ['agent01', 'lead01', 'admin01']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: 'demo-pass-1' },
      });
      tokens[username] = res.json().token as string;
    }
    await loadOctober(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('the centre: each figure exact, training calls nowhere, a figure below target marked', async () => {
    const m = await month('?month=2026-10&team=all');
    expect(m).toMatchObject({ month: '2026-10', team: null, closedAt: null });
    expect(m.from).toBe('2026-09-30T16:00:00.000Z');
    expect(m.to).toBe('2026-10-31T16:00:00.000Z');
    expect(m.teams).toEqual([TEAM_B, '信用卡一组'].sort());
    expect(m.targets).toEqual({ accuracy: 0.99, satisfaction: 0.9 });
    const c = m.centre;
    expect(c.accuracy).toEqual({ value: 0.5, hits: 1, of: 2, below: true });
    expect(c.satisfaction).toEqual({
      value: 2 / 3,
      hits: 2,
      of: 3,
      below: true,
      declined: 1,
      noAnswer: 0,
    });
    expect(c.efficiency).toEqual({
      calls: 5,
      verified: 4,
      timeToVerify: {
        // Histogram: the bucket's upper bound, capped by the longest (exact: 30 s and 50 s).
        enquiry: { p50: 35_000, p90: 50_000, n: 3 },
        'important-query': { p50: 30_000, p90: 30_000, n: 1 },
      },
      averageHandleMs: (16 * MIN) / 3,
      callsPerHour: 5 / (91 / 60),
    });
    expect(c.risk).toEqual({
      fraudSuspected: 1,
      fraudConfirmed: 1,
      overPermission: 1,
      exceptions: 1,
      locks: 1,
    });
    expect(c.workload).toEqual({ talkMs: 12 * MIN, breakMs: 15 * MIN, availableMs: 91 * MIN });
    expect(m.agents.map((a) => [a.username, a.name, a.team, a.efficiency.calls])).toEqual([
      ['agent01', '张伟', '信用卡一组', 4],
      ['agent02', '赵敏', TEAM_B, 1],
    ]);
    const b = m.agents[1]!;
    expect(b.accuracy).toEqual({ value: null, hits: 0, of: 0, below: false });
    expect(b.satisfaction).toMatchObject({ value: 1, below: false });
    expect(b.workload).toEqual({ talkMs: 3 * MIN, breakMs: 0, availableMs: 70 * MIN });
    expect(m.byTeam.map((t) => [t.team, t.efficiency.calls])).toEqual(
      [
        [TEAM_B, 1],
        ['信用卡一组', 4],
      ].sort(),
    );
    expect(m.days.map((d) => d.day)).toEqual(
      daysOf('2026-10', TZ)
        .slice(0, 15)
        .map((d) => d.day),
    );
    expect(m.days[0]).toMatchObject({ day: '2026-10-01', calls: 1 });
    expect(m.days[1]).toEqual({
      day: '2026-10-02',
      accuracy: { value: 0.5, hits: 1, of: 2, below: true },
      satisfaction: { value: 0.5, hits: 1, of: 2, below: true },
      calls: 3,
      averageHandleMs: 6 * MIN,
      fraudSuspected: 1,
    });
    expect(m.days[14]).toMatchObject({ day: '2026-10-15', calls: 1, averageHandleMs: 4 * MIN });
  });

  it('settled days are rolled up once and read back the same; today stays live', async () => {
    const done = await db.query<{ n: number }>(
      'select count(*)::int as n from indicator_days_done where day < $1',
      ['2026-11-01'],
    );
    expect(done.rows[0]!.n).toBe(14);
    const first = await month('?month=2026-10&team=all');
    expect(await month('?month=2026-10&team=all')).toEqual(first);
    const oct2 = daysOf('2026-10', TZ)[1]!;
    expect(await db.transaction((tx) => rollUpDay(tx, oct2, NOW, TZ))).toBe(false);
    const rows = await db.query<{ calls: number }>(
      "select calls from indicator_agent_days where day = '2026-10-02' and agent_username = 'agent01'",
    );
    expect(rows.rows).toEqual([{ calls: 3 }]);
  });

  it('two instances rolling up the same month at once write each day once, the same sums', async () => {
    const read = async () => [
      (await db.query('select * from indicator_agent_days order by day, agent_username')).rows,
      (
        await db.query(
          'select * from indicator_verify_months order by agent_username, business_type',
        )
      ).rows,
    ];
    const before = await read();
    const rolled = await month('?month=2026-10&team=all');
    await db.exec(
      'delete from indicator_agent_days; delete from indicator_verify_months; delete from indicator_days_done',
    );
    // Nothing rolled up: every day summed live gives the same figures.
    const live = await monthIndicators(db, '2026-10', {
      team: null,
      targets: { accuracy: 0.99, satisfaction: 0.9 },
      timeZone: TZ,
      now: NOW,
      percentiles: 'histogram',
    });
    expect(live).toEqual(rolled);
    // On PostgreSQL (DATABASE_URL) these run on separate pooled connections, as two instances do.
    const written = await Promise.all([
      rollUpMonth(db, '2026-10', NOW, TZ),
      rollUpMonth(db, '2026-10', NOW, TZ),
    ]);
    expect(written[0] + written[1]).toBe(14);
    expect(await read()).toEqual(before);
  });

  it('the month close path: exact nearest-rank percentiles from one scan', async () => {
    const m = await monthIndicators(db, '2026-10', {
      team: null,
      targets: { accuracy: 0.99, satisfaction: 0.9 },
      timeZone: TZ,
      now: NOW,
    });
    expect(m.centre.efficiency.timeToVerify).toEqual({
      enquiry: { p50: 30_000, p90: 50_000, n: 3 },
      'important-query': { p50: 30_000, p90: 30_000, n: 1 },
    });
    expect(m.agents.find((a) => a.username === 'agent02')!.efficiency.timeToVerify).toEqual({
      enquiry: { p50: 20_000, p90: 20_000, n: 1 },
    });
    expect(m.byTeam.find((t) => t.team === TEAM_B)!.efficiency.timeToVerify).toEqual({
      enquiry: { p50: 20_000, p90: 20_000, n: 1 },
    });
  });

  it('a lead sees their own team by default, another team when asked; targets from policy', async () => {
    const own = await month('?month=2026-10');
    expect(own.team).toBe('信用卡一组');
    expect(own.agents.map((a) => a.username)).toEqual(['agent01']);
    expect(own.centre.efficiency.calls).toBe(4);
    const other = await month(`?month=2026-10&team=${encodeURIComponent(TEAM_B)}`);
    expect(other.agents.map((a) => a.username)).toEqual(['agent02']);
    expect(other.centre.risk.fraudSuspected).toBe(0);
    expect(other.days.find((d) => d.day === '2026-10-02')!.calls).toBe(0);
    // An administrator (no team) sees the centre; the policy's targets mark figures.
    const admin = await month('?month=2026-10', 'admin01');
    expect(admin.team).toBeNull();
    const strict = buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => NOW,
      assessment: { rollupEveryMs: 0, targets: { satisfaction: 0.5 } },
    });
    const res = await strict.inject({
      method: 'GET',
      url: '/api/v1/indicators?month=2026-10&team=all',
      headers: { authorization: `Bearer ${tokens.lead01}` },
    });
    const body = res.json() as MonthIndicators;
    expect(body.targets.satisfaction).toBe(0.5);
    expect(body.centre.satisfaction.below).toBe(false);
    await strict.close();
  });

  it('an empty month has no figures (null, never 0 %); a month not begun has no days', async () => {
    const sep = await month('?month=2026-09&team=all');
    expect(sep.agents).toEqual([]);
    expect(sep.days).toHaveLength(30);
    expect(sep.centre.accuracy).toEqual({ value: null, hits: 0, of: 0, below: false });
    expect(sep.centre.satisfaction.value).toBeNull();
    expect(sep.centre.efficiency).toMatchObject({
      calls: 0,
      averageHandleMs: null,
      callsPerHour: null,
    });
    expect(sep.days.every((d) => d.calls === 0 && d.accuracy.value === null)).toBe(true);
    expect((await month('?month=2026-12&team=all')).days).toEqual([]);
  });

  it('a review recorded after its day rolled up moves accuracy at once', async () => {
    const { rows } = await db.query<{ id: string }>(
      "select id from verification_sessions where call_id = 'call-s3'",
    );
    await db.query(
      `insert into review_queue (session_id, day, agent_username, reasons, sampled_at)
       values ($1, '2026-10-02', 'agent01', '["fraud"]', $2)`,
      [rows[0]!.id, NOW],
    );
    await db.query(
      `insert into session_reviews (session_id, reviewer, reviewed_at, correct, steps)
       values ($1, 'lead01', $2, true, '[{"step":"basic","correct":true}]')`,
      [rows[0]!.id, NOW],
    );
    const m = await month('?month=2026-10&team=all');
    expect(m.centre.accuracy).toEqual({ value: 2 / 3, hits: 2, of: 3, below: true });
    expect(m.days[1]!.accuracy).toMatchObject({ hits: 2, of: 3 });
  });

  it('a bad month or query is refused with 400', async () => {
    for (const q of ['?month=2026-13', '?month=oct', '?month=2026-1', '?foo=1'])
      expect((await get('lead01', q)).statusCode, q).toBe(400);
  });

  it('below a lead: 403 and an over-permission alert (Art. 10)', async () => {
    const res = await get('agent01', '?month=2026-10');
    expect(res.statusCode).toBe(403);
    const { rows } = await db.query<{ reasons: string[] }>(
      "select reasons from alerts where kind = 'over-permission' and raised_at = $1",
      [NOW],
    );
    expect(rows).toEqual([{ reasons: ['view-indicators'] }]);
  });
});
