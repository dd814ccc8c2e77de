// The password check over HTTP (Art. 6): query or transaction password by business type, the
// lock after five consecutive failures across sessions, and the forgotten-password procedure.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../../helpers.js';
import {
  createHarness,
  LINA,
  through,
  WANGFANG,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`password check (${DB_KIND})`, () => {
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

  describe('password (Art. 6)', () => {
    it('important-query asks the query password, fund-transfer the transaction password', async () => {
      const q = await through(h, h.tokens.agent, 'important-query', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, q, LINA.transaction)).json().result).toBe('failed');
      expect((await h.password(h.tokens.agent, q, LINA.query)).json()).toMatchObject({
        result: 'passed',
        nextStep: 'confirmation',
      });
      const t = await through(h, h.tokens.agent, 'fund-transfer', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, t, LINA.query)).json().result).toBe('failed');
      expect((await h.password(h.tokens.agent, t, LINA.transaction)).json().result).toBe('passed');
    });

    it('5 consecutive failures across sessions lock it, raise an alert, and a right password is then refused', async () => {
      const a = await through(h, h.tokens.agent, 'important-query', LINA, ['basic']);
      for (const left of [4, 3, 2])
        expect((await h.password(h.tokens.agent, a, '000000')).json()).toMatchObject({
          result: 'failed',
          attemptsLeft: left,
        });
      const b = await through(h, h.tokens.agent, 'important-query', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, b, '000000')).json()).toMatchObject({
        result: 'failed',
        attemptsLeft: 1,
      });
      expect(await h.alerts('password-locked')).toEqual([]);
      expect((await h.password(h.tokens.agent, b, '000000')).json()).toMatchObject({
        result: 'locked',
        status: 'password-locked',
        attemptsLeft: 0,
      });
      expect(await h.alerts('password-locked')).toEqual([
        expect.objectContaining({ session_id: b, reasons: ['query-password-locked'] }),
      ]);
      const c = await through(h, h.tokens.agent, 'important-query', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, c, LINA.query)).json()).toMatchObject({
        result: 'locked',
        status: 'password-locked',
      });
      // The transaction password is a separate lock.
      const d = await through(h, h.tokens.agent, 'fund-transfer', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, d, LINA.transaction)).json().result).toBe('passed');
    });

    it('a success resets the consecutive count', async () => {
      const a = await through(h, h.tokens.agent, 'important-query', WANGFANG, ['basic']);
      for (let i = 0; i < 4; i++) await h.password(h.tokens.agent, a, '000000');
      expect((await h.password(h.tokens.agent, a, WANGFANG.query)).json().result).toBe('passed');
      const b = await through(h, h.tokens.agent, 'important-query', WANGFANG, ['basic']);
      for (let i = 0; i < 4; i++)
        expect((await h.password(h.tokens.agent, b, '000000')).json().result).toBe('failed');
    });

    it('forgot password → reset procedure; no further checks', async () => {
      const id = await through(h, h.tokens.agent, 'fund-transfer', LINA, ['basic']);
      const res = await h.req(
        'POST',
        `/api/v1/verifications/${id}/password-forgotten`,
        h.tokens.agent,
      );
      expect(res.json()).toMatchObject({
        result: 'password-reset',
        status: 'password-reset',
        nextStep: null,
      });
      expect((await h.password(h.tokens.agent, id, LINA.transaction)).statusCode).toBe(409);
    });
  });
});
