// Complaints over HTTP (Art. 16): the company's deadline (the service's flag, five days by
// default) for the desk to tell the customer and in the lead's queue, whatever a desk promised;
// a lead answers and closes one; below lead refused and recorded (Art. 10).
import { describe, expect, it, vi } from 'vitest';
import { dumpDb, DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import {
  COMPLAINT,
  makeChain,
  newDevice,
  NOW,
  T0,
  useJournalServer,
} from '../journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });
const DAY = 86_400_000;

describe(`complaints (${DB_KIND})`, () => {
  const s = useJournalServer();
  const { send } = s;
  const req = (method: 'GET' | 'POST', url: string, token: string | null, payload?: object) =>
    s.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload ? { payload } : {}),
    });
  const overPermissions = async (action: string) =>
    (
      await s.db.query<{ n: number }>(
        `select count(*)::int as n from alerts where kind = 'over-permission' and reasons ? $1`,
        [action],
      )
    ).rows[0]!.n;

  /** Archives one complaint from a desk; answers the queue's row for it. */
  async function fileComplaint(): Promise<{ id: string; respondBy: string; recordedAt: string }> {
    const device = newDevice();
    const entries = await makeChain(device, 1, { 1: COMPLAINT });
    await send(device, entries);
    const list = await req('GET', '/api/v1/complaints?limit=1000', s.leadToken);
    return list.json().complaints.find((c: { entryId: string }) => c.entryId === entries[0]!.id);
  }

  describe('GET /api/v1/complaints (team lead and above)', () => {
    it('lists open complaints with the company’s deadline, masked, to a lead; refuses an agent (403, recorded) and no token (401)', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 4, {
        2: COMPLAINT,
        // An older desk promised 10 days: the company's 5 stand.
        4: {
          type: 'complaint.recorded',
          data: {
            category: 'fees',
            summary: '收费疑问',
            wantsReply: true,
            dueAt: new Date(T0 + 4000 + 10 * DAY).toISOString(),
          },
        },
      });
      await send(device, entries);
      const complaints = await req('GET', '/api/v1/complaints?status=open', s.leadToken);
      expect(complaints.statusCode).toBe(200);
      expect(complaints.json().complaints).toContainEqual(
        expect.objectContaining({
          entryId: entries[1]!.id,
          category: 'wait-time',
          customerRef: '张*',
          respondBy: new Date(Date.parse(entries[1]!.at) + 5 * DAY).toISOString(),
          closedAt: null,
          answer: null,
        }),
      );
      const promised = complaints
        .json()
        .complaints.find((c: { entryId: string }) => c.entryId === entries[3]!.id);
      expect(promised?.respondBy).toBe(
        new Date(Date.parse(entries[3]!.at) + 5 * DAY).toISOString(),
      );
      for (const c of complaints.json().complaints as { customerRef: string | null }[])
        expect(c.customerRef ?? '*').not.toMatch(/\d{5}/);

      const url = '/api/v1/complaints';
      expect((await req('GET', url, s.agentToken)).json()).toEqual({
        error: { code: 'forbidden', message: expect.stringMatching(/team leads only/) },
      });
      expect((await req('GET', url, s.agentToken)).statusCode).toBe(403);
      expect((await req('GET', url, null)).statusCode).toBe(401);
      // Art. 10: each refusal is recorded as an over-permission attempt.
      expect(await overPermissions('list-complaints')).toBe(2);
      expect((await req('GET', `${url}?status=bogus`, s.leadToken)).statusCode).toBe(400);
    });
  });

  describe('GET /api/v1/complaints/deadline (any signed-in agent)', () => {
    it('answers the deadline the queue will show, from the service’s flag', async () => {
      const at = '2026-03-02T09:30:00.000Z';
      const res = await req('GET', `/api/v1/complaints/deadline?recordedAt=${at}`, s.agentToken);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        recordedAt: at,
        respondBy: new Date(Date.parse(at) + 5 * DAY).toISOString(),
        responseDays: 5,
      });
      expect(
        (await req('GET', `/api/v1/complaints/deadline?recordedAt=${at}`, null)).statusCode,
      ).toBe(401);
      for (const bad of ['', '?recordedAt=soon', `?recordedAt=${at}&x=1`])
        expect(
          (await req('GET', `/api/v1/complaints/deadline${bad}`, s.agentToken)).statusCode,
        ).toBe(400);
    });

    it('a service run with --complaint-response-days 3 promises and queues 3 days', async () => {
      await s.app.close();
      s.app = s.build({ complaintResponseDays: 3 });
      const at = NOW.toISOString();
      const quoted = await req('GET', `/api/v1/complaints/deadline?recordedAt=${at}`, s.agentToken);
      expect(quoted.json()).toMatchObject({ responseDays: 3 });
      const filed = await fileComplaint();
      expect(Date.parse(filed.respondBy) - Date.parse(filed.recordedAt)).toBe(3 * DAY);
      expect(() => s.build({ complaintResponseDays: 0 })).not.toThrow();
      await expect(s.build({ complaintResponseDays: 0 }).ready()).rejects.toThrow(RangeError);
    });
  });

  describe('POST /api/v1/complaints/:id/close (team lead and above)', () => {
    const close = (id: string, token: string | null, body: object = { answer: '已致电客户说明' }) =>
      req('POST', `/api/v1/complaints/${id}/close`, token, body);

    it('a lead answers and closes it; again is 409; an unknown one 404', async () => {
      const { id } = await fileComplaint();
      const res = await close(id, s.leadToken, { answer: '  已致电客户，说明等待原因并致歉。\n' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        id,
        status: 'closed',
        closedBy: 'lead01',
        closedAt: NOW.toISOString(),
        answer: '已致电客户，说明等待原因并致歉。',
      });
      const again = await close(id, s.leadToken);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('conflict');
      const missing = await close('00000000-0000-4000-8000-000000000000', s.leadToken);
      expect(missing.statusCode).toBe(404);
      const closed = await req('GET', '/api/v1/complaints?status=closed', s.leadToken);
      expect(closed.json().complaints.map((c: { id: string }) => c.id)).toContain(id);
    });

    it('an agent is refused (403, recorded); bad input is 400 and changes nothing', async () => {
      const { id } = await fileComplaint();
      const before = await dumpDb(s.db);
      expect((await close(id, null)).statusCode).toBe(401);
      // `{}` closes only a complaint answered before: this one is not (409, lead.test.ts).
      for (const body of [
        { answer: '   ' },
        { answer: 'x'.repeat(2001) },
        { answer: 'a\u0000' },
        { answer: 'ok', status: 'open' },
      ])
        expect((await close(id, s.leadToken, body)).statusCode).toBe(400);
      expect((await close('not-a-uuid', s.leadToken)).statusCode).toBe(400);
      expect(await dumpDb(s.db)).toBe(before);
      const refused = await close(id, s.agentToken);
      expect(refused.statusCode).toBe(403);
      expect(await overPermissions('close-complaint')).toBe(1);
      const open = await req('GET', '/api/v1/complaints?status=open&limit=1000', s.leadToken);
      expect(open.json().complaints.map((c: { id: string }) => c.id)).toContain(id);
    });
  });
});
