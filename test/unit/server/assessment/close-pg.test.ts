// The monthly close across instances on real PostgreSQL (PGlite has one connection, so its locks
// never meet): two services closing the same month at once store one report and the other answers
// busy or already closed; an instance whose connection dies mid-close stores nothing and releases
// the month, which the next pass closes once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeMonth, type CloseDeps } from '../../../../server/assessment/close.js';
import { readReport } from '../../../../server/assessment/repository.js';
import { openPostgres, type Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  createTestSchema,
  DATABASE_URL,
  DB_TIMEOUT_MS,
  TEST_COST,
  TEST_PEPPER,
  type TestSchema,
} from '../helpers.js';
import { monthIndicators } from '../../../../server/indicators/compute.js';
import { addSession } from './sessions.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const NOW = new Date('2026-08-02T01:00:00.000Z');
const MONTHS = ['2026-05', '2026-06', '2026-07'] as const;

describe('the monthly close across instances (postgres)', () => {
  let schema: TestSchema | undefined;
  /** Two service instances: each its own pool on the same database. */
  let a: Db;
  let b: Db;
  let admin: pg.Client;
  const deps = (closedBy: string, over: Partial<CloseDeps> = {}): CloseDeps => ({
    indicators: monthIndicators,
    now: () => NOW,
    timeZone: 'Asia/Shanghai',
    closedBy,
    ...over,
  });
  const reports = async (month: string) =>
    (
      await a.query<{ n: number }>(
        `select count(*)::int as n from month_reports where month = to_date($1, 'YYYY-MM')`,
        [month],
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    if (!DATABASE_URL) return;
    schema = await createTestSchema(DATABASE_URL);
    a = await openPostgres(schema.url);
    b = await openPostgres(schema.url);
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await migrate(a);
    await applySeed(a, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    for (const month of MONTHS)
      await addSession(a, { agent: 'agent01', at: `${month}-10T02:00:00Z`, correct: true });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin?.end();
    await schema?.drop();
  });

  it.skipIf(!DATABASE_URL)(
    'two instances at once (needs DATABASE_URL: PGlite has one connection): one report; the other is busy, then already closed',
    async () => {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const slow = closeMonth(
        a,
        MONTHS[0],
        deps('instance-a', {
          indicators: async (tx, month, opts) => {
            const figures = await monthIndicators(tx, month, opts);
            entered();
            await held;
            return figures;
          },
        }),
      );
      await inside;
      expect(await closeMonth(b, MONTHS[0], deps('instance-b'))).toEqual({ status: 'busy' });
      release();
      const first = await slow;
      expect(first.status).toBe('closed');
      const after = await closeMonth(b, MONTHS[0], deps('instance-b'));
      expect(after.status).toBe('already-closed');
      if (after.status === 'already-closed') expect(after.report.closedBy).toBe('instance-a');
      expect(await reports(MONTHS[0])).toBe(1);
    },
  );

  it.skipIf(!DATABASE_URL)(
    'racing closes of the same month (needs DATABASE_URL): exactly one closes, the other does not write',
    async () => {
      const outcomes = await Promise.all([
        closeMonth(a, MONTHS[1], deps('instance-a')),
        closeMonth(b, MONTHS[1], deps('instance-b')),
      ]);
      const statuses = outcomes.map((o) => o.status).sort();
      expect(statuses.filter((s) => s === 'closed')).toHaveLength(1);
      expect(['already-closed', 'busy']).toContain(statuses.find((s) => s !== 'closed'));
      expect(await reports(MONTHS[1])).toBe(1);
    },
  );

  it.skipIf(!DATABASE_URL)(
    'a connection killed mid-close (needs DATABASE_URL: pg_terminate_backend): nothing stored, the lock gone, the next run closes once',
    async () => {
      const dying = closeMonth(
        a,
        MONTHS[2],
        deps('instance-a', {
          indicators: async (tx, month, opts) => {
            await monthIndicators(tx, month, opts);
            const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
            // Handled from the start: it fails while the terminate is still being awaited.
            const sleeping = tx.query('select pg_sleep(20)').then(
              () => new Error('pg_sleep outlived pg_terminate_backend'),
              (error: unknown) => error,
            );
            await vi.waitFor(
              async () => {
                const active = await admin.query(
                  `select 1 from pg_stat_activity where pid = $1 and query like '%pg_sleep%'`,
                  [rows[0]!.pid],
                );
                expect(active.rowCount).toBe(1);
              },
              { timeout: 5_000, interval: 20 },
            );
            await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
            throw await sleeping;
          },
        }),
      );
      await expect(dying).rejects.toThrow(/terminat/);
      expect(await reports(MONTHS[2])).toBe(0);
      // The dead transaction's lock went with it: the other instance closes, not "busy".
      const next = await closeMonth(b, MONTHS[2], deps('instance-b'));
      expect(next.status).toBe('closed');
      expect((await closeMonth(a, MONTHS[2], deps('instance-a'))).status).toBe('already-closed');
      expect(await reports(MONTHS[2])).toBe(1);
      expect((await readReport(a, MONTHS[2]))!.closedBy).toBe('instance-b');
    },
  );
});
