// A lead's complaint work over HTTP (Art. 16): the queue overdue first and marked, assign, answer
// (text and how the customer was told), close, counts by category per month; below lead refused
// and recorded (Art. 10); bad input changes nothing; each action is an append-only row.
import { describe, expect, it, vi } from 'vitest';
import { dumpDb, DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import {
  COMPLAINT,
  makeChain,
  newDevice,
  NOW,
  useJournalServer,
} from '../journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`a lead's complaints (${DB_KIND})`, () => {
  const s = useJournalServer();
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

  /** Archives `n` complaints of `category`; answers their ids in the queue. */
  async function file(n = 1, category = 'wait-time'): Promise<string[]> {
    const device = newDevice();
    const spec = { ...COMPLAINT, data: { ...COMPLAINT.data, category } };
    const entries = await makeChain(
      device,
      n,
      Object.fromEntries([...Array(n)].map((_, i) => [i + 1, spec])),
    );
    // A batch holds at most so many entries: the chain goes in slices, in order.
    for (let i = 0; i < n; i += 50) await s.send(device, entries.slice(i, i + 50));
    const { rows } = await s.db.query<{ id: string }>(
      'select id from complaints where entry_id = any($1::uuid[]) order by recorded_at',
      [entries.map((e) => e.id)],
    );
    return rows.map((r) => r.id);
  }
  /** An older complaint: made `days` days before NOW, deadline as the policy sets it. */
  const age = (id: string, days: number) =>
    s.db.query(
      `update complaints set recorded_at = recorded_at - make_interval(days => $2),
         respond_by = respond_by - make_interval(days => $2) where id = $1`,
      [id, days],
    );
  const item = async (id: string) =>
    (await req('GET', '/api/v1/complaints?limit=1000', s.leadToken))
      .json()
      .complaints.find((c: { id: string }) => c.id === id);

  it('lists not-closed complaints overdue first and marked, with names and the service’s now', async () => {
    const [recent, old, older] = await file(3);
    await age(old!, 6);
    await age(older!, 9);
    const res = await req('GET', '/api/v1/complaints?status=active&limit=1000', s.leadToken);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.now).toBe(NOW.toISOString());
    const ids = body.complaints.map((c: { id: string }) => c.id);
    expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(old));
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(recent));
    const mine = body.complaints.filter((c: { id: string }) => [recent, old, older].includes(c.id));
    expect(mine.map((c: { overdue: boolean }) => c.overdue)).toEqual([true, true, false]);
    expect(mine[0]).toMatchObject({
      recordedBy: 'agent01',
      recordedByName: '张伟',
      assignedTo: null,
    });
    const overdue = body.complaints.map((c: { overdue: boolean }) => c.overdue);
    expect(overdue).toEqual([...overdue].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
  });

  it('assign → answer → close: the status moves, each action is kept, names shown, pushed', async () => {
    const [id] = await file();
    const channel = (await s.db.query<{ c: string }>('select desk_events_channel() as c')).rows[0]!
      .c;
    const pushed: string[] = [];
    const unlisten = await s.db.listen!(channel, { onPayload: (p) => pushed.push(p) });
    const assigned = await req('POST', `/api/v1/complaints/${id}/assign`, s.leadToken, {
      assignee: 'lead01',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      status: 'open',
      assignedTo: 'lead01',
      assignedToName: '王丽',
    });
    const answered = await req('POST', `/api/v1/complaints/${id}/answer`, s.leadToken, {
      response: ' 已致电说明排队原因并致歉。 ',
      toldBy: 'phone',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      status: 'answered',
      response: '已致电说明排队原因并致歉。',
      toldBy: 'phone',
      answeredAt: NOW.toISOString(),
      answeredByName: '王丽',
      closedAt: null,
    });
    const closed = await req('POST', `/api/v1/complaints/${id}/close`, s.leadToken, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      overdue: false,
      closedBy: 'lead01',
      closedByName: '王丽',
      answer: '已致电说明排队原因并致歉。',
    });
    const { rows } = await s.db.query<{
      action: string;
      by_username: string;
      told_by: string | null;
    }>(
      'select action, by_username, told_by from complaint_actions where complaint_id = $1 order by action',
      [id],
    );
    expect(rows).toEqual([
      { action: 'answer', by_username: 'lead01', told_by: 'phone' },
      { action: 'assign', by_username: 'lead01', told_by: null },
      { action: 'close', by_username: 'lead01', told_by: null },
    ]);
    for (const path of ['assign', 'answer', 'close']) {
      const again = await req(
        'POST',
        `/api/v1/complaints/${id}/${path}`,
        s.leadToken,
        {
          assign: { assignee: 'lead01' },
          answer: { response: '再次', toldBy: 'sms' },
          close: {},
        }[path],
      );
      expect(again.statusCode).toBe(409);
    }
    // Each action commits with its push: three `complaint.updated` for this one, no more.
    await vi.waitFor(() => expect(pushed.length).toBeGreaterThanOrEqual(3));
    await unlisten();
    const mine = pushed.map((p) => JSON.parse(p)).filter((e) => e.id === id);
    expect(mine).toEqual(Array(3).fill({ kind: 'complaint.updated', id, username: null }));
    const history = await req('GET', '/api/v1/complaints?status=closed', s.leadToken);
    expect(history.json().complaints[0].id).toBe(id);
    // Inside the retention an action row is neither changed nor removed (Art. 11).
    await expect(
      s.db.query(`delete from complaint_actions where complaint_id = $1`, [id]),
    ).rejects.toThrow(/retention|kept/);
  });

  it('closing needs an answer: none yet is 409; with one in the same step it is kept as the answer', async () => {
    const [a, b] = await file(2);
    const refused = await req('POST', `/api/v1/complaints/${a}/close`, s.leadToken, {});
    expect(refused.statusCode).toBe(409);
    expect((await item(a!)).status).toBe('open');
    const res = await req('POST', `/api/v1/complaints/${b}/close`, s.leadToken, {
      answer: '已发送短信答复',
      toldBy: 'sms',
    });
    expect(res.json()).toMatchObject({ status: 'closed', answer: '已发送短信答复', toldBy: 'sms' });
  });

  it('below lead is refused and recorded; bad input is 400/404 and changes nothing', async () => {
    const [id] = await file();
    const before = await dumpDb(s.db);
    const bad: [string, object][] = [
      ['assign', {}],
      ['assign', { assignee: 'agent01' }],
      ['assign', { assignee: 'nobody' }],
      ['assign', { assignee: 'lead01', extra: 1 }],
      ['answer', { response: '好', toldBy: 'pigeon' }],
      ['answer', { response: '   ', toldBy: 'sms' }],
      ['answer', { response: 'x'.repeat(2001), toldBy: 'sms' }],
      ['answer', { response: 'a\u0000', toldBy: 'sms' }],
      ['answer', { response: '好' }],
      ['close', { toldBy: 'sms' }],
      ['close', { answer: '' }],
    ];
    for (const [path, body] of bad)
      expect(
        (await req('POST', `/api/v1/complaints/${id}/${path}`, s.leadToken, body)).statusCode,
        `${path} ${JSON.stringify(body)}`,
      ).toBe(400);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      (
        await req('POST', `/api/v1/complaints/${missing}/answer`, s.leadToken, {
          response: '好',
          toldBy: 'sms',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await req('POST', `/api/v1/complaints/nope/assign`, s.leadToken, { assignee: 'lead01' }))
        .statusCode,
    ).toBe(400);
    for (const q of ['?status=bogus', '?limit=0', '?offset=-1', '?x=1'])
      expect((await req('GET', `/api/v1/complaints${q}`, s.leadToken)).statusCode).toBe(400);
    for (const q of ['?month=2026-13', '?month=march', '?month=2026-03&x=1'])
      expect((await req('GET', `/api/v1/complaints/counts${q}`, s.leadToken)).statusCode).toBe(400);
    expect(await dumpDb(s.db)).toBe(before);

    for (const [path, body] of [
      ['assign', { assignee: 'lead01' }],
      ['answer', { response: '好', toldBy: 'sms' }],
      ['close', { answer: '好' }],
    ] as const) {
      const res = await req('POST', `/api/v1/complaints/${id}/${path}`, s.agentToken, body);
      expect(res.statusCode).toBe(403);
      expect(await overPermissions(`${path}-complaint`)).toBe(1);
    }
    expect((await req('GET', '/api/v1/complaints/counts', s.agentToken)).statusCode).toBe(403);
    expect(await overPermissions('count-complaints')).toBe(1);
    expect(
      (
        await req('POST', `/api/v1/complaints/${id}/answer`, null, {
          response: '好',
          toldBy: 'sms',
        })
      ).statusCode,
    ).toBe(401);
    expect((await item(id!)).status).toBe('open');
  });

  it('counts a month by category in the call centre’s time zone, with open, answered, closed and overdue', async () => {
    const before = (
      await req('GET', '/api/v1/complaints/counts?month=2026-01', s.leadToken)
    ).json();
    const fees = await file(3, 'fees');
    const waits = await file(2, 'staff-manner');
    // Made in January (Beijing time): 40 days before NOW, all overdue unless closed.
    for (const id of [...fees, waits[0]!]) await age(id, 40);
    await req('POST', `/api/v1/complaints/${fees[0]}/close`, s.leadToken, {
      answer: '已回复',
      toldBy: 'letter',
    });
    await req('POST', `/api/v1/complaints/${fees[1]}/answer`, s.leadToken, {
      response: '已回复',
      toldBy: 'email',
    });
    const res = await req('GET', '/api/v1/complaints/counts?month=2026-01', s.leadToken);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      month: '2026-01',
      from: '2025-12-31T16:00:00.000Z',
      to: '2026-01-31T16:00:00.000Z',
      total: before.total + 4,
    });
    const count = (c: string) =>
      body.categories.find((x: { category: string }) => x.category === c);
    const was = (c: string) =>
      before.categories.find((x: { category: string }) => x.category === c);
    expect(count('fees')).toMatchObject({ total: (was('fees')?.total ?? 0) + 3 });
    expect(count('fees').closed - (was('fees')?.closed ?? 0)).toBe(1);
    expect(count('fees').answered - (was('fees')?.answered ?? 0)).toBe(1);
    expect(count('fees').overdue - (was('fees')?.overdue ?? 0)).toBe(2);
    expect(count('staff-manner')).toMatchObject({ total: (was('staff-manner')?.total ?? 0) + 1 });
    // This month (the default) holds the other one.
    const march = (await req('GET', '/api/v1/complaints/counts', s.leadToken)).json();
    expect(march.month).toBe('2026-03');
    expect(
      march.categories.find((x: { category: string }) => x.category === 'staff-manner').total,
    ).toBeGreaterThanOrEqual(1);
  });

  it('pages beyond 200 with offset and nextOffset; the assignees are the leads by name', async () => {
    await file(205, 'paging');
    const first = (await req('GET', '/api/v1/complaints?status=open', s.leadToken)).json();
    expect(first.complaints).toHaveLength(200);
    expect(first.nextOffset).toBe(200);
    const rest = (
      await req('GET', `/api/v1/complaints?status=open&offset=${first.nextOffset}`, s.leadToken)
    ).json();
    expect(rest.complaints.length).toBeGreaterThanOrEqual(5);
    expect(rest.nextOffset).toBeNull();
    const seen = new Set(
      [...first.complaints, ...rest.complaints].map((c: { id: string }) => c.id),
    );
    expect(seen.size).toBe(first.complaints.length + rest.complaints.length);
    const leads = (await req('GET', '/api/v1/complaints/assignees', s.leadToken)).json();
    expect(leads).toEqual({ leads: [{ username: 'lead01', name: '王丽' }] });
  });
});
