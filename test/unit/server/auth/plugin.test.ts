// Sign-in, bearer tokens and sign-out over HTTP (Fastify inject): one answer for every failed
// sign-in, the rate limit, only the token's SHA-256 stored, expiry on the injected clock,
// revocation.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildServer, type BuildServerOptions } from '../../../../server/app.js';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
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

const SIGN_IN = '/api/v1/auth/sign-in';
const SIGN_OUT = '/api/v1/auth/sign-out';
const ME = '/api/v1/agents/me';
const DEMO_PASSWORD = 'demo-pass-1';
const T0 = new Date('2026-03-02T09:00:00.000Z');

describe(`sign-in and bearer tokens (${DB_KIND})`, () => {
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
  const me = (token: string) =>
    app.inject({ method: 'GET', url: ME, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    await applySeed(
      db,
      { agents: [{ username: 'gone01', name: '停用', tier: 'agent', password: DEMO_PASSWORD }] },
      { pepper: TEST_PEPPER, passwordCost: TEST_COST },
    );
    await db.query("update agents set disabled = true where username = 'gone01'");
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
      const { rows } = await db.query<{ token_hash: string }>(
        'select token_hash from agent_tokens',
      );
      expect(rows).toEqual([{ token_hash: createHash('sha256').update(body.token).digest('hex') }]);
      expect(await dumpDb(db)).not.toContain(body.token);
    });

    it.each(['senior01', 'lead01', 'admin01'])('signs in %s with its tier', async (username) => {
      const res = await signIn(username, DEMO_PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(res.json().agent.tier).toBe(
        demoSeed.agents.find((a) => a.username === username)!.tier,
      );
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
      const answers = await Promise.all([
        signIn('agent01', 'wrong-pass-1'),
        signIn('nobody01', DEMO_PASSWORD),
        signIn('gone01', DEMO_PASSWORD),
      ]);
      for (const res of answers) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          error: { code: 'invalid-credentials', message: 'username or password is incorrect' },
        });
      }
      expect(await countRows(db, 'agent_tokens')).toBe(0);
    });

    it('spends a password hash on unknown users too, so timing does not reveal who exists', async () => {
      // A costlier hash makes the work measurable; an unknown user must not answer much faster.
      await db.exec('truncate agent_tokens, rate_limit_hits');
      await applySeed(
        db,
        {
          agents: [{ username: 'timing01', name: '计时', tier: 'agent', password: DEMO_PASSWORD }],
        },
        {
          pepper: TEST_PEPPER,
          passwordCost: { N: 2 ** 14, r: 8, p: 1 },
        },
      );
      const server = build({
        passwordCost: { N: 2 ** 14, r: 8, p: 1 },
        signInRateLimit: { max: 100, timeWindowMs: 60_000 },
      });
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
      for (let i = 0; i < 10; i++)
        expect((await signIn('agent01', 'wrong-pass-1')).statusCode).toBe(401);
      const limited = await signIn('agent01', DEMO_PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({
        error: {
          code: 'rate-limited',
          message: expect.stringMatching(/too many sign-in attempts; try again in/),
        },
      });
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
      const out = await app.inject({
        method: 'POST',
        url: SIGN_OUT,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(out.statusCode).toBe(204);
      expect(out.body).toBe('');
      expect((await me(token)).statusCode).toBe(401);
      const again = await app.inject({
        method: 'POST',
        url: SIGN_OUT,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(again.statusCode).toBe(401);
      const { rows } = await db.query<{ revoked_at: Date | null }>(
        'select revoked_at from agent_tokens',
      );
      expect(rows[0]!.revoked_at).not.toBeNull();
    });

    it('refuses a token once its agent is disabled', async () => {
      await applySeed(
        db,
        { agents: [{ username: 'temp01', name: '临时', tier: 'agent', password: DEMO_PASSWORD }] },
        { pepper: TEST_PEPPER, passwordCost: TEST_COST },
      );
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
        const res = await app.inject({
          method,
          url,
          headers: authorization === undefined ? {} : { authorization },
        });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          error: { code: 'unauthorized', message: expect.any(String) },
        });
      }
    });
  });
});
