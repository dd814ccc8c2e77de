// The floor and queues channels in main against the real records service (PGlite): a lead reads
// the floor and one agent, orders a ready agent not ready (journaled with who and why), is refused
// with `conflict` on a call; an agent is refused the floor; queue figures come through.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentProfile } from '../../../../common/domain.js';
import { floorHandlers } from '../../../../main/core/floor.js';
import { createRecordsClient } from '../../../../main/core/records-client.js';
import { startRecordsService, type RecordsService } from '../../../../server/start.js';
import { TEST_COST, TEST_PEPPER } from '../../server/helpers.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('floor and queues channels (records service on PGlite)', () => {
  let service: RecordsService;
  /** One service for the whole file (useTempDirs would remove its data after the first test). */
  let dataDir: string;
  const records = () => createRecordsClient({ baseUrl: service.url, timeoutMs: 5_000 });
  const sessions: Record<string, { token: string; agent: AgentProfile }> = {};
  const appended: { type: string; data: unknown }[] = [];
  const handlersOf = (who: string) =>
    floorHandlers({
      records: records(),
      journal: { append: async (type, data) => (appended.push({ type, data }), {}) as never },
      session: () => sessions[who] ?? null,
    });
  /** The desk's own report, as the desk sends it (a real HTTP PUT with the agent's token). */
  const report = async (who: string, body: object) => {
    const res = await fetch(`${service.url}/api/v1/desks/me/state`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${sessions[who]!.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        deviceId: `desk-${who}`,
        connectivity: 'online',
        backlog: 0,
        ...body,
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'floor-main-'));
    service = await startRecordsService({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      demoSeed: true,
      pepper: TEST_PEPPER,
      passwordCost: TEST_COST,
      logger: false,
    });
    for (const who of ['agent01', 'senior01', 'lead01']) {
      const { token, agent } = await records().signIn(who, 'demo-pass-1');
      sessions[who] = { token, agent };
    }
  });
  afterAll(async () => {
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads the floor by name, one agent, and orders a ready agent not ready (journaled)', async () => {
    await report('agent01', { state: 'ready' });
    const lead = handlersOf('lead01');
    const floor = await lead['floor:get']({});
    const zhang = floor.agents.find((a) => a.username === 'agent01');
    expect(zhang).toMatchObject({ name: '张伟', state: 'ready' });
    expect(floor.counts.ready).toBeGreaterThanOrEqual(1);

    const order = await lead['floor:set-not-ready']({ username: 'agent01', reason: 'meeting' });
    expect(order).toMatchObject({ setBy: 'lead01', setByName: '王丽' });
    expect(appended).toContainEqual({
      type: 'floor.not-ready-ordered',
      data: { lead: 'lead01', agent: 'agent01', reason: 'meeting', orderId: order.orderId },
    });
    const after = await lead['floor:agent']({ username: 'agent01' });
    expect(after).toMatchObject({ name: '张伟', state: 'not-ready', reason: 'meeting' });
  });

  it('refuses an order for an agent on a call with conflict, and changes nothing', async () => {
    const call = {
      callId: 'call-floor-1',
      caller: '138****5678',
      businessType: 'enquiry',
      sessionId: null,
      step: 'basic',
      awaitingApproval: false,
    };
    await report('senior01', { state: 'on-call', call });
    const lead = handlersOf('lead01');
    const before = appended.length;
    await expect(
      lead['floor:set-not-ready']({ username: 'senior01', reason: 'admin' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(appended.length).toBe(before);
    const li = await lead['floor:agent']({ username: 'senior01' });
    expect(li).toMatchObject({ state: 'on-call', call: { caller: '138****5678', step: 'basic' } });
  });

  it('gives an agent no floor and no queues, and a signed-out desk nothing at all', async () => {
    const agent = handlersOf('agent01');
    await expect(agent['floor:get']({})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(agent['queues:today']({})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(handlersOf('nobody')['floor:get']({})).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });

  it("reads today's queue figures from the desks' reports", async () => {
    const now = new Date().toISOString();
    const res = await fetch(`${service.url}/api/v1/queues/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessions.agent01!.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        events: [
          { callId: 'q-1', kind: 'arrived', at: now },
          { callId: 'q-2', kind: 'arrived', at: now },
          { callId: 'q-2', kind: 'abandoned', at: now },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const stats = await handlersOf('lead01')['queues:today']({});
    expect(stats).toMatchObject({ offered: 2, abandoned: 1, waiting: 1, thresholdMs: 20_000 });
    // The lead's own team by default; another team, or all, as asked (the query string).
    expect(stats.team).toBe('信用卡一组');
    const all = await handlersOf('lead01')['queues:today']({ team: 'all' });
    expect(all).toMatchObject({ team: null, offered: 2 });
    const other = await handlersOf('lead01')['queues:today']({ team: '信用卡二组' });
    expect(other).toMatchObject({ team: '信用卡二组', offered: 0 });
  });

  it("reads the lead's own team's floor by default, another team or all on request", async () => {
    const lead = handlersOf('lead01');
    const own = await lead['floor:get']({});
    expect(own).toMatchObject({ team: '信用卡一组', teams: ['信用卡一组'] });
    expect(own.agents.map((a) => a.team)).toEqual(own.agents.map(() => '信用卡一组'));
    expect(await lead['floor:get']({ team: '信用卡二组' })).toMatchObject({
      team: '信用卡二组',
      agents: [],
    });
    expect((await lead['floor:get']({ team: 'all' })).team).toBeNull();
  });
});
