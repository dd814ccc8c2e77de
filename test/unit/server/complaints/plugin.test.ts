// The complaint queue over HTTP (Art. 16): filled from `complaint.recorded` journal entries with
// a response deadline (the desk's promise or five days), listed masked to leads, earliest
// deadline first; below lead refused and recorded (Art. 10).
import { describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import {
  COMPLAINT,
  makeChain,
  newDevice,
  T0,
  useJournalServer,
} from '../journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`complaint queue (${DB_KIND})`, () => {
  const s = useJournalServer();
  const { send } = s;

  describe('GET /api/v1/complaints (team lead and above)', () => {
    it('lists open complaints with their deadline, masked, to a lead; refuses an agent (403, recorded) and no token (401)', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 4, {
        2: COMPLAINT,
        // The desk promised 10 days (its complaintResponseDays): the queue keeps that deadline.
        4: {
          type: 'complaint.recorded',
          data: {
            category: 'fees',
            summary: '收费疑问',
            wantsReply: true,
            dueAt: new Date(T0 + 4000 + 10 * 86_400_000).toISOString(),
          },
        },
      });
      await send(device, entries);
      const get = (url: string, token: string | null) =>
        s.app.inject({
          method: 'GET',
          url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });

      const complaints = await get('/api/v1/complaints?status=open', s.leadToken);
      expect(complaints.statusCode).toBe(200);
      expect(complaints.json().complaints).toContainEqual(
        expect.objectContaining({
          entryId: entries[1]!.id,
          category: 'wait-time',
          customerRef: '张*',
          respondBy: new Date(Date.parse(entries[1]!.at) + 5 * 86_400_000).toISOString(),
        }),
      );
      const promised = complaints
        .json()
        .complaints.find((c: { entryId: string }) => c.entryId === entries[3]!.id);
      expect(promised?.respondBy).toBe(
        new Date(Date.parse(entries[3]!.at) + 10 * 86_400_000).toISOString(),
      );
      const refs = complaints
        .json()
        .complaints.map((row: { customerRef: string | null }) => row.customerRef ?? '*');
      for (const ref of refs) expect(ref).not.toMatch(/\d{5}/);

      const url = '/api/v1/complaints';
      expect((await get(url, s.agentToken)).json()).toEqual({
        error: { code: 'forbidden', message: expect.stringMatching(/team leads only/) },
      });
      expect((await get(url, s.agentToken)).statusCode).toBe(403);
      expect((await get(url, null)).statusCode).toBe(401);
      // Art. 10: each refusal is recorded as an over-permission attempt.
      const { rows } = await s.db.query<{ n: number }>(
        `select count(*)::int as n from alerts where kind = 'over-permission' and reasons ? $1`,
        ['list-complaints'],
      );
      expect(rows[0]!.n).toBe(2);
      expect((await get(`${url}?status=bogus`, s.leadToken)).statusCode).toBe(400);
    });
  });
});
