// The monthly close (Art. 23, 24) on the records service's data: once, frozen with the month's
// figures, complaints, agents below target and commendations; bounds in the centre's time zone,
// not UTC; a compute that fails stores nothing and the next pass closes the month once; later data
// never changes a frozen month; the scheduler closes every ended month, on start and after.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  closeEndedMonths,
  closeMonth,
  monthsToClose,
  type CloseDeps,
} from '../../../../server/assessment/close.js';
import { readReport } from '../../../../server/assessment/repository.js';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import { DB_KIND, DB_TIMEOUT_MS, openTestDb, TEST_COST, TEST_PEPPER } from '../helpers.js';
import { addComplaint, reportServer, TEST_COMMENDATION } from './fixtures.js';
import { monthIndicators } from '../../../../server/indicators/compute.js';
import { addSession } from './sessions.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const TZ = 'Asia/Shanghai';
/** 2 April 2026, 09:00 in Shanghai: January to March have ended. */
const APRIL_2 = new Date('2026-04-02T01:00:00.000Z');

describe(`the monthly close (${DB_KIND})`, () => {
  let db: Db;
  let clock = APRIL_2;
  const deps = (over: Partial<CloseDeps> = {}): CloseDeps => ({
    indicators: monthIndicators,
    now: () => clock,
    timeZone: TZ,
    commendation: TEST_COMMENDATION,
    closedBy: 'test-instance',
    ...over,
  });
  const reportCount = async () =>
    (await db.query<{ n: number }>('select count(*)::int as n from month_reports')).rows[0]!.n;

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    // January: one call.
    await addSession(db, { agent: 'agent01', at: '2026-01-15T02:00:00Z', correct: true });
    // 28 Feb 23:30 in Shanghai (15:30 UTC): February. 16:30 UTC is 1 March 00:30: March.
    await addSession(db, { agent: 'agent01', at: '2026-02-28T15:30:00Z' });
    await addSession(db, {
      agent: 'agent01',
      at: '2026-02-28T16:30:00Z',
      correct: true,
      rating: 5,
    });
    // March: agent01 the best, senior01 below target on both and catching fraud.
    for (const rating of [5, 4, 4] as const)
      await addSession(db, { agent: 'agent01', at: '2026-03-10T03:00:00Z', correct: true, rating });
    for (const [correct, rating] of [
      [true, 5],
      [true, 2],
      [false, 2],
    ] as const)
      await addSession(db, { agent: 'senior01', at: '2026-03-11T03:00:00Z', correct, rating });
    await addSession(db, { agent: 'senior01', at: '2026-03-12T03:00:00Z', rating: 'declined' });
    await addSession(db, { agent: 'senior01', at: '2026-03-12T04:00:00Z', fraud: true });
    await addSession(db, {
      agent: 'senior01',
      at: '2026-03-12T05:00:00Z',
      fraud: true,
      status: 'suspended',
    });
    // Training never counts; 1 April 00:30 in Shanghai is April's.
    await addSession(db, { agent: 'lead01', at: '2026-03-13T03:00:00Z', training: true });
    await addSession(db, { agent: 'agent01', at: '2026-03-31T16:30:00Z', rating: 1 });
    await addComplaint(db, 'wait-time', '2026-03-05T02:00:00Z');
    await addComplaint(db, 'wait-time', '2026-03-06T02:00:00Z');
    await addComplaint(db, 'fees', '2026-02-28T16:10:00Z');
    await addComplaint(db, 'wait-time', '2026-03-31T16:10:00Z');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('lists the ended months from the first counted session on, in the centre’s time zone', async () => {
    expect(await monthsToClose(db, APRIL_2, TZ)).toEqual(['2026-01', '2026-02', '2026-03']);
    // 31 March 23:30 in Shanghai: March is still open, though it is 15:30 UTC.
    expect(await monthsToClose(db, new Date('2026-03-31T15:30:00Z'), TZ)).toEqual([
      '2026-01',
      '2026-02',
    ]);
    // 1 April 01:00 in Shanghai is still 31 March in UTC: March has ended all the same.
    clock = new Date('2026-03-31T17:00:00Z');
    expect(await monthsToClose(db, clock, TZ)).toContain('2026-03');
    clock = new Date('2026-03-31T15:59:59Z');
    expect(await closeMonth(db, '2026-03', deps())).toEqual({ status: 'not-ended' });
    // 00:30 on 1 April: March has ended but its last day settles for an hour (calls open at
    // midnight, late keys): it is not closed yet, nor listed.
    clock = new Date('2026-03-31T16:30:00Z');
    expect(await closeMonth(db, '2026-03', deps())).toEqual({ status: 'not-ended' });
    expect(await monthsToClose(db, clock, TZ)).not.toContain('2026-03');
    clock = APRIL_2;
    expect(await reportCount()).toBe(0);
  });

  it('stores nothing when the compute fails mid-close; the next pass closes the month once', async () => {
    const crash = deps({
      indicators: async (tx, month, opts) => {
        await monthIndicators(tx, month, opts);
        throw new Error('instance died while computing');
      },
    });
    await expect(closeMonth(db, '2026-01', crash)).rejects.toThrow('instance died');
    expect(await reportCount()).toBe(0);
    const run = await closeEndedMonths(db, crash);
    expect(run.closed).toEqual([]);
    expect(run.failed.map((f) => f.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(await reportCount()).toBe(0);
    const outcome = await closeMonth(db, '2026-01', deps());
    expect(outcome.status).toBe('closed');
    expect(await reportCount()).toBe(1);
  });

  it('freezes the month: figures, complaints by category, below target, commendations', async () => {
    const outcome = await closeMonth(db, '2026-03', deps());
    if (outcome.status !== 'closed') throw new Error(outcome.status);
    const report = outcome.report;
    expect(report).toMatchObject({
      month: '2026-03',
      closedAt: APRIL_2.toISOString(),
      closedBy: 'test-instance',
      complaints: {
        total: 3,
        categories: [
          { category: 'wait-time', total: 2 },
          { category: 'fees', total: 1 },
        ],
      },
      belowTarget: [
        { username: 'senior01', name: '李强', indicators: ['accuracy', 'satisfaction'] },
      ],
      commendations: {
        best: [{ username: 'agent01', name: '张伟', team: '信用卡一组' }],
        // Confirmed: a fraud alert resolved after its Art. 18 procedure (indicators.test.ts); the
        // suspended session here has only the suspicion.
        riskCatches: [{ username: 'senior01', fraudConfirmed: 0, fraudSuspected: 2 }],
      },
    });
    const { centre } = report.indicators;
    // agent01 4 (one at 00:30 on 1 March), senior01 6; training and April's left out.
    expect(centre.efficiency.calls).toBe(10);
    expect(centre.accuracy).toEqual({ value: 6 / 7, hits: 6, of: 7, below: true });
    expect(centre.satisfaction).toMatchObject({ hits: 5, of: 7, declined: 1, noAnswer: 0 });
    expect(report.indicators.closedAt).toBe(report.closedAt);
    expect(await readReport(db, '2026-03')).toEqual(report);
  });

  it('closes a month once: a second close answers the frozen report and writes nothing', async () => {
    const first = await readReport(db, '2026-03');
    clock = new Date('2026-04-03T01:00:00.000Z');
    const again = await closeMonth(db, '2026-03', deps());
    expect(again).toEqual({ status: 'already-closed', report: first });
    expect(await reportCount()).toBe(2);
    clock = APRIL_2;
  });

  it('catches up: a pass closes every ended month without a report, the next pass nothing', async () => {
    const run = await closeEndedMonths(db, deps());
    expect(run).toEqual({ closed: ['2026-02'], busy: [], failed: [] });
    const feb = (await readReport(db, '2026-02'))!;
    expect(feb.indicators.centre.efficiency.calls).toBe(1);
    expect(feb.complaints.total).toBe(0);
    expect(await closeEndedMonths(db, deps())).toEqual({ closed: [], busy: [], failed: [] });
    expect(await reportCount()).toBe(3);
  });

  it('keeps a closed month as frozen after later data changes, and refuses to rewrite it', async () => {
    const frozen = await readReport(db, '2026-03');
    // A late review, a late call and a status change in March: the live figures move …
    await addSession(db, { agent: 'agent01', at: '2026-03-20T03:00:00Z', correct: false });
    await db.query(`update verification_sessions set status = 'not-confirmed'
                     where agent_username = 'senior01' and status = 'suspended'`);
    const live = await monthIndicators(db, '2026-03', {
      team: null,
      targets: frozen!.indicators.targets,
      timeZone: TZ,
    });
    expect(live.centre.efficiency.calls).toBe(11);
    expect(live.centre.risk.fraudConfirmed).toBe(0);
    // … the report does not.
    expect(await readReport(db, '2026-03')).toEqual(frozen);
    expect((await closeMonth(db, '2026-03', deps())).status).toBe('already-closed');
    expect(await readReport(db, '2026-03')).toEqual(frozen);
    await expect(
      db.query(`update month_reports set report = '{"month":"2026-03"}'`),
    ).rejects.toThrow(/frozen/);
    await expect(db.query('delete from month_reports')).rejects.toThrow(/Art\. 11/);
    expect(await readReport(db, '2026-03')).toEqual(frozen);
  });

  it('closes on start with the scheduler, and stops it when the service closes', async () => {
    await addSession(db, { agent: 'agent01', at: '2026-04-10T03:00:00Z', correct: true });
    const may = new Date('2026-05-01T00:00:00.000Z'); // 08:00 on 1 May in Shanghai
    const server = reportServer(db, () => may, { closeEveryMs: 3_600_000 });
    await server.app.ready();
    await vi.waitFor(async () => expect(await readReport(db, '2026-04')).not.toBeNull(), {
      timeout: 20_000,
      interval: 100,
    });
    await server.app.close();
    const april = (await readReport(db, '2026-04'))!;
    expect(april.closedAt).toBe(may.toISOString());
    // 1 April 00:30 in Shanghai (31 March, UTC) and 10 April.
    expect(april.indicators.centre.efficiency.calls).toBe(2);
    expect(await reportCount()).toBe(4);
  });
});
