// Prepared statements (server/db.ts): every statement gives the same answer however often it runs,
// on both engines; on PostgreSQL a schema change under a cached plan costs no request — outside a
// transaction the statement runs again on a fresh connection, inside one it fails once and the
// connection is dropped, so the next transaction succeeds.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../server/db.js';
import { DB_KIND, DB_TIMEOUT_MS, openTestDb } from './helpers.js';

vi.setConfig({ testTimeout: DB_TIMEOUT_MS, hookTimeout: DB_TIMEOUT_MS });

describe(`prepared statements (${DB_KIND})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await db.exec('create table prepared_items (id int primary key, label text not null)');
    await db.query("insert into prepared_items values (1, 'one'), (2, 'two')");
  });
  afterAll(async () => {
    await db?.close();
  });

  const label = async (q: Pick<Db, 'query'>, id: number) =>
    (await q.query<{ label: string }>('select label from prepared_items where id = $1', [id]))
      .rows[0]?.label;

  it('answers the same, call after call, on every connection and in transactions', async () => {
    const answers = await Promise.all(
      Array.from({ length: 3 * Math.max(1, db.poolSize) }, (_, i) => label(db, 1 + (i % 2))),
    );
    expect(answers).toEqual(answers.map((_, i) => (i % 2 === 0 ? 'one' : 'two')));
    expect(await db.transaction((tx) => label(tx, 2))).toBe('two');
    expect(await label(db, 3)).toBeUndefined();
  });

  it('survives a column changing type under a cached plan', async () => {
    for (let i = 0; i < 3 * db.poolSize; i++) await label(db, 1);
    await db.transaction((tx) => label(tx, 1));
    await db.exec('alter table prepared_items alter column label type varchar(20)');
    // Outside a transaction: answered (again on a fresh connection where the plan was stale).
    const after = await Promise.all(Array.from({ length: db.poolSize }, () => label(db, 1)));
    expect(after).toEqual(after.map(() => 'one'));
    // Inside one: at most one failure per stale connection, then every transaction succeeds.
    let failures = 0;
    for (let i = 0; i < 2 * db.poolSize; i++)
      await db.transaction((tx) => label(tx, 2)).catch(() => failures++);
    expect(failures).toBeLessThanOrEqual(db.poolSize);
    expect(await db.transaction((tx) => label(tx, 2))).toBe('two');
  });
});
