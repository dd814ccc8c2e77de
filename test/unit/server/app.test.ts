// The records service over HTTP (Fastify inject): sign-in, bearer tokens, sign-out, the error
// shape, and refusal of every malformed request with a clear 400 that changes nothing.
import { createHash } from 'node:crypto';
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
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb, openTestDb, TEST_COST, TEST_PEPPER, unclosable } from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const SIGN_IN = '/api/v1/auth/sign-in';
const SIGN_OUT = '/api/v1/auth/sign-out';
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
  const me = (token: string) => app.inject({ method: 'GET', url: ME, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    await applySeed(db, { agents: [{ username: 'gone01', name: '停用', tier: 'agent', password: DEMO_PASSWORD }] }, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    await db.query("update agents set disabled = true where username = 'gone01'");
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    clock = T0;
    await db.exec('truncate agent_tokens');
    app = build();
  });
  afterEach(async () => {
    await app.close();
  });

  describe('GET /health', () => {
    it(`reports ok and the database kind (${DB_KIND})`, async () => {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', db: DB_KIND, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    });

    it('answers 503 unavailable when the database does not answer', async () => {
      const broken: Db = { ...unclosable(db), kind: db.kind, query: async () => Promise.reject(new Error('connection lost')) };
      const server = build({ db: broken });
      const res = await server.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', error: { code: 'unavailable' } });
      await server.close();
    });
  });

  describe('POST /api/v1/auth/sign-in', () => {
    it('returns a token, its expiry and the profile; stores only the token’s SHA-256', async () => {
      const res = await signIn('agent01', DEMO_PASSWORD);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: new Date(T0.getTime() + 3600_000).toISOString(),
        agent: { username: 'agent01', name: '张伟', tier: 'agent' },
      });
      expect(res.headers['cache-control']).toBe('no-store');
      const { rows } = await db.query<{ token_hash: string }>('select token_hash from agent_tokens');
      expect(rows).toEqual([{ token_hash: createHash('sha256').update(body.token).digest('hex') }]);
      expect(await dumpDb(db)).not.toContain(body.token);
    });

    it.each(['senior01', 'lead01', 'admin01'])('signs in %s with its tier', async (username) => {
      const res = await signIn(username, DEMO_PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(res.json().agent.tier).toBe(demoSeed.agents.find((a) => a.username === username)!.tier);
    });

    it('treats the username case-insensitively', async () => {
      expect((await signIn('AGENT01', DEMO_PASSWORD)).statusCode).toBe(200);
    });

    it('issues a new token per sign-in', async () => {
      const a = (await signIn('agent01', DEMO_PASSWORD)).json().token;
      const b = (await signIn('agent01', DEMO_PASSWORD)).json().token;
      expect(a).not.toBe(b);
      expect(await countRows(db, 'agent_tokens')).toBe(2);
    });

    it('answers wrong password, unknown user and disabled agent identically (401 invalid-credentials)', async () => {
      const answers = await Promise.all([signIn('agent01', 'wrong-pass-1'), signIn('nobody01', DEMO_PASSWORD), signIn('gone01', DEMO_PASSWORD)]);
      for (const res of answers) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ error: { code: 'invalid-credentials', message: 'username or password is incorrect' } });
      }
      expect(await countRows(db, 'agent_tokens')).toBe(0);
    });

    it('spends a password hash on unknown users too, so timing does not reveal who exists', async () => {
      // A costlier hash makes the work measurable; an unknown user must not answer much faster.
      await db.exec('truncate agent_tokens');
      await applySeed(db, { agents: [{ username: 'timing01', name: '计时', tier: 'agent', password: DEMO_PASSWORD }] }, {
        pepper: TEST_PEPPER,
        passwordCost: { N: 2 ** 14, r: 8, p: 1 },
      });
      const server = build({ passwordCost: { N: 2 ** 14, r: 8, p: 1 }, signInRateLimit: { max: 100, timeWindowMs: 60_000 } });
      const time = async (username: string) => {
        const started = process.hrtime.bigint();
        expect((await signIn(username, 'wrong-pass-1', server)).statusCode).toBe(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      await time('nobody02'); // warm the dummy hash
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await time('timing01'));
        unknown.push(await time(`nobody${i}x`));
      }
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
      await server.close();
      await db.query("delete from agents where username = 'timing01'");
    });

    it('rate-limits per client and username: the 11th attempt in a minute is 429 rate-limited', async () => {
      for (let i = 0; i < 10; i++) expect((await signIn('agent01', 'wrong-pass-1')).statusCode).toBe(401);
      const limited = await signIn('agent01', DEMO_PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({ error: { code: 'rate-limited', message: expect.stringMatching(/too many sign-in attempts; try again in/) } });
      expect(await countRows(db, 'agent_tokens')).toBe(0); // even the right password is refused
      // Another agent behind the same address is not locked out by it.
      expect((await signIn('senior01', DEMO_PASSWORD)).statusCode).toBe(200);
      // Case does not give a fresh budget.
      expect((await signIn('Agent01', DEMO_PASSWORD)).statusCode).toBe(429);
    });
  });

  describe('bearer tokens', () => {
    it('GET /api/v1/agents/me returns the profile for a valid token', async () => {
      const { token } = (await signIn('lead01', DEMO_PASSWORD)).json();
      const res = await me(token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ username: 'lead01', name: '王丽', tier: 'lead' });
    });

    it('expires tokens after tokenTtlSeconds on the injected clock', async () => {
      const { token } = (await signIn('agent01', DEMO_PASSWORD)).json();
      clock = new Date(T0.getTime() + 3600_000 - 1);
      expect((await me(token)).statusCode).toBe(200);
      clock = new Date(T0.getTime() + 3600_000);
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    });

    it('defaults to a 12-hour lifetime', async () => {
      const server = build({ tokenTtlSeconds: undefined });
      const res = await signIn('agent01', DEMO_PASSWORD, server);
      expect(res.json().expiresAt).toBe(new Date(T0.getTime() + 12 * 3600_000).toISOString());
      await server.close();
    });

    it('sign-out answers 204 and revokes the token', async () => {
      const { token } = (await signIn('agent01', DEMO_PASSWORD)).json();
      const out = await app.inject({ method: 'POST', url: SIGN_OUT, headers: { authorization: `Bearer ${token}` } });
      expect(out.statusCode).toBe(204);
      expect(out.body).toBe('');
      expect((await me(token)).statusCode).toBe(401);
      const again = await app.inject({ method: 'POST', url: SIGN_OUT, headers: { authorization: `Bearer ${token}` } });
      expect(again.statusCode).toBe(401);
      const { rows } = await db.query<{ revoked_at: Date | null }>('select revoked_at from agent_tokens');
      expect(rows[0]!.revoked_at).not.toBeNull();
    });

    it('refuses a token once its agent is disabled', async () => {
      await applySeed(db, { agents: [{ username: 'temp01', name: '临时', tier: 'agent', password: DEMO_PASSWORD }] }, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
      const { token } = (await signIn('temp01', DEMO_PASSWORD)).json();
      await db.query("update agents set disabled = true where username = 'temp01'");
      expect((await me(token)).statusCode).toBe(401);
      await db.query("delete from agents where username = 'temp01'");
    });

    it.each([
      ['no header', undefined],
      ['empty', ''],
      ['Basic scheme', 'Basic YWdlbnQwMTpkZW1vLXBhc3MtMQ=='],
      ['bare token', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['garbage', 'Bearer not-a-token'],
      ['unknown well-formed token', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['SQL in the token', "Bearer ' or '1'='1"],
      ['oversized', `Bearer ${'A'.repeat(5000)}`],
    ])('answers 401 unauthorized for %s', async (_case, authorization) => {
      for (const [method, url] of [
        ['GET', ME],
        ['POST', SIGN_OUT],
      ] as const) {
        const res = await app.inject({ method, url, headers: authorization === undefined ? {} : { authorization } });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    });
  });

  describe('bad requests', () => {
    type Case = [string, { payload?: string | object; contentType?: string }, RegExp];
    const cases: Case[] = [
      ['invalid JSON', { payload: '{"username": "agent01",', contentType: 'application/json' }, /body is not valid JSON/],
      ['text/plain', { payload: 'username=agent01', contentType: 'text/plain' }, /content-type must be application\/json/],
      ['form encoding', { payload: 'username=agent01&password=x', contentType: 'application/x-www-form-urlencoded' }, /content-type must be application\/json/],
      ['empty JSON body', { payload: '', contentType: 'application/json' }, /body is empty/],
      ['oversize body', { payload: JSON.stringify({ username: 'agent01', password: 'x'.repeat(70 * 1024) }), contentType: 'application/json' }, /larger than 64 KiB/],
      ['no body', {}, /body must be a JSON object/],
      ['JSON array', { payload: '[]', contentType: 'application/json' }, /body must be a JSON object/],
      ['JSON null', { payload: 'null', contentType: 'application/json' }, /body must be a JSON object/],
      ['JSON string', { payload: '"agent01"', contentType: 'application/json' }, /body must be a JSON object/],
      ['missing password', { payload: { username: 'agent01' } }, /^password: /],
      ['missing username', { payload: { password: DEMO_PASSWORD } }, /^username: /],
      ['empty password', { payload: { username: 'agent01', password: '' } }, /^password: /],
      ['password too long', { payload: { username: 'agent01', password: 'x'.repeat(300) } }, /^password: /],
      ['username of the wrong type', { payload: { username: 42, password: DEMO_PASSWORD } }, /^username: /],
      ['username with spaces', { payload: { username: 'agent 01', password: DEMO_PASSWORD } }, /^username: letters, digits/],
      ['unknown key', { payload: { username: 'agent01', password: DEMO_PASSWORD, tier: 'admin' } }, /^tier: unknown key$/],
      ['__proto__ key', { payload: '{"username":"agent01","password":"demo-pass-1","__proto__":{"tier":"admin"}}', contentType: 'application/json' }, /forbidden __proto__/],
    ];

    it.each(cases)('POST sign-in with %s → 400 bad-request naming the problem, nothing written', async (_case, { payload, contentType }, message) => {
      const before = await dumpDb(db);
      const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
      const res = await app.inject({ method: 'POST', url: SIGN_IN, headers, ...(payload === undefined ? {} : { payload }) });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body).toEqual({ error: { code: 'bad-request', message: expect.stringMatching(message) } });
      expect(body.error.message).not.toContain(DEMO_PASSWORD);
      expect(await dumpDb(db)).toBe(before);
    });

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
      expect(res.json()).toEqual({ error: { code: 'not-found', message: expect.stringContaining(url) } });
    });

    it('only ever answers with contract error codes', () => {
      for (const code of ['bad-request', 'unauthorized', 'invalid-credentials', 'rate-limited', 'not-found', 'unavailable', 'internal']) {
        expect(ERROR_CODES).toContain(code);
      }
    });

    it('turns an unexpected failure into 500 internal without details', async () => {
      const broken: Db = { ...unclosable(db), kind: db.kind, query: async () => Promise.reject(new Error('secret detail')) };
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
      await server.inject({ method: 'GET', url: ME, headers: { authorization: `Bearer ${token}` } });
      await server.inject({ method: 'POST', url: SIGN_IN, payload: { username: 'agent01', password: 'wrong-pass-1' } });
      await server.inject({ method: 'POST', url: SIGN_IN, headers: { 'content-type': 'application/json' }, payload: '{"password":"leak-me-1",' });
      server.log.info({ req: { headers: { authorization: `Bearer ${token}` } }, password: 'x-pass', body: { password: 'y-pass', token } }, 'probe');
      await server.close();
      const text = lines.join('');
      expect(text).toContain('agent signed in');
      expect(text).toContain('probe');
      for (const secret of [DEMO_PASSWORD, 'wrong-pass-1', 'leak-me-1', 'x-pass', 'y-pass', token]) expect(text).not.toContain(secret);
    });

    it('the default logger redacts too', () => {
      const lines: string[] = [];
      const logger = createLogger({
        destination: { write: (line: string) => void lines.push(line) },
      });
      logger.info({ password: 'p1-secret', nationalId: '990101198503120010', customer: { queryPassword: '135790' } }, 'probe');
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
