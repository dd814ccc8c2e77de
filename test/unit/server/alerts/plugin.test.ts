// The supervisors' alert list over HTTP (Art. 10, 18): leads only, newest first, filterable.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import { createHarness, LINA, type Harness } from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`alerts (${DB_KIND})`, () => {
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

  describe('GET /api/v1/alerts (Art. 10, 18)', () => {
    it('lists alerts for a lead, newest first, filterable by kind', async () => {
      await h.req('GET', '/api/v1/alerts', h.tokens.agent);
      h.tick(1);
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
        .id;
      for (let i = 0; i < 3; i++)
        await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' });
      const all = (await h.req('GET', '/api/v1/alerts', h.tokens.lead)).json().alerts;
      expect(all.map((a: { kind: string }) => a.kind)).toEqual([
        'verification-exception',
        'over-permission',
      ]);
      const only = (
        await h.req('GET', '/api/v1/alerts?kind=over-permission&open=true', h.tokens.lead)
      ).json().alerts;
      expect(only).toEqual([
        expect.objectContaining({
          kind: 'over-permission',
          agentUsername: 'agent01',
          acknowledged: false,
        }),
      ]);
    });
  });
});
