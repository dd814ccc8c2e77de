// The fraud rules over HTTP (Art. 18): a caller number other than the reserved mobile on
// high-risk business, and suspension on every counted rule, each with its alert.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  CHENJING,
  createHarness,
  decide,
  LINA,
  LIUYANG,
  pending,
  requestApproval,
  verifiedLoan,
  WANGFANG,
  ZHAOMIN,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`fraud rules (${DB_KIND})`, () => {
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

  describe('caller number ≠ reserved mobile (Art. 18)', () => {
    it('high-risk business needs OTP and approval even for a lead; nobody approves their own session', async () => {
      const id = await verifiedLoan(h, h.tokens.lead, LINA, '13800000000');
      const session = (await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.lead)).json();
      expect(session.approval).toMatchObject({
        state: 'not-requested',
        reasons: ['caller-not-reserved-mobile'],
      });
      expect((await h.confirm(h.tokens.lead, id)).statusCode).toBe(403);
      await requestApproval(h, h.tokens.lead, id);
      const approvalId = (await pending(h, h.tokens.lead2)).json().approvals[0].id;
      const own = await decide(h, h.tokens.lead, approvalId, true);
      expect(own.statusCode).toBe(403);
      expect(own.json().error.message).toMatch(/nobody approves their own request/);
      expect((await h.alerts('over-permission')).map((a) => a.reasons[0]).sort()).toEqual([
        'complete-without-approval',
        'decide-own-approval',
      ]);
      expect((await decide(h, h.tokens.lead2, approvalId, true)).statusCode).toBe(200);
      expect((await h.confirm(h.tokens.lead, id)).json().status).toBe('verified');
    });

    it('learnt at the basic check when the session opened without a customer', async () => {
      const id = (
        await h.open(h.tokens.lead, { businessType: 'large-loan', callerNumber: '13800000000' })
      ).json().id;
      const res = await h.basic(h.tokens.lead, id, LINA);
      expect(res.json()).toMatchObject({
        result: 'passed',
        approval: { state: 'not-requested', reasons: ['caller-not-reserved-mobile'] },
      });
    });

    it('lower-risk business is not affected', async () => {
      const res = await h.open(h.tokens.agent, {
        businessType: 'fund-transfer',
        customer: LINA,
        callerNumber: '13800000000',
      });
      expect(res.json().approval.state).toBe('not-required');
    });
  });

  describe('fraud rules (Art. 18)', () => {
    it('one caller trying a 3rd customer: suspended before the check, alert with reasons, no further checks', async () => {
      const caller = '13700000000';
      for (const customer of [LINA, WANGFANG]) {
        const id = (
          await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
        ).json().id;
        expect(
          (await h.basic(h.tokens.agent, id, customer, { mobile: '13900000009' })).json().result,
        ).toBe('failed');
      }
      const id = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
      ).json().id;
      const res = await h.basic(h.tokens.agent, id, LIUYANG);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        result: 'suspended',
        status: 'suspended',
        nextStep: null,
        fraud: { reasons: ['many-customers-per-caller'], script: 'suspected-fraud' },
      });
      const [alert] = await h.alerts('fraud-suspected');
      expect(alert).toMatchObject({
        session_id: id,
        reasons: ['many-customers-per-caller'],
        details: expect.objectContaining({
          callerNumber: '137****0000',
          distinctCustomersForCaller: 3,
        }),
      });
      const { rows } = await h.db.query<{ n: number }>(
        "select count(*)::int as n from verification_events where session_id = $1 and step = 'basic'",
        [id],
      );
      expect(rows[0]!.n).toBe(0); // the check itself did not run
      const before = await dumpDb(h.db);
      const again = await h.basic(h.tokens.agent, id, LIUYANG);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toMatch(/suspended for suspected fraud/);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('counts only the last 24 h', async () => {
      const caller = '13700000000';
      for (const customer of [LINA, WANGFANG]) {
        const id = (
          await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
        ).json().id;
        await h.basic(h.tokens.agent, id, customer, { mobile: '13900000009' });
      }
      h.tick(24 * 3600);
      await h.signInAll();
      const id = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
      ).json().id;
      expect(
        (await h.basic(h.tokens.agent, id, LIUYANG, { mobile: '13900000009' })).json().result,
      ).toBe('failed');
    });

    it('5 failed sessions for one customer in 24 h: the next session is suspended as it opens', async () => {
      for (let i = 0; i < 5; i++) {
        const id = (
          await h.open(h.tokens.agent, { businessType: 'enquiry', customer: CHENJING })
        ).json().id;
        await h.basic(h.tokens.agent, id, CHENJING);
        expect((await h.confirm(h.tokens.agent, id, false)).json().status).toBe('not-confirmed');
      }
      const res = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: CHENJING });
      expect(res.json()).toMatchObject({
        status: 'suspended',
        fraud: { reasons: ['repeated-failed-sessions'], script: 'suspected-fraud' },
      });
      expect((await h.basic(h.tokens.agent, res.json().id, CHENJING)).statusCode).toBe(409);
      expect(await h.alerts('fraud-suspected')).toHaveLength(1);
      // A session opened without the customer is suspended at its first check instead.
      const blind = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: CHENJING.mobile })
      ).json().id;
      expect((await h.basic(h.tokens.agent, blind, CHENJING)).json()).toMatchObject({
        result: 'suspended',
        fraud: { reasons: ['repeated-failed-sessions'] },
      });
      // A day later the count has aged out.
      h.tick(24 * 3600 + 1);
      await h.signInAll();
      expect(
        (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: CHENJING })).json()
          .status,
      ).toBe('in-progress');
    });

    it('a killed passcode suspends the session (default threshold 1)', async () => {
      const id = (
        await h.open(h.tokens.lead, { businessType: 'large-loan', customer: ZHAOMIN })
      ).json().id;
      await h.basic(h.tokens.lead, id, ZHAOMIN);
      await h.password(h.tokens.lead, id, ZHAOMIN.transaction);
      await h.sendOtp(h.tokens.lead, id);
      const wrong = h.sms.lastCode() === '000000' ? '111111' : '000000';
      await h.verifyOtp(h.tokens.lead, id, wrong);
      await h.verifyOtp(h.tokens.lead, id, wrong);
      const res = await h.verifyOtp(h.tokens.lead, id, wrong);
      expect(res.json()).toMatchObject({
        result: 'suspended',
        status: 'suspended',
        fraud: { reasons: ['otp-failures'] },
      });
      expect(await h.alerts('fraud-suspected')).toEqual([
        expect.objectContaining({ session_id: id, reasons: ['otp-failures'] }),
      ]);
      expect((await h.sendOtp(h.tokens.lead, id)).statusCode).toBe(409);
    });

    it('thresholds are configurable through buildServer', async () => {
      await h.reset({ verification: { fraud: { distinctCustomersPerCaller: 2 } } });
      const caller = '13700000000';
      const first = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
      ).json().id;
      await h.basic(h.tokens.agent, first, LINA, { mobile: '13900000009' });
      const res = await h.basic(h.tokens.agent, first, WANGFANG);
      expect(res.json()).toMatchObject({
        status: 'suspended',
        fraud: { reasons: ['many-customers-per-caller'] },
      });
      expect(await countRows(h.db, 'alerts')).toBe(1);
    });

    it('a suspicion known when the session opens suspends it at once', async () => {
      await h.reset({ verification: { fraud: { distinctCustomersPerCaller: 1 } } });
      const res = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA });
      expect(res.json()).toMatchObject({
        status: 'suspended',
        fraud: { reasons: ['many-customers-per-caller'], script: 'suspected-fraud' },
      });
    });
  });
});
