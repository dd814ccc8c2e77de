// The alternative method (Art. 14) and the read-back confirmation (Art. 8) over HTTP, and the
// step history every session records (Art. 11).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../../helpers.js';
import {
  CHENJING,
  createHarness,
  LINA,
  LIUYANG,
  requestApproval,
  through,
  WANGFANG,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`alternative method and confirmation (${DB_KIND})`, () => {
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

  describe('alternative method (Art. 14) and confirmation (Art. 8)', () => {
    it('a customer who declines the password verifies a transfer by OTP; the reason is recorded', async () => {
      const id = await through(h, h.tokens.agent, 'fund-transfer', CHENJING, ['basic']);
      const res = await h.req('POST', `/api/v1/verifications/${id}/method`, h.tokens.agent, {
        alternative: 'otp-instead-of-password',
        reason: '客户不愿输入密码',
      });
      expect(res.json()).toMatchObject({
        result: 'switched',
        nextStep: 'otp',
        alternatives: {
          applied: ['otp-instead-of-password'],
          available: ['callback-instead-of-otp'],
        },
        passwordKind: null,
      });
      expect((await h.password(h.tokens.agent, id, CHENJING.transaction)).statusCode).toBe(409);
      await h.sendOtp(h.tokens.agent, id);
      expect(h.sms.sent[0]!.to).toBe(CHENJING.mobile);
      await h.verifyOtp(h.tokens.agent, id, h.sms.lastCode());
      expect((await h.confirm(h.tokens.agent, id)).json().status).toBe('verified');
      const { rows } = await h.db.query<{ note: string }>(
        "select note from verification_events where step = 'method'",
      );
      expect(rows).toEqual([{ note: '客户不愿输入密码' }]);
    });

    it('refuses the alternative where the policy does not allow it', async () => {
      const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic']);
      const res = await h.req('POST', `/api/v1/verifications/${id}/method`, h.tokens.lead, {
        alternative: 'otp-instead-of-password',
        reason: 'declined',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(
        /not an allowed alternative for large-loan \(Art. 14\)/,
      );
    });

    it('the customer denying the read-back ends the session as not confirmed', async () => {
      const id = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
      expect((await h.confirm(h.tokens.agent, id, false)).json()).toMatchObject({
        result: 'not-confirmed',
        status: 'not-confirmed',
      });
      expect((await h.confirm(h.tokens.agent, id, true)).statusCode).toBe(409);
    });

    it('names the customer in full with the title for the read-back only, never the ID (Art. 8)', async () => {
      const fresh = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: WANGFANG });
      expect(fresh.json().nextStep).toBe('basic');
      expect(fresh.json()).not.toHaveProperty('readBack');
      const id = fresh.json().id as string;
      const passed = await h.basic(h.tokens.agent, id, WANGFANG);
      expect(passed.json()).toMatchObject({
        nextStep: 'confirmation',
        customer: { name: '王*', nationalId: '9***************23' },
        readBack: { name: '王芳', title: 'ms' },
      });
      const got = await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent);
      expect(got.json().readBack).toEqual({ name: '王芳', title: 'ms' });
      expect(got.body).not.toContain(WANGFANG.nationalId);
      const done = await h.confirm(h.tokens.agent, id);
      expect(done.json().status).toBe('verified');
      expect(done.json()).not.toHaveProperty('readBack');
    });

    it('keeps the read-back while a lead is asked to approve, not once the session ended', async () => {
      const id = await through(h, h.tokens.agent, 'large-loan', LINA, ['basic', 'password', 'otp']);
      const asked = await requestApproval(h, h.tokens.agent, id);
      expect(asked.json()).toMatchObject({
        status: 'awaiting-approval',
        readBack: { name: '李娜', title: 'mr' },
      });
      const ended = await through(h, h.tokens.agent, 'enquiry', CHENJING, ['basic']);
      const denied = await h.confirm(h.tokens.agent, ended, false);
      expect(denied.json().status).toBe('not-confirmed');
      expect(denied.json()).not.toHaveProperty('readBack');
    });

    it('reads 先生 from an odd sex digit, also when the ID ends in X (Art. 8)', async () => {
      for (const [customer, title] of [
        [LINA, 'mr'],
        [LIUYANG, 'mr'],
        [CHENJING, 'ms'],
      ] as const) {
        const id = await through(h, h.tokens.agent, 'enquiry', customer, ['basic']);
        const got = await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent);
        expect(got.json().readBack).toEqual({ name: customer.name, title });
      }
    });

    it('records every step in order (Art. 11)', async () => {
      const id = await through(h, h.tokens.agent, 'important-query', LINA, []);
      await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' });
      await h.basic(h.tokens.agent, id, LINA);
      await h.password(h.tokens.agent, id, LINA.query);
      await h.confirm(h.tokens.agent, id);
      const { rows } = await h.db.query<{ step: string; outcome: string }>(
        'select step, outcome from verification_events order by id',
      );
      expect(rows).toEqual([
        { step: 'basic', outcome: 'failed' },
        { step: 'basic', outcome: 'passed' },
        { step: 'password', outcome: 'passed' },
        { step: 'confirmation', outcome: 'verified' },
      ]);
    });
  });
});
