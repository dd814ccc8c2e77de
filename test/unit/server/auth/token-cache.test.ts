// Who a token belongs to, cached per instance (server/auth/token-cache.ts): two instances on one
// database, as behind a load balancer. A cached token saves its database read, and still dies at
// once everywhere when it is signed out on another instance or its agent is disabled by hand in
// SQL (the triggers of migration 0028 NOTIFY every instance), and on the clock when it expires.
// The cache's own rules (only while the channel is live; a read that raced a change is not kept)
// are checked against a database whose LISTEN link can be cut at will.
import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../../server/app.js';
import { createTokenCache, EVERY_TOKEN, MAX_AGE_MS } from '../../../../server/auth/token-cache.js';
import type { Db, ListenHandlers } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  DATABASE_URL,
  DB_KIND,
  DB_TIMEOUT_MS,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from '../helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const ME = '/api/v1/agents/me';
const DEMO_PASSWORD = 'demo-pass-1';

describe(`bearer tokens cached by each instance (${DB_KIND})`, () => {
  let db: Db;
  let tokenReads = 0;
  let clock = new Date('2026-03-02T09:00:00.000Z');
  const instances: FastifyInstance[] = [];

  /** An instance on the shared database whose token reads are counted. */
  const instance = () => {
    const counted: Db = {
      ...unclosable(db),
      kind: db.kind,
      query: ((text: string, params?: unknown[]) => {
        if (/from agent_tokens t join agents/.test(text)) tokenReads++;
        return db.query(text, params);
      }) as Db['query'],
    };
    const app = buildServer({
      db: counted,
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      now: () => clock,
      tokenTtlSeconds: 3600,
    });
    instances.push(app);
    return app;
  };
  const me = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: ME, headers: { authorization: `Bearer ${token}` } });
  const signIn = async (app: FastifyInstance, username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ token: string }>().token;
  };
  /** Asks until the answer is `status` (a NOTIFY is delivered after COMMIT, not within it). */
  const until = async (app: FastifyInstance, token: string, status: number) => {
    const deadline = Date.now() + 5000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await me(app, token)).statusCode;
      if (last === status) return last;
      await sleep(10);
    }
    return last;
  };
  /** Once the instance's cache is live, a signed-in request reads no token. */
  const cachedOn = async (app: FastifyInstance, token: string) => {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const before = tokenReads;
      expect((await me(app, token)).statusCode).toBe(200);
      if (tokenReads === before) return true;
      await sleep(10);
    }
    return false;
  };

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { passwordCost: TEST_COST, pepper: TEST_PEPPER });
  });
  afterAll(async () => {
    for (const app of instances) await app.close();
    await db?.close();
  });

  it('a cached token costs no database read, and signed out on one instance dies on both', async () => {
    const a = instance();
    const b = instance();
    const token = await signIn(a, 'agent01');
    expect(await cachedOn(a, token)).toBe(true);
    expect(await cachedOn(b, token)).toBe(true);

    const out = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(a, token)).statusCode).toBe(401);
    expect(await until(b, token, 401)).toBe(401);
  });

  it('an agent disabled by hand in SQL is refused by every instance', async () => {
    const a = instance();
    const b = instance();
    const token = await signIn(a, 'senior01');
    expect(await cachedOn(a, token)).toBe(true);
    expect(await cachedOn(b, token)).toBe(true);

    await db.query("update agents set disabled = true where username = 'senior01'");
    expect(await until(a, token, 401)).toBe(401);
    expect(await until(b, token, 401)).toBe(401);
    await db.query("update agents set disabled = false where username = 'senior01'");
    expect(await until(a, token, 200)).toBe(200);
  });

  it('a revoked row, changed by hand, is refused; a cached token still expires on the clock', async () => {
    const a = instance();
    const token = await signIn(a, 'lead01');
    expect(await cachedOn(a, token)).toBe(true);
    const saved = clock;
    clock = new Date(saved.getTime() + 3600_000);
    expect((await me(a, token)).statusCode).toBe(401);
    clock = saved;
    expect(await cachedOn(a, token)).toBe(true);
    await db.query('update agent_tokens set revoked_at = $1 where revoked_at is null', [clock]);
    expect(await until(a, token, 401)).toBe(401);
  });

  it.skipIf(!DATABASE_URL)(
    'a dropped LISTEN link: tokens are read from the database until it is back, so a change meanwhile counts (PostgreSQL only: PGlite has no link to drop)',
    async () => {
      const a = instance();
      const token = await signIn(a, 'admin01');
      expect(await cachedOn(a, token)).toBe(true);
      const channel = (await db.query<{ c: string }>('select auth_changes_channel() as c')).rows[0]!
        .c;
      const { rows } = await db.query<{ killed: boolean }>(
        'select pg_terminate_backend(pid) as killed from pg_stat_activity where query = $1',
        [`listen ${channel}`],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      // Nothing told the instance of this change: only reading the database can catch it.
      await db.query('update agent_tokens set expires_at = $1 where revoked_at is null', [clock]);
      expect(await until(a, token, 401)).toBe(401);
    },
  );
});

describe('the token cache serves only what it may', () => {
  /** A database whose LISTEN link the test cuts and restores. */
  const linked = () => {
    let handlers: ListenHandlers | null = null;
    const db = {
      query: (async () => ({ rows: [{ channel: 'agent_desk_auth' }] })) as unknown as Db['query'],
      listen: async (_channel: string, h: ListenHandlers) => {
        handlers = h;
        return async () => {
          handlers = null;
        };
      },
    };
    return { db, link: () => handlers! };
  };
  const owner = {
    agent: { username: 'agent01', name: 'Agent 01', tier: 'agent' as const },
    auditor: false,
    expiresAt: new Date('2026-03-02T10:00:00Z'),
  };
  const at = new Date('2026-03-02T09:00:00Z');

  it('keeps nothing before the channel is live, nor while it is down', async () => {
    const { db, link } = linked();
    const cache = createTokenCache(db);
    cache.set('h', owner, cache.generation(), at);
    expect(cache.get('h', at)).toBeUndefined();
    await cache.start();
    cache.set('h', owner, cache.generation(), at);
    expect(cache.get('h', at)?.agent.username).toBe('agent01');

    link().onError!(new Error('link dropped'));
    expect(cache.live).toBe(false);
    expect(cache.get('h', at)).toBeUndefined();
    cache.set('h', owner, cache.generation(), at);
    expect(cache.get('h', at)).toBeUndefined();

    link().onReconnect!();
    expect(cache.get('h', at)).toBeUndefined();
    cache.set('h', owner, cache.generation(), at);
    expect(cache.get('h', at)).toBeDefined();
    await cache.stop();
    expect(cache.get('h', at)).toBeUndefined();
  });

  it('drops a read that raced a change, forgets on NOTIFY, and re-reads after MAX_AGE_MS', async () => {
    const { db, link } = linked();
    const cache = createTokenCache(db);
    await cache.start();
    const since = cache.generation();
    link().onPayload('some-other-token');
    cache.set('h', owner, since, at);
    expect(cache.get('h', at)).toBeUndefined();

    cache.set('h', owner, cache.generation(), at);
    cache.set('k', owner, cache.generation(), at);
    link().onPayload('h');
    expect(cache.get('h', at)).toBeUndefined();
    expect(cache.get('k', at)).toBeDefined();
    link().onPayload(EVERY_TOKEN);
    expect(cache.get('k', at)).toBeUndefined();

    cache.set('k', owner, cache.generation(), at);
    expect(cache.get('k', new Date(at.getTime() + MAX_AGE_MS - 1))).toBeDefined();
    expect(cache.get('k', new Date(at.getTime() + MAX_AGE_MS))).toBeUndefined();
    expect(cache.get('k', at)).toBeUndefined();
  });
});
