// The lead's alert workflow over HTTP (Art. 10, 11, 18): acknowledge, assign, resolve with who and
// when in the append-only history; status filter; below lead refused with an over-permission
// alert; bad input and refusals change nothing; each change NOTIFYs alert.updated; lifting a
// lock resolves its alert; the lock search is masked and lead-only.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { raiseAlert } from '../../../../server/alerts/repository.js';
import { asSuperuser, countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  createHarness,
  LINA,
  LIUYANG,
  T0,
  through,
  WANGFANG,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`alert workflow (${DB_KIND})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset();
    await asSuperuser(h.db, 'truncate password_lock_lifts, alert_actions');
  });

  const alertsOf = async (query = '') => {
    const res = await h.req('GET', `/api/v1/alerts${query}`, h.tokens.lead);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().alerts as Record<string, unknown>[];
  };
  const act = (token: string, id: string, action: string, body?: object) =>
    h.req('POST', `/api/v1/alerts/${id}/${action}`, token, body);

  /** An agent asks for the alert list: refused, and an over-permission alert is raised. */
  async function overPermissionAlert(): Promise<string> {
    const res = await h.req('GET', '/api/v1/alerts', h.tokens.agent);
    expect(res.statusCode).toBe(403);
    const [alert] = await alertsOf('?kind=over-permission');
    return alert!.id as string;
  }

  /** One caller number tries a third customer: suspended, a fraud alert (Art. 18). */
  async function fraudAlert(): Promise<{ sessionId: string; alertId: string }> {
    const caller = '13700000000';
    for (const customer of [LINA, WANGFANG]) {
      const id = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
      ).json().id;
      await h.basic(h.tokens.agent, id, customer, { mobile: '13900000009' });
    }
    const sessionId = (
      await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
    ).json().id;
    expect((await h.basic(h.tokens.agent, sessionId, LIUYANG)).json().status).toBe('suspended');
    const [alert] = await alertsOf('?kind=fraud-suspected');
    return { sessionId, alertId: alert!.id as string };
  }

  it('acknowledge, assign, resolve: status, who and when, names, filter by status', async () => {
    const id = await overPermissionAlert();
    expect((await alertsOf())[0]).toMatchObject({
      status: 'open',
      assignedTo: null,
      outcome: null,
      actions: [],
      names: { agent01: '张伟' },
    });
    h.tick(10);
    const acked = await act(h.tokens.lead, id, 'acknowledge');
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json()).toMatchObject({ status: 'acknowledged', acknowledged: true });
    h.tick(10);
    const assigned = await act(h.tokens.lead, id, 'assign', { to: 'LEAD02' });
    expect(assigned.json()).toMatchObject({ status: 'acknowledged', assignedTo: 'lead02' });
    h.tick(10);
    const resolved = await act(h.tokens.lead2, id, 'resolve', {
      outcome: 'false-alarm',
      note: '误点了菜单，已提醒',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const at = (s: number) => new Date(T0.getTime() + s * 1000).toISOString();
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      outcome: 'false-alarm',
      names: { agent01: '张伟', lead01: '王丽', lead02: '孙丽' },
      actions: [
        { action: 'acknowledged', at: at(10), by: 'lead01', to: null, outcome: null, note: null },
        { action: 'assigned', at: at(20), by: 'lead01', to: 'lead02' },
        { action: 'resolved', at: at(30), by: 'lead02', outcome: 'false-alarm' },
      ],
    });
    expect((await alertsOf('?status=resolved')).map((a) => a.id)).toEqual([id]);
    expect(await alertsOf('?status=open')).toEqual([]);
    // Resolved is final: nothing more is taken, nothing written.
    expect((await act(h.tokens.lead, id, 'acknowledge')).statusCode).toBe(409);
    expect((await act(h.tokens.lead, id, 'assign', { to: 'lead01' })).statusCode).toBe(409);
    expect(await countRows(h.db, 'alert_actions')).toBe(3);
  });

  it('below lead: 403 and an over-permission alert, the alert untouched', async () => {
    const id = await overPermissionAlert();
    for (const [action, body] of [
      ['acknowledge', undefined],
      ['assign', { to: 'lead01' }],
      ['resolve', { outcome: 'handled' }],
    ] as const) {
      const res = await act(h.tokens.senior, id, action, body);
      expect(res.statusCode).toBe(403);
    }
    expect(await countRows(h.db, 'alert_actions')).toBe(0);
    const raised = (await alertsOf('?kind=over-permission')).filter(
      (a) => a.agentUsername === 'senior01',
    );
    expect(raised.map((a) => (a.reasons as string[])[0]).sort()).toEqual([
      'acknowledge-alert',
      'assign-alert',
      'resolve-alert',
    ]);
    expect((await alertsOf()).find((a) => a.id === id)).toMatchObject({ status: 'open' });
  });

  it('bad input changes nothing: unknown alert, non-lead assignee, outcomes, notes, own alert', async () => {
    const id = await overPermissionAlert();
    const before = await dumpDb(h.db);
    const bad: [string, object | undefined, number][] = [
      ['assign', { to: 'agent01' }, 400],
      ['assign', { to: 'nobody' }, 400],
      ['assign', {}, 400],
      ['assign', { to: 'lead01', extra: 1 }, 400],
      ['resolve', { outcome: 'fixed' }, 400],
      ['resolve', { outcome: 'false-alarm' }, 400],
      ['resolve', { outcome: 'escalated', note: '   ' }, 400],
      ['resolve', { outcome: 'handled', note: 'x'.repeat(501) }, 400],
    ];
    for (const [action, body, code] of bad) {
      const res = await act(h.tokens.lead, id, action, body);
      expect(res.statusCode, `${action} ${JSON.stringify(body)}`).toBe(code);
    }
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await act(h.tokens.lead, missing, 'acknowledge')).statusCode).toBe(404);
    expect((await act(h.tokens.lead, 'not-a-uuid', 'acknowledge')).statusCode).toBe(400);
    expect(await dumpDb(h.db)).toEqual(before);
    // Four eyes: an alert about a lead's own action is for another lead.
    const own = await raiseAlert(h.db, {
      kind: 'over-permission',
      at: T0,
      agentUsername: 'lead01',
    });
    const refused = await act(h.tokens.lead, own, 'acknowledge');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/four eyes/);
    expect((await act(h.tokens.lead2, own, 'acknowledge')).statusCode).toBe(200);
  });

  it('a fraud alert is handled only after the Art. 18 steps; false-alarm with a note any time', async () => {
    const { sessionId, alertId } = await fraudAlert();
    const early = await act(h.tokens.lead, alertId, 'resolve', { outcome: 'handled' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(
      /customer-informed, reported-to-police, customer-contacted/,
    );
    await h.req('POST', `/api/v1/verifications/${sessionId}/customer-informed`, h.tokens.agent);
    const step = (name: string, body: object = {}) =>
      h.req('POST', `/api/v1/alerts/${alertId}/emergency-steps/${name}`, h.tokens.lead, body);
    expect((await step('reported-to-police', { policeCaseNumber: 'A-1' })).statusCode).toBe(200);
    expect((await step('customer-contacted')).statusCode).toBe(200);
    const done = await act(h.tokens.lead, alertId, 'resolve', {
      outcome: 'handled',
      note: '已办结',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'resolved',
      acknowledged: true,
      outcome: 'handled',
    });
  });

  it('each change pushes alert.updated in its transaction; a refusal pushes nothing', async () => {
    const id = await overPermissionAlert();
    const { rows } = await h.db.query<{ c: string }>('select desk_events_channel() as c');
    const heard: { kind: string; id: string }[] = [];
    const unlisten = await h.db.listen!(rows[0]!.c, {
      onPayload: (p) => heard.push(JSON.parse(p)),
    });
    try {
      await act(h.tokens.lead, id, 'acknowledge');
      await act(h.tokens.lead, id, 'resolve', { outcome: 'bogus' });
      await act(h.tokens.lead, id, 'acknowledge');
      await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0));
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.filter((e) => e.id === id).map((e) => e.kind)).toEqual(['alert.updated']);
    } finally {
      await unlisten();
    }
  });

  it('assignees: the leads by name; lead-only', async () => {
    const res = await h.req('GET', '/api/v1/alerts/assignees', h.tokens.lead);
    expect(res.json().leads).toEqual(
      expect.arrayContaining([
        { username: 'lead01', name: '王丽' },
        { username: 'lead02', name: '孙丽' },
      ]),
    );
    expect(res.json().leads.some((l: { username: string }) => l.username === 'agent01')).toBe(
      false,
    );
    expect((await h.req('GET', '/api/v1/alerts/assignees', h.tokens.agent)).statusCode).toBe(403);
  });

  it('the lock search is masked and says own locks; lifting resolves the password-locked alert', async () => {
    const session = await through(h, h.tokens.agent, 'important-query', LINA, ['basic']);
    for (let i = 0; i < 5; i++) await h.password(h.tokens.agent, session, '000000');
    const [lockAlert] = await alertsOf('?kind=password-locked');
    // The customer it names, masked (Art. 11).
    expect(lockAlert!.customer).toMatchObject({ name: `${LINA.name[0]}*` });
    expect(JSON.stringify(lockAlert)).not.toContain(LINA.mobile);
    expect(lockAlert).toMatchObject({ status: 'open' });
    const search = (token: string, body: object) =>
      h.req('POST', '/api/v1/password-locks/search', token, body);
    const byMobile = await search(h.tokens.lead, { mobile: LINA.mobile });
    expect(byMobile.statusCode, byMobile.body).toBe(200);
    const found = byMobile.json().customers;
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          customerId: h.ids.get(LINA.name),
          locks: [expect.objectContaining({ kind: 'query', own: false })],
        }),
      ]),
    );
    expect(JSON.stringify(found)).not.toContain(LINA.mobile);
    const lina = found.find((c: { customerId: string }) => c.customerId === h.ids.get(LINA.name));
    expect(lina.name).toBe(`${LINA.name[0]}*`);
    const byId = await search(h.tokens.lead, { nationalId: LINA.nationalId });
    expect(byId.json().customers[0].customerId).toBe(h.ids.get(LINA.name));
    for (const body of [
      {},
      { mobile: '12' },
      { nationalId: '123' },
      { mobile: LINA.mobile, nationalId: LINA.nationalId },
    ])
      expect((await search(h.tokens.lead, body)).statusCode).toBe(400);
    expect((await search(h.tokens.agent, { mobile: LINA.mobile })).statusCode).toBe(403);

    const lift = await h.req(
      'POST',
      `/api/v1/customers/${h.ids.get(LINA.name)}/password-lock/lift`,
      h.tokens.lead,
      { kind: 'query', reason: '客户已在柜台完成密码重置' },
    );
    expect(lift.statusCode, lift.body).toBe(200);
    const after = (await alertsOf('?kind=password-locked'))[0]!;
    expect(after).toMatchObject({
      status: 'resolved',
      outcome: 'handled',
      actions: [{ action: 'resolved', by: 'lead01', note: '客户已在柜台完成密码重置' }],
    });
    expect(
      (await search(h.tokens.lead, { mobile: LINA.mobile })).json().customers[0].locks,
    ).toEqual([]);
  });
});
