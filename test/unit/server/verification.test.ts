// Verification sessions over HTTP (Art. 5–8, 14): look-up, the steps in order, every limit on the
// injectable clock, passcodes through a recording SMS gateway, and no secret in any answer or log.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from './helpers.js';
import { CHENJING, createHarness, LINA, LIUYANG, SECRETS, T0, WANGFANG, ZHAOMIN, type Harness } from './verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`verification sessions (${DB_KIND})`, () => {
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

  /** Opens a session and passes the steps named, answering its id. */
  async function through(token: string, businessType: string, customer = LINA, steps: ('basic' | 'password' | 'otp')[] = []): Promise<string> {
    const opened = await h.open(token, { businessType, customer });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;
    for (const step of steps) {
      if (step === 'basic') expect((await h.basic(token, id, customer)).json().result).toBe('passed');
      if (step === 'password') {
        const kind = opened.json().passwordKind as 'query' | 'transaction';
        expect((await h.password(token, id, customer[kind])).json().result).toBe('passed');
      }
      if (step === 'otp') {
        expect((await h.sendOtp(token, id)).json().result).toBe('sent');
        expect((await h.verifyOtp(token, id, h.sms.lastCode())).json().result).toBe('passed');
      }
    }
    return id;
  }

  describe('GET /api/v1/customers (Art. 5)', () => {
    it.each(['13900000001', '+86 139 0000 0001', '0086-139-0000-0001', ' 139-0000-0001 '])('finds the customers reserved on %j, masked only', async (mobile) => {
      const res = await h.req('GET', `/api/v1/customers?mobile=${encodeURIComponent(mobile)}`, h.tokens.agent);
      expect(res.statusCode).toBe(200);
      const { customers } = res.json();
      expect(customers).toHaveLength(2);
      expect(customers).toEqual(
        expect.arrayContaining([
          { id: h.ids.get('李娜'), name: '李*', mobile: '139****0001', nationalId: '9***************10' },
          { id: h.ids.get('赵敏'), name: '赵*', mobile: '139****0001', nationalId: '9***************61' },
        ]),
      );
      for (const secret of [LINA.mobile, LINA.nationalId, ZHAOMIN.nationalId, '李娜', '赵敏']) expect(res.body).not.toContain(secret);
    });

    it('answers an empty list for a number nobody reserved', async () => {
      expect((await h.req('GET', '/api/v1/customers?mobile=13800000000', h.tokens.agent)).json()).toEqual({ customers: [] });
    });

    it.each(['12345', '23900000001', 'abc', '1390000000100'])('refuses %j with 400', async (mobile) => {
      const res = await h.req('GET', `/api/v1/customers?mobile=${mobile}`, h.tokens.agent);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('bad-request');
    });

    it('needs the mobile and a token', async () => {
      expect((await h.req('GET', '/api/v1/customers', h.tokens.agent)).statusCode).toBe(400);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/customers?mobile=13900000001' })).statusCode).toBe(401);
    });
  });

  describe('POST /api/v1/verifications', () => {
    it('opens a session with the steps the policy requires', async () => {
      const res = await h.open(h.tokens.agent, { businessType: 'fund-transfer', callerNumber: '+86 139-0000-0001' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        agent: 'agent01',
        businessType: 'fund-transfer',
        risk: 'medium',
        status: 'in-progress',
        callerNumber: '139****0001',
        customer: null,
        passwordKind: 'transaction',
        steps: [
          { step: 'basic', passed: false },
          { step: 'password', passed: false },
          { step: 'confirmation', passed: false },
        ],
        nextStep: 'basic',
        alternatives: { applied: [], available: ['otp-instead-of-password'] },
        basic: { failures: 0, limit: 3 },
        approval: { state: 'not-required', reasons: [], decidedBy: null, reason: null },
        fraud: null,
        createdAt: T0.toISOString(),
      });
      const { rows } = await h.db.query<{ caller_number: string }>('select caller_number from verification_sessions');
      expect(rows).toEqual([{ caller_number: '13900000001' }]);
    });

    it.each([
      ['an unknown business type', { callId: 'c', callerNumber: '13900000001', businessType: 'loan' }, 400],
      ['a missing caller number', { callId: 'c', businessType: 'enquiry' }, 400],
      ['letters in the caller number', { callId: 'c', callerNumber: 'call-me', businessType: 'enquiry' }, 400],
      ['an unknown key', { callId: 'c', callerNumber: '13900000001', businessType: 'enquiry', tier: 'lead' }, 400],
      ['a malformed customer id', { callId: 'c', callerNumber: '13900000001', businessType: 'enquiry', customerId: 'x' }, 400],
      ['an unknown customer', { callId: 'c', callerNumber: '13900000001', businessType: 'enquiry', customerId: '00000000-0000-4000-8000-000000000000' }, 404],
    ])('refuses %s and writes nothing', async (_case, body, status) => {
      const before = await dumpDb(h.db);
      const res = await h.req('POST', '/api/v1/verifications', h.tokens.agent, body);
      expect(res.statusCode).toBe(status);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('accepts a landline caller and masks it', async () => {
      const res = await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: '010-5555 1234' });
      expect(res.json().callerNumber).toBe('010******34');
    });

    it('GET shows the session to its agent and to a lead; another agent is refused and recorded (Art. 10, 11)', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry' })).json().id;
      expect((await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent)).json().id).toBe(id);
      expect((await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.lead)).statusCode).toBe(200);
      const other = await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent2);
      expect(other.statusCode).toBe(403);
      expect(await h.alerts('over-permission')).toEqual([expect.objectContaining({ agent_username: 'agent02', session_id: id, reasons: ['view-another-agents-session'] })]);
      expect((await h.req('GET', '/api/v1/verifications/00000000-0000-4000-8000-000000000000', h.tokens.agent)).statusCode).toBe(404);
    });

    it('a check on another agent’s session is refused and recorded, nothing else written', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
      const res = await h.basic(h.tokens.agent2, id, LINA);
      expect(res.statusCode).toBe(403);
      expect(await countRows(h.db, 'verification_events')).toBe(0);
      expect(await h.alerts('over-permission')).toHaveLength(1);
    });
  });

  describe('basic check (Art. 5)', () => {
    it('passes with the reserved mobile in any notation and the ID with a lower-case x', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: LIUYANG.mobile })).json().id;
      const res = await h.basic(h.tokens.agent, id, LIUYANG, { mobile: '+86 139 0000 0003', nationalId: LIUYANG.nationalId.toLowerCase() });
      expect(res.json()).toMatchObject({ result: 'passed', nextStep: 'confirmation', customer: { name: '刘*', mobile: '139****0003', nationalId: '9***************1X' } });
    });

    it('never says which field failed: wrong mobile, wrong ID, malformed ID answer alike', async () => {
      const answers = [];
      for (const overrides of [{ mobile: '13900000002' }, { nationalId: WANGFANG.nationalId }, { nationalId: 'not-an-id' }]) {
        const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
        const res = await h.basic(h.tokens.agent, id, LINA, overrides);
        expect(res.statusCode).toBe(200);
        const { result, attemptsLeft, nextStep, status } = res.json();
        answers.push({ result, attemptsLeft, nextStep, status });
      }
      expect(answers).toEqual(Array(3).fill({ result: 'failed', attemptsLeft: 2, nextStep: 'basic', status: 'in-progress' }));
    });

    it('3 failures → exception procedure with a supervisor alert; then every check is refused', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'important-query', customer: LINA })).json().id;
      expect((await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).json().attemptsLeft).toBe(2);
      expect((await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).json().attemptsLeft).toBe(1);
      const third = await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' });
      expect(third.json()).toMatchObject({ result: 'exception', status: 'exception', attemptsLeft: 0, nextStep: null });
      expect(await h.alerts('verification-exception')).toEqual([expect.objectContaining({ session_id: id, reasons: ['basic-attempts-exhausted'] })]);
      const before = await dumpDb(h.db);
      for (const res of [await h.basic(h.tokens.agent, id, LINA), await h.password(h.tokens.agent, id, LINA.query), await h.confirm(h.tokens.agent, id)]) {
        expect(res.statusCode).toBe(409);
        expect(res.json().error.message).toMatch(/session has ended \(exception\)/);
      }
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('a session opened for a customer refuses a basic check naming another (409, nothing written)', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
      const before = await dumpDb(h.db);
      const res = await h.basic(h.tokens.agent, id, ZHAOMIN);
      expect(res.statusCode).toBe(409);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('concurrent checks cannot exceed the attempt limit (row lock)', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
      const answers = await Promise.all(Array.from({ length: 6 }, () => h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })));
      expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(3);
      expect(answers.filter((r) => r.statusCode === 409)).toHaveLength(3);
      const { rows } = await h.db.query<{ basic_failures: number; status: string }>('select basic_failures, status from verification_sessions');
      expect(rows).toEqual([{ basic_failures: 3, status: 'exception' }]);
      expect(await countRows(h.db, 'verification_events')).toBe(3);
    });
  });

  describe('order (Art. 5–8)', () => {
    it.each([
      ['password before basic', 'fund-transfer', (id: string) => h.password(h.tokens.agent, id, LINA.transaction), /the basic step comes before password/],
      ['OTP before the password', 'large-loan', (id: string) => h.sendOtp(h.tokens.lead, id), /the basic step comes before otp/],
      ['confirmation before basic', 'enquiry', (id: string) => h.confirm(h.tokens.agent, id), /the basic step comes before confirmation/],
      ['a password for an enquiry', 'enquiry', (id: string) => h.password(h.tokens.agent, id, LINA.query), /password step is not required for enquiry/],
      ['an OTP for a transfer', 'fund-transfer', (id: string) => h.sendOtp(h.tokens.agent, id), /otp step is not required for fund-transfer/],
      ['an OTP check for an enquiry', 'enquiry', (id: string) => h.verifyOtp(h.tokens.agent, id, '123456'), /otp step is not required/],
    ] as const)('%s → 409 with a clear message, nothing written', async (_case, businessType, call, message) => {
      const token = businessType === 'large-loan' ? h.tokens.lead : h.tokens.agent;
      const id = (await h.open(token, { businessType, customer: LINA })).json().id;
      const before = await dumpDb(h.db);
      const res = await call(id);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ error: { code: 'conflict', message: expect.stringMatching(message) } });
      expect(await dumpDb(h.db)).toBe(before);
      expect(h.sms.sent).toEqual([]);
    });

    it('a passed step cannot run again', async () => {
      const id = await through(h.tokens.agent, 'enquiry', LINA, ['basic']);
      const res = await h.basic(h.tokens.agent, id, LINA);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe('the basic step has already passed');
    });
  });

  describe('password (Art. 6)', () => {
    it('important-query asks the query password, fund-transfer the transaction password', async () => {
      const q = await through(h.tokens.agent, 'important-query', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, q, LINA.transaction)).json().result).toBe('failed');
      expect((await h.password(h.tokens.agent, q, LINA.query)).json()).toMatchObject({ result: 'passed', nextStep: 'confirmation' });
      const t = await through(h.tokens.agent, 'fund-transfer', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, t, LINA.query)).json().result).toBe('failed');
      expect((await h.password(h.tokens.agent, t, LINA.transaction)).json().result).toBe('passed');
    });

    it('5 consecutive failures across sessions lock it, raise an alert, and a right password is then refused', async () => {
      const a = await through(h.tokens.agent, 'important-query', LINA, ['basic']);
      for (const left of [4, 3, 2]) expect((await h.password(h.tokens.agent, a, '000000')).json()).toMatchObject({ result: 'failed', attemptsLeft: left });
      const b = await through(h.tokens.agent, 'important-query', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, b, '000000')).json()).toMatchObject({ result: 'failed', attemptsLeft: 1 });
      expect(await h.alerts('password-locked')).toEqual([]);
      expect((await h.password(h.tokens.agent, b, '000000')).json()).toMatchObject({ result: 'locked', status: 'password-locked', attemptsLeft: 0 });
      expect(await h.alerts('password-locked')).toEqual([expect.objectContaining({ session_id: b, reasons: ['query-password-locked'] })]);
      const c = await through(h.tokens.agent, 'important-query', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, c, LINA.query)).json()).toMatchObject({ result: 'locked', status: 'password-locked' });
      // The transaction password is a separate lock.
      const d = await through(h.tokens.agent, 'fund-transfer', LINA, ['basic']);
      expect((await h.password(h.tokens.agent, d, LINA.transaction)).json().result).toBe('passed');
    });

    it('a success resets the consecutive count', async () => {
      const a = await through(h.tokens.agent, 'important-query', WANGFANG, ['basic']);
      for (let i = 0; i < 4; i++) await h.password(h.tokens.agent, a, '000000');
      expect((await h.password(h.tokens.agent, a, WANGFANG.query)).json().result).toBe('passed');
      const b = await through(h.tokens.agent, 'important-query', WANGFANG, ['basic']);
      for (let i = 0; i < 4; i++) expect((await h.password(h.tokens.agent, b, '000000')).json().result).toBe('failed');
    });

    it('forgot password → reset procedure; no further checks', async () => {
      const id = await through(h.tokens.agent, 'fund-transfer', LINA, ['basic']);
      const res = await h.req('POST', `/api/v1/verifications/${id}/password-forgotten`, h.tokens.agent);
      expect(res.json()).toMatchObject({ result: 'password-reset', status: 'password-reset', nextStep: null });
      expect((await h.password(h.tokens.agent, id, LINA.transaction)).statusCode).toBe(409);
    });
  });

  describe('one-time passcode (Art. 7)', () => {
    it('sends 6 digits to the reserved mobile; the answer has the times, never the code; only a hash is stored', async () => {
      const id = await through(h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      const res = await h.sendOtp(h.tokens.lead, id);
      expect(res.statusCode).toBe(200);
      expect(h.sms.sent).toHaveLength(1);
      expect(h.sms.sent[0]!.to).toBe(LINA.mobile);
      const code = h.sms.lastCode();
      expect(code).toMatch(/^\d{6}$/);
      expect(res.json()).toMatchObject({
        result: 'sent',
        otp: { expiresAt: new Date(T0.getTime() + 300_000).toISOString(), resendAvailableAt: new Date(T0.getTime() + 60_000).toISOString() },
        attemptsLeft: 3,
      });
      expect(res.body).not.toContain(code);
      const { rows } = await h.db.query<{ code_hash: string }>('select code_hash from verification_otps');
      expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(h.logs.join('')).not.toContain(code);
      const wrong = code === '000000' ? '111111' : '000000';
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json()).toMatchObject({ result: 'failed', attemptsLeft: 2 });
      expect((await h.verifyOtp(h.tokens.lead, id, code)).json()).toMatchObject({ result: 'passed', nextStep: 'confirmation' });
      // Single use: the step has passed, so the same code is refused.
      expect((await h.verifyOtp(h.tokens.lead, id, code)).statusCode).toBe(409);
      expect((await h.confirm(h.tokens.lead, id)).json()).toMatchObject({ result: 'verified', status: 'verified' });
    });

    it('expires after 300 s on the injected clock', async () => {
      const id = await through(h.tokens.lead, 'account-change', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      h.tick(300);
      expect((await h.verifyOtp(h.tokens.lead, id, h.sms.lastCode())).json()).toMatchObject({ result: 'expired', nextStep: 'otp' });
      await h.sendOtp(h.tokens.lead, id);
      h.tick(299);
      expect((await h.verifyOtp(h.tokens.lead, id, h.sms.lastCode())).json().result).toBe('passed');
    });

    it('a resend supersedes the earlier code', async () => {
      const id = await through(h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      const first = h.sms.lastCode();
      h.tick(60);
      await h.sendOtp(h.tokens.lead, id);
      if (first !== h.sms.lastCode()) expect((await h.verifyOtp(h.tokens.lead, id, first)).json().result).toBe('failed');
      expect((await h.verifyOtp(h.tokens.lead, id, h.sms.lastCode())).json().result).toBe('passed');
    });

    it('3 wrong entries kill it; the right code is then refused', async () => {
      await h.reset({ verification: { fraud: { killedOtpsPerCustomer: 2 } } });
      const id = await through(h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      const code = h.sms.lastCode();
      const wrong = code === '000000' ? '111111' : '000000';
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json().attemptsLeft).toBe(2);
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json().attemptsLeft).toBe(1);
      expect((await h.verifyOtp(h.tokens.lead, id, wrong)).json()).toMatchObject({ result: 'killed', attemptsLeft: 0, status: 'in-progress' });
      expect((await h.verifyOtp(h.tokens.lead, id, code)).json()).toMatchObject({ result: 'expired', nextStep: 'otp' });
    });

    it('60 s cooldown and 3 sends per 15 minutes per customer, across sessions; refusals write nothing', async () => {
      const a = await through(h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      const b = await through(h.tokens.lead, 'account-change', LINA, ['basic', 'password']);
      expect((await h.sendOtp(h.tokens.lead, a)).statusCode).toBe(200);
      h.tick(59);
      let before = await dumpDb(h.db);
      const cooling = await h.sendOtp(h.tokens.lead, b);
      expect(cooling.statusCode).toBe(429);
      expect(cooling.json().error).toEqual({ code: 'rate-limited', message: `wait 60 s between passcodes; the next one can be sent at ${new Date(T0.getTime() + 60_000).toISOString()}` });
      expect(await dumpDb(h.db)).toBe(before);
      h.tick(1);
      expect((await h.sendOtp(h.tokens.lead, b)).json().otp.resendAvailableAt).toBe(new Date(T0.getTime() + 120_000).toISOString());
      h.tick(60);
      expect((await h.sendOtp(h.tokens.lead, a)).json().otp.resendAvailableAt).toBe(new Date(T0.getTime() + 900_000).toISOString());
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
      const c = await through(h.tokens.lead, 'large-loan', WANGFANG, ['basic', 'password']);
      expect((await h.sendOtp(h.tokens.lead, c)).statusCode).toBe(200);
    });

    it('answers 503 unavailable without a gateway, and when the gateway refuses; nothing written', async () => {
      const id = await through(h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      const before = await dumpDb(h.db);
      h.sms.failing = true;
      const refused = await h.sendOtp(h.tokens.lead, id);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('unavailable');
      expect(await dumpDb(h.db)).toBe(before);
      const server = h.build({ sms: undefined });
      const none = await server.inject({ method: 'POST', url: `/api/v1/verifications/${id}/otp`, headers: { authorization: `Bearer ${h.tokens.lead}` } });
      expect(none.statusCode).toBe(503);
      expect(none.json().error.message).toMatch(/no SMS gateway/);
      await server.close();
      expect(await dumpDb(h.db)).toBe(before);
    });

    it.each(['12345', '1234567', 'abcdef', ''])('refuses a malformed code %j with 400 and counts nothing', async (code) => {
      const id = await through(h.tokens.lead, 'large-loan', LINA, ['basic', 'password']);
      await h.sendOtp(h.tokens.lead, id);
      const before = await dumpDb(h.db);
      expect((await h.verifyOtp(h.tokens.lead, id, code)).statusCode).toBe(400);
      expect(await dumpDb(h.db)).toBe(before);
    });
  });

  describe('alternative method (Art. 14) and confirmation (Art. 8)', () => {
    it('a customer who declines the password verifies a transfer by OTP; the reason is recorded', async () => {
      const id = await through(h.tokens.agent, 'fund-transfer', CHENJING, ['basic']);
      const res = await h.req('POST', `/api/v1/verifications/${id}/method`, h.tokens.agent, { alternative: 'otp-instead-of-password', reason: '客户不愿输入密码' });
      expect(res.json()).toMatchObject({ result: 'switched', nextStep: 'otp', alternatives: { applied: ['otp-instead-of-password'], available: [] }, passwordKind: null });
      expect((await h.password(h.tokens.agent, id, CHENJING.transaction)).statusCode).toBe(409);
      await h.sendOtp(h.tokens.agent, id);
      expect(h.sms.sent[0]!.to).toBe(CHENJING.mobile);
      await h.verifyOtp(h.tokens.agent, id, h.sms.lastCode());
      expect((await h.confirm(h.tokens.agent, id)).json().status).toBe('verified');
      const { rows } = await h.db.query<{ note: string }>("select note from verification_events where step = 'method'");
      expect(rows).toEqual([{ note: '客户不愿输入密码' }]);
    });

    it('refuses the alternative where the policy does not allow it', async () => {
      const id = await through(h.tokens.lead, 'large-loan', LINA, ['basic']);
      const res = await h.req('POST', `/api/v1/verifications/${id}/method`, h.tokens.lead, { alternative: 'otp-instead-of-password', reason: 'declined' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/not an allowed alternative for large-loan \(Art. 14\)/);
    });

    it('the customer denying the read-back ends the session as not confirmed', async () => {
      const id = await through(h.tokens.agent, 'enquiry', LINA, ['basic']);
      expect((await h.confirm(h.tokens.agent, id, false)).json()).toMatchObject({ result: 'not-confirmed', status: 'not-confirmed' });
      expect((await h.confirm(h.tokens.agent, id, true)).statusCode).toBe(409);
    });

    it('records every step in order (Art. 11)', async () => {
      const id = await through(h.tokens.agent, 'important-query', LINA, []);
      await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' });
      await h.basic(h.tokens.agent, id, LINA);
      await h.password(h.tokens.agent, id, LINA.query);
      await h.confirm(h.tokens.agent, id);
      const { rows } = await h.db.query<{ step: string; outcome: string }>('select step, outcome from verification_events order by id');
      expect(rows).toEqual([
        { step: 'basic', outcome: 'failed' },
        { step: 'basic', outcome: 'passed' },
        { step: 'password', outcome: 'passed' },
        { step: 'confirmation', outcome: 'verified' },
      ]);
    });
  });

  describe('secrets', () => {
    it('no ID number, password, passcode or full mobile in any response, log line or stored row', async () => {
      const bodies: string[] = [];
      const keep = async (p: Promise<{ body: string }>) => bodies.push((await p).body);
      await keep(h.req('GET', '/api/v1/customers?mobile=13900000001', h.tokens.lead));
      const id = (await h.open(h.tokens.lead, { businessType: 'large-loan', customer: LINA })).json().id;
      await keep(h.basic(h.tokens.lead, id, LINA, { nationalId: WANGFANG.nationalId }));
      await keep(h.basic(h.tokens.lead, id, LINA));
      await keep(h.password(h.tokens.lead, id, LINA.query));
      await keep(h.password(h.tokens.lead, id, LINA.transaction));
      await keep(h.sendOtp(h.tokens.lead, id));
      const code = h.sms.lastCode();
      await keep(h.verifyOtp(h.tokens.lead, id, code));
      await keep(h.confirm(h.tokens.lead, id));
      await keep(h.req('GET', `/api/v1/verifications/${id}`, h.tokens.lead));
      await keep(h.req('GET', '/api/v1/alerts', h.tokens.lead));
      const responses = bodies.join('\n');
      const logs = h.logs.join('');
      const stored = await dumpDb(h.db);
      expect(logs).toContain('verification check');
      for (const secret of [...SECRETS, code]) {
        expect(responses).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
      for (const secret of SECRETS) expect(stored).not.toContain(secret);
      for (const mobile of [LINA.mobile, WANGFANG.mobile]) {
        expect(responses).not.toContain(mobile);
        expect(logs).not.toContain(mobile);
      }
    });

    it('the logger redacts the verification fields if a body is ever logged', async () => {
      h.app.log.info({ body: { code: '424242', mobile: LINA.mobile, nationalId: LINA.nationalId, callerNumber: LINA.mobile }, passcode: '434343' }, 'probe');
      const text = h.logs.join('');
      expect(text).toContain('probe');
      for (const secret of ['424242', '434343', LINA.mobile, LINA.nationalId]) expect(text).not.toContain(secret);
    });

    it('rate-limits checks per signed-in agent (429 rate-limited)', async () => {
      await h.reset({ verification: { checkRateLimit: { max: 2, timeWindowMs: 60_000 } } });
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json().id;
      expect((await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).statusCode).toBe(200);
      expect((await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).statusCode).toBe(200);
      const limited = await h.basic(h.tokens.agent, id, LINA);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toEqual({ code: 'rate-limited', message: expect.stringMatching(/too many checks/) });
      // Another agent has its own budget.
      const other = (await h.open(h.tokens.agent2, { businessType: 'enquiry', customer: LINA })).json().id;
      expect((await h.basic(h.tokens.agent2, other, LINA)).statusCode).toBe(200);
    });

    it('lists every route in /openapi.json', async () => {
      const paths = Object.keys((await h.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
      for (const path of [
        '/api/v1/customers',
        '/api/v1/verifications',
        '/api/v1/verifications/{id}',
        '/api/v1/verifications/{id}/basic',
        '/api/v1/verifications/{id}/password',
        '/api/v1/verifications/{id}/password-forgotten',
        '/api/v1/verifications/{id}/otp',
        '/api/v1/verifications/{id}/otp/verify',
        '/api/v1/verifications/{id}/method',
        '/api/v1/verifications/{id}/confirmation',
        '/api/v1/verifications/{id}/approval-request',
        '/api/v1/approvals',
        '/api/v1/approvals/{id}/decision',
        '/api/v1/alerts',
      ]) {
        expect(paths).toContain(path);
      }
    });
  });
});
