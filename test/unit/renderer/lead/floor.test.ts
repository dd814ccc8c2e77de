// The floor and queues rooms' store and controller (Art. 10, 26): only for leads; a push naming
// one agent re-reads that agent alone and recounts; `resync` re-reads everything; a not-ready
// order is sent with its reason and a refusal (409) is kept to show.
import { describe, expect, it } from 'vitest';
import type { FloorAgent } from '../../../../common/floor-api.js';
import { fail, ok } from '../../../../common/result.js';
import { createFloorController } from '../../../../renderer/lead/floor/floor-controller.js';
import {
  floorRoomReducer,
  initialFloorRoom,
  sinceBreak,
  sortFloor,
  timeInStateMs,
} from '../../../../renderer/lead/floor/floor-store.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk, settle } from '../fake-agent-desk.js';
import { floorAgent, floorOf, onCall, queueStats, T0 } from './floor-fixtures.js';

async function setup(tier: 'agent' | 'lead') {
  const agents: Record<string, FloorAgent> = {
    agent01: floorAgent('agent01'),
    senior01: onCall('senior01'),
    agent02: floorAgent('agent02', { state: 'offline', connectivity: null }),
  };
  let stats = queueStats();
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: { ...demoAgent, tier } }),
    'floor:get': () => ok(floorOf(Object.values(agents))),
    'floor:agent': ({ username }) =>
      agents[username] ? ok(agents[username]) : fail('not-found', 'no such agent'),
    'queues:today': () => ok(stats),
    'floor:set-not-ready': ({ username, reason }) => {
      const a = agents[username]!;
      if (a.state === 'on-call') return fail('conflict', 'the desk is on-call');
      agents[username] = { ...a, state: 'not-ready', reason };
      return ok({
        username,
        state: 'not-ready',
        reason,
        since: new Date(T0).toISOString(),
        lastSeenAt: new Date(T0).toISOString(),
        setBy: 'lead01',
        setByName: '王丽',
        orderId: 'order-1',
      });
    },
  });
  const app = createAppController(api);
  app.start();
  const floor = createFloorController({ api, session: app.stores.session, now: () => T0 });
  floor.start();
  await settle();
  await settle();
  return {
    api,
    floor,
    agents,
    state: () => floor.store.getState(),
    setStats: (next: typeof stats) => (stats = next),
  };
}

describe('floor room', () => {
  it('is not there for an agent and asks nothing', async () => {
    const t = await setup('agent');
    expect(t.state().enabled).toBe(false);
    expect(t.api.callsTo('floor:get')).toEqual([]);
    t.api.emit('records:event', { kind: 'resync', id: null, username: null });
    await settle();
    expect(t.api.callsTo('floor:get')).toEqual([]);
    expect(await t.floor.setNotReady('agent01', 'meeting')).toBe(false);
  });

  it('loads the floor and the queue figures for a lead', async () => {
    const t = await setup('lead');
    expect(t.state()).toMatchObject({ enabled: true, loaded: true, problem: null });
    expect(t.state().agents.map((e) => e.agent.name)).toEqual(['张伟', '李强', '赵敏']);
    expect(t.state().counts).toEqual({ ready: 1, onCall: 1, notReady: 0, offline: 1 });
    expect(t.state().queues?.stats.offered).toBe(12);
  });

  it('re-reads only the agent a floor.changed names, and recounts', async () => {
    const t = await setup('lead');
    const before = t.state().agents;
    t.agents.agent01 = floorAgent('agent01', { state: 'break' });
    t.api.emit('records:event', { kind: 'floor.changed', id: null, username: 'agent01' });
    await settle();
    expect(t.api.callsTo('floor:agent')).toEqual([{ username: 'agent01' }]);
    expect(t.api.callsTo('floor:get')).toHaveLength(1);
    expect(t.state().counts).toEqual({ ready: 0, onCall: 1, notReady: 1, offline: 1 });
    expect(t.state().agents[0]!.agent.state).toBe('break');
    // The others are the very same entries: nothing else was touched.
    expect(t.state().agents[1]).toBe(before[1]);
    expect(t.state().agents[2]).toBe(before[2]);
  });

  it('re-reads the queue figures on queue.changed and everything on resync', async () => {
    const t = await setup('lead');
    t.setStats(queueStats({ offered: 13, waiting: 2 }));
    t.api.emit('records:event', { kind: 'queue.changed', id: null, username: null });
    await settle();
    expect(t.state().queues?.stats).toMatchObject({ offered: 13, waiting: 2 });
    expect(t.api.callsTo('floor:get')).toHaveLength(1);

    t.agents.agent02 = floorAgent('agent02');
    t.api.emit('records:event', { kind: 'resync', id: null, username: null });
    await settle();
    expect(t.api.callsTo('floor:get')).toHaveLength(2);
    expect(t.api.callsTo('queues:today')).toHaveLength(3);
    expect(t.state().counts).toEqual({ ready: 2, onCall: 1, notReady: 0, offline: 0 });
  });

  it('drops an agent the service no longer knows', async () => {
    const t = await setup('lead');
    delete t.agents.agent02;
    t.api.emit('records:event', { kind: 'floor.changed', id: null, username: 'agent02' });
    await settle();
    expect(t.state().agents.map((e) => e.agent.username)).toEqual(['agent01', 'senior01']);
    expect(t.state().counts.offline).toBe(0);
  });

  it('sets a ready agent not ready with the reason, and keeps a 409 to show', async () => {
    const t = await setup('lead');
    expect(await t.floor.setNotReady('agent01', 'training')).toBe(true);
    await settle();
    expect(t.api.callsTo('floor:set-not-ready')).toEqual([
      { username: 'agent01', reason: 'training' },
    ]);
    expect(t.state().order).toEqual({ username: 'agent01', code: null });
    expect(t.state().agents[0]!.agent).toMatchObject({ state: 'not-ready', reason: 'training' });
    expect(t.state().counts.notReady).toBe(1);

    expect(await t.floor.setNotReady('senior01', 'meeting')).toBe(false);
    expect(t.state().order).toEqual({ username: 'senior01', code: 'conflict' });
    expect(t.state().ordering).toBeNull();
    t.floor.dismissOrder();
    expect(t.state().order).toBeNull();
  });
});

describe('floor store', () => {
  const entry = (agent: FloorAgent, readAt = T0) => ({ agent, readAt });

  it('ticks time in state on the service clock and warns past two hours without a break', () => {
    const e = entry(floorAgent('agent01', { since: new Date(T0 - 60_000).toISOString() }));
    expect(timeInStateMs(e, T0 + 5_000, 0)).toBe(65_000);
    expect(timeInStateMs(e, T0 + 5_000, -5_000)).toBe(60_000);
    const tired = entry(
      floorAgent('agent01', { workload: { calls: 1, talkMs: 0, sinceBreakMs: 7_190_000 } }),
    );
    expect(sinceBreak(tired, T0 + 5_000)).toEqual({ ms: 7_195_000, warn: false });
    expect(sinceBreak(tired, T0 + 10_000)).toEqual({ ms: 7_200_000, warn: true });
    const onBreak = entry({ ...tired.agent, state: 'break' });
    expect(sinceBreak(onBreak, T0 + 60_000).warn).toBe(false);
  });

  it('sorts busiest first by state, by name, or longest in state', () => {
    const loaded = floorRoomReducer(initialFloorRoom, {
      type: 'loaded',
      floor: floorOf([
        floorAgent('agent02', { state: 'offline' }),
        floorAgent('agent01', { since: new Date(T0 - 10_000).toISOString() }),
        onCall('senior01'),
      ]),
      readAt: T0,
    });
    const names = (sort: 'state' | 'name' | 'time') =>
      sortFloor(loaded.agents, sort, T0, 0).map((e) => e.agent.username);
    expect(names('state')).toEqual(['senior01', 'agent01', 'agent02']);
    // Pinyin order: 李 (lǐ), 张 (zhāng), 赵 (zhào).
    expect(names('name')).toEqual(['senior01', 'agent01', 'agent02']);
    expect(names('time')).toEqual(['senior01', 'agent02', 'agent01']);
  });
});
