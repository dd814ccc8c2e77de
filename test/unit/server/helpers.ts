// Shared test plumbing for the records service. By default every suite runs on in-memory PGlite;
// with DATABASE_URL set, the same suites run on PostgreSQL, each test file in its own schema so
// parallel files never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db, type DbKind } from '../../../server/db.js';
import type { ScryptCost } from '../../../server/passwords.js';

export const DATABASE_URL = process.env.DATABASE_URL || undefined;
export const DB_KIND: DbKind = DATABASE_URL ? 'postgres' : 'pglite';

/** Far below production (N=2^15): the suites hash dozens of passwords. */
export const TEST_COST: ScryptCost = { N: 16, r: 8, p: 1 };
export const TEST_PEPPER = 'test-pepper-not-a-secret-0123456789';

/** PGlite start-up (initdb in WebAssembly) takes seconds, more with files running in parallel. */
export const DB_TIMEOUT_MS = 60_000;

export interface TestSchema {
  url: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL schema, reached through `search_path` in the connection URL. */
export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const schema = `records_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** A fresh, empty database of the kind under test; close() also drops the PostgreSQL schema. */
export async function openTestDb(): Promise<Db> {
  if (!DATABASE_URL) return openPglite(undefined);
  const schema = await createTestSchema(DATABASE_URL);
  const db = await openPostgres(schema.url);
  let closing: Promise<void> | null = null;
  return {
    ...db,
    kind: db.kind,
    close: () => (closing ??= db.close().then(() => schema.drop())),
  };
}

/** A view of `db` whose close() does nothing, for servers built per test over one shared db. */
export const unclosable = (db: Db): Db => ({ ...db, kind: db.kind, close: async () => {} });

export async function tableNames(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * Tables a refused request legitimately writes: the rate limits count every attempt (hashed keys
 * only; the rate-limit suite checks them).
 */
const ATTEMPT_COUNTERS = new Set(['rate_limit_hits']);

/** Every row of every table as text: for "nothing changed" and "no secret stored" checks. */
export async function dumpDb(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const table of await tableNames(db)) {
    if (ATTEMPT_COUNTERS.has(table)) continue;
    const { rows } = await db.query<{ row: string }>(
      `select t::text as row from "${table}" t order by 1`,
    );
    parts.push(`## ${table}\n${rows.map((r) => r.row).join('\n')}`);
  }
  return parts.join('\n');
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
  return rows[0]!.n;
}

export async function dropAllTables(db: Db): Promise<void> {
  for (const table of await tableNames(db))
    await db.exec(`drop table if exists "${table}" cascade`);
}

/**
 * Runs `sql` with triggers off, as a superuser can: how suites clear archived tables between
 * tests (the retention triggers refuse it otherwise), and how the tamper tests bypass them.
 */
export async function asSuperuser(db: Db, sql: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('set local session_replication_role = replica');
    await tx.exec(sql);
  });
}
