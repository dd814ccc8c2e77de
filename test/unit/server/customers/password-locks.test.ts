// Lifting a password lock over HTTP (Art. 6 with Art. 10): after the reset procedure a lead lifts
// it with a reason and the customer may key the password again; an agent, or an agent of the call
// where it locked (even a lead), is refused and recorded; bad input changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { applySeed } from '../../../../server/seed.js';
import { asSuperuser, DB_KIND, DB_TIMEOUT_MS, dumpDb, TEST_COST, TEST_PEPPER } from '../helpers.js';
import {
  createHarness,
  DEMO_PASSWORD,
  LINA,
  T0,
  through,
  WANGFANG,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`lifting a password lock (${DB_KIND})`, () => {
  let h: Harness;
  let lead2 = '';
  beforeAll(async () => {
    h = await createHarness();
    await applySeed(
      h.db,
      { agents: [{ username: 'lead02', name: '孙丽', tier: 'lead', password: DEMO_PASSWORD }] },
      { pepper: TEST_PEPPER, passwordCost: TEST_COST },
    );
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset();
    await asSuperuser(h.db, 'truncate password_lock_lifts');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'lead02', password: DEMO_PASSWORD },
    });
    lead2 = res.json().token;
  });

  const url = (customerId: string) => `/api/v1/customers/${customerId}/password-lock/lift`;
  const lift = (token: string, customerId = h.ids.get(LINA.name)!, body: object = REASON) =>
    h.req('POST', url(customerId), token, body);
  const REASON = { kind: 'query', reason: '客户已在柜台完成密码重置' };

  /** `token`'s agent keys five wrong query passwords for LINA: the query password locks. */
  async function lockQueryPassword(token: string): Promise<string> {
    const id = await through(h, token, 'important-query', LINA, ['basic']);
    let last = '';
    for (let i = 0; i < 5; i++) last = (await h.password(token, id, '000000')).json().result;
    expect(last).toBe('locked');
    return id;
  }
  const queryPasswordResult = async (token: string) => {
    const id = await through(h, token, 'important-query', LINA, ['basic']);
    return (await h.password(token, id, LINA.query)).json().result as string;
  };
  const overPermissions = async (action: string) =>
    (await h.alerts('over-permission')).filter((a) => a.reasons.includes(action));

  it('a lead lifts it with a reason; the customer can key the password again; the lift is kept', async () => {
    await lockQueryPassword(h.tokens.agent);
    expect(await queryPasswordResult(h.tokens.agent)).toBe('locked');
    h.tick(3600);
    const res = await lift(h.tokens.lead);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: expect.any(String),
      customerId: h.ids.get(LINA.name),
      kind: 'query',
      lockedAt: T0.toISOString(),
      liftedAt: new Date(T0.getTime() + 3600_000).toISOString(),
      liftedBy: 'lead01',
    });
    expect(await queryPasswordResult(h.tokens.agent)).toBe('passed');
    const { rows } = await h.db.query<{ locked_by: string[]; lifted_by: string; reason: string }>(
      'select locked_by, lifted_by, reason from password_lock_lifts',
    );
    expect(rows).toEqual([{ locked_by: ['agent01'], lifted_by: 'lead01', reason: REASON.reason }]);
    // Lifted means a fresh count: four wrong entries do not lock it again.
    const id = await through(h, h.tokens.agent, 'important-query', LINA, ['basic']);
    for (let i = 0; i < 4; i++)
      expect((await h.password(h.tokens.agent, id, '000000')).json().result).toBe('failed');
  });

  it('an agent or a senior is refused (403, recorded) and the lock stays', async () => {
    await lockQueryPassword(h.tokens.agent2);
    for (const token of [h.tokens.agent, h.tokens.senior]) {
      const res = await lift(token);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toEqual({
        code: 'forbidden',
        message: expect.stringMatching(/only a lead/),
      });
    }
    expect(await overPermissions('lift-password-lock')).toHaveLength(2);
    expect(await queryPasswordResult(h.tokens.agent)).toBe('locked');
  });

  it('the lead who took the call where it locked is refused (403, recorded); another lead may', async () => {
    await lockQueryPassword(h.tokens.lead);
    const own = await lift(h.tokens.lead);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/four eyes/);
    expect(await overPermissions('lift-own-password-lock')).toEqual([
      expect.objectContaining({ agent_username: 'lead01' }),
    ]);
    expect(await queryPasswordResult(h.tokens.agent)).toBe('locked');
    const other = await lift(lead2);
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().liftedBy).toBe('lead02');
    expect(await queryPasswordResult(h.tokens.agent)).toBe('passed');
  });

  it('a password that is not locked is 409; an unknown customer 404; both change nothing', async () => {
    await lockQueryPassword(h.tokens.agent);
    const before = await dumpDb(h.db);
    const other = await lift(h.tokens.lead, undefined, { ...REASON, kind: 'transaction' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    expect((await lift(h.tokens.lead, h.ids.get(WANGFANG.name)!)).statusCode).toBe(409);
    const missing = await lift(h.tokens.lead, '00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(await dumpDb(h.db)).toBe(before);
    expect((await lift(h.tokens.lead)).statusCode).toBe(200);
    expect((await lift(h.tokens.lead)).statusCode).toBe(409);
  });

  it('bad input is 400 and changes nothing', async () => {
    await lockQueryPassword(h.tokens.agent);
    const before = await dumpDb(h.db);
    for (const body of [
      {},
      { kind: 'query' },
      { kind: 'query', reason: '   ' },
      { kind: 'query', reason: 'x'.repeat(501) },
      { kind: 'query', reason: 'a\u0007b' },
      { kind: 'pin', reason: 'reset done' },
      { ...REASON, customerId: h.ids.get(WANGFANG.name) },
    ]) {
      const res = await lift(h.tokens.lead, undefined, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('bad-request');
    }
    expect((await lift(h.tokens.lead, 'not-a-uuid')).statusCode).toBe(400);
    const unsigned = await h.app.inject({
      method: 'POST',
      url: url(h.ids.get(LINA.name)!),
      payload: REASON,
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await dumpDb(h.db)).toBe(before);
    expect(await queryPasswordResult(h.tokens.agent)).toBe('locked');
  });
});
