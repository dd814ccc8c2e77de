// The review routes over HTTP (Art. 10, 19): leads only (below: 403 and recorded), the queue
// newest day first with names and masked callers, one session with its call's timeline and the
// steps to mark, and the review — every step, a reason for each incorrect one, once, never of
// one's own call. Every refusal writes nothing but its alert.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asSuperuser, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  createHarness,
  LINA,
  WANGFANG,
  type Customer,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`review routes (${DB_KIND})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset({ review: { sampleRate: 1, seed: 'test-seed' } });
  });

  const verifiedEnquiry = async (token: string, customer: Customer, callId: string) => {
    const opened = await h.open(token, { businessType: 'enquiry', customer, callId });
    const id = opened.json().id as string;
    expect((await h.basic(token, id, customer)).json().result).toBe('passed');
    expect((await h.confirm(token, id)).json().status).toBe('verified');
    return id;
  };
  const list = (query = '', token = h.tokens.lead) =>
    h.req('GET', `/api/v1/reviews${query}`, token);
  const review = (id: string, body: object, token = h.tokens.lead) =>
    h.req('POST', `/api/v1/reviews/${id}`, token, body);
  const allCorrect = {
    steps: [
      { step: 'basic', correct: true },
      { step: 'confirmation', correct: true },
    ],
  };

  it('lists the queue newest day first, by name, masked, filtered by day, status and team', async () => {
    const first = await verifiedEnquiry(h.tokens.agent, LINA, 'call-a');
    h.tick(24 * 3600);
    await h.signInAll();
    const second = await verifiedEnquiry(h.tokens.agent2, WANGFANG, 'call-b');
    const res = await list();
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.nextOffset).toBeNull();
    expect(page.reviews.map((r: { sessionId: string }) => r.sessionId)).toEqual([second, first]);
    expect(page.reviews[1]).toEqual({
      sessionId: first,
      callId: 'call-a',
      day: '2026-03-02',
      agentUsername: 'agent01',
      agentName: '张伟',
      team: '信用卡一组',
      caller: '139****0001',
      businessType: 'enquiry',
      outcome: 'verified',
      reasons: ['random'],
      sampledAt: '2026-03-02T09:00:00.000Z',
      status: 'pending',
      reviewerName: null,
      reviewedAt: null,
      correct: null,
    });
    expect(JSON.stringify(page)).not.toContain(LINA.mobile);
    expect((await list('?day=2026-03-03')).json().reviews).toHaveLength(1);
    expect((await list('?status=reviewed')).json().reviews).toEqual([]);
    expect((await list('?limit=1')).json().nextOffset).toBe(1);
    expect((await list('?team=nobody-team')).json().reviews).toEqual([]);
    // agent02 is in no team: only agent01's call is the team's.
    const team = (await list(`?team=${encodeURIComponent('信用卡一组')}`)).json().reviews;
    expect(team.map((r: { sessionId: string }) => r.sessionId)).toEqual([first]);
    expect((await list('?team=all')).json().reviews).toHaveLength(2);
    expect((await list('?day=2026-13-01')).statusCode).toBe(400);
    expect((await list('?status=maybe')).statusCode).toBe(400);
  });

  it('refuses agents and seniors (403) and records each attempt', async () => {
    const id = await verifiedEnquiry(h.tokens.agent, LINA, 'call-a');
    for (const [attempt, action] of [
      [() => list('', h.tokens.agent), 'list-reviews'],
      [() => h.req('GET', `/api/v1/reviews/${id}`, h.tokens.senior), 'read-review'],
      [() => review(id, allCorrect, h.tokens.agent2), 'review-session'],
    ] as const) {
      h.tick(1);
      expect((await attempt()).statusCode).toBe(403);
      expect((await h.alerts('over-permission')).at(-1)?.reasons).toEqual([action]);
    }
    expect((await h.db.query('select * from session_reviews')).rows).toEqual([]);
  });

  it('opens one session with its call’s timeline and the steps to mark', async () => {
    const id = await verifiedEnquiry(h.tokens.agent, LINA, 'call-a');
    const res = await h.req('GET', `/api/v1/reviews/${id}`, h.tokens.lead);
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json();
    expect(detail.steps).toEqual(['basic', 'confirmation']);
    expect(detail.review).toBeNull();
    expect(detail.item.sessionId).toBe(id);
    expect(detail.timeline.call.callId).toBe('call-a');
    expect(detail.timeline.items.map((i: { what: string }) => i.what)).toEqual(
      expect.arrayContaining(['opened', 'basic: passed', 'confirmation: verified']),
    );
    expect(Object.keys(detail.timeline.names)).toContain('agent01');
    // The read is audited like an archive read (Art. 11).
    const audit = await h.db.query<{ agent_username: string }>(
      "select agent_username from archive_searches where action = 'timeline'",
    );
    expect(audit.rows).toEqual([{ agent_username: 'lead01' }]);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await h.req('GET', `/api/v1/reviews/${missing}`, h.tokens.lead)).statusCode).toBe(404);
    expect((await h.req('GET', '/api/v1/reviews/not-a-uuid', h.tokens.lead)).statusCode).toBe(400);
  });

  it('takes a review of every step once: incorrect needs a reason; the item shows reviewed', async () => {
    const id = await verifiedEnquiry(h.tokens.agent, LINA, 'call-a');
    const before = await dumpDb(h.db);
    for (const [body, message] of [
      [{ steps: [{ step: 'basic', correct: true }] }, /not marked: confirmation/],
      [
        {
          steps: [
            { step: 'basic', correct: false },
            { step: 'confirmation', correct: true },
          ],
        },
        /incorrect without a reason/,
      ],
      [{ steps: [...allCorrect.steps, { step: 'otp', correct: true }] }, /"otp" is not a step/],
    ] as const) {
      const res = await review(id, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    for (const body of [
      {},
      { steps: [] },
      { steps: [{ step: 'basic', correct: false, reason: 'not-a-reason' }] },
      { ...allCorrect, extra: 1 },
      { ...allCorrect, note: '' },
    ])
      expect((await review(id, body)).statusCode).toBe(400);
    expect(await dumpDb(h.db)).toBe(before);

    const body = {
      steps: [
        { step: 'basic', correct: true },
        { step: 'confirmation', correct: false, reason: 'read-back-not-done', note: '未复述' },
      ],
      note: '复述环节需加强',
    };
    const res = await review(id, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().review).toEqual({
      reviewer: 'lead01',
      reviewerName: expect.any(String),
      reviewedAt: '2026-03-02T09:00:00.000Z',
      correct: false,
      steps: body.steps,
      note: '复述环节需加强',
    });
    expect(res.json().item).toMatchObject({ status: 'reviewed', correct: false });
    expect((await list('?status=reviewed')).json().reviews).toHaveLength(1);
    expect((await list('?status=pending')).json().reviews).toEqual([]);
    const again = await review(id, allCorrect, h.tokens.lead2);
    expect(again.statusCode).toBe(409);
    const rows = await h.db.query('select reviewer, correct from session_reviews');
    expect(rows.rows).toEqual([{ reviewer: 'lead01', correct: false }]);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await review(missing, allCorrect)).statusCode).toBe(404);
  });

  it('two leads reviewing at once: one review is kept, the other is told it was reviewed', async () => {
    const id = await verifiedEnquiry(h.tokens.agent, LINA, 'call-a');
    const [a, b] = await Promise.all([
      review(id, allCorrect, h.tokens.lead),
      review(id, allCorrect, h.tokens.lead2),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await h.db.query('select session_id from session_reviews')).rows).toHaveLength(1);
  });

  it('refuses a review of one’s own call (403) and records it; another lead may review it', async () => {
    const id = await verifiedEnquiry(h.tokens.lead, LINA, 'call-own');
    const before = await dumpDb(h.db);
    const res = await review(id, allCorrect);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/own call/);
    const alerts = await h.alerts('over-permission');
    expect(alerts).toEqual([
      expect.objectContaining({
        agent_username: 'lead01',
        session_id: id,
        reasons: ['review-own-call'],
      }),
    ]);
    await asSuperuser(h.db, "delete from alerts where kind = 'over-permission'");
    expect(await dumpDb(h.db)).toBe(before);
    const other = await review(id, allCorrect, h.tokens.lead2);
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().item.correct).toBe(true);
  });
});
