// GET /health over HTTP: ok with the database kind, or 503 unavailable when the database does
// not answer (the desktop's first sign of an outage).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../server/app.js';
import type { Db } from '../../../server/db.js';
import { migrate, MIGRATIONS } from '../../../server/migrations.js';
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

  describe('GET /health/live and /health/ready', () => {
    const get = async (app: ReturnType<typeof build>, url: string) => {
      const res = await app.inject({ method: 'GET', url });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };

    it('live answers without the database; ready says ok when migrated and not draining', async () => {
      const readiness = { draining: false };
      const app = buildServer({
        db: unclosable(db),
        logger: false,
        passwordCost: TEST_COST,
        pepper: TEST_PEPPER,
        readiness,
      });
      expect(await get(app, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await get(app, '/health/ready')).toMatchObject({
        status: 200,
        body: { status: 'ok', db: DB_KIND },
      });
      readiness.draining = true;
      expect(await get(app, '/health/ready')).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          error: { code: 'unavailable', message: 'the service is shutting down' },
        },
      });
      expect((await get(app, '/health/live')).status).toBe(200);
      await app.close();
    });

    it('ready answers 503 when the database does not answer, live still 200', async () => {
      const broken: Db = {
        ...unclosable(db),
        kind: db.kind,
        query: async () => Promise.reject(new Error('connection lost')),
      };
      const app = build({ db: broken });
      expect(await get(app, '/health/ready')).toMatchObject({
        status: 503,
        body: { error: { message: 'the records database is unreachable' } },
      });
      expect((await get(app, '/health/live')).status).toBe(200);
      await app.close();
    });

    it('ready answers 503 on a database not migrated, or not to this build’s latest migration', async () => {
      const fresh = await openTestDb();
      try {
        const app = build({ db: unclosable(fresh) });
        const notMigrated = {
          status: 503,
          body: { error: { message: 'the database schema is not migrated to this version' } },
        };
        expect(await get(app, '/health/ready')).toMatchObject(notMigrated);
        await migrate(fresh, MIGRATIONS.slice(0, -1));
        expect(await get(app, '/health/ready')).toMatchObject(notMigrated);
        await migrate(fresh);
        expect((await get(app, '/health/ready')).status).toBe(200);
        await app.close();
      } finally {
        await fresh.close();
      }
    });
  });
});
