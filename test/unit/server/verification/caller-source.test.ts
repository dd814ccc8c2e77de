// Art. 18 over HTTP: where the caller number came from is recorded on the session; a number a
// trusted proxy did not assert counts as "caller not on the reserved mobile" on high-risk business
// even when it equals the reserved mobile (common/policy/caller-source.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import { createHarness, LINA, type Harness } from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`caller ID source (${DB_KIND})`, () => {
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

  it('asserted vs From only, on high-risk and lower-risk business', async () => {
    const cases = [
      ['pai', 'large-loan', 'not-required'],
      ['from', 'large-loan', 'not-requested'],
      ['pai', 'enquiry', 'not-required'],
      ['from', 'enquiry', 'not-required'],
    ] as const;
    for (const [callerIdSource, businessType, approval] of cases) {
      const res = await h.open(h.tokens.lead, { businessType, customer: LINA, callerIdSource });
      expect(res.statusCode).toBe(201);
      const view = res.json();
      expect(view.callerIdSource).toBe(callerIdSource);
      expect(view.approval.state, `${callerIdSource} ${businessType}`).toBe(approval);
      if (approval === 'not-requested') {
        expect(view.approval.reasons).toEqual(['caller-not-reserved-mobile']);
        expect(view.steps.map((s: { step: string }) => s.step)).toContain('otp');
      }
      const again = await h.req('GET', `/api/v1/verifications/${view.id}`, h.tokens.lead);
      expect(again.json().callerIdSource).toBe(callerIdSource);
    }
  });

  it('nothing said: From only (nothing asserted it)', async () => {
    const res = await h.open(h.tokens.lead, {
      businessType: 'account-change',
      customer: LINA,
      callerIdSource: null,
    });
    expect(res.json()).toMatchObject({
      callerIdSource: 'from',
      approval: { reasons: ['caller-not-reserved-mobile'] },
    });
  });

  it('learnt at the basic check: a From-only number equal to the reserved mobile', async () => {
    const id = (
      await h.open(h.tokens.lead, {
        businessType: 'large-loan',
        callerNumber: LINA.mobile,
        callerIdSource: 'from',
      })
    ).json().id;
    const res = await h.basic(h.tokens.lead, id, LINA);
    expect(res.json()).toMatchObject({
      result: 'passed',
      approval: { state: 'not-requested', reasons: ['caller-not-reserved-mobile'] },
    });
    const asserted = (
      await h.open(h.tokens.lead, { businessType: 'large-loan', callerNumber: LINA.mobile })
    ).json().id;
    expect((await h.basic(h.tokens.lead, asserted, LINA)).json().approval.state).toBe(
      'not-required',
    );
  });

  it('an unknown source is refused and nothing is written', async () => {
    const before = await dumpDb(h.db);
    const res = await h.req('POST', '/api/v1/verifications', h.tokens.lead, {
      callId: 'call-1',
      callerNumber: LINA.mobile,
      businessType: 'large-loan',
      callerIdSource: 'trust-me',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/callerIdSource/);
    expect(await dumpDb(h.db)).toBe(before);
    expect(await countRows(h.db, 'verification_sessions')).toBe(0);
  });
});
