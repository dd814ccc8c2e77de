// Art. 5(2) across calls: failed basic checks count per customer over the policy's 24 h window,
// every session counted, so calling again resets nothing; at the limit a new call meets the
// exception at once, and the exception procedure opens one follow-up case in the leads' queue.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openExceptionFollowUp } from '../../../../../server/callbacks/repository.js';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../../helpers.js';
import {
  createHarness,
  LINA,
  T0,
  WANGFANG,
  ZHAOMIN,
  type Customer,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const DAY = 24 * 60 * 60;
const WRONG = { mobile: '13900000009' };

describe(`basic check failures per customer across calls (${DB_KIND})`, () => {
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

  /** A new call: a session opened from the caller's number, the customer named by the check. */
  const call = async (callId: string, token = h.tokens.agent, callerNumber = LINA.mobile) => {
    const res = await h.open(token, { businessType: 'enquiry', callerNumber, callId });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const basic = async (
    id: string,
    customer: Customer = LINA,
    overrides: object = {},
    token = h.tokens.agent,
  ) => {
    const res = await h.basic(token, id, customer, overrides);
    expect(res.statusCode).toBe(200);
    return res.json() as { result: string; status: string; attemptsLeft: number | null };
  };
  const followUps = async () => {
    const res = await h.req('GET', '/api/v1/callbacks?status=open', h.tokens.lead);
    expect(res.statusCode).toBe(200);
    return res.json().callbacks as Record<string, unknown>[];
  };

  it('counts across two calls of the same customer: 2 failures, then 1 more is the exception', async () => {
    const first = await call('call-1');
    expect(await basic(first, LINA, WRONG)).toMatchObject({ result: 'failed', attemptsLeft: 2 });
    h.tick(60);
    expect(await basic(first, LINA, WRONG)).toMatchObject({ result: 'failed', attemptsLeft: 1 });
    h.tick(600);
    // The caller hangs up and calls again, reaching another agent.
    const second = await call('call-2', h.tokens.agent2);
    const view = await h.req('GET', `/api/v1/verifications/${second}`, h.tokens.agent2);
    expect(view.json().basic).toEqual({ failures: 0, limit: 3 });
    // A session opened for the customer (the caller-ID look-up) shows what they have left.
    const known = await h.open(h.tokens.agent2, {
      businessType: 'enquiry',
      customer: LINA,
      callId: 'call-2b',
    });
    expect(known.json().basic).toEqual({ failures: 2, limit: 3 });
    expect(await basic(second, LINA, WRONG, h.tokens.agent2)).toEqual(
      expect.objectContaining({ result: 'exception', status: 'exception', attemptsLeft: 0 }),
    );
    const after = await h.req('GET', `/api/v1/verifications/${second}`, h.tokens.agent2);
    expect(after.json()).toMatchObject({ basic: { failures: 3, limit: 3 }, nextStep: null });
    expect(await h.alerts('verification-exception')).toEqual([
      expect.objectContaining({
        session_id: second,
        agent_username: 'agent02',
        reasons: ['basic-attempts-exhausted'],
      }),
    ]);
    // The first call's session is still open, but the customer is at the limit there too.
    expect(await basic(first, LINA)).toMatchObject({ result: 'exception', status: 'exception' });
  });

  it('already at the limit: a new call meets the exception at once, right answers or not', async () => {
    const first = await call('call-1');
    for (let i = 0; i < 3; i++) await basic(first, LINA, WRONG);
    h.tick(3600);
    const again = await call('call-2');
    expect(await basic(again, LINA)).toMatchObject({
      result: 'exception',
      status: 'exception',
      attemptsLeft: 0,
    });
    // Nothing was compared and nothing counted: the attempt is recorded as the exception.
    const { rows } = await h.db.query<{ outcome: string }>(
      'select outcome from verification_events where session_id = $1',
      [again],
    );
    expect(rows).toEqual([{ outcome: 'exception' }]);
    const view = (await h.req('GET', `/api/v1/verifications/${again}`, h.tokens.agent)).json();
    expect(view).toMatchObject({
      status: 'exception',
      nextStep: null,
      customer: { mobile: '139****0001' },
      steps: [
        { step: 'basic', passed: false },
        { step: 'confirmation', passed: false },
      ],
    });
    // A session opened for the customer from the caller-ID look-up meets it the same way.
    const known = (
      await h.open(h.tokens.agent, { businessType: 'fund-transfer', customer: LINA, callId: 'c3' })
    ).json().id as string;
    expect(await basic(known, LINA)).toMatchObject({ result: 'exception' });
  });

  it('the window: a failure exactly 24 h old has aged out, one a second younger has not', async () => {
    const first = await call('call-1');
    await basic(first, LINA, WRONG); // T0
    h.tick(10);
    await basic(first, LINA, WRONG); // T0 + 10 s
    h.clock.now = new Date(T0.getTime() + (DAY - 1) * 1000);
    await h.signInAll();
    const before = await call('call-2');
    expect(await basic(before, LINA, WRONG)).toMatchObject({ result: 'exception' });

    await h.reset();
    const again = await call('call-1');
    await basic(again, LINA, WRONG); // T0
    h.tick(10);
    await basic(again, LINA, WRONG); // T0 + 10 s
    h.clock.now = new Date(T0.getTime() + DAY * 1000);
    await h.signInAll();
    const later = await call('call-2');
    expect(await basic(later, LINA, WRONG)).toMatchObject({ result: 'failed', attemptsLeft: 1 });
    h.tick(10); // T0 + 24 h + 10 s: both earlier failures aged out; the right answers pass
    expect(await basic(later, LINA)).toMatchObject({ result: 'passed', status: 'in-progress' });
  });

  it('other customers are unaffected, even one sharing the reserved mobile', async () => {
    const first = await call('call-1');
    for (let i = 0; i < 3; i++) await basic(first, LINA, WRONG);
    const wang = await call('call-2', h.tokens.agent, WANGFANG.mobile);
    expect(await basic(wang, WANGFANG, WRONG)).toMatchObject({ result: 'failed', attemptsLeft: 2 });
    expect(await basic(wang, WANGFANG)).toMatchObject({ result: 'passed' });
    const zhao = await call('call-3', h.tokens.agent2, ZHAOMIN.mobile);
    expect(await basic(zhao, ZHAOMIN, {}, h.tokens.agent2)).toMatchObject({ result: 'passed' });
    expect((await followUps()).map((c) => c.customerId)).toEqual([h.ids.get(LINA.name)]);
  });

  it('the exception opens one follow-up case in the leads’ queue: the call, the agent, the reason', async () => {
    const first = await call('call-1');
    await basic(first, LINA, WRONG);
    h.tick(60);
    const second = await call('call-2', h.tokens.agent2);
    await basic(second, LINA, WRONG, h.tokens.agent2);
    h.tick(60);
    await basic(second, LINA, WRONG, h.tokens.agent2);
    const opened = new Date(h.clock.now).toISOString();
    expect(await followUps()).toEqual([
      {
        id: expect.any(String),
        kind: 'exception',
        entryId: null,
        deviceId: null,
        sessionId: second,
        callId: 'call-2',
        customerId: h.ids.get(LINA.name),
        customerRef: '139****0001',
        reason: 'basic check failed 3 times in 24 h',
        notes: null,
        requestedAt: opened,
        requestedBy: 'agent02',
        requestedByName: '周杰',
        status: 'open',
        closedAt: null,
        closedBy: null,
        closedByName: null,
        closeNote: null,
      },
    ]);
    // Once per exception: opening it again for the session changes nothing.
    const before = await dumpDb(h.db);
    expect(
      await openExceptionFollowUp(h.db, {
        sessionId: second,
        callId: 'call-2',
        customerId: h.ids.get(LINA.name)!,
        customerRef: '139****0001',
        reason: 'basic check failed 3 times in 24 h',
        agent: 'agent02',
        at: h.clock.now,
      }),
    ).toBe(false);
    expect(await dumpDb(h.db)).toBe(before);
    // The ended session refuses further checks, writing nothing (no second case, no alert).
    expect((await h.basic(h.tokens.agent2, second, LINA)).statusCode).toBe(409);
    expect(await dumpDb(h.db)).toBe(before);
    // A lead works the case like any call-back; an agent cannot list the queue.
    const [item] = await followUps();
    const closed = await h.req(
      'POST',
      `/api/v1/callbacks/${String(item!.id)}/close`,
      h.tokens.lead,
      {
        outcome: 'done',
        note: '已回拨预留手机号',
      },
    );
    expect(closed.json()).toMatchObject({ kind: 'exception', status: 'done', closedBy: 'lead01' });
    expect((await h.req('GET', '/api/v1/callbacks', h.tokens.agent)).statusCode).toBe(403);
  });

  it('each call that meets the exception opens its own case; none holds a full number', async () => {
    const first = await call('call-1');
    for (let i = 0; i < 3; i++) await basic(first, LINA, WRONG);
    h.tick(60);
    const again = await call('call-2', h.tokens.agent2);
    await basic(again, LINA, {}, h.tokens.agent2);
    const cases = await followUps();
    expect(cases.map((c) => [c.callId, c.requestedBy, c.sessionId])).toEqual([
      ['call-1', 'agent01', first],
      ['call-2', 'agent02', again],
    ]);
    for (const c of cases) expect(c.customerRef).not.toMatch(/\d{5}/);
    expect(JSON.stringify(cases)).not.toContain(LINA.mobile);
    expect(await h.alerts('verification-exception')).toHaveLength(2);
  });

  it('concurrent calls of one customer cannot exceed the limit together (customer row lock)', async () => {
    const sessions = [await call('call-1'), await call('call-2', h.tokens.agent2)];
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        h.basic(i % 2 ? h.tokens.agent2 : h.tokens.agent, sessions[i % 2]!, LINA, WRONG),
      ),
    );
    expect(answers.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    const { rows } = await h.db.query<{ n: number }>(
      "select count(*)::int as n from verification_events where step = 'basic' and outcome = 'failed'",
    );
    expect(rows[0]!.n).toBe(3);
    expect(
      answers.filter((r) => r.statusCode === 200 && r.json().result === 'exception').length,
    ).toBeGreaterThanOrEqual(1);
  });
});
