// Customer look-up over HTTP (Art. 5): the customers reserved on a caller's number, in any
// notation, masked only; a number that is not a mainland mobile is a 400. Each look-up is
// audited with the number masked and rate-limited per agent, like the checks (Art. 11).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import { createHarness, LINA, T0, ZHAOMIN, type Harness } from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`customer look-up (${DB_KIND})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset();
  });

  describe('GET /api/v1/customers (Art. 5)', () => {
    it.each(['13900000001', '+86 139 0000 0001', '0086-139-0000-0001', ' 139-0000-0001 '])(
      'finds the customers reserved on %j, masked only',
      async (mobile) => {
        const res = await h.req(
          'GET',
          `/api/v1/customers?mobile=${encodeURIComponent(mobile)}`,
          h.tokens.agent,
        );
        expect(res.statusCode).toBe(200);
        const { customers } = res.json();
        expect(customers).toHaveLength(2);
        expect(customers).toEqual(
          expect.arrayContaining([
            {
              id: h.ids.get('李娜'),
              name: '李*',
              mobile: '139****0001',
              nationalId: '9***************10',
            },
            {
              id: h.ids.get('赵敏'),
              name: '赵*',
              mobile: '139****0001',
              nationalId: '9***************61',
            },
          ]),
        );
        for (const secret of [LINA.mobile, LINA.nationalId, ZHAOMIN.nationalId, '李娜', '赵敏'])
          expect(res.body).not.toContain(secret);
      },
    );

    it('answers an empty list for a number nobody reserved', async () => {
      expect(
        (await h.req('GET', '/api/v1/customers?mobile=13800000000', h.tokens.agent)).json(),
      ).toEqual({ customers: [] });
    });

    it.each(['12345', '23900000001', 'abc', '1390000000100'])(
      'refuses %j with 400',
      async (mobile) => {
        const res = await h.req('GET', `/api/v1/customers?mobile=${mobile}`, h.tokens.agent);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('bad-request');
      },
    );

    it('audits each look-up: the agent, the number masked, the matches; bad input is not', async () => {
      await h.req('GET', '/api/v1/customers?mobile=%2B86%20139%200000%200001', h.tokens.agent);
      await h.req('GET', '/api/v1/customers?mobile=13800000000', h.tokens.agent2);
      await h.req('GET', '/api/v1/customers?mobile=12345', h.tokens.agent);
      const { rows } = await h.db.query<{
        at: Date;
        agent_username: string;
        mobile_masked: string;
        matches: number;
      }>('select at, agent_username, mobile_masked, matches from customer_lookups order by id');
      expect(rows).toEqual([
        { at: T0, agent_username: 'agent01', mobile_masked: '139****0001', matches: 2 },
        { at: T0, agent_username: 'agent02', mobile_masked: '138****0000', matches: 0 },
      ]);
      const logs = h.logs.join('');
      expect(logs).toContain('customer look-up');
      expect(logs).toContain('139****0001');
      for (const secret of [LINA.mobile, '13800000000', '139%200000%200001'])
        expect(logs).not.toContain(secret);
    });

    it('rate-limits look-ups per signed-in agent (429 rate-limited), recording nothing more', async () => {
      await h.reset({ verification: { lookupRateLimit: { max: 2, timeWindowMs: 60_000 } } });
      const lookUp = (token: string) => h.req('GET', '/api/v1/customers?mobile=13900000001', token);
      expect((await lookUp(h.tokens.agent)).statusCode).toBe(200);
      expect((await lookUp(h.tokens.agent)).statusCode).toBe(200);
      const limited = await lookUp(h.tokens.agent);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toEqual({
        code: 'rate-limited',
        message: expect.stringMatching(/too many customer look-ups; try again in/),
      });
      expect(limited.body).not.toContain('李');
      // Another agent has its own budget.
      expect((await lookUp(h.tokens.agent2)).statusCode).toBe(200);
      const { rows } = await h.db.query<{ agent_username: string }>(
        'select agent_username from customer_lookups order by id',
      );
      expect(rows.map((r) => r.agent_username)).toEqual(['agent01', 'agent01', 'agent02']);
    });

    it('needs the mobile and a token', async () => {
      expect((await h.req('GET', '/api/v1/customers', h.tokens.agent)).statusCode).toBe(400);
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/v1/customers?mobile=13900000001' }))
          .statusCode,
      ).toBe(401);
    });
  });
});
