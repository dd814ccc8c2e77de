// The one-time passcode over HTTP (Art. 7), through a recording SMS gateway on the injectable
// clock: never in an answer, expiry, supersession, the kill on three wrong entries, send caps.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../../helpers.js';
import {
  createHarness,
  LINA,
  T0,
  through,
  WANGFANG,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`one-time passcode (${DB_KIND})`, () => {
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

  describe('one-time passcode (Art. 7)', () => {
    it('sends 6 digits to the reserved mobile; the answer has the times, never the code; only a hash is stored', async () => {
      const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      const res = await h.sendOtp(h.tokens.lead, id);
      expect(res.statusCode).toBe(200);
      expect(h.sms.sent).toHaveLength(1);
      expect(h.sms.sent[0]!.to).toBe(LINA.mobile);
      const code = h.sms.lastCode();
      expect(code).toMatch(/^\d{6}$/);
      expect(res.json()).toMatchObject({
        result: 'sent',
        otp: {
          expiresAt: new Date(T0.getTime() + 300_000).toISOString(),
          resendAvailableAt: new Date(T0.getTime() + 60_000).toISOString(),
        },
        attemptsLeft: 3,
      });
      expect(res.body).not.toContain(code);
      const { rows } = await h.db.query<{ code_hash: string }>(
        'select code_hash from verification_otps',
      );
      expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(h.logs.join('')).not.toContain(code);
      const wrong = code === '000000' ? '111111' : '000000';
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json()).toMatchObject({
        result: 'failed',
        attemptsLeft: 2,
      });
      expect((await h.verifyOtp(h.tokens.lead, id, code)).json()).toMatchObject({
        result: 'passed',
        nextStep: 'confirmation',
      });
      // Single use: the step has passed, so the same code is refused.
      expect((await h.verifyOtp(h.tokens.lead, id, code)).statusCode).toBe(409);
      expect((await h.confirm(h.tokens.lead, id)).json()).toMatchObject({
        result: 'verified',
        status: 'verified',
      });
    });

    it('expires after 300 s on the injected clock', async () => {
      const id = await through(h, h.tokens.lead, 'account-change', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      h.tick(300);
      expect((await h.verifyOtp(h.tokens.lead, id, h.sms.lastCode())).json()).toMatchObject({
        result: 'expired',
        nextStep: 'otp',
      });
      await h.sendOtp(h.tokens.lead, id);
      h.tick(299);
      expect((await h.verifyOtp(h.tokens.lead, id, h.sms.lastCode())).json().result).toBe('passed');
    });

    it('a resend supersedes the earlier code', async () => {
      const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      const first = h.sms.lastCode();
      h.tick(60);
      await h.sendOtp(h.tokens.lead, id);
      if (first !== h.sms.lastCode())
        expect((await h.verifyOtp(h.tokens.lead, id, first)).json().result).toBe('failed');
      expect((await h.verifyOtp(h.tokens.lead, id, h.sms.lastCode())).json().result).toBe('passed');
    });

    it('3 wrong entries kill it; the right code is then refused', async () => {
      await h.reset({ verification: { fraud: { killedOtpsPerCustomer: 2 } } });
      const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      const code = h.sms.lastCode();
      const wrong = code === '000000' ? '111111' : '000000';
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json().attemptsLeft).toBe(2);
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json().attemptsLeft).toBe(1);
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json()).toMatchObject({
        result: 'killed',
        attemptsLeft: 0,
        status: 'in-progress',
      });
      expect((await h.verifyOtp(h.tokens.lead, id, code)).json()).toMatchObject({
        result: 'expired',
        nextStep: 'otp',
      });
    });

    it('60 s cooldown and 3 sends per 15 minutes per customer, across sessions; refusals write nothing', async () => {
      const a = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      const b = await through(h, h.tokens.lead, 'account-change', LINA, ['basic', 'password']);
      expect((await h.sendOtp(h.tokens.lead, a)).statusCode).toBe(200);
      h.tick(59);
      let before = await dumpDb(h.db);
      const cooling = await h.sendOtp(h.tokens.lead, b);
      expect(cooling.statusCode).toBe(429);
      expect(cooling.json().error).toEqual({
        code: 'rate-limited',
        message: `wait 60 s between passcodes; the next one can be sent at ${new Date(T0.getTime() + 60_000).toISOString()}`,
      });
      expect(await dumpDb(h.db)).toBe(before);
      h.tick(1);
      expect((await h.sendOtp(h.tokens.lead, b)).json().otp.resendAvailableAt).toBe(
        new Date(T0.getTime() + 120_000).toISOString(),
      );
      h.tick(60);
      expect((await h.sendOtp(h.tokens.lead, a)).json().otp.resendAvailableAt).toBe(
        new Date(T0.getTime() + 900_000).toISOString(),
      );
      h.tick(60);
      before = await dumpDb(h.db);
      const capped = await h.sendOtp(h.tokens.lead, b);
      expect(capped.statusCode).toBe(429);
      expect(capped.json().error.message).toMatch(/at most 3 passcodes per 15 minutes/);
      expect(await dumpDb(h.db)).toBe(before);
      expect(h.sms.sent).toHaveLength(3);
      h.clock.now = new Date(T0.getTime() + 900_000);
      expect((await h.sendOtp(h.tokens.lead, b)).statusCode).toBe(200);
      // Another customer is not affected.
      const c = await through(h, h.tokens.lead, 'large-loan', WANGFANG, ['basic', 'password']);
      expect((await h.sendOtp(h.tokens.lead, c)).statusCode).toBe(200);
    });

    it('answers 503 unavailable without a gateway, and when the gateway refuses; nothing written', async () => {
      const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      const before = await dumpDb(h.db);
      h.sms.failing = true;
      const refused = await h.sendOtp(h.tokens.lead, id);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('unavailable');
      expect(await dumpDb(h.db)).toBe(before);
      const server = h.build({ sms: undefined });
      const none = await server.inject({
        method: 'POST',
        url: `/api/v1/verifications/${id}/otp`,
        headers: { authorization: `Bearer ${h.tokens.lead}` },
      });
      expect(none.statusCode).toBe(503);
      expect(none.json().error.message).toMatch(/no SMS gateway/);
      await server.close();
      expect(await dumpDb(h.db)).toBe(before);
    });

    it.each(['12345', '1234567', 'abcdef', ''])(
      'refuses a malformed code %j with 400 and counts nothing',
      async (code) => {
        const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
        await h.sendOtp(h.tokens.lead, id);
        const before = await dumpDb(h.db);
        expect((await h.verifyOtp(h.tokens.lead, id, code)).statusCode).toBe(400);
        expect(await dumpDb(h.db)).toBe(before);
      },
    );
  });
});
