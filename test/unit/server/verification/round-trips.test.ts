// A check's cost is its round trips to PostgreSQL (docs/architecture.md, "Checks per second"):
// this suite counts the statements a whole call's flow sends, so a change that adds one shows
// here, not first as a slower bench. BEGIN and COMMIT count: each is a round trip.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { preparable, type Db, type Queryable } from '../../../../server/db.js';
import { DB_KIND, DB_TIMEOUT_MS, unclosable } from '../helpers.js';
import { createHarness, WANGFANG, type Harness } from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

/** `db`, counting every statement sent to it (a transaction adds its BEGIN and COMMIT). */
function counting(db: Db): { db: Db; sent: string[]; unprepared: string[] } {
  const sent: string[] = [];
  const unprepared: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      sent.push(sql.trim().split(/\s+/).slice(0, 4).join(' '));
      if (!preparable(sql, params?.length ?? 0)) unprepared.push(sql.trim().slice(0, 60));
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  return {
    sent,
    unprepared,
    db: {
      ...unclosable(db),
      ...wrap(db),
      transaction: async (fn) => {
        sent.push('BEGIN');
        const value = await db.transaction((tx) => fn(wrap(tx)));
        sent.push('COMMIT');
        return value;
      },
    },
  };
}

describe(`round trips of a whole call's basic check (${DB_KIND})`, () => {
  let h: Harness;
  let count: ReturnType<typeof counting>;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    count = counting(h.db);
    await h.reset({ db: count.db });
    // The token is read until the instance's cache listens for token changes, then served from
    // it (server/auth/token-cache.ts): a request then reads no token.
    for (let i = 0; i < 50; i++) {
      count.sent.length = 0;
      await h.req('GET', `/api/v1/customers?mobile=${WANGFANG.mobile}`, h.tokens.agent);
      if (!count.sent.some((s) => s.startsWith('select a.username'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('look-up 2, new session 4, basic check 7 statements at most, every one prepared', async () => {
    count.sent.length = 0;
    count.unprepared.length = 0;
    const found = await h.req('GET', `/api/v1/customers?mobile=${WANGFANG.mobile}`, h.tokens.agent);
    expect(found.statusCode).toBe(200);
    // The rate-limit count and the look-up with its audit row (one statement).
    expect(count.sent, count.sent.join('\n')).toHaveLength(2);

    count.sent.length = 0;
    const opened = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: WANGFANG });
    expect(opened.statusCode).toBe(201);
    const openedWith = [...count.sent];
    // Inserted and answered in one statement (no rule hit: the common case).
    expect(openedWith.filter((s) => s.startsWith('insert into verification_sessions'))).toEqual([]);
    // The customer, its failures so far and the Art. 18 counts come in one read.
    expect(openedWith.filter((s) => s.startsWith('select (select count'))).toEqual([]);
    expect(openedWith.length, openedWith.join('\n')).toBeLessThanOrEqual(4);

    count.sent.length = 0;
    const checked = await h.basic(h.tokens.agent, opened.json().id, WANGFANG);
    expect(checked.json()).toMatchObject({ result: 'passed', nextStep: 'confirmation' });
    // The Art. 8 read-back comes with the view, not from a statement of its own.
    expect(checked.json().readBack).toEqual({ name: WANGFANG.name, title: 'ms' });
    expect(count.sent.length, count.sent.join('\n')).toBeLessThanOrEqual(7);
    // The state and the check's event are written, and the view read back, in one statement.
    expect(count.sent.filter((s) => s.startsWith('update verification_sessions'))).toEqual([]);
    expect(count.sent.filter((s) => s.startsWith('insert into verification_events'))).toEqual([]);
    // On PostgreSQL each is planned once per connection, not on every call (a `*` result list
    // made the two fraud reads re-plan at 1.4 ms a call: db.ts, preparable).
    expect(count.unprepared).toEqual([]);
  });
});
