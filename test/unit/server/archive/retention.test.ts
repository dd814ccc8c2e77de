// Art. 11 retention, enforced by the database and provable: archived rows younger than the
// service's --retention-years refuse DELETE and TRUNCATE (append-only ones UPDATE too), even by
// direct SQL; the integrity proof re-walks the seal chain and names a row removed or altered by
// a superuser who bypassed the triggers, a seal removed, or a seal rewritten.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sealPending, setRetention } from '../../../../server/archive/seals.js';
import { parseCliArgs } from '../../../../server/cli-args.js';
import { asSuperuser, countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import { LINA } from '../verification-harness.js';
import { createArchiveHarness, type ArchiveHarness } from './harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const KEPT = /archived record kept for \d+ years \(Art\. 11\)/;

describe('--retention-years', () => {
  it('defaults to 5 and takes 1–100 whole years', () => {
    expect(parseCliArgs(['--demo'], {}).retentionYears).toBe(5);
    expect(parseCliArgs(['--demo', '--retention-years', '30'], {}).retentionYears).toBe(30);
    for (const bad of ['0', '101', '2.5', 'five'])
      expect(() => parseCliArgs(['--demo', '--retention-years', bad], {})).toThrow(
        /--retention-years/,
      );
  });
});

describe(`archive retention and integrity (${DB_KIND})`, () => {
  let h: ArchiveHarness;
  let session: string;
  const proof = async (query: Record<string, string> = {}) => {
    const res = await h.get('integrity', h.auditorToken, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    h = await createArchiveHarness();
    const opened = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA });
    session = opened.json().id;
    expect((await h.basic(h.tokens.agent, session, LINA)).json().result).toBe('passed');
    await h.journal({ 1: { callId: 'call-1' }, 2: { callId: 'call-1' } });
    expect((await h.get('calls', h.tokens.agent)).statusCode).toBe(403); // an alert
    expect((await h.get('calls', h.tokens.lead)).statusCode).toBe(200); // an audited search
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses deleting, truncating or rewriting archived records inside the retention, even by direct SQL', async () => {
    const before = await dumpDb(h.db);
    for (const sql of [
      'delete from verification_events',
      `update verification_events set outcome = 'failed'`,
      `update journal_entries set data = '{}'`,
      'delete from journal_entries',
      'delete from verification_sessions',
      'delete from alerts',
      'truncate alerts cascade',
      'truncate verification_events',
      'delete from archive_searches',
      'delete from archive_retention',
    ])
      await expect(h.db.exec(sql), sql).rejects.toThrow(KEPT);
    expect(await dumpDb(h.db)).toBe(before);
    // A state change is not a removal: a lead acknowledging an alert still works.
    await h.db.exec(`update alerts set acknowledged_at = now(), acknowledged_by = 'lead01'`);
  });

  it('lets a record older than the retention go, and the flag sets the period', async () => {
    const old = `insert into customer_lookups (at, agent_username, mobile_masked, matches)
                 values ('2019-01-01T00:00:00Z', 'agent01', '139****0001', 1)`;
    await h.db.exec(old);
    await h.db.exec(`delete from customer_lookups where at < '2020-01-01'`);

    // The service writes its flag at start (start.ts); the triggers read it on every change.
    expect(await setRetention(h.db, 30, new Date())).toBe(true);
    expect(await setRetention(h.db, 30, new Date())).toBe(false);
    await h.db.exec(old);
    await expect(h.db.exec(`delete from customer_lookups where at < '2020-01-01'`)).rejects.toThrow(
      /kept for 30 years/,
    );
    const { rows } = await h.db.query<{ years: number }>(
      'select years from archive_retention order by id',
    );
    expect(rows.map((r) => r.years)).toEqual([5, 30]);
    expect(await setRetention(h.db, 5, new Date())).toBe(true);
    await h.db.exec(`delete from customer_lookups where at < '2020-01-01'`);
    for (const bad of [0, 101, 2.5])
      await expect(setRetention(h.db, bad, new Date())).rejects.toThrow(RangeError);
  });

  it('proves the archive whole: one chain, every row counted, no gaps; the proof is audited', async () => {
    const first = await proof();
    expect(first).toMatchObject({
      ok: true,
      retentionYears: 5,
      chain: { seals: 1, head: { id: 1 }, gaps: [] },
      range: { seals: 1 },
      problemCount: 0,
      problems: [],
    });
    expect(first.range.tables).toMatchObject({
      verification_sessions: 1,
      verification_events: await countRows(h.db, 'verification_events'),
      journal_entries: 2,
      alerts: await countRows(h.db, 'alerts'),
    });
    expect(first.chain.head.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await h.audits()).at(-1)).toMatchObject({
      agent_username: 'audit01',
      action: 'integrity',
      criteria: { from: null, to: null, ok: true },
    });
    // The next proof seals what came since (the audit row of the first) and links to it.
    const second = await proof();
    expect(second.chain).toMatchObject({ seals: 2, head: { id: 2 } });
    expect(second.range.tables).toMatchObject({
      archive_searches: first.range.tables.archive_searches + 1,
    });
    const none = await proof({ from: '2030-01-01T00:00:00Z' });
    expect(none).toMatchObject({ ok: true, range: { seals: 0, rows: 0, first: null } });
  });

  it('seals once per row when two sealers run at once (one chain, no row twice)', async () => {
    await h.journal({ 1: { callId: 'call-2' }, 2: { callId: 'call-2' } });
    const at = new Date();
    const made = await Promise.all([sealPending(h.db, at), sealPending(h.db, at)]);
    expect(made.filter((id) => id !== null)).toHaveLength(1);
    const { rows } = await h.db.query<{ n: number }>(
      `select count(*)::int as n from archive_sealed group by tbl, key having count(*) > 1`,
    );
    expect(rows).toEqual([]);
    expect(await proof()).toMatchObject({ ok: true, chain: { gaps: [] } });
  });

  it('refuses bad input to the proof with a 400 that changes nothing', async () => {
    const before = await dumpDb(h.db);
    for (const query of [
      { from: 'soon' } as Record<string, string>,
      { from: '2026-03-03T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      { hash: 'x' },
    ])
      expect((await h.get('integrity', h.auditorToken, query)).statusCode).toBe(400);
    expect(await dumpDb(h.db)).toBe(before);
  });

  it('names a row a superuser removed or altered, bypassing the triggers', async () => {
    const { rows } = await h.db.query<{ id: string }>(
      'select id::text as id from verification_events where session_id = $1 order by id limit 1',
      [session],
    );
    const event = rows[0]!.id;
    await asSuperuser(h.db, `delete from verification_events where id = ${event}`);
    const removed = await proof();
    expect(removed.ok).toBe(false);
    expect(removed.problems).toContainEqual({
      kind: 'row-removed',
      sealId: 1,
      table: 'verification_events',
      key: event,
    });
    await asSuperuser(
      h.db,
      `update journal_entries set data = '{"passed": false}' where seq = 2 and call_id = 'call-1'`,
    );
    const altered = await proof();
    expect(altered.problems).toContainEqual(
      expect.objectContaining({ kind: 'row-altered', table: 'journal_entries' }),
    );
    expect(altered.problemCount).toBe(2);
  });

  it('names a seal removed or rewritten, and sealed rows dropped from a seal', async () => {
    await asSuperuser(h.db, `update archive_seals set row_count = row_count + 1 where id = 2`);
    expect((await proof()).problems).toContainEqual(
      expect.objectContaining({ kind: 'seal-altered', sealId: 2 }),
    );
    await asSuperuser(h.db, `delete from archive_sealed where seal_id = 1 and tbl = 'alerts'`);
    expect((await proof()).problems).toContainEqual(
      expect.objectContaining({ kind: 'seal-rows-altered', sealId: 1, table: 'alerts' }),
    );
    await asSuperuser(
      h.db,
      'delete from archive_sealed where seal_id = 1; delete from archive_seals where id = 1',
    );
    const gone = await proof();
    expect(gone.ok).toBe(false);
    expect(gone.chain.gaps).toEqual([{ afterId: 0, nextId: 2 }]);
    expect(gone.problems).toContainEqual(
      expect.objectContaining({ kind: 'seal-missing', sealId: 1 }),
    );
  });
});
