// Prometheus metrics (server/metrics.ts): unresolved alerts read from the database at scrape time
// (so instances agree), requests by route template never by URL, journal batches and refusals
// counted, the registry private to one service (two in a process never mix figures), and the
// scrape still answered while the database is down.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../server/app.js';
import { raiseAlert } from '../../../server/alerts/repository.js';
import type { Db } from '../../../server/db.js';
import { createMetrics, serveMetrics } from '../../../server/metrics.js';
import { migrate } from '../../../server/migrations.js';
import { applySeed } from '../../../server/seed.js';
import demoSeed from '../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  DB_KIND,
  DB_TIMEOUT_MS,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
  unclosable,
} from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`metrics (${DB_KIND})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads unresolved alerts from the database at each scrape, by kind and status', async () => {
    const metrics = createMetrics(db);
    expect(await metrics.registry.metrics()).not.toMatch(/^agent_desk_alerts_unresolved\{/m);
    const id = await raiseAlert(db, { kind: 'journal-tamper', at: new Date() });
    await raiseAlert(db, { kind: 'journal-tamper', at: new Date() });
    expect(await metrics.registry.metrics()).toMatch(
      /^agent_desk_alerts_unresolved\{kind="journal-tamper",status="open"\} 2$/m,
    );
    await db.query(
      `update alerts set acknowledged_at = now(), acknowledged_by = 'lead01' where id = $1`,
      [id],
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /^agent_desk_alerts_unresolved\{kind="journal-tamper",status="open"\} 1$/m,
    );
    expect(text).toMatch(
      /^agent_desk_alerts_unresolved\{kind="journal-tamper",status="acknowledged"\} 1$/m,
    );
    // Another service's registry in the same process sees the same database, not the same counters.
    expect(await createMetrics(db).registry.metrics()).toMatch(/status="acknowledged"\} 1$/m);
  });

  it('times requests by route template and counts journal batches and refusals', async () => {
    const metrics = createMetrics(db);
    const app = buildServer({
      db: unclosable(db),
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      metrics,
    });
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'agent01', password: 'demo-pass-1' },
    });
    const { token } = signIn.json<{ token: string }>();
    const headers = { authorization: `Bearer ${token}` };
    await app.inject({
      method: 'GET',
      url: '/api/v1/verifications/4b3c0000-0000-4000-8000-000000000000',
      headers,
    });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const tooMany = {
      deviceId: 'device-metrics-1',
      entries: Array.from({ length: 1001 }, () => ({})),
    };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/journal/batches',
          headers,
          payload: tooMany,
        })
      ).statusCode,
    ).toBe(413);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/journal/batches', payload: tooMany }))
        .statusCode,
    ).toBe(401);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /agent_desk_http_request_duration_seconds_count\{route="\/api\/v1\/verifications\/:id",method="GET",status="404"\} 1/,
    );
    expect(text).not.toMatch(/4b3c0000/); // the id never becomes a label
    expect(text).toMatch(/route="unmatched",method="GET",status="404"/);
    expect(text).toMatch(/^agent_desk_journal_batches_refused_total\{reason="too-large"\} 1$/m);
    expect(text).toMatch(/^agent_desk_journal_batches_refused_total\{reason="unauthorized"\} 1$/m);
    await app.close();
  });
  it('keeps answering while the database is down: last known alerts, db_up 0, no error text', async () => {
    let down = false;
    // The same database, whose reads fail on demand as a dropped connection's would.
    const flaky = Object.create(db, {
      query: {
        value: ((...args: Parameters<Db['query']>) =>
          down
            ? Promise.reject(new Error('connect ECONNREFUSED 10.9.8.7:5432 user records_svc'))
            : db.query(...args)) as Db['query'],
      },
    }) as Db;
    const metrics = createMetrics(flaky);
    metrics.check('basic', 'passed');
    const listener = await serveMetrics(metrics.registry, { host: '127.0.0.1', port: 0 });
    try {
      const scrape = async () => {
        const response = await fetch(listener.url);
        return { status: response.status, text: await response.text() };
      };
      const before = await scrape();
      expect(before.status).toBe(200);
      expect(before.text).toMatch(/^agent_desk_metrics_db_up 1$/m);
      const open = /^agent_desk_alerts_unresolved\{kind="journal-tamper",status="open"\} (\d+)$/m;
      const known = open.exec(before.text)?.[1];
      expect(Number(known)).toBeGreaterThan(0); // raised by the first test

      down = true;
      const during = await scrape();
      expect(during.status).toBe(200);
      expect(during.text).toMatch(/^agent_desk_metrics_db_up 0$/m);
      expect(open.exec(during.text)?.[1]).toBe(known);
      expect(during.text).toMatch(
        /^agent_desk_verification_checks_total\{step="basic",outcome="passed"\} 1$/m,
      );
      expect(during.text).not.toMatch(/ECONNREFUSED|10\.9\.8\.7|records_svc/);

      down = false;
      expect((await scrape()).text).toMatch(/^agent_desk_metrics_db_up 1$/m);
    } finally {
      await listener.close();
    }
  });
});
