// `--trust-proxy` (server/app.ts trustProxy): behind a named proxy the sign-in limit keys on the
// client's address from X-Forwarded-For; from anyone else, or without the flag, that header is
// ignored, so a client cannot pick its own rate-limit key.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../server/app.js';
import type { Db } from '../../../server/db.js';
import { migrate } from '../../../server/migrations.js';
import {
  DB_KIND,
  DB_TIMEOUT_MS,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`trusted proxies (${DB_KIND})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Two failed sign-ins for one user name "from" two clients; the statuses of the second. */
  async function secondAttempt(trustProxy: string[] | undefined, remoteAddress: string) {
    const app = buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      signInRateLimit: { max: 1, timeWindowMs: 60_000 },
      ...(trustProxy ? { trustProxy } : {}),
    });
    const user = `nobody${Math.random().toString(36).slice(2, 8)}`;
    const attempt = (client: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        remoteAddress,
        headers: { 'x-forwarded-for': client },
        payload: { username: user, password: 'wrong-password' },
      });
    expect((await attempt('203.0.113.1')).statusCode).toBe(401);
    const status = (await attempt('203.0.113.2')).statusCode;
    await app.close();
    return status;
  }

  it('keys on X-Forwarded-For only when it comes from a named proxy', async () => {
    expect(await secondAttempt(['10.0.0.5'], '10.0.0.5')).toBe(401); // two clients, two budgets
    expect(await secondAttempt(['10.0.0.0/8'], '10.0.0.5')).toBe(401);
    expect(await secondAttempt(['10.0.0.5'], '192.0.2.9')).toBe(429); // not the proxy: ignored
    expect(await secondAttempt(undefined, '10.0.0.5')).toBe(429); // no flag: ignored
  });
});
