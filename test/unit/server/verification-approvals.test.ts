// Tiers and approvals (Art. 10) and fraud rules (Art. 18) over HTTP: over-tier attempts refused
// and recorded, the lead's queue and decision, four eyes, and suspension on every rule.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from './helpers.js';
import { CHENJING, createHarness, LINA, LIUYANG, WANGFANG, ZHAOMIN, type Customer, type Harness } from './verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`approvals and fraud (${DB_KIND})`, () => {
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

  /** Opens a large-loan session and passes basic, password and OTP. */
  async function verifiedLoan(token: string, customer: Customer = LINA, callerNumber = customer.mobile): Promise<string> {
    const res = await h.open(token, { businessType: 'large-loan', customer, callerNumber });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    expect((await h.basic(token, id, customer)).json().result).toBe('passed');
    expect((await h.password(token, id, customer.transaction)).json().result).toBe('passed');
    expect((await h.sendOtp(token, id)).json().result).toBe('sent');
    expect((await h.verifyOtp(token, id, h.sms.lastCode())).json().result).toBe('passed');
    return id;
  }

  const requestApproval = (token: string, id: string, note?: string) =>
    h.req('POST', `/api/v1/verifications/${id}/approval-request`, token, note === undefined ? {} : { note });
  const pending = (token: string) => h.req('GET', '/api/v1/approvals?status=pending', token);
  const decide = (token: string, approvalId: string, approve: boolean, reason = '核实无误') =>
    h.req('POST', `/api/v1/approvals/${approvalId}/decision`, token, { approve, reason });

  describe('tiers (Art. 10)', () => {
    it.each([
      ['agent', 'large-loan', 'not-requested'],
      ['agent', 'account-change', 'not-requested'],
      ['agent', 'fund-transfer', 'not-required'],
      ['senior', 'large-loan', 'not-required'],
      ['senior', 'account-change', 'not-requested'],
      ['lead', 'account-change', 'not-required'],
      ['admin', 'account-change', 'not-required'],
    ] as const)('%s opening %s → approval %s', async (tier, businessType, state) => {
      const res = await h.open(h.tokens[tier], { businessType, customer: LINA });
      expect(res.statusCode).toBe(201);
      expect(res.json().approval).toMatchObject({ state, reasons: state === 'not-required' ? [] : ['beyond-tier'] });
    });

    it('an agent confirming a session beyond their tier is refused (403) and recorded; nothing else changes', async () => {
      const id = await verifiedLoan(h.tokens.agent);
      const before = await dumpDb(h.db);
      const res = await h.confirm(h.tokens.agent, id);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toEqual({ code: 'forbidden', message: expect.stringMatching(/needs a lead’s approval first \(Art. 10\); the attempt was recorded/) });
      const alerts = await h.alerts('over-permission');
      expect(alerts).toEqual([expect.objectContaining({ agent_username: 'agent01', session_id: id, reasons: ['complete-without-approval'], details: { tier: 'agent', action: 'complete-without-approval' } })]);
      // Only the alert was added.
      await h.db.query("delete from alerts where kind = 'over-permission'");
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('request → awaiting approval (checks refused, confirmation recorded) → lead approves → agent confirms → verified', async () => {
      const opened = await h.open(h.tokens.agent, { businessType: 'large-loan', customer: LINA });
      const id = opened.json().id;
      expect((await h.basic(h.tokens.agent, id, LINA)).json().result).toBe('passed');
      const requested = await requestApproval(h.tokens.agent, id, '客户申请 50 万贷款');
      expect(requested.json()).toMatchObject({ result: 'requested', status: 'awaiting-approval', approval: { state: 'pending' }, nextStep: null });

      // Waiting: no check runs (409, nothing written); confirming is an over-permission attempt.
      let before = await dumpDb(h.db);
      const blocked = await h.password(h.tokens.agent, id, LINA.transaction);
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.message).toMatch(/waiting for a lead’s approval/);
      expect((await requestApproval(h.tokens.agent, id)).statusCode).toBe(409);
      expect(await dumpDb(h.db)).toBe(before);
      expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(403);
      expect(await h.alerts('over-permission')).toHaveLength(1);

      // The lead's queue: masked case details and the step history.
      const queue = await pending(h.tokens.lead);
      expect(queue.statusCode).toBe(200);
      const [approval] = queue.json().approvals;
      expect(approval).toMatchObject({
        sessionId: id,
        status: 'pending',
        reasons: ['beyond-tier'],
        requestedBy: 'agent01',
        note: '客户申请 50 万贷款',
        decidedBy: null,
        case: {
          businessType: 'large-loan',
          risk: 'high',
          callerNumber: '139****0001',
          customer: { name: '李*', mobile: '139****0001', nationalId: '9***************10' },
          sessionStatus: 'awaiting-approval',
          steps: [
            { step: 'basic', outcome: 'passed', agent: 'agent01' },
            { step: 'approval-request', outcome: 'requested', agent: 'agent01' },
          ],
        },
      });
      expect(queue.body).not.toContain(LINA.mobile);
      expect(queue.body).not.toContain(LINA.nationalId);

      // Someone below lead cannot decide (recorded); the lead approves with a reason.
      before = await dumpDb(h.db);
      for (const token of [h.tokens.agent2, h.tokens.senior]) expect((await decide(token, approval.id, true)).statusCode).toBe(403);
      expect(await h.alerts('over-permission')).toHaveLength(3);
      const decided = await decide(h.tokens.lead, approval.id, true, '额度在授权范围内');
      expect(decided.statusCode).toBe(200);
      expect(decided.json()).toMatchObject({
        approval: { status: 'approved', decidedBy: 'lead01', decisionReason: '额度在授权范围内' },
        session: { status: 'in-progress', nextStep: 'password', approval: { state: 'approved', decidedBy: 'lead01', reason: '额度在授权范围内' } },
      });
      expect((await pending(h.tokens.lead)).json().approvals).toEqual([]);
      expect((await h.req('GET', '/api/v1/approvals?status=approved', h.tokens.lead)).json().approvals).toHaveLength(1);
      expect((await decide(h.tokens.admin, approval.id, false)).statusCode).toBe(409);

      // The agent finishes the steps and confirms.
      expect((await h.password(h.tokens.agent, id, LINA.transaction)).json().result).toBe('passed');
      await h.sendOtp(h.tokens.agent, id);
      expect((await h.verifyOtp(h.tokens.agent, id, h.sms.lastCode())).json().result).toBe('passed');
      expect((await h.confirm(h.tokens.agent, id)).json()).toMatchObject({ result: 'verified', status: 'verified' });
    });

    it('a denial ends the session with the reason', async () => {
      const id = await verifiedLoan(h.tokens.agent);
      await requestApproval(h.tokens.agent, id);
      const approvalId = (await pending(h.tokens.lead)).json().approvals[0].id;
      const res = await decide(h.tokens.admin, approvalId, false, '客户身份存疑');
      expect(res.json()).toMatchObject({ approval: { status: 'denied', decisionReason: '客户身份存疑' }, session: { status: 'denied', approval: { state: 'denied' } } });
      expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(409);
    });

    it('refuses an approval request a session does not need', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
      const before = await dumpDb(h.db);
      const res = await requestApproval(h.tokens.agent, id);
      expect(res.statusCode).toBe(409);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it.each([
      ['GET', '/api/v1/approvals', 'list-approvals'],
      ['GET', '/api/v1/alerts', 'list-alerts'],
    ] as const)('%s %s below lead → 403, recorded', async (method, url, action) => {
      for (const tier of ['agent', 'senior'] as const) expect((await h.req(method, url, h.tokens[tier])).statusCode).toBe(403);
      expect((await h.alerts('over-permission')).map((a) => a.reasons)).toEqual([[action], [action]]);
    });

    it('decision body and ids are validated; unknown approval → 404; nothing written', async () => {
      const before = await dumpDb(h.db);
      const url = '/api/v1/approvals/00000000-0000-4000-8000-000000000000/decision';
      expect((await h.req('POST', url, h.tokens.lead, { approve: true, reason: 'ok' })).statusCode).toBe(404);
      expect((await h.req('POST', url, h.tokens.lead, { approve: true })).statusCode).toBe(400);
      expect((await h.req('POST', url, h.tokens.lead, { approve: 'yes', reason: 'ok' })).statusCode).toBe(400);
      expect((await h.req('POST', url, h.tokens.lead, { approve: true, reason: '   ' })).statusCode).toBe(400);
      expect((await h.req('POST', '/api/v1/approvals/nope/decision', h.tokens.lead, { approve: true, reason: 'ok' })).statusCode).toBe(400);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('lists alerts for a lead, newest first, filterable by kind', async () => {
      await h.req('GET', '/api/v1/alerts', h.tokens.agent);
      h.tick(1);
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
      for (let i = 0; i < 3; i++) await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' });
      const all = (await h.req('GET', '/api/v1/alerts', h.tokens.lead)).json().alerts;
      expect(all.map((a: { kind: string }) => a.kind)).toEqual(['verification-exception', 'over-permission']);
      const only = (await h.req('GET', '/api/v1/alerts?kind=over-permission&open=true', h.tokens.lead)).json().alerts;
      expect(only).toEqual([expect.objectContaining({ kind: 'over-permission', agentUsername: 'agent01', acknowledged: false })]);
    });
  });

  describe('caller number ≠ reserved mobile (Art. 18)', () => {
    it('high-risk business needs OTP and approval even for a lead; nobody approves their own session', async () => {
      const id = await verifiedLoan(h.tokens.lead, LINA, '13800000000');
      const session = (await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.lead)).json();
      expect(session.approval).toMatchObject({ state: 'not-requested', reasons: ['caller-not-reserved-mobile'] });
      expect((await h.confirm(h.tokens.lead, id)).statusCode).toBe(403);
      await requestApproval(h.tokens.lead, id);
      const approvalId = (await pending(h.tokens.admin)).json().approvals[0].id;
      const own = await decide(h.tokens.lead, approvalId, true);
      expect(own.statusCode).toBe(403);
      expect(own.json().error.message).toMatch(/nobody approves their own request/);
      expect((await h.alerts('over-permission')).map((a) => a.reasons[0]).sort()).toEqual(['complete-without-approval', 'decide-own-approval']);
      expect((await decide(h.tokens.admin, approvalId, true)).statusCode).toBe(200);
      expect((await h.confirm(h.tokens.lead, id)).json().status).toBe('verified');
    });

    it('learnt at the basic check when the session opened without a customer', async () => {
      const id = (await h.open(h.tokens.senior, { businessType: 'large-loan', callerNumber: '13800000000' })).json().id;
      const res = await h.basic(h.tokens.senior, id, LINA);
      expect(res.json()).toMatchObject({ result: 'passed', approval: { state: 'not-requested', reasons: ['caller-not-reserved-mobile'] } });
    });

    it('lower-risk business is not affected', async () => {
      const res = await h.open(h.tokens.agent, { businessType: 'fund-transfer', customer: LINA, callerNumber: '13800000000' });
      expect(res.json().approval.state).toBe('not-required');
    });
  });

  describe('fraud rules (Art. 18)', () => {
    it('one caller trying a 3rd customer: suspended before the check, alert with reasons, no further checks', async () => {
      const caller = '13700000000';
      for (const customer of [LINA, WANGFANG]) {
        const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })).json().id;
        expect((await h.basic(h.tokens.agent, id, customer, { mobile: '13900000009' })).json().result).toBe('failed');
      }
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })).json().id;
      const res = await h.basic(h.tokens.agent, id, LIUYANG);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ result: 'suspended', status: 'suspended', nextStep: null, fraud: { reasons: ['many-customers-per-caller'], script: 'suspected-fraud' } });
      const [alert] = await h.alerts('fraud-suspected');
      expect(alert).toMatchObject({ session_id: id, reasons: ['many-customers-per-caller'], details: expect.objectContaining({ callerNumber: '137****0000', distinctCustomersForCaller: 3 }) });
      const { rows } = await h.db.query<{ n: number }>("select count(*)::int as n from verification_events where session_id = $1 and step = 'basic'", [id]);
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
        const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })).json().id;
        await h.basic(h.tokens.agent, id, customer, { mobile: '13900000009' });
      }
      h.tick(24 * 3600);
      await h.signInAll();
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })).json().id;
      expect((await h.basic(h.tokens.agent, id, LIUYANG, { mobile: '13900000009' })).json().result).toBe('failed');
    });

    it('5 failed sessions for one customer in 24 h: the next session is suspended as it opens', async () => {
      for (let i = 0; i < 5; i++) {
        const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: CHENJING })).json().id;
        await h.basic(h.tokens.agent, id, CHENJING);
        expect((await h.confirm(h.tokens.agent, id, false)).json().status).toBe('not-confirmed');
      }
      const res = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: CHENJING });
      expect(res.json()).toMatchObject({ status: 'suspended', fraud: { reasons: ['repeated-failed-sessions'], script: 'suspected-fraud' } });
      expect((await h.basic(h.tokens.agent, res.json().id, CHENJING)).statusCode).toBe(409);
      expect(await h.alerts('fraud-suspected')).toHaveLength(1);
      // A session opened without the customer is suspended at its first check instead.
      const blind = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: CHENJING.mobile })).json().id;
      expect((await h.basic(h.tokens.agent, blind, CHENJING)).json()).toMatchObject({ result: 'suspended', fraud: { reasons: ['repeated-failed-sessions'] } });
      // A day later the count has aged out.
      h.tick(24 * 3600 + 1);
      await h.signInAll();
      expect((await h.open(h.tokens.agent, { businessType: 'enquiry', customer: CHENJING })).json().status).toBe('in-progress');
    });

    it('a killed passcode suspends the session (default threshold 1)', async () => {
      const id = (await h.open(h.tokens.lead, { businessType: 'large-loan', customer: ZHAOMIN })).json().id;
      await h.basic(h.tokens.lead, id, ZHAOMIN);
      await h.password(h.tokens.lead, id, ZHAOMIN.transaction);
      await h.sendOtp(h.tokens.lead, id);
      const wrong = h.sms.lastCode() === '000000' ? '111111' : '000000';
      await h.verifyOtp(h.tokens.lead, id, wrong);
      await h.verifyOtp(h.tokens.lead, id, wrong);
      const res = await h.verifyOtp(h.tokens.lead, id, wrong);
      expect(res.json()).toMatchObject({ result: 'suspended', status: 'suspended', fraud: { reasons: ['otp-failures'] } });
      expect(await h.alerts('fraud-suspected')).toEqual([expect.objectContaining({ session_id: id, reasons: ['otp-failures'] })]);
      expect((await h.sendOtp(h.tokens.lead, id)).statusCode).toBe(409);
    });

    it('thresholds are configurable through buildServer', async () => {
      await h.reset({ verification: { fraud: { distinctCustomersPerCaller: 2 } } });
      const caller = '13700000000';
      const first = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })).json().id;
      await h.basic(h.tokens.agent, first, LINA, { mobile: '13900000009' });
      const res = await h.basic(h.tokens.agent, first, WANGFANG);
      expect(res.json()).toMatchObject({ status: 'suspended', fraud: { reasons: ['many-customers-per-caller'] } });
      expect(await countRows(h.db, 'alerts')).toBe(1);
    });

    it('a suspicion known when the session opens suspends it at once', async () => {
      await h.reset({ verification: { fraud: { distinctCustomersPerCaller: 1 } } });
      const res = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA });
      expect(res.json()).toMatchObject({ status: 'suspended', fraud: { reasons: ['many-customers-per-caller'], script: 'suspected-fraud' } });
    });
  });
});
