// Rate limits counted in the database: two service instances on one database share each client's
// budget (a load balancer spreading sign-ins over them must not double it), windows end on the
// service clock, routes count apart, and only hashes are stored (no address, no username).
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../../server/app.js';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import {
  countHit,
  countHits,
  HitCounter,
  purgeExpiredHits,
} from '../../../../server/rate-limits/store.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import {
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

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const KEY = 'a'.repeat(64);

describe(`rate limits shared through the database (${DB_KIND})`, () => {
  let db: Db;
  let clock = T0;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const build = () =>
    buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => new Date(clock),
    });
  const signIn = (server: FastifyInstance, username: string, password = 'wrong-pass-1') =>
    server.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username, password },
    });

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    clock = T0;
    await db.exec('truncate rate_limit_hits');
    a = build();
    b = build();
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('two instances share one sign-in budget: the 11th attempt in a minute is 429 on either', async () => {
    for (let i = 0; i < 10; i++)
      expect((await signIn(i % 2 ? b : a, 'agent01')).statusCode).toBe(401);
    for (const server of [a, b]) {
      const limited = await signIn(server, 'agent01', 'demo-pass-1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate-limited');
    }
    expect(await countRows(db, 'agent_tokens')).toBe(0);
    // A third instance started later sees the same count.
    const c = build();
    expect((await signIn(c, 'agent01', 'demo-pass-1')).statusCode).toBe(429);
    await c.close();
    // Another user behind the same address is not locked out by it.
    expect((await signIn(b, 'senior01', 'demo-pass-1')).statusCode).toBe(200);
  });

  it('the window ends on the service clock, then the budget is whole again', async () => {
    for (let i = 0; i < 10; i++) await signIn(a, 'agent01');
    clock = T0 + 59_999;
    expect((await signIn(b, 'agent01', 'demo-pass-1')).statusCode).toBe(429);
    clock = T0 + 60_000;
    expect((await signIn(b, 'agent01', 'demo-pass-1')).statusCode).toBe(200);
    for (let i = 0; i < 9; i++) expect((await signIn(a, 'agent01')).statusCode).toBe(401);
    expect((await signIn(a, 'agent01')).statusCode).toBe(429);
  });

  it('stores hashes only: no address, username or token in the table', async () => {
    await signIn(a, 'agent01');
    const { rows } = await db.query<{ row: string }>(
      'select t::text as row from rate_limit_hits t',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toMatch(/^\([0-9a-f]{64},1,"[^"]+"\)$/);
    expect(rows[0]!.row).not.toMatch(/agent01|127\.0\.0\.1/);
    // The "nothing changed" dumps of other suites leave this counter out: attempts count.
    expect(await dumpDb(db)).not.toContain('## rate_limit_hits');
  });

  it('counts per key, reports the time left, and purges ended windows', async () => {
    const at = new Date(T0);
    expect(await countHit(db, KEY, 60_000, at)).toEqual({ current: 1, ttl: 60_000 });
    expect(await countHit(db, KEY, 60_000, new Date(T0 + 15_000))).toEqual({
      current: 2,
      ttl: 45_000,
    });
    expect(await countHit(db, 'b'.repeat(64), 60_000, at)).toEqual({ current: 1, ttl: 60_000 });
    expect(await purgeExpiredHits(db, new Date(T0 + 59_999))).toBe(0);
    expect(await purgeExpiredHits(db, new Date(T0 + 60_000))).toBe(2);
    expect(await countRows(db, 'rate_limit_hits')).toBe(0);
    // After the window a key starts again at 1.
    expect(await countHit(db, KEY, 1000, new Date(T0 + 70_000))).toEqual({
      current: 1,
      ttl: 1000,
    });
  });

  it('refuses a key that is not a SHA-256 hash (nothing readable is ever stored)', async () => {
    await expect(countHit(db, 'agent01|127.0.0.1', 60_000, new Date(T0))).rejects.toThrow();
    expect(await countRows(db, 'rate_limit_hits')).toBe(0);
  });

  it('counts several keys in one statement, each answered its own window', async () => {
    await countHit(db, KEY, 60_000, new Date(T0));
    const counts = await countHits(
      db,
      [
        { key: 'c'.repeat(64), count: 3, windowMs: 1000 },
        { key: KEY, count: 2, windowMs: 60_000 },
      ],
      new Date(T0 + 10_000),
    );
    expect(counts.get(KEY)).toEqual({ current: 3, ttl: 50_000 });
    expect(counts.get('c'.repeat(64))).toEqual({ current: 3, ttl: 1000 });
  });

  it('hits that arrive together are counted together, each told its own place', async () => {
    let statements = 0;
    const counting: Db = {
      ...db,
      query: (sql, params) => {
        statements++;
        return db.query(sql, params);
      },
    };
    const counter = new HitCounter(counting, () => new Date(T0));
    const incr = (key: string) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        counter.incr(key, 60_000, (error, result) => (error ? reject(error) : resolve(result!))),
      );
    const keys = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 'd' : 'e').repeat(64));
    const results = await Promise.all(keys.map(incr));
    // The first is counted at once; the other 39 waited for it and went in one statement.
    expect(statements).toBe(2);
    const places = (key: string) => results.filter((_, i) => keys[i] === key).map((r) => r.current);
    expect(places('d'.repeat(64))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(places('e'.repeat(64))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(results.every((r) => r.ttl === 60_000)).toBe(true);
    const { rows } = await db.query<{ hits: number }>(
      'select hits from rate_limit_hits order by key',
    );
    expect(rows.map((r) => r.hits)).toEqual([10, 30]);
  });

  it('a count that fails fails every hit waiting on it, and the next ones are counted', async () => {
    const counter = new HitCounter(db, () => new Date(T0));
    const incr = (key: string) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        counter.incr(key, 60_000, (error, result) => (error ? reject(error) : resolve(result!))),
      );
    // A key that is not a hash breaks its statement (the table's check): its batch-mates fail
    // with it, as each would have failed alone, and nothing of theirs is counted.
    const first = incr(KEY);
    const batch = [incr('not a hash'), incr('f'.repeat(64))];
    await expect(first).resolves.toEqual({ current: 1, ttl: 60_000 });
    for (const outcome of await Promise.allSettled(batch)) expect(outcome.status).toBe('rejected');
    await expect(incr('f'.repeat(64))).resolves.toEqual({ current: 1, ttl: 60_000 });
  });
});
