// The records service's HTTP shell (Fastify inject): the error shape, refusal of every
// malformed request with a clear 400 that changes nothing, 404s, redacted logs, and shutdown.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../../common/result.js';
import { buildServer, type BuildServerOptions } from '../../../server/app.js';
import type { Db } from '../../../server/db.js';
import { createLogger } from '../../../server/logger.js';
import { migrate } from '../../../server/migrations.js';
import { applySeed } from '../../../server/seed.js';
import demoSeed from '../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  DB_KIND,
  DB_TIMEOUT_MS,
  dumpDb,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const SIGN_IN = '/api/v1/auth/sign-in';
const ME = '/api/v1/agents/me';
const DEMO_PASSWORD = 'demo-pass-1';
const T0 = new Date('2026-03-02T09:00:00.000Z');

describe(`records service HTTP (${DB_KIND})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let clock: Date;

  const build = (overrides: Partial<BuildServerOptions> = {}) =>
    buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => clock,
      tokenTtlSeconds: 3600,
      ...overrides,
    });

  const signIn = (username: string, password: string, server = app) =>
    server.inject({ method: 'POST', url: SIGN_IN, payload: { username, password } });

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
    await db.exec('truncate agent_tokens, rate_limit_hits');
    app = build();
  });
  afterEach(async () => {
    await app.close();
  });

  describe('bad requests', () => {
    type Case = [string, { payload?: string | object; contentType?: string }, RegExp];
    const cases: Case[] = [
      [
        'invalid JSON',
        { payload: '{"username": "agent01",', contentType: 'application/json' },
        /body is not valid JSON/,
      ],
      [
        'text/plain',
        { payload: 'username=agent01', contentType: 'text/plain' },
        /content-type must be application\/json/,
      ],
      [
        'form encoding',
        {
          payload: 'username=agent01&password=x',
          contentType: 'application/x-www-form-urlencoded',
        },
        /content-type must be application\/json/,
      ],
      ['empty JSON body', { payload: '', contentType: 'application/json' }, /body is empty/],
      [
        'oversize body',
        {
          payload: JSON.stringify({ username: 'agent01', password: 'x'.repeat(70 * 1024) }),
          contentType: 'application/json',
        },
        /larger than 64 KiB/,
      ],
      ['no body', {}, /body must be a JSON object/],
      [
        'JSON array',
        { payload: '[]', contentType: 'application/json' },
        /body must be a JSON object/,
      ],
      [
        'JSON null',
        { payload: 'null', contentType: 'application/json' },
        /body must be a JSON object/,
      ],
      [
        'JSON string',
        { payload: '"agent01"', contentType: 'application/json' },
        /body must be a JSON object/,
      ],
      ['missing password', { payload: { username: 'agent01' } }, /^password: /],
      ['missing username', { payload: { password: DEMO_PASSWORD } }, /^username: /],
      ['empty password', { payload: { username: 'agent01', password: '' } }, /^password: /],
      [
        'password too long',
        { payload: { username: 'agent01', password: 'x'.repeat(300) } },
        /^password: /,
      ],
      [
        'username of the wrong type',
        { payload: { username: 42, password: DEMO_PASSWORD } },
        /^username: /,
      ],
      [
        'username with spaces',
        { payload: { username: 'agent 01', password: DEMO_PASSWORD } },
        /^username: letters, digits/,
      ],
      [
        'unknown key',
        { payload: { username: 'agent01', password: DEMO_PASSWORD, tier: 'admin' } },
        /^tier: unknown key$/,
      ],
      [
        '__proto__ key',
        {
          payload: '{"username":"agent01","password":"demo-pass-1","__proto__":{"tier":"admin"}}',
          contentType: 'application/json',
        },
        /forbidden __proto__/,
      ],
    ];

    it.each(cases)(
      'POST sign-in with %s → 400 bad-request naming the problem, nothing written',
      async (_case, { payload, contentType }, message) => {
        const before = await dumpDb(db);
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        const res = await app.inject({
          method: 'POST',
          url: SIGN_IN,
          headers,
          ...(payload === undefined ? {} : { payload }),
        });
        expect(res.statusCode).toBe(400);
        const body = res.json();
        expect(body).toEqual({
          error: { code: 'bad-request', message: expect.stringMatching(message) },
        });
        expect(body.error.message).not.toContain(DEMO_PASSWORD);
        expect(await dumpDb(db)).toBe(before);
      },
    );

    it('accepts application/json with a charset (positive control)', async () => {
      const res = await app.inject({
        method: 'POST',
        url: SIGN_IN,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        payload: JSON.stringify({ username: 'agent01', password: DEMO_PASSWORD }),
      });
      expect(res.statusCode).toBe(200);
    });

    it.each([
      ['GET', '/api/v1/nope'],
      ['GET', '/'],
      ['GET', SIGN_IN],
      ['DELETE', ME],
      ['POST', '/health'],
    ] as const)('%s %s → 404 not-found', async (method, url) => {
      const res = await app.inject({ method, url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        error: { code: 'not-found', message: expect.stringContaining(url) },
      });
    });

    it('only ever answers with contract error codes', () => {
      for (const code of [
        'bad-request',
        'unauthorized',
        'invalid-credentials',
        'rate-limited',
        'not-found',
        'unavailable',
        'internal',
      ]) {
        expect(ERROR_CODES).toContain(code);
      }
    });

    it('turns an unexpected failure into 500 internal without details', async () => {
      const broken: Db = {
        ...unclosable(db),
        kind: db.kind,
        query: async () => Promise.reject(new Error('secret detail')),
      };
      const server = build({ db: broken });
      const res = await signIn('agent01', DEMO_PASSWORD, server);
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
      await server.close();
    });
  });

  describe('logs and lifecycle', () => {
    it('never logs passwords, tokens or the authorization header', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const logger = pino({ level: 'trace' }, sink);
      const server = build({ logger });
      const { token } = (await signIn('agent01', DEMO_PASSWORD, server)).json();
      await server.inject({
        method: 'GET',
        url: ME,
        headers: { authorization: `Bearer ${token}` },
      });
      await server.inject({
        method: 'POST',
        url: SIGN_IN,
        payload: { username: 'agent01', password: 'wrong-pass-1' },
      });
      await server.inject({
        method: 'POST',
        url: SIGN_IN,
        headers: { 'content-type': 'application/json' },
        payload: '{"password":"leak-me-1",',
      });
      server.log.info(
        {
          req: { headers: { authorization: `Bearer ${token}` } },
          password: 'x-pass',
          body: { password: 'y-pass', token },
        },
        'probe',
      );
      await server.close();
      const text = lines.join('');
      expect(text).toContain('agent signed in');
      expect(text).toContain('probe');
      for (const secret of [DEMO_PASSWORD, 'wrong-pass-1', 'leak-me-1', 'x-pass', 'y-pass', token])
        expect(text).not.toContain(secret);
    });

    it('the default logger redacts too', () => {
      const lines: string[] = [];
      const logger = createLogger({
        destination: { write: (line: string) => void lines.push(line) },
      });
      logger.info(
        {
          password: 'p1-secret',
          nationalId: '990101198503120010',
          customer: { queryPassword: '135790' },
        },
        'probe',
      );
      expect(lines.join('')).toContain('[redacted]');
      expect(lines.join('')).not.toMatch(/p1-secret|990101198503120010|135790/);
    });

    it('closes the database when the server closes', async () => {
      const close = vi.fn(async () => {});
      const server = build({ db: { ...unclosable(db), kind: db.kind, close } });
      await server.ready();
      await server.close();
      expect(close).toHaveBeenCalledTimes(1);
    });
  });
});
