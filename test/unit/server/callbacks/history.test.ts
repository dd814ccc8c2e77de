// The call-back history (Art. 12): closed call-backs (done or cancelled) newest closed first, and
// paging beyond 200 with offset and nextOffset, open or closed; bad paging is 400.
import { describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import { CALLBACK, makeChain, newDevice, useJournalServer } from '../journal-archive/harness.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: DB_TIMEOUT_MS });

describe(`call-back history (${DB_KIND})`, () => {
  const s = useJournalServer();
  const get = (url: string, token: string | null = s.leadToken) =>
    s.app.inject({
      method: 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  /** Closes as the lead at `at` (a server whose clock says so). */
  const close = async (id: string, outcome: string, at: Date) => {
    const app = s.build({ now: () => at });
    try {
      return await app.inject({
        method: 'POST',
        url: `/api/v1/callbacks/${id}/close`,
        headers: { authorization: `Bearer ${s.leadToken}` },
        payload: { outcome },
      });
    } finally {
      await app.close();
    }
  };

  it('pages 205 open ones past 200; closed ones are the history, newest closed first', async () => {
    const device = newDevice();
    const n = 205;
    const entries = await makeChain(
      device,
      n,
      Object.fromEntries([...Array(n)].map((_, i) => [i + 1, CALLBACK])),
    );
    for (let i = 0; i < n; i += 50) await s.send(device, entries.slice(i, i + 50));

    const first = (await get('/api/v1/callbacks?status=open')).json();
    expect(first.callbacks).toHaveLength(200);
    expect(first.nextOffset).toBe(200);
    const rest = (await get(`/api/v1/callbacks?status=open&offset=${first.nextOffset}`)).json();
    expect(rest.nextOffset).toBeNull();
    const all = [...first.callbacks, ...rest.callbacks];
    // Every page says how many there are in all (the console's count is not capped at a page).
    expect([first.total, rest.total]).toEqual([all.length, all.length]);
    expect(new Set(all.map((c: { id: string }) => c.id)).size).toBe(all.length);
    const mine = all.filter((c: { entryId: string }) => entries.some((e) => e.id === c.entryId));
    expect(mine).toHaveLength(n);

    const [a, b] = mine as { id: string }[];
    expect((await close(a!.id, 'done', new Date('2026-03-02T11:00:00Z'))).statusCode).toBe(200);
    expect((await close(b!.id, 'cancelled', new Date('2026-03-02T12:00:00Z'))).statusCode).toBe(
      200,
    );
    const history = (await get('/api/v1/callbacks?status=closed&limit=2')).json();
    expect(history.total).toBeGreaterThanOrEqual(2);
    expect((await get('/api/v1/callbacks?status=open&limit=1')).json().total).toBe(all.length - 2);
    expect(history.callbacks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      [b!.id, 'cancelled'],
      [a!.id, 'done'],
    ]);
    const done = (await get('/api/v1/callbacks?status=done&limit=1000')).json();
    expect(done.callbacks.map((c: { id: string }) => c.id)).toContain(a!.id);
    expect(done.callbacks.map((c: { id: string }) => c.id)).not.toContain(b!.id);
    const open = (await get('/api/v1/callbacks?status=open&limit=1000')).json();
    expect(open.callbacks.map((c: { id: string }) => c.id)).not.toContain(a!.id);

    for (const q of ['?offset=-1', '?offset=x', '?limit=1001', '?status=closed&page=2'])
      expect((await get(`/api/v1/callbacks${q}`)).statusCode).toBe(400);
    expect((await get('/api/v1/callbacks?status=closed', s.agentToken)).statusCode).toBe(403);
  });
});
