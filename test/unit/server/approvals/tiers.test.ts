// Art. 10 tiers over HTTP: a senior's large loan waits for a lead; an approval is asked only once
// every check passed; the admin tier neither verifies nor approves; every attempt beyond one's
// tier is refused (403) with exactly one `over-permission` alert, committed although the request
// fails, while policy conflicts (409) write nothing and raise none.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asSuperuser, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  createHarness,
  decide,
  LINA,
  pending,
  requestApproval,
  through,
  verifiedLoan,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const NO_SUCH = '00000000-0000-4000-8000-000000000000';

describe(`Art. 10 tiers (${DB_KIND})`, () => {
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

  /** Runs `attempt`: a 403 that added exactly one alert, for `action`, and nothing else. */
  async function refusedOnce(
    attempt: () => Promise<{ statusCode: number; json(): { error: { message: string } } }>,
    action: string,
    username: string,
  ) {
    const before = await dumpDb(h.db);
    const res = await attempt();
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/the attempt was recorded|may not see this queue/);
    const alerts = await h.alerts('over-permission');
    expect(alerts).toEqual([
      expect.objectContaining({ agent_username: username, reasons: [action] }),
    ]);
    await asSuperuser(h.db, "delete from alerts where kind = 'over-permission'");
    expect(await dumpDb(h.db)).toBe(before);
  }

  it("a senior's large loan waits for a lead: all checks, then the request, then the lead's approval", async () => {
    const id = await verifiedLoan(h, h.tokens.senior);
    const session = (await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.senior)).json();
    expect(session).toMatchObject({
      nextStep: 'confirmation',
      approval: { state: 'not-requested', reasons: ['beyond-tier'] },
    });
    // Completing alone is beyond the senior's tier: refused and recorded once.
    await refusedOnce(
      () => h.confirm(h.tokens.senior, id),
      'complete-without-approval',
      'senior01',
    );
    expect((await requestApproval(h, h.tokens.senior, id, '大额贷款')).json()).toMatchObject({
      result: 'requested',
      status: 'awaiting-approval',
    });
    // The lead sees the complete case: every check passed before the request.
    const [approval] = (await pending(h, h.tokens.lead)).json().approvals;
    expect(approval).toMatchObject({ requestedBy: 'senior01', reasons: ['beyond-tier'] });
    expect(approval.case.steps.map((s: { step: string }) => s.step)).toEqual([
      'basic',
      'password',
      'otp-send',
      'otp',
      'approval-request',
    ]);
    // Confirming while it waits is the same over-permission attempt.
    await refusedOnce(
      () => h.confirm(h.tokens.senior, id),
      'complete-without-approval',
      'senior01',
    );
    expect((await decide(h, h.tokens.lead, approval.id, true)).statusCode).toBe(200);
    expect((await h.confirm(h.tokens.senior, id)).json()).toMatchObject({ status: 'verified' });
  });

  it('an approval asked before every check passed is a conflict: 409, nothing written, no alert', async () => {
    for (const steps of [[], ['basic'], ['basic', 'password']] as const) {
      await h.reset();
      const id = await through(h, h.tokens.senior, 'account-change', LINA, [...steps]);
      const before = await dumpDb(h.db);
      const res = await requestApproval(h, h.tokens.senior, id, 'too early');
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/comes first: a lead’s approval is asked once/);
      expect(await dumpDb(h.db)).toBe(before);
    }
    expect(await h.alerts()).toEqual([]);
  });

  describe('admin: user and system administration, not customer business', () => {
    it('opening a session is refused and recorded; nothing else is written', async () => {
      await refusedOnce(
        () => h.open(h.tokens.admin, { businessType: 'enquiry', customer: LINA }),
        'verify',
        'admin01',
      );
      const { rows } = await h.db.query('select id from verification_sessions');
      expect(rows).toEqual([]);
    });

    it("running a check on someone's session is refused and recorded once", async () => {
      const id = await through(h, h.tokens.agent, 'enquiry', LINA);
      await refusedOnce(() => h.basic(h.tokens.admin, id, LINA), 'verify', 'admin01');
    });

    it.each([
      ['GET', '/api/v1/approvals', 'list-approvals'],
      ['GET', '/api/v1/alerts', 'list-alerts'],
      ['GET', '/api/v1/callbacks', 'list-callbacks'],
      ['GET', '/api/v1/complaints', 'list-complaints'],
    ] as const)('%s %s is refused and recorded', async (method, url, action) => {
      await refusedOnce(() => h.req(method, url, h.tokens.admin), action, 'admin01');
    });

    it('deciding an approval is refused and recorded; the request stays pending', async () => {
      const id = await verifiedLoan(h, h.tokens.agent);
      await requestApproval(h, h.tokens.agent, id);
      const [approval] = (await pending(h, h.tokens.lead)).json().approvals;
      await refusedOnce(
        () => decide(h, h.tokens.admin, approval.id, true),
        'decide-approvals',
        'admin01',
      );
      expect((await pending(h, h.tokens.lead)).json().approvals).toHaveLength(1);
    });
  });

  describe('every refusal beyond one’s tier raises exactly one alert', () => {
    it.each([
      ['POST', `/api/v1/callbacks/${NO_SUCH}/close`, { outcome: 'done' }, 'close-callback'],
      ['POST', `/api/v1/complaints/${NO_SUCH}/close`, { answer: '已处理' }, 'close-complaint'],
      [
        'POST',
        `/api/v1/customers/${NO_SUCH}/password-lock/lift`,
        { kind: 'query', reason: '已重置' },
        'lift-password-lock',
      ],
      [
        'POST',
        `/api/v1/approvals/${NO_SUCH}/decision`,
        { approve: true, reason: 'ok' },
        'decide-approvals',
      ],
    ] as const)('below lead: %s %s', async (method, url, body, action) => {
      for (const [tier, username] of [
        ['agent', 'agent01'],
        ['senior', 'senior01'],
        ['admin', 'admin01'],
      ] as const)
        await refusedOnce(() => h.req(method, url, h.tokens[tier], body), action, username);
    });

    it("a check on another agent's session, and reading it", async () => {
      const id = await through(h, h.tokens.agent, 'fund-transfer', LINA);
      await refusedOnce(
        () => h.basic(h.tokens.senior, id, LINA),
        'basic-on-another-agents-session',
        'senior01',
      );
      await refusedOnce(
        () => h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent2),
        'view-another-agents-session',
        'agent02',
      );
    });

    it('a lead deciding the approval of their own session', async () => {
      const id = await verifiedLoan(h, h.tokens.lead, LINA, '13800000000');
      await requestApproval(h, h.tokens.lead, id);
      const [approval] = (await pending(h, h.tokens.lead2)).json().approvals;
      await refusedOnce(
        () => decide(h, h.tokens.lead, approval.id, true),
        'decide-own-approval',
        'lead01',
      );
    });

    it('policy conflicts within one’s tier answer 409 without an alert', async () => {
      const id = await through(h, h.tokens.agent, 'large-loan', LINA, ['basic']);
      const before = await dumpDb(h.db);
      expect((await h.sendOtp(h.tokens.agent, id)).statusCode).toBe(409); // out of order
      expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(409); // out of order
      expect((await requestApproval(h, h.tokens.agent, id)).statusCode).toBe(409); // too early
      expect(await dumpDb(h.db)).toBe(before);
      expect(await h.alerts()).toEqual([]);
    });
  });
});
