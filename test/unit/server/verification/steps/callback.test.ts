// Art. 14 over HTTP: a customer who declines a step (recorded, with what was offered; nothing for
// the basic check, Art. 5), and the call-back to the reserved mobile instead of the OTP — the
// number in the dial answer only, never in a session view or a log; the dial's window and limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../../helpers.js';
import {
  createHarness,
  decide,
  LINA,
  pending,
  requestApproval,
  through,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`declines and the call-back to the reserved mobile (${DB_KIND})`, () => {
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

  const decline = (token: string, id: string, step: string, reason = '客户不愿提供') =>
    h.req('POST', `/api/v1/verifications/${id}/decline`, token, { step, reason });
  const switchToCallback = (token: string, id: string) =>
    h.req('POST', `/api/v1/verifications/${id}/method`, token, {
      alternative: 'callback-instead-of-otp',
      reason: '客户手机收不到短信',
    });
  const dial = (token: string, id: string) =>
    h.req('POST', `/api/v1/verifications/${id}/callback-dial`, token);
  const report = (token: string, id: string, dialId: string, answered = true, callId = 'cb-1') =>
    h.req('POST', `/api/v1/verifications/${id}/callback`, token, { dialId, callId, answered });
  const events = async () =>
    (
      await h.db.query<{ step: string; outcome: string; note: string | null }>(
        'select step, outcome, note from verification_events order by id',
      )
    ).rows;

  it('declining the basic check is recorded and offers nothing: it is the floor (Art. 5)', async () => {
    const id = await through(h, h.tokens.agent, 'enquiry');
    const res = await decline(h.tokens.agent, id, 'basic', '客户不愿报身份证号');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'declined',
      status: 'in-progress',
      nextStep: 'basic',
      decline: { step: 'basic', alternatives: [], noAlternative: 'basic-is-the-floor' },
    });
    expect(await events()).toEqual([
      { step: 'decline', outcome: 'basic-no-alternative', note: '客户不愿报身份证号' },
    ]);
    // A step that is not open cannot be declined, and bad input changes nothing.
    expect((await decline(h.tokens.agent, id, 'otp')).statusCode).toBe(409);
    expect((await decline(h.tokens.agent, id, 'confirmation')).statusCode).toBe(400);
    expect((await decline(h.tokens.agent, id, 'basic', '')).statusCode).toBe(400);
    expect(await events()).toHaveLength(1);
  });

  it('declined passcode → call-back: the number reaches the dial answer only; the session completes', async () => {
    const id = await through(h, h.tokens.agent, 'large-loan', LINA, ['basic', 'password']);
    const declined = await decline(h.tokens.agent, id, 'otp', '客户不愿接收短信');
    expect(declined.json().decline).toEqual({
      step: 'otp',
      alternatives: ['callback-instead-of-otp'],
      noAlternative: null,
    });
    const switched = await switchToCallback(h.tokens.agent, id);
    expect(switched.json()).toMatchObject({
      result: 'switched',
      nextStep: 'callback',
      approval: { state: 'not-requested', reasons: ['beyond-tier', 'alternative-method'] },
    });
    const dialled = await dial(h.tokens.agent, id);
    expect(dialled.statusCode).toBe(200);
    const { dial: target } = dialled.json();
    expect(target).toMatchObject({ number: LINA.mobile, masked: '139****0001' });
    expect(dialled.json().result).toBe('dialled');
    // Anywhere else the number stays masked: the session view, the step answers, the logs.
    const view = await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.agent);
    expect(view.body).not.toContain(LINA.mobile);
    expect(switched.body).not.toContain(LINA.mobile);
    const answered = await report(h.tokens.agent, id, target.dialId);
    expect(answered.json()).toMatchObject({ result: 'passed', nextStep: 'confirmation' });
    expect(answered.body).not.toContain(LINA.mobile);
    expect(h.logs.join('')).not.toContain(LINA.mobile);
    // Completing still needs the lead (Art. 10); then the read-back verifies.
    expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(403);
    expect((await requestApproval(h, h.tokens.agent, id)).statusCode).toBe(200);
    const approvalId = (await pending(h, h.tokens.lead)).json().approvals[0].id as string;
    expect((await decide(h, h.tokens.lead, approvalId, true)).statusCode).toBe(200);
    expect((await h.confirm(h.tokens.agent, id)).json()).toMatchObject({ status: 'verified' });
    const { rows } = await h.db.query<{ call_id: string; outcome: string }>(
      'select call_id, outcome from verification_callbacks',
    );
    expect(rows).toEqual([{ call_id: 'cb-1', outcome: 'answered' }]);
    const steps = (await events()).map((e) => `${e.step}:${e.outcome}`);
    expect(steps).toEqual([
      'basic:passed',
      'password:passed',
      'decline:otp-alternative-offered',
      'method:callback-instead-of-otp',
      'callback-dial:dialled',
      'callback:answered',
      'approval-request:requested',
      'approval-decision:approved',
      'confirmation:verified',
    ]);
    const { rows: all } = await h.db.query('select * from verification_callbacks');
    expect(JSON.stringify(all)).not.toContain(LINA.mobile);
  });

  it('refuses a dial out of order, an unknown or settled dial, an expired answer, a fourth dial', async () => {
    const id = await through(h, h.tokens.lead, 'account-change', LINA, ['basic']);
    expect((await dial(h.tokens.lead, id)).statusCode).toBe(409);
    await switchToCallback(h.tokens.lead, id);
    // The password comes first.
    expect((await dial(h.tokens.lead, id)).statusCode).toBe(409);
    expect((await h.password(h.tokens.lead, id, LINA.transaction)).json().result).toBe('passed');
    const first = (await dial(h.tokens.lead, id)).json().dial.dialId as string;
    expect((await report(h.tokens.lead, id, crypto.randomUUID())).statusCode).toBe(404);
    const missed = await report(h.tokens.lead, id, first, false);
    expect(missed.json()).toMatchObject({ result: 'not-answered', nextStep: 'callback' });
    expect((await report(h.tokens.lead, id, first, true)).statusCode).toBe(409);
    const second = (await dial(h.tokens.lead, id)).json().dial.dialId as string;
    h.tick(181);
    expect((await report(h.tokens.lead, id, second, true)).statusCode).toBe(409);
    expect((await dial(h.tokens.lead, id)).statusCode).toBe(200);
    expect((await dial(h.tokens.lead, id)).statusCode).toBe(429);
    const view = (await h.req('GET', `/api/v1/verifications/${id}`, h.tokens.lead)).json();
    expect(view.steps).toContainEqual({ step: 'callback', passed: false });
  });

  it("another agent cannot dial the customer of someone else's session (Art. 10)", async () => {
    const id = await through(h, h.tokens.agent, 'large-loan', LINA, ['basic', 'password']);
    await switchToCallback(h.tokens.agent, id);
    const res = await dial(h.tokens.agent2, id);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain(LINA.mobile);
    expect(await h.alerts('over-permission')).toHaveLength(1);
  });
});
