// The archive look-up over HTTP (Art. 11): leads and auditors search calls by agent, customer
// (id or masked), call, start time and outcome, page through them, and open one call's whole
// timeline; every look-up is audited; anyone else is refused and recorded (Art. 10); an auditor's
// account does nothing else; bad input is a 400 that changes nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SeedAgent } from '../../../../server/seed.js';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import { LINA, SECRETS, WANGFANG, ZHAOMIN } from '../verification-harness.js';
import { createArchiveHarness, type ArchiveHarness } from './harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe('an auditor in the seed', () => {
  it('is at the agent tier, never above', () => {
    const agent = { username: 'audit02', name: '审计', password: 'demo-pass-1', auditor: true };
    expect(SeedAgent.safeParse({ ...agent, tier: 'agent' }).success).toBe(true);
    for (const tier of ['senior', 'lead', 'admin'])
      expect(SeedAgent.safeParse({ ...agent, tier }).success, tier).toBe(false);
  });
});

describe(`archive look-up (${DB_KIND})`, () => {
  let h: ArchiveHarness;
  const ids = (res: { json(): { calls: { callId: string }[] } }) =>
    res.json().calls.map((c) => c.callId);

  beforeAll(async () => {
    h = await createArchiveHarness();
    // call-a1: agent01 verifies 李娜 for an enquiry, and the desk journals the basic check.
    const opened = await h.open(h.tokens.agent, {
      businessType: 'enquiry',
      customer: LINA,
      callId: 'call-a1',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const a1 = opened.json().id as string;
    expect((await h.basic(h.tokens.agent, a1, LINA)).json().result).toBe('passed');
    expect((await h.confirm(h.tokens.agent, a1)).statusCode).toBe(200);
    // call-a2, a minute later: agent02 starts a transfer for 王芳, still in progress.
    h.tick(60);
    const a2 = await h.open(h.tokens.agent2, {
      businessType: 'fund-transfer',
      customer: WANGFANG,
      callId: 'call-a2',
    });
    expect((await h.basic(h.tokens.agent2, a2.json().id, WANGFANG)).json().result).toBe('passed');
    // The desk's journal: call-a1's check (09:00:01) and a complaint on call-a3 (09:00:03).
    await h.journal({
      1: { callId: 'call-a1', data: { passed: true, attempt: 1, mobile: '139****0001' } },
      3: {
        type: 'complaint.recorded',
        callId: 'call-a3',
        data: { category: 'wait-time', summary: '等待时间过长', customerRef: '139****0003' },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds calls newest first, by each filter, with customers masked', async () => {
    const search = async (query: Record<string, string>) => {
      const res = await h.get('calls', h.tokens.lead, query);
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };
    const all = await search({});
    expect(ids(all)).toEqual(['call-a2', 'call-a3', 'call-a1']);
    const a1 = all.json().calls[2];
    expect(a1).toMatchObject({
      callId: 'call-a1',
      agents: ['agent01'],
      customers: [{ id: h.ids.get(LINA.name), name: '李*', mobile: '139****0001' }],
      customerRefs: ['139****0001'],
      sessions: 1,
      journalEntries: 1,
      outcome: 'verified',
    });
    expect(all.json().nextCursor).toBeNull();
    for (const secret of [...SECRETS, LINA.mobile, WANGFANG.mobile])
      expect(all.body).not.toContain(secret);

    expect(ids(await search({ agent: 'agent02' }))).toEqual(['call-a2']);
    expect(ids(await search({ agent: 'agent01' }))).toEqual(['call-a3', 'call-a1']);
    expect(ids(await search({ customer: h.ids.get(LINA.name)! }))).toEqual(['call-a1']);
    expect(ids(await search({ customer: h.ids.get(ZHAOMIN.name)! }))).toEqual([]);
    expect(ids(await search({ customer: '139****0002' }))).toEqual(['call-a2']);
    expect(ids(await search({ customer: '0003' }))).toEqual(['call-a3']);
    expect(ids(await search({ customer: '0001' }))).toEqual(['call-a1']);
    expect(ids(await search({ customer: `9${'*'.repeat(15)}23` }))).toEqual(['call-a2']);
    expect(ids(await search({ call: 'call-a3' }))).toEqual(['call-a3']);
    expect(ids(await search({ from: '2026-03-02T09:00:30Z' }))).toEqual(['call-a2']);
    expect(ids(await search({ to: '2026-03-02T17:00:02+08:00' }))).toEqual(['call-a1']);
    expect(ids(await search({ outcome: 'in-progress' }))).toEqual(['call-a2']);
    expect(ids(await search({ outcome: 'verified', agent: 'agent01' }))).toEqual(['call-a1']);
    expect(ids(await search({ outcome: 'denied' }))).toEqual([]);
  });

  it('pages with the cursor, every call once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.get('calls', h.tokens.lead, {
        limit: '1',
        ...(cursor ? { cursor } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...ids(res));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['call-a2', 'call-a3', 'call-a1']);
  });

  it('audits every search: who, the criteria, how many calls', async () => {
    await h.get('calls', h.auditorToken, { agent: 'agent02', customer: '139****0002' });
    expect((await h.audits()).at(-1)).toEqual({
      agent_username: 'audit01',
      action: 'search',
      criteria: { agent: 'agent02', customer: '139****0002' },
      results: 1,
    });
  });

  it('refuses bad input with a 400 that changes nothing, a full number above all', async () => {
    const before = await dumpDb(h.db);
    for (const [query, message] of [
      [{ customer: LINA.mobile }, /customer: .*never a full number/],
      [{ customer: LINA.nationalId }, /customer:/],
      [{ from: 'yesterday' }, /from:/],
      [{ from: '2026-03-03T00:00:00Z', to: '2026-03-02T00:00:00Z' }, /from: must not be after to/],
      [{ limit: '0' }, /limit:/],
      [{ limit: '201' }, /limit:/],
      [{ outcome: 'maybe' }, /outcome:/],
      [{ page: '2' }, /page: unknown key/],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, /cursor: not one this service gave/],
      [{ cursor: 'a b' }, /cursor:/],
    ] as const) {
      const res = await h.get('calls', h.tokens.lead, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'bad-request',
        message: expect.stringMatching(message),
      });
      expect(res.body).not.toContain(LINA.mobile);
      expect(res.body).not.toContain(LINA.nationalId);
    }
    expect(await dumpDb(h.db)).toBe(before);
    const logged = h.logs.join('');
    expect(logged).toContain('customer=[redacted]');
    for (const secret of [LINA.mobile, LINA.nationalId]) expect(logged).not.toContain(secret);
  });

  it('refuses agents, seniors and administrators (403, recorded), and no token (401)', async () => {
    for (const who of ['agent', 'senior', 'admin'] as const) {
      const before = await h.overPermissions('search-archive');
      const res = await h.get('calls', h.tokens[who]);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toMatch(/team lead or an auditor.*recorded/);
      expect(await h.overPermissions('search-archive')).toBe(before + 1);
      const timeline = await h.get('calls/call-a1/timeline', h.tokens[who]);
      expect(timeline.statusCode).toBe(403);
      expect((await h.get('integrity', h.tokens[who])).statusCode).toBe(403);
    }
    expect(await h.overPermissions('open-archived-call')).toBe(3);
    expect(await h.overPermissions('prove-archive')).toBe(3);
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/archive/calls' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets an auditor read the archive and nothing else: verifying or approving is 403, recorded', async () => {
    expect((await h.get('calls', h.auditorToken)).statusCode).toBe(200);
    expect((await h.get('calls/call-a1/timeline', h.auditorToken)).statusCode).toBe(200);
    const open = await h.open(h.auditorToken, { businessType: 'enquiry', customer: LINA });
    expect(open.statusCode).toBe(403);
    expect(open.json().error.message).toMatch(/auditor’s account reads the archive only/);
    expect((await h.req('GET', '/api/v1/approvals', h.auditorToken)).statusCode).toBe(403);
    expect(
      (await h.req('GET', `/api/v1/customers?mobile=${LINA.mobile}`, h.auditorToken)).statusCode,
    ).toBe(403);
    expect(await h.overPermissions('auditor-outside-archive')).toBe(3);
    expect((await h.req('GET', '/api/v1/agents/me', h.auditorToken)).statusCode).toBe(200);
    const { rows } = await h.db.query(
      `select 1 from verification_sessions where agent_username = 'audit01'`,
    );
    expect(rows).toEqual([]);
  });

  it('opens one call’s whole timeline, oldest first, masked, and audits it', async () => {
    const res = await h.get('calls/call-a1/timeline', h.tokens.lead);
    expect(res.statusCode, res.body).toBe(200);
    const { call, items } = res.json();
    expect(call).toMatchObject({ callId: 'call-a1', outcome: 'verified' });
    const kinds = items.map((i: { source: string; what: string }) => `${i.source} ${i.what}`);
    expect(kinds[0]).toBe('session opened');
    expect(kinds).toContain('event basic: passed');
    expect(kinds).toContain('journal verify.basic-checked');
    expect(kinds.some((k: string) => k.startsWith('event confirmation'))).toBe(true);
    const ats = items.map((i: { at: string }) => i.at);
    expect(ats).toEqual([...ats].sort());
    expect(items[0].details).toMatchObject({ caller: '139****0001', businessType: 'enquiry' });
    // People by name for the lead; `agent` stays the username the auditor searches by.
    expect(items[0].agent).toBe('agent01');
    expect(res.json().names).toEqual({ agent01: '张伟' });
    for (const secret of [...SECRETS, LINA.mobile]) expect(res.body).not.toContain(secret);
    expect((await h.audits()).at(-1)).toMatchObject({
      agent_username: 'lead01',
      action: 'timeline',
      criteria: { call: 'call-a1' },
      results: items.length,
    });

    const desk = (await h.get('calls/call-a3/timeline', h.tokens.lead)).json();
    expect(desk.items.map((i: { source: string }) => i.source)).toEqual(['journal', 'complaint']);
    expect(desk.items[0].details).toMatchObject({ customerRef: '139****0003', seq: 3 });
    const named = new Set(desk.items.map((i: { agent: string | null }) => i.agent));
    expect(Object.keys(desk.names).sort()).toEqual([...named].filter(Boolean).sort());
  });

  it('answers 404 for a call nothing carries (audited) and 400 for a malformed call id', async () => {
    const missing = await h.get('calls/call-none/timeline', h.tokens.lead);
    expect(missing.statusCode).toBe(404);
    expect((await h.audits()).at(-1)).toMatchObject({ action: 'timeline', results: 0 });
    const before = await dumpDb(h.db);
    const bad = await h.get(`calls/${'x'.repeat(129)}/timeline`, h.tokens.lead);
    expect(bad.statusCode).toBe(400);
    expect(await dumpDb(h.db)).toBe(before);
  });
});
