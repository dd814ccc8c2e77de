// Verification sessions over HTTP (Art. 5–8, 10, 11): opening and reading a session, the steps
// only in policy order, the check rate limit, and no secret in any answer, log line or row.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  createHarness,
  LINA,
  SECRETS,
  T0,
  through,
  WANGFANG,
  type Harness,
} from '../verification-harness.js';

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

  describe('POST /api/v1/verifications', () => {
    it('opens a session with the steps the policy requires', async () => {
      const res = await h.open(h.tokens.agent, {
        businessType: 'fund-transfer',
        callerNumber: '+86 139-0000-0001',
      });
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
      const { rows } = await h.db.query<{ caller_number: string }>(
        'select caller_number from verification_sessions',
      );
      expect(rows).toEqual([{ caller_number: '13900000001' }]);
    });

    it.each([
      [
        'an unknown business type',
        { callId: 'c', callerNumber: '13900000001', businessType: 'loan' },
        400,
      ],
      ['a missing caller number', { callId: 'c', businessType: 'enquiry' }, 400],
      [
        'letters in the caller number',
        { callId: 'c', callerNumber: 'call-me', businessType: 'enquiry' },
        400,
      ],
      [
        'an unknown key',
        { callId: 'c', callerNumber: '13900000001', businessType: 'enquiry', tier: 'lead' },
        400,
      ],
      [
        'a malformed customer id',
        { callId: 'c', callerNumber: '13900000001', businessType: 'enquiry', customerId: 'x' },
        400,
      ],
      [
        'an unknown customer',
        {
          callId: 'c',
          callerNumber: '13900000001',
          businessType: 'enquiry',
          customerId: '00000000-0000-4000-8000-000000000000',
        },
        404,
      ],
    ])('refuses %s and writes nothing', async (_case, body, status) => {
      const before = await dumpDb(h.db);
      const res = await h.req('POST', '/api/v1/verifications', h.tokens.agent, body);
      expect(res.statusCode).toBe(status);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('accepts a landline caller and masks it', async () => {
      const res = await h.open(h.tokens.agent, {
        businessType: 'enquiry',
        callerNumber: '010-5555 1234',
      });
      expect(res.json().callerNumber).toBe('010******34');
    });

    it('GET shows the session to its agent and to a lead; another agent is refused and recorded (Art. 10, 11)', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry' })).json().id;
      expect((await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent)).json().id).toBe(
        id,
      );
      expect((await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.lead)).statusCode).toBe(
        200,
      );
      const other = await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent2);
      expect(other.statusCode).toBe(403);
      expect(await h.alerts('over-permission')).toEqual([
        expect.objectContaining({
          agent_username: 'agent02',
          session_id: id,
          reasons: ['view-another-agents-session'],
        }),
      ]);
      expect(
        (
          await h.req(
            'GET',
            '/api/v1/verifications/00000000-0000-4000-8000-000000000000',
            h.tokens.agent,
          )
        ).statusCode,
      ).toBe(404);
    });

    it('a check on another agent’s session is refused and recorded, nothing else written', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
        .id;
      const res = await h.basic(h.tokens.agent2, id, LINA);
      expect(res.statusCode).toBe(403);
      expect(await countRows(h.db, 'verification_events')).toBe(0);
      expect(await h.alerts('over-permission')).toHaveLength(1);
    });
  });

  describe('order (Art. 5–8)', () => {
    it.each([
      [
        'password before basic',
        'fund-transfer',
        (id: string) => h.password(h.tokens.agent, id, LINA.transaction),
        /the basic step comes before password/,
      ],
      [
        'OTP before the password',
        'large-loan',
        (id: string) => h.sendOtp(h.tokens.lead, id),
        /the basic step comes before otp/,
      ],
      [
        'confirmation before basic',
        'enquiry',
        (id: string) => h.confirm(h.tokens.agent, id),
        /the basic step comes before confirmation/,
      ],
      [
        'a password for an enquiry',
        'enquiry',
        (id: string) => h.password(h.tokens.agent, id, LINA.query),
        /password step is not required for enquiry/,
      ],
      [
        'an OTP for a transfer',
        'fund-transfer',
        (id: string) => h.sendOtp(h.tokens.agent, id),
        /otp step is not required for fund-transfer/,
      ],
      [
        'an OTP check for an enquiry',
        'enquiry',
        (id: string) => h.verifyOtp(h.tokens.agent, id, '123456'),
        /otp step is not required/,
      ],
    ] as const)(
      '%s → 409 with a clear message, nothing written',
      async (_case, businessType, call, message) => {
        const token = businessType === 'large-loan' ? h.tokens.lead : h.tokens.agent;
        const id = (await h.open(token, { businessType, customer: LINA })).json().id;
        const before = await dumpDb(h.db);
        const res = await call(id);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toEqual({
          error: { code: 'conflict', message: expect.stringMatching(message) },
        });
        expect(await dumpDb(h.db)).toBe(before);
        expect(h.sms.sent).toEqual([]);
      },
    );

    it('a passed step cannot run again', async () => {
      const id = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
      const res = await h.basic(h.tokens.agent, id, LINA);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe('the basic step has already passed');
    });
  });

  describe('secrets', () => {
    it('no ID number, password, passcode or full mobile in any response, log line or stored row', async () => {
      const bodies: string[] = [];
      const keep = async (p: Promise<{ body: string }>) => bodies.push((await p).body);
      await keep(h.req('GET', '/api/v1/customers?mobile=13900000001', h.tokens.lead));
      const id = (
        await h.open(h.tokens.lead, { businessType: 'large-loan', customer: LINA })
      ).json().id;
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
      h.app.log.info(
        {
          body: {
            code: '424242',
            mobile: LINA.mobile,
            nationalId: LINA.nationalId,
            callerNumber: LINA.mobile,
          },
          passcode: '434343',
        },
        'probe',
      );
      const text = h.logs.join('');
      expect(text).toContain('probe');
      for (const secret of ['424242', '434343', LINA.mobile, LINA.nationalId])
        expect(text).not.toContain(secret);
    });

    it('rate-limits checks per signed-in agent (429 rate-limited)', async () => {
      await h.reset({ verification: { checkRateLimit: { max: 2, timeWindowMs: 60_000 } } });
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
        .id;
      expect((await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).statusCode).toBe(
        200,
      );
      expect((await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).statusCode).toBe(
        200,
      );
      const limited = await h.basic(h.tokens.agent, id, LINA);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toEqual({
        code: 'rate-limited',
        message: expect.stringMatching(/too many checks/),
      });
      // Another agent has its own budget.
      const other = (
        await h.open(h.tokens.agent2, { businessType: 'enquiry', customer: LINA })
      ).json().id;
      expect((await h.basic(h.tokens.agent2, other, LINA)).statusCode).toBe(200);
    });

    it('lists every route in /openapi.json', async () => {
      const paths = Object.keys(
        (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths,
      );
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
