// The review sample (Art. 19) in the records service: the seeded draw is reproducible and near its
// rate, a different seed draws differently, and through HTTP an ending session enters the queue in
// its own transaction — always when it needed an approval, hit an exception or changed business,
// by the draw otherwise, never a training call or a session still running.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { reviewPolicy, sampleDraw, sampleIfEnded } from '../../../../server/reviews/sampling.js';
import { DB_KIND, DB_TIMEOUT_MS, TEST_PEPPER } from '../helpers.js';
import {
  createHarness,
  decide,
  LINA,
  requestApproval,
  WANGFANG,
  through,
  verifiedLoan,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const IDS = Array.from({ length: 4000 }, () => randomUUID());
const drawn = (seed: string, rate = 0.05) => IDS.filter((id) => sampleDraw(seed, id) < rate);

describe('the seeded draw', () => {
  it('is the same for the same seed, near the rate, and different for another seed', () => {
    const a = drawn('seed-a');
    expect(drawn('seed-a')).toEqual(a);
    // 5 % of 4000 is 200; three standard deviations (≈ 41) either side.
    expect(a.length).toBeGreaterThan(159);
    expect(a.length).toBeLessThan(241);
    const b = drawn('seed-b');
    expect(b).not.toEqual(a);
    expect(b.filter((id) => a.includes(id)).length).toBeLessThan(a.length / 2);
    expect(drawn('seed-a', 1)).toHaveLength(IDS.length);
    expect(drawn('seed-a', 0)).toHaveLength(0);
  });

  it('defaults the seed from the pepper (secret, shared by instances) and refuses a bad rate', () => {
    const one = reviewPolicy(undefined, TEST_PEPPER);
    expect(one).toEqual(reviewPolicy({}, TEST_PEPPER));
    expect(one.sampleRate).toBe(0.05);
    expect(one.seed).not.toContain(TEST_PEPPER);
    expect(reviewPolicy(undefined, 'another-pepper-0123456789').seed).not.toBe(one.seed);
    expect(reviewPolicy({ seed: 'x', sampleRate: 1 }, TEST_PEPPER)).toEqual({
      seed: 'x',
      sampleRate: 1,
      timeZone: 'Asia/Shanghai',
    });
    expect(() => reviewPolicy({ sampleRate: 1.5 }, TEST_PEPPER)).toThrow(RangeError);
    expect(() => reviewPolicy({ seed: '' }, TEST_PEPPER)).toThrow(RangeError);
  });
});

describe(`sampling ended sessions (${DB_KIND})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset({ review: { sampleRate: 0, seed: 'test-seed' } });
  });

  const queue = async () =>
    (
      await h.db.query<{
        session_id: string;
        day: string;
        agent_username: string;
        reasons: string[];
      }>(
        'select session_id, day::text as day, agent_username, reasons from review_queue order by sampled_at, session_id',
      )
    ).rows;
  const verifiedEnquiry = async (token = h.tokens.agent, callId = 'call-1') => {
    const opened = await h.open(token, { businessType: 'enquiry', customer: LINA, callId });
    const id = opened.json().id as string;
    expect((await h.basic(token, id, LINA)).json().result).toBe('passed');
    expect((await h.confirm(token, id)).json().status).toBe('verified');
    return id;
  };

  it('at rate 0 a plain verified session is not queued; at rate 1 it is, on its Shanghai day', async () => {
    await verifiedEnquiry();
    expect(await queue()).toEqual([]);
    await h.reset({ review: { sampleRate: 1, seed: 'test-seed' } });
    // 23:30 UTC on 2 March is 07:30 on 3 March in the call centre.
    h.clock.now = new Date('2026-03-02T23:30:00.000Z');
    await h.signInAll();
    const id = await verifiedEnquiry();
    expect(await queue()).toEqual([
      { session_id: id, day: '2026-03-03', agent_username: 'agent01', reasons: ['random'] },
    ]);
  });

  it('a session still running is not queued; a training call never is', async () => {
    await h.reset({ review: { sampleRate: 1, seed: 'test-seed' } });
    const running = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
    expect(await queue()).toEqual([]);
    await h.db.query('update verification_sessions set training = true where id = $1', [running]);
    expect((await h.confirm(h.tokens.agent, running)).json().status).toBe('verified');
    expect(await queue()).toEqual([]);
  });

  it('always queues a session that needed an approval (when the lead decides or it completes)', async () => {
    const id = await verifiedLoan(h, h.tokens.agent);
    expect((await requestApproval(h, h.tokens.agent, id)).statusCode).toBe(200);
    expect(await queue()).toEqual([]);
    const approvalId = (await h.db.query<{ id: string }>('select id from verification_approvals'))
      .rows[0]!.id;
    expect((await decide(h, h.tokens.lead, approvalId, false, 'not enough')).statusCode).toBe(200);
    expect(await queue()).toEqual([
      expect.objectContaining({ session_id: id, reasons: ['approval'] }),
    ]);
  });

  it('always queues an exception and a business change; each session once', async () => {
    const wrong = { mobile: '13900000009' };
    const ex = (await h.open(h.tokens.agent, { businessType: 'enquiry', callId: 'call-x' })).json()
      .id as string;
    for (let i = 0; i < 3; i += 1) {
      h.tick(60);
      await h.basic(h.tokens.agent, ex, LINA, wrong);
    }
    h.tick(60);
    const changed = await through(h, h.tokens.agent2, 'enquiry', WANGFANG, ['basic']);
    const res = await h.req('POST', `/api/v1/verifications/${changed}/business`, h.tokens.agent2, {
      businessType: 'important-query',
      reason: 'customer-new-request',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await h.password(h.tokens.agent2, changed, WANGFANG.query)).json().result).toBe(
      'passed',
    );
    expect((await h.confirm(h.tokens.agent2, changed)).json().status).toBe('verified');
    expect(await queue()).toEqual([
      expect.objectContaining({ session_id: ex, reasons: ['exception'] }),
      expect.objectContaining({ session_id: changed, reasons: ['step-up'] }),
    ]);
    const before = await queue();
    const policy = { sampleRate: 1, seed: 'test-seed', timeZone: 'Asia/Shanghai' };
    expect(await sampleIfEnded(h.db, policy, changed, h.clock.now)).toBe(false);
    expect(await queue()).toEqual(before);
  });
});
