// The two database adapters behind one interface: same SQL, transactions that roll back, PGlite
// on disk that survives a restart, and /health on each kind (architecture.md, "server/").
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../server/app.js';
import { openDb, openPostgres, type Db } from '../../../server/db.js';
import { migrate, MIGRATIONS } from '../../../server/migrations.js';
import { createTestSchema, DATABASE_URL, DB_KIND, DB_TIMEOUT_MS, openTestDb } from './helpers.js';

vi.setConfig({ testTimeout: DB_TIMEOUT_MS, hookTimeout: DB_TIMEOUT_MS });

async function health(db: Db) {
  const app = buildServer({ db, logger: false, pepper: 'test-pepper-0123456789' });
  const res = await app.inject({ method: 'GET', url: '/health' });
  await app.close(); // also closes db
  return { status: res.statusCode, body: res.json() };
}

describe(`the Db interface (${DB_KIND})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await db.exec('create table items (id int primary key, label text not null)');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('runs parameterised queries with $n placeholders and typed rows', async () => {
    await db.query('insert into items (id, label) values ($1, $2), ($3, $4)', [1, '一', 2, 'two']);
    const { rows } = await db.query<{ id: number; label: string }>(
      'select id, label from items where id >= $1 order by id',
      [1],
    );
    expect(rows).toEqual([
      { id: 1, label: '一' },
      { id: 2, label: 'two' },
    ]);
    const ts = await db.query<{ at: Date; yes: boolean }>(
      'select $1::timestamptz as at, true as yes',
      [new Date('2026-01-02T03:04:05Z')],
    );
    expect(ts.rows[0]!.at).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(ts.rows[0]!.yes).toBe(true);
  });

  it('commits a transaction and returns its value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('insert into items (id, label) values ($1, $2)', [10, 'ten']);
      return (await tx.query<{ n: number }>('select count(*)::int as n from items')).rows[0]!.n;
    });
    expect(value).toBeGreaterThan(0);
    expect((await db.query('select 1 from items where id = 10')).rows).toHaveLength(1);
  });

  it('rolls a transaction back when its function throws, and rethrows', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into items (id, label) values ($1, $2)', [20, 'twenty']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await db.query('select 1 from items where id = 20')).rows).toHaveLength(0);
    // …and the database is usable afterwards (the connection went back clean).
    expect((await db.query('select 1 as x')).rows).toEqual([{ x: 1 }]);
  });

  it('rolls back on an SQL error inside the transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into items (id, label) values ($1, $2)', [30, 'thirty']);
        await tx.query('insert into items (id, label) values ($1, $2)', [30, 'duplicate']);
      }),
    ).rejects.toThrow();
    expect((await db.query('select 1 from items where id = 30')).rows).toHaveLength(0);
  });
});

describe('openDb', () => {
  it('uses in-memory PGlite without a data dir, and /health says pglite', async () => {
    const db = await openDb({});
    expect(db.kind).toBe('pglite');
    expect(await health(db)).toEqual({
      status: 200,
      body: { status: 'ok', db: 'pglite', version: expect.any(String) },
    });
  });

  it('keeps PGlite files under <dataDir>/pgdata, surviving a restart', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'records-db-')), 'nested');
    const first = await openDb({ dataDir });
    expect(await migrate(first)).toEqual(MIGRATIONS.map((m) => m.id));
    await first.close();
    await first.close(); // idempotent
    expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    const second = await openDb({ dataDir });
    expect(await migrate(second)).toEqual([]);
    await second.close();
  });

  // A skipped test's title must say why (scripts/test.mjs lists titles of skipped tests).
  it.skipIf(!DATABASE_URL)(
    'uses PostgreSQL when a database URL is given, and /health says postgres [needs DATABASE_URL: runs in the PostgreSQL pass]',
    async () => {
      const schema = await createTestSchema(DATABASE_URL!);
      try {
        const db = await openDb({ databaseUrl: schema.url, dataDir: '/nonexistent/ignored' });
        expect(db.kind).toBe('postgres');
        expect(await health(db)).toEqual({
          status: 200,
          body: { status: 'ok', db: 'postgres', version: expect.any(String) },
        });
        await db.close(); // idempotent after the server closed it
      } finally {
        await schema.drop();
      }
    },
  );

  it('fails at open, not on the first request, when PostgreSQL is unreachable', async () => {
    await expect(openPostgres('postgres://nobody@127.0.0.1:1/none')).rejects.toThrow(
      /ECONNREFUSED|connect/,
    );
  });
});
