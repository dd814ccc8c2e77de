// Art. 4(2) intent change over HTTP: a session re-planned for a new business asks only the missing
// steps, keeps what passed (a query password never proves the transaction password, Art. 6), asks
// a lead again (Art. 10), records each change with its reason, and refuses bad input or ended runs.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../../helpers.js';
import {
  CHENJING,
  createHarness,
  decide,
  LINA,
  pending,
  requestApproval,
  through,
  WANGFANG,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`business change (${DB_KIND})`, () => {
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

  const change = (
    token: string,
    id: string,
    businessType: string,
    reason = 'customer-new-request',
    note?: string,
  ) =>
    h.req('POST', `/api/v1/verifications/${id}/business`, token, {
      businessType,
      reason,
      ...(note === undefined ? {} : { note }),
    });
  const events = async (id: string) =>
    (
      await h.db.query<{ step: string; outcome: string; note: string | null }>(
        'select step, outcome, note from verification_events where session_id = $1 order by id',
        [id],
      )
    ).rows;

  it('a verified enquiry stepped up to a fund transfer asks only the transaction password', async () => {
    const id = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
    expect((await h.confirm(h.tokens.agent, id)).json().status).toBe('verified');
    const res = await change(h.tokens.agent, id, 'fund-transfer', 'customer-new-request', '要转账');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'replanned',
      change: { from: 'enquiry', to: 'fund-transfer', direction: 'up' },
      businessType: 'fund-transfer',
      status: 'in-progress',
      passwordKind: 'transaction',
      nextStep: 'password',
      steps: [
        { step: 'basic', passed: true },
        { step: 'password', passed: false },
        { step: 'confirmation', passed: false },
      ],
      approval: { state: 'not-required' },
    });
    // The basic check is not asked again; the query password does not do for a transfer.
    expect((await h.basic(h.tokens.agent, id, LINA)).statusCode).toBe(409);
    expect((await h.password(h.tokens.agent, id, LINA.query)).json().result).toBe('failed');
    expect((await h.password(h.tokens.agent, id, LINA.transaction)).json().nextStep).toBe(
      'confirmation',
    );
    const done = (await h.confirm(h.tokens.agent, id)).json();
    expect(done).toMatchObject({ status: 'verified', businessType: 'fund-transfer' });
    // The earlier verification stays recorded, then the change with its reason, then the new one.
    expect((await events(id)).map((e) => `${e.step}:${e.outcome}`)).toEqual([
      'basic:passed',
      'confirmation:verified',
      'business:fund-transfer',
      'password:failed',
      'password:passed',
      'confirmation:verified',
    ]);
    expect((await events(id))[2]!.note).toBe(
      'enquiry → fund-transfer (up): customer-new-request; 要转账',
    );
  });

  it('a passed query password is asked again as the transaction password', async () => {
    const id = await through(h, h.tokens.agent, 'important-query', WANGFANG, ['basic', 'password']);
    const res = (await change(h.tokens.agent, id, 'fund-transfer')).json();
    expect(res).toMatchObject({ nextStep: 'password', passwordKind: 'transaction' });
    expect((await h.password(h.tokens.agent, id, WANGFANG.transaction)).json().result).toBe(
      'passed',
    );
    // Back to the query: both passwords proven, nothing asked but the read-back.
    const back = (
      await change(h.tokens.agent, id, 'important-query', 'customer-changed-mind')
    ).json();
    expect(back).toMatchObject({ nextStep: 'confirmation', change: { direction: 'down' } });
  });

  it('stepping down a verified large loan keeps every passed step and stays verified', async () => {
    const id = await through(h, h.tokens.lead, 'large-loan', LINA, ['basic', 'password', 'otp']);
    expect((await h.confirm(h.tokens.lead, id)).json().status).toBe('verified');
    const res = (await change(h.tokens.lead, id, 'enquiry', 'intent-misunderstood')).json();
    expect(res).toMatchObject({ status: 'verified', businessType: 'enquiry', nextStep: null });
    expect(res.steps).toEqual([
      { step: 'basic', passed: true },
      { step: 'password', passed: true },
      { step: 'otp', passed: true },
      { step: 'confirmation', passed: true },
    ]);
  });

  it('an approval is asked again for a new business that needs one', async () => {
    const id = await through(h, h.tokens.agent, 'fund-transfer', CHENJING, ['basic']);
    const up = (await change(h.tokens.agent, id, 'large-loan')).json();
    expect(up).toMatchObject({ nextStep: 'password', approval: { state: 'not-requested' } });
    expect((await h.password(h.tokens.agent, id, CHENJING.transaction)).json().result).toBe(
      'passed',
    );
    await h.sendOtp(h.tokens.agent, id);
    await h.verifyOtp(h.tokens.agent, id, h.sms.lastCode());
    expect((await requestApproval(h, h.tokens.agent, id)).statusCode).toBe(200);
    // While a lead reviews the case, its business cannot change.
    expect((await change(h.tokens.agent, id, 'enquiry')).statusCode).toBe(409);
    const [first] = (await pending(h, h.tokens.lead)).json().approvals;
    expect((await decide(h, h.tokens.lead, first.id, true)).statusCode).toBe(200);
    const lateral = (await change(h.tokens.agent, id, 'account-change')).json();
    expect(lateral).toMatchObject({
      approval: { state: 'not-requested' },
      change: { direction: 'lateral' },
    });
    expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(403);
    expect((await requestApproval(h, h.tokens.agent, id)).statusCode).toBe(200);
    const { rows } = await h.db.query<{ status: string }>(
      'select status from verification_approvals where session_id = $1 order by requested_at',
      [id],
    );
    expect(rows.map((r) => r.status).sort()).toEqual(['approved', 'pending']);
  });

  it('refuses bad input, the same business, ended sessions and other agents; writes nothing', async () => {
    const id = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
    const before = await dumpDb(h.db);
    const url = `/api/v1/verifications/${id}/business`;
    for (const body of [
      { businessType: 'mortgage', reason: 'customer-new-request' },
      { businessType: 'fund-transfer', reason: 'bored' },
      { businessType: 'fund-transfer', reason: 'other' },
      { businessType: 'fund-transfer', reason: 'other', note: 'a\u0007b' },
      { businessType: 'fund-transfer', reason: 'customer-new-request', extra: 1 },
      { businessType: 'fund-transfer' },
    ])
      expect((await h.req('POST', url, h.tokens.agent, body)).statusCode).toBe(400);
    const same = await change(h.tokens.agent, id, 'enquiry');
    expect(same.statusCode).toBe(409);
    expect(same.json().error.message).toMatch(/already for enquiry/);
    expect(await dumpDb(h.db)).toBe(before);
    // Someone else's session: an over-permission attempt, recorded.
    expect((await change(h.tokens.agent2, id, 'fund-transfer')).statusCode).toBe(403);
    expect((await h.alerts('over-permission')).map((a) => a.reasons)).toEqual([
      ['business-on-another-agents-session'],
    ]);
    // A session that failed (not confirmed) cannot change.
    expect((await h.confirm(h.tokens.agent, id, false)).json().status).toBe('not-confirmed');
    const ended = await change(h.tokens.agent, id, 'fund-transfer');
    expect(ended.statusCode).toBe(409);
    expect(ended.json().error.message).toMatch(/ended \(not-confirmed\)/);
  });

  it('an "other" reason is recorded with its note; the route is in /openapi.json', async () => {
    const id = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
    const res = await change(h.tokens.agent, id, 'important-query', 'other', '客户要求查询账单');
    expect(res.statusCode).toBe(200);
    expect((await events(id)).at(-1)).toEqual({
      step: 'business',
      outcome: 'important-query',
      note: 'enquiry → important-query (up): other; 客户要求查询账单',
    });
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/api/v1/verifications/{id}/business'].post.summary).toMatch(/Art. 4/);
  });
});
