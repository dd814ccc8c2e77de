// Tiers and approvals over HTTP (Art. 10): over-tier attempts refused and recorded, the lead's
// queue and decision, four eyes.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asSuperuser, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  createHarness,
  decide,
  LINA,
  pending,
  requestApproval,
  verifiedLoan,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`approvals (${DB_KIND})`, () => {
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

  describe('tiers (Art. 10)', () => {
    it.each([
      ['agent', 'large-loan', 'not-requested'],
      ['agent', 'account-change', 'not-requested'],
      ['agent', 'fund-transfer', 'not-required'],
      ['senior', 'large-loan', 'not-requested'],
      ['senior', 'account-change', 'not-requested'],
      ['senior', 'fund-transfer', 'not-required'],
      ['lead', 'large-loan', 'not-required'],
      ['lead', 'account-change', 'not-required'],
    ] as const)('%s opening %s → approval %s', async (tier, businessType, state) => {
      const res = await h.open(h.tokens[tier], { businessType, customer: LINA });
      expect(res.statusCode).toBe(201);
      expect(res.json().approval).toMatchObject({
        state,
        reasons: state === 'not-required' ? [] : ['beyond-tier'],
      });
    });

    it('an agent confirming a session beyond their tier is refused (403) and recorded; nothing else changes', async () => {
      const id = await verifiedLoan(h, h.tokens.agent);
      const before = await dumpDb(h.db);
      const res = await h.confirm(h.tokens.agent, id);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toEqual({
        code: 'forbidden',
        message: expect.stringMatching(
          /needs a lead’s approval first \(Art. 10\); the attempt was recorded/,
        ),
      });
      const alerts = await h.alerts('over-permission');
      expect(alerts).toEqual([
        expect.objectContaining({
          agent_username: 'agent01',
          session_id: id,
          reasons: ['complete-without-approval'],
          details: { tier: 'agent', action: 'complete-without-approval' },
        }),
      ]);
      // Only the alert was added.
      await asSuperuser(h.db, "delete from alerts where kind = 'over-permission'");
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('request → awaiting approval (checks refused, confirmation recorded) → lead approves → agent confirms → verified', async () => {
      const opened = await h.open(h.tokens.agent, { businessType: 'large-loan', customer: LINA });
      const id = opened.json().id;
      expect((await h.basic(h.tokens.agent, id, LINA)).json().result).toBe('passed');
      // Asked too early (the password and the passcode are still to come): 409, no alert, nothing
      // written — the lead reviews a complete case.
      let before = await dumpDb(h.db);
      const early = await requestApproval(h, h.tokens.agent, id);
      expect(early.statusCode).toBe(409);
      expect(early.json().error.message).toMatch(/the password step comes first/);
      expect(await dumpDb(h.db)).toBe(before);
      expect((await h.password(h.tokens.agent, id, LINA.transaction)).json().result).toBe('passed');
      await h.sendOtp(h.tokens.agent, id);
      expect((await h.verifyOtp(h.tokens.agent, id, h.sms.lastCode())).json().result).toBe(
        'passed',
      );
      const requested = await requestApproval(h, h.tokens.agent, id, '客户申请 50 万贷款');
      expect(requested.json()).toMatchObject({
        result: 'requested',
        status: 'awaiting-approval',
        approval: { state: 'pending' },
        nextStep: null,
      });

      // Waiting: no check runs (409, nothing written); confirming is an over-permission attempt.
      before = await dumpDb(h.db);
      const blocked = await h.sendOtp(h.tokens.agent, id);
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.message).toMatch(/waiting for a lead’s approval/);
      expect((await requestApproval(h, h.tokens.agent, id)).statusCode).toBe(409);
      expect(await dumpDb(h.db)).toBe(before);
      expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(403);
      expect(await h.alerts('over-permission')).toHaveLength(1);

      // The lead's queue: masked case details and the step history.
      const queue = await pending(h, h.tokens.lead);
      expect(queue.statusCode).toBe(200);
      const [approval] = queue.json().approvals;
      expect(approval).toMatchObject({
        sessionId: id,
        status: 'pending',
        reasons: ['beyond-tier'],
        requestedBy: 'agent01',
        requestedByName: '张伟',
        note: '客户申请 50 万贷款',
        decidedBy: null,
        decidedByName: null,
        case: {
          businessType: 'large-loan',
          risk: 'high',
          callerNumber: '139****0001',
          customer: { name: '李*', mobile: '139****0001', nationalId: '9***************10' },
          sessionStatus: 'awaiting-approval',
          steps: [
            { step: 'basic', outcome: 'passed', agent: 'agent01' },
            { step: 'password', outcome: 'passed', agent: 'agent01' },
            { step: 'otp-send', outcome: 'sent', agent: 'agent01' },
            { step: 'otp', outcome: 'passed', agent: 'agent01' },
            { step: 'approval-request', outcome: 'requested', agent: 'agent01' },
          ],
        },
      });
      expect(queue.body).not.toContain(LINA.mobile);
      expect(queue.body).not.toContain(LINA.nationalId);

      // Someone below lead, or an admin, cannot decide (recorded); the lead approves with a reason.
      before = await dumpDb(h.db);
      for (const token of [h.tokens.agent2, h.tokens.senior, h.tokens.admin])
        expect((await decide(h, token, approval.id, true)).statusCode).toBe(403);
      expect(await h.alerts('over-permission')).toHaveLength(4);
      const decided = await decide(h, h.tokens.lead, approval.id, true, '额度在授权范围内');
      expect(decided.statusCode).toBe(200);
      expect(decided.json()).toMatchObject({
        approval: {
          status: 'approved',
          decidedBy: 'lead01',
          decidedByName: '王丽',
          decisionReason: '额度在授权范围内',
        },
        session: {
          status: 'in-progress',
          nextStep: 'confirmation',
          approval: {
            state: 'approved',
            decidedBy: 'lead01',
            decidedByName: '王丽',
            reason: '额度在授权范围内',
          },
        },
      });
      expect((await pending(h, h.tokens.lead)).json().approvals).toEqual([]);
      expect(
        (await h.req('GET', '/api/v1/approvals?status=approved', h.tokens.lead)).json().approvals,
      ).toHaveLength(1);
      expect((await decide(h, h.tokens.lead2, approval.id, false)).statusCode).toBe(409);

      // The read-back was all that was left: the agent confirms.
      expect((await h.confirm(h.tokens.agent, id)).json()).toMatchObject({
        result: 'verified',
        status: 'verified',
      });
    });

    it('a denial ends the session with the reason', async () => {
      const id = await verifiedLoan(h, h.tokens.agent);
      await requestApproval(h, h.tokens.agent, id);
      const approvalId = (await pending(h, h.tokens.lead)).json().approvals[0].id;
      const res = await decide(h, h.tokens.lead2, approvalId, false, '客户身份存疑');
      expect(res.json()).toMatchObject({
        approval: { status: 'denied', decisionReason: '客户身份存疑' },
        session: { status: 'denied', approval: { state: 'denied' } },
      });
      expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(409);
    });

    it('refuses an approval request a session does not need', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
        .id;
      const before = await dumpDb(h.db);
      const res = await requestApproval(h, h.tokens.agent, id);
      expect(res.statusCode).toBe(409);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it.each([
      ['GET', '/api/v1/approvals', 'list-approvals'],
      ['GET', '/api/v1/alerts', 'list-alerts'],
    ] as const)('%s %s below lead → 403, recorded', async (method, url, action) => {
      for (const tier of ['agent', 'senior'] as const)
        expect((await h.req(method, url, h.tokens[tier])).statusCode).toBe(403);
      expect((await h.alerts('over-permission')).map((a) => a.reasons)).toEqual([
        [action],
        [action],
      ]);
    });

    it('decision body and ids are validated; unknown approval → 404; nothing written', async () => {
      const before = await dumpDb(h.db);
      const url = '/api/v1/approvals/00000000-0000-4000-8000-000000000000/decision';
      expect(
        (await h.req('POST', url, h.tokens.lead, { approve: true, reason: 'ok' })).statusCode,
      ).toBe(404);
      expect((await h.req('POST', url, h.tokens.lead, { approve: true })).statusCode).toBe(400);
      expect(
        (await h.req('POST', url, h.tokens.lead, { approve: 'yes', reason: 'ok' })).statusCode,
      ).toBe(400);
      expect(
        (await h.req('POST', url, h.tokens.lead, { approve: true, reason: '   ' })).statusCode,
      ).toBe(400);
      expect(
        (
          await h.req('POST', '/api/v1/approvals/nope/decision', h.tokens.lead, {
            approve: true,
            reason: 'ok',
          })
        ).statusCode,
      ).toBe(400);
      expect(await dumpDb(h.db)).toBe(before);
    });
  });
});
