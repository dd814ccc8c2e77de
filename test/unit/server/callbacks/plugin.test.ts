// The call-back queue over HTTP (Art. 12): filled from `callback.requested` journal entries,
// listed masked to leads, closed once with who, when and a note; below lead refused and recorded.
import { describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  CALLBACK,
  COMPLAINT,
  makeChain,
  newDevice,
  useJournalServer,
} from '../journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`call-back queue (${DB_KIND})`, () => {
  const s = useJournalServer();
  const { send } = s;

  describe('GET /api/v1/callbacks (team lead and above)', () => {
    it('lists open call-backs, masked, to a lead; refuses an agent (403, recorded) and no token (401)', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 2, { 1: CALLBACK, 2: COMPLAINT });
      await send(device, entries);
      const get = (url: string, token: string | null) =>
        s.app.inject({
          method: 'GET',
          url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });

      const callbacks = await get('/api/v1/callbacks?status=open', s.leadToken);
      expect(callbacks.statusCode).toBe(200);
      expect(callbacks.json().callbacks).toContainEqual({
        id: expect.any(String),
        kind: 'outage',
        entryId: entries[0]!.id,
        deviceId: device,
        sessionId: null,
        callId: 'call-7',
        customerId: null,
        customerRef: '138****5678',
        reason: 'records-outage',
        notes: '客户希望下午回电',
        requestedAt: entries[0]!.at,
        requestedBy: 'agent01',
        requestedByName: '张伟',
        status: 'open',
        closedAt: null,
        closedBy: null,
        closedByName: null,
        closeNote: null,
      });
      for (const row of callbacks.json().callbacks as { customerRef: string }[])
        expect(row.customerRef).not.toMatch(/\d{5}/);

      expect(
        (await get('/api/v1/callbacks?status=done', s.leadToken))
          .json()
          .callbacks.some((c: { entryId: string }) => c.entryId === entries[0]!.id),
      ).toBe(false);
      const url = '/api/v1/callbacks';
      expect((await get(url, s.agentToken)).json()).toEqual({
        error: { code: 'forbidden', message: expect.stringMatching(/team leads only/) },
      });
      expect((await get(url, s.agentToken)).statusCode).toBe(403);
      expect((await get(url, null)).statusCode).toBe(401);
      // Art. 10: each refusal is recorded as an over-permission attempt.
      const { rows } = await s.db.query<{ n: number }>(
        `select count(*)::int as n from alerts where kind = 'over-permission' and reasons ? $1`,
        ['list-callbacks'],
      );
      expect(rows[0]!.n).toBe(2);
      expect((await get(`${url}?status=bogus`, s.leadToken)).statusCode).toBe(400);
    });
  });

  describe('POST /api/v1/callbacks/:id/close (team lead and above)', () => {
    it('a lead closes an open call-back once, with who, when and a note; a second close is a conflict; an agent is refused and recorded', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 2, { 1: CALLBACK, 2: CALLBACK });
      await send(device, entries);
      const { rows } = await s.db.query<{ id: string; entry_id: string }>(
        'select id, entry_id from callbacks where device_id = $1 order by requested_at',
        [device],
      );
      const [first, second] = rows.map((r) => r.id);
      const close = (id: string, token: string | null, payload: unknown) =>
        s.app.inject({
          method: 'POST',
          url: `/api/v1/callbacks/${id}/close`,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          payload: payload as object,
        });

      // Bad input changes nothing.
      const before = await dumpDb(s.db);
      expect((await close(first!, s.leadToken, { outcome: 'maybe' })).statusCode).toBe(400);
      expect((await close(first!, s.leadToken, { outcome: 'done', extra: 1 })).statusCode).toBe(
        400,
      );
      expect(
        (await close(first!, s.leadToken, { outcome: 'done', note: 'x'.repeat(501) })).statusCode,
      ).toBe(400);
      expect((await close('not-a-uuid', s.leadToken, { outcome: 'done' })).statusCode).toBe(400);
      expect((await close(first!, null, { outcome: 'done' })).statusCode).toBe(401);
      expect(await dumpDb(s.db)).toBe(before);

      const refused = await close(first!, s.agentToken, { outcome: 'done' });
      expect(refused.statusCode).toBe(403);
      const alerts = await s.db.query<{ n: number }>(
        `select count(*)::int as n from alerts where kind = 'over-permission' and reasons ? 'close-callback'`,
      );
      expect(alerts.rows[0]!.n).toBe(1);

      const done = await close(first!, s.leadToken, {
        outcome: 'done',
        note: '  已回电，客户改日再办  ',
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({
        id: first,
        status: 'done',
        closedBy: 'lead01',
        closedByName: '王丽',
        closeNote: '已回电，客户改日再办',
        closedAt: expect.any(String),
      });
      expect((await close(first!, s.leadToken, { outcome: 'cancelled' })).json()).toEqual({
        error: { code: 'conflict', message: 'this call-back is already done' },
      });
      expect(
        (await close('00000000-0000-4000-8000-000000000000', s.leadToken, { outcome: 'done' }))
          .statusCode,
      ).toBe(404);

      const cancelled = await close(second!, s.leadToken, { outcome: 'cancelled' });
      expect(cancelled.json()).toMatchObject({
        status: 'cancelled',
        closeNote: null,
        closedBy: 'lead01',
      });
      const open = (
        await s.app.inject({
          method: 'GET',
          url: '/api/v1/callbacks?status=open',
          headers: { authorization: `Bearer ${s.leadToken}` },
        })
      ).json().callbacks as { id: string }[];
      expect(open.map((c) => c.id)).not.toContain(first);
      expect(open.map((c) => c.id)).not.toContain(second);
    });
  });
});
