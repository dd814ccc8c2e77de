// A training call never counts (Art. 9, 19, 22, 26): an ended training session is never drawn
// for the quality review, and a training call a desk reports is neither a queue figure nor the
// agent's workload on the floor — while the same live calls are.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import { LINA } from '../verification-harness.js';
import { TC_LI, trainingHarness } from './fixtures.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`training calls count nowhere (${DB_KIND})`, () => {
  let h: Awaited<ReturnType<typeof trainingHarness>>;
  beforeAll(async () => {
    h = await trainingHarness();
    await h.reset({ review: { sampleRate: 1 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is never sampled for review, nor a queue figure, nor floor workload', async () => {
    const training = await h.req('POST', '/api/v1/verifications', h.tokens.agent, {
      callId: 'training-call',
      callerNumber: TC_LI.mobile,
      callerIdSource: 'pai',
      businessType: 'enquiry',
      customerId: h.trainee.get('tc-li'),
    });
    const tid = training.json().id as string;
    const basic = await h.req('POST', `/api/v1/verifications/${tid}/basic`, h.tokens.agent, {
      customerId: h.trainee.get('tc-li'),
      mobile: TC_LI.mobile,
      nationalId: TC_LI.nationalId,
    });
    expect(basic.json().result).toBe('passed');
    expect((await h.confirm(h.tokens.agent, tid)).json().status).toBe('verified');
    const live = await h.open(h.tokens.agent, {
      businessType: 'enquiry',
      customer: LINA,
      callId: 'live-call',
    });
    await h.basic(h.tokens.agent, live.json().id, LINA);
    expect((await h.confirm(h.tokens.agent, live.json().id)).json().status).toBe('verified');
    const sampled = await h.db.query<{ session_id: string }>('select session_id from review_queue');
    expect(sampled.rows.map((r) => r.session_id)).toEqual([live.json().id]);

    const at = (s: number) => new Date(h.clock.now.getTime() + s * 1000).toISOString();
    h.tick(120);
    const events = ['training-call', 'live-call'].flatMap((callId, i) => [
      { callId, kind: 'arrived', at: at(i) },
      { callId, kind: 'answered', at: at(i + 5) },
    ]);
    const posted = await h.req('POST', '/api/v1/queues/events', h.tokens.agent, { events });
    expect(posted.statusCode, posted.body).toBe(200);
    const stats = (await h.req('GET', '/api/v1/queues/today', h.tokens.lead)).json();
    expect(stats).toMatchObject({ offered: 1, answered: 1 });

    const report = (state: string, callId: string | null, since: string) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/v1/desks/me/state',
        headers: { authorization: `Bearer ${h.tokens.agent}` },
        payload: {
          deviceId: 'desk-1',
          connectivity: 'online',
          backlog: 0,
          state,
          since,
          call: callId && {
            callId,
            caller: '170****0101',
            businessType: 'enquiry',
            sessionId: null,
            step: 'basic',
            awaitingApproval: false,
          },
        },
      });
    expect((await report('on-call', 'training-call', at(10))).statusCode).toBe(200);
    h.tick(60);
    await report('ready', null, at(70));
    const floorOf = async () =>
      (await h.req('GET', '/api/v1/floor', h.tokens.lead))
        .json()
        .agents.find((a: { username: string }) => a.username === 'agent01').workload;
    expect(await floorOf()).toMatchObject({ calls: 0, talkMs: 0 });
    h.tick(10);
    await report('on-call', 'live-call', at(80));
    h.tick(30);
    await report('ready', null, at(110));
    expect((await floorOf()).calls).toBe(1);
  });
});
