// The connectivity controller against a fake host and a fake page: it asks once, follows main's
// pushes, reports the OS's view at start and on every online/offline event, and never lets an
// answer overtaken by a push put an older state back.
import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../../common/connectivity.js';
import { fail, ok, type Result } from '../../../../common/result.js';
import { createConnectivityController } from '../../../../renderer/connectivity/controller.js';
import { fakeAgentDesk, settle, type FakeHandlers } from '../fake-agent-desk.js';
import { connectivity, fakePage, recordsDown } from './fixtures.js';

function setup(handlers: FakeHandlers = {}, online = true) {
  const api = fakeAgentDesk({
    'connectivity:get': () => ok(connectivity()),
    'connectivity:os': ({ online: up }) =>
      ok(up ? connectivity() : connectivity({ state: 'offline', os: 'offline' })),
    ...handlers,
  });
  const page = fakePage(online);
  const controller = createConnectivityController({ api, page });
  const state = () => controller.store.getState();
  return { api, page, controller, state };
}

describe('connectivity controller', () => {
  it('asks main at start and reports the OS view (navigator.onLine)', async () => {
    const t = setup({}, false);
    t.controller.start();
    await settle();
    expect(t.api.callsTo('connectivity:get')).toEqual([{}]);
    expect(t.api.callsTo('connectivity:os')).toEqual([{ online: false }]);
    expect(t.state().current?.state).toBe('offline');
  });

  it('reports each online/offline event with what navigator.onLine says then', async () => {
    const t = setup();
    t.controller.start();
    await settle();
    t.page.go(false);
    await settle();
    expect(t.state().current).toMatchObject({ state: 'offline', os: 'offline' });
    t.page.go(true);
    await settle();
    expect(t.api.callsTo('connectivity:os')).toEqual([
      { online: true },
      { online: false },
      { online: true },
    ]);
    expect(t.state().current).toMatchObject({ state: 'online', os: 'online' });
  });

  it('follows connectivity:changed: links, state and the journal backlog', async () => {
    const t = setup();
    t.controller.start();
    await settle();
    t.api.emit('connectivity:changed', recordsDown({ backlog: 4 }));
    expect(t.state().current).toMatchObject({ state: 'degraded', records: 'down', backlog: 4 });
    t.api.emit('connectivity:changed', connectivity({ backlog: 0, deadLettered: 1 }));
    expect(t.state().current).toMatchObject({
      state: 'online',
      records: 'up',
      backlog: 0,
      deadLettered: 1,
    });
  });

  it('drops an answer that a push overtook, so an older state never comes back', async () => {
    let answerGet: ((result: Result<Connectivity>) => void) | null = null;
    const t = setup({
      'connectivity:get': () => new Promise((resolve) => (answerGet = resolve)),
      'connectivity:os': () => new Promise(() => {}),
    });
    t.controller.start();
    t.api.emit('connectivity:changed', recordsDown({ backlog: 7 }));
    answerGet!(ok(connectivity()));
    await settle();
    expect(t.state().current).toMatchObject({ records: 'down', backlog: 7 });
  });

  it('keeps the later of two answers when they arrive out of order', async () => {
    const answers: ((result: Result<Connectivity>) => void)[] = [];
    const t = setup({
      'connectivity:get': () => new Promise((resolve) => answers.push(resolve)),
      'connectivity:os': () => new Promise((resolve) => answers.push(resolve)),
    });
    t.controller.start();
    await settle();
    const [get, os] = answers;
    os!(ok(recordsDown({ backlog: 2 })));
    await settle();
    get!(ok(connectivity()));
    await settle();
    expect(t.state().current).toMatchObject({ records: 'down', backlog: 2 });
  });

  it('says it cannot tell when main does not answer, and recovers with the first push', async () => {
    const t = setup({
      'connectivity:get': () => fail('unknown-channel', 'old host'),
      'connectivity:os': () => fail('unknown-channel', 'old host'),
    });
    t.controller.start();
    await settle();
    expect(t.state()).toEqual({ current: null, problem: 'unknown-channel' });
    t.api.emit('connectivity:changed', connectivity());
    expect(t.state()).toMatchObject({ current: { state: 'online' }, problem: null });
  });

  it('stops listening to main and to the page when stopped', async () => {
    const t = setup();
    const stop = t.controller.start();
    await settle();
    expect(t.page.listenerCount()).toBe(2);
    stop();
    expect(t.page.listenerCount()).toBe(0);
    expect(t.api.listenerCount()).toBe(0);
    t.api.emit('connectivity:changed', recordsDown());
    expect(t.state().current?.records).toBe('up');
  });
});
