// Main's review room against the real routes (through app.inject): the lead's handlers list the
// queue, open a sampled call and submit its review; signed out is `unauthorized`, an agent's
// token is refused by the service (`forbidden`), one's own call too.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentProfile } from '../../../../common/domain.js';
import { createRecordsClient } from '../../../../main/core/records-client.js';
import { leadReviewsHandlers } from '../../../../main/core/reviews.js';
import { DB_KIND, DB_TIMEOUT_MS } from '../../server/helpers.js';
import { createHarness, LINA, type Harness } from '../../server/verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`main: a lead's reviews (${DB_KIND})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.reset({ review: { sampleRate: 1, seed: 'main-test' } });
  });
  afterAll(async () => {
    await h?.close();
  });
  const records = createRecordsClient({
    baseUrl: 'http://records.test',
    fetch: (async (url: string, init: RequestInit) => {
      const res = await h.app.inject({
        method: init.method as 'GET' | 'POST',
        url: new URL(url).pathname + new URL(url).search,
        headers: init.headers as Record<string, string>,
        ...(init.body ? { payload: init.body as string } : {}),
      });
      return new Response(res.body, {
        status: res.statusCode,
        headers: { 'content-type': String(res.headers['content-type'] ?? '') },
      });
    }) as typeof fetch,
  });
  const as = (token: () => string | null) =>
    leadReviewsHandlers({
      records,
      session: () => {
        const t = token();
        return t ? { token: t, agent: { username: 'x' } as AgentProfile } : null;
      },
    });
  const ctx = { host: 'web', sender: 'test' } as never;
  const verified = async (token: string, callId: string) => {
    const id = (await h.open(token, { businessType: 'enquiry', customer: LINA, callId })).json()
      .id as string;
    await h.basic(token, id, LINA);
    expect((await h.confirm(token, id)).json().status).toBe('verified');
    return id;
  };

  it('lists, opens and reviews as the lead; refuses signed out, an agent and one’s own call', async () => {
    const id = await verified(h.tokens.agent, 'call-m1');
    const own = await verified(h.tokens.lead, 'call-m2');
    const lead = as(() => h.tokens.lead);
    const page = await lead['reviews:list']({ status: 'pending', offset: 0 }, ctx);
    expect(page.reviews.map((r) => r.sessionId).sort()).toEqual([id, own].sort());
    const detail = await lead['reviews:open']({ sessionId: id }, ctx);
    expect(detail.steps).toEqual(['basic', 'confirmation']);
    const steps = detail.steps.map((step) => ({ step, correct: true }));
    const done = await lead['reviews:submit']({ sessionId: id, steps, note: '规范' }, ctx);
    expect(done.item).toMatchObject({ status: 'reviewed', correct: true });
    expect(
      (await lead['reviews:list']({ status: 'reviewed', offset: 0 }, ctx)).reviews,
    ).toHaveLength(1);
    await expect(
      Promise.resolve(lead['reviews:submit']({ sessionId: own, steps }, ctx)),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      Promise.resolve().then(() => as(() => null)['reviews:list']({ offset: 0 }, ctx)),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(
      Promise.resolve(as(() => h.tokens.agent)['reviews:list']({ offset: 0 }, ctx)),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
