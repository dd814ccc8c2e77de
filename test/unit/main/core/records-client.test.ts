// The records client's complaint lines (Art. 16) against the real routes: the company's deadline
// for a time, and a lead closing a complaint (`conflict` the second time, `forbidden` below lead).
// Requests go through app.inject, so the client's own paths, bodies and schemas are what is tested.
import { describe, expect, it, vi } from 'vitest';
import { createRecordsClient } from '../../../../main/core/records-client.js';
import { DB_KIND, DB_TIMEOUT_MS } from '../../server/helpers.js';
import {
  COMPLAINT,
  makeChain,
  newDevice,
  useJournalServer,
} from '../../server/journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`records client: complaints (${DB_KIND})`, () => {
  const s = useJournalServer();
  const client = () =>
    createRecordsClient({
      baseUrl: 'http://records.test',
      fetch: (async (url: string, init: RequestInit) => {
        const res = await s.app.inject({
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

  it('asks the deadline for a time and closes a complaint as a lead', async () => {
    const at = '2026-03-02T09:30:00.000Z';
    expect(await client().complaintDeadline(s.agentToken, at)).toEqual({
      recordedAt: at,
      respondBy: '2026-03-07T09:30:00.000Z',
      responseDays: 5,
    });
    const device = newDevice();
    const entries = await makeChain(device, 1, { 1: COMPLAINT });
    await s.send(device, entries);
    const { rows } = await s.db.query<{ id: string }>(
      'select id from complaints where entry_id = $1',
      [entries[0]!.id],
    );
    const id = rows[0]!.id;
    await expect(client().closeComplaint(s.agentToken, id, '已回电')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await client().closeComplaint(s.leadToken, id, '已回电说明')).toMatchObject({
      id,
      status: 'closed',
      closedBy: 'lead01',
      answer: '已回电说明',
    });
    await expect(client().closeComplaint(s.leadToken, id, '再次')).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
