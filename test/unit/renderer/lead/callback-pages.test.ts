// The call-back room beyond the open queue (Art. 12): the history of closed call-backs page by
// page, the open list past its first 200, and a new call-back announced like a new alert (chime
// and desktop notification) — but never the ones already there when the lead signs in.
import { describe, expect, it } from 'vitest';
import type { CallbackQueueItem } from '../../../../common/connectivity.js';
import type { AgentProfile } from '../../../../common/domain.js';
import { fail, ok } from '../../../../common/result.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import {
  CALLBACK_PAGE,
  callbackQueueReducer,
  createCallbackQueueController,
  initialCallbackQueue,
  openCallbackCount,
} from '../../../../renderer/lead/callback-queue.js';
import { fakeAgentDesk, settle, type FakeHandlers } from '../fake-agent-desk.js';
import { CALLBACK_ID, CALLBACK_ID_2, openCallback } from './fixtures.js';

const lead01: AgentProfile = { username: 'lead01', name: '陈静', tier: 'lead' };
const id = (n: number) => `90000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const closed = (n: number, status: 'done' | 'cancelled' = 'done'): CallbackQueueItem =>
  openCallback(id(n), { status, closedAt: '2026-11-26T10:00:00.000Z', closedBy: 'lead02' });
const opens = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => openCallback(id(from + i)));

async function setup(handlers: FakeHandlers = {}, open = [openCallback()]) {
  let list = open;
  const sounds: string[] = [];
  const notes: { tag: string; title: string; body: string }[] = [];
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: lead01 }),
    'callbacks:list': () => ok({ callbacks: list, total: list.length }),
    'callbacks:history': ({ status, offset }) =>
      status === 'closed'
        ? ok({
            callbacks: offset === 0 ? [closed(1), closed(2, 'cancelled')] : [closed(3)],
            nextOffset: offset === 0 ? 2 : null,
          })
        : ok({ callbacks: opens(1000, 3), nextOffset: null }),
    ...handlers,
  });
  const app = createAppController(api);
  app.start();
  const queue = createCallbackQueueController({
    api,
    session: app.stores.session,
    alarm: {
      sound: () => sounds.push('chime'),
      notify: (tag, text) => notes.push({ tag, ...text }),
    },
    notificationText: (count) => ({ title: '有新的回拨登记', body: `待回拨共 ${count} 条` }),
  });
  queue.start();
  await settle();
  await settle();
  return {
    api,
    app,
    queue,
    sounds,
    notes,
    state: () => queue.store.getState(),
    setList: (next: CallbackQueueItem[]) => (list = next),
  };
}

describe('call-back history', () => {
  it('reads the closed call-backs when the history is shown, and the next page on more', async () => {
    const t = await setup();
    expect(t.api.callsTo('callbacks:history')).toEqual([]);
    await t.queue.show('history');
    expect(t.state().view).toBe('history');
    expect(t.api.callsTo('callbacks:history')).toEqual([
      { status: 'closed', offset: 0, limit: CALLBACK_PAGE },
    ]);
    expect(t.state().history).toMatchObject({ loaded: true, nextOffset: 2, problem: null });
    expect(t.state().history.callbacks.map((c) => c.id)).toEqual([id(1), id(2)]);
    await t.queue.more();
    expect(t.api.callsTo('callbacks:history').at(-1)).toEqual({
      status: 'closed',
      offset: 2,
      limit: CALLBACK_PAGE,
    });
    expect(t.state().history.callbacks.map((c) => c.id)).toEqual([id(1), id(2), id(3)]);
    expect(t.state().history.nextOffset).toBeNull();
    await t.queue.more();
    expect(t.api.callsTo('callbacks:history')).toHaveLength(2);
    // The open queue is still there behind the switch.
    await t.queue.show('open');
    expect(t.state().callbacks.map((c) => c.id)).toEqual([CALLBACK_ID]);
    expect(t.api.callsTo('callbacks:history')).toHaveLength(2);
  });

  it('says why the history could not be read, keeping the open queue', async () => {
    const t = await setup({ 'callbacks:history': () => fail('unavailable', 'down') });
    await t.queue.show('history');
    expect(t.state().history).toMatchObject({ loaded: true, problem: 'unavailable' });
    expect(t.state().problem).toBeNull();
    expect(t.state().callbacks).toHaveLength(1);
  });

  it('keeps only closed ones in the history and no call-back twice across pages', () => {
    let s = callbackQueueReducer(
      { ...initialCallbackQueue, enabled: true },
      {
        type: 'history-loaded',
        callbacks: [closed(1), openCallback()],
        nextOffset: 1,
        append: false,
      },
    );
    s = callbackQueueReducer(s, {
      type: 'history-loaded',
      callbacks: [closed(1), closed(4)],
      nextOffset: null,
      append: true,
    });
    expect(s.history.callbacks.map((c) => c.id)).toEqual([id(1), id(4)]);
  });
});

describe('open call-backs beyond the first page', () => {
  it('offers more only when main gave a full page, and appends the next page', async () => {
    const t = await setup({}, opens(1, CALLBACK_PAGE));
    expect(t.state().openNext).toBe(CALLBACK_PAGE);
    await t.queue.more();
    expect(t.api.callsTo('callbacks:history')).toEqual([
      { status: 'open', offset: CALLBACK_PAGE, limit: CALLBACK_PAGE },
    ]);
    expect(t.state().callbacks).toHaveLength(CALLBACK_PAGE + 3);
    expect(t.state().callbacks.at(-1)!.id).toBe(id(1002));
    expect(t.state()).toMatchObject({ openNext: null, loadingMore: false });
    await t.queue.more();
    expect(t.api.callsTo('callbacks:history')).toHaveLength(1);
  });

  it('counts every open call-back, not only the page read; a close takes one off at once', () => {
    let s = callbackQueueReducer(
      { ...initialCallbackQueue, enabled: true },
      { type: 'loaded', callbacks: opens(1, CALLBACK_PAGE), total: 250 },
    );
    expect(openCallbackCount(s)).toBe(250);
    s = callbackQueueReducer(s, { type: 'closed', id: id(1) });
    expect(openCallbackCount(s)).toBe(249);
    s = callbackQueueReducer(s, { type: 'closed', id: 'not-listed' });
    expect(openCallbackCount(s)).toBe(249);
  });

  it('offers nothing more for a short list', async () => {
    const t = await setup();
    expect(t.state().openNext).toBeNull();
    await t.queue.more();
    expect(t.api.callsTo('callbacks:history')).toEqual([]);
  });
});

describe('a new call-back is announced', () => {
  it('not for the ones there at sign-in; once with a chime and a notification when the count rises', async () => {
    const t = await setup();
    // Main's first count after sign-in is what the first list showed: nothing new.
    t.api.emit('callbacks:changed', { open: 1 });
    await settle();
    expect(t.sounds).toEqual([]);
    expect(t.notes).toEqual([]);
    t.setList([openCallback(), openCallback(CALLBACK_ID_2)]);
    t.api.emit('callbacks:changed', { open: 2 });
    await settle();
    expect(t.sounds).toEqual(['chime']);
    expect(t.notes).toEqual([{ tag: 'callbacks', title: '有新的回拨登记', body: '待回拨共 2 条' }]);
    expect(t.state().callbacks).toHaveLength(2);
    // A close (the count falls) and the same count again are not new.
    t.api.emit('callbacks:changed', { open: 1 });
    t.api.emit('callbacks:changed', { open: 1 });
    await settle();
    expect(t.sounds).toHaveLength(1);
  });

  it('takes the first count as it is when it comes before the first list', async () => {
    let answer!: () => void;
    const t = await setup({
      'callbacks:list': () =>
        new Promise((resolve) => {
          answer = () => resolve(ok({ callbacks: opens(1, 5), total: 5 }));
        }),
    });
    t.api.emit('callbacks:changed', { open: 5 });
    answer();
    await settle();
    expect(t.sounds).toEqual([]);
  });

  it('starts counting afresh for the next lead, and says nothing once signed out', async () => {
    const t = await setup();
    await t.app.signOut();
    t.api.emit('callbacks:changed', { open: 4 });
    await settle();
    expect(t.sounds).toEqual([]);
    expect(t.state()).toEqual(initialCallbackQueue);
  });
});
