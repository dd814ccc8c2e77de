// The monthly assessment over HTTP (Art. 23, 24): leads and administrators read the closed months
// and a frozen report, download it as CSV for Excel (BOM, CRLF, headings in their language, the
// month in words, formulas escaped, the JSON's figures); an administrator closes a month now,
// idempotently; anyone else is refused and recorded (Art. 10); bad input is a 400.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { percent } from '../../../../common/report-format.js';
import type { MonthReport } from '../../../../common/reports-api.js';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import { DB_KIND, DB_TIMEOUT_MS, openTestDb, TEST_COST, TEST_PEPPER } from '../helpers.js';
import { addComplaint, reportServer, type ReportServer } from './fixtures.js';
import { addSession } from './sessions.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const NOW = new Date('2026-11-02T01:00:00.000Z');
/** A name a spreadsheet would run as a formula. */
const FORMULA_NAME = '=HYPERLINK("http://x","李强")';

describe(`monthly reports over HTTP (${DB_KIND})`, () => {
  let db: Db;
  let server: ReportServer;
  const tokens: Record<string, string> = {};
  const get = (url: string, who: string) =>
    server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });
  const close = (month: string, who: string) =>
    server.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${month}/close`,
      headers: { authorization: `Bearer ${tokens[who]}` },
    });
  const overPermissions = async (action: string) =>
    (
      await db.query<{ n: number }>(
        `select count(*)::int as n from alerts where kind = 'over-permission' and reasons ? $1`,
        [action],
      )
    ).rows[0]!.n;
  let report: MonthReport;

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    await db.query(`update agents set name = $1 where username = 'senior01'`, [FORMULA_NAME]);
    for (const rating of [5, 5, 4] as const)
      await addSession(db, { agent: 'agent01', at: '2026-10-05T02:00:00Z', correct: true, rating });
    await addSession(db, { agent: 'agent01', at: '2026-10-06T02:00:00Z', correct: false });
    for (const rating of [5, 1, 2] as const)
      await addSession(db, {
        agent: 'senior01',
        at: '2026-10-07T02:00:00Z',
        correct: true,
        rating,
      });
    await addSession(db, { agent: 'senior01', at: '2026-10-08T02:00:00Z', fraud: true });
    await addComplaint(db, 'wait-time', '2026-10-09T02:00:00Z');
    await addComplaint(db, 'verification', '2026-10-10T02:00:00Z');
    server = reportServer(db, () => NOW);
    for (const who of ['agent01', 'lead01', 'admin01']) tokens[who] = await server.token(who);
  });
  afterAll(async () => {
    await server?.app.close();
    await db?.close();
  });

  it('lets an administrator close an ended month, idempotently; a lead or agent is refused', async () => {
    expect((await close('2026-10', 'lead01')).statusCode).toBe(403);
    expect((await close('2026-10', 'agent01')).statusCode).toBe(403);
    expect(await overPermissions('close-month')).toBe(2);
    expect((await get('/api/v1/reports/2026-10', 'lead01')).statusCode).toBe(404);
    const first = await close('2026-10', 'admin01');
    expect(first.statusCode, first.body).toBe(200);
    report = first.json();
    expect(report.closedBy).toBe('test-instance (admin01)');
    const second = await close('2026-10', 'admin01');
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(report);
    const current = await close('2026-11', 'admin01');
    expect(current.statusCode).toBe(409);
    expect(current.json().error.message).toMatch(/not ended/);
  });

  it('lists the closed months and answers one exactly as frozen, to leads and admins', async () => {
    for (const who of ['lead01', 'admin01']) {
      const list = await get('/api/v1/reports', who);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ months: [{ month: '2026-10', closedAt: NOW.toISOString() }] });
      const one = await get('/api/v1/reports/2026-10', who);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toEqual(report);
    }
    expect(report.belowTarget.map((b) => b.name)).toEqual(['张伟', FORMULA_NAME]);
    expect(report.commendations.riskCatches.map((c) => c.name)).toEqual([FORMULA_NAME]);
  });

  it('refuses an agent (recorded), a month not closed (404, its CSV is a draft) and a malformed month (400)', async () => {
    const before = await overPermissions('read-month-reports');
    for (const url of ['/api/v1/reports', '/api/v1/reports/2026-10', '/api/v1/reports/2026-10/csv'])
      expect((await get(url, 'agent01')).statusCode).toBe(403);
    expect(await overPermissions('read-month-reports')).toBe(before + 3);
    expect((await get('/api/v1/reports/2026-09', 'lead01')).statusCode).toBe(404);
    // A month not closed has its figures so far as CSV, said to be as of now, not frozen; a month
    // that has not begun has none.
    const draft = await get('/api/v1/reports/2026-09/csv?lang=en', 'lead01');
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain('As of (UTC), month not closed yet');
    expect((await get('/api/v1/reports/2026-09', 'lead01')).statusCode).toBe(404);
    expect((await get('/api/v1/reports/2099-01/csv', 'lead01')).statusCode).toBe(404);
    for (const bad of ['2026-13', '2026-1', 'october', '2026-10-01'])
      expect((await get(`/api/v1/reports/${bad}`, 'lead01')).statusCode).toBe(400);
    expect((await get('/api/v1/reports/2026-10/csv?lang=fr', 'lead01')).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/reports' })).statusCode).toBe(
      401,
    );
  });

  it('exports CSV for Excel: BOM, CRLF, Chinese headings, the month in words, as attachment', async () => {
    const res = await get('/api/v1/reports/2026-10/csv', 'lead01');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="monthly-assessment-2026-10.csv"; ` +
        `filename*=UTF-8''${encodeURIComponent('月度考核报告-2026-10.csv')}`,
    );
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('月度考核报告,2026年10月');
    expect(lines).toContain('中心指标');
    for (const heading of [
      '核验准确率(%)',
      '客户满意度(%)',
      '投诉分类',
      '未达标坐席',
      '表彰：最佳坐席',
    ])
      expect(text).toContain(heading);
    expect(lines).toContain('等待时间,1');
    expect(lines).toContain('身份核验,1');
  });

  it('escapes a name that would run as a formula, and writes the JSON report’s figures', async () => {
    const text = (await get('/api/v1/reports/2026-10/csv', 'lead01')).rawPayload.toString('utf8');
    expect(text).not.toMatch(/(^|[\n,])=HYPERLINK/);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""李强"")"`);
    const { centre, targets } = report.indicators;
    const accuracy = `核验准确率(%),${percent(centre.accuracy.value)},${percent(targets.accuracy)},${centre.accuracy.of},是`;
    expect(text).toContain(accuracy);
    expect(accuracy).toContain('核验准确率(%),85.7,99.0,7,是');
    const agent = report.indicators.agents.find((a) => a.username === 'agent01')!;
    const row = [
      '张伟',
      '信用卡一组',
      agent.efficiency.calls,
      percent(agent.accuracy.value),
      agent.accuracy.of,
      percent(agent.satisfaction.value),
      agent.satisfaction.of,
    ].join(',');
    expect(row).toBe('张伟,信用卡一组,4,75.0,4,100.0,3');
    expect(text).toContain(row);
  });

  it('writes English headings and the month in words with ?lang=en', async () => {
    const res = await get('/api/v1/reports/2026-10/csv?lang=en', 'admin01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''monthly-assessment-2026-10.csv`,
    );
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Monthly assessment,October 2026');
    expect(lines).toContain('Waiting time,1');
    expect(lines.join('\n')).toContain('Verification accuracy (%),85.7,99.0,7,yes');
    expect(lines).toContain('Scope,Whole centre');
    expect(lines).toContain('Time to verify by business type');
  });

  it("writes one team's view when the lead exports the team on screen", async () => {
    const res = await get(
      `/api/v1/reports/2026-10/csv?lang=en&team=${encodeURIComponent('信用卡一组')}`,
      'lead01',
    );
    expect(res.statusCode).toBe(200);
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines).toContain('Scope,信用卡一组');
    const frozen = JSON.parse((await get('/api/v1/reports/2026-10', 'lead01')).body);
    const theirs = frozen.indicators.agents.filter(
      (a: { team: string }) => a.team === '信用卡一组',
    );
    // The agents section lists that team's agents.
    const start = lines.indexOf('By agent') + 2;
    const section = lines.slice(start, lines.indexOf('', start));
    expect(section).toHaveLength(theirs.length);
    expect(section.every((l) => l.includes(',信用卡一组,'))).toBe(true);
    // A team with nobody that month: its own empty figures, none of the others' agents.
    const empty = await get(
      `/api/v1/reports/2026-10/csv?lang=en&team=${encodeURIComponent('贷款组')}`,
      'lead01',
    );
    const emptyLines = empty.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(emptyLines).toContain('Scope,贷款组');
    expect(emptyLines).toContain('Calls handled,0,,,');
    expect(emptyLines[emptyLines.indexOf('By agent') + 2]).toBe('none');
    expect((await get('/api/v1/reports/0026-03/csv', 'lead01')).statusCode).toBe(400);
  });

  it('answers 503 for a close on a service without the indicators wired', async () => {
    const bare = reportServer(db, () => NOW, { indicators: undefined });
    const token = await bare.token('admin01');
    const res = await bare.app.inject({
      method: 'POST',
      url: '/api/v1/reports/2026-09/close',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(503);
    const read = await bare.app.inject({
      method: 'GET',
      url: '/api/v1/reports/2026-10',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.json()).toEqual(report);
    await bare.app.close();
  });
});
