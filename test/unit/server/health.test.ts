// GET /health over HTTP: ok with the database kind, or 503 unavailable when the database does
// not answer (the desktop's first sign of an outage).
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

describe(`health (${DB_KIND})`, () => {
  let db: Db;
  const build = (overrides: { db?: Db } = {}) =>
    buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      ...overrides,
    });

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('GET /health', () => {
    it(`reports ok and the database kind (${DB_KIND})`, async () => {
      const app = build();
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'ok',
        db: DB_KIND,
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      });
      await app.close();
    });

    it('answers 503 unavailable when the database does not answer', async () => {
      const broken: Db = {
        ...unclosable(db),
        kind: db.kind,
        query: async () => Promise.reject(new Error('connection lost')),
      };
      const server = build({ db: broken });
      const res = await server.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', error: { code: 'unavailable' } });
      await server.close();
    });
  });
});
